/* docxstyle: styles.xml and numbering.xml streamed once each into small
 * tables, sorted by id for lookups in log time (the first of two with one
 * id wins); a style's chain is resolved the first time it is asked for and
 * remembered. */
#include "core/document/docxstyle.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/doc.h"

/* basedOn hops followed: Word allows no cycles, a hostile file might. */
#define CHAIN_MAX 32
#define LEVELS 9

const DocxProps DOCX_PROPS_UNSET = {-1, -1, -1, -1, -1, -1};

typedef struct {
	char *id;
	size_t order; /* in the file */
	char *name;   /* lower case */
	char *based;
	char type; /* 'p'aragraph, 'c'haracter, 't'able, 'n'umbering */
	bool dflt;
	int outline; /* -1 unset, else 0-9 */
	int num_id;  /* -1 unset, 0 none */
	int ilvl;    /* -1 unset */
	DocxProps rpr;
	bool first_row; /* a table style that sets its first row apart */
	bool resolved;
	DocxStyleInfo info;
} Style;

typedef struct {
	DocxNumFmt fmt;
	int start;
	char *text; /* lvlText, "%1." */
	bool has_text;
} Level;

typedef struct {
	char *id;
	size_t order;
	char *style_link; /* numStyleLink: the definition is another's */
	Level lvl[LEVELS];
	int count[LEVELS];
	bool seen[LEVELS];
} Abstract;

typedef struct {
	int id;
	size_t order;
	char *abstract_id;
	int start_override[LEVELS]; /* -1 none */
	bool override_done[LEVELS];
} Num;

struct DocxStyles {
	Style *styles;
	size_t nstyles, capstyles;
	DocxProps defaults;
	int dflt; /* the default paragraph style, -1 none */
	Abstract *abstracts;
	size_t nabstracts, capabstracts;
	Num *nums;
	size_t nnums, capnums;
};

/* ---- run properties --------------------------------------------------------- */

void docxstyle_props_over(DocxProps *base, const DocxProps *top)
{
	if (top->b >= 0)
		base->b = top->b;
	if (top->i >= 0)
		base->i = top->i;
	if (top->u >= 0)
		base->u = top->u;
	if (top->strike >= 0)
		base->strike = top->strike;
	if (top->vanish >= 0)
		base->vanish = top->vanish;
	if (top->vert >= 0)
		base->vert = top->vert;
}

unsigned docxstyle_props_doc(const DocxProps *p)
{
	unsigned s = 0;
	if (p->b > 0)
		s |= DOC_BOLD;
	if (p->i > 0)
		s |= DOC_ITALIC;
	if (p->u > 0)
		s |= DOC_UNDERLINE;
	if (p->strike > 0)
		s |= DOC_STRIKE;
	if (p->vert == 1)
		s |= DOC_SUPER;
	else if (p->vert == 2)
		s |= DOC_SUB;
	return s;
}

void docxstyle_props_set(DocxProps *p, WmlTok t, const char *val)
{
	switch (t) {
	case WML_B:
		p->b = wml_on(val);
		break;
	case WML_I:
		p->i = wml_on(val);
		break;
	case WML_U:
		p->u = wml_on(val);
		break;
	case WML_STRIKE:
	case WML_DSTRIKE:
		p->strike = wml_on(val);
		break;
	case WML_VANISH:
		p->vanish = wml_on(val);
		break;
	case WML_VERTALIGN:
		p->vert = !val                              ? 0
		          : strcmp(val, "superscript") == 0 ? 1
		          : strcmp(val, "subscript") == 0   ? 2
		                                            : 0;
		break;
	default:
		break;
	}
}

/* ---- reading ----------------------------------------------------------------- */

typedef struct {
	DocxStyles *s;
	XmlHandlers *h;
	bool oom;
	WmlTok tok[XML_DEPTH_MAX + 2];
	unsigned depth;
	Style *cur_style;
	DocxProps *props_dst; /* where rPr children go, or NULL */
	Abstract *cur_abs;
	Num *cur_num;
	int cur_lvl;
} Reader;

