/* Unit tests for core/markdown: the article structure ('#', '##', '###'),
 * inline styles, lists, images, raw HTML kept as text, entities, and
 * hostile inputs that must parse quickly without crashing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/document/arena.h"
#include "core/document/doc.h"
#include "core/document/markdown.h"

/* Generous: the hostile cases take milliseconds; this only catches
 * runaway (quadratic or worse) behaviour, also under sanitizers. */
#define SLOW_SECONDS 10.0

/* The shape of the built-in article (assets/content/article.md): a lead
 * image before the title, eight topics, sub-headings in two of them, an
 * image inside "How Ketamine Works" and one under "Physical Symptoms". */
static const char SEED[] =
    "![A calm clinic waiting room](images/lead.png)\n"
    "\n"
    "# Is Ketamine Addictive?\n"
    "\n"
    "Ketamine, originally developed as an anesthetic, has gained attention.\n"
    "\n"
    "## Understanding Ketamine\n"
    "\n"
    "Ketamine is classified as a dissociative anesthetic.\n"
    "\n"
    "## Medical Uses of Ketamine\n"
    "\n"
    "In recent years, ketamine has been recognized for rapid effects.\n"
    "\n"
    "Moreover, ketamine is being explored for other conditions.\n"
    "\n"
    "## How Ketamine Works\n"
    "\n"
    "The mechanism of action of ketamine is complex.\n"
    "\n"
    "Additionally, ketamine's dissociative effects can provide detachment.\n"
    "\n"
    "![Brain illustration](images/image1.png)\n"
    "\n"
    "For many patients, the experience of dissociation can serve as respite.\n"
    "\n"
    "## Potential for Misuse\n"
    "\n"
    "Ketamine has been known to produce euphoric effects.\n"
    "\n"
    "## Research Findings\n"
    "\n"
    "Research on the addictive potential of ketamine is still evolving.\n"
    "\n"
    "## Signs of Ketamine Misuse\n"
    "\n"
    "Some common indicators include:\n"
    "\n"
    "### Behavioral Changes\n"
    "\n"
    "Individuals may exhibit noticeable changes in behavior.\n"
    "\n"
    "### Physical Symptoms\n"
    "\n"
    "Physical signs can include changes in appetite.\n"
    "\n"
    "![Person resting](images/image2.png)\n"
    "\n"
    "Users may also experience dissociative episodes.\n"
    "\n"
    "## Safe Use of Ketamine\n"
    "\n"
    "Here are some guidelines for ensuring a positive experience:\n"
    "\n"
    "### Professional Supervision\n"
    "\n"
    "Ketamine should only be administered under supervision.\n"
    "\n"
    "### Informed Consent\n"
    "\n"
    "Patients should be fully informed about the potential risks.\n"
    "\n"
    "## Conclusion\n"
    "\n"
    "In summary, ketamine has shown promise.\n";

static const char *const SEED_TOPICS[] = {
    "Understanding Ketamine", "Medical Uses of Ketamine",
    "How Ketamine Works",     "Potential for Misuse",
    "Research Findings",      "Signs of Ketamine Misuse",
    "Safe Use of Ketamine",   "Conclusion",
};
#define SEED_NTOPICS (sizeof(SEED_TOPICS) / sizeof(SEED_TOPICS[0]))

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

static DocArticle parse_n(void **state, const char *text, size_t len, const char *source)
{
	DocArticle a;
	char err[128] = "";
	memset(&a, 0xA5, sizeof(a));
	int rc = markdown_parse(text, len, source, *state, &a, err, sizeof(err));
	if (rc != 0)
		fail_msg("markdown_parse failed: %s", err);
	return a;
}

static DocArticle parse(void **state, const char *text)
{
	return parse_n(state, text, strlen(text), "test.md");
}

/* A block's text, in a buffer that lives until the next call. */
static const char *text_of(const DocBlock *b)
{
	static char buf[16384];
	doc_block_text(b, buf, sizeof(buf));
	return buf;
}

