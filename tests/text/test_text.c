/* text: the platform's text layer under the core's line breaking, with the
 * real fonts, HarfBuzz, FriBidi and libunibreak (no display: measuring
 * only). Shaping is checked glyph by glyph (joining forms, ligatures,
 * kerning, clusters); whole screens of sample articles are laid out and
 * their display lists (runs in visual order, their direction, where each
 * line breaks) compared with the text dumps in tests/text/golden.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/control/nav.h"
#include "core/document/markdown/markdown.h"
#include "core/document/model/utf8.h"
#include "core/package/glyphs.h"
#include "core/screen/layout.h"
#include "core/text/wrap.h"
#include "golden.h"
#include "platform/display/fonts/fallback.h"
#include "platform/display/fonts/fonts.h"
#include "platform/display/text/shape.h"
#include "platform/display/text/text.h"

static TextCache *text;
static Metrics metrics;

static int m_width(void *ctx, const TextStyle *st, const char *s, size_t len)
{
	return text_width(ctx, st, s, len);
}

static int m_line(void *ctx, FontId f)
{
	return text_line_height(ctx, f);
}

static int m_image(void *ctx, const char *src, int *w, int *h)
{
	*w = 1200;
	*h = 800;
	return 0;
}

static int m_bidi(void *ctx, const char *s, size_t len, TextDir dir, uint8_t *levels)
{
	return text_bidi_levels(ctx, s, len, dir, levels);
}

static size_t m_fit(void *ctx, const TextStyle *st, const char *s, size_t len, int width)
{
	return text_fit(ctx, st, s, len, width);
}

static int m_hyphenate(void *ctx, const char *lang, const char *s, size_t len, uint8_t *can)
{
	return text_hyphenate(ctx, lang, s, len, can);
}

static LayoutMeasure measure(void)
{
	return (LayoutMeasure){.text_width = m_width,
	                       .line_height = m_line,
	                       .image_size = m_image,
	                       .bidi_levels = m_bidi,
	                       .text_fit = m_fit,
	                       .hyphenate = m_hyphenate,
	                       .ctx = text};
}

static int setup(void **state)
{
	char err[256];
	metrics = theme_metrics(1920, 1080, 1.0);
	text = text_new(NULL, "", &metrics, err, sizeof(err));
	if (!text)
		fprintf(stderr, "fonts: %s\n", err);
	return text ? 0 : -1;
}

static int teardown(void **state)
{
	text_free(text);
	return 0;
}

/* ---- shaping -------------------------------------------------------------------- */

static Shaper *shaper(void)
{
	char err[256];
	Shaper *s = shaper_new("", &metrics, err, sizeof(err));
	assert_non_null(s);
	return s;
}

/* The glyph indices of a run, left to right. */
static size_t glyphs(Shaper *s, const char *t, bool rtl, uint32_t *out, size_t max)
{
	TextStyle st = {FONT_BODY, rtl, ""};
	const ShapedRun *r = shaper_run(s, &st, t, strlen(t));
	assert_non_null(r);
	for (size_t i = 0; i < r->n && i < max; i++)
		out[i] = r->g[i].gid;
	return r->n;
}

static void test_arabic_letters_take_their_joining_forms(void **state)
{
	Shaper *s = shaper();
	uint32_t alone[4], three[4];
	assert_int_equal(glyphs(s, "ب", true, alone, 4), 1);
	assert_int_equal(glyphs(s, "ببب", true, three, 4), 3);
	/* Right to left: the leftmost glyph is the final form, the
	 * rightmost the initial one; none is the letter standing alone. */
	assert_int_not_equal(three[0], alone[0]);
	assert_int_not_equal(three[1], alone[0]);
	assert_int_not_equal(three[2], alone[0]);
	assert_int_not_equal(three[0], three[1]);
	assert_int_not_equal(three[1], three[2]);
	/* Lam and alef become one ligature. */
	uint32_t la[4];
	assert_int_equal(glyphs(s, "لا", true, la, 4), 1);
	shaper_free(s);
}

