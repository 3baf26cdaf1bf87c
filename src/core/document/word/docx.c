/* docx: expat's start/end/text events over the notes and document.xml
 * build the DocArticle; then the blocks are cut into the introduction and
 * the topics, each with its notes.
 *
 * Each part is streamed once. Styles and numbering are read first
 * (docxstyle.c), then the notes into a table sorted by id, then the body,
 * in terms of the vocabulary of wordml.h; what the events do is in
 * docxpara.c (text, paragraphs), docxtable.c (tables) and docxinline.c
 * (pictures, notes, fields, symbols), the container in docxpkg.c. The
 * body's state is explicit: a stack of element tokens (bounded by
 * XML_DEPTH_MAX, never the C stack), a skip depth for subtrees that are
 * not shown (deleted text, field codes, the table of contents, comments,
 * alternatives of mc:AlternateContent), a stack of open paragraphs (a text
 * box holds paragraphs inside a paragraph), the open fields, and the table
 * being read. Temporaries are malloc'd and freed at the end; only finished
 * blocks and strings go into the arena.
 */
#include "core/document/word/docx.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/document/model/utf8.h"
#include "core/document/word/docxread.h"

static const char ERR_NOMEM[] = "out of memory";

/* ---- the event handlers ------------------------------------------------------ */

static WmlTok parent_tok(const Builder *b)
{
	/* tok[depth] is the element just opened; its parent is one below. */
	return b->depth >= 2 ? b->tok[b->depth - 1] : WML_OTHER;
}

static void skip_from_here(Builder *b)
{
	if (!b->skip)
		b->skip = b->depth;
}

/* Subtrees that are not shown, and the alternatives of
 * mc:AlternateContent after the first. */
static bool start_skipped(Builder *b, WmlTok t)
{
	switch (t) {
	case WML_DEL:
		/* A deleted row goes, not only its mark. */
		if (parent_tok(b) == WML_TRPR && b->tbl_depth == 1)
			b->row_deleted = true;
		skip_from_here(b);
		return true;
	case WML_DELTEXT:
	case WML_DELINSTRTEXT:
	case WML_MOVEFROM:
	case WML_SECTPR:
	case WML_COMMENTREFERENCE:
	case WML_MC_FALLBACK:
		skip_from_here(b);
		return true;
	case WML_MC_CHOICE:
		/* The first alternative is read; the others say the same. */
		if (b->depth >= 2 && b->tok[b->depth - 1] == WML_MC_ALTERNATE) {
			if (b->choice_taken[b->depth - 1])
				skip_from_here(b);
			b->choice_taken[b->depth - 1] = true;
		}
		return true;
	case WML_MC_ALTERNATE:
		b->choice_taken[b->depth] = false;
		return true;
	default:
		return false;
	}
}

/* A paragraph, its properties, a run and its style. */
static bool start_paragraph(Builder *b, WmlTok t, const XmlName *an, const char *const *av,
                            size_t na)
{
	WmlTok parent = parent_tok(b);
	const char *val = wml_attr(an, av, na, "val");
	Para *p = docx_para_top(b);
	switch (t) {
	case WML_P:
		docx_para_begin(b);
		return true;
	case WML_PSTYLE:
		if (p && parent == WML_PPR && !b->para_over)
			p->style = docxstyle_find(b->st, val);
		return true;
	case WML_OUTLINELVL:
		if (p && parent == WML_PPR && !b->para_over)
			p->outline = wml_int(val, -1, 0, 9);
		return true;
	case WML_NUMID:
		if (p && parent == WML_NUMPR && !b->para_over)
			p->num_id = wml_int(val, -1, 0, INT_MAX);
		return true;
	case WML_ILVL:
		if (p && parent == WML_NUMPR && !b->para_over)
			p->ilvl = wml_int(val, -1, 0, LEVELS - 1);
		return true;
	case WML_R:
		b->in_run = true;
		b->run_props = DOCX_PROPS_UNSET;
		b->run_rstyle = -1;
		b->run_symbol_font[0] = '\0';
		return true;
	case WML_RFONTS: {
		/* Letters typed in a symbol font show in Word as its pictures
		 * (Wingdings' "ü" is a tick) and on the kiosk as the letters
		 * themselves: remembered so that the text can be warned of. */
		const char *font = wml_attr(an, av, na, "ascii");
		if (!font)
			font = wml_attr(an, av, na, "hAnsi");
		if (parent == WML_RPR && b->props_dst == &b->run_props && font &&
		    docx_symbol_font(font))
			snprintf(b->run_symbol_font, sizeof(b->run_symbol_font), "%.*s",
			         (int)utf8_clip(font, 40), font);
		return true;
	}
	case WML_RPR:
		/* Only a run's own properties apply to text; the paragraph
		 * mark's (pPr/rPr) do not. */
		b->props_dst = parent == WML_R ? &b->run_props : NULL;
		return true;
	case WML_RSTYLE:
		if (parent == WML_RPR && b->props_dst == &b->run_props)
			b->run_rstyle = docxstyle_find(b->st, val);
		return true;
	default:
		return false;
	}
}

