/* docxstyleread: the tables docxstyle.h's DocxStyles holds (styles,
 * list definitions and the lists that use them) and the Reader that
 * streams styles.xml and numbering.xml into them, shared by docxstyle.c
 * (styles.xml, run properties, a style's chain resolved) and docxnum.c
 * (numbering.xml, lists counted as Word counts them). Internal to them:
 * nothing else includes it.
 *
 * A DocxStyles owns its tables and their strings (malloc'd);
 * docxstyle_free releases them. A Reader lives while one part is read.
 */
#ifndef KIOSK_DOCXSTYLEREAD_H
#define KIOSK_DOCXSTYLEREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/document/word/docxstyle.h"
#include "core/document/ooxml/wordml.h"
#include "core/document/ooxml/xml.h"

#define LEVELS 9

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

typedef struct Reader Reader;

/* What a part's reader does with an element it opens (its token t). */
typedef void (*DocxStartFn)(Reader *r, WmlTok t, const XmlName *an, const char *const *av,
                            size_t na);

struct Reader {
	DocxStyles *s;
	XmlHandlers *h;
	DocxStartFn start;
	bool oom;
	WmlTok tok[XML_DEPTH_MAX + 2];
	unsigned depth;
	Style *cur_style;
	DocxProps *props_dst; /* where rPr children go, or NULL */
	Abstract *cur_abs;
	Num *cur_num;
	int cur_lvl;
};

/* Streams one part (NULL: none) through start. XML_OK or the first
 * problem (XML_ERR_NOMEM when memory ran out). */
XmlError docxstyle_read_part(DocxStyles *s, const char *xml, size_t len, DocxStartFn start);
/* items grown to hold want elements (doubling), or NULL with the reader
 * stopped; on NULL the old array is untouched and still owned. */
void *docxstyle_grow(Reader *r, void *items, size_t *cap, size_t want, size_t size);
/* A malloc'd copy of s, or NULL with the reader stopped. */
char *docxstyle_sdup(Reader *r, const char *s);
/* The token of the element the one just opened is in. */
WmlTok docxstyle_parent_tok(const Reader *r);
/* Orders entries by their place in the file ... */
int docxstyle_order_cmp(size_t a, size_t b);
/* ... and by id, then place: the first of two with one id comes first. */
int docxstyle_id_cmp(const char *a, size_t a_order, const char *b, size_t b_order);

#endif
