/* wrap: line breaking with a fake text measure (every character half the
 * font size wide): where lines break (UAX #14 through libunibreak), how a
 * word wider than a line is cut, and the visual order of a line's runs
 * by the bidi levels a fake bidi hands over (tests/text runs the same
 * with the real FriBidi and HarfBuzz). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/text/wrap.h"
#include "fixture.h"

typedef struct {
	int n;
	char lines[64][256];
} Lines;

static void collect(void *user, const char *s, size_t len, int line)
{
	Lines *l = user;
	if (l->n < 64) {
		snprintf(l->lines[l->n], sizeof(l->lines[0]), "%.*s", (int)len, s);
		l->n++;
	}
	(void)line;
}

static void test_wrap_breaks_at_spaces(void **state)
{
	FakeMeasure fm;
	LayoutMeasure m = fake_measure(&fm, 1920, 1080);
	int cw = fm.m.font_px[FONT_BODY] / 2; /* one character */
	Lines l = {0};
	const char *t = "the quick brown fox jumps";
	int n = wrap_text(&m, FONT_BODY, t, strlen(t), cw * 10, collect, &l);
	assert_int_equal(n, 3);
	assert_string_equal(l.lines[0], "the quick");
	assert_string_equal(l.lines[1], "brown fox");
	assert_string_equal(l.lines[2], "jumps");
}

static void test_wrap_breaks_a_long_word(void **state)
{
	FakeMeasure fm;
	LayoutMeasure m = fake_measure(&fm, 1920, 1080);
	int cw = fm.m.font_px[FONT_BODY] / 2;
	char *word = malloc(10001);
	memset(word, 'x', 10000);
	word[10000] = '\0';
	Lines l = {0};
	int n = wrap_text(&m, FONT_BODY, word, 10000, cw * 100, collect, &l);
	assert_int_equal(n, 100);
	assert_int_equal(strlen(l.lines[0]), 100);
	free(word);
}

static void test_wrap_keeps_utf8_whole(void **state)
{
	FakeMeasure fm;
	LayoutMeasure m = fake_measure(&fm, 1920, 1080);
	int cw = fm.m.font_px[FONT_BODY] / 2;
	const char *t = "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"; /* five é */
	Lines l = {0};
	int n = wrap_text(&m, FONT_BODY, t, strlen(t), cw * 2, collect, &l);
	assert_int_equal(n, 3);
	assert_string_equal(l.lines[0], "\xC3\xA9\xC3\xA9");
	assert_string_equal(l.lines[2], "\xC3\xA9");
	assert_int_equal(wrap_text(&m, FONT_BODY, "", 0, 100, collect, &l), 0);
}
/* The lines wrap_spans hands out, as text with each run in brackets and its
 * font: "[bold:word][body:,]". */
typedef struct {
	int n;
	bool last[16], rtl[16];
	char text[16][256];
} Runs;

static bool collect_runs(void *user, const WrapLine *ln, int index, bool last)
{
	Runs *r = user;
	if (index != r->n || r->n >= 16)
		return false;
	char *out = r->text[r->n];
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < ln->n; i++)
		used += (size_t)snprintf(out + used, sizeof(r->text[0]) - used, "[%d:%.*s@%d%s]",
		                         (int)ln->runs[i].font, (int)ln->runs[i].len, ln->runs[i].s,
		                         ln->runs[i].x, ln->runs[i].rtl ? "<" : "");
	r->rtl[r->n] = ln->rtl;
	r->last[r->n++] = last;
	return true;
}

