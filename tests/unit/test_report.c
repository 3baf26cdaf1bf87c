/* Unit tests for core/package/report.c's words: each problem keeps its
 * English template (a msgid) and its arguments written out beside its
 * English line, fixed phrases are templates of their own or translated
 * arguments, a line is said through a translation with words_fill (never
 * a printf format), and a problem's words packed for a child's pipe are
 * bounded and checked when unpacked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/package/pkg.h"

/* A small Spanish catalogue: msgid -> translation. */
static const char *const ES[][2] = {
    {"the article is too large (%s; at most %s)",
     "el artículo es demasiado grande (%s; como máximo %s)"},
    {"not a picture the kiosk can show (%s)", "no es una imagen que el quiosco pueda mostrar (%s)"},
    {"the file is text", "el archivo es texto"},
    {"not used by any article", "ningún artículo lo usa"},
    {"warning: %s", "aviso: %s"},
    {"%1$s: %2$s", "%1$s: %2$s"},
    {"this content is for other kiosks (\"%s\"), not \"%s\"",
     "este contenido es para otros quioscos («%2$s» no, sino «%1$s»)"},
    {"Home", "Inicio"},
    {"the picture is too large (%u x %u pixels; at most %u pixels a side)",
     "la imagen es demasiado grande (%1$u x %2$u píxeles; como máximo %3$u por lado)"},
    {"picture %u", "imagen %u"},
    {"%s: %s", "%s: %s"},
    {"the picture is damaged", "la imagen está dañada"},
};

static const char *es(const void *ctx, const char *msgid)
{
	(void)ctx;
	for (size_t i = 0; i < sizeof(ES) / sizeof(ES[0]); i++)
		if (strcmp(ES[i][0], msgid) == 0)
			return ES[i][1];
	return msgid;
}

static void test_template_and_arguments(void **state)
{
	(void)state;
	PkgReport r;
	pkg_report_init(&r);
	pkg_report_add(&r, false, "flu.md", "the article is too large (%s; at most %s)", "1.2 MB",
	               "1 MB");
	assert_int_equal(r.n, 1);
	const PkgProblem *p = &r.v[0];
	assert_string_equal(p->msg, "the article is too large (1.2 MB; at most 1 MB)");
	assert_string_equal(p->tmpl, "the article is too large (%s; at most %s)");
	assert_int_equal(p->nargs, 2);
	assert_string_equal(p->args[0], "1.2 MB");
	assert_string_equal(p->args[1], "1 MB");
	assert_int_equal(p->phrases, 0);
	pkg_report_free(&r);
}

/* Every conversion the call sites use, written out as printf would. */
static void test_arguments_of_every_type(void **state)
{
	(void)state;
	PkgReport r;
	pkg_report_init(&r);
	pkg_report_add(&r, false, "", "%zu %d %u %llu %.*s %%", (size_t)70, -3, 2000u,
	               18446744073709551615ull, 3, "abcdef");
	pkg_report_add(&r, false, "", "%c %5.1f %x", 'x', 2.25, 255u);
	assert_string_equal(r.v[0].msg, "70 -3 2000 18446744073709551615 abc %");
	assert_string_equal(r.v[1].msg, "x   2.2 ff");
	const char *want[] = {"70",  "-3", "2000",  "18446744073709551615",
	                      "abc", "x",  "  2.2", "ff"};
	assert_int_equal(r.v[0].nargs, 5);
	assert_int_equal(r.v[1].nargs, 3);
	for (unsigned i = 0; i < 8; i++)
		assert_string_equal(r.v[i / 5].args[i % 5], want[i]);
	pkg_report_free(&r);
}

/* A name from a stick is one clean line in an argument too. */
static void test_arguments_are_cleaned(void **state)
{
	(void)state;
	PkgReport r;
	pkg_report_init(&r);
	pkg_report_add(&r, false, "",
	               "the same name as %s apart from capital letters (keep only one)",
	               "A\n.md\x1b[31m\xFF");
	assert_string_equal(r.v[0].args[0], "A?.md?[31m?");
	pkg_report_free(&r);
}