/* What a run holds: text, breaks, symbols, fields, links, note
 * references. */
static bool start_run(Builder *b, WmlTok t, const XmlName *an, const char *const *av, size_t na)
{
	WmlTok parent = parent_tok(b);
	switch (t) {
	case WML_FOOTNOTEREF:
	case WML_ENDNOTEREF:
		return true;
	case WML_T:
		b->in_t = parent == WML_R;
		return true;
	case WML_M_T:
		b->in_t = true;
		return true;
	case WML_INSTRTEXT:
		return true;
	case WML_TAB:
	case WML_PTAB:
		if (parent == WML_R)
			docx_add_text(b, "\t", 1);
		return true;
	case WML_BR:
	case WML_CR: {
		const char *type = wml_attr(an, av, na, "type");
		if (parent == WML_R && !(type && strcmp(type, "page") == 0))
			docx_add_text(b, "\n", 1);
		else if (parent == WML_R)
			docx_add_text(b, " ", 1);
		return true;
	}
	case WML_NOBREAKHYPHEN:
		docx_add_text(b, "\xE2\x80\x91", 3);
		return true;
	case WML_SOFTHYPHEN:
		return true;
	case WML_SYM: {
		const char *font = wml_attr(an, av, na, "font");
		const char *s = docx_symbol_char(font, wml_attr(an, av, na, "char"));
		if (s)
			docx_add_text(b, s, strlen(s));
		else
			docx_warn_symbol(b, WARN_SYMBOL_LEFT_OUT, font ? font : "");
		return true;
	}
	case WML_FLDCHAR:
		docx_field_char(b, wml_attr(an, av, na, "fldCharType"));
		return true;
	case WML_HYPERLINK:
		b->in_link++;
		return true;
	case WML_FLDSIMPLE: {
		const char *instr = wml_attr(an, av, na, "instr");
		while (instr && *instr == ' ')
			instr++;
		if (instr && strncasecmp(instr, "TOC", 3) == 0 &&
		    (instr[3] == ' ' || instr[3] == '\0' || instr[3] == '\\'))
			skip_from_here(b);
		return true;
	}
	case WML_FOOTNOTEREFERENCE:
	case WML_ENDNOTEREFERENCE:
		if (b->part == PART_BODY && parent == WML_R)
			docx_note_reference(b, t == WML_ENDNOTEREFERENCE,
			                    wml_attr(an, av, na, "id"));
		return true;
	default:
		return false;
	}
}

/* Notes, content controls (a table of contents among them). */
static bool start_structure(Builder *b, WmlTok t, const XmlName *an, const char *const *av,
                            size_t na)
{
	const char *val = wml_attr(an, av, na, "val");
	switch (t) {
	case WML_FOOTNOTE:
	case WML_ENDNOTE:
		if (b->part == PART_NOTES && b->depth == 2)
			docx_note_begin(b, an, av, na);
		if (b->note_skip)
			skip_from_here(b);
		return true;
	case WML_SDT:
		b->sdt_toc = false;
		return true;
	case WML_SDTPR:
		b->in_sdt_pr = true;
		return true;
	case WML_DOCPARTGALLERY:
		if (b->in_sdt_pr && val && strcmp(val, "Table of Contents") == 0)
			b->sdt_toc = true;
		return true;
	case WML_SHOWINGPLCHDR:
		/* A content control still showing its prompt ("Click or tap
		 * here to enter text."): nothing was written there. */
		if (b->in_sdt_pr && wml_on(val))
			b->sdt_toc = true;
		return true;
	case WML_ALTCHUNK:
		docx_warn_once(
		    b, WARN_CHUNK,
		    N_("a part pasted in from another file (an embedded web page or document) "
		       "is not shown; paste its text instead"));
		return true;
	case WML_SDTCONTENT:
		if (b->sdt_toc) {
			b->sdt_toc = false;
			skip_from_here(b);
		}
		return true;
	default:
		return false;
	}
}