static void test_kerning_and_clusters(void **state)
{
	TextStyle st = {FONT_BODY, false, ""};
	/* DejaVu kerns A against V. */
	int av = text_width(text, &st, "AV", 2);
	int a = text_width(text, &st, "A", 1), v = text_width(text, &st, "V", 1);
	assert_true(av < a + v);
	/* Arabic letters with their vowel marks: a cut never parts a letter
	 * from its mark (each cluster is four bytes). */
	const char *t = "بَبَبَبَبَبَ";
	TextStyle ar = {FONT_BODY, true, "ar"};
	int w = text_width(text, &ar, t, strlen(t));
	for (int cut = 1; cut < w; cut += 3) {
		size_t k = text_fit(text, &ar, t, strlen(t), cut);
		assert_true(k >= 4);
		assert_int_equal(k % 4, 0);
	}
	assert_int_equal(text_fit(text, &ar, t, strlen(t), w), strlen(t));
}

/* The code points of a run's clusters, as the cluster starts in order. */
static size_t clusters(Shaper *s, const char *t, const char *lang, uint32_t *starts, size_t max)
{
	TextStyle st = {FONT_BODY, false, lang};
	const ShapedRun *r = shaper_run(s, &st, t, strlen(t));
	assert_non_null(r);
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++) {
		bool seen = false;
		for (size_t k = 0; k < n; k++)
			seen = seen || starts[k] == r->g[i].cluster;
		if (!seen && n < max)
			starts[n++] = r->g[i].cluster;
	}
	return n;
}

static void test_fallback_fonts_shape_their_scripts(void **state)
{
	Shaper *s = shaper();
	TextStyle st = {FONT_BODY, false, "hi"};
	/* Devanagari from Noto: ka, virama, ssa make one conjunct; the
	 * vowel sign i stands left of the consonant it follows. */
	const ShapedRun *r = shaper_run(s, &st, "क्ष", strlen("क्ष"));
	assert_non_null(r);
	assert_int_equal(r->n, 1);
	uint32_t ka[2], ki[4];
	assert_int_equal(glyphs(s, "क", false, ka, 2), 1);
	st.lang = "hi";
	r = shaper_run(s, &st, "कि", strlen("कि"));
	assert_int_equal(r->n, 2);
	for (size_t i = 0; i < r->n; i++)
		ki[i] = r->g[i].gid;
	assert_int_not_equal(ki[0], ka[0]);
	assert_int_equal(ki[1], ka[0]);
	/* Thai: a consonant with its vowel and tone mark is one cluster. */
	uint32_t starts[8];
	assert_int_equal(clusters(s, "ที่นี่", "th", starts, 8), 2);
	/* The same Han character looks different in Japanese and Chinese:
	 * another face of Noto Sans CJK draws it. */
	TextStyle ja = {FONT_BODY, false, "ja"}, zh = {FONT_BODY, false, "zh"};
	r = shaper_run(s, &ja, "骨", strlen("骨"));
	uint16_t face_ja = r->g[0].face;
	r = shaper_run(s, &zh, "骨", strlen("骨"));
	assert_int_not_equal(r->g[0].face, face_ja);
	/* An emoji comes from the colour emoji font, with its skin tone in
	 * one glyph. */
	TextStyle em = {FONT_BODY, false, ""};
	r = shaper_run(s, &em, "👍🏽", strlen("👍🏽"));
	assert_int_equal(r->n, 1);
	GlyphBitmap bm;
	assert_int_equal(shaper_render(s, r->g[0].face, r->g[0].gid, &bm), 0);
	assert_true(bm.color);
	/* The picture is scaled to the text: about as tall as the font. */
	assert_true(bm.h > metrics.font_px[FONT_BODY] / 2 && bm.h < metrics.font_px[FONT_BODY] * 2);
	shaper_free(s);
}

/* ---- whole screens ------------------------------------------------------------ */

/* Lays out every topic of an article (and Home) at 1920x1080 and compares
 * the display lists with the goldens. */
