/* docxstyle: a Word document's styles and list numbering (styles.xml and
 * numbering.xml), for the reader in docx.c.
 *
 * A paragraph style says what kind of paragraph it makes (the title, a
 * heading of a level, a table of contents entry, a caption, body text) by
 * its name ("heading 1", which Word keeps in English whatever the language
 * of its ids) or its outline level, found through its basedOn chain (a
 * cycle ends the walk). The run formatting of a chain and its numbering
 * come the same way. Lists are counted as Word counts them: per
 * definition, deeper levels starting again under a shallower one, a start
 * override restarting a list the first time it is used.
 *
 * Pure C over the parts' bytes (through xml.h). A DocxStyles owns all it
 * read; docxstyle_free releases it. Style information is resolved on
 * first use and stays valid until then.
 */
#ifndef KIOSK_DOCXSTYLE_H
#define KIOSK_DOCXSTYLE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/document/wordml.h"
#include "core/document/xml.h"

/* Run properties as a style or a run sets them: -1 unset, else 0 or 1
 * (vert: 0 baseline, 1 superscript, 2 subscript). */
typedef struct {
	signed char b, i, u, strike, vanish, vert;
} DocxProps;

extern const DocxProps DOCX_PROPS_UNSET;

/* Lays top's set properties over base. */
void docxstyle_props_over(DocxProps *base, const DocxProps *top);
/* Applies one property element (w:b, w:u, w:vertAlign, ...) inside an
 * rPr; other tokens change nothing. */
void docxstyle_props_set(DocxProps *p, WmlTok t, const char *val);
/* The document model's span style (DOC_BOLD, ...) of settled properties. */
unsigned docxstyle_props_doc(const DocxProps *p);

typedef enum {
	DOCX_PARA_BODY,
	DOCX_PARA_TITLE,
	DOCX_PARA_SUBTITLE,
	DOCX_PARA_HEADING, /* with a level 1-9 */
	DOCX_PARA_TOC,     /* table of contents entries and their heading */
	DOCX_PARA_CAPTION, /* a picture's or table's caption */
} DocxParaKind;

/* A style with its chain resolved. */
typedef struct {
	DocxParaKind kind;
	int level;        /* DOCX_PARA_HEADING: 1-9 */
	int num_id;       /* its list: -1 none given, 0 explicitly none */
	int ilvl;         /* its list level, -1 none given */
	int list_level;   /* "List Bullet 3" -> 3: nested by style, not by ilvl */
	const char *name; /* lower case; "" when it has none */
	bool first_row;   /* a table style that sets a table's first row apart */
	DocxProps rpr;    /* the run formatting of the chain */
} DocxStyleInfo;

typedef struct DocxStyles DocxStyles;

/* NULL when out of memory. */
DocxStyles *docxstyle_new(void);
void docxstyle_free(DocxStyles *s);
/* Reads styles.xml, then numbering.xml (once each). XML_OK or the first
 * problem (XML_ERR_NOMEM when memory ran out). */
XmlError docxstyle_read_styles(DocxStyles *s, const char *xml, size_t len);
XmlError docxstyle_read_numbering(DocxStyles *s, const char *xml, size_t len);

/* The style with that id, or -1. */
int docxstyle_find(const DocxStyles *s, const char *id);
/* The default paragraph style, or -1. */
int docxstyle_default(const DocxStyles *s);
/* Style i resolved, or NULL for -1 (or any index not a style's). */
const DocxStyleInfo *docxstyle_info(DocxStyles *s, int i);
/* The document's default run properties (docDefaults). */
const DocxProps *docxstyle_defaults(const DocxStyles *s);

typedef enum {
	DOCX_FMT_DECIMAL,
	DOCX_FMT_DECIMAL_ZERO,
	DOCX_FMT_LOWER_LETTER,
	DOCX_FMT_UPPER_LETTER,
	DOCX_FMT_LOWER_ROMAN,
	DOCX_FMT_UPPER_ROMAN,
	DOCX_FMT_BULLET,
	DOCX_FMT_NONE,
} DocxNumFmt;

/* What a numbered paragraph shows before its text. */
typedef struct {
	bool bullet;
	DocxNumFmt fmt; /* of its own level */
	int number;     /* its own level's count */
	char text[64];  /* the level's text filled in: "1.", "a)", "(iv)", "2.1." */
} DocxMarker;

/* Counts a paragraph of list num_id at level ilvl and fills m. false when
 * the paragraph is not numbered after all (no such list, numId 0, format
 * "none" with no text). */
bool docxstyle_number(DocxStyles *s, int num_id, int ilvl, DocxMarker *m);
/* v in fmt ("iv", "d", "04") into out (at least 24 bytes); "" for a
 * bullet or none. */
void docxstyle_format_number(int v, DocxNumFmt fmt, char *out);

#endif