/* The outermost table: its properties, rows and cells. A table inside a
 * paragraph (in a text box) is read as the paragraphs it holds, a table
 * in a cell as the cell's text. */
static bool start_table(Builder *b, WmlTok t, const XmlName *an, const char *const *av, size_t na)
{
	WmlTok parent = parent_tok(b);
	const char *val = wml_attr(an, av, na, "val");
	bool outer = b->tbl_depth == 1 && !b->npara;
	switch (t) {
	case WML_TBL:
		if (b->part == PART_BODY && !b->npara && b->tbl_depth++ == 0)
			docx_table_begin(b);
		return true;
	case WML_TBLSTYLE:
		if (outer && parent == WML_TBLPR)
			b->tbl_style = docxstyle_find(b->st, val);
		return true;
	case WML_TBLLOOK:
		if (outer && parent == WML_TBLPR) {
			/* firstRow="1", or the older val="04A0" bit mask. */
			const char *fr = wml_attr(an, av, na, "firstRow");
			if (fr)
				b->tbl_look_first = wml_on(fr);
			else if (val)
				b->tbl_look_first = (strtoul(val, NULL, 16) & 0x20) != 0;
		}
		return true;
	case WML_TBLCAPTION:
		if (outer && parent == WML_TBLPR && val && *val) {
			free(b->tbl_caption);
			b->tbl_caption = docx_sdup(b, val);
		}
		return true;
	case WML_TR:
		if (outer)
			docx_table_row_begin(b);
		return true;
	case WML_TBLHEADER:
		if (outer && parent == WML_TRPR && wml_on(val))
			b->row_header = true;
		return true;
	case WML_TC:
		if (outer)
			docx_table_cell_begin(b);
		return true;
	case WML_GRIDSPAN:
		if (outer && parent == WML_TCPR && b->cell_open)
			b->cell_span = wml_int(val, 1, 1, 64);
		return true;
	default:
		return false;
	}
}

/* Pictures, and what the kiosk cannot show in their place. */
static bool start_drawing(Builder *b, WmlTok t, const XmlName *an, const char *const *av, size_t na)
{
	switch (t) {
	case WML_DRAWING:
	case WML_PICT:
		docx_drawing_begin(b);
		return true;
	case WML_OBJECT:
		/* An embedded spreadsheet or other file: its preview is a
		 * Windows drawing the kiosk cannot show. */
		docx_warn_once(
		    b, WARN_OBJECT,
		    N_("an embedded object (a spreadsheet, an equation or another file) is "
		       "not shown"));
		skip_from_here(b);
		return true;
	case WML_WP_DOCPR:
		if (b->drawing_depth) {
			const char *d = xml_attr(an, av, na, "", "descr");
			const char *ti = xml_attr(an, av, na, "", "title");
			b->alt.len = 0;
			b->alt_title.len = 0;
			if (d)
				docx_buf_add(b, &b->alt, d, strlen(d));
			if (ti)
				docx_buf_add(b, &b->alt_title, ti, strlen(ti));
		}
		return true;
	case WML_A_BLIP: {
		const char *rid = wml_rattr(an, av, na, "embed");
		if (!rid && wml_rattr(an, av, na, "link")) {
			docx_warn_once(
			    b, WARN_LINKED,
			    N_("a picture linked from outside the document is not shown (insert "
			       "the picture itself instead of a link)"));
			return true;
		}
		if (b->drawing_depth && rid)
			docx_picture_add(b, rid);
		return true;
	}
	case WML_V_IMAGEDATA: {
		const char *rid = wml_rattr(an, av, na, "id");
		if (b->drawing_depth && rid) {
			const char *ti = xml_attr(an, av, na, NULL, "title");
			if (ti && !b->alt.len)
				docx_buf_add(b, &b->alt, ti, strlen(ti));
			docx_picture_add(b, rid);
		}
		return true;
	}
	case WML_C_CHART:
		docx_warn_once(b, WARN_CHART,
		               N_("a chart is not shown (paste it as a picture instead)"));
		return true;
	case WML_DGM_RELIDS:
		docx_warn_once(
		    b, WARN_DIAGRAM,
		    N_("a SmartArt diagram is not shown (paste it as a picture instead)"));
		return true;
	default:
		return false;
	}
}

