/* docxnum: a Word document's list numbering. numbering.xml is streamed
 * once into the list definitions (abstractNum) and the lists that use
 * them (num), sorted by id; a numbered paragraph is counted as Word
 * counts it (per definition, deeper levels starting again under a
 * shallower one, a start override restarting a list the first time it is
 * used) and its marker's text filled in ("2.1.", "(iv)").
 */
#include "core/document/word/docxstyle.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/word/docxstyleread.h"

static DocxNumFmt fmt_of(const char *v)
{
	static const struct {
		const char *name;
		DocxNumFmt fmt;
	} fmts[] = {
	    {"decimal", DOCX_FMT_DECIMAL},
	    {"decimalZero", DOCX_FMT_DECIMAL_ZERO},
	    {"lowerLetter", DOCX_FMT_LOWER_LETTER},
	    {"upperLetter", DOCX_FMT_UPPER_LETTER},
	    {"lowerRoman", DOCX_FMT_LOWER_ROMAN},
	    {"upperRoman", DOCX_FMT_UPPER_ROMAN},
	    {"bullet", DOCX_FMT_BULLET},
	    {"none", DOCX_FMT_NONE},
	};
	for (size_t i = 0; v && i < sizeof(fmts) / sizeof(fmts[0]); i++)
		if (strcmp(v, fmts[i].name) == 0)
			return fmts[i].fmt;
	/* Ordinals, words and the many national systems read as numbers. */
	return DOCX_FMT_DECIMAL;
}

/* A list definition (abstractNum) begins. */
static void abstract_begin(Reader *r, const XmlName *an, const char *const *av, size_t na)
{
	DocxStyles *s = r->s;
	r->cur_abs = NULL;
	Abstract *v =
	    docxstyle_grow(r, s->abstracts, &s->capabstracts, s->nabstracts + 1, sizeof(*v));
	if (!v)
		return;
	s->abstracts = v;
	const char *id = wml_attr(an, av, na, "abstractNumId");
	if (!id)
		return;
	Abstract *a = &v[s->nabstracts];
	*a = (Abstract){.order = s->nabstracts};
	for (int k = 0; k < LEVELS; k++)
		a->lvl[k] = (Level){.fmt = DOCX_FMT_DECIMAL, .start = 1};
	a->id = docxstyle_sdup(r, id);
	if (a->id) {
		s->nabstracts++;
		r->cur_abs = a;
	}
}

/* A list that uses a definition (num) begins. */
static void num_begin(Reader *r, const XmlName *an, const char *const *av, size_t na)
{
	DocxStyles *s = r->s;
	r->cur_num = NULL;
	Num *v = docxstyle_grow(r, s->nums, &s->capnums, s->nnums + 1, sizeof(*v));
	if (!v)
		return;
	s->nums = v;
	int id = wml_int(wml_attr(an, av, na, "numId"), -1, 1, INT_MAX);
	if (id < 0)
		return;
	Num *n = &v[s->nnums];
	*n = (Num){.id = id, .order = s->nnums++};
	for (int k = 0; k < LEVELS; k++)
		n->start_override[k] = -1;
	r->cur_num = n;
}

/* A level's start, format or text (t) in the definition being read. */
static void level_set(Reader *r, WmlTok t, const char *val)
{
	Level *lv = &r->cur_abs->lvl[r->cur_lvl];
	if (t == WML_START)
		lv->start = wml_int(val, 1, 0, 1000000);
	else if (t == WML_NUMFMT)
		lv->fmt = fmt_of(val);
	else if (!lv->has_text) {
		lv->text = docxstyle_sdup(r, val ? val : "");
		lv->has_text = lv->text != NULL;
	}
}

