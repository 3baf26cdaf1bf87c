/* Unit tests for core/review: calendar days, review dates read from an
 * article's front matter, which articles are past them, and the warning a
 * Markdown article gets for a review date that is not a date. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/document/markdown/markdown.h"
#include "core/document/model/arena.h"
#include "core/review/date.h"
#include "core/review/review.h"

static void test_dates(void **state)
{
	char s[16];
	int day;
	bool month;
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_from_ymd(2000, 3, 1), 11017);
	assert_int_equal(date_from_ymd(2026, 2, 29), DATE_NONE);
	assert_int_equal(date_from_ymd(2024, 2, 29), 19782);
	for (int d = -800000; d < 2900000; d += 997) {
		int y, m, dd;
		date_to_ymd(d, &y, &m, &dd);
		if (y >= 1 && y <= 9999)
			assert_int_equal(date_from_ymd(y, m, dd), d);
	}
	assert_true(date_parse("2026-10-14", 10, &day, &month));
	assert_false(month);
	date_format(day, s, sizeof(s));
	assert_string_equal(s, "2026-10-14");
	assert_true(date_parse("2026-10", 7, &day, &month));
	assert_true(month);
	date_format(day, s, sizeof(s));
	assert_string_equal(s, "2026-10-01");
	const char *bad[] = {"2026-13-01",   "2026-02-30", "26-10-01",   "2026/10/01", "2026-1-01",
	                     "October 2026", "",           "2026-10-1x", "0000-01-01", "2026-00"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (date_parse(bad[i], strlen(bad[i]), &day, NULL))
			fail_msg("\"%s\" read as a date", bad[i]);
}

static DocArticle with_due(const DocMeta *meta, size_t n)
{
	DocArticle a = {.title = "x", .meta = meta, .nmeta = n};
	return a;
}

static void test_review_of_reads_both_keys(void **state)
{
	const DocMeta meta[] = {{"title", "Flu", NULL, 0, 2},
	                        {"reviewed", "2026-10", NULL, 0, 3},
	                        {"review_due", "2027-10-01", NULL, 0, 4}};
	DocArticle a = with_due(meta, 3);
	Review r = review_of(&a);
	assert_int_equal(r.reviewed_y, 2026);
	assert_int_equal(r.reviewed_m, 10);
	assert_int_equal(r.due, date_from_ymd(2027, 10, 1));
	assert_int_equal(r.due_line, 4);
	/* due on that day, past it the day after; never with the clock unknown */
	assert_false(review_expired(&a, date_from_ymd(2027, 10, 1)));
	assert_true(review_expired(&a, date_from_ymd(2027, 10, 2)));
	assert_false(review_expired(&a, DATE_NONE));
	const DocMeta bad[] = {{"reviewed", "October 2026", NULL, 0, 2},
	                       {"review_due", "2027-02-30", NULL, 0, 3}};
	a = with_due(bad, 2);
	r = review_of(&a);
	assert_int_equal(r.reviewed_y, 0);
	assert_int_equal(r.due, DATE_NONE);
	assert_false(review_expired(&a, date_from_ymd(2099, 1, 1)));
}

static void test_visible_never_none(void **state)
{
	const DocMeta old[] = {{"review_due", "2026-01-01", NULL, 0, 2}};
	const DocMeta fresh[] = {{"review_due", "2027-01-01", NULL, 0, 2}};
	DocArticle arts[3] = {with_due(old, 1), with_due(fresh, 1), with_due(NULL, 0)};
	arts[0].title = "old";
	arts[1].title = "fresh";
	arts[2].title = "undated";
	DocLibrary lib = {arts, 3};
	bool show[3];
	DocArticle out[3];
	int today = date_from_ymd(2026, 6, 1);
	assert_int_equal(review_visible(&lib, today, show), 1);
	assert_false(show[0]);
	assert_true(show[1] && show[2]);
	assert_int_equal(review_filter(&lib, today, out), 2);
	assert_string_equal(out[0].title, "fresh");
	assert_string_equal(out[1].title, "undated");
	/* the service screen's list */
	size_t past[3];
	assert_int_equal(review_past(&lib, today, past, 3), 1);
	assert_int_equal(past[0], 0);
	assert_int_equal(review_past(&lib, date_from_ymd(2027, 6, 1), past, 1), 2);
	assert_int_equal(past[0], 0);
	assert_int_equal(review_past(&lib, DATE_NONE, past, 3), 0);
	/* every one past its date: all shown */
	DocLibrary two = {arts, 1};
	assert_int_equal(review_visible(&two, today, show), 0);
	assert_true(show[0]);
	assert_int_equal(review_filter(&two, today, out), 1);
	/* the clock unknown: nothing hidden */
	assert_int_equal(review_visible(&lib, DATE_NONE, show), 0);
	assert_int_equal(review_filter(&lib, DATE_NONE, out), 3);
}

static void test_markdown_warns_of_a_bad_date(void **state)
{
	Arena *arena = arena_new(1 << 16);
	const char *text = "---\ntitle: Flu\nreviewed: 2026-13-01\nreview_due: 2027-10\n---\n"
	                   "# Flu\n\n## One\n\nText.\n";
	DocArticle a;
	char err[128];
	assert_int_equal(markdown_parse(text, strlen(text), "flu.md", arena, &a, err, sizeof(err)),
	                 0);
	assert_int_equal(a.nwarnings, 1);
	assert_int_equal(a.warnings[0].line, 3);
	assert_non_null(strstr(a.warnings[0].msg, "reviewed: \"2026-13-01\" is not a date"));
	Review r = review_of(&a);
	assert_int_equal(r.reviewed_y, 0);
	assert_int_equal(r.due_line, 4);
	arena_free(arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_review_of_reads_both_keys),
	    cmocka_unit_test(test_visible_never_none),
	    cmocka_unit_test(test_markdown_warns_of_a_bad_date),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