/* Body and notes. */
static void start_text(Builder *b, WmlTok t, XmlName name, WmlNs ns, const XmlName *an,
                       const char *const *av, size_t na)
{
	if (ns == WML_NS_W && t == WML_OTHER && wml_skipped(name.local)) {
		skip_from_here(b);
		return;
	}
	if (start_skipped(b, t) || start_paragraph(b, t, an, av, na) ||
	    start_run(b, t, an, av, na) || start_structure(b, t, an, av, na) ||
	    start_table(b, t, an, av, na) || start_drawing(b, t, an, av, na))
		return;
	if (parent_tok(b) == WML_RPR && b->props_dst)
		docxstyle_props_set(b->props_dst, t, wml_attr(an, av, na, "val"));
}

static void on_start(void *user, XmlName name, const XmlName *an, const char *const *av, size_t na)
{
	Builder *b = user;
	if (b->oom)
		return;
	b->depth = xml_depth(b->h->parser);
	WmlNs ns = wml_ns(name);
	WmlTok t = wml_token(name, ns);
	if (b->depth < XML_DEPTH_MAX + 2)
		b->tok[b->depth] = t;
	if (b->skip)
		return;
	switch (b->part) {
	case PART_CORE:
		b->in_core_title = t == WML_DC_TITLE && b->depth == 2;
		break;
	default:
		start_text(b, t, name, ns, an, av, na);
		break;
	}
}

static void on_end(void *user, XmlName name)
{
	Builder *b = user;
	if (b->oom)
		return;
	unsigned depth = xml_depth(b->h->parser);
	WmlTok t = depth < XML_DEPTH_MAX + 2 ? b->tok[depth] : WML_OTHER;
	b->depth = depth - 1;
	if (b->skip) {
		if (depth == b->skip)
			b->skip = 0;
		/* A skipped note ends like any other. */
		if (!(b->skip == 0 && (t == WML_FOOTNOTE || t == WML_ENDNOTE)))
			return;
	}
	if (b->part == PART_CORE) {
		b->in_core_title = false;
		return;
	}
	switch (t) {
	case WML_P:
		docx_para_end(b);
		break;
	case WML_R:
		b->in_run = false;
		b->run_symbol_font[0] = '\0';
		b->run_props = DOCX_PROPS_UNSET;
		b->run_rstyle = -1;
		break;
	case WML_RPR:
		b->props_dst = NULL;
		break;
	case WML_T:
	case WML_M_T:
		b->in_t = false;
		break;
	case WML_SDTPR:
		b->in_sdt_pr = false;
		break;
	case WML_HYPERLINK:
		if (b->in_link)
			b->in_link--;
		break;
	case WML_TC:
		if (b->tbl_depth == 1 && !b->npara)
			docx_table_cell_end(b);
		break;
	case WML_TR:
		if (b->tbl_depth == 1 && !b->npara)
			docx_table_row_end(b);
		break;
	case WML_TBL:
		if (b->part == PART_BODY && !b->npara && b->tbl_depth > 0 && --b->tbl_depth == 0)
			docx_table_end(b);
		break;
	case WML_DRAWING:
	case WML_PICT:
		if (b->drawing_depth > 0)
			docx_drawing_end(b);
		break;
	case WML_FOOTNOTE:
	case WML_ENDNOTE:
		if (b->part == PART_NOTES && depth == 2)
			docx_note_end(b);
		break;
	default:
		break;
	}
}

static void on_text(void *user, const char *s, size_t n)
{
	Builder *b = user;
	if (b->oom || b->skip)
		return;
	if (b->part == PART_CORE) {
		if (b->in_core_title)
			docx_buf_add(b, &b->core_title, s, n);
		return;
	}
	if (b->part != PART_BODY && b->part != PART_NOTES)
		return;
	unsigned depth = xml_depth(b->h->parser);
	WmlTok t = depth < XML_DEPTH_MAX + 2 ? b->tok[depth] : WML_OTHER;
	if (t == WML_INSTRTEXT) {
		docx_field_instr(b, s, n);
		return;
	}
	if (b->in_t && (t == WML_T || t == WML_M_T)) {
		if (b->run_symbol_font[0] && t == WML_T)
			docx_warn_symbol(b, WARN_SYMBOL_TEXT, b->run_symbol_font);
		docx_add_text(b, s, n);
	}
}

