/* docxstyle: styles.xml streamed once into a small table, sorted by id
 * for lookups in log time (the first of two with one id wins); a style's
 * chain is resolved the first time it is asked for and remembered. Run
 * properties are laid over one another here too. List numbering is
 * docxnum.c's; the tables and their reader are docxstyleread.h's. */
#include "core/document/word/docxstyle.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/model/doc.h"
#include "core/document/word/docxstyleread.h"
#include "core/document/model/vec.h"

/* basedOn hops followed: Word allows no cycles, a hostile file might. */
#define CHAIN_MAX 32

const DocxProps DOCX_PROPS_UNSET = {-1, -1, -1, -1, -1, -1};

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

static void fail_oom(Reader *r)
{
	r->oom = true;
	xml_stop(r->h->parser, XML_ERR_NOMEM);
}

/* items grown to hold want elements (doubling), or NULL with the reader
 * stopped; on NULL the old array is untouched and still owned. */
void *docxstyle_grow(Reader *r, void *items, size_t *cap, size_t want, size_t size)
{
	if (!vec_grow(&items, cap, want, size)) {
		fail_oom(r);
		return NULL;
	}
	return items;
}

char *docxstyle_sdup(Reader *r, const char *s)
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

WmlTok docxstyle_parent_tok(const Reader *r)
{
	/* tok[depth] is the element just opened; its parent is one below. */
	return r->depth >= 2 ? r->tok[r->depth - 1] : WML_OTHER;
}

static void start_style(Reader *r, WmlTok t, const XmlName *an, const char *const *av, size_t na)
{
	DocxStyles *s = r->s;
	WmlTok parent = docxstyle_parent_tok(r);
	const char *val = wml_attr(an, av, na, "val");
	switch (t) {
	case WML_STYLE: {
		r->cur_style = NULL;
		Style *v = docxstyle_grow(r, s->styles, &s->capstyles, s->nstyles + 1, sizeof(*v));
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
		st->id = docxstyle_sdup(r, id);
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
			char *n = docxstyle_sdup(r, val);
			for (char *c = n; c && *c; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c = (char)(*c - 'A' + 'a');
			r->cur_style->name = n;
		}
		return;
	case WML_BASEDON:
		if (r->cur_style && parent == WML_STYLE && val && !r->cur_style->based)
			r->cur_style->based = docxstyle_sdup(r, val);
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

static void on_start(void *user, XmlName name, const XmlName *an, const char *const *av, size_t na)
{
	Reader *r = user;
	r->depth = xml_depth(r->h->parser);
	r->tok[r->depth] = wml_token(name, wml_ns(name));
	if (!r->oom)
		r->start(r, r->tok[r->depth], an, av, na);
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

XmlError docxstyle_read_part(DocxStyles *s, const char *xml, size_t len, DocxStartFn start)
{
	if (!xml)
		return XML_OK;
	Reader *r = calloc(1, sizeof(*r));
	if (!r)
		return XML_ERR_NOMEM;
	XmlHandlers h = {.start = on_start, .end = on_end, .user = r};
	r->s = s;
	r->h = &h;
	r->start = start;
	r->cur_lvl = -1;
	XmlError e = xml_parse(xml, len, &h);
	if (r->oom)
		e = XML_ERR_NOMEM;
	free(r);
	return e;
}

int docxstyle_order_cmp(size_t a, size_t b)
{
	return (a > b) - (a < b);
}

int docxstyle_id_cmp(const char *a, size_t a_order, const char *b, size_t b_order)
{
	int d = strcmp(a, b);
	return d ? d : docxstyle_order_cmp(a_order, b_order);
}

static int style_cmp(const void *x, const void *y)
{
	const Style *a = x, *b = y;
	return docxstyle_id_cmp(a->id, a->order, b->id, b->order);
}

XmlError docxstyle_read_styles(DocxStyles *s, const char *xml, size_t len)
{
	XmlError e = docxstyle_read_part(s, xml, len, start_style);
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
