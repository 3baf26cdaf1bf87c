/* sentences: a topic cut into the sentences it is read aloud in, each
 * found again in its block's text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/text/sentences.h"
#include "fixture.h"

static DocLibrary parse(Arena *a, const char *md)
{
	return fixture_library(a, md);
}

static void expect_sentences(const char *md, const char *const *want, size_t n)
{
	Arena *a = arena_new(4096);
	DocLibrary lib = parse(a, md);
	Sentences s;
	assert_int_equal(sentences_split(&lib.articles[0].topics[0], a, &s), 0);
	if (s.n != n) {
		for (size_t i = 0; i < s.n; i++)
			print_error("  [%zu] \"%s\"\n", i, s.v[i].text);
		fail_msg("%zu sentences, expected %zu", s.n, n);
	}
	for (size_t i = 0; i < n; i++)
		assert_string_equal(s.v[i].text, want[i]);
	arena_free(a);
}

static void test_heading_then_each_sentence(void **state)
{
	static const char *const want[] = {"A Topic",
	                                   "One sentence.",
	                                   "Two sentences?",
	                                   "Yes!",
	                                   "With e.g. an abbreviation here.",
	                                   "Ellipsis\xE2\x80\xA6",
	                                   "Then \xE2\x80\x9Cquoted.\xE2\x80\x9D",
	                                   "And the end"};
	expect_sentences(
	    "# A\n\n## A Topic\n\nOne sentence. Two sentences?  Yes! With e.g. an "
	    "abbreviation here. Ellipsis\xE2\x80\xA6 Then \xE2\x80\x9Cquoted.\xE2\x80\x9D "
	    "And the end\n",
	    want, sizeof(want) / sizeof(want[0]));
}

static void test_blocks_styles_and_pictures(void **state)
{
	/* A sentence may run over bold and italic; a list item, a sub-heading
	 * and a quote are sentences of their own; a picture is not read. */
	static const char *const want[] = {
	    "T",        "Some bold and italic words.", "More.", "Sub", "first", "second.",
	    "A quote.", "Version 2.5 is out."};
	expect_sentences("# A\n\n## T\n\nSome **bold** and *italic* words. More.\n\n"
	                 "![A caption.](p.png)\n\n### Sub\n\n- first\n- second.\n\n> A quote.\n\n"
	                 "Version 2.5 is out.\n",
	                 want, sizeof(want) / sizeof(want[0]));
}

static void test_ranges_find_the_text(void **state)
{
	Arena *a = arena_new(4096);
	DocLibrary lib = parse(a, "# A\n\n## Heading\n\nFirst one. *Second* one here.\n");
	const DocTopic *tp = &lib.articles[0].topics[0];
	Sentences s;
	assert_int_equal(sentences_split(tp, a, &s), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.v[0].block, -1);
	assert_int_equal(s.v[0].start, 0);
	assert_int_equal(s.v[0].end, 7);
	char text[128];
	doc_block_text(&tp->blocks[0], text, sizeof(text));
	for (size_t i = 1; i < s.n; i++) {
		assert_int_equal(s.v[i].block, 0);
		assert_int_equal(s.v[i].end - s.v[i].start, strlen(s.v[i].text));
		assert_memory_equal(text + s.v[i].start, s.v[i].text, strlen(s.v[i].text));
	}
	/* A pointer into a span, back to the block's text. */
	const DocBlock *b = &tp->blocks[0];
	assert_true(b->nspans >= 2);
	assert_int_equal(sentences_offset(b, b->spans[1].text), b->spans[0].len);
	assert_int_equal(sentences_offset(b, b->spans[0].text + 3), 3);
	assert_int_equal(sentences_offset(b, "elsewhere"), (size_t)-1);
	arena_free(a);
}

/* Other scripts end their sentences with their own marks: Chinese and
 * Japanese with no space after them (and a closing quote kept with its
 * sentence), Arabic's question mark and Hindi's danda before a space. */
static void test_sentences_of_other_scripts(void **state)
{
	static const char *const zh[] = {"T",    "流感很常见。", "要打疫苗吗？",
	                                 "要！", "「洗手。」",   "就这样"};
	expect_sentences("# A\n\n## T\n\n流感很常见。要打疫苗吗？要！「洗手。」就这样\n", zh,
	                 sizeof(zh) / sizeof(zh[0]));
	static const char *const ar[] = {"T", "هل أنت مريض؟", "اتصل بالطبيب.", "شكرا"};
	expect_sentences("# A\n\n## T\n\nهل أنت مريض؟ اتصل بالطبيب. شكرا\n", ar,
	                 sizeof(ar) / sizeof(ar[0]));
	static const char *const hi[] = {"T", "फ्लू आम है।", "टीका लगवाएँ॥", "धन्यवाद"};
	expect_sentences("# A\n\n## T\n\nफ्लू आम है। टीका लगवाएँ॥ धन्यवाद\n", hi,
	                 sizeof(hi) / sizeof(hi[0]));
	/* Inside a word, and before more text with no space, an Arabic mark
	 * ends nothing (as a full stop would not). */
	static const char *const inside[] = {"T", "أ؟ب ج"};
	expect_sentences("# A\n\n## T\n\nأ؟ب ج\n", inside, 2);
}

static void test_empty_and_odd(void **state)
{
	static const char *const heading_only[] = {"Empty"};
	expect_sentences("# A\n\n## Empty\n", heading_only, 1);
	static const char *const marks[] = {"T", "...", "Why?!", "Ok then", "so? fine"};
	expect_sentences("# A\n\n## T\n\n... Why?! Ok then\n\nso? fine\n", marks, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_heading_then_each_sentence),
	    cmocka_unit_test(test_blocks_styles_and_pictures),
	    cmocka_unit_test(test_ranges_find_the_text),
	    cmocka_unit_test(test_sentences_of_other_scripts),
	    cmocka_unit_test(test_empty_and_odd),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