static void start_numbering(Reader *r, WmlTok t, const XmlName *an, const char *const *av,
                            size_t na)
{
	WmlTok parent = docxstyle_parent_tok(r);
	const char *val = wml_attr(an, av, na, "val");
	switch (t) {
	case WML_ABSTRACTNUM:
		abstract_begin(r, an, av, na);
		return;
	case WML_NUMSTYLELINK:
		if (r->cur_abs && parent == WML_ABSTRACTNUM && val && !r->cur_abs->style_link)
			r->cur_abs->style_link = docxstyle_sdup(r, val);
		return;
	case WML_LVL:
		/* A level redefined inside a lvlOverride is not the list's. */
		r->cur_lvl = parent == WML_ABSTRACTNUM
		                 ? wml_int(wml_attr(an, av, na, "ilvl"), -1, 0, LEVELS - 1)
		                 : -1;
		return;
	case WML_START:
	case WML_NUMFMT:
	case WML_LVLTEXT:
		if (r->cur_abs && r->cur_lvl >= 0 && parent == WML_LVL)
			level_set(r, t, val);
		return;
	case WML_NUM:
		num_begin(r, an, av, na);
		return;
	case WML_ABSTRACTNUMID:
		if (r->cur_num && parent == WML_NUM && val && !r->cur_num->abstract_id)
			r->cur_num->abstract_id = docxstyle_sdup(r, val);
		return;
	case WML_LVLOVERRIDE:
		r->cur_lvl = wml_int(wml_attr(an, av, na, "ilvl"), -1, 0, LEVELS - 1);
		return;
	case WML_STARTOVERRIDE:
		if (r->cur_num && r->cur_lvl >= 0 && parent == WML_LVLOVERRIDE)
			r->cur_num->start_override[r->cur_lvl] = wml_int(val, -1, 0, 1000000);
		return;
	default:
		return;
	}
}

static int num_cmp(const void *x, const void *y)
{
	const Num *a = x, *b = y;
	return a->id != b->id ? (a->id > b->id) - (a->id < b->id)
	                      : docxstyle_order_cmp(a->order, b->order);
}

static int abstract_cmp(const void *x, const void *y)
{
	const Abstract *a = x, *b = y;
	return docxstyle_id_cmp(a->id, a->order, b->id, b->order);
}

XmlError docxstyle_read_numbering(DocxStyles *s, const char *xml, size_t len)
{
	XmlError e = docxstyle_read_part(s, xml, len, start_numbering);
	if (e != XML_OK)
		return e;
	if (s->nnums)
		qsort(s->nums, s->nnums, sizeof(*s->nums), num_cmp);
	if (s->nabstracts)
		qsort(s->abstracts, s->nabstracts, sizeof(*s->abstracts), abstract_cmp);
	return XML_OK;
}

