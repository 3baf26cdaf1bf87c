/* doc: the questions the document model answers (lead and topic pictures,
 * counts, the n-th picture, a block's text), on libraries parsed from
 * inline Markdown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"

static const char SECOND_MD[] = "# Second\n\n![Intro one](images/i1.png)\n\n"
                                "![Intro two](images/i2.png)\n\n"
                                "## Only topic\n\nText.\n\n![Topic picture](images/t.png)\n";

/* Two articles in reading order: the fixture's, then SECOND_MD's. */
static DocLibrary two_articles(Arena *a)
{
	DocLibrary one = fixture_library(a, FIXTURE_MD);
	DocLibrary two = fixture_library(a, SECOND_MD);
	DocArticle *both = arena_alloc(a, 2 * sizeof(*both));
	both[0] = one.articles[0];
	both[1] = two.articles[0];
	return (DocLibrary){both, 2};
}

static void test_lead_and_topic_pictures(void **state)
{
	Arena *a = arena_new(4096);
	DocLibrary lib = two_articles(a);
	const DocArticle *first = &lib.articles[0], *second = &lib.articles[1];
	const DocBlock *lead = doc_lead_image(first);
	assert_non_null(lead);
	assert_string_equal(lead->src, "images/lead.png");
	assert_string_equal(doc_lead_image(second)->alt, "Intro one");
	assert_null(doc_topic_image(&first->topics[0]));
	assert_string_equal(doc_topic_image(&first->topics[1])->src, "images/pic.png");
	assert_null(doc_topic_image(&first->topics[3])); /* the empty topic */
	assert_string_equal(doc_topic_image(&second->topics[0])->alt, "Topic picture");
	arena_free(a);
}

static void test_counts_and_the_nth_picture(void **state)
{
	Arena *a = arena_new(4096);
	DocLibrary lib = two_articles(a);
	assert_int_equal(doc_count_topics(&lib), 5);
	assert_int_equal(doc_count_images(&lib), 5);
	/* Reading order: each article's introduction, then its topics. */
	const char *order[] = {"images/lead.png", "images/pic.png", "images/i1.png",
	                       "images/i2.png", "images/t.png"};
	for (size_t i = 0; i < 5; i++) {
		const DocBlock *b = doc_image_at(&lib, i);
		assert_non_null(b);
		assert_int_equal(b->type, DOC_IMAGE);
		assert_string_equal(b->src, order[i]);
	}
	assert_null(doc_image_at(&lib, 5));
	assert_null(doc_image_at(&lib, (size_t)-1));
	DocLibrary none = {NULL, 0};
	assert_int_equal(doc_count_topics(&none), 0);
	assert_int_equal(doc_count_images(&none), 0);
	assert_null(doc_image_at(&none, 0));
	arena_free(a);
}

static void test_block_text_joins_spans_and_truncates(void **state)
{
	Arena *a = arena_new(4096);
	DocLibrary lib = fixture_library(a, FIXTURE_MD);
	/* "Some *text* with **bold** words." in spans of three styles. */
	const DocBlock *b = &lib.articles[0].topics[0].blocks[0];
	assert_true(b->nspans > 1);
	char buf[64];
	size_t n = doc_block_text(b, buf, sizeof(buf));
	assert_string_equal(buf, "Some text with bold words.");
	assert_int_equal(n, strlen("Some text with bold words."));
	/* Too small a buffer: cut, always terminated, the full length
	 * returned. */
	char small[8];
	memset(small, 'z', sizeof(small));
	assert_int_equal(doc_block_text(b, small, sizeof(small)), n);
	assert_string_equal(small, "Some te");
	assert_int_equal(doc_block_text(b, NULL, 0), n);
	/* A picture has no text. */
	const DocBlock *pic = doc_lead_image(&lib.articles[0]);
	assert_int_equal(doc_block_text(pic, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lead_and_topic_pictures),
	    cmocka_unit_test(test_counts_and_the_nth_picture),
	    cmocka_unit_test(test_block_text_joins_spans_and_truncates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
