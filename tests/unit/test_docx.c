/* docx: WordprocessingML -> document model, from XML written here (the
 * mapping is pure: parts go in as buffers), the zip container's limits on
 * zips built in memory with libzip, and the hostile inputs the reader must
 * refuse quickly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/document/word/docx.h"
#include "core/package/pkg.h"
#include "core/document/model/utf8.h"
#include "core/document/ooxml/opc.h"
#include "core/document/ooxml/wordml.h"
#include "core/document/ooxml/xml.h"
#include "core/review/date.h"
#include "core/review/review.h"

#define NS                                                                                         \
	"xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "                \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "         \
	"xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "     \
	"xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "                       \
	"xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "                \
	"xmlns:v=\"urn:schemas-microsoft-com:vml\" "                                               \
	"xmlns:o=\"urn:schemas-microsoft-com:office:office\""

#define DOC(body) "<w:document " NS "><w:body>" body "</w:body></w:document>"
#define STYLES(s) "<w:styles " NS ">" s "</w:styles>"
#define P(style, text)                                                                             \
	"<w:p><w:pPr><w:pStyle w:val=\"" style "\"/></w:pPr><w:r><w:t>" text "</w:t></w:r></w:p>"
#define T(text) "<w:p><w:r><w:t xml:space=\"preserve\">" text "</w:t></w:r></w:p>"
#define LI(num, lvl, text)                                                                         \
	"<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" #lvl "\"/><w:numId w:val=\"" #num                  \
	"\"/></w:numPr></w:pPr><w:r><w:t>" text "</w:t></w:r></w:p>"

static const char BASIC_STYLES[] = STYLES(
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
    "</w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/>"
    "<w:basedOn w:val=\"Normal\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading3\"><w:name w:val=\"heading 3\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"TOC1\"><w:name w:val=\"toc 1\"/></w:style>");

typedef struct {
	Arena *arena;
	DocArticle a;
	char err[256];
} Fx;

static bool has_warning(const Fx *fx, const char *part)
{
	for (size_t i = 0; i < fx->a.nwarnings; i++)
		if (strstr(fx->a.warnings[i].msg, part))
			return true;
	return false;
}

static int map(Fx *fx, DocxParts *parts, const char *source)
{
	memset(fx, 0, sizeof(*fx));
	fx->arena = arena_new(4096);
	return docx_map(parts, source, fx->arena, &fx->a, fx->err, sizeof(fx->err));
}

/* The body alone with the basic styles. */
static int map_body(Fx *fx, const char *document)
{
	DocxParts parts = {.document = document,
	                   .document_len = strlen(document),
	                   .styles = BASIC_STYLES,
	                   .styles_len = strlen(BASIC_STYLES)};
	return map(fx, &parts, "leaflet.docx");
}

static void fx_free(Fx *fx)
{
	arena_free(fx->arena);
}

static const char *text_of(const DocBlock *b)
{
	static char buf[1024];
	doc_block_text(b, buf, sizeof(buf));
	return buf;
}

/* ---- title, topics, introduction ------------------------------------------ */

static void test_title_style_wins(void **state)
{
	Fx fx;
	const char *core = "<cp:coreProperties "
	                   "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/"
	                   "core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
	                   "<dc:title>From properties</dc:title></cp:coreProperties>";
	const char *doc = DOC(P("Title", "Flu Vaccination") T("Intro.") P("Heading1", "Who")
	                          T("Over 65.") P("Heading1", "Where") T("Front desk."));
	DocxParts parts = {.document = doc,
	                   .document_len = strlen(doc),
	                   .styles = BASIC_STYLES,
	                   .styles_len = strlen(BASIC_STYLES),
	                   .core = core,
	                   .core_len = strlen(core)};
	assert_int_equal(map(&fx, &parts, "leaflet.docx"), 0);
	assert_string_equal(fx.a.title, "Flu Vaccination");
	assert_string_equal(fx.a.source, "leaflet.docx");
	assert_int_equal(fx.a.nintro, 1);
	assert_string_equal(text_of(&fx.a.intro[0]), "Intro.");
	assert_int_equal(fx.a.ntopics, 2);
	assert_string_equal(fx.a.topics[0].title, "Who");
	assert_string_equal(fx.a.topics[1].title, "Where");
	assert_int_equal(fx.a.topics[1].nblocks, 1);
	assert_string_equal(text_of(&fx.a.topics[1].blocks[0]), "Front desk.");
	fx_free(&fx);

	/* Without a Title paragraph the properties' title is used. */
	const char *doc2 = DOC(T("Intro.") P("Heading1", "Who") T("x"));
	parts.document = doc2;
	parts.document_len = strlen(doc2);
	assert_int_equal(map(&fx, &parts, "leaflet.docx"), 0);
	assert_string_equal(fx.a.title, "From properties");
	fx_free(&fx);
}

static void test_title_from_file_name(void **state)
{
	Fx fx;
	assert_int_equal(map_body(&fx, DOC(T("Intro.") P("Heading1", "Who") T("x"))), 0);
	assert_string_equal(fx.a.title, "Leaflet");
	fx_free(&fx);
	const char *doc = DOC(T("Intro."));
	DocxParts parts = {.document = doc, .document_len = strlen(doc)};
	assert_int_equal(map(&fx, &parts, "flu-vaccination_2024.docx"), 0);
	assert_string_equal(fx.a.title, "Flu vaccination 2024");
	assert_int_equal(fx.a.ntopics, 0);
	assert_int_equal(fx.a.nintro, 1);
	fx_free(&fx);
}

/* Word translates style ids ("berschrift1"); names and outline levels
 * say what they are, and a house style inherits through basedOn. */
static void test_localized_styles_and_based_on(void **state)
{
	static const char styles[] = STYLES(
	    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Standard\"><w:name "
	    "w:val=\"Normal\"/></w:style>"
	    "<w:style w:type=\"paragraph\" w:styleId=\"Titel\"><w:name w:val=\"Title\"/></w:style>"
	    "<w:style w:type=\"paragraph\" w:styleId=\"berschrift1\"><w:name w:val=\"heading 1\"/>"
	    "<w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>"
	    "<w:style w:type=\"paragraph\" w:styleId=\"Thema\"><w:name w:val=\"Klinik Thema\"/>"
	    "<w:basedOn w:val=\"berschrift1\"/></w:style>"
	    "<w:style w:type=\"paragraph\" w:styleId=\"Zwischen\"><w:name w:val=\"Zwischen\"/>"
	    "<w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style>"
	    "<w:style w:type=\"paragraph\" w:styleId=\"Loop1\"><w:name w:val=\"Loop1\"/>"
	    "<w:basedOn w:val=\"Loop2\"/></w:style>"
	    "<w:style w:type=\"paragraph\" w:styleId=\"Loop2\"><w:name w:val=\"Loop2\"/>"
	    "<w:basedOn w:val=\"Loop1\"/></w:style>");
	const char *doc = DOC(P("Titel", "Grippe") P("berschrift1", "Erstens") P(
	    "Zwischen", "Unter") T("a") P("Thema", "Zweitens") P("Loop1", "b"));
	DocxParts parts = {.document = doc,
	                   .document_len = strlen(doc),
	                   .styles = styles,
	                   .styles_len = strlen(styles)};
	Fx fx;
	assert_int_equal(map(&fx, &parts, "x.docx"), 0);
	assert_string_equal(fx.a.title, "Grippe");
	assert_int_equal(fx.a.ntopics, 2);
	assert_string_equal(fx.a.topics[0].title, "Erstens");
	assert_int_equal(fx.a.topics[0].blocks[0].type, DOC_SUBHEADING);
	assert_string_equal(text_of(&fx.a.topics[0].blocks[0]), "Unter");
	assert_string_equal(fx.a.topics[1].title, "Zweitens");
	/* A basedOn cycle ends; the paragraph is plain text. */
	assert_int_equal(fx.a.topics[1].blocks[0].type, DOC_PARA);
	fx_free(&fx);
}

