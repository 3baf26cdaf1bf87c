/* docxinline: what stands inside a Word document's paragraphs besides
 * its text: pictures (through the relationships, never outside the
 * package), note references and the notes themselves, fields (their
 * results, never their codes), symbols. */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/document/model/utf8.h"
#include "core/document/word/docxread.h"

/* ---- pictures -------------------------------------------------------------- */

/* Word's automatic alt text ends in a line saying so; it is not a caption
 * anyone wrote. */
static void docx_strip_generated(char *s)
{
	static const char *const tails[] = {"Description automatically generated with medium "
	                                    "confidence",
	                                    "Description automatically generated with low "
	                                    "confidence",
	                                    "Description automatically generated"};
	size_t n = strlen(s);
	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		size_t k = strlen(tails[i]);
		if (n >= k && strcmp(s + n - k, tails[i]) == 0) {
			n -= k;
			while (n > 0 && docx_blank(s[n - 1]))
				n--;
			s[n] = '\0';
			return;
		}
	}
}

void docx_picture_add(Builder *b, const char *rid)
{
	const OpcRel *rel = b->rels ? opc_rel_find(b->rels, rid) : NULL;
	if (!rel) {
		docx_warn_once(b, WARN_NO_PICTURE,
		               N_("a picture refers to nothing in the document and is not shown"));
		return;
	}
	if (rel->external) {
		docx_warn_once(b, WARN_LINKED,
		               N_("a picture linked from outside the document is not shown (insert "
		                  "the picture itself instead of a link)"));
		return;
	}
	if (!rel->target) {
		docx_warn_once(b, WARN_OUTSIDE,
		               N_("a picture points outside the document and is not shown"));
		return;
	}
	char **v = docx_grow(b, b->blips, &b->capblips, b->nblips + 1, sizeof(*v));
	if (!v) {
		docx_fail_oom(b);
		return;
	}
	b->blips = v;
	b->blips[b->nblips] = docx_sdup(b, rel->target);
	if (b->blips[b->nblips])
		b->nblips++;
}

void docx_drawing_begin(Builder *b)
{
	if (b->drawing_depth++ > 0)
		return;
	b->alt.len = 0;
	b->alt_title.len = 0;
	b->nblips = 0;
}

void docx_drawing_end(Builder *b)
{
	if (--b->drawing_depth > 0)
		return;
	Para *p = docx_para_top(b);
	const Buf *a = b->alt.len ? &b->alt : &b->alt_title;
	char *alt = docx_plain(b, a->p ? a->p : "", a->len);
	if (alt)
		docx_strip_generated(alt);
	for (size_t i = 0; i < b->nblips && !b->oom; i++) {
		DocBlock blk = {.type = DOC_IMAGE, .alt = alt};
		blk.src = arena_printf(b->arena, "%s/%s", b->source, b->blips[i]);
		if (!blk.src) {
			b->oom = true;
			break;
		}
		if (p)
			docx_defer_push(b, &p->deferred, &p->ndeferred, &p->capdeferred, &blk);
		else if (b->tbl_depth > 0)
			docx_defer_push(b, &b->tbl_deferred, &b->ntbl_deferred, &b->captbl_deferred,
			                &blk);
		else
			docx_block_push(b, &blk, 0);
	}
	for (size_t i = 0; i < b->nblips; i++)
		free(b->blips[i]);
	b->nblips = 0;
}

/* ---- notes ----------------------------------------------------------------- */

/* Notes are sorted by id (and place in the file) once read, so a long
 * document looks each one up in log time. */
static int docx_order_cmp(size_t a, size_t b)
{
	return (a > b) - (a < b);
}

static int docx_note_key(const NoteDef *n, bool endnote, const char *id)
{
	if (n->endnote != endnote)
		return n->endnote ? 1 : -1;
	return strcmp(n->id, id);
}

int docx_note_cmp(const void *x, const void *y)
{
	const NoteDef *a = x, *b = y;
	int d = docx_note_key(a, b->endnote, b->id);
	return d ? d : docx_order_cmp(a->order, b->order);
}