static int screens(const char *name, const char *md, const char *file)
{
	Arena *arena = arena_new(4096);
	DocArticle *a = arena_alloc(arena, sizeof(*a));
	char err[128];
	assert_int_equal(markdown_parse(md, strlen(md), file, arena, a, err, sizeof(err)), 0);
	DocLibrary lib = {a, 1};
	LayoutMeasure ms = measure();
	Theme theme = theme_default();
	Nav nav;
	nav_init(&nav, &lib, 90000, 12000, 0);
	Text t = {0};
	Layout l;
	layout_init(&l);
	assert_int_equal(layout_build(&l, &nav.view, &lib, &metrics, &theme, &ms), 0);
	dump(&t, "home", &l, &metrics);
	for (size_t i = 0; i < a->ntopics; i++) {
		View v = {.screen = SCREEN_TOPIC, .article = 0, .topic = (int)i, .progress = -1};
		assert_int_equal(layout_build(&l, &v, &lib, &metrics, &theme, &ms), 0);
		char sub[32];
		snprintf(sub, sizeof(sub), "topic-%zu", i);
		dump(&t, sub, &l, &metrics);
	}
	layout_deinit(&l);
	arena_free(arena);
	int same = compare(name, &t);
	free(t.s);
	return same;
}

static const char ARABIC[] =
    "# الإنفلونزا الموسمية\n\n"
    "الإنفلونزا عدوى فيروسية تصيب الجهاز التنفسي. تحمي اللقاحات السنوية أكثر من 70% من "
    "الناس، وتوصي منظمة WHO بها لكل من تجاوز 65 عامًا.\n\n"
    "## الأعراض\n\n"
    "تظهر الأعراض بعد يومين من العدوى: حمى، سعال (جاف غالبًا)، والتهاب الحلق. راجع "
    "الطبيب إذا استمرت الحمى أكثر من 3 أيام أو تجاوزت 39.5 درجة.\n\n"
    "- الحمى والقشعريرة\n- آلام العضلات\n\n"
    "1. اغسل يديك\n2. ابقَ في المنزل\n\n"
    "> نصيحة: اشرب الكثير من الماء.\n";

static const char HEBREW[] = "# שפעת עונתית\n\n"
                             "## תסמינים\n\n"
                             "השפעת מתחילה בדרך כלל בחום של 38 מעלות, כאבי שרירים ועייפות. "
                             "החיסון (Flu vaccine) מומלץ לכל מי שמעל גיל 6 חודשים.\n";

/* An English title over Arabic text: each paragraph takes its own
 * direction. */
static const char MIXED[] = "# Seasonal flu\n\n"
                            "## Symptoms\n\n"
                            "Fever and cough are the first signs.\n\n"
                            "الحمى والسعال هما أول العلامات، وتستمر عادة 5 أيام.\n\n"
                            "Drink water: اشرب الماء.\n";

static const char CHINESE[] =
    "# 季节性流感\n\n"
    "## 症状\n\n"
    "症状通常突然出现：发烧、咳嗽、喉咙痛、肌肉酸痛和极度疲劳。大多数人在一周内无需特殊治疗"
    "即可康复。请在就诊前致电（电话：12320）。「多喝水，多休息。」\n";

static const char JAPANESE[] = "# 季節性インフルエンザ\n\n"
                               "## 症状\n\n"
                               "症状は通常、突然現れます。発熱、せき、のどの痛み、筋肉痛、"
                               "強いだるさなどです。ほとんどの人は一週間ほどで回復します。\n";

static const char HINDI[] = "# मौसमी फ्लू\n\n"
                            "## लक्षण\n\n"
                            "लक्षण आमतौर पर अचानक शुरू होते हैं: बुखार, खांसी, गले में "
                            "खराश, मांसपेशियों में दर्द और बहुत थकान। अधिकांश लोग एक सप्ताह "
                            "में ठीक हो जाते हैं।\n";

static const char THAI[] = "# ไข้หวัดใหญ่ตามฤดูกาล\n\n"
                           "## อาการ\n\n"
                           "อาการมักเกิดขึ้นอย่างกะทันหัน ได้แก่ มีไข้ ไอ เจ็บคอ ปวดกล้ามเนื้อ "
                           "และอ่อนเพลียมาก ผู้ป่วยส่วนใหญ่หายได้เองภายในหนึ่งสัปดาห์\n";

static void test_screens_in_right_to_left_and_mixed_articles(void **state)
{
	int differ = 0;
	differ += !screens("arabic", ARABIC, "flu.ar.md");
	differ += !screens("hebrew", HEBREW, "flu.md");
	differ += !screens("mixed", MIXED, "flu.md");
	differ += !screens("chinese", CHINESE, "flu.zh.md");
	differ += !screens("japanese", JAPANESE, "flu.ja.md");
	differ += !screens("hindi", HINDI, "flu.hi.md");
	differ += !screens("thai", THAI, "flu.th.md");
	if (differ)
		fail_msg("%d articles differ from their goldens", differ);
}