static void test_wrap_keeps_glued_styles_together(void **state)
{
	FakeMeasure fm;
	LayoutMeasure m = fake_measure(&fm, 1920, 1080);
	int cw = fm.m.font_px[FONT_BODY] / 2;
	/* "aaa **bold**, c": the comma glued to the bold word moves with it. */
	DocSpan spans[] = {{"aaa ", 4, 0}, {"bold", 4, DOC_BOLD}, {", c", 3, 0}};
	Runs r = {0};
	WrapBox box = {.width = cw * 8, .sink = collect_runs, .user = &r};
	assert_int_equal(wrap_spans(&m, &box, spans, 3, FONT_BODY), 2);
	char want[2][128];
	snprintf(want[0], sizeof(want[0]), "[%d:aaa@0]", FONT_BODY);
	snprintf(want[1], sizeof(want[1]), "[%d:bold@0][%d:,@%d][%d:c@%d]", FONT_BODY_BOLD,
	         FONT_BODY, 4 * cw, FONT_BODY, 6 * cw);
	assert_string_equal(r.text[0], want[0]);
	assert_string_equal(r.text[1], want[1]);
	assert_false(r.last[0]);
	assert_true(r.last[1]);
}

static void test_wrap_hard_breaks_and_line_limit(void **state)
{
	FakeMeasure fm;
	LayoutMeasure m = fake_measure(&fm, 1920, 1080);
	int cw = fm.m.font_px[FONT_BODY] / 2;
	DocSpan span = {"one\ntwo\nthree four", 18, 0};
	Runs r = {0};
	WrapBox box = {.width = cw * 40, .sink = collect_runs, .user = &r};
	assert_int_equal(wrap_spans(&m, &box, &span, 1, FONT_HEADING), 3);
	assert_int_equal(r.n, 3);
	/* Headings keep their own face whatever the span's style. */
	char want[64];
	snprintf(want, sizeof(want), "[%d:three@0][%d:four@%d]", FONT_HEADING, FONT_HEADING,
	         6 * (fm.m.font_px[FONT_HEADING] / 2));
	assert_string_equal(r.text[2], want);
	/* At most two lines: the third is never handed out, and the second
	 * is not the text's last. */
	Runs two = {0};
	box = (WrapBox){.width = cw * 40, .max_lines = 2, .sink = collect_runs, .user = &two};
	assert_int_equal(wrap_spans(&m, &box, &span, 1, FONT_BODY), 2);
	assert_int_equal(two.n, 2);
	assert_false(two.last[1]);
}

static void test_wrap_stops_when_the_sink_says_so(void **state)
{
	FakeMeasure fm;
	LayoutMeasure m = fake_measure(&fm, 1920, 1080);
	Runs r = {.n = 5}; /* collect_runs refuses a line index it does not expect */
	DocSpan span = {"words", 5, 0};
	WrapBox box = {.width = 1000, .sink = collect_runs, .user = &r};
	assert_int_equal(wrap_spans(&m, &box, &span, 1, FONT_BODY), -1);
}

/* ---- UAX #14 --------------------------------------------------------------- */

static void test_wrap_breaks_between_ideographs(void **state)
{
	FakeMeasure fm;
	LayoutMeasure m = fake_measure(&fm, 1920, 1080);
	int cw = fm.m.font_px[FONT_BODY] / 2;
	Lines l = {0};
	/* No spaces: every ideograph may start a line. */
	const char *t = "流感疫苗每年接种";
	int n = wrap_text(&m, FONT_BODY, t, strlen(t), cw * 3, collect, &l);
	assert_int_equal(n, 3);
	assert_string_equal(l.lines[0], "流感疫");
	assert_string_equal(l.lines[1], "苗每年");
	assert_string_equal(l.lines[2], "接种");
}

static void test_wrap_never_starts_a_line_with_closing_punctuation(void **state)
{
	FakeMeasure fm;
	LayoutMeasure m = fake_measure(&fm, 1920, 1080);
	int cw = fm.m.font_px[FONT_BODY] / 2;
	Lines l = {0};
	/* "。" and "」" may not begin a line: the ideograph before them goes
	 * down with them. */
	const char *t = "请洗手。「多喝水」。";
	int n = wrap_text(&m, FONT_BODY, t, strlen(t), cw * 3, collect, &l);
	for (int i = 0; i < n; i++) {
		assert_true(strncmp(l.lines[i], "。", 3) != 0);
		assert_true(strncmp(l.lines[i], "」", 3) != 0);
	}
	assert_string_equal(l.lines[0], "请洗");
	assert_string_equal(l.lines[1], "手。");
	/* An opening bracket stays with what follows it. */
	assert_string_equal(l.lines[2], "「多喝");
	assert_string_equal(l.lines[3], "水」。");
}

