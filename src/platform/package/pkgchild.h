/* pkgchild: the checker's work on a stick's bytes that runs in a
 * sandboxed child (sandbox.h): parsing an article (Markdown, or a Word
 * document with its container), taking a picture out of a Word document,
 * decoding a picture. A bug in a parser, libzip, expat or a picture
 * library costs at most the child.
 *
 * Every child has its own deadline (per file rather than per package, so a
 * problem names the file that caused it, and a large honest package is not
 * cut short): 10 s of CPU, 20 s of wall-clock time. The largest picture the
 * limits allow (40 megapixels of noise, the worst case for a decoder) takes
 * about 1 s of CPU on a desktop and a few seconds on a Raspberry Pi-class
 * board, so only a file built to stall a decoder comes near.
 *
 * On SANDBOX_OK *out is the child's reply (malloc'd, the caller frees it).
 */
#ifndef KIOSK_PKGCHILD_H
#define KIOSK_PKGCHILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/document/glyphs.h"
#include "core/package/pkg.h"
#include "platform/package/sandbox.h"

/* Parses an article (len bytes of it, named name in messages; word: a
 * Word document, else Markdown) and, when glyphs is given, looks for its
 * characters no font has (core/document/glyphs.h; glyphs is what the
 * kiosk's fonts have, read by the caller: the child inherits it). Reply:
 * 'E' and a message, or 'O', the topic count and the warning count (4
 * bytes each, host order), each warning (the reader's, then those about
 * fonts), then each distinct picture path, both as "LINE\tTEXT" with a NUL
 * after it (a picture's line is the first it is on). A Word document's
 * pictures ("flu.docx/word/media/image1.png", line 0) come in the order
 * first met, each followed by its alt text and a NUL. */
SandboxStatus pkgchild_article(const char *text, size_t len, const char *name, bool word,
                               const GlyphSet *glyphs, unsigned char **out, size_t *outlen);
/* Judges the picture open as fd (size bytes when it was opened) again (it
 * must still be expect when expect->format is not NONE), checks it is all
 * there and decodes every pixel with its own format's decoder at the
 * smallest scale, reading the file as it goes (picdecode.h).
 * Reply: 'O'; 'P' and a reason for "not a picture the kiosk can show
 * (...)"; or 'X' and a whole message; each message as packed words
 * (core/package/pkg.h: its template and arguments). */
SandboxStatus pkgchild_picture(int fd, uint64_t size, const PkgImageInfo *expect,
                               const PkgLimits *lim, unsigned char **out, size_t *outlen);

/* Takes the picture part out of the Word document open as fd (size bytes
 * when it was opened), under the container's limits and no larger than a
 * picture file may be. Reply: 'O' and the picture's bytes, for the same
 * checks as any picture (pkgchild_picture); or 'X' and a whole message
 * as packed words. */
SandboxStatus pkgchild_part(int fd, uint64_t size, const char *part, const PkgLimits *lim,
                            unsigned char **out, size_t *outlen);

#endif