static Num *num_find(DocxStyles *s, int id)
{
	size_t lo = 0, hi = s->nnums;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->nums[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nnums && s->nums[lo].id == id ? &s->nums[lo] : NULL;
}

static Abstract *abstract_find(DocxStyles *s, const char *id)
{
	size_t lo = 0, hi = id ? s->nabstracts : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(s->abstracts[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nabstracts && id && strcmp(s->abstracts[lo].id, id) == 0 ? &s->abstracts[lo]
	                                                                        : NULL;
}

/* The definition a num uses, through a few numStyleLinks (a list style
 * whose numPr names another num). */
static Abstract *num_abstract(DocxStyles *s, const Num *num)
{
	Abstract *a = abstract_find(s, num->abstract_id);
	for (int hop = 0; a && a->style_link && hop < 4; hop++) {
		const DocxStyleInfo *st = docxstyle_info(s, docxstyle_find(s, a->style_link));
		Num *n2 = st && st->num_id > 0 ? num_find(s, st->num_id) : NULL;
		Abstract *a2 = n2 ? abstract_find(s, n2->abstract_id) : NULL;
		if (!a2 || a2 == a)
			break;
		a = a2;
	}
	return a;
}

static size_t roman(int v, bool upper, char *out)
{
	static const struct {
		int v;
		const char *s;
	} r[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"},
	         {90, "xc"},  {50, "l"},   {40, "xl"}, {10, "x"},   {9, "ix"},
	         {5, "v"},    {4, "iv"},   {1, "i"}};
	size_t o = 0;
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		while (v >= r[i].v) {
			for (const char *c = r[i].s; *c; c++)
				out[o++] = upper ? (char)(*c - 'a' + 'A') : *c;
			v -= r[i].v;
		}
	out[o] = '\0';
	return o;
}

void docxstyle_format_number(int v, DocxNumFmt fmt, char *out)
{
	switch (fmt) {
	case DOCX_FMT_LOWER_LETTER:
	case DOCX_FMT_UPPER_LETTER:
		/* Word: a..z, then aa..zz, aaa..zzz. */
		if (v >= 1 && v <= 26 * 20) {
			int reps = (v - 1) / 26 + 1;
			char c = (char)((fmt == DOCX_FMT_LOWER_LETTER ? 'a' : 'A') + (v - 1) % 26);
			memset(out, c, (size_t)reps);
			out[reps] = '\0';
			return;
		}
		break;
	case DOCX_FMT_LOWER_ROMAN:
	case DOCX_FMT_UPPER_ROMAN:
		if (v >= 1 && v < 4000) {
			roman(v, fmt == DOCX_FMT_UPPER_ROMAN, out);
			return;
		}
		break;
	case DOCX_FMT_DECIMAL_ZERO:
		snprintf(out, 24, "%02d", v);
		return;
	case DOCX_FMT_NONE:
	case DOCX_FMT_BULLET:
		out[0] = '\0';
		return;
	default:
		break;
	}
	snprintf(out, 24, "%d", v);
}

bool docxstyle_number(DocxStyles *s, int num_id, int ilvl, DocxMarker *m)
{
	Num *num = num_id > 0 ? num_find(s, num_id) : NULL;
	Abstract *a = num ? num_abstract(s, num) : NULL;
	if (!a)
		return false;
	if (ilvl < 0 || ilvl >= LEVELS)
		ilvl = 0;
	Level *lv = &a->lvl[ilvl];
	if (num->start_override[ilvl] >= 0 && !num->override_done[ilvl]) {
		num->override_done[ilvl] = true;
		a->count[ilvl] = num->start_override[ilvl];
	} else if (!a->seen[ilvl]) {
		a->count[ilvl] = lv->start;
	} else if (a->count[ilvl] < INT_MAX) {
		a->count[ilvl]++;
	}
	a->seen[ilvl] = true;
	for (int k = ilvl + 1; k < LEVELS; k++)
		a->seen[k] = false;
	*m = (DocxMarker){.fmt = lv->fmt, .number = a->count[ilvl]};
	if (lv->fmt == DOCX_FMT_BULLET) {
		m->bullet = true;
		return true;
	}
	const char *t = lv->has_text ? lv->text : NULL;
	char dflt[8];
	if (!t) {
		snprintf(dflt, sizeof(dflt), "%%%d.", ilvl + 1);
		t = dflt;
	}
	size_t o = 0;
	const char *p = t;
	for (; *p && o < sizeof(m->text) - 25; p++) {
		if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
			int k = p[1] - '1';
			int v = a->seen[k] || k == ilvl ? a->count[k] : a->lvl[k].start;
			char num_s[24];
			docxstyle_format_number(v, a->lvl[k].fmt, num_s);
			size_t nl = strlen(num_s);
			memcpy(m->text + o, num_s, nl);
			o += nl;
			p++;
		} else {
			m->text[o++] = *p;
		}
	}
	/* A level text too long for the marker ends at a whole character. */
	if (((unsigned char)*p & 0xC0) == 0x80) {
		while (o > 0 && ((unsigned char)m->text[o - 1] & 0xC0) == 0x80)
			o--;
		if (o > 0)
			o--;
	}
	m->text[o] = '\0';
	if (lv->fmt == DOCX_FMT_NONE && o == 0)
		return false;
	return true;
}