static void test_wrap_breaks_after_a_hyphen(void **state)
{
	FakeMeasure fm;
	LayoutMeasure m = fake_measure(&fm, 1920, 1080);
	int cw = fm.m.font_px[FONT_BODY] / 2;
	Lines l = {0};
	const char *t = "well-known side-effects";
	int n = wrap_text(&m, FONT_BODY, t, strlen(t), cw * 12, collect, &l);
	assert_int_equal(n, 2);
	assert_string_equal(l.lines[0], "well-known");
	assert_string_equal(l.lines[1], "side-effects");
	l.n = 0;
	n = wrap_text(&m, FONT_BODY, t, strlen(t), cw * 7, collect, &l);
	assert_int_equal(n, 4);
	assert_string_equal(l.lines[0], "well-");
	assert_string_equal(l.lines[1], "known");
	assert_string_equal(l.lines[2], "side-");
	/* "Do not break before '!' even after spaces" (LB13). */
	l.n = 0;
	t = "Lavez vos mains !";
	n = wrap_text(&m, FONT_BODY, t, strlen(t), cw * 15, collect, &l);
	assert_int_equal(n, 2);
	assert_string_equal(l.lines[1], "mains !");
}

/* ---- bidi: visual order ------------------------------------------------------ */

/* A stand-in for the platform's bidi: capital letters are right to left
 * (level 1, or 1 inside a right-to-left paragraph), digits and small
 * letters left to right (level 2 inside a right-to-left paragraph); the
 * paragraph takes its first letter's direction; spaces take the level of
 * their neighbours when those agree, else the paragraph's. */
static int fake_bidi(void *ctx, const char *s, size_t len, TextDir dir, uint8_t *levels)
{
	(void)ctx;
	int par = dir == TEXT_DIR_AUTO_RTL || dir == TEXT_DIR_RTL;
	for (size_t i = 0; i < len && dir <= TEXT_DIR_AUTO_RTL; i++) {
		if ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')) {
			par = s[i] >= 'A' && s[i] <= 'Z';
			break;
		}
	}
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			levels[i] = 1;
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			levels[i] = par ? 2 : 0;
		else
			levels[i] = 0xFF;
	}
	for (size_t i = 0; i < len; i++) {
		if (levels[i] != 0xFF)
			continue;
		size_t j = i;
		while (j < len && levels[j] == 0xFF)
			j++;
		uint8_t before = i ? levels[i - 1] : (uint8_t)par;
		uint8_t after = j < len ? levels[j] : (uint8_t)par;
		uint8_t lv = (before & 1) == (after & 1) ? (before & 1 ? 1 : (uint8_t)(par ? 2 : 0))
		                                         : (uint8_t)par;
		if (!(before & 1) && !(after & 1) && !par)
			lv = 0;
		for (size_t k = i; k < j; k++)
			levels[k] = lv;
	}
	return par;
}

static void test_wrap_reorders_a_right_to_left_run_inside_a_line(void **state)
{
	FakeMeasure fm;
	LayoutMeasure m = fake_measure(&fm, 1920, 1080);
	m.bidi_levels = fake_bidi;
	int cw = fm.m.font_px[FONT_BODY] / 2;
	DocSpan span = {"see ABC DEF now", 15, 0};
	Runs r = {0};
	WrapBox box = {.width = cw * 40, .sink = collect_runs, .user = &r};
	assert_int_equal(wrap_spans(&m, &box, &span, 1, FONT_BODY), 1);
	/* The right-to-left words read from the right: DEF stands left of
	 * ABC; each is drawn right to left. */
	char want[256];
	snprintf(want, sizeof(want), "[0:see@0][0:DEF@%d<][0:ABC@%d<][0:now@%d]", 4 * cw, 8 * cw,
	         12 * cw);
	assert_string_equal(r.text[0], want);
	assert_false(r.rtl[0]);
}