const NoteDef *docx_note_find(const Builder *b, bool endnote, const char *id)
{
	size_t lo = 0, hi = id ? b->nnotes : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (docx_note_key(&b->notes[mid], endnote, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < b->nnotes && id && docx_note_key(&b->notes[lo], endnote, id) == 0
	           ? &b->notes[lo]
	           : NULL;
}

void docx_note_reference(Builder *b, bool endnote, const char *id)
{
	const NoteDef *def = docx_note_find(b, endnote, id);
	if (!def || docx_fields_hide(b))
		return;
	/* Both kinds end up at the end of the topic: one count reads
	 * plainly there. */
	int number = ++b->note_count;
	NoteRef *r = docx_grow(b, b->refs, &b->caprefs, b->nrefs + 1, sizeof(*r));
	if (!r) {
		docx_fail_oom(b);
		return;
	}
	b->refs = r;
	/* Notes inside a table are numbered where the table stands. */
	b->refs[b->nrefs++] = (NoteRef){b->nblocks, number, def};
	char mark[16];
	snprintf(mark, sizeof(mark), "%d", number);
	Para *p = docx_para_top(b);
	if (p)
		docx_text_add(b, &p->text, mark, strlen(mark), DOC_SUPER);
}

void docx_note_begin(Builder *b, const XmlName *an, const char *const *av, size_t na)
{
	const char *type = wml_attr(an, av, na, "type");
	const char *id = wml_attr(an, av, na, "id");
	/* The separator lines Word keeps among the notes are not notes. */
	b->note_skip = !id || (type && strcmp(type, "normal") != 0);
	b->in_note = true;
	docx_text_clear(&b->note);
	free(b->note_id);
	b->note_id = id ? docx_sdup(b, id) : NULL;
}

void docx_note_end(Builder *b)
{
	b->in_note = false;
	if (b->note_skip || !b->note_id || b->oom)
		return;
	NoteDef d = {.endnote = b->endnotes, .id = b->note_id, .order = b->nnotes};
	d.nspans = docx_text_spans(b, &b->note, &d.spans);
	b->note_id = NULL;
	NoteDef *v = docx_grow(b, b->notes, &b->capnotes, b->nnotes + 1, sizeof(*v));
	if (!v) {
		free(d.id);
		docx_fail_oom(b);
		return;
	}
	b->notes = v;
	b->notes[b->nnotes++] = d;
}

/* ---- fields ---------------------------------------------------------------- */

void docx_field_char(Builder *b, const char *type)
{
	if (!type)
		return;
	if (strcmp(type, "begin") == 0) {
		if (b->nfields == FIELD_NEST) {
			b->fields_over++;
			return;
		}
		bool parent_hidden = docx_fields_hide(b);
		b->fields[b->nfields++] = (Field){.hide = parent_hidden};
	} else if (strcmp(type, "separate") == 0) {
		if (b->fields_over || !b->nfields)
			return;
		Field *f = &b->fields[b->nfields - 1];
		f->result = true;
		/* A table of contents is left out, result and all. */
		const char *s = f->instr;
		while (*s == ' ')
			s++;
		if (strncasecmp(s, "TOC", 3) == 0 && (s[3] == ' ' || s[3] == '\0' || s[3] == '\\'))
			f->hide = true;
	} else if (strcmp(type, "end") == 0) {
		if (b->fields_over)
			b->fields_over--;
		else if (b->nfields)
			b->nfields--;
	}
}

void docx_field_instr(Builder *b, const char *s, size_t n)
{
	if (b->fields_over || !b->nfields)
		return;
	Field *f = &b->fields[b->nfields - 1];
	size_t room = sizeof(f->instr) - 1 - f->ilen;
	if (n > room)
		n = room;
	memcpy(f->instr + f->ilen, s, n);
	f->ilen += n;
	f->instr[f->ilen] = '\0';
}

/* ---- symbols ---------------------------------------------------------------- */

/* w:sym in the Symbol font: the letters and signs a health text uses. */
const char *docx_symbol_char(const char *font, const char *code)
{
	if (!code)
		return NULL;
	unsigned long c = strtoul(code, NULL, 16);
	if (c >= 0xF000)
		c -= 0xF000;
	if (font && strcasecmp(font, "Symbol") != 0)
		return c == 0xB7 || c == 0xA7 || c == 0x6C || c == 0x9F ? "\xE2\x80\xA2" : NULL;
	static const char *const greek_lower[26] = {"α", "β", "χ", "δ", "ε", "φ", "γ", "η", "ι",
	                                            "ϕ", "κ", "λ", "μ", "ν", "ο", "π", "θ", "ρ",
	                                            "σ", "τ", "υ", "ϖ", "ω", "ξ", "ψ", "ζ"};
	static const char *const greek_upper[26] = {"Α", "Β", "Χ", "Δ", "Ε", "Φ", "Γ", "Η", "Ι",
	                                            "ϑ", "Κ", "Λ", "Μ", "Ν", "Ο", "Π", "Θ", "Ρ",
	                                            "Σ", "Τ", "Υ", "ς", "Ω", "Ξ", "Ψ", "Ζ"};
	if (c >= 'a' && c <= 'z')
		return greek_lower[c - 'a'];
	if (c >= 'A' && c <= 'Z')
		return greek_upper[c - 'A'];
	switch (c) {
	case 0xA3:
		return "≤";
	case 0xB3:
		return "≥";
	case 0xB0:
		return "°";
	case 0xB1:
		return "±";
	case 0xB4:
		return "×";
	case 0xB8:
		return "÷";
	case 0xB7:
		return "•";
	case 0xAE:
		return "→";
	case 0xAC:
		return "←";
	case 0xB9:
		return "≠";
	case 0xBB:
		return "≈";
	default:
		return NULL;
	}
}

bool docx_symbol_font(const char *font)
{
	static const char *const names[] = {"Symbol",       "Wingdings",     "Wingdings 2",
	                                    "Wingdings 3",  "Webdings",      "Marlett",
	                                    "ZapfDingbats", "Zapf Dingbats", "MT Extra"};
	for (size_t i = 0; font && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(font, names[i]) == 0)
			return true;
	return false;
}

void docx_warn_symbol(Builder *b, unsigned kind, const char *font)
{
	if (b->warned & kind)
		return;
	PkgWhy why;
	int n = (int)utf8_clip(font, 40);
	if (kind == WARN_SYMBOL_TEXT)
		pkg_why_say(&why,
		            "text in the \"%.*s\" font shows as the letters typed, not as the "
		            "font's symbols (use the characters themselves from an ordinary font, "
		            "such as \u2713 or \u2192)",
		            n, font);
	else if (font[0])
		pkg_why_say(&why,
		            "a symbol from the \"%.*s\" font is left out (insert the character "
		            "itself from an ordinary font, such as \u2713 or \u2192)",
		            n, font);
	else
		pkg_why_say(&why, "a symbol is left out (insert the character itself from an "
		                  "ordinary font, such as \u2713 or \u2192)");
	docx_warn_once_why(b, kind, &why);
}
