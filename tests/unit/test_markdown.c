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

#include <cmocka.h>

#include "core/document/model/arena.h"
#include "core/document/model/doc.h"
#include "core/document/markdown/markdown.h"

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
	assert_string_equal(a.title, "Sleep Tips");
	assert_string_equal(a.source, "Sleep_Tips.MD");
	assert_int_equal(a.nintro, 1);

	a = parse_n(state, "## Only a topic\n", 16, "usb/Hand washing.md");
	assert_string_equal(a.title, "Hand washing");
	assert_int_equal(a.ntopics, 1);

	a = parse_n(state, "", 0, "notes.txt");
	assert_string_equal(a.title, "Notes");

	/* An empty '#' is no title. */
	a = parse_n(state, "#\n\ntext\n", 8, "fallback.md");
	assert_string_equal(a.title, "Fallback");
}

static void test_language_from_front_matter_else_file_name(void **state)
{
	/* The file name's language, left out of the title made from it. */
	DocArticle a = parse_n(state, "Texto.\n", 7, "gripe_estacional.es.md");
	assert_string_equal(a.lang, "es");
	assert_string_equal(a.title, "Gripe estacional");
	/* The front matter says more than the name. */
	const char *fm = "---\nlanguage: pt-BR\n---\n# Gripe\n";
	a = parse_n(state, fm, strlen(fm), "gripe.es.md");
	assert_string_equal(a.lang, "pt-BR");
	/* Something that is no language tag is not taken for one. */
	const char *bad = "---\nlanguage: English please\n---\n# Flu\n";
	a = parse_n(state, bad, strlen(bad), "flu.md");
	assert_string_equal(a.lang, "");
	a = parse_n(state, "x\n", 2, "notes.v2.md");
	assert_string_equal(a.lang, "");
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
	/* A table is one block of rows and cells now, no longer a paragraph
	 * per row (test_pipe_table has the details). */
	DocArticle a = parse(state, "| Dose | When |\n|---|---|\n| 5 mg | morning |\n");
	assert_int_equal(a.nintro, 1);
	assert_int_equal(a.intro[0].type, DOC_TABLE);
	assert_int_equal(a.intro[0].table->nrows, 2);
}