static void test_highest_heading_level_starts_topics(void **state)
{
	Fx fx;
	assert_int_equal(map_body(&fx, DOC(T("Intro.") P("Heading2", "One") T("a")
	                                       P("Heading3", "Sub") T("b") P("Heading2", "Two"))),
	                 0);
	assert_int_equal(fx.a.ntopics, 2);
	assert_string_equal(fx.a.topics[0].title, "One");
	assert_int_equal(fx.a.topics[0].nblocks, 3);
	assert_int_equal(fx.a.topics[0].blocks[1].type, DOC_SUBHEADING);
	assert_string_equal(fx.a.topics[1].title, "Two");
	assert_int_equal(fx.a.topics[1].nblocks, 0);
	fx_free(&fx);
}

/* ---- text ---------------------------------------------------------------------- */

static void test_run_formatting(void **state)
{
	static const char styles[] =
	    STYLES("<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"22\"/></w:rPr></w:rPrDefault>"
	           "</w:docDefaults>"
	           "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"N\"><w:name "
	           "w:val=\"Normal\"/></w:style>"
	           "<w:style w:type=\"paragraph\" w:styleId=\"Warn\"><w:name w:val=\"Warning\"/>"
	           "<w:rPr><w:b/></w:rPr></w:style>"
	           "<w:style w:type=\"character\" w:styleId=\"Em\"><w:name w:val=\"Emphasis\"/>"
	           "<w:rPr><w:i/></w:rPr></w:style>");
	const char *doc =
	    DOC("<w:p><w:r><w:t xml:space=\"preserve\">plain </w:t></w:r>"
	        "<w:r><w:rPr><w:b/></w:rPr><w:t>bold</w:t></w:r>"
	        "<w:r><w:rPr><w:i w:val=\"1\"/><w:u w:val=\"single\"/></w:rPr><w:t> iu</w:t></w:r>"
	        "<w:r><w:rPr><w:u w:val=\"none\"/><w:b w:val=\"0\"/></w:rPr><w:t> off</w:t></w:r>"
	        "<w:r><w:rPr><w:vanish/></w:rPr><w:t> HIDDEN</w:t></w:r>"
	        "<w:r><w:rPr><w:rStyle w:val=\"Em\"/></w:rPr><w:t> em</w:t></w:r>"
	        "<w:r><w:rPr><w:strike/></w:rPr><w:t> struck</w:t></w:r>"
	        "<w:r><w:rPr><w:vertAlign w:val=\"subscript\"/></w:rPr><w:t>2</w:t></w:r>"
	        "<w:r><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr><w:t>3</w:t></w:r></w:p>"
	        "<w:p><w:pPr><w:pStyle w:val=\"Warn\"/><w:rPr><w:i/></w:rPr></w:pPr>"
	        "<w:r><w:t>strong </w:t></w:r><w:r><w:rPr><w:b w:val=\"false\"/></w:rPr>"
	        "<w:t>not</w:t></w:r></w:p>");
	DocxParts parts = {.document = doc,
	                   .document_len = strlen(doc),
	                   .styles = styles,
	                   .styles_len = strlen(styles)};
	Fx fx;
	assert_int_equal(map(&fx, &parts, "x.docx"), 0);
	assert_int_equal(fx.a.nintro, 2);
	const DocBlock *b = &fx.a.intro[0];
	assert_string_equal(text_of(b), "plain bold iu off em struck23");
	assert_int_equal(b->nspans, 8);
	assert_int_equal(b->spans[0].style, 0);
	assert_int_equal(b->spans[1].style, DOC_BOLD);
	assert_string_equal(b->spans[2].text, " iu");
	assert_int_equal(b->spans[2].style, DOC_ITALIC | DOC_UNDERLINE);
	assert_int_equal(b->spans[3].style, 0);
	assert_int_equal(b->spans[4].style, DOC_ITALIC);
	assert_int_equal(b->spans[5].style, DOC_STRIKE);
	assert_int_equal(b->spans[6].style, DOC_SUB);
	assert_int_equal(b->spans[7].style, DOC_SUPER);
	/* The paragraph style's bold; the paragraph mark's italic is not
	 * the text's. */
	b = &fx.a.intro[1];
	assert_int_equal(b->nspans, 2);
	assert_int_equal(b->spans[0].style, DOC_BOLD);
	assert_int_equal(b->spans[1].style, 0);
	fx_free(&fx);
}

/* What a symbol font draws in Word and the kiosk cannot: a w:sym with no
 * character for it is left out, letters typed in Wingdings show as
 * letters; each is a warning naming the font, once. The paragraph mark's
 * font is no text's. */
static void test_symbol_fonts_are_warned_of(void **state)
{
	// clang-format off
	const char *doc = DOC(
	    "<w:p><w:pPr><w:rPr><w:rFonts w:ascii=\"Wingdings\"/></w:rPr></w:pPr>"
	        "<w:r><w:t>Plain.</w:t></w:r></w:p>");
	// clang-format on
	Fx fx;
	assert_int_equal(map_body(&fx, doc), 0);
	assert_int_equal(fx.a.nwarnings, 0);
	fx_free(&fx);
	// clang-format off
	doc = DOC(
	    "<w:p><w:r><w:t xml:space=\"preserve\">Done </w:t></w:r>"
	        "<w:r><w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/></w:r>"
	        "<w:r><w:rPr><w:rFonts w:ascii=\"Wingdings 2\" w:hAnsi=\"Wingdings 2\"/></w:rPr>"
	            "<w:t>P</w:t></w:r>"
	        "<w:r><w:t xml:space=\"preserve\"> after</w:t></w:r>"
	        "<w:r><w:rPr><w:rFonts w:ascii=\"Webdings\"/></w:rPr><w:t>x</w:t></w:r>"
	        "<w:r><w:sym w:font=\"Webdings\" w:char=\"F021\"/></w:r></w:p>");
	// clang-format on
	assert_int_equal(map_body(&fx, doc), 0);
	assert_string_equal(text_of(&fx.a.intro[0]), "Done P afterx");
	assert_int_equal(fx.a.nwarnings, 2);
	assert_string_equal(fx.a.warnings[0].msg,
	                    "a symbol from the \"Wingdings\" font is left out (insert the "
	                    "character itself from an ordinary font, such as \u2713 or \u2192)");
	assert_string_equal(fx.a.warnings[1].msg,
	                    "text in the \"Wingdings 2\" font shows as the letters typed, not as "
	                    "the font's symbols (use the characters themselves from an ordinary "
	                    "font, such as \u2713 or \u2192)");
	assert_int_equal(fx.a.warnings[0].line, 0);
	fx_free(&fx);
}

/* Breaks, tabs, symbols; a link's text shows, not dressed as a link the
 * kiosk cannot follow. */
static void test_breaks_tabs_symbols_hyperlinks(void **state)
{
	// clang-format off
	const char *doc = DOC(
	    "<w:p><w:r><w:t>a</w:t><w:br/><w:t>b</w:t><w:tab/><w:t>c</w:t>"
	        "<w:br w:type=\"page\"/><w:t>d</w:t></w:r>"
	        "<w:r><w:sym w:font=\"Symbol\" w:char=\"F062\"/>"
	            "<w:t xml:space=\"preserve\">-blockers </w:t>"
	        "<w:noBreakHyphen/></w:r>"
	        "<w:hyperlink r:id=\"rId9\"><w:r><w:rPr><w:u w:val=\"single\"/></w:rPr>"
	            "<w:t>the link text</w:t></w:r></w:hyperlink>"
	        "<w:r><w:rPr><w:u w:val=\"single\"/></w:rPr><w:t xml:space=\"preserve\"> under</w:t>"
	        "</w:r></w:p>");
	// clang-format on
	Fx fx;
	assert_int_equal(map_body(&fx, doc), 0);
	const DocBlock *b = &fx.a.intro[0];
	assert_string_equal(text_of(b),
	                    "a\nb\tc d\xCE\xB2-blockers \xE2\x80\x91the link text under");
	assert_int_equal(b->nspans, 2);
	assert_int_equal(b->spans[0].style, 0);
	assert_int_equal(b->spans[1].style, DOC_UNDERLINE);
	/* A Symbol font's beta is a character: nothing to warn of. */
	assert_int_equal(fx.a.nwarnings, 0);
	fx_free(&fx);
}

