/* Unit tests for core/index: the index.html of `kiosk preview`. Text
 * from the stick (titles, captions, file names, problems) never becomes
 * markup, every link stays in the folder, the verdict comes first, and a
 * refused package gets its reasons and no screens. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "core/document/utf8.h"
#include "core/preview/index.h"

static const char HOSTILE[] = "<script>alert('x')</script> & \"Co\"\x01\xff\xfe<img src=x>";

static DocBlock blocks[2];
static DocTopic topics[1];
static DocArticle articles[1];
static DocLibrary lib;

static void make_library(void)
{
	blocks[0] = (DocBlock){.type = DOC_IMAGE,
	                       .src = "images/a&b\"<x>.png",
	                       .alt = "A \"quoted\" <caption> 'here'"};
	blocks[1] = (DocBlock){.type = DOC_IMAGE, .src = "images/b.png", .alt = ""};
	topics[0] = (DocTopic){
	    .title = "Topic </h3><script>x</script>", .blocks = &blocks[1], .nblocks = 1};
	articles[0] = (DocArticle){.title = HOSTILE,
	                           .source = "flu<1>.md",
	                           .intro = &blocks[0],
	                           .nintro = 1,
	                           .topics = topics,
	                           .ntopics = 1,
	                           .lang = "es\"><script>"};
	lib = (DocLibrary){articles, 1};
}

static bool has_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = hay; *p; p++)
		if (strncasecmp(p, needle, n) == 0)
			return true;
	return false;
}

/* Every href and src: relative, inside the folder, to a screenshot or an
 * anchor of the page. */
static void links_stay_home(const char *html)
{
	const char *attrs[] = {"href=\"", "src=\""};
	for (int k = 0; k < 2; k++)
		for (const char *p = strstr(html, attrs[k]); p; p = strstr(p + 1, attrs[k])) {
			const char *v = p + strlen(attrs[k]);
			size_t n = strcspn(v, "\"");
			char link[256];
			snprintf(link, sizeof(link), "%.*s", (int)n, v);
			if (link[0] == '#')
				continue;
			if (strncmp(link, "landscape/", 10) != 0 &&
			    strncmp(link, "portrait/", 9) != 0)
				fail_msg("link %s leaves the folder", link);
			if (strchr(link, ':') || strstr(link, "..") || strlen(link) < 14 ||
			    strcmp(link + strlen(link) - 4, ".png") != 0)
				fail_msg("link %s", link);
		}
}

static PkgReport report(void)
{
	PkgReport r;
	pkg_report_init(&r);
	pkg_report_add(&r, true, "flu.md:3", "what stands in <script> is left out");
	pkg_report_add(&r, true, "a&b.md", "U+10D40 \xf0\x90\xb5\x80 in \"x\" has no font");
	pkg_report_finish(&r);
	r.articles = 1;
	r.topics = 1;
	r.images = 2;
	return r;
}