static const DocTopic *topic_named(const DocArticle *a, const char *name)
{
	for (size_t i = 0; i < a->ntopics; i++)
		if (strcmp(a->topics[i].title, name) == 0)
			return &a->topics[i];
	fail_msg("no topic \"%s\"", name);
	return NULL;
}

/* Index of the sub-heading with this text in blocks, failing if absent. */
static size_t subheading_at(const DocBlock *b, size_t n, const char *text)
{
	for (size_t i = 0; i < n; i++)
		if (b[i].type == DOC_SUBHEADING && strcmp(text_of(&b[i]), text) == 0)
			return i;
	fail_msg("no sub-heading \"%s\"", text);
	return 0;
}

static size_t image_index(const DocBlock *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i].type == DOC_IMAGE)
			return i;
	fail_msg("no image");
	return 0;
}

/* Checks what both the inline fixture and the real article must share;
 * exact_images also checks the fixture's own image paths and alt texts. */
static void check_seed_structure(const DocArticle *a, bool exact_images)
{
	assert_string_equal(a->title, "Is Ketamine Addictive?");
	assert_int_equal(a->ntopics, SEED_NTOPICS);
	for (size_t i = 0; i < SEED_NTOPICS; i++)
		assert_string_equal(a->topics[i].title, SEED_TOPICS[i]);

	/* The lead image comes first, before the intro text. */
	assert_true(a->nintro >= 2);
	assert_int_equal(a->intro[0].type, DOC_IMAGE);
	assert_ptr_equal(doc_lead_image(a), &a->intro[0]);
	assert_true(a->intro[0].alt[0] != '\0');
	assert_int_equal(a->intro[1].type, DOC_PARA);
	assert_true(strncmp(text_of(&a->intro[1]), "Ketamine, originally developed", 30) == 0);

	const DocTopic *works = topic_named(a, "How Ketamine Works");
	const DocBlock *img1 = doc_topic_image(works);
	assert_non_null(img1);
	assert_true(img1->alt[0] != '\0');
	size_t i1 = image_index(works->blocks, works->nblocks);
	assert_true(i1 > 0 && i1 + 1 < works->nblocks); /* text on both sides */

	const DocTopic *signs = topic_named(a, "Signs of Ketamine Misuse");
	assert_int_equal(signs->blocks[0].type, DOC_PARA);
	size_t behav = subheading_at(signs->blocks, signs->nblocks, "Behavioral Changes");
	size_t phys = subheading_at(signs->blocks, signs->nblocks, "Physical Symptoms");
	size_t i2 = image_index(signs->blocks, signs->nblocks);
	assert_true(behav < phys);
	assert_true(phys < i2);
	assert_true(signs->blocks[i2].alt[0] != '\0');

	const DocTopic *safe = topic_named(a, "Safe Use of Ketamine");
	size_t sup = subheading_at(safe->blocks, safe->nblocks, "Professional Supervision");
	size_t con = subheading_at(safe->blocks, safe->nblocks, "Informed Consent");
	assert_true(sup < con);

	/* Only those three images, each in its place. */
	for (size_t t = 0; t < a->ntopics; t++) {
		const DocTopic *topic = &a->topics[t];
		bool want = topic == works || topic == signs;
		assert_int_equal(doc_topic_image(topic) != NULL, want);
	}

	if (exact_images) {
		assert_string_equal(a->intro[0].src, "images/lead.png");
		assert_string_equal(a->intro[0].alt, "A calm clinic waiting room");
		assert_string_equal(img1->src, "images/image1.png");
		assert_string_equal(img1->alt, "Brain illustration");
		assert_string_equal(signs->blocks[i2].src, "images/image2.png");
		assert_string_equal(signs->blocks[i2].alt, "Person resting");
		assert_int_equal(works->nblocks, 4);
		assert_int_equal(signs->nblocks, 7);
	}
}