static void test_wrap_right_to_left_paragraph_with_numbers_and_english(void **state)
{
	FakeMeasure fm;
	LayoutMeasure m = fake_measure(&fm, 1920, 1080);
	m.bidi_levels = fake_bidi;
	int cw = fm.m.font_px[FONT_BODY] / 2;
	DocSpan span = {"AB cd 12 EF GH", 14, 0};
	Runs r = {0};
	WrapBox box = {.width = cw * 40, .sink = collect_runs, .user = &r};
	assert_int_equal(wrap_spans(&m, &box, &span, 1, FONT_BODY), 1);
	/* A right-to-left paragraph: its first word is rightmost, and the
	 * left-to-right stretch "cd 12" keeps its own order inside it. */
	char want[256];
	snprintf(want, sizeof(want), "[0:GH@0<][0:EF@%d<][0:cd@%d][0:12@%d][0:AB@%d<]", 3 * cw,
	         6 * cw, 9 * cw, 12 * cw);
	assert_string_equal(r.text[0], want);
	assert_true(r.rtl[0]);
	/* Broken over two lines, each line is reordered on its own: the
	 * first holds the paragraph's beginning, at its right. */
	Runs two = {0};
	box = (WrapBox){.width = cw * 9, .sink = collect_runs, .user = &two};
	assert_int_equal(wrap_spans(&m, &box, &span, 1, FONT_BODY), 2);
	snprintf(want, sizeof(want), "[0:cd@0][0:12@%d][0:AB@%d<]", 3 * cw, 6 * cw);
	assert_string_equal(two.text[0], want);
	snprintf(want, sizeof(want), "[0:GH@0<][0:EF@%d<]", 3 * cw);
	assert_string_equal(two.text[1], want);
}

static void test_wrap_paragraph_without_letters_takes_the_given_direction(void **state)
{
	FakeMeasure fm;
	LayoutMeasure m = fake_measure(&fm, 1920, 1080);
	m.bidi_levels = fake_bidi;
	DocSpan span = {"2024", 4, 0};
	Runs r = {0};
	WrapBox box = {.width = 1000, .sink = collect_runs, .user = &r, .dir = TEXT_DIR_AUTO_RTL};
	assert_int_equal(wrap_spans(&m, &box, &span, 1, FONT_BODY), 1);
	assert_true(r.rtl[0]);
	Runs l = {0};
	box = (WrapBox){.width = 1000, .sink = collect_runs, .user = &l};
	assert_int_equal(wrap_spans(&m, &box, &span, 1, FONT_BODY), 1);
	assert_false(l.rtl[0]);
}

/* ---- cutting a long word between clusters ----------------------------------- */

/* Clusters: a letter with the combining accents after it (U+0301). */
static size_t fake_fit(void *ctx, const TextStyle *st, const char *s, size_t len, int width)
{
	FakeMeasure *fm = ctx;
	int cw = fm->m.font_px[st->font] / 2, x = 0;
	size_t k = 0, best = 0;
	while (k < len) {
		size_t end = k + 1;
		while (end + 1 < len && (unsigned char)s[end] == 0xCC &&
		       (unsigned char)s[end + 1] == 0x81)
			end += 2;
		x += cw;
		if (x > width && best)
			break;
		best = end;
		k = end;
	}
	return best;
}

static void test_wrap_cuts_a_long_word_between_clusters_only(void **state)
{
	FakeMeasure fm;
	LayoutMeasure m = fake_measure(&fm, 1920, 1080);
	m.text_fit = fake_fit;
	int cw = fm.m.font_px[FONT_BODY] / 2;
	/* "áéíóú" written with combining accents: a cut never parts a
	 * letter from its accent. */
	const char *t = "a\xCC\x81"
	                "e\xCC\x81"
	                "i\xCC\x81"
	                "o\xCC\x81"
	                "u\xCC\x81";
	Lines l = {0};
	int n = wrap_text(&m, FONT_BODY, t, strlen(t), cw * 4, collect, &l);
	assert_int_equal(n, 2);
	for (int i = 0; i < n; i++) {
		size_t len = strlen(l.lines[i]);
		assert_true(len % 3 == 0);
		assert_memory_equal(l.lines[i] + len - 2, "\xCC\x81", 2);
	}
}

