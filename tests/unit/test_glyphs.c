/* Unit tests for core/glyphs: which characters of an article no font has,
 * judged against a set of characters made here (ASCII, Latin-1 and a few
 * more, as a small font might have), one warning per run of missing
 * characters with its line and place, each character named once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/document/model/arena.h"
#include "core/document/model/doc.h"
#include "core/package/glyphs.h"
#include "core/document/markdown/markdown.h"

typedef struct {
	int lines[32];
	char msgs[32][512];
	size_t n;
} Warned;

static void on_warning(void *user, int line, const PkgWhy *why)
{
	Warned *w = user;
	if (w->n < 32) {
		w->lines[w->n] = line;
		pkg_why_english(why, w->msgs[w->n], sizeof(w->msgs[0]));
	}
	w->n++;
}

static GlyphSet *font;

static int setup(void **state)
{
	font = calloc(1, sizeof(*font));
	if (!font)
		return -1;
	/* A small font: ASCII, Latin-1, the general punctuation, Greek. */
	for (uint32_t cp = 0x20; cp < 0x250; cp++)
		glyphs_add(font, cp);
	for (uint32_t cp = 0x2010; cp < 0x2070; cp++)
		glyphs_add(font, cp);
	for (uint32_t cp = 0x370; cp < 0x400; cp++)
		glyphs_add(font, cp);
	*state = arena_new(1 << 16);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	arena_free(*state);
	free(font);
	return 0;
}

/* The warnings about text (a Markdown article named name). */
static Warned check_md(void **state, const char *name, const char *text)
{
	DocArticle a;
	char err[256];
	assert_int_equal(markdown_parse(text, strlen(text), name, *state, &a, err, sizeof(err)), 0);
	Warned w;
	memset(&w, 0, sizeof(w));
	int n = glyphs_check(&a, font, text, strlen(text), on_warning, &w);
	assert_int_equal(n, (int)w.n);
	return w;
}

static void test_set_takes_characters_and_fontconfig_pages(void **state)
{
	GlyphSet *s = calloc(1, sizeof(*s));
	assert_non_null(s);
	glyphs_add(s, 0x1F9A0);
	glyphs_add(s, 0x10FFFF);
	glyphs_add(s, 0x110000); /* past Unicode: ignored */
	assert_true(glyphs_has(s, 0x1F9A0));
	assert_true(glyphs_has(s, 0x10FFFF));
	assert_false(glyphs_has(s, 0x1F9A1));
	assert_false(glyphs_has(s, 0x110000));
	assert_false(glyphs_has(s, UINT32_MAX));
	/* A page as fontconfig hands it out: bit i of map[k] is base + 32k + i. */
	uint32_t map[8] = {0};
	map[1] = 1u << 3;  /* base + 35 */
	map[7] = 1u << 31; /* base + 255 */
	glyphs_add_page(s, 0x0F00, map);
	assert_true(glyphs_has(s, 0x0F23));
	assert_true(glyphs_has(s, 0x0FFF));
	assert_false(glyphs_has(s, 0x0F22));
	/* A base that is not a page's, or past Unicode, changes nothing. */
	glyphs_add_page(s, 0x0F01, map);
	glyphs_add_page(s, 0x110000, map);
	assert_false(glyphs_has(s, 0x0F24));
	free(s);
}

static void test_what_shaping_never_draws_is_never_missing(void **state)
{
	static const uint32_t never[] = {0x09,    0x0A,   0x85,   0xAD,   0x200B, 0x200D,
	                                 0x200E,  0x202E, 0x2066, 0xFE0F, 0xFEFF, 0xE0001,
	                                 0xE0067, 0x2003, 0x202F, 0x3000, 0x180E, 0x1D173};
	for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		assert_true(glyphs_invisible(never[i]));
	/* Hangul fillers are drawn by HarfBuzz like any letter. */
	assert_false(glyphs_invisible(0x3164));
	assert_false(glyphs_invisible(0x1F9A0));
	assert_false(glyphs_invisible('a'));
	Warned w = check_md(state, "a.md",
	                    "# T\n\nA joiner\u200d, a variation selector\ufe0f, a soft\u00adhyphen "
	                    "and a\u2003space.\n");
	assert_int_equal(w.n, 0);
}