/* ---- putting it together ------------------------------------------------------ */

static void builder_free(Builder *b)
{
	docxstyle_free(b->st);
	for (size_t i = 0; i < b->nnotes; i++)
		free(b->notes[i].id);
	free(b->notes);
	free(b->note_id);
	docx_text_free(&b->note);
	free(b->refs);
	for (int i = 0; i < PARA_NEST; i++) {
		docx_text_free(&b->para[i].text);
		free(b->para[i].deferred);
	}
	docx_text_free(&b->cell);
	free(b->cells);
	free(b->rows);
	free(b->tbl_caption);
	free(b->tbl_deferred);
	free(b->alt.p);
	free(b->alt_title.p);
	for (size_t i = 0; i < b->nblips; i++)
		free(b->blips[i]);
	free(b->blips);
	free(b->core_title.p);
	free(b->blocks);
	free(b->levels);
}

void docx_set_err(char *err, size_t errlen, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", msg);
}

/* Reads one part; 0 or -1 with err. */
static int read_part(Builder *b, PartKind kind, const char *xml, size_t len, char *err,
                     size_t errlen)
{
	if (!xml)
		return 0;
	XmlHandlers h = {.start = on_start, .end = on_end, .text = on_text, .user = b};
	b->h = &h;
	b->part = kind;
	b->skip = 0;
	b->depth = 0;
	b->npara = 0;
	b->para_over = 0;
	b->nfields = 0;
	b->fields_over = 0;
	b->tbl_depth = 0;
	b->drawing_depth = 0;
	b->props_dst = NULL;
	b->in_t = false;
	b->in_link = 0;
	XmlError e = xml_parse(xml, len, &h);
	b->h = NULL;
	if (b->oom) {
		docx_set_err(err, errlen, ERR_NOMEM);
		return -1;
	}
	if (e != XML_OK) {
		docx_set_err(err, errlen, opc_xml_words(e));
		return -1;
	}
	return 0;
}

/* The note blocks of refs [*next, ...) referenced before block end. */
static size_t notes_before(const Builder *b, size_t next, size_t end)
{
	size_t k = next;
	while (k < b->nrefs && b->refs[k].at_block < end)
		k++;
	return k - next;
}

/* Copies blocks [first, end) with the notes referenced in them into the
 * arena. */
static DocBlock *blocks_with_notes(Builder *b, size_t first, size_t end, size_t *next_ref,
                                   size_t *count)
{
	size_t nn = notes_before(b, *next_ref, end);
	size_t n = end - first + nn;
	DocBlock *v = arena_alloc(b->arena, (n ? n : 1) * sizeof(*v));
	if (!v) {
		b->oom = true;
		return NULL;
	}
	size_t o = 0;
	for (size_t i = first; i < end; i++)
		if (b->levels[i] >= 0) /* -1: taken into a table as its caption */
			v[o++] = b->blocks[i];
	for (size_t i = 0; i < nn; i++) {
		const NoteRef *r = &b->refs[*next_ref + i];
		v[o++] = (DocBlock){.type = DOC_NOTE,
		                    .spans = r->def->spans,
		                    .nspans = r->def->nspans,
		                    .list_number = r->number};
	}
	*next_ref += nn;
	*count = o;
	return v;
}

static int assemble(Builder *b, DocArticle *out, char *err, size_t errlen)
{
	/* The topics begin at the highest heading level the document uses:
	 * Heading 1, or Heading 2 in a document that starts there. */
	int top = 0;
	for (size_t i = 0; i < b->nblocks; i++)
		if (b->levels[i] > 0 && (!top || b->levels[i] < top))
			top = b->levels[i];
	size_t ntopics = 0;
	for (size_t i = 0; i < b->nblocks; i++)
		if (top && b->levels[i] == top)
			ntopics++;
	DocTopic *topics = arena_alloc(b->arena, (ntopics ? ntopics : 1) * sizeof(*topics));
	if (!topics) {
		docx_set_err(err, errlen, ERR_NOMEM);
		return -1;
	}
	size_t next_ref = 0, t = 0, start = 0;
	bool in_topic = false;
	const char *title = NULL;
	for (size_t i = 0; i <= b->nblocks && !b->oom; i++) {
		bool boundary = i == b->nblocks || (top && b->levels[i] == top);
		if (!boundary)
			continue;
		size_t n;
		DocBlock *v = blocks_with_notes(b, start, i, &next_ref, &n);
		if (!v)
			break;
		if (in_topic) {
			topics[t++] = (DocTopic){title, v, n};
		} else {
			out->intro = v;
			out->nintro = n;
		}
		if (i < b->nblocks) {
			title = b->blocks[i].spans[0].text;
			in_topic = true;
			start = i + 1;
		}
	}
	if (b->oom) {
		docx_set_err(err, errlen, ERR_NOMEM);
		return -1;
	}
	out->topics = topics;
	out->ntopics = t;
	return 0;
}