/* Accepted text: insertions and moves in kept, deletions and the moved
 * away text out, old formatting of a change ignored. */
static void test_tracked_changes(void **state)
{
	Fx fx;
	assert_int_equal(
	    map_body(&fx,
	             DOC("<w:p><w:ins w:id=\"1\"><w:r><w:t xml:space=\"preserve\">new </w:t></w:r>"
	                 "</w:ins><w:del w:id=\"2\"><w:r><w:delText>old </w:delText></w:r></w:del>"
	                 "<w:moveFrom w:id=\"3\"><w:r><w:t>away </w:t></w:r></w:moveFrom>"
	                 "<w:moveTo w:id=\"4\"><w:r><w:t xml:space=\"preserve\">here </w:t></w:r>"
	                 "</w:moveTo><w:r><w:rPr><w:rPrChange w:id=\"5\"><w:rPr><w:b/></w:rPr>"
	                 "</w:rPrChange></w:rPr><w:t>end</w:t></w:r></w:p>")),
	    0);
	assert_string_equal(text_of(&fx.a.intro[0]), "new here end");
	assert_int_equal(fx.a.intro[0].nspans, 1);
	assert_int_equal(fx.a.intro[0].spans[0].style, 0);
	fx_free(&fx);
}

/* Field results show, instructions do not; a table of contents (as a
 * field, as a content control, or by its styles) goes; comment marks do
 * not leave text. */
static void test_fields_toc_comments(void **state)
{
	// clang-format off
	const char *doc = DOC(
	    "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/>"
	    "</w:docPartObj></w:sdtPr><w:sdtContent>"
	        T("In the sdt")
	    "</w:sdtContent></w:sdt>"
	    "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
	        "<w:r><w:instrText> TOC \\o \"1-3\" </w:instrText></w:r>"
	        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
	        "<w:r><w:t>Entry one 2</w:t></w:r></w:p>"
	    T("Entry two 3")
	    "<w:p><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t>after</w:t></w:r></w:p>"
	    P("TOC1", "styled entry")
	    "<w:p><w:r><w:t xml:space=\"preserve\">Page </w:t></w:r>"
	        "<w:fldSimple w:instr=\" PAGE \"><w:r><w:t>7</w:t></w:r></w:fldSimple>"
	        "<w:r><w:t xml:space=\"preserve\"> of </w:t></w:r>"
	        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
	        "<w:r><w:instrText> NUMPAGES </w:instrText></w:r>"
	        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
	        "<w:r><w:t>9</w:t></w:r>"
	        "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
	        "<w:commentRangeStart w:id=\"0\"/><w:r><w:t>.</w:t></w:r>"
	        "<w:commentRangeEnd w:id=\"0\"/>"
	        "<w:r><w:commentReference w:id=\"0\"/></w:r></w:p>"
	    "<w:p><w:fldSimple w:instr=\"TOC \\o\"><w:r><w:t>simple toc</w:t></w:r>"
	        "</w:fldSimple></w:p>");
	// clang-format on
	Fx fx;
	assert_int_equal(map_body(&fx, doc), 0);
	assert_int_equal(fx.a.nintro, 2);
	assert_string_equal(text_of(&fx.a.intro[0]), "after");
	assert_string_equal(text_of(&fx.a.intro[1]), "Page 7 of 9.");
	fx_free(&fx);
}

/* A content control still showing its prompt is left out (its text is
 * Word's, not the author's); a filled one shows; a chunk pasted in from
 * another file cannot be shown, and says so. */
static void test_content_controls_and_chunks(void **state)
{
	// clang-format off
	const char *doc = DOC(
	    "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
	        T("Click or tap here to enter text.")
	    "</w:sdtContent></w:sdt>"
	    "<w:sdt><w:sdtPr><w:alias w:val=\"Name\"/></w:sdtPr><w:sdtContent>"
	        T("Filled in")
	    "</w:sdtContent></w:sdt>"
	    "<w:altChunk r:id=\"rId3\"/>");
	// clang-format on
	Fx fx;
	assert_int_equal(map_body(&fx, doc), 0);
	assert_int_equal(fx.a.nintro, 1);
	assert_string_equal(text_of(&fx.a.intro[0]), "Filled in");
	assert_true(has_warning(&fx, "pasted in from another file"));
	fx_free(&fx);
}

/* ---- lists ---------------------------------------------------------------------- */

#define LVL(i, fmt, text)                                                                          \
	"<w:lvl w:ilvl=\"" #i "\"><w:start w:val=\"1\"/><w:numFmt w:val=\"" fmt                    \
	"\"/><w:lvlText w:val=\"" text "\"/></w:lvl>"

// clang-format off
static const char NUMBERING[] =
    "<w:numbering " NS ">"
    "<w:abstractNum w:abstractNumId=\"0\">"
        LVL(0, "bullet", "o") LVL(1, "bullet", "-")
    "</w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"1\">"
        LVL(0, "decimal", "%1.") LVL(1, "lowerLetter", "%2.") LVL(2, "lowerRoman", "%3.")
    "</w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"2\">"
        LVL(0, "upperRoman", "%1.") LVL(1, "upperLetter", "%2)")
    "</w:abstractNum>"
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
    "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>"
    "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"2\"/></w:num>"
    "<w:num w:numId=\"4\"><w:abstractNumId w:val=\"1\"/>"
        "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>"
    "</w:numbering>";
// clang-format on

static void test_lists(void **state)
{
	static const char styles[] = STYLES(
	    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"N\"><w:name "
	    "w:val=\"Normal\"/></w:style>"
	    "<w:style w:type=\"paragraph\" w:styleId=\"LB\"><w:name w:val=\"List Bullet\"/>"
	    "<w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>"
	    "<w:style w:type=\"paragraph\" w:styleId=\"LB2\"><w:name w:val=\"List Bullet 2\"/>"
	    "<w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>");
	// clang-format off
	const char *doc = DOC(
	    LI(1, 0, "dot") LI(1, 1, "dash") P("LB", "styled") P("LB2", "styled deeper")
	    LI(2, 0, "one") LI(2, 1, "one a") LI(2, 1, "one b") LI(2, 2, "one b i")
	    LI(2, 2, "one b ii") LI(2, 0, "two") LI(2, 1, "two a")
	    LI(3, 0, "I") LI(3, 0, "II") LI(3, 1, "II A")
	    LI(4, 0, "restarted")
	    LI(0, 0, "numId 0 is no list") LI(77, 0, "no such list"));
	// clang-format on
	DocxParts parts = {.document = doc,
	                   .document_len = strlen(doc),
	                   .styles = styles,
	                   .styles_len = strlen(styles),
	                   .numbering = NUMBERING,
	                   .numbering_len = strlen(NUMBERING)};
	Fx fx;
	assert_int_equal(map(&fx, &parts, "x.docx"), 0);
#define D DOC_LIST_DECIMAL
#define LA DOC_LIST_LOWER_ALPHA
#define UA DOC_LIST_UPPER_ALPHA
#define LR DOC_LIST_LOWER_ROMAN
#define UR DOC_LIST_UPPER_ROMAN
	struct {
		const char *text;
		int depth, number;
		DocListStyle style;
		const char *marker;
	} want[] = {{"dot", 1, 0, D, "\u2022"},    {"dash", 2, 0, D, "\u2013"},
	            {"styled", 1, 0, D, "\u2022"}, {"styled deeper", 2, 0, D, "\u2013"},
	            {"one", 1, 1, D, "1."},        {"one a", 2, 1, LA, "a."},
	            {"one b", 2, 2, LA, "b."},     {"one b i", 3, 1, LR, "i."},
	            {"one b ii", 3, 2, LR, "ii."}, {"two", 1, 2, D, "2."},
	            {"two a", 2, 1, LA, "a."},     {"I", 1, 1, UR, "I."},
	            {"II", 1, 2, UR, "II."},       {"II A", 2, 1, UA, "A."},
	            {"restarted", 1, 1, D, "1."}};
#undef D
#undef LA
#undef UA
#undef LR
#undef UR
	size_t n = sizeof(want) / sizeof(want[0]);
	assert_int_equal(fx.a.nintro, n + 2);
	for (size_t i = 0; i < n; i++) {
		const DocBlock *b = &fx.a.intro[i];
		assert_int_equal(b->type, DOC_LIST_ITEM);
		assert_string_equal(text_of(b), want[i].text);
		assert_int_equal(b->list_depth, want[i].depth);
		assert_int_equal(b->list_number, want[i].number);
		if (want[i].number)
			assert_int_equal(b->list_style, want[i].style);
		char mark[16];
		doc_list_marker(b, mark, sizeof(mark));
		assert_string_equal(mark, want[i].marker);
	}
	assert_int_equal(fx.a.intro[n].type, DOC_PARA);
	assert_int_equal(fx.a.intro[n + 1].type, DOC_PARA);
	fx_free(&fx);
}