/* The same checks as the goldens, said outright for the parts that matter
 * most: an Arabic paragraph is right-aligned with its runs right to left
 * in visual order and the English and numbers inside it left to right. */
static void test_right_to_left_paragraph_reads_from_the_right(void **state)
{
	Arena *arena = arena_new(4096);
	DocArticle *a = arena_alloc(arena, sizeof(*a));
	char err[128];
	assert_int_equal(markdown_parse(MIXED, strlen(MIXED), "flu.md", arena, a, err, sizeof(err)),
	                 0);
	DocLibrary lib = {a, 1};
	LayoutMeasure ms = measure();
	Theme theme = theme_default();
	Layout l;
	layout_init(&l);
	View v = {.screen = SCREEN_TOPIC, .article = 0, .topic = 0, .progress = -1};
	assert_int_equal(layout_build(&l, &v, &lib, &metrics, &theme, &ms), 0);
	int col = metrics.column, x0 = (metrics.w - col) / 2;
	const DrawCmd *fever = NULL, *first_ar = NULL, *five = NULL, *last_ar = NULL;
	for (size_t i = 0; i < l.ncmds; i++) {
		const DrawCmd *c = &l.cmds[i];
		if (c->kind != DRAW_TEXT)
			continue;
		if (c->len == 5 && memcmp(c->text, "Fever", 5) == 0)
			fever = c;
		if (c->len >= strlen("الحمى") && memcmp(c->text, "الحمى", strlen("الحمى")) == 0)
			first_ar = c;
		if (c->len == 1 && c->text[0] == '5')
			five = c;
		if (c->len >= strlen("أيام") && memcmp(c->text, "أيام", strlen("أيام")) == 0)
			last_ar = c;
	}
	assert_non_null(fever);
	assert_non_null(first_ar);
	assert_non_null(five);
	assert_non_null(last_ar);
	/* English at the column's left, Arabic ending at its right. */
	assert_int_equal(fever->r.x, x0);
	assert_false(fever->rtl);
	assert_true(first_ar->rtl);
	assert_int_equal(first_ar->r.x + first_ar->r.w, x0 + col);
	/* Reading right to left: the paragraph's first word rightmost, the
	 * number left of it, the last word left of the number. */
	assert_false(five->rtl);
	assert_true(five->r.x < first_ar->r.x);
	assert_true(last_ar->r.x < five->r.x);
	layout_deinit(&l);
	arena_free(arena);
}

/* ---- hyphenation ------------------------------------------------------------ */

typedef struct {
	int n;
	char last[8][64];  /* each line's last run */
	char first[8][64]; /* each line's first run */
} Ends;

static bool ends(void *user, const WrapLine *ln, int index, bool last)
{
	Ends *e = user;
	if (ln->n && e->n < 8) {
		snprintf(e->first[e->n], 64, "%.*s", (int)ln->runs[0].len, ln->runs[0].s);
		snprintf(e->last[e->n], 64, "%.*s", (int)ln->runs[ln->n - 1].len,
		         ln->runs[ln->n - 1].s);
		e->n++;
	}
	return true;
}

static void test_german_compounds_are_hyphenated_where_the_dictionary_allows(void **state)
{
	/* Debian's German dictionary (hyphen-de): Grip-pe-schutz-imp-fung. */
	uint8_t can[32];
	const char *word = "Grippeschutzimpfung";
	assert_int_equal(text_hyphenate(text, "de", word, strlen(word), can), 4);
	assert_true(can[3] && can[5] && can[11] && can[14]);
	assert_int_equal(text_hyphenate(text, "pl", "Najprawdopodobniej", 18, can), 5);
	assert_int_equal(text_hyphenate(text, "nl", "Ziekenhuisopname", 16, can), 5);
	assert_int_equal(text_hyphenate(text, "xx", word, strlen(word), can), 0);
	/* A line too narrow for the word: it ends in a hyphen after
	 * "Grippeschutz", the rest starts the next line. */
	LayoutMeasure ms = measure();
	TextStyle st = {FONT_BODY, false, "de"};
	int w = text_width(text, &st, "Die Grippeschutz-", 17);
	DocSpan span = {"Die Grippeschutzimpfung hilft.", 30, 0};
	Ends e = {0};
	WrapBox box = {.width = w + 2, .sink = ends, .user = &e, .lang = "de"};
	assert_true(wrap_spans(&ms, &box, &span, 1, FONT_BODY) >= 2);
	assert_string_equal(e.last[0], "-");
	assert_string_equal(e.first[1], "impfung");
	/* A language without a dictionary: the word moves down whole. */
	Ends en = {0};
	box.user = &en;
	box.lang = "xx";
	wrap_spans(&ms, &box, &span, 1, FONT_BODY);
	assert_string_equal(en.last[0], "Die");
}