static void test_seed_fixture(void **state)
{
	DocArticle a = parse_n(state, SEED, sizeof(SEED) - 1, "article.md");
	check_seed_structure(&a, true);
	assert_string_equal(a.source, "article.md");

	DocLibrary lib = {&a, 1};
	assert_int_equal(doc_count_topics(&lib), 8);
	assert_int_equal(doc_count_images(&lib), 3);
}

/* The built-in article, when it is there (tests run from the repo root). */
static void test_builtin_article(void **state)
{
	FILE *f = fopen("assets/content/article.md", "rb");
	if (!f) {
		skip();
		return;
	}
	size_t cap = 1 << 20, len = 0;
	char *buf = malloc(cap);
	assert_non_null(buf);
	size_t n;
	while (len < cap && (n = fread(buf + len, 1, cap - len, f)) > 0)
		len += n;
	fclose(f);
	assert_true(len < cap);

	DocArticle a = parse_n(state, buf, len, "article.md");
	free(buf);
	check_seed_structure(&a, false);
}

static void test_title_from_file_name(void **state)
{
	DocArticle a = parse_n(state, "Just text.\n", 11, "Sleep_Tips.MD");
	assert_string_equal(a.title, "Sleep_Tips");
	assert_string_equal(a.source, "Sleep_Tips.MD");
	assert_int_equal(a.nintro, 1);

	a = parse_n(state, "## Only a topic\n", 16, "usb/Hand washing.md");
	assert_string_equal(a.title, "Hand washing");
	assert_int_equal(a.ntopics, 1);

	a = parse_n(state, "", 0, "notes.txt");
	assert_string_equal(a.title, "notes.txt");

	/* An empty '#' is no title. */
	a = parse_n(state, "#\n\ntext\n", 8, "fallback.md");
	assert_string_equal(a.title, "fallback");
}

static void test_first_h1_wins(void **state)
{
	DocArticle a = parse(state, "# First\n\n## Topic\n\n# Second\n\ntext\n");
	assert_string_equal(a.title, "First");
	assert_int_equal(a.ntopics, 1);
	assert_int_equal(a.topics[0].nblocks, 2);
	assert_int_equal(a.topics[0].blocks[0].type, DOC_SUBHEADING);
	assert_string_equal(text_of(&a.topics[0].blocks[0]), "Second");
}

static void test_heading_text_is_plain(void **state)
{
	DocArticle a =
	    parse(state, "# A *styled* `title` &amp; more\n\n## Topic **one**\n\n### Sub _x_\n");
	assert_string_equal(a.title, "A styled title & more");
	assert_string_equal(a.topics[0].title, "Topic one");
	const DocBlock *sub = &a.topics[0].blocks[0];
	assert_int_equal(sub->type, DOC_SUBHEADING);
	assert_int_equal(sub->nspans, 1);
	assert_int_equal(sub->spans[0].style, 0);
	assert_string_equal(sub->spans[0].text, "Sub x");
}

static void test_subheadings_before_topics_go_to_intro(void **state)
{
	DocArticle a =
	    parse(state, "# T\n\n### Before\n\nintro\n\n#### Deeper\n\n## Topic\n\nbody\n");
	assert_int_equal(a.nintro, 3);
	assert_int_equal(a.intro[0].type, DOC_SUBHEADING);
	assert_string_equal(text_of(&a.intro[0]), "Before");
	assert_int_equal(a.intro[2].type, DOC_SUBHEADING);
	assert_string_equal(text_of(&a.intro[2]), "Deeper");
	assert_int_equal(a.ntopics, 1);
	assert_int_equal(a.topics[0].nblocks, 1);
}