static void test_a_preview_page_escapes_everything_from_the_stick(void **state)
{
	make_library();
	PkgReport r = report();
	IndexShot shots[4] = {
	    {{TOUR_HOME, -1, -1, NULL, 0}, {1, 2}, {1, 2}},
	    {{TOUR_TOPIC, 0, 0, NULL, 0}, {2, 3}, {5, 3}},
	    {{TOUR_PICTURE, 0, -1, &blocks[0], 1}, {1, 1}, {1, 1}},
	    {{TOUR_PICTURE, 0, 0, &blocks[1], 2}, {1, 1}, {1, 1}},
	};
	IndexPage p = {.source = "/media/<stick>",
	               .summary = "OK: 1 article, 1 topic, 2 images, 3 KB; not signed",
	               .report = &r,
	               .lib = &lib,
	               .shots = shots,
	               .nshots = 4,
	               .w = 1920,
	               .h = 1080};
	char *html = index_html(&p);
	assert_non_null(html);
	assert_true(utf8_valid(html, strlen(html), NULL));
	/* Nothing from outside became a tag or an attribute. */
	assert_false(has_nocase(html, "<script"));
	assert_false(has_nocase(html, "<img src=x"));
	assert_null(strstr(html, "</h3><"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
	                             "&quot;Co&quot;\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd&lt;img"));
	assert_non_null(strstr(html, "<code>images/a&amp;b&quot;&lt;x&gt;.png</code>"));
	assert_non_null(strstr(html, "alt=\"A &quot;quoted&quot; &lt;caption&gt; &#39;here&#39; "
	                             "(landscape)\""));
	assert_non_null(strstr(html, "<title>Kiosk preview of /media/&lt;stick&gt;</title>"));
	/* A language that is no language tag is not put in an attribute. */
	assert_null(strstr(html, "lang=\"es"));
	links_stay_home(html);
	/* The verdict and the warnings, in check's words, before any screen. */
	const char *verdict = strstr(html, "OK: 1 article, 1 topic, 2 images, 3 KB; not signed");
	assert_non_null(verdict);
	assert_true(verdict < strstr(html, "<img"));
	assert_non_null(strstr(html, "<h3>Warnings (2)</h3>"));
	assert_non_null(strstr(html, "<li>warning: flu.md:3: what stands in &lt;script&gt; is "
	                             "left out</li>"));
	/* Every screenshot of each stop, and what was left out said. */
	assert_non_null(strstr(html, "href=\"landscape/home.png\""));
	assert_non_null(strstr(html, "href=\"portrait/home-2.png\""));
	assert_non_null(strstr(html, "href=\"landscape/a0-t0-2.png\""));
	assert_null(strstr(html, "landscape/a0-t0-3.png"));
	assert_non_null(strstr(html, "Landscape: the first 2 of its 5 screens are shown"));
	assert_non_null(strstr(html, "Portrait, screen 3 of 3"));
	/* Pictures listed with their titles, and one without a caption. */
	assert_non_null(strstr(html, "<li id=\"a0-p1\">"));
	assert_non_null(strstr(html, "(no caption)"));
	assert_non_null(strstr(html, "href=\"portrait/a0-p2.png\""));
	assert_non_null(strstr(html, "in the introduction"));
	free(html);
	pkg_report_free(&r);
}

static void test_a_refused_package_gets_its_reasons_and_no_screens(void **state)
{
	PkgReport r;
	pkg_report_init(&r);
	pkg_report_add(&r, false, "images/<bad>.png", "not a picture the kiosk can show");
	pkg_report_add(&r, true, "notes.txt", "not used by any article");
	pkg_report_finish(&r);
	IndexPage p = {
	    .source = "stick", .refused = true, .summary = "", .report = &r, .w = 1920, .h = 1080};
	char *html = index_html(&p);
	assert_non_null(html);
	assert_non_null(strstr(html, "The kiosk would refuse this content"));
	assert_non_null(strstr(html, "<h3>Problems (1)</h3>"));
	assert_non_null(strstr(html, "<li>images/&lt;bad&gt;.png: not a picture the kiosk can "
	                             "show</li>"));
	assert_non_null(strstr(html, "<li>warning: notes.txt: not used by any article</li>"));
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "<nav>"));
	assert_true(strstr(html, "</html>") != NULL);
	free(html);
	pkg_report_free(&r);
}

static void test_screenshot_names(void **state)
{
	char buf[64];
	TourStop home = {TOUR_HOME, -1, -1, NULL, 0};
	index_png(&home, INDEX_LANDSCAPE, 1, buf, sizeof(buf));
	assert_string_equal(buf, "landscape/home.png");
	TourStop t = {TOUR_TOPIC, 12, 3, NULL, 0};
	index_png(&t, INDEX_PORTRAIT, 4, buf, sizeof(buf));
	assert_string_equal(buf, "portrait/a12-t3-4.png");
	TourStop a = {TOUR_ARTICLE, 2, -1, NULL, 0};
	index_png(&a, INDEX_LANDSCAPE, 1, buf, sizeof(buf));
	assert_string_equal(buf, "landscape/a2.png");
	TourStop pic = {TOUR_PICTURE, 0, -1, NULL, 7};
	index_png(&pic, INDEX_PORTRAIT, 1, buf, sizeof(buf));
	assert_string_equal(buf, "portrait/a0-p7.png");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_preview_page_escapes_everything_from_the_stick),
	    cmocka_unit_test(test_a_refused_package_gets_its_reasons_and_no_screens),
	    cmocka_unit_test(test_screenshot_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