static void test_line_in_translation(void **state)
{
	(void)state;
	PkgReport r;
	pkg_report_init(&r);
	pkg_report_add(&r, false, "flu.md", "the article is too large (%s; at most %s)", "1.2 MB",
	               "1 MB");
	pkg_report_add_phrased(&r, false, "images/lungs.png", 1u,
	                       "not a picture the kiosk can show (%s)", "the file is text");
	/* Not a phrase: an argument that happens to be a msgid stays as it
	 * is (a file named like a word is still that file's name). */
	pkg_report_add(&r, false, "images/lungs.png", "not a picture the kiosk can show (%s)",
	               "the file is text");
	pkg_report_add(&r, true, "Home", "not used by any article");
	pkg_report_add(&r, false, "kiosk.sig",
	               "this content is for other kiosks (\"%s\"), not \"%s\"", "north", "south");
	char buf[512];
	assert_true(pkg_report_line_in(&r, 0, es, NULL, buf, sizeof(buf)) > 0);
	assert_string_equal(buf,
	                    "flu.md: el artículo es demasiado grande (1.2 MB; como máximo 1 MB)");
	pkg_report_line_in(&r, 1, es, NULL, buf, sizeof(buf));
	assert_string_equal(buf,
	                    "images/lungs.png: no es una imagen que el quiosco pueda mostrar (el "
	                    "archivo es texto)");
	pkg_report_line_in(&r, 2, es, NULL, buf, sizeof(buf));
	assert_string_equal(
	    buf,
	    "images/lungs.png: no es una imagen que el quiosco pueda mostrar (the file is text)");
	pkg_report_line_in(&r, 3, es, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "aviso: Home: ningún artículo lo usa");
	/* A translation may put the arguments in its own order. */
	pkg_report_line_in(&r, 4, es, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "kiosk.sig: este contenido es para otros quioscos («south» no, "
	                         "sino «north»)");
	/* No translation: the English line, as pkg_report_line. */
	char eng[512];
	for (size_t i = 0; i < r.n; i++) {
		pkg_report_line_in(&r, i, NULL, NULL, buf, sizeof(buf));
		pkg_report_line(&r, i, eng, sizeof(eng));
		assert_string_equal(buf, eng);
	}
	assert_int_equal(pkg_report_line_in(&r, 5, es, NULL, buf, sizeof(buf)), -1);
	pkg_report_free(&r);
}

/* A translation holding printf conversions a template has no arguments
 * for is filled, never formatted: nothing is read from the stack. */
static const char *hostile(const void *ctx, const char *msgid)
{
	(void)ctx;
	(void)msgid;
	return "%s %n %3$s %99$d %p";
}

static void test_translation_is_never_a_format(void **state)
{
	(void)state;
	PkgReport r;
	pkg_report_init(&r);
	pkg_report_add(&r, false, "", "there are too many articles (%zu; at most %d)", (size_t)70,
	               64);
	char buf[256];
	pkg_report_line_in(&r, 0, hostile, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "70 %n   %p");
	pkg_report_free(&r);
}

static void test_text_and_copy(void **state)
{
	(void)state;
	PkgReport r, copy;
	pkg_report_init(&r);
	pkg_report_init(&copy);
	pkg_report_text(&r, false, "images/a.png", "the file is text");
	/* Words written out elsewhere, holding a '%': English everywhere. */
	pkg_report_text(&r, false, "b.md", "line 3 says 100% sure");
	assert_string_equal(r.v[0].tmpl, "the file is text");
	assert_int_equal(r.v[0].nargs, 0);
	assert_null(r.v[1].tmpl);
	assert_string_equal(r.v[1].msg, "line 3 says 100% sure");
	char buf[256];
	pkg_report_line_in(&r, 0, es, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "images/a.png: el archivo es texto");
	pkg_report_line_in(&r, 1, es, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "b.md: line 3 says 100% sure");
	pkg_report_add_phrased(&r, true, "c.png", 1u, "not a picture the kiosk can show (%s)",
	                       "the file is text");
	for (size_t i = 0; i < r.n; i++)
		pkg_report_copy(&copy, &r.v[i]);
	assert_int_equal(copy.n, 3);
	assert_int_equal(copy.errors, 2);
	assert_int_equal(copy.warnings, 1);
	char a[256], b[256];
	for (size_t i = 0; i < r.n; i++) {
		pkg_report_line_in(&r, i, es, NULL, a, sizeof(a));
		pkg_report_line_in(&copy, i, es, NULL, b, sizeof(b));
		assert_string_equal(a, b);
	}
	pkg_report_free(&r);
	pkg_report_free(&copy);
}