static void test_raw_html_is_text(void **state)
{
	/* Tags are left out and their text shows; a script's never does. */
	DocArticle a = parse(state, "Hello <script>x</script> world\n\n<div>\nblock\n</div>\n");
	assert_string_equal(text_of(&a.intro[0]), "Hello world");
	assert_int_equal(a.intro[0].nspans, 1);
	assert_int_equal(a.nintro, 2);
	assert_string_equal(text_of(&a.intro[1]), "block");
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

static void test_deep_quotes(void **state)
{
	size_t len;
	char *s = repeat("> ", 3000, "deep\n", &len);
	DocArticle a = parse_n(state, s, len, "q.md");
	free(s);
	assert_int_equal(a.nintro, 1);
	assert_int_equal(a.intro[0].type, DOC_QUOTE);
	assert_string_equal(text_of(&a.intro[0]), "deep");
}

static void test_deep_lists(void **state)
{
	size_t len;
	char *s = repeat("- ", 3000, "deep\n", &len);
	DocArticle a = parse_n(state, s, len, "l.md");
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
	a = parse_n(state, t, n, "l2.md");
	free(t);
	assert_int_equal(a.nintro, 3000);
	assert_int_equal(a.intro[2999].list_depth, 3000);
}

static void test_deep_mixed_nesting(void **state)
{
	size_t len;
	char *s = repeat("> 1. ", 1500, "x **y** ![z](z.png)\n", &len);
	DocArticle a = parse_n(state, s, len, "m.md");
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

/* ---- Markdown as tools write it ------------------------------------------ */

/* Every text the article would show, joined: titles, blocks, cells. */
static void all_text(const DocArticle *a, char *out, size_t size)
{
	size_t n = 0;
#define PUT(s)                                                                                     \
	do {                                                                                       \
		int w_ = snprintf(out + n, size - n, "%s\n", (s));                                 \
		if (w_ > 0)                                                                        \
			n += (size_t)w_ < size - n ? (size_t)w_ : size - n - 1;                    \
	} while (0)
	PUT(a->title);
	for (size_t t = 0; t <= a->ntopics; t++) {
		const DocBlock *b = t == 0 ? a->intro : a->topics[t - 1].blocks;
		size_t nb = t == 0 ? a->nintro : a->topics[t - 1].nblocks;
		if (t > 0)
			PUT(a->topics[t - 1].title);
		for (size_t i = 0; i < nb; i++) {
			if (b[i].type == DOC_IMAGE) {
				PUT(b[i].alt);
			} else if (b[i].type == DOC_TABLE) {
				const DocTable *tb = b[i].table;
				PUT(tb->caption);
				for (size_t c = 0; c < tb->nrows * tb->ncols; c++) {
					DocBlock cell = {.spans = tb->cells[c].spans,
					                 .nspans = tb->cells[c].nspans};
					PUT(text_of(&cell));
				}
			} else {
				PUT(text_of(&b[i]));
			}
		}
	}
#undef PUT
}

static void assert_nothing_literal(const DocArticle *a)
{
	static char buf[1 << 16];
	all_text(a, buf, sizeof(buf));
	static const char *const bad[] = {
	    "{#",   "[]{",     "<!--",  "[^", "title:", "{width", "{.",
	    "<div", "<script", "alert", "~~", "^2^",    "-->",    ":::"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strstr(buf, bad[i]))
			fail_msg("\"%s\" shows in:\n%s", bad[i], buf);
}

static bool has_warning(const DocArticle *a, int line, const char *part)
{
	for (size_t i = 0; i < a->nwarnings; i++)
		if ((line < 0 || a->warnings[i].line == line) && strstr(a->warnings[i].msg, part))
			return true;
	return false;
}

static const DocBlock *first_of(const DocBlock *b, size_t n, DocBlockType type)
{
	for (size_t i = 0; i < n; i++)
		if (b[i].type == type)
			return &b[i];
	fail_msg("no block of type %d", type);
	return NULL;
}

static void test_front_matter_is_no_topic(void **state)
{
	DocArticle a = parse_n(state,
	                       "---\n"
	                       "title: \"Flu Vaccination 2024/25\"\n"
	                       "language: en-GB\n"
	                       "reviewed: 2024-09-01\n"
	                       "review_due: 2025-09-01\n"
	                       "attract: [who, when]\n"
	                       "custom: anything else\n"
	                       "---\n"
	                       "\n"
	                       "Intro.\n"
	                       "\n"
	                       "## Who\n\nText.\n",
	                       strlen("---\ntitle: \"Flu Vaccination 2024/25\"\nlanguage: en-GB\n"
	                              "reviewed: 2024-09-01\nreview_due: 2025-09-01\n"
	                              "attract: [who, when]\ncustom: anything else\n---\n\n"
	                              "Intro.\n\n## Who\n\nText.\n"),
	                       "flu.md");
	assert_string_equal(a.title, "Flu Vaccination 2024/25");
	assert_int_equal(a.ntopics, 1);
	assert_string_equal(a.topics[0].title, "Who");
	assert_int_equal(a.nintro, 1);
	assert_string_equal(text_of(&a.intro[0]), "Intro.");
	assert_int_equal(a.intro[0].line, 10);
	assert_int_equal(a.nmeta, 6);
	assert_string_equal(doc_meta_get(&a, "language"), "en-GB");
	assert_string_equal(doc_meta_get(&a, "reviewed"), "2024-09-01");
	assert_string_equal(doc_meta_get(&a, "review_due"), "2025-09-01");
	assert_string_equal(doc_meta_get(&a, "custom"), "anything else");
	assert_string_equal(doc_meta_get(&a, "attract"), "who, when");
	assert_int_equal(a.meta[4].nitems, 2);
	assert_string_equal(a.meta[4].items[1], "when");
	assert_null(doc_meta_get(&a, "missing"));
	assert_nothing_literal(&a);
	assert_int_equal(a.nwarnings, 0);

	/* A '#' title wins over the front matter's. */
	a = parse(state, "---\ntitle: From the header\n---\n\n# From the text\n\n## T\n");
	assert_string_equal(a.title, "From the text");
	assert_string_equal(doc_meta_get(&a, "title"), "From the header");

	/* The front matter's title is Markdown too. */
	a = parse(state, "---\ntitle: \"*Winter* &amp; you\"\n---\n\ntext\n");
	assert_string_equal(a.title, "Winter & you");

	/* Not at the very start: a rule and a setext heading, as CommonMark. */
	a = parse(state, "Intro.\n\n---\ntitle: x\n---\n");
	assert_int_equal(a.ntopics, 1);
	assert_string_equal(a.topics[0].title, "title: x");
}

static void test_title_from_file_name_readable(void **state)
{
	static const struct {
		const char *file, *title;
	} cases[] = {
	    {"flu-vaccination_2024.md", "Flu vaccination 2024"},
	    {"usb/kiosk/winter__advice--2024-25.MD", "Winter advice 2024-25"},
	    {"already Nice.md", "Already Nice"},
	    {"_.md", "_"},
	    {"Über_uns.md", "Über uns"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		DocArticle a = parse_n(state, "text\n", 5, cases[i].file);
		assert_string_equal(a.title, cases[i].title);
	}
}

/* pandoc -s -t markdown of a Word document: the Title in the front matter,
 * Heading 1 as '#', Heading 2 as '##'. */
static void test_word_export_shape(void **state)
{
	DocArticle a = parse(state, "---\n"
	                            "title: Flu Vaccination 2024/25\n"
	                            "---\n"
	                            "\n"
	                            "Every autumn we offer the vaccine.\n"
	                            "\n"
	                            "# Who should get it\n"
	                            "\n"
	                            "Most adults.\n"
	                            "\n"
	                            "## Children\n"
	                            "\n"
	                            "A nose spray.\n"
	                            "\n"
	                            "# When\n"
	                            "\n"
	                            "October.\n");
	assert_string_equal(a.title, "Flu Vaccination 2024/25");
	assert_int_equal(a.nintro, 1);
	assert_int_equal(a.ntopics, 2);
	assert_string_equal(a.topics[0].title, "Who should get it");
	assert_string_equal(a.topics[1].title, "When");
	assert_int_equal(a.topics[0].nblocks, 3);
	assert_int_equal(a.topics[0].blocks[1].type, DOC_SUBHEADING);
	assert_string_equal(text_of(&a.topics[0].blocks[1]), "Children");

	/* Without a front matter title: '#' sections still start topics, and
	 * the title comes from the file name. */
	a = parse_n(state, "# One\n\na\n\n# Two\n\nb\n", 19, "winter-leaflet.md");
	assert_string_equal(a.title, "Winter leaflet");
	assert_int_equal(a.ntopics, 2);
}

static void test_pandoc_attributes_never_show(void **state)
{
	DocArticle a =
	    parse(state, "# Title {#title .big lang=en}\n"
	                 "\n"
	                 "## []{#_Toc152834601 .anchor}Who should get it {#who .unnumbered}\n"
	                 "\n"
	                 "[]{#_Toc152834602 .anchor}Text with a [loose sleeve]{.underline}, "
	                 "a [span]{#s .note key=\"v w\"} and [a link](http://x.org){.external}.\n"
	                 "\n"
	                 "![Our room](images/room.png){width=\"5.8in\"\n"
	                 "height=\"3in\"}\n"
	                 "\n"
	                 "`code`{.python} and [not a span] {.x} and {#kept\n");
	assert_string_equal(a.title, "Title");
	assert_int_equal(a.ntopics, 1);
	assert_string_equal(a.topics[0].title, "Who should get it");
	const DocBlock *b = a.topics[0].blocks;
	assert_string_equal(text_of(&b[0]), "Text with a loose sleeve, a span and a link.");
	/* The underlined span keeps its class as a style. */
	bool underlined = false;
	for (size_t i = 0; i < b[0].nspans; i++)
		if (strcmp(b[0].spans[i].text, "loose sleeve") == 0)
			underlined = b[0].spans[i].style == DOC_UNDERLINE;
	assert_true(underlined);
	assert_int_equal(b[1].type, DOC_IMAGE);
	assert_string_equal(b[1].src, "images/room.png");
	assert_string_equal(b[1].alt, "Our room");
	assert_int_equal(a.topics[0].nblocks, 3);
	/* What is no attribute block stays, and what looks like one that
	 * cannot be taken out is reported with its line. */
	assert_string_equal(text_of(&b[2]), "code and [not a span] {.x} and {#kept");
	assert_true(has_warning(&a, 10, "{.x}"));
	assert_false(has_warning(&a, 3, ""));
}

static void test_html_comments_pictures_and_tags(void **state)
{
	DocArticle a = parse(
	    state, "<!-- A note for the author\n"
	           "over two lines -->\n"
	           "\n"
	           "Before <!-- inline --> after, <b>bold</b> &amp; <span class=x>plain</span>.\n"
	           "\n"
	           "<img src=\"images/front%20door.png\" alt=\"The way &amp; in\">\n"
	           "\n"
	           "<div class=\"notice\">\n"
	           "Open <em>daily</em>.<br>Closed on Sundays.\n"
	           "<script>alert(\"x\")</script>\n"
	           "<style>.a { color: red }</style>\n"
	           "</div>\n"
	           "\n"
	           "Inline <img src='a.png' alt='tiny'> picture.\n"
	           "\n"
	           "```{=html}\n"
	           "<!-- -->\n"
	           "```\n"
	           "\n"
	           "```{=latex}\n"
	           "\\newpage\n"
	           "```\n"
	           "\n"
	           "    <code> stays in code\n");
	assert_nothing_literal(&a);
	assert_int_equal(a.nintro, 7);
	assert_string_equal(text_of(&a.intro[0]), "Before after, bold & plain.");
	assert_int_equal(a.intro[1].type, DOC_IMAGE);
	assert_string_equal(a.intro[1].src, "images/front door.png");
	assert_string_equal(a.intro[1].alt, "The way & in");
	assert_string_equal(text_of(&a.intro[2]), "Open daily.\nClosed on Sundays.");
	assert_string_equal(text_of(&a.intro[3]), "Inline");
	assert_int_equal(a.intro[4].type, DOC_IMAGE);
	assert_string_equal(a.intro[4].alt, "tiny");
	assert_string_equal(text_of(&a.intro[5]), "picture.");
	assert_string_equal(text_of(&a.intro[6]), "<code> stays in code");
	assert_true(has_warning(&a, 4, "<b>"));
	assert_true(has_warning(&a, 8, "<div>"));
	assert_true(has_warning(&a, 8, "<script>"));
	assert_true(has_warning(&a, 20, "latex"));
	/* A comment is what its author meant: no warning. */
	assert_false(has_warning(&a, 1, ""));
}

static void test_strike_sub_super(void **state)
{
	DocArticle a = parse(state, "~~no longer~~ H~2~O 38^o^C, ~5 mg or ~ 6 mg, a^b c^, "
	                            "`x~1~` and \\~y\\~\n");
	const DocBlock *p = &a.intro[0];
	assert_string_equal(text_of(p),
	                    "no longer H2O 38oC, ~5 mg or ~ 6 mg, a^b c^, x~1~ and ~y~");
	struct {
		const char *text;
		unsigned style;
	} want[] = {
	    {"no longer", DOC_STRIKE}, {" H", 0}, {"2", DOC_SUB}, {"O 38", 0}, {"o", DOC_SUPER},
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_string_equal(p->spans[i].text, want[i].text);
		assert_int_equal(p->spans[i].style, want[i].style);
	}
}

static void test_footnotes_at_the_end_of_their_topic(void **state)
{
	DocArticle a = parse(state, "Intro with a note.[^a]\n"
	                            "\n"
	                            "## One\n"
	                            "\n"
	                            "First[^b] and again[^a], then[^c].\n"
	                            "\n"
	                            "## Two\n"
	                            "\n"
	                            "Second[^b] and a missing one[^zz].\n"
	                            "\n"
	                            "[^a]: The intro's note.\n"
	                            "\n"
	                            "[^b]: A note in two paragraphs.\n"
	                            "\n"
	                            "    Its second paragraph, *styled*.\n"
	                            "\n"
	                            "[^c]: Third.\n"
	                            "[^unused]: Nobody refers to me.\n"
	                            "\n"
	                            "```\n"
	                            "[^d]: in code, not a note\n"
	                            "```\n");
	assert_int_equal(a.nintro, 2);
	assert_string_equal(text_of(&a.intro[0]), "Intro with a note.1");
	assert_int_equal(a.intro[0].spans[1].style, DOC_SUPER);
	assert_int_equal(a.intro[1].type, DOC_NOTE);
	assert_int_equal(a.intro[1].list_number, 1);
	assert_string_equal(text_of(&a.intro[1]), "The intro's note.");

	const DocTopic *one = &a.topics[0];
	assert_string_equal(text_of(&one->blocks[0]), "First2 and again1, then3.");
	assert_int_equal(one->nblocks, 3);
	assert_int_equal(one->blocks[1].type, DOC_NOTE);
	assert_int_equal(one->blocks[1].list_number, 2);
	assert_string_equal(text_of(&one->blocks[1]),
	                    "A note in two paragraphs.\nIts second paragraph, styled.");
	assert_int_equal(one->blocks[2].list_number, 3);

	const DocTopic *two = &a.topics[1];
	assert_string_equal(text_of(&two->blocks[0]), "Second2 and a missing one[^zz].");
	assert_true(has_warning(&a, 9, "[^zz]"));
	/* The note nobody refers to still shows, last, and is reported; the
	 * code block keeps its text. */
	const DocBlock *last = &two->blocks[two->nblocks - 1];
	assert_int_equal(last->type, DOC_NOTE);
	assert_int_equal(last->list_number, 4);
	assert_string_equal(text_of(last), "Nobody refers to me.");
	assert_true(has_warning(&a, 18, "unused"));
	assert_string_equal(text_of(&two->blocks[1]), "[^d]: in code, not a note");
}

static const DocTable *table_in(const DocBlock *b, size_t n)
{
	return first_of(b, n, DOC_TABLE)->table;
}

static const char *cell(const DocTable *t, size_t r, size_t c)
{
	DocBlock b = {.spans = t->cells[r * t->ncols + c].spans,
	              .nspans = t->cells[r * t->ncols + c].nspans};
	return text_of(&b);
}

static void test_pipe_table(void **state)
{
	DocArticle a = parse(state, "## Times\n"
	                            "\n"
	                            "| Day | **Open** |\n"
	                            "|:----|-----:|\n"
	                            "| Mon | 9-12 |\n"
	                            "| Tue |\n"
	                            "\n"
	                            "Table: Opening *hours*\n"
	                            "\n"
	                            "After.\n");
	assert_int_equal(a.ntopics, 1);
	const DocTopic *t = &a.topics[0];
	assert_int_equal(t->nblocks, 2);
	const DocTable *tb = table_in(t->blocks, t->nblocks);
	assert_int_equal(tb->nrows, 3);
	assert_int_equal(tb->ncols, 2);
	assert_int_equal(tb->nhead, 1);
	assert_string_equal(cell(tb, 0, 1), "Open");
	assert_int_equal(tb->cells[1].spans[0].style, DOC_BOLD);
	assert_string_equal(cell(tb, 1, 1), "9-12");
	assert_string_equal(cell(tb, 2, 1), "");
	assert_string_equal(tb->caption, "Opening hours");
	assert_string_equal(text_of(&t->blocks[1]), "After.");
	assert_int_equal(t->blocks[0].line, 3);
}

static void test_grid_table(void **state)
{
	DocArticle a = parse(state, "Intro.\n"
	                            "\n"
	                            "+---------------+------------------+\n"
	                            "| Name          | Notes            |\n"
	                            "+===============+==================+\n"
	                            "| Alpha         | Para one         |\n"
	                            "|               |                  |\n"
	                            "|               | Para *two*       |\n"
	                            "+---------------+------------------+\n"
	                            "| Beta          | -   bullet       |\n"
	                            "|               | -   bullet 2     |\n"
	                            "+---------------+------------------+\n"
	                            "| Spans both columns, no wall      |\n"
	                            "+---------------+------------------+\n"
	                            "\n"
	                            ": The caption\n"
	                            "\n"
	                            "After.\n");
	assert_nothing_literal(&a);
	assert_int_equal(a.nintro, 3);
	const DocTable *tb = table_in(a.intro, a.nintro);
	assert_int_equal(a.intro[1].line, 3);
	assert_int_equal(tb->nrows, 4);
	assert_int_equal(tb->ncols, 2);
	assert_int_equal(tb->nhead, 1);
	assert_string_equal(cell(tb, 0, 0), "Name");
	assert_string_equal(cell(tb, 1, 1), "Para one\nPara two");
	assert_string_equal(cell(tb, 2, 1), "\u2022 bullet\n\u2022 bullet 2");
	assert_string_equal(cell(tb, 3, 0), "Spans both columns, no wall");
	assert_string_equal(cell(tb, 3, 1), "");
	assert_string_equal(tb->caption, "The caption");
	assert_string_equal(text_of(&a.intro[2]), "After.");
}

static void test_simple_and_multiline_tables(void **state)
{
	DocArticle a = parse(state, "  Right     Left\n"
	                            "-------     ------\n"
	                            "     12     12\n"
	                            "    123     abc\n"
	                            "\n"
	                            "  -----------------------------------------------\n"
	                            "  Group                   Where\n"
	                            "  ----------------------- -----------------------\n"
	                            "  Adults over 65          Main clinic, room 2,\n"
	                            "                          first floor\n"
	                            "\n"
	                            "  Children                School\n"
	                            "  -----------------------------------------------\n"
	                            "\n"
	                            "  : Where to go\n"
	                            "\n"
	                            "-------- --------\n"
	                            "no       head\n"
	                            "-------- --------\n"
	                            "\n"
	                            "A setext heading, not a table\n"
	                            "-----------------------------\n"
	                            "\n"
	                            "Text.\n");
	assert_nothing_literal(&a);
	assert_int_equal(a.nintro, 3);
	const DocTable *t1 = a.intro[0].table, *t2 = a.intro[1].table, *t3 = a.intro[2].table;
	assert_non_null(t1);
	assert_non_null(t2);
	assert_non_null(t3);
	assert_int_equal(t1->nrows, 3);
	assert_int_equal(t1->nhead, 1);
	assert_string_equal(cell(t1, 0, 0), "Right");
	assert_string_equal(cell(t1, 2, 1), "abc");
	assert_int_equal(t2->nrows, 3);
	assert_int_equal(t2->nhead, 1);
	assert_string_equal(cell(t2, 1, 1), "Main clinic, room 2, first floor");
	assert_string_equal(cell(t2, 2, 0), "Children");
	assert_string_equal(t2->caption, "Where to go");
	assert_int_equal(t3->nrows, 1);
	assert_int_equal(t3->nhead, 0);
	assert_string_equal(cell(t3, 0, 1), "head");
	assert_int_equal(a.ntopics, 1);
	assert_string_equal(a.topics[0].title, "A setext heading, not a table");
}

static void test_lettered_and_nested_lists(void **state)
{
	DocArticle a = parse(state, "a.  first\n"
	                            "b.  second\n"
	                            "    i.  inner\n"
	                            "    ii. inner two\n"
	                            "        - deepest\n"
	                            "c.  third\n"
	                            "\n"
	                            "Between.\n"
	                            "\n"
	                            "C)  upper from C\n"
	                            "D)  next\n"
	                            "\n"
	                            "(iv) roman in parentheses\n"
	                            "(v) five\n"
	                            "\n"
	                            "B. Smith wrote this line.\n");
	struct {
		const char *text, *mark;
		int depth;
	} want[] = {
	    {"first", "a.", 1},       {"second", "b.", 1},
	    {"inner", "i.", 2},       {"inner two", "ii.", 2},
	    {"deepest", "\u2013", 3}, {"third", "c.", 1},
	    {"Between.", NULL, 0},    {"upper from C", "C.", 1},
	    {"next", "D.", 1},        {"roman in parentheses", "iv.", 1},
	    {"five", "v.", 1},        {"B. Smith wrote this line.", NULL, 0},
	};
	assert_int_equal(a.nintro, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < a.nintro; i++) {
		assert_string_equal(text_of(&a.intro[i]), want[i].text);
		if (!want[i].mark) {
			assert_int_equal(a.intro[i].type, DOC_PARA);
			continue;
		}
		char mark[32];
		doc_list_marker(&a.intro[i], mark, sizeof(mark));
		assert_string_equal(mark, want[i].mark);
		assert_int_equal(a.intro[i].list_depth, want[i].depth);
	}
}

static void test_setext_headings(void **state)
{
	DocArticle a =
	    parse(state, "The Title\n=========\n\nIntro.\n\nA Topic\n-------\n\nText.\n");
	assert_string_equal(a.title, "The Title");
	assert_int_equal(a.ntopics, 1);
	assert_string_equal(a.topics[0].title, "A Topic");
}

static void test_picture_paths_as_files_are_named(void **state)
{
	DocArticle a = parse(state, "![Our waiting room](images/Waiting Room.jpg)\n"
	                            "\n"
	                            "![Angle](<images/Waiting Room.jpg>)\n"
	                            "\n"
	                            "![Titled](images/Waiting Room.jpg \"A title\")\n"
	                            "\n"
	                            "![Coded](images/my%20photo.jpg)\n"
	                            "\n"
	                            "![Here](./images/./here.png)\n"
	                            "\n"
	                            "![Slash](images/a%2Fb.png)\n"
	                            "\n"
	                            "`![Code](not a picture.png)`\n");
	static const char *const want[] = {
	    "images/Waiting Room.jpg", "images/Waiting Room.jpg", "images/Waiting Room.jpg",
	    "images/my photo.jpg",     "images/here.png",         "images/a%2Fb.png",
	};
	assert_int_equal(a.nintro, 7);
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(a.intro[i].type, DOC_IMAGE);
		assert_string_equal(a.intro[i].src, want[i]);
	}
	assert_string_equal(a.intro[2].alt, "Titled");
	assert_string_equal(text_of(&a.intro[6]), "![Code](not a picture.png)");
	assert_true(has_warning(&a, 7, "my%20photo.jpg"));
	assert_false(has_warning(&a, 9, ""));
	assert_int_equal(a.intro[3].line, 7);
}

/* Hostile shapes of the new syntax: each parses whole (the unit runner
 * stops a test that runs away). */
static void test_hostile_pandoc_markup(void **state)
{
	static const char *const units[] = {
	    "[",    "]{#a}", "[]{",    "{#",          "~~",        "~a",
	    "^a",   "[^1]",  "<!--",   "<b>",         "<script>",  "{=html}",
	    "a.  ", "(i) ",  "+--+\n", "---- ----\n", "[^x]: y\n", "![](a b",
	};
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		size_t len;
		char *s = repeat(units[u], 20000, "\n", &len);
		DocArticle a = parse_n(state, s, len, "h.md");
		free(s);
		assert_true(a.nwarnings <= MARKDOWN_WARNINGS_MAX + 1);
	}
	/* A wide, tall grid table. */
	size_t cap = 1 << 20, n = 0;
	char *t = malloc(cap);
	assert_non_null(t);
	for (int r = 0; r < 400; r++) {
		for (int c = 0; c < 60; c++)
			n += (size_t)snprintf(t + n, cap - n, "+---");
		n += (size_t)snprintf(t + n, cap - n, "+\n");
		for (int c = 0; c < 60; c++)
			n += (size_t)snprintf(t + n, cap - n, "|%3d", c);
		n += (size_t)snprintf(t + n, cap - n, "|\n");
	}
	for (int c = 0; c < 60; c++)
		n += (size_t)snprintf(t + n, cap - n, "+---");
	n += (size_t)snprintf(t + n, cap - n, "+\n");
	DocArticle a = parse_n(state, t, n, "grid.md");
	free(t);
	assert_int_equal(a.nintro, 1);
	assert_int_equal(a.intro[0].table->nrows, 400);
	assert_int_equal(a.intro[0].table->ncols, 60);
}

static void test_warnings_are_bounded(void **state)
{
	size_t len;
	char *s = repeat("<b>x</b>\n\n", 500, "", &len);
	DocArticle a = parse_n(state, s, len, "w.md");
	free(s);
	assert_int_equal(a.nwarnings, MARKDOWN_WARNINGS_MAX + 1);
	assert_int_equal(a.warnings[0].line, 1);
	assert_true(strstr(a.warnings[MARKDOWN_WARNINGS_MAX].msg, "450 more"));
}

static void test_broken_grid_table_is_reported(void **state)
{
	DocArticle a =
	    parse(state, "Intro.\n\n+-----+-----+\n| a   | b   |\n| c   | d   |\n\nAfter.\n");
	assert_true(has_warning(&a, 3, "grid table"));
	for (size_t i = 0; i < a.nintro; i++)
		assert_int_not_equal(a.intro[i].type, DOC_TABLE);
}

static void test_picture_in_a_table_is_reported(void **state)
{
	DocArticle a = parse(state, "| a | ![The lungs](lungs.png) |\n|---|---|\n\n"
	                            "+-----+--------------------+\n"
	                            "| b   | ![Heart](heart.png) |\n"
	                            "+-----+--------------------+\n");
	assert_int_equal(a.nintro, 2);
	assert_string_equal(cell(a.intro[0].table, 0, 1), "The lungs");
	assert_string_equal(cell(a.intro[1].table, 0, 1), "Heart");
	assert_true(has_warning(&a, 1, "caption"));
	assert_true(has_warning(&a, 5, "caption"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_seed_fixture),
	    T(test_builtin_article),
	    T(test_title_from_file_name),
	    T(test_language_from_front_matter_else_file_name),
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
	    T(test_front_matter_is_no_topic),
	    T(test_title_from_file_name_readable),
	    T(test_word_export_shape),
	    T(test_pandoc_attributes_never_show),
	    T(test_html_comments_pictures_and_tags),
	    T(test_strike_sub_super),
	    T(test_footnotes_at_the_end_of_their_topic),
	    T(test_pipe_table),
	    T(test_grid_table),
	    T(test_simple_and_multiline_tables),
	    T(test_lettered_and_nested_lists),
	    T(test_setext_headings),
	    T(test_picture_paths_as_files_are_named),
	    T(test_hostile_pandoc_markup),
	    T(test_warnings_are_bounded),
	    T(test_broken_grid_table_is_reported),
	    T(test_picture_in_a_table_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