/* ---- hyphenation ------------------------------------------------------------ */

/* A stand-in dictionary: a hyphen may follow every third letter. */
static int fake_hyphenate(void *ctx, const char *lang, const char *s, size_t len, uint8_t *can)
{
	int n = 0;
	for (size_t i = 0; i < len; i++)
		n += can[i] = i % 3 == 2 && i + 1 < len;
	return strcmp(lang, "de") == 0 ? n : 0;
}

static void test_wrap_hyphenates_long_words_with_a_hyphen(void **state)
{
	FakeMeasure fm;
	LayoutMeasure m = fake_measure(&fm, 1920, 1080);
	m.hyphenate = fake_hyphenate;
	int cw = fm.m.font_px[FONT_BODY] / 2;
	/* "ab" and a word of 15 letters in a line of 10 characters: the word
	 * starts after "ab", cut where the dictionary allows, each head with
	 * a hyphen of its own. */
	DocSpan span = {"ab Grippeschutzimpf.", 20, 0};
	Runs r = {0};
	WrapBox box = {.width = cw * 10, .sink = collect_runs, .user = &r, .lang = "de"};
	assert_int_equal(wrap_spans(&m, &box, &span, 1, FONT_BODY), 3);
	char want[128];
	snprintf(want, sizeof(want), "[0:ab@0][0:Grippe@%d][0:-@%d]", 3 * cw, 9 * cw);
	assert_string_equal(r.text[0], want);
	/* The places are the whole word's, whatever part is left. */
	snprintf(want, sizeof(want), "[0:schutzimp@0][0:-@%d]", 9 * cw);
	assert_string_equal(r.text[1], want);
	assert_string_equal(r.text[2], "[0:f.@0]");
	/* No dictionary for the language, or a short word: moved down whole. */
	Runs en = {0};
	box = (WrapBox){.width = cw * 10, .sink = collect_runs, .user = &en, .lang = "en"};
	assert_int_equal(wrap_spans(&m, &box, &span, 1, FONT_BODY), 3);
	assert_string_equal(en.text[0], "[0:ab@0]");
	Runs shortw = {0};
	DocSpan two = {"abcdefg hijklmno", 16, 0};
	box = (WrapBox){.width = cw * 10, .sink = collect_runs, .user = &shortw, .lang = "de"};
	assert_int_equal(wrap_spans(&m, &box, &two, 1, FONT_BODY), 2);
	assert_string_equal(shortw.text[0], "[0:abcdefg@0]");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_wrap_breaks_at_spaces),
	    cmocka_unit_test(test_wrap_breaks_a_long_word),
	    cmocka_unit_test(test_wrap_keeps_utf8_whole),
	    cmocka_unit_test(test_wrap_keeps_glued_styles_together),
	    cmocka_unit_test(test_wrap_hard_breaks_and_line_limit),
	    cmocka_unit_test(test_wrap_stops_when_the_sink_says_so),
	    cmocka_unit_test(test_wrap_breaks_between_ideographs),
	    cmocka_unit_test(test_wrap_never_starts_a_line_with_closing_punctuation),
	    cmocka_unit_test(test_wrap_breaks_after_a_hyphen),
	    cmocka_unit_test(test_wrap_reorders_a_right_to_left_run_inside_a_line),
	    cmocka_unit_test(test_wrap_right_to_left_paragraph_with_numbers_and_english),
	    cmocka_unit_test(test_wrap_paragraph_without_letters_takes_the_given_direction),
	    cmocka_unit_test(test_wrap_cuts_a_long_word_between_clusters_only),
	    cmocka_unit_test(test_wrap_hyphenates_long_words_with_a_hyphen),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