/* More conversions than a problem keeps: said in English everywhere,
 * never with an argument missing. */
static void test_too_many_arguments(void **state)
{
	(void)state;
	PkgReport r;
	pkg_report_init(&r);
	pkg_report_add(&r, false, "", "%d %d %d %d %d %d %d", 1, 2, 3, 4, 5, 6, 7);
	assert_int_equal(r.n, 1);
	assert_null(r.v[0].tmpl);
	char buf[64];
	pkg_report_line_in(&r, 0, es, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "1 2 3 4 5 6 7");
	pkg_report_free(&r);
}

/* ---- why a rule refused something ------------------------------------- */

/* A rule's reason keeps its template and numbers, so it is said in the
 * reader's language like any problem, and a reason with no words yet is
 * never an empty line. */
static void test_why(void **state)
{
	(void)state;
	PkgWhy why = {0}, label, phrase;
	char eng[256];
	assert_string_equal(PKG_WHY_TEXT(&why, eng), "");
	pkg_why_say(&why, "the picture is too large (%u x %u pixels; at most %u pixels a side)",
	            100u, 9000u, 8192u);
	assert_string_equal(PKG_WHY_TEXT(&why, eng),
	                    "the picture is too large (100 x 9000 pixels; at most 8192 pixels a "
	                    "side)");
	pkg_why_say(&label, "picture %u", 2u);
	pkg_why_phrase(&phrase, "the picture is damaged");
	PkgReport r;
	pkg_report_init(&r);
	pkg_report_why(&r, false, "a.png", &why);
	pkg_report_whys(&r, false, "flu.docx", "%s: %s", (const PkgWhy *const[]){&label, &why}, 2);
	pkg_report_whys(&r, true, "flu.docx", "%s: %s", (const PkgWhy *const[]){&label, &phrase},
	                2);
	pkg_report_why(&r, false, "b.png", &(PkgWhy){.len = 0});
	char buf[512];
	pkg_report_line_in(&r, 0, es, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "a.png: la imagen es demasiado grande (100 x 9000 píxeles; como "
	                         "máximo 8192 por lado)");
	pkg_report_line_in(&r, 1, es, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "flu.docx: imagen 2: la imagen es demasiado grande (100 x 9000 "
	                         "píxeles; como máximo 8192 por lado)");
	pkg_report_line_in(&r, 2, es, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "aviso: flu.docx: imagen 2: la imagen está dañada");
	/* In English, and copied, the same words. */
	assert_string_equal(r.v[1].msg, "picture 2: the picture is too large (100 x 9000 pixels; "
	                                "at most 8192 pixels a side)");
	assert_string_equal(r.v[3].msg, "the file cannot be read");
	PkgReport copy;
	pkg_report_init(&copy);
	pkg_report_copy(&copy, &r.v[1]);
	char again[512];
	pkg_report_line_in(&r, 1, es, NULL, buf, sizeof(buf));
	pkg_report_line_in(&copy, 0, es, NULL, again, sizeof(again));
	assert_string_equal(buf, again);
	/* A name from a stick in a nested reason is cleaned too. */
	PkgWhy named;
	pkg_why_say(&named, "picture \"%s\"", "a\x1F\nb.png");
	pkg_report_whys(&r, false, "c.md", "%s: %s", (const PkgWhy *const[]){&named, &phrase}, 2);
	pkg_report_line_in(&r, 4, es, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "c.md: picture \"a??b.png\": la imagen está dañada");
	pkg_report_free(&copy);
	pkg_report_free(&r);
}

/* ---- words across a child's pipe ---------------------------------------- */