static void test_one_warning_names_the_character_its_line_and_topic(void **state)
{
	Warned w = check_md(state, "a.md",
	                    "# Hand care\n\nIntro.\n\n## Soap\n\nUse soap and water.\n"
	                    "Germs \U0001F9A0 go.\n\nAgain \U0001F9A0 later.\n");
	assert_int_equal(w.n, 1);
	assert_int_equal(w.lines[0], 8);
	assert_string_equal(w.msgs[0], "U+1F9A0 \U0001F9A0 in \"Soap\" has no font on this kiosk "
	                               "(it would show as a box)");
}

static void test_a_run_with_spaces_and_punctuation_is_one_warning(void **state)
{
	/* Tibetan words (no font here), with spaces and a comma between. */
	Warned w = check_md(state, "a.md",
	                    "# T\n\n## One\n\n\u0f40\u0f41, \u0f42 \u0f40 \u0f43.\n\n"
	                    "Latin \u0f44 then \u0f45.\n");
	assert_int_equal(w.n, 3);
	assert_int_equal(w.lines[0], 5);
	assert_string_equal(w.msgs[0], "U+0F40 \u0f40, U+0F41 \u0f41, U+0F42 \u0f42, U+0F43 \u0f43 "
	                               "in \"One\" have no font on this kiosk (they would show as "
	                               "boxes)");
	/* A letter the font has ends a run. */
	assert_int_equal(w.lines[1], 7);
	assert_int_equal(w.lines[2], 7);
	assert_non_null(strstr(w.msgs[1], "U+0F44"));
	assert_non_null(strstr(w.msgs[2], "U+0F45"));
}