/* What is shown differently from the document, into the article: a
 * document has no lines, each warning is about the whole file. */
static int article_warnings(Builder *b, DocArticle *a)
{
	if (!b->nwarnings)
		return 0;
	DocWarning *w = arena_alloc(b->arena, b->nwarnings * sizeof(*w));
	if (!w)
		return -1;
	for (size_t i = 0; i < b->nwarnings; i++)
		w[i] = b->warnings[i];
	a->warnings = w;
	a->nwarnings = b->nwarnings;
	return 0;
}

int docx_map(const DocxParts *parts, const char *source, Arena *arena, DocArticle *out, char *err,
             size_t errlen)
{
	int rc = -1;
	Builder *b = calloc(1, sizeof(*b));
	if (!b) {
		docx_set_err(err, errlen, ERR_NOMEM);
		return -1;
	}
	b->arena = arena;
	b->source = source ? source : "";
	b->rels = parts->rels;
	b->run_rstyle = -1;
	if (!parts->document) {
		docx_set_err(err, errlen, DOCX_NOT_WORD);
		goto done;
	}
	b->st = docxstyle_new();
	if (!b->st) {
		docx_set_err(err, errlen, ERR_NOMEM);
		goto done;
	}
	XmlError xe = docxstyle_read_styles(b->st, parts->styles, parts->styles_len);
	if (xe == XML_OK)
		xe = docxstyle_read_numbering(b->st, parts->numbering, parts->numbering_len);
	if (xe != XML_OK) {
		docx_set_err(err, errlen, opc_xml_words(xe));
		goto done;
	}
	b->endnotes = false;
	if (read_part(b, PART_NOTES, parts->footnotes, parts->footnotes_len, err, errlen) != 0)
		goto done;
	b->endnotes = true;
	if (read_part(b, PART_NOTES, parts->endnotes, parts->endnotes_len, err, errlen) != 0)
		goto done;
	if (b->nnotes)
		qsort(b->notes, b->nnotes, sizeof(*b->notes), docx_note_cmp);
	if (read_part(b, PART_CORE, parts->core, parts->core_len, err, errlen) != 0) {
		/* The properties only offer a title: a damaged core.xml costs
		 * that, not the document. */
		b->core_title.len = 0;
	}
	docx_props_read(b, parts->custom, parts->custom_len);
	if (read_part(b, PART_BODY, parts->document, parts->document_len, err, errlen) != 0)
		goto done;

	DocArticle a = {0};
	a.source = arena_strdup(arena, b->source);
	a.title = b->title;
	if (!a.title && b->core_title.len) {
		char *t = docx_plain(b, b->core_title.p, b->core_title.len);
		if (t && *t)
			a.title = t;
	}
	if (!a.title)
		a.title = doc_title_from_name(arena, b->source);
	if (b->nprops) {
		DocMeta *meta = arena_alloc(arena, b->nprops * sizeof(*meta));
		if (meta)
			memcpy(meta, b->props, b->nprops * sizeof(*meta));
		a.meta = meta;
		a.nmeta = meta ? b->nprops : 0;
		b->oom |= !meta;
	}
	if (!a.source || !a.title || b->oom) {
		docx_set_err(err, errlen, ERR_NOMEM);
		goto done;
	}
	if (assemble(b, &a, err, errlen) != 0)
		goto done;
	if (article_warnings(b, &a) != 0) {
		docx_set_err(err, errlen, ERR_NOMEM);
		goto done;
	}
	*out = a;
	rc = 0;
done:
	builder_free(b);
	free(b);
	return rc;
}