static void test_words_round_trip(void **state)
{
	(void)state;
	char buf[PKG_WORDS_MAX];
	size_t n = pkg_words_pack(buf, sizeof(buf), "the picture is too large (%s; at most %s)",
	                          (const char *const[]){"70 MB", "64 MB"}, 2);
	assert_int_equal(n, strlen("the picture is too large (%s; at most %s)") + 1 + 6 + 6);
	PkgWords w;
	assert_int_equal(pkg_words_unpack(buf, n, &w), 0);
	assert_string_equal(w.tmpl, "the picture is too large (%s; at most %s)");
	assert_int_equal(w.nargs, 2);
	assert_string_equal(w.args[1], "64 MB");
	char eng[128];
	pkg_words_english(&w, eng, sizeof(eng));
	assert_string_equal(eng, "the picture is too large (70 MB; at most 64 MB)");
	PkgReport r;
	pkg_report_init(&r);
	pkg_report_words(&r, false, "leaflet.docx", &w);
	assert_string_equal(r.v[0].msg, eng);
	assert_string_equal(r.v[0].tmpl, w.tmpl);
	assert_int_equal(r.v[0].nargs, 2);
	pkg_report_free(&r);
}

static void test_words_bounds(void **state)
{
	(void)state;
	char buf[PKG_WORDS_MAX + 64];
	PkgWords w;
	/* Too many arguments, or more than fits, are not packed. */
	const char *seven[] = {"1", "2", "3", "4", "5", "6", "7"};
	assert_int_equal(pkg_words_pack(buf, sizeof(buf), "%s", seven, 7), 0);
	assert_int_equal(pkg_words_pack(buf, 4, "the file is text", NULL, 0), 0);
	char big[PKG_WORDS_MAX + 8];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(pkg_words_pack(buf, sizeof(buf), big, NULL, 0), 0);
	/* What a child may not send. */
	assert_int_equal(pkg_words_unpack("no end", 6, &w), -1);
	assert_int_equal(pkg_words_unpack("\0a\0", 3, &w), -1);
	assert_int_equal(pkg_words_unpack("", 0, &w), -1);
	assert_int_equal(pkg_words_unpack(NULL, 4, &w), -1);
	assert_int_equal(pkg_words_unpack("t\0"
	                                  "1\0"
	                                  "2\0"
	                                  "3\0"
	                                  "4\0"
	                                  "5\0"
	                                  "6\0"
	                                  "7",
	                                  16, &w),
	                 -1);
	memset(buf, 'a', sizeof(buf));
	buf[PKG_WORDS_MAX] = '\0';
	assert_int_equal(pkg_words_unpack(buf, PKG_WORDS_MAX + 1, &w), -1);
	buf[PKG_WORDS_MAX - 1] = '\0';
	assert_int_equal(pkg_words_unpack(buf, PKG_WORDS_MAX, &w), 0);
	/* Six arguments, some empty, are fine. */
	assert_int_equal(pkg_words_unpack("t\0"
	                                  "1\0"
	                                  "\0"
	                                  "3\0"
	                                  "4\0"
	                                  "\0"
	                                  "6",
	                                  12, &w),
	                 0);
	assert_int_equal(w.nargs, 6);
	assert_string_equal(w.args[1], "");
}

static void test_words_text(void **state)
{
	(void)state;
	char out[32];
	pkg_words_text("100% sure", out, sizeof(out));
	assert_string_equal(out, "100%% sure");
	PkgWords w = {out, {NULL}, 0};
	char eng[32];
	pkg_words_english(&w, eng, sizeof(eng));
	assert_string_equal(eng, "100% sure");
	/* Clipped at a character's start, never inside one. */
	pkg_words_text("caf\xC3\xA9", out, 5);
	assert_string_equal(out, "caf");
	pkg_words_text("caf\xC3\xA9", out, 6);
	assert_string_equal(out, "caf\xC3\xA9");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_template_and_arguments),
	    cmocka_unit_test(test_arguments_of_every_type),
	    cmocka_unit_test(test_arguments_are_cleaned),
	    cmocka_unit_test(test_line_in_translation),
	    cmocka_unit_test(test_translation_is_never_a_format),
	    cmocka_unit_test(test_text_and_copy),
	    cmocka_unit_test(test_too_many_arguments),
	    cmocka_unit_test(test_why),
	    cmocka_unit_test(test_words_round_trip),
	    cmocka_unit_test(test_words_bounds),
	    cmocka_unit_test(test_words_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