static void test_spans(void **state)
{
	DocArticle a = parse(state, "plain **bold *both*** _it_ `co de` ***x***\n");
	const DocBlock *p = &a.intro[0];
	assert_int_equal(p->type, DOC_PARA);
	struct {
		const char *text;
		unsigned style;
	} want[] = {
	    {"plain ", 0},
	    {"bold ", DOC_BOLD},
	    {"both", DOC_BOLD | DOC_ITALIC},
	    {" ", 0},
	    {"it", DOC_ITALIC},
	    {" ", 0},
	    {"co de", DOC_CODE},
	    {" ", 0},
	    {"x", DOC_BOLD | DOC_ITALIC},
	};
	assert_int_equal(p->nspans, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < p->nspans; i++) {
		assert_int_equal(p->spans[i].len, strlen(want[i].text));
		assert_string_equal(p->spans[i].text, want[i].text);
		assert_int_equal(p->spans[i].style, want[i].style);
	}
}

static void test_same_style_merges(void **state)
{
	DocArticle a = parse(state, "One plain paragraph\nover two lines &amp; an entity.\n\n"
	                            "**All bold\nacross lines**\n\n"
	                            "**a** **b**\n");
	assert_int_equal(a.nintro, 3);
	assert_int_equal(a.intro[0].nspans, 1);
	assert_string_equal(a.intro[0].spans[0].text,
	                    "One plain paragraph over two lines & an entity.");
	assert_int_equal(a.intro[1].nspans, 1);
	assert_int_equal(a.intro[1].spans[0].style, DOC_BOLD);
	assert_string_equal(a.intro[1].spans[0].text, "All bold across lines");
	assert_int_equal(a.intro[2].nspans, 3);
}

static void test_breaks(void **state)
{
	DocArticle a = parse(state, "soft\nbreak, hard  \nbreak, slash\\\nbreak\n");
	assert_string_equal(text_of(&a.intro[0]), "soft break, hard\nbreak, slash\nbreak");
}

static void test_lists(void **state)
{
	DocArticle a = parse(state, "- top a\n"
	                            "  1. one\n"
	                            "  2. two\n"
	                            "     - deep\n"
	                            "- top b\n"
	                            "\n"
	                            "Between.\n"
	                            "\n"
	                            "3. three\n"
	                            "4. four\n");
	struct {
		const char *text;
		int depth, number;
	} want[] = {
	    {"top a", 1, 0}, {"one", 2, 1}, {"two", 2, 2}, {"deep", 3, 0}, {"top b", 1, 0},
	};
	assert_int_equal(a.nintro, 8);
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(a.intro[i].type, DOC_LIST_ITEM);
		assert_string_equal(text_of(&a.intro[i]), want[i].text);
		assert_int_equal(a.intro[i].list_depth, want[i].depth);
		assert_int_equal(a.intro[i].list_number, want[i].number);
	}
	assert_int_equal(a.intro[5].type, DOC_PARA);
	/* An ordered list keeps its start number. */
	assert_int_equal(a.intro[6].list_number, 3);
	assert_int_equal(a.intro[7].list_number, 4);
	assert_int_equal(a.intro[7].list_depth, 1);
}

static void test_list_item_paragraphs_join(void **state)
{
	DocArticle a = parse(state, "1. First **para**\n"
	                            "\n"
	                            "   second para\n"
	                            "2. Next\n");
	assert_int_equal(a.nintro, 2);
	assert_int_equal(a.intro[0].type, DOC_LIST_ITEM);
	assert_string_equal(text_of(&a.intro[0]), "First para\nsecond para");
	assert_int_equal(a.intro[0].list_number, 1);
	assert_int_equal(a.intro[1].list_number, 2);
}