/* What `kiosk check` calls missing (the set fallback_cover fills) is what
 * the screen draws as an empty box (the .notdef glyph, index 0), character
 * by character: letters of many scripts, emoji, marks, private use,
 * unassigned code points, and a sample from every plane. */
static void test_check_and_screen_agree_on_missing_characters(void **state)
{
	GlyphSet *set = calloc(1, sizeof(*set));
	assert_non_null(set);
	FontFile own[FONTS_STYLES];
	char err[256];
	assert_int_equal(fonts_find("", own, err, sizeof(err)), 0);
	Fallback *fb = fallback_new();
	assert_true(fallback_cover(fb, own, FONTS_STYLES, set));
	fallback_free(fb);
	uint32_t cps[600];
	size_t n = 0;
	static const uint32_t chosen[] = {
	    'A',     0xE9,    0x0416,  0x05D0,  0x0628,  0x0915,   0x0E01,  0x0F40,  0x10A0,
	    0x1100,  0x13A0,  0x1F00,  0x20AC,  0x2192,  0x25CC,   0x2714,  0x3042,  0x4E2D,
	    0xAC00,  0xE000,  0xF8FF,  0xFFFD,  0xFFFF,  0x10D40,  0x13000, 0x1F600, 0x1F9A0,
	    0x1FAE9, 0x1FAF8, 0x20000, 0x2A700, 0xF0000, 0x10FFFD, 0x0301,  0x0E48,
	};
	for (size_t i = 0; i < sizeof(chosen) / sizeof(chosen[0]); i++)
		cps[n++] = chosen[i];
	for (uint32_t cp = 0x100; cp < 0x110000 && n < sizeof(cps) / sizeof(cps[0]); cp += 4093)
		if (!(cp >= 0xD800 && cp <= 0xDFFF) && !glyphs_invisible(cp))
			cps[n++] = cp;
	size_t missing = 0, drawn = 0;
	Shaper *s = NULL;
	for (size_t i = 0; i < n; i++) {
		/* A shaper holds at most 64 fonts found by fontconfig: a
		 * fresh one every few characters, as no article needs that
		 * many scripts. */
		if (i % 16 == 0) {
			shaper_free(s);
			s = shaper();
		}
		char enc[5] = {0};
		utf8_encode(cps[i], enc);
		TextStyle st = {FONT_BODY, false, ""};
		const ShapedRun *r = shaper_run(s, &st, enc, strlen(enc));
		assert_non_null(r);
		bool box = false;
		for (size_t g = 0; g < r->n; g++)
			box = box || r->g[g].gid == 0;
		if (box == glyphs_has(set, cps[i]))
			fail_msg("U+%04X: the screen %s it, the check says it is %s", cps[i],
			         box ? "cannot draw" : "draws",
			         glyphs_has(set, cps[i]) ? "there" : "missing");
		missing += box;
		drawn += !box;
	}
	shaper_free(s);
	free(set);
	/* Both kinds were met, so the comparison meant something. */
	assert_true(missing > 20);
	assert_true(drawn > 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_arabic_letters_take_their_joining_forms),
	    cmocka_unit_test(test_kerning_and_clusters),
	    cmocka_unit_test(test_fallback_fonts_shape_their_scripts),
	    cmocka_unit_test(test_screens_in_right_to_left_and_mixed_articles),
	    cmocka_unit_test(test_right_to_left_paragraph_reads_from_the_right),
	    cmocka_unit_test(test_german_compounds_are_hyphenated_where_the_dictionary_allows),
	    cmocka_unit_test(test_check_and_screen_agree_on_missing_characters),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
