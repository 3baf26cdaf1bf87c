/* Unit tests for core/frontmatter: the flat YAML subset of front matter,
 * what it leaves out (with a warning and a line), and inputs that must stay
 * cheap. */
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
#include "core/document/markdown/frontmatter.h"

typedef struct {
	int lines[32];
	char msgs[32][160];
	size_t n;
} Warned;

static void on_warning(void *user, int line, const char *msg)
{
	Warned *w = user;
	if (w->n < 32) {
		w->lines[w->n] = line;
		snprintf(w->msgs[w->n], sizeof(w->msgs[0]), "%s", msg);
	}
	w->n++;
}

static int setup(void **state)
{
	*state = arena_new(1 << 16);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static FrontMatter read_fm(void **state, const char *text, Warned *w)
{
	FrontMatter fm;
	memset(w, 0, sizeof(*w));
	assert_int_equal(frontmatter_parse(text, strlen(text), *state, &fm, on_warning, w), 0);
	return fm;
}

static const DocMeta *key(const FrontMatter *fm, const char *k)
{
	for (size_t i = 0; i < fm->nmeta; i++)
		if (strcmp(fm->meta[i].key, k) == 0)
			return &fm->meta[i];
	fail_msg("no key %s", k);
	return NULL;
}

static void test_pandoc_header(void **state)
{
	static const char text[] = "---\n"
	                           "title: \"Flu Vaccination 2024/25\"\n"
	                           "language: en-GB # the reader's\n"
	                           "reviewed: 2024-09-01\n"
	                           "attract: [who-should-get-it, \"when, where\", 'it''s']\n"
	                           "---\n"
	                           "# Body\n";
	Warned w;
	FrontMatter fm = read_fm(state, text, &w);
	assert_int_equal(w.n, 0);
	assert_int_equal(fm.nmeta, 4);
	assert_int_equal(fm.end, strlen(text) - strlen("# Body\n"));
	assert_int_equal(fm.end_lines, 6);
	assert_string_equal(key(&fm, "title")->value, "Flu Vaccination 2024/25");
	assert_string_equal(key(&fm, "language")->value, "en-GB");
	assert_string_equal(key(&fm, "reviewed")->value, "2024-09-01");
	const DocMeta *a = key(&fm, "attract");
	assert_int_equal(a->nitems, 3);
	assert_string_equal(a->items[0], "who-should-get-it");
	assert_string_equal(a->items[1], "when, where");
	assert_string_equal(a->items[2], "it's");
	assert_string_equal(a->value, "who-should-get-it, when, where, it's");
	assert_null(key(&fm, "title")->items);
}

static void test_block_forms(void **state)
{
	Warned w;
	FrontMatter fm = read_fm(state,
	                         "---\n"
	                         "author:\n"
	                         "- Jane Doe\n"
	                         "- \"Sam, Lee\"\n"
	                         "abstract: |\n"
	                         "  First line\n"
	                         "\n"
	                         "  second para\n"
	                         "summary: >\n"
	                         "  folded\n"
	                         "  text\n"
	                         "site:\n"
	                         "  name: Riverside\n"
	                         "  room: 2\n"
	                         "plain: goes on\n"
	                         "  over lines\n"
	                         "escaped: \"caf\\u00e9 \\\"q\\\"\"\n"
	                         "empty:\n"
	                         "...\n",
	                         &w);
	assert_int_equal(w.n, 0);
	assert_int_equal(key(&fm, "author")->nitems, 2);
	assert_string_equal(key(&fm, "author")->items[1], "Sam, Lee");
	assert_string_equal(key(&fm, "abstract")->value, "First line\n\nsecond para");
	assert_string_equal(key(&fm, "summary")->value, "folded text");
	assert_string_equal(key(&fm, "site.name")->value, "Riverside");
	assert_string_equal(key(&fm, "site.room")->value, "2");
	assert_string_equal(key(&fm, "plain")->value, "goes on over lines");
	assert_string_equal(key(&fm, "escaped")->value, "caf\u00e9 \"q\"");
	assert_string_equal(key(&fm, "empty")->value, "");
}

static void test_what_is_left_out_is_reported(void **state)
{
	Warned w;
	FrontMatter fm = read_fm(state,
	                         "---\n"
	                         "title: ok\n"
	                         "quote: \"never closed\n"
	                         "list: [a, b\n"
	                         "just words\n"
	                         "  indented orphan: x\n"
	                         "---\n",
	                         &w);
	assert_int_equal(fm.nmeta, 1);
	assert_true(fm.end > 0);
	assert_int_equal(w.n, 4);
	assert_int_equal(w.lines[0], 3);
	assert_non_null(strstr(w.msgs[0], "quote"));
	assert_int_equal(w.lines[1], 4);
	assert_int_equal(w.lines[2], 5);
	assert_int_equal(w.lines[3], 6);
}

static void test_no_front_matter(void **state)
{
	static const char *const texts[] = {
	    "# Title\n",
	    "---\n\nA rule, then a paragraph.\n---\n",
	    "---\nA heading between rules\n---\n",
	    " ---\ntitle: x\n---\n",
	    "",
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		Warned w;
		FrontMatter fm = read_fm(state, texts[i], &w);
		assert_int_equal(fm.end, 0);
		assert_int_equal(fm.nmeta, 0);
		assert_int_equal(w.n, 0);
	}
	/* A block that never closes shows as text, and says so. */
	Warned w;
	FrontMatter fm = read_fm(state, "---\ntitle: x\n\ntext\n", &w);
	assert_int_equal(fm.end, 0);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.lines[0], 1);
	/* A byte order mark and Windows line ends. */
	fm = read_fm(state, "\xEF\xBB\xBF---\r\ntitle: Win\r\n---\r\nbody\r\n", &w);
	assert_int_equal(w.n, 0);
	assert_string_equal(key(&fm, "title")->value, "Win");
	assert_int_equal(fm.end, strlen("\xEF\xBB\xBF---\r\ntitle: Win\r\n---\r\n"));
}