/* ---- tables -------------------------------------------------------------------- */

#define TC(x) "<w:tc>" x "</w:tc>"
#define TR(x) "<w:tr>" x "</w:tr>"
#define TBL(x) "<w:tbl><w:tblPr><w:tblStyle w:val=\"Grid\"/></w:tblPr>" x "</w:tbl>"

static const char *cell_text(const DocTable *t, size_t r, size_t c)
{
	static char buf[256];
	const DocCell *cell = &t->cells[r * t->ncols + c];
	DocBlock b = {.type = DOC_PARA, .spans = cell->spans, .nspans = cell->nspans};
	doc_block_text(&b, buf, sizeof(buf));
	return buf;
}

static void test_tables(void **state)
{
	// clang-format off
	const char *doc = DOC(
	    TBL(TR("<w:trPr><w:tblHeader/></w:trPr>" TC(T("Age")) TC(T("Dose")))
	        TR(TC(T("65+")) TC(T("High") T("dose")))
	        TR("<w:trPr><w:del w:id=\"1\"/></w:trPr>" TC(T("deleted row")) TC(T("x")))
	        TR("<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>" T("both columns") "</w:tc>"))
	    TBL(TR(TC(T("outer") TBL(TR(TC(T("inner")))) T(""))))
	    T("after"));
	// clang-format on
	Fx fx;
	assert_int_equal(map_body(&fx, doc), 0);
	assert_int_equal(fx.a.nintro, 3);
	const DocBlock *b = &fx.a.intro[0];
	assert_int_equal(b->type, DOC_TABLE);
	const DocTable *t = b->table;
	assert_int_equal(t->nrows, 3);
	assert_int_equal(t->ncols, 2);
	assert_int_equal(t->nhead, 1);
	assert_string_equal(t->caption, "");
	assert_string_equal(cell_text(t, 0, 0), "Age");
	assert_string_equal(cell_text(t, 0, 1), "Dose");
	assert_string_equal(cell_text(t, 1, 1), "High\ndose");
	assert_string_equal(cell_text(t, 2, 0), "both columns");
	assert_string_equal(cell_text(t, 2, 1), "");
	/* A table inside a cell is read into that cell. */
	t = fx.a.intro[1].table;
	assert_int_equal(t->nrows, 1);
	assert_int_equal(t->ncols, 1);
	assert_int_equal(t->nhead, 0);
	assert_string_equal(cell_text(t, 0, 0), "outer\ninner");
	assert_string_equal(text_of(&fx.a.intro[2]), "after");
	fx_free(&fx);
}

/* Which first rows are headings, and captions above, below and in the
 * table's own properties. */
static void test_table_heads_and_captions(void **state)
{
	// clang-format off
	static const char styles[] = STYLES(
	    "<w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/>"
	    "</w:style>"
	    "<w:style w:type=\"table\" w:styleId=\"GridTable4\"><w:name w:val=\"Grid Table 4\"/>"
	        "<w:tblStylePr w:type=\"firstRow\"><w:rPr><w:b/></w:rPr></w:tblStylePr></w:style>"
	    "<w:style w:type=\"table\" w:styleId=\"Mine\"><w:name w:val=\"Mine\"/>"
	        "<w:basedOn w:val=\"GridTable4\"/></w:style>");
#define BOLD(x) "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>" x "</w:t></w:r></w:p>"
	const char *doc = DOC(
	    P("Caption", "Table 1: doses")
	    TBL(TR(TC(BOLD("A")) TC(BOLD("B"))) TR(TC(T("1")) TC(T("2"))))
	    "<w:tbl><w:tblPr><w:tblStyle w:val=\"Mine\"/><w:tblLook w:val=\"04A0\"/>"
	        "<w:tblCaption w:val=\"From the table\"/></w:tblPr>"
	        TR(TC(T("H"))) TR(TC(T("v")))
	    "</w:tbl>"
	    "<w:tbl><w:tblPr><w:tblStyle w:val=\"GridTable4\"/><w:tblLook w:firstRow=\"0\"/>"
	        "</w:tblPr>"
	        TR(TC(T("not a head"))) TR(TC(T("v")))
	    "</w:tbl>"
	    P("Caption", "Table 4: below")
	    TBL(TR(TC(BOLD("one row only"))))
	    T("between")
	    P("Caption", "A caption alone"));
	// clang-format on
	DocxParts parts = {.document = doc,
	                   .document_len = strlen(doc),
	                   .styles = styles,
	                   .styles_len = strlen(styles)};
	Fx fx;
	assert_int_equal(map(&fx, &parts, "t.docx"), 0);
	assert_int_equal(fx.a.nintro, 6);
	const DocTable *t = fx.a.intro[0].table;
	assert_string_equal(t->caption, "Table 1: doses");
	assert_int_equal(t->nhead, 1); /* all bold */
	t = fx.a.intro[1].table;
	assert_string_equal(t->caption, "From the table");
	assert_int_equal(t->nhead, 1); /* the style's first row, through basedOn */
	t = fx.a.intro[2].table;
	assert_string_equal(t->caption, "Table 4: below");
	assert_int_equal(t->nhead, 0); /* the style's look turned off */
	t = fx.a.intro[3].table;
	assert_int_equal(t->nhead, 0); /* one row is no heading */
	assert_string_equal(t->caption, "");
	assert_string_equal(text_of(&fx.a.intro[5]), "A caption alone");
	fx_free(&fx);
}

/* A caption longer than any buffer is kept whole, and a list level's text
 * too long for its marker is cut at a whole character, never inside one. */
static void test_long_caption_and_marker(void **state)
{
	(void)state;
	static const char styles[] =
	    STYLES("<w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/>"
	           "</w:style>");
	char caption[1601] = "", level[121] = "";
	for (int i = 0; i < 800; i++)
		strcat(caption, "\u00e9"); /* two bytes each */
	for (int i = 0; i < 40; i++)
		strcat(level, "\u00a7"); /* far past the marker's room */
	char *doc = NULL, *numbering = NULL;
	assert_true(asprintf(&doc,
	                     DOC("<w:p><w:pPr><w:pStyle w:val=\"Caption\"/></w:pPr><w:r><w:t>%s"
	                         "</w:t></w:r></w:p>" TBL(TR(TC(T("1")) TC(LI(1, 0, "item"))))),
	                     caption) > 0);
	assert_true(
	    asprintf(&numbering,
	             "<w:numbering " NS "><w:abstractNum w:abstractNumId=\"0\">"
	             "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
	             "<w:lvlText w:val=\"%%1%s\"/></w:lvl></w:abstractNum>"
	             "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
	             "</w:numbering>",
	             level) > 0);
	DocxParts parts = {.document = doc,
	                   .document_len = strlen(doc),
	                   .styles = styles,
	                   .styles_len = strlen(styles),
	                   .numbering = numbering,
	                   .numbering_len = strlen(numbering)};
	Fx fx;
	assert_int_equal(map(&fx, &parts, "long.docx"), 0);
	assert_int_equal(fx.a.nintro, 1);
	const DocTable *t = fx.a.intro[0].table;
	assert_string_equal(t->caption, caption);
	/* The numbered item in a cell starts with its marker: "1" and as many
	 * whole section signs as fit. */
	const char *cell = cell_text(t, 0, 1);
	assert_true(strncmp(cell, "1\u00a7\u00a7", 5) == 0);
	assert_true(utf8_valid(cell, strlen(cell), NULL));
	assert_non_null(strstr(cell, " item"));
	fx_free(&fx);
	free(doc);
	free(numbering);
}