static void test_image_splits_paragraph(void **state)
{
	DocArticle a =
	    parse(state, "Before ![An *alt* text](images/a&amp;b.png \"title\") after.\n\n"
	                 "![alone](x.png)\n\n"
	                 "![one](1.png) ![two](2.png)\n");
	assert_int_equal(a.nintro, 6);
	assert_int_equal(a.intro[0].type, DOC_PARA);
	assert_string_equal(text_of(&a.intro[0]), "Before");
	assert_int_equal(a.intro[1].type, DOC_IMAGE);
	assert_null(a.intro[1].spans);
	assert_string_equal(a.intro[1].src, "images/a&b.png");
	assert_string_equal(a.intro[1].alt, "An alt text");
	assert_int_equal(a.intro[2].type, DOC_PARA);
	assert_string_equal(text_of(&a.intro[2]), "after.");
	/* No empty paragraphs around images standing alone. */
	assert_int_equal(a.intro[3].type, DOC_IMAGE);
	assert_string_equal(a.intro[3].alt, "alone");
	assert_int_equal(a.intro[4].type, DOC_IMAGE);
	assert_int_equal(a.intro[5].type, DOC_IMAGE);
	assert_string_equal(a.intro[5].src, "2.png");
}

static void test_image_without_alt(void **state)
{
	DocArticle a = parse(state, "![](pic.png)\n");
	assert_int_equal(a.nintro, 1);
	assert_string_equal(a.intro[0].alt, "");
	assert_string_equal(a.intro[0].src, "pic.png");
}

static void test_image_in_list_item_follows_it(void **state)
{
	DocArticle a = parse(state, "- Wash ![hands](hands.png) well\n- Dry\n");
	assert_int_equal(a.nintro, 3);
	assert_int_equal(a.intro[0].type, DOC_LIST_ITEM);
	assert_string_equal(text_of(&a.intro[0]), "Wash well");
	assert_int_equal(a.intro[1].type, DOC_IMAGE);
	assert_string_equal(a.intro[1].alt, "hands");
	assert_int_equal(a.intro[2].type, DOC_LIST_ITEM);
}

static void test_quotes_code_links(void **state)
{
	DocArticle a = parse(state, "> Quoted\n> text\n>\n> again\n\n"
	                            "```\nline 1\n  line 2\n```\n\n"
	                            "See [the leaflet](http://example.org/x) now.\n\n"
	                            "---\n\n"
	                            "After the rule.\n");
	assert_int_equal(a.nintro, 5);
	assert_int_equal(a.intro[0].type, DOC_QUOTE);
	assert_string_equal(text_of(&a.intro[0]), "Quoted text");
	assert_int_equal(a.intro[1].type, DOC_QUOTE);
	assert_int_equal(a.intro[2].type, DOC_PARA);
	assert_int_equal(a.intro[2].nspans, 1);
	assert_int_equal(a.intro[2].spans[0].style, DOC_CODE);
	assert_string_equal(a.intro[2].spans[0].text, "line 1\n  line 2");
	assert_string_equal(text_of(&a.intro[3]), "See the leaflet now.");
	assert_string_equal(text_of(&a.intro[4]), "After the rule.");
}

static void test_table_flattens(void **state)
{
	DocArticle a = parse(state, "| Dose | When |\n|---|---|\n| 5 mg | morning |\n");
	assert_int_equal(a.nintro, 2);
	assert_string_equal(text_of(&a.intro[0]), "Dose \u00B7 When");
	assert_string_equal(text_of(&a.intro[1]), "5 mg \u00B7 morning");
}

static void test_raw_html_is_text(void **state)
{
	DocArticle a = parse(state, "Hello <script>x</script> world\n\n<div>\nblock\n</div>\n");
	assert_string_equal(text_of(&a.intro[0]), "Hello <script>x</script> world");
	assert_int_equal(a.intro[0].nspans, 1);
	assert_int_equal(a.nintro, 2);
	assert_string_equal(text_of(&a.intro[1]), "<div> block </div>");
}

static void test_entities(void **state)
{
	DocArticle a = parse(state, "&amp; &lt; &gt; &quot; &#65; &#x1F600; &#X41; &#0; &#1114112; "
	                            "&mdash; &nbsp;|&bogus; &#xD800;\n");
	assert_string_equal(text_of(&a.intro[0]), "& < > \" A \U0001F600 A \uFFFD \uFFFD "
	                                          "\u2014 \u00A0|&bogus; \uFFFD");
}

