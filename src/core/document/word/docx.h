/* docx: a Word document (.docx, WordprocessingML) -> DocArticle, the same
 * document model Markdown becomes.
 *
 * The Title style (else the title in the document's properties, else the
 * file name made readable) is the article's title; Heading 1 starts a topic
 * (the highest heading level used when there is no Heading 1), deeper
 * headings are sub-headings, and what stands before the first topic is the
 * introduction on Home. Styles are recognised by their names and outline
 * levels through their basedOn chains, not by their ids, which Word
 * translates ("berschrift1"). Bold, italic and underline; lists with their
 * numbering formats and nesting from numbering.xml; tables; pictures with
 * their alt text as caption; footnotes and endnotes, numbered together,
 * at the end of their topic. Tracked changes read as accepted; comments, headers, footers,
 * field codes and the table of contents are left out.
 *
 * A picture of the document is named "<document>/<part>"
 * ("flu.docx/word/media/image1.png"): the checker and the picture cache
 * read it from inside the zip (docx_picture_split tells such a name).
 * Relationships that point outside the package are never followed.
 *
 * Pure C: docx_read works on a buffer holding the whole file, through
 * opc.h (libzip) and xml.h (expat). Everything the article points to is in
 * the caller's arena; temporaries are freed before returning.
 */
#ifndef KIOSK_DOCX_H
#define KIOSK_DOCX_H

#include <stddef.h>

#include "core/document/model/arena.h"
#include "core/document/model/doc.h"
#include "core/document/ooxml/opc.h"

/* The parts of a document, as XML text (NULL when the document has none). */
typedef struct {
	const char *document; /* word/document.xml (required) */
	size_t document_len;
	const char *styles;
	size_t styles_len;
	const char *numbering;
	size_t numbering_len;
	const char *footnotes;
	size_t footnotes_len;
	const char *endnotes;
	size_t endnotes_len;
	const char *core; /* docProps/core.xml */
	size_t core_len;
	const char *custom; /* docProps/custom.xml: review dates (NULL: none) */
	size_t custom_len;
	const OpcRels *rels; /* the main part's relationships (NULL: none) */
} DocxParts;

/* Maps the parts to an article. source names the file ("flu.docx"): the
 * title of last resort and the prefix of picture names. What is shown
 * differently from the document (a chart, a linked picture) is in the
 * article's warnings (line 0). 0, or -1 with a plain phrase in err ("the
 * document is damaged ..."). */
int docx_map(const DocxParts *parts, const char *source, Arena *arena, DocArticle *out, char *err,
             size_t errlen);

/* The whole reader: len bytes of a .docx file -> article. Recognises a
 * Word 97-2003 file, a password-protected one and a damaged one, and says
 * what to do ("this is an old Word document (.doc); open it in Word or
 * LibreOffice and save it as .docx"). Same returns as docx_map. */
int docx_read(const void *buf, size_t len, const char *source, Arena *arena, DocArticle *out,
              char *err, size_t errlen);

/* For a picture name "flu.docx/word/media/a.png": the length of the
 * document's name (8), so that src + 8 + 1 is the part; 0 when src is not
 * inside a Word document. */
size_t docx_picture_split(const char *src);

/* Reads one picture part out of an opened document, under the container's
 * limits. Same returns as opc_read, with a whole phrase in err ("the
 * picture is missing from the document"). */
int docx_picture_read(OpcPackage *p, const char *part, char **out, size_t *len, char *err,
                      size_t errlen);

/* A file a stick may carry that looks like an article but is not one the
 * kiosk reads (.doc, .odt, .rtf, ...): the phrase that says what to do, or
 * NULL for any other name. */
const char *docx_other_format(const char *name);

#endif