static void test_a_long_run_lists_a_few_and_counts_the_rest(void **state)
{
	char text[512] = "# T\n\n## One\n\n";
	for (uint32_t cp = 0x0F40; cp < 0x0F4A; cp++) {
		char enc[4];
		size_t n = strlen(text);
		/* U+0F40.. as UTF-8 */
		enc[0] = (char)(0xE0 | (cp >> 12));
		enc[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		enc[2] = (char)(0x80 | (cp & 0x3F));
		memcpy(text + n, enc, 3);
		text[n + 3] = '\0';
	}
	strcat(text, "\n");
	Warned w = check_md(state, "a.md", text);
	assert_int_equal(w.n, 1);
	assert_non_null(strstr(w.msgs[0], "U+0F45 \u0f45 and 4 more in \"One\" have no font"));
	assert_null(strstr(w.msgs[0], "U+0F46"));
}

static void test_past_the_most_warnings_the_rest_are_counted(void **state)
{
	char text[4096] = "# T\n\n## One\n\n";
	for (int i = 0; i < GLYPHS_WARN_MAX + 3; i++) {
		char line[64];
		/* Each paragraph: one new Tibetan letter between Latin ones. */
		uint32_t cp = 0x0F40 + (uint32_t)i;
		snprintf(line, sizeof(line), "x %c%c%c y\n\n", (char)(0xE0 | (cp >> 12)),
		         (char)(0x80 | ((cp >> 6) & 0x3F)), (char)(0x80 | (cp & 0x3F)));
		strcat(text, line);
	}
	Warned w = check_md(state, "a.md", text);
	assert_int_equal(w.n, GLYPHS_WARN_MAX + 1);
	assert_int_equal(w.lines[GLYPHS_WARN_MAX - 1], 5 + 2 * (GLYPHS_WARN_MAX - 1));
	assert_int_equal(w.lines[GLYPHS_WARN_MAX], 0);
	assert_string_equal(
	    w.msgs[GLYPHS_WARN_MAX],
	    "3 more characters have no font on this kiosk (they would show as boxes)");
}

static void test_every_place_a_screen_shows_text_is_read(void **state)
{
	Warned w = check_md(state, "a.md",
	                    "---\ntitle: Care \u0f40\n---\n\nIntro \u0f41.\n\n"
	                    "## Topic \u0f42\n\n![Caption \u0f43](images/a.png)\n\n"
	                    "| Head \u0f44 | B |\n|---|---|\n| cell \u0f45 | c |\n\n"
	                    ": Caption of the table \u0f46\n\n- item \u0f47\n\n> quoted \u0f48\n\n"
	                    "A note[^1].\n\n[^1]: Note \u0f49.\n");
	assert_int_equal(w.n, 10);
	/* The title from the front matter, on its line there. */
	assert_int_equal(w.lines[0], 2);
	assert_non_null(strstr(w.msgs[0], "U+0F40 \u0f40 in the title"));
	assert_int_equal(w.lines[1], 5);
	assert_non_null(strstr(w.msgs[1], "U+0F41 \u0f41 in the introduction"));
	assert_int_equal(w.lines[2], 7);
	assert_non_null(strstr(w.msgs[2], "U+0F42 \u0f42 in \"Topic \u0f42\""));
	assert_int_equal(w.lines[3], 9);
	/* The table's caption before its cells: it shows above them. */
	assert_non_null(strstr(w.msgs[4], "U+0F46"));
	assert_int_equal(w.lines[4], 15);
	assert_non_null(strstr(w.msgs[5], "U+0F44"));
	assert_int_equal(w.lines[5], 11);
	assert_non_null(strstr(w.msgs[6], "U+0F45"));
	assert_int_equal(w.lines[6], 13);
	assert_int_equal(w.lines[7], 17);
	assert_int_equal(w.lines[8], 19);
	assert_non_null(strstr(w.msgs[9], "U+0F49"));
	assert_int_equal(w.lines[9], 23);
}

static void test_a_title_from_the_file_name_has_no_line(void **state)
{
	Warned w = check_md(state, "\u0f40-care.md", "Just text.\n");
	assert_int_equal(w.n, 1);
	assert_int_equal(w.lines[0], 0);
	assert_non_null(strstr(w.msgs[0], "U+0F40 \u0f40 in the title has no font"));
}

static void test_without_a_source_lines_are_unknown(void **state)
{
	/* A Word document has no lines: its place says where. */
	const char *text = "# T\n\n## Care\n\nGerms \U0001F9A0.\n";
	DocArticle a;
	char err[256];
	assert_int_equal(markdown_parse(text, strlen(text), "a.md", *state, &a, err, sizeof(err)),
	                 0);
	Warned w;
	memset(&w, 0, sizeof(w));
	assert_int_equal(glyphs_check(&a, font, NULL, 0, on_warning, &w), 1);
	assert_int_equal(w.lines[0], 0);
	assert_non_null(strstr(w.msgs[0], "in \"Care\""));
}

static void test_a_long_topic_title_is_clipped_on_a_character(void **state)
{
	char text[1024] = "# T\n\n## ";
	for (int i = 0; i < 40; i++)
		strcat(text, "\u00e9"); /* 2 bytes each: 80 bytes */
	strcat(text, "\n\nGerms \U0001F9A0.\n");
	Warned w = check_md(state, "a.md", text);
	assert_int_equal(w.n, 1);
	const char *q = strstr(w.msgs[0], "in \"");
	assert_non_null(q);
	/* 60 bytes of the title at most, never half a character. */
	assert_non_null(strstr(q, "\u00e9...\" has no font"));
	assert_int_equal(strstr(q, "...") - (q + 4), 60);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_set_takes_characters_and_fontconfig_pages),
	    cmocka_unit_test_setup_teardown(test_what_shaping_never_draws_is_never_missing, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_one_warning_names_the_character_its_line_and_topic,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_run_with_spaces_and_punctuation_is_one_warning,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_long_run_lists_a_few_and_counts_the_rest, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_past_the_most_warnings_the_rest_are_counted, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_every_place_a_screen_shows_text_is_read, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_a_title_from_the_file_name_has_no_line, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_without_a_source_lines_are_unknown, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_a_long_topic_title_is_clipped_on_a_character,
	                                    setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