static void test_limits(void **state)
{
	size_t cap = 64 * 1024, n = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	n += (size_t)snprintf(s + n, cap - n, "---\n");
	for (int i = 0; i < FRONTMATTER_KEYS_MAX + 10; i++)
		n += (size_t)snprintf(s + n, cap - n, "k%d: v\n", i);
	n += (size_t)snprintf(s + n, cap - n, "---\n");
	Warned w;
	FrontMatter fm = read_fm(state, s, &w);
	free(s);
	assert_int_equal(fm.nmeta, FRONTMATTER_KEYS_MAX);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.lines[0], FRONTMATTER_KEYS_MAX + 2);
}

/* Long unclosed quotes and lists, and many blank lines, read each byte a
 * bounded number of times. */
static void test_hostile_shapes_stay_cheap(void **state)
{
	static const char *const units[] = {"  a,\n", "\n",     "  \"\n",
	                                    "- x\n",  "k: [\n", "  \\\\\n"};
	static const char *const heads[] = {"x: [\n", "x: |\n", "x: \"\n", "x:\n", "", "x: \"\n"};
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		size_t ul = strlen(units[u]), count = 200000 / ul, cap = count * ul + 64, n = 0;
		char *s = malloc(cap);
		assert_non_null(s);
		n += (size_t)snprintf(s + n, cap - n, "---\n%s", heads[u]);
		for (size_t i = 0; i < count; i++) {
			memcpy(s + n, units[u], ul);
			n += ul;
		}
		n += (size_t)snprintf(s + n, cap - n, "---\n");
		FrontMatter fm;
		Warned w = {0};
		assert_int_equal(frontmatter_parse(s, n, *state, &fm, on_warning, &w), 0);
		free(s);
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_pandoc_header),   T(test_block_forms), T(test_what_is_left_out_is_reported),
	    T(test_no_front_matter), T(test_limits),      T(test_hostile_shapes_stay_cheap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
