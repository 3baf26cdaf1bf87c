/* lang: language tags, their own names, their direction, and the language
 * an article's file name carries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/document/lang.h"

static void test_lang_valid_takes_tags_and_refuses_the_rest(void **state)
{
	static const char *const good[] = {"es",         "pt-BR", "zh-Hans",
	                                   "zh_Hant_TW", "fil",   "sr-Latn"};
	static const char *const bad[] = {"",    "e",      "english",      "es-",
	                                  "-es", "es--ES", "e5",           "es-ES-a",
	                                  "a b", "ar.md",  "es-ABCDEFGHI", "x-y-z-w-v-u"};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(lang_valid(good[i], strlen(good[i])));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(lang_valid(bad[i], strlen(bad[i])));
}

static void test_lang_autonyms(void **state)
{
	assert_string_equal(lang_autonym("en"), "English");
	assert_string_equal(lang_autonym("es-MX"), "Español");
	assert_string_equal(lang_autonym("AR"), "العربية");
	assert_string_equal(lang_autonym("zh-Hans"), "中文");
	assert_string_equal(lang_autonym("uk"), "Українська");
	assert_string_equal(lang_autonym("vi"), "Tiếng Việt");
	assert_null(lang_autonym("xx"));
	assert_null(lang_autonym(""));
}

static void test_lang_direction(void **state)
{
	assert_int_equal(lang_dir("ar"), 1);
	assert_int_equal(lang_dir("he-IL"), 1);
	assert_int_equal(lang_dir("fa"), 1);
	assert_int_equal(lang_dir("ur"), 1);
	assert_int_equal(lang_dir("en"), 0);
	assert_int_equal(lang_dir("zh"), 0);
	/* The script decides over the language. */
	assert_int_equal(lang_dir("az-Arab"), 1);
	assert_int_equal(lang_dir("ku-Arab-IQ"), 1);
	assert_int_equal(lang_dir("ur-Latn"), 0);
	assert_int_equal(lang_dir(""), -1);
	assert_int_equal(lang_dir("xx"), -1);
	assert_true(lang_same("pt-BR", "pt"));
	assert_false(lang_same("pt", "pl"));
	assert_false(lang_same("", ""));
}

static void test_lang_from_name(void **state)
{
	char out[40];
	assert_int_equal(lang_from_name("flu.es.md", out, sizeof(out)), 2);
	assert_string_equal(out, "es");
	assert_int_equal(lang_from_name("sub/flu.pt_BR.md", out, sizeof(out)), 5);
	assert_string_equal(out, "pt-BR");
	assert_int_equal(lang_from_name("FLU.AR.MD", out, sizeof(out)), 2);
	assert_string_equal(out, "AR");
	assert_int_equal(lang_from_name("flu.md", out, sizeof(out)), 0);
	assert_int_equal(lang_from_name("es.md", out, sizeof(out)), 0);
	assert_int_equal(lang_from_name("notes.v2.md", out, sizeof(out)), 0);
	assert_int_equal(lang_from_name("notes.old.md", out, sizeof(out)), 0);
	assert_int_equal(lang_from_name("a.xx.md", out, sizeof(out)), 0);
	assert_int_equal(lang_from_name("flu.es.md", out, 2), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lang_valid_takes_tags_and_refuses_the_rest),
	    cmocka_unit_test(test_lang_autonyms),
	    cmocka_unit_test(test_lang_direction),
	    cmocka_unit_test(test_lang_from_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