/* ---- pictures ------------------------------------------------------------------ */

#define INLINE(rid, attrs)                                                                         \
	"<w:r><w:drawing><wp:inline><wp:docPr id=\"1\" name=\"P\" " attrs "/><a:graphic>"          \
	"<a:graphicData><a:blip r:embed=\"" rid "\"/></a:graphicData></a:graphic></wp:inline>"     \
	"</w:drawing></w:r>"
#define ANCHOR(rid, attrs)                                                                         \
	"<w:r><w:drawing><wp:anchor><wp:docPr id=\"2\" name=\"A\" " attrs "/><a:graphic>"          \
	"<a:graphicData><a:blip r:embed=\"" rid "\"/></a:graphicData></a:graphic></wp:anchor>"     \
	"</w:drawing></w:r>"

static void test_pictures(void **state)
{
	OpcRel rel[] = {
	    {"rId1", "image", "word/media/image1.png", false},
	    {"rId2", "image", "word/media/image2.jpeg", false},
	    {"rId3", "image", NULL, true},
	    {"rId4", "image", NULL, false},
	    {"rId5", "image", "word/media/old.png", false},
	};
	OpcRels rels = {rel, 5};
	// clang-format off
	const char *doc = DOC(
	    "<w:p>" INLINE("rId1", "descr=\"Waiting room\" title=\"ignored\"") "</w:p>"
	    P("Heading1", "Topic")
	    "<w:p><w:r><w:t>Text beside.</w:t></w:r>"
	        ANCHOR("rId2", "title=\"Only a title\"") "</w:p>"
	    "<w:p>" INLINE("rId3", "descr=\"linked\"") INLINE("rId4", "descr=\"outside\"")
	        INLINE("rId404", "descr=\"none\"") "</w:p>"
	    "<w:p><w:r><w:pict><v:shape>"
	        "<v:imagedata r:id=\"rId5\" o:title=\"VML picture\"/></v:shape></w:pict></w:r></w:p>"
	    "<w:p>" INLINE("rId1", "descr=\"A picture containing person&#10;&#10;"
	                           "Description automatically generated\"") "</w:p>");
	// clang-format on
	DocxParts parts = {.document = doc,
	                   .document_len = strlen(doc),
	                   .styles = BASIC_STYLES,
	                   .styles_len = strlen(BASIC_STYLES),
	                   .rels = &rels};
	Fx fx;
	assert_int_equal(map(&fx, &parts, "flu.docx"), 0);
	assert_int_equal(fx.a.nintro, 1);
	assert_int_equal(fx.a.intro[0].type, DOC_IMAGE);
	assert_string_equal(fx.a.intro[0].src, "flu.docx/word/media/image1.png");
	assert_string_equal(fx.a.intro[0].alt, "Waiting room");
	assert_ptr_equal(doc_lead_image(&fx.a), &fx.a.intro[0]);
	const DocTopic *t = &fx.a.topics[0];
	assert_int_equal(t->nblocks, 4);
	assert_string_equal(text_of(&t->blocks[0]), "Text beside.");
	assert_int_equal(t->blocks[1].type, DOC_IMAGE);
	assert_string_equal(t->blocks[1].src, "flu.docx/word/media/image2.jpeg");
	assert_string_equal(t->blocks[1].alt, "Only a title");
	assert_string_equal(t->blocks[2].src, "flu.docx/word/media/old.png");
	assert_string_equal(t->blocks[2].alt, "VML picture");
	assert_string_equal(t->blocks[3].alt, "A picture containing person");
	/* Linked, outside and unknown pictures are left out, and said. */
	assert_int_equal(fx.a.nwarnings, 3);
	assert_non_null(strstr(fx.a.warnings[0].msg, "linked from outside the document"));
	assert_non_null(strstr(fx.a.warnings[1].msg, "points outside the document"));
	assert_non_null(strstr(fx.a.warnings[2].msg, "refers to nothing"));
	assert_int_equal(fx.a.warnings[0].line, 0);
	assert_int_equal(docx_picture_split(t->blocks[1].src), strlen("flu.docx"));
	fx_free(&fx);
}

/* A caption paragraph under a picture (Word's Caption style, pandoc's
 * Image Caption based on it) captions a picture without alt text, and is
 * not shown twice when it repeats the alt text. */
static void test_caption_paragraphs(void **state)
{
	static const char styles[] =
	    STYLES("<w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/>"
	           "</w:style><w:style w:type=\"paragraph\" w:styleId=\"ImageCaption\"><w:name "
	           "w:val=\"Image Caption\"/><w:basedOn w:val=\"Caption\"/></w:style>");
	OpcRel rel[] = {{"rId1", "image", "word/media/a.png", false}};
	OpcRels rels = {rel, 1};
	// clang-format off
	const char *doc = DOC(
	    "<w:p>" INLINE("rId1", "descr=\"\"") "</w:p>"
	    P("Caption", "Figure 1: the waiting room")
	    "<w:p>" INLINE("rId1", "descr=\"Same\"") "</w:p>"
	    P("ImageCaption", "Same")
	    "<w:p>" INLINE("rId1", "descr=\"Alt\"") "</w:p>"
	    P("Caption", "Different")
	    P("Caption", "Alone"));
	// clang-format on
	DocxParts parts = {.document = doc,
	                   .document_len = strlen(doc),
	                   .styles = styles,
	                   .styles_len = strlen(styles),
	                   .rels = &rels};
	Fx fx;
	assert_int_equal(map(&fx, &parts, "c.docx"), 0);
	assert_int_equal(fx.a.nintro, 5);
	assert_string_equal(fx.a.intro[0].alt, "Figure 1: the waiting room");
	assert_string_equal(fx.a.intro[1].alt, "Same");
	assert_string_equal(fx.a.intro[2].alt, "Alt");
	assert_string_equal(text_of(&fx.a.intro[3]), "Different");
	assert_string_equal(text_of(&fx.a.intro[4]), "Alone");
	fx_free(&fx);
}

/* A text box's paragraphs follow the paragraph holding it, read once
 * (mc:Choice, not its mc:Fallback copy). */
static void test_text_box(void **state)
{
	// clang-format off
	const char *doc = DOC(
	    "<w:p><w:r><w:t>Before box.</w:t></w:r><w:r><mc:AlternateContent>"
	        "<mc:Choice Requires=\"wps\"><w:drawing><wp:anchor>"
	            "<wp:docPr id=\"3\" name=\"TB\"/><a:graphic><a:graphicData><w:txbxContent>"
	                T("In the box")
	            "</w:txbxContent></a:graphicData></a:graphic>"
	        "</wp:anchor></w:drawing></mc:Choice>"
	        "<mc:Fallback><w:pict><v:textbox><w:txbxContent>"
	            T("In the box")
	        "</w:txbxContent></v:textbox></w:pict></mc:Fallback>"
	    "</mc:AlternateContent></w:r></w:p>");
	// clang-format on
	Fx fx;
	assert_int_equal(map_body(&fx, doc), 0);
	assert_int_equal(fx.a.nintro, 2);
	assert_string_equal(text_of(&fx.a.intro[0]), "Before box.");
	assert_string_equal(text_of(&fx.a.intro[1]), "In the box");
	fx_free(&fx);
}

