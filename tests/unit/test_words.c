/* words: the kiosk's own words, one table; which language's a screen gets,
 * and templates filled with their values in any order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/screen/look/words.h"

static void test_every_word_has_its_english(void **state)
{
	for (int i = 0; i < WORD_COUNT; i++)
		assert_true(strlen(words_msgid((WordId)i)) > 0);
	assert_string_equal(word(NULL, WORD_NEXT), "Next");
	assert_string_equal(words_msgid(WORD_COUNT), "");
}

static void test_a_screen_speaks_its_articles_language_else_the_settings(void **state)
{
	static Words langs[3] = {{.lang = "en"}, {.lang = "es"}, {.lang = "ar"}};
	langs[1].text[WORD_NEXT] = "Siguiente";
	langs[2].text[WORD_NEXT] = "التالي";
	Lexicon lx = {langs, 3, &langs[1]};
	assert_string_equal(word(words_for(&lx, "ar"), WORD_NEXT), "التالي");
	/* Spanish of Mexico is Spanish. */
	assert_string_equal(word(words_for(&lx, "es-MX"), WORD_NEXT), "Siguiente");
	/* No words in Hebrew, none said: the settings' language. */
	assert_string_equal(word(words_for(&lx, "he"), WORD_NEXT), "Siguiente");
	assert_string_equal(word(words_for(&lx, ""), WORD_NEXT), "Siguiente");
	/* A word a catalogue lacks is its English. */
	assert_string_equal(word(words_for(&lx, "ar"), WORD_HOME), "Home");
	assert_null(words_for(NULL, "ar"));
}

static void test_templates_take_their_values_in_any_order(void **state)
{
	char out[64];
	const char *args[] = {"2", "9"};
	assert_int_equal(words_fill(out, sizeof(out), "%1$d of %2$d", args, 2), 6);
	assert_string_equal(out, "2 of 9");
	words_fill(out, sizeof(out), "共 %2$d 个中的第 %1$d 个", args, 2);
	assert_string_equal(out, "共 9 个中的第 2 个");
	words_fill(out, sizeof(out), "%s and %s, 100%%", args, 2);
	assert_string_equal(out, "2 and 9, 100%");
	/* A value missing, or a '%' that is no conversion: nothing breaks. */
	words_fill(out, sizeof(out), "%3$d|%d|%y|%", args, 2);
	assert_string_equal(out, "||%y|%");
	/* Cut to the room there is, always terminated; the length it needed
	 * comes back. */
	char small[4];
	assert_int_equal(words_fill(small, sizeof(small), "%1$.1f MB", args, 1), 4);
	assert_string_equal(small, "2 M");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_word_has_its_english),
	    cmocka_unit_test(test_a_screen_speaks_its_articles_language_else_the_settings),
	    cmocka_unit_test(test_templates_take_their_values_in_any_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