static void test_invalid_utf8_refused(void **state)
{
	DocArticle a;
	char err[128] = "";
	int rc = markdown_parse("bad \xC3(", 6, "x.md", *state, &a, err, sizeof(err));
	assert_int_equal(rc, -1);
	assert_true(err[0] != '\0');
}

static void test_empty_input(void **state)
{
	DocArticle a = parse_n(state, "", 0, "Empty.md");
	assert_string_equal(a.title, "Empty");
	assert_int_equal(a.ntopics, 0);
	assert_int_equal(a.nintro, 0);

	a = parse_n(state, NULL, 0, "Null.md");
	assert_string_equal(a.title, "Null");

	a = parse(state, "\n\n   \n\t\n");
	assert_int_equal(a.nintro, 0);
}

static void test_nul_bytes(void **state)
{
	static const char text[] = "# T\0itle\n\nab\0cd\n\n\0\n";
	DocArticle a = parse_n(state, text, sizeof(text) - 1, "nul.md");
	assert_string_equal(a.title, "T\uFFFDitle");
	assert_string_equal(text_of(&a.intro[0]), "ab\uFFFDcd");
	assert_int_equal(a.intro[0].spans[0].len, 7);
}

/* Builds count copies of unit followed by tail; caller frees. */
static char *repeat(const char *unit, size_t count, const char *tail, size_t *len)
{
	size_t u = strlen(unit), t = strlen(tail);
	char *s = malloc(u * count + t + 1);
	assert_non_null(s);
	for (size_t i = 0; i < count; i++)
		memcpy(s + i * u, unit, u);
	memcpy(s + u * count, tail, t + 1);
	*len = u * count + t;
	return s;
}

static double seconds_since(clock_t start)
{
	return (double)(clock() - start) / CLOCKS_PER_SEC;
}

static void test_deep_quotes(void **state)
{
	size_t len;
	char *s = repeat("> ", 3000, "deep\n", &len);
	clock_t t0 = clock();
	DocArticle a = parse_n(state, s, len, "q.md");
	assert_true(seconds_since(t0) < SLOW_SECONDS);
	free(s);
	assert_int_equal(a.nintro, 1);
	assert_int_equal(a.intro[0].type, DOC_QUOTE);
	assert_string_equal(text_of(&a.intro[0]), "deep");
}

static void test_deep_lists(void **state)
{
	size_t len;
	char *s = repeat("- ", 3000, "deep\n", &len);
	clock_t t0 = clock();
	DocArticle a = parse_n(state, s, len, "l.md");
	assert_true(seconds_since(t0) < SLOW_SECONDS);
	free(s);
	/* Every outer item is empty; only the innermost holds text. */
	assert_int_equal(a.nintro, 1);
	assert_int_equal(a.intro[0].type, DOC_LIST_ITEM);
	assert_int_equal(a.intro[0].list_depth, 3000);

	/* The same depth written one indented item per line. */
	size_t cap = 3000 * (2 * 3000 + 16), n = 0;
	char *t = malloc(cap);
	assert_non_null(t);
	for (int i = 0; i < 3000; i++) {
		memset(t + n, ' ', (size_t)i * 2);
		n += (size_t)i * 2;
		n += (size_t)snprintf(t + n, cap - n, "- item\n");
	}
	t0 = clock();
	a = parse_n(state, t, n, "l2.md");
	assert_true(seconds_since(t0) < SLOW_SECONDS);
	free(t);
	assert_int_equal(a.nintro, 3000);
	assert_int_equal(a.intro[2999].list_depth, 3000);
}