/* ---- notes ---------------------------------------------------------------------- */

static void test_notes_at_end_of_topic(void **state)
{
	const char *foot = "<w:footnotes " NS "><w:footnote w:type=\"separator\" w:id=\"-1\">"
	                   "<w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
	                   "<w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r>"
	                   "<w:r><w:t xml:space=\"preserve\"> A study.</w:t></w:r></w:p>"
	                   "</w:footnote></w:footnotes>";
	const char *end = "<w:endnotes " NS "><w:endnote w:id=\"1\"><w:p><w:r><w:endnoteRef/>"
	                  "</w:r><w:r><w:t>As of 2024.</w:t></w:r></w:p></w:endnote></w:endnotes>";
	// clang-format off
	const char *doc = DOC(
	    P("Heading1", "One")
	    "<w:p><w:r><w:t>Mild</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r>"
	        "<w:r><w:t>.</w:t></w:r></w:p>"
	    P("Heading1", "Two")
	    "<w:p><w:r><w:t>Dated</w:t></w:r><w:r><w:endnoteReference w:id=\"1\"/></w:r></w:p>"
	    "<w:p><w:r><w:t>More.</w:t></w:r></w:p>");
	// clang-format on
	DocxParts parts = {.document = doc,
	                   .document_len = strlen(doc),
	                   .styles = BASIC_STYLES,
	                   .styles_len = strlen(BASIC_STYLES),
	                   .footnotes = foot,
	                   .footnotes_len = strlen(foot),
	                   .endnotes = end,
	                   .endnotes_len = strlen(end)};
	Fx fx;
	assert_int_equal(map(&fx, &parts, "x.docx"), 0);
	assert_int_equal(fx.a.ntopics, 2);
	const DocTopic *t = &fx.a.topics[0];
	assert_int_equal(t->nblocks, 2);
	/* The note's number in the text, raised. */
	assert_string_equal(text_of(&t->blocks[0]), "Mild1.");
	assert_int_equal(t->blocks[0].nspans, 3);
	assert_string_equal(t->blocks[0].spans[1].text, "1");
	assert_int_equal(t->blocks[0].spans[1].style, DOC_SUPER);
	assert_int_equal(t->blocks[1].type, DOC_NOTE);
	assert_int_equal(t->blocks[1].list_number, 1);
	assert_string_equal(text_of(&t->blocks[1]), "A study.");
	/* Endnotes count on from the footnotes: one series of notes. */
	t = &fx.a.topics[1];
	assert_int_equal(t->nblocks, 3);
	assert_string_equal(text_of(&t->blocks[0]), "Dated2");
	assert_string_equal(text_of(&t->blocks[1]), "More.");
	assert_int_equal(t->blocks[2].type, DOC_NOTE);
	assert_int_equal(t->blocks[2].list_number, 2);
	assert_string_equal(text_of(&t->blocks[2]), "As of 2024.");
	fx_free(&fx);
}

/* ---- hostile XML ---------------------------------------------------------------- */

static void test_doctype_refused(void **state)
{
	Fx fx;
	const char *doc = "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY a \"aaaaaaaa\">"
	                  "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>" DOC(T("&b;"));
	assert_int_equal(map_body(&fx, doc), -1);
	assert_non_null(strstr(fx.err, "DOCTYPE"));
	fx_free(&fx);
	/* In the styles too: every part goes through the same parser. */
	const char *bad_styles = "<!DOCTYPE x SYSTEM \"file:///etc/passwd\">" STYLES("");
	const char *ok = DOC(T("x"));
	DocxParts parts = {.document = ok,
	                   .document_len = strlen(ok),
	                   .styles = bad_styles,
	                   .styles_len = strlen(bad_styles)};
	assert_int_equal(map(&fx, &parts, "x.docx"), -1);
	assert_non_null(strstr(fx.err, "DOCTYPE"));
	fx_free(&fx);
}

static void test_deep_nesting_refused(void **state)
{
	/* 10,000 tables inside each other: refused at the depth bound, after
	 * reading a few hundred bytes of them. */
	const char *open = "<w:tbl><w:tr><w:tc>", *close = "</w:tc></w:tr></w:tbl>";
	size_t depth = 10000, ol = strlen(open), cl = strlen(close);
	const char *head = "<w:document " NS "><w:body>", *tail = "</w:body></w:document>";
	size_t len = strlen(head) + depth * (ol + cl) + strlen(T("x")) + strlen(tail);
	char *doc = malloc(len + 1), *p = doc;
	assert_non_null(doc);
	p += sprintf(p, "%s", head);
	for (size_t i = 0; i < depth; i++)
		p += sprintf(p, "%s", open);
	p += sprintf(p, "%s", T("x"));
	for (size_t i = 0; i < depth; i++)
		p += sprintf(p, "%s", close);
	sprintf(p, "%s", tail);
	Fx fx;
	assert_int_equal(map_body(&fx, doc), -1);
	assert_non_null(strstr(fx.err, "nested too deeply"));
	fx_free(&fx);
	/* Fifty levels are fine, and flattened into the outer cell. */
	p = doc + strlen(head);
	for (size_t i = 0; i < 50; i++)
		p += sprintf(p, "%s", open);
	p += sprintf(p, "%s", T("deep"));
	for (size_t i = 0; i < 50; i++)
		p += sprintf(p, "%s", close);
	sprintf(p, "%s", tail);
	assert_int_equal(map_body(&fx, doc), 0);
	assert_int_equal(fx.a.nintro, 1);
	assert_int_equal(fx.a.intro[0].type, DOC_TABLE);
	assert_string_equal(cell_text(fx.a.intro[0].table, 0, 0), "deep");
	fx_free(&fx);
	free(doc);
}

static void test_broken_xml(void **state)
{
	Fx fx;
	assert_int_equal(map_body(&fx, "<w:document " NS "><w:body><w:p>"), -1);
	assert_non_null(strstr(fx.err, "damaged"));
	fx_free(&fx);
	assert_int_equal(map_body(&fx, ""), -1);
	fx_free(&fx);
	/* Not WordprocessingML at all: nothing to show, but not a crash. */
	assert_int_equal(map_body(&fx, "<html><body><p>hi</p></body></html>"), 0);
	assert_int_equal(fx.a.nintro, 0);
	fx_free(&fx);
}

/* Every w: element the reader acts on is found by its name (the lookup
 * table must stay in strcmp's order, capitals first). */
static void test_element_names(void **state)
{
	static const char *const names[] = {"abstractNum",
	                                    "abstractNumId",
	                                    "altChunk",
	                                    "b",
	                                    "basedOn",
	                                    "body",
	                                    "br",
	                                    "del",
	                                    "drawing",
	                                    "endnoteReference",
	                                    "fldChar",
	                                    "fldSimple",
	                                    "footnoteReference",
	                                    "gridSpan",
	                                    "hyperlink",
	                                    "i",
	                                    "ilvl",
	                                    "instrText",
	                                    "lvl",
	                                    "lvlOverride",
	                                    "lvlText",
	                                    "moveFrom",
	                                    "name",
	                                    "num",
	                                    "numFmt",
	                                    "numId",
	                                    "numPr",
	                                    "numStyleLink",
	                                    "object",
	                                    "outlineLvl",
	                                    "p",
	                                    "pPr",
	                                    "pStyle",
	                                    "pict",
	                                    "r",
	                                    "rPr",
	                                    "rStyle",
	                                    "sdt",
	                                    "sdtContent",
	                                    "sdtPr",
	                                    "showingPlcHdr",
	                                    "start",
	                                    "startOverride",
	                                    "strike",
	                                    "style",
	                                    "sym",
	                                    "t",
	                                    "tab",
	                                    "tbl",
	                                    "tblCaption",
	                                    "tblHeader",
	                                    "tblLook",
	                                    "tblPr",
	                                    "tblStyle",
	                                    "tblStylePr",
	                                    "tcPr",
	                                    "tc",
	                                    "tr",
	                                    "trPr",
	                                    "txbxContent",
	                                    "u",
	                                    "vMerge",
	                                    "vanish",
	                                    "vertAlign"};
	XmlName w = {"http://schemas.openxmlformats.org/wordprocessingml/2006/main", 0, NULL};
	w.nslen = strlen(w.ns);
	assert_int_equal(wml_ns(w), WML_NS_W);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		w.local = names[i];
		if (wml_token(w, WML_NS_W) == WML_OTHER)
			fail_msg("w:%s is not found", names[i]);
	}
	w.local = "notAnElement";
	assert_int_equal(wml_token(w, WML_NS_W), WML_OTHER);
	/* Strict OOXML's namespace is the same vocabulary. */
	XmlName strict = {"http://purl.oclc.org/ooxml/wordprocessingml/main", 0, "p"};
	strict.nslen = strlen(strict.ns);
	assert_int_equal(wml_ns(strict), WML_NS_W);
}

