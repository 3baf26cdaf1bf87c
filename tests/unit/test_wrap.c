/* wrap: line breaking with a fake text measure (every character half the
 * font size wide). */
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
	bool last[16];
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
		used += (size_t)snprintf(out + used, sizeof(r->text[0]) - used, "[%d:%.*s@%d]",
		                         (int)ln->runs[i].font, (int)ln->runs[i].len, ln->runs[i].s,
		                         ln->runs[i].x);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_wrap_breaks_at_spaces),
	    cmocka_unit_test(test_wrap_breaks_a_long_word),
	    cmocka_unit_test(test_wrap_keeps_utf8_whole),
	    cmocka_unit_test(test_wrap_keeps_glued_styles_together),
	    cmocka_unit_test(test_wrap_hard_breaks_and_line_limit),
	    cmocka_unit_test(test_wrap_stops_when_the_sink_says_so),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