static void test_deep_mixed_nesting(void **state)
{
	size_t len;
	char *s = repeat("> 1. ", 1500, "x **y** ![z](z.png)\n", &len);
	clock_t t0 = clock();
	DocArticle a = parse_n(state, s, len, "m.md");
	assert_true(seconds_since(t0) < SLOW_SECONDS);
	free(s);
	assert_int_equal(a.nintro, 2);
	assert_int_equal(a.intro[0].list_depth, 1500);
	assert_int_equal(a.intro[1].type, DOC_IMAGE);

	s = repeat("*", 3000, "", &len);
	char *e = repeat("[", 3000, "x", &len);
	char *both = malloc(2 * len + 8);
	assert_non_null(both);
	snprintf(both, 2 * len + 8, "%s\n\n%s\n", s, e);
	a = parse_n(state, both, strlen(both), "e.md");
	free(s);
	free(e);
	free(both);
	assert_true(a.nintro >= 1);
}

static void test_long_word(void **state)
{
	size_t len;
	char *s = repeat("x", 10000, "\n", &len);
	DocArticle a = parse_n(state, s, len, "w.md");
	free(s);
	assert_int_equal(a.nintro, 1);
	assert_int_equal(a.intro[0].nspans, 1);
	assert_int_equal(a.intro[0].spans[0].len, 10000);
}

static void test_many_topics(void **state)
{
	size_t cap = 300 * 64, n = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	for (int i = 0; i < 300; i++)
		n += (size_t)snprintf(s + n, cap - n, "## Topic %d\n\nText %d.\n\n", i, i);
	DocArticle a = parse_n(state, s, n, "many.md");
	free(s);
	assert_int_equal(a.ntopics, 300);
	assert_string_equal(a.topics[299].title, "Topic 299");
	assert_int_equal(a.topics[299].nblocks, 1);
	assert_string_equal(text_of(&a.topics[299].blocks[0]), "Text 299.");
}

/* md4c 0.4.8 reads past the end of a document ending in an unfinished
 * link, which once made it report text gigabytes long. The parser hands it
 * a padded copy; the text comes out as written. Each case sits at the very
 * end of an exactly sized heap block. */
static void test_unfinished_link_at_end(void **state)
{
	static const char *const cases[] = {"[a](b", "![a](b", "x ![a **b**](c", "[a](<b"};
	static const char *const want[] = {"[a](b", "![a](b", "x ![a b](c", "[a](<b"};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = strlen(cases[i]);
		char *p = malloc(n);
		assert_non_null(p);
		memcpy(p, cases[i], n);
		DocArticle a = parse_n(state, p, n, "end.md");
		free(p);
		assert_int_equal(a.nintro, 1);
		assert_string_equal(text_of(&a.intro[0]), want[i]);
	}
}

static void test_error_buffer_optional(void **state)
{
	DocArticle a;
	assert_int_equal(markdown_parse("\xFF", 1, "x.md", *state, &a, NULL, 0), -1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_seed_fixture),
	    T(test_builtin_article),
	    T(test_title_from_file_name),
	    T(test_first_h1_wins),
	    T(test_heading_text_is_plain),
	    T(test_subheadings_before_topics_go_to_intro),
	    T(test_spans),
	    T(test_same_style_merges),
	    T(test_breaks),
	    T(test_lists),
	    T(test_list_item_paragraphs_join),
	    T(test_image_splits_paragraph),
	    T(test_image_without_alt),
	    T(test_image_in_list_item_follows_it),
	    T(test_quotes_code_links),
	    T(test_table_flattens),
	    T(test_raw_html_is_text),
	    T(test_entities),
	    T(test_invalid_utf8_refused),
	    T(test_empty_input),
	    T(test_nul_bytes),
	    T(test_deep_quotes),
	    T(test_deep_lists),
	    T(test_deep_mixed_nesting),
	    T(test_long_word),
	    T(test_many_topics),
	    T(test_unfinished_link_at_end),
	    T(test_error_buffer_optional),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