/* ---- the container ----------------------------------------------------------------- */

static void test_resolve(void **state)
{
	struct {
		const char *source, *target, *want;
	} cases[] = {
	    {"word/document.xml", "media/a.png", "word/media/a.png"},
	    {"word/document.xml", "./media/a.png", "word/media/a.png"},
	    {"word/document.xml", "../media/a.png", "media/a.png"},
	    {"word/document.xml", "/word/media/a.png", "word/media/a.png"},
	    {"", "word/document.xml", "word/document.xml"},
	    {"word/document.xml", "media/a.png#frag", "word/media/a.png"},
	    {"word/document.xml", "../../a.png", NULL},
	    {"word/document.xml", "../../../../etc/passwd", NULL},
	    {"word/document.xml", "/../a.png", NULL},
	    {"word/document.xml", "https://example.org/a.png", NULL},
	    {"word/document.xml", "file:///etc/passwd", NULL},
	    {"word/document.xml", "//server/share/a.png", NULL},
	    {"word/document.xml", "media\\a.png", NULL},
	    {"word/document.xml", "", NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = opc_resolve(cases[i].source, cases[i].target);
		if (cases[i].want)
			assert_string_equal(got, cases[i].want);
		else
			assert_null(got);
		free(got);
	}
}

static void test_sniff_and_other_formats(void **state)
{
	static const unsigned char ole[16] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	unsigned char crypt[64] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	const char *name = "EncryptedPackage";
	for (size_t i = 0; name[i]; i++)
		crypt[20 + 2 * i] = (unsigned char)name[i];
	assert_int_equal(opc_sniff(ole, sizeof(ole)), OPC_KIND_OLE_DOC);
	assert_int_equal(opc_sniff(crypt, sizeof(crypt)), OPC_KIND_OLE_CRYPT);
	assert_int_equal(opc_sniff((const unsigned char *)"PK\3\4xx", 6), OPC_KIND_ZIP);
	assert_int_equal(opc_sniff((const unsigned char *)"hello", 5), OPC_KIND_OTHER);
	assert_int_equal(opc_sniff(NULL, 0), OPC_KIND_EMPTY);

	Arena *a = arena_new(1024);
	DocArticle art;
	char err[300];
	assert_int_equal(docx_read(ole, sizeof(ole), "x.docx", a, &art, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "old Word document (.doc)"));
	assert_int_equal(docx_read(crypt, sizeof(crypt), "x.docx", a, &art, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "protected by a password"));
	arena_free(a);

	assert_non_null(strstr(docx_other_format("flu.doc"), "save it as .docx"));
	assert_non_null(strstr(docx_other_format("FLU.ODT"), "LibreOffice"));
	assert_non_null(docx_other_format("a.rtf"));
	assert_null(docx_other_format("flu.docx"));
	assert_null(docx_other_format("notes.txt"));
	assert_null(docx_other_format(".doc"));
	assert_int_equal(docx_picture_split("flu.docx/word/media/a.png"), 8);
	assert_int_equal(docx_picture_split("images/a.png"), 0);
	assert_int_equal(docx_picture_split("flu.docx/"), 0);
	assert_int_equal(docx_picture_split(".docx/a.png"), 0);
}

/* A zip made in memory with libzip: name, data pairs, NULL-terminated. */
static void *make_zip(size_t *len, const char *const *files, const size_t *sizes)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	zip_source_keep(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(z);
	for (size_t i = 0; files[2 * i]; i++) {
		size_t n = sizes ? sizes[i] : strlen(files[2 * i + 1]);
		zip_source_t *s = zip_source_buffer(z, files[2 * i + 1], n, 0);
		assert_true(zip_file_add(z, files[2 * i], s, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	zip_stat_t st;
	assert_int_equal(zip_source_stat(src, &st), 0);
	*len = (size_t)st.size;
	void *buf = malloc(*len);
	assert_int_equal(zip_source_open(src), 0);
	assert_int_equal(zip_source_read(src, buf, *len), (zip_int64_t)*len);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	return buf;
}

#define RELS_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define RT "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static void test_read_whole_document(void **state)
{
	const char *files[] = {
	    "_rels/.rels",
	    "<Relationships xmlns=\"" RELS_NS "\"><Relationship Id=\"r1\" Type=\"" RT
	    "officeDocument\" Target=\"word/main.xml\"/></Relationships>",
	    "word/main.xml",
	    DOC(P("Title", "From a zip") "<w:p>" INLINE("rId7", "descr=\"pic\"") "</w:p>"),
	    "word/_rels/main.xml.rels",
	    "<Relationships xmlns=\"" RELS_NS "\"><Relationship Id=\"rId7\" Type=\"" RT
	    "image\" Target=\"media/a.png\"/><Relationship Id=\"rIdS\" Type=\"" RT
	    "styles\" Target=\"styles.xml\"/></Relationships>",
	    "word/styles.xml",
	    BASIC_STYLES,
	    "word/media/a.png",
	    "not really a png",
	    NULL,
	};
	size_t len;
	void *buf = make_zip(&len, files, NULL);
	Arena *a = arena_new(1024);
	DocArticle art;
	char err[300] = "";
	assert_int_equal(docx_read(buf, len, "z.docx", a, &art, err, sizeof(err)), 0);
	assert_string_equal(art.title, "From a zip");
	assert_int_equal(art.nintro, 1);
	assert_string_equal(art.intro[0].src, "z.docx/word/media/a.png");
	/* The picture part, read back as the checker and the kiosk do. */
	OpcPackage p;
	assert_int_equal(opc_open_buffer(&p, buf, len, err, sizeof(err)), 0);
	char *pic;
	size_t plen;
	assert_int_equal(docx_picture_read(&p, "word/media/a.png", &pic, &plen, err, sizeof(err)),
	                 0);
	assert_int_equal(plen, strlen("not really a png"));
	free(pic);
	assert_int_equal(docx_picture_read(&p, "word/media/b.png", &pic, &plen, err, sizeof(err)),
	                 1);
	assert_non_null(strstr(err, "missing from the document"));
	opc_close(&p);
	arena_free(a);
	free(buf);
}

static void test_container_limits(void **state)
{
	char err[300];
	OpcPackage p;
	/* 2,001 entries. */
	const char **many = calloc(2 * 2001 + 1, sizeof(*many));
	char(*names)[24] = calloc(2001, sizeof(*names));
	for (int i = 0; i < 2001; i++) {
		snprintf(names[i], sizeof(names[i]), "f%d.xml", i);
		many[2 * i] = names[i];
		many[2 * i + 1] = "<a/>";
	}
	size_t len;
	void *buf = make_zip(&len, many, NULL);
	assert_int_equal(opc_open_buffer(&p, buf, len, err, sizeof(err)), -1);
	/* Its words, so that check can say it in the reader's language. */
	assert_non_null(strstr(err, "the document holds too many parts (%lld; at most %d)\x1F"
	                            "2001\x1F"
	                            "2000\x1F"));
	char said[256];
	pkg_err_english(err, said, sizeof(said));
	assert_string_equal(said, "the document holds too many parts (2001; at most 2000)");
	free(buf);
	free(many);
	free(names);

	/* 2 MiB of zeros: far past 100 to 1. */
	size_t big = 2 * 1024 * 1024;
	char *zeros = calloc(1, big);
	const char *bomb[] = {"word/document.xml", zeros, NULL};
	size_t sizes[] = {big};
	buf = make_zip(&len, bomb, sizes);
	assert_int_equal(opc_open_buffer(&p, buf, len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "more than 100 times"));
	free(buf);

	/* 17 MiB in one part (incompressible enough to pass the ratio). */
	size_t huge = 17 * 1024 * 1024;
	char *noise = malloc(huge);
	uint32_t x = 1;
	for (size_t i = 0; i < huge; i++) {
		x = x * 1664525u + 1013904223u;
		noise[i] = (char)(x >> 24);
	}
	const char *large[] = {"word/media/a.bin", noise, NULL};
	size_t lsizes[] = {huge};
	buf = make_zip(&len, large, lsizes);
	assert_int_equal(opc_open_buffer(&p, buf, len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "too large"));
	free(buf);
	free(noise);

	/* A small one passes, and a part comes out whole. */
	const char *small[] = {"a.xml", "<a>hello</a>", NULL};
	buf = make_zip(&len, small, NULL);
	assert_int_equal(opc_open_buffer(&p, buf, len, err, sizeof(err)), 0);
	char *out;
	size_t olen;
	assert_int_equal(opc_read(&p, "A.XML", &out, &olen, err, sizeof(err)), 0);
	assert_string_equal(out, "<a>hello</a>");
	free(out);
	opc_close(&p);
	free(buf);
	free(zeros);

	/* Not a zip, or a cut-off one. */
	assert_int_equal(opc_open_buffer(&p, "PK\3\4 nothing", 12, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "damaged"));
}

/* ---- review dates, from the document's custom properties -------------------- */

#define CUSTOM(props)                                                                              \
	"<Properties "                                                                             \
	"xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" "       \
	"xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">" props \
	"</Properties>"
#define PROP(name, type, value)                                                                    \
	"<property fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"2\" name=\"" name "\">"  \
	"<vt:" type ">" value "</vt:" type "></property>"

static int map_custom(Fx *fx, const char *custom)
{
	static const char doc[] = DOC(P("Title", "Flu") T("Intro.") P("Heading1", "Who") T("All."));
	DocxParts parts = {.document = doc,
	                   .document_len = strlen(doc),
	                   .styles = BASIC_STYLES,
	                   .styles_len = strlen(BASIC_STYLES),
	                   .custom = custom,
	                   .custom_len = custom ? strlen(custom) : 0};
	return map(fx, &parts, "flu.docx");
}

static void test_review_dates_from_custom_properties(void **state)
{
	Fx fx;
	/* As Word writes a date typed in at UTC+2 (the evening before, in
	 * UTC), and as text; other properties are not read. */
	assert_int_equal(map_custom(&fx, CUSTOM(PROP("Department", "lpwstr", "Pharmacy") PROP(
	                                     "Reviewed", "filetime", "2026-10-13T22:00:00Z")
	                                            PROP("Review due", "lpwstr", " 2027-10 "))),
	                 0);
	assert_string_equal(doc_meta_get(&fx.a, "reviewed"), "2026-10-14");
	assert_string_equal(doc_meta_get(&fx.a, "review_due"), "2027-10-01");
	assert_null(doc_meta_get(&fx.a, "Department"));
	Review rv = review_of(&fx.a);
	assert_int_equal(rv.reviewed_y, 2026);
	assert_int_equal(rv.reviewed_m, 10);
	assert_int_equal(rv.due_line, 0);
	assert_false(review_expired(&fx.a, date_from_ymd(2027, 10, 1)));
	assert_true(review_expired(&fx.a, date_from_ymd(2027, 10, 2)));
	assert_int_equal(fx.a.nwarnings, 0);
	fx_free(&fx);

	/* West of Greenwich the same day stays itself; the names in any case
	 * and spelling of front matter. */
	assert_int_equal(
	    map_custom(&fx, CUSTOM(PROP("REVIEWED", "date", "2026-10-14T05:00:00Z")
	                               PROP("review_due", "filetime", "2027-03-31T23:00:00Z"))),
	    0);
	assert_string_equal(doc_meta_get(&fx.a, "reviewed"), "2026-10-14");
	assert_string_equal(doc_meta_get(&fx.a, "review_due"), "2027-04-01");
	fx_free(&fx);

	/* Not a date: said, with the property's name and value, and left
	 * out; the article is read as ever. */
	assert_int_equal(map_custom(&fx, CUSTOM(PROP("Review due", "lpwstr", "next spring")
	                                            PROP("Reviewed", "lpwstr", "2026-13-01"))),
	                 0);
	assert_null(doc_meta_get(&fx.a, "review_due"));
	assert_null(doc_meta_get(&fx.a, "reviewed"));
	assert_true(has_warning(&fx, "Review due: \"next spring\" is not a date"));
	assert_true(has_warning(&fx, "Reviewed: \"2026-13-01\" is not a date"));
	assert_int_equal(fx.a.ntopics, 1);
	fx_free(&fx);

	/* A value far longer than a date is not one, and is quoted short. */
	char big[1024];
	snprintf(big, sizeof(big), CUSTOM(PROP("Reviewed", "lpwstr", "%0400d")), 7);
	assert_int_equal(map_custom(&fx, big), 0);
	assert_null(doc_meta_get(&fx.a, "reviewed"));
	assert_true(has_warning(&fx, "Reviewed: \"0000000000"));
	fx_free(&fx);

	/* Damaged properties cost the dates after the damage, said; a
	 * document without them has none and says nothing. */
	assert_int_equal(map_custom(&fx, CUSTOM(PROP("Reviewed", "lpwstr", "2026-10-14")) "<x"), 0);
	assert_string_equal(doc_meta_get(&fx.a, "reviewed"), "2026-10-14");
	assert_true(has_warning(&fx, "custom properties (docProps/custom.xml) are damaged"));
	fx_free(&fx);
	assert_int_equal(map_custom(&fx, NULL), 0);
	assert_int_equal(fx.a.nmeta, 0);
	assert_int_equal(fx.a.nwarnings, 0);
	fx_free(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_title_style_wins),
	    cmocka_unit_test(test_title_from_file_name),
	    cmocka_unit_test(test_localized_styles_and_based_on),
	    cmocka_unit_test(test_highest_heading_level_starts_topics),
	    cmocka_unit_test(test_run_formatting),
	    cmocka_unit_test(test_breaks_tabs_symbols_hyperlinks),
	    cmocka_unit_test(test_symbol_fonts_are_warned_of),
	    cmocka_unit_test(test_tracked_changes),
	    cmocka_unit_test(test_fields_toc_comments),
	    cmocka_unit_test(test_content_controls_and_chunks),
	    cmocka_unit_test(test_lists),
	    cmocka_unit_test(test_tables),
	    cmocka_unit_test(test_table_heads_and_captions),
	    cmocka_unit_test(test_long_caption_and_marker),
	    cmocka_unit_test(test_pictures),
	    cmocka_unit_test(test_caption_paragraphs),
	    cmocka_unit_test(test_text_box),
	    cmocka_unit_test(test_notes_at_end_of_topic),
	    cmocka_unit_test(test_doctype_refused),
	    cmocka_unit_test(test_deep_nesting_refused),
	    cmocka_unit_test(test_broken_xml),
	    cmocka_unit_test(test_element_names),
	    cmocka_unit_test(test_resolve),
	    cmocka_unit_test(test_sniff_and_other_formats),
	    cmocka_unit_test(test_read_whole_document),
	    cmocka_unit_test(test_container_limits),
	    cmocka_unit_test(test_review_dates_from_custom_properties),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