static void fail_oom(Reader *r)
{
	r->oom = true;
	xml_stop(r->h->parser, XML_ERR_NOMEM);
}

/* items grown to hold want elements (doubling), or NULL with the reader
 * stopped; on NULL the old array is untouched and still owned. */
static void *grow(Reader *r, void *items, size_t *cap, size_t want, size_t size)
{
	if (want <= *cap)
		return items;
	size_t n = *cap ? *cap : 16;
	while (n < want) {
		if (n > SIZE_MAX / 2 / size) {
			fail_oom(r);
			return NULL;
		}
		n *= 2;
	}
	void *p = realloc(items, n * size);
	if (!p) {
		fail_oom(r);
		return NULL;
	}
	*cap = n;
	return p;
}

static char *sdup(Reader *r, const char *s)
{
	size_t n = strlen(s);
	char *p = malloc(n + 1);
	if (!p) {
		fail_oom(r);
		return NULL;
	}
	memcpy(p, s, n + 1);
	return p;
}

static WmlTok parent_tok(const Reader *r)
{
	/* tok[depth] is the element just opened; its parent is one below. */
	return r->depth >= 2 ? r->tok[r->depth - 1] : WML_OTHER;
}

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

static void start_style(Reader *r, WmlTok t, const XmlName *an, const char *const *av, size_t na)
{
	DocxStyles *s = r->s;
	WmlTok parent = parent_tok(r);
	const char *val = wml_attr(an, av, na, "val");
	switch (t) {
	case WML_STYLE: {
		r->cur_style = NULL;
		Style *v = grow(r, s->styles, &s->capstyles, s->nstyles + 1, sizeof(*v));
		if (!v)
			return;
		s->styles = v;
		const char *id = wml_attr(an, av, na, "styleId");
		if (!id)
			return;
		const char *type = wml_attr(an, av, na, "type");
		const char *dflt = wml_attr(an, av, na, "default");
		Style *st = &s->styles[s->nstyles];
		*st = (Style){.order = s->nstyles,
		              .outline = -1,
		              .num_id = -1,
		              .ilvl = -1,
		              .rpr = DOCX_PROPS_UNSET};
		st->id = sdup(r, id);
		st->type = type ? type[0] : 'p';
		st->dflt = dflt && wml_on(dflt);
		if (st->id) {
			s->nstyles++;
			r->cur_style = st;
		}
		return;
	}
	case WML_NAME:
		if (r->cur_style && parent == WML_STYLE && val && !r->cur_style->name) {
			char *n = sdup(r, val);
			for (char *c = n; c && *c; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c = (char)(*c - 'A' + 'a');
			r->cur_style->name = n;
		}
		return;
	case WML_BASEDON:
		if (r->cur_style && parent == WML_STYLE && val && !r->cur_style->based)
			r->cur_style->based = sdup(r, val);
		return;
	case WML_OUTLINELVL:
		if (r->cur_style && parent == WML_PPR)
			r->cur_style->outline = wml_int(val, -1, 0, 9);
		return;
	case WML_NUMID:
		if (r->cur_style && parent == WML_NUMPR)
			r->cur_style->num_id = wml_int(val, -1, 0, INT_MAX);
		return;
	case WML_ILVL:
		if (r->cur_style && parent == WML_NUMPR)
			r->cur_style->ilvl = wml_int(val, -1, 0, LEVELS - 1);
		return;
	case WML_TBLSTYLEPR: {
		const char *type = wml_attr(an, av, na, "type");
		if (r->cur_style && parent == WML_STYLE && type && strcmp(type, "firstRow") == 0)
			r->cur_style->first_row = true;
		return;
	}
	case WML_RPR:
		if (parent == WML_STYLE && r->cur_style)
			r->props_dst = &r->cur_style->rpr;
		else if (parent == WML_RPRDEFAULT)
			r->props_dst = &s->defaults;
		else
			r->props_dst = NULL;
		return;
	default:
		if (parent == WML_RPR && r->props_dst)
			docxstyle_props_set(r->props_dst, t, val);
		return;
	}
}

static void start_numbering(Reader *r, WmlTok t, const XmlName *an, const char *const *av,
                            size_t na)
{
	DocxStyles *s = r->s;
	WmlTok parent = parent_tok(r);
	const char *val = wml_attr(an, av, na, "val");
	switch (t) {
	case WML_ABSTRACTNUM: {
		r->cur_abs = NULL;
		Abstract *v =
		    grow(r, s->abstracts, &s->capabstracts, s->nabstracts + 1, sizeof(*v));
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
		a->id = sdup(r, id);
		if (a->id) {
			s->nabstracts++;
			r->cur_abs = a;
		}
		return;
	}
	case WML_NUMSTYLELINK:
		if (r->cur_abs && parent == WML_ABSTRACTNUM && val && !r->cur_abs->style_link)
			r->cur_abs->style_link = sdup(r, val);
		return;
	case WML_LVL:
		/* A level redefined inside a lvlOverride is not the list's. */
		r->cur_lvl = parent == WML_ABSTRACTNUM
		                 ? wml_int(wml_attr(an, av, na, "ilvl"), -1, 0, LEVELS - 1)
		                 : -1;
		return;
	case WML_START:
	case WML_NUMFMT:
	case WML_LVLTEXT: {
		if (!r->cur_abs || r->cur_lvl < 0 || parent != WML_LVL)
			return;
		Level *lv = &r->cur_abs->lvl[r->cur_lvl];
		if (t == WML_START)
			lv->start = wml_int(val, 1, 0, 1000000);
		else if (t == WML_NUMFMT)
			lv->fmt = fmt_of(val);
		else if (!lv->has_text) {
			lv->text = sdup(r, val ? val : "");
			lv->has_text = lv->text != NULL;
		}
		return;
	}
	case WML_NUM: {
		r->cur_num = NULL;
		Num *v = grow(r, s->nums, &s->capnums, s->nnums + 1, sizeof(*v));
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
		return;
	}
	case WML_ABSTRACTNUMID:
		if (r->cur_num && parent == WML_NUM && val && !r->cur_num->abstract_id)
			r->cur_num->abstract_id = sdup(r, val);
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

static void on_start_styles(void *user, XmlName name, const XmlName *an, const char *const *av,
                            size_t na)
{
	Reader *r = user;
	r->depth = xml_depth(r->h->parser);
	r->tok[r->depth] = wml_token(name, wml_ns(name));
	if (!r->oom)
		start_style(r, r->tok[r->depth], an, av, na);
}

static void on_start_numbering(void *user, XmlName name, const XmlName *an, const char *const *av,
                               size_t na)
{
	Reader *r = user;
	r->depth = xml_depth(r->h->parser);
	r->tok[r->depth] = wml_token(name, wml_ns(name));
	if (!r->oom)
		start_numbering(r, r->tok[r->depth], an, av, na);
}

static void on_end(void *user, XmlName name)
{
	Reader *r = user;
	unsigned depth = xml_depth(r->h->parser);
	switch (r->tok[depth]) {
	case WML_STYLE:
		r->cur_style = NULL;
		break;
	case WML_RPR:
		r->props_dst = NULL;
		break;
	case WML_ABSTRACTNUM:
		r->cur_abs = NULL;
		break;
	case WML_NUM:
		r->cur_num = NULL;
		break;
	case WML_LVL:
	case WML_LVLOVERRIDE:
		r->cur_lvl = -1;
		break;
	default:
		break;
	}
	r->depth = depth - 1;
}

static XmlError read_part(DocxStyles *s, const char *xml, size_t len, bool numbering)
{
	if (!xml)
		return XML_OK;
	Reader *r = calloc(1, sizeof(*r));
	if (!r)
		return XML_ERR_NOMEM;
	XmlHandlers h = {
	    .start = numbering ? on_start_numbering : on_start_styles, .end = on_end, .user = r};
	r->s = s;
	r->h = &h;
	r->cur_lvl = -1;
	XmlError e = xml_parse(xml, len, &h);
	if (r->oom)
		e = XML_ERR_NOMEM;
	free(r);
	return e;
}

static int order_cmp(size_t a, size_t b)
{
	return (a > b) - (a < b);
}

static int style_cmp(const void *x, const void *y)
{
	const Style *a = x, *b = y;
	int d = strcmp(a->id, b->id);
	return d ? d : order_cmp(a->order, b->order);
}

static int num_cmp(const void *x, const void *y)
{
	const Num *a = x, *b = y;
	return a->id != b->id ? (a->id > b->id) - (a->id < b->id) : order_cmp(a->order, b->order);
}

static int abstract_cmp(const void *x, const void *y)
{
	const Abstract *a = x, *b = y;
	int d = strcmp(a->id, b->id);
	return d ? d : order_cmp(a->order, b->order);
}

XmlError docxstyle_read_styles(DocxStyles *s, const char *xml, size_t len)
{
	XmlError e = read_part(s, xml, len, false);
	if (e != XML_OK || !s->nstyles)
		return e;
	qsort(s->styles, s->nstyles, sizeof(*s->styles), style_cmp);
	/* The default paragraph style: the first marked so in the file. */
	size_t best = SIZE_MAX;
	for (size_t i = 0; i < s->nstyles; i++)
		if (s->styles[i].type == 'p' && s->styles[i].dflt &&
		    (best == SIZE_MAX || s->styles[i].order < s->styles[best].order))
			best = i;
	s->dflt = best == SIZE_MAX ? -1 : (int)best;
	return XML_OK;
}

XmlError docxstyle_read_numbering(DocxStyles *s, const char *xml, size_t len)
{
	XmlError e = read_part(s, xml, len, true);
	if (e != XML_OK)
		return e;
	if (s->nnums)
		qsort(s->nums, s->nnums, sizeof(*s->nums), num_cmp);
	if (s->nabstracts)
		qsort(s->abstracts, s->nabstracts, sizeof(*s->abstracts), abstract_cmp);
	return XML_OK;
}

DocxStyles *docxstyle_new(void)
{
	DocxStyles *s = calloc(1, sizeof(*s));
	if (s) {
		s->defaults = DOCX_PROPS_UNSET;
		s->dflt = -1;
	}
	return s;
}

void docxstyle_free(DocxStyles *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nstyles; i++) {
		free(s->styles[i].id);
		free(s->styles[i].name);
		free(s->styles[i].based);
	}
	free(s->styles);
	for (size_t i = 0; i < s->nabstracts; i++) {
		free(s->abstracts[i].id);
		free(s->abstracts[i].style_link);
		for (int k = 0; k < LEVELS; k++)
			free(s->abstracts[i].lvl[k].text);
	}
	free(s->abstracts);
	for (size_t i = 0; i < s->nnums; i++)
		free(s->nums[i].abstract_id);
	free(s->nums);
	free(s);
}

/* ---- styles ------------------------------------------------------------------ */

int docxstyle_find(const DocxStyles *s, const char *id)
{
	size_t lo = 0, hi = id ? s->nstyles : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(s->styles[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nstyles && id && strcmp(s->styles[lo].id, id) == 0 ? (int)lo : -1;
}

int docxstyle_default(const DocxStyles *s)
{
	return s->dflt;
}

const DocxProps *docxstyle_defaults(const DocxStyles *s)
{
	return &s->defaults;
}

/* "heading 3" -> 3; else 0. */
static int heading_name_level(const char *name)
{
	if (strncmp(name, "heading ", 8) != 0)
		return 0;
	int d = name[8] - '0';
	return d >= 1 && d <= 9 && name[9] == '\0' ? d : 0;
}

/* Word's "List Bullet 2", "List Number 3", "List 2": a nested list made
 * with a style of its own (its numbering has one level), -> 2, 3; else 0. */
static int list_name_level(const char *name)
{
	static const char *const stems[] = {"list bullet ", "list number ", "list continue ",
	                                    "list "};
	for (size_t i = 0; i < sizeof(stems) / sizeof(stems[0]); i++) {
		size_t n = strlen(stems[i]);
		if (strncmp(name, stems[i], n) == 0) {
			int d = name[n] - '0';
			return d >= 2 && d <= 9 && name[n + 1] == '\0' ? d : 0;
		}
	}
	return 0;
}

/* What a style's name says it is; false when it says nothing. */
static bool kind_of_name(const char *name, DocxStyleInfo *info)
{
	int lv = heading_name_level(name);
	if (strcmp(name, "title") == 0)
		info->kind = DOCX_PARA_TITLE;
	else if (strcmp(name, "subtitle") == 0)
		info->kind = DOCX_PARA_SUBTITLE;
	else if (lv) {
		info->kind = DOCX_PARA_HEADING;
		info->level = lv;
	} else if (strncmp(name, "toc ", 4) == 0 || strcmp(name, "toc heading") == 0 ||
	           strncmp(name, "contents ", 9) == 0 || strcmp(name, "contents heading") == 0)
		/* Word's names, and LibreOffice's ("Contents 1"). */
		info->kind = DOCX_PARA_TOC;
	else if (strcmp(name, "caption") == 0 || strcmp(name, "image caption") == 0 ||
	         strcmp(name, "table caption") == 0)
		info->kind = DOCX_PARA_CAPTION;
	else
		return false;
	return true;
}

static void style_resolve(DocxStyles *s, Style *st)
{
	DocxStyleInfo *info = &st->info;
	*info = (DocxStyleInfo){
	    .kind = DOCX_PARA_BODY, .num_id = -1, .ilvl = -1, .name = st->name ? st->name : ""};
	/* Walk the chain from st to its root; the nearest definition wins. */
	bool kind_found = false;
	Style *chain[CHAIN_MAX];
	size_t n = 0;
	for (Style *c = st; c && n < CHAIN_MAX; n++) {
		chain[n] = c;
		if (!kind_found && c->name)
			kind_found = kind_of_name(c->name, info);
		if (!kind_found && c->outline >= 0 && c->outline < 9) {
			info->kind = DOCX_PARA_HEADING;
			info->level = c->outline + 1;
			kind_found = true;
		}
		if (!info->list_level && c->name)
			info->list_level = list_name_level(c->name);
		if (info->num_id < 0 && c->num_id >= 0)
			info->num_id = c->num_id;
		if (info->ilvl < 0 && c->ilvl >= 0)
			info->ilvl = c->ilvl;
		info->first_row = info->first_row || c->first_row;
		int next = docxstyle_find(s, c->based);
		Style *nc = next >= 0 ? &s->styles[next] : NULL;
		/* A cycle ends the walk where it would come back. */
		for (size_t k = 0; nc && k <= n; k++)
			if (chain[k] == nc)
				nc = NULL;
		c = nc;
	}
	info->rpr = DOCX_PROPS_UNSET;
	while (n > 0)
		docxstyle_props_over(&info->rpr, &chain[--n]->rpr);
	st->resolved = true;
}

const DocxStyleInfo *docxstyle_info(DocxStyles *s, int i)
{
	if (i < 0 || (size_t)i >= s->nstyles)
		return NULL;
	if (!s->styles[i].resolved)
		style_resolve(s, &s->styles[i]);
	return &s->styles[i].info;
}

/* ---- numbering ---------------------------------------------------------------- */

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
	for (const char *p = t; *p && o < sizeof(m->text) - 25; p++) {
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
	m->text[o] = '\0';
	if (lv->fmt == DOCX_FMT_NONE && o == 0)
		return false;
	return true;
}
