/* content: loads a content folder (one or more articles, Markdown or Word
 * documents, and their pictures: the built-in assets/content, an installed
 * version, or a stick's kiosk/ folder) into a DocLibrary.
 *
 * The folder is opened once per load and every file is read relative to
 * that descriptor, so a swap of the folder underneath can never mix two
 * versions. A Content owns its arena (all strings of the library) and the
 * folder descriptor; content_unload releases both.
 */
#ifndef KIOSK_CONTENT_H
#define KIOSK_CONTENT_H

#include <limits.h>
#include <stddef.h>

#include "core/document/arena.h"
#include "core/document/doc.h"
#include "core/package/pkg.h"

typedef struct {
	Arena *arena;
	DocLibrary lib;
	const char *conf; /* its kiosk.conf (in the arena), NULL when none */
	size_t conflen;
	int dirfd;
	char dir[PATH_MAX]; /* the folder as opened (for messages) */
} Content;

/* dir is a content folder or a stick root holding a "kiosk" folder (any
 * case). Articles and kiosk.conf are held to the limits the checker
 * applies (lim NULL: the defaults), so content that passed the check
 * loads and content that did not is refused the same way. Returns 0, or
 * -1 with a plain message naming the file in err. */
int content_load(Content *c, const char *dir, const PkgLimits *lim, char *err, size_t errlen);
void content_unload(Content *c);
/* A picture of the content, open for reading. */
typedef struct {
	int fd;           /* its bytes, from offset 0 */
	int idfd;         /* the file that names it in DATA/cache */
	const char *part; /* inside that file (a Word document's picture), or NULL */
} ContentPicture;

/* Opens picture src of the content folder dirfd: a file beneath the folder
 * (pkgfiles_open), or a picture inside a Word document
 * ("flu.docx/word/media/a.png", see docx.h), read out of the document
 * under the container's limits into an anonymous memory file. 0, or -1
 * with errno. content_picture_close closes what it opened. */
int content_picture_open(int dirfd, const char *src, ContentPicture *p);
void content_picture_close(ContentPicture *p);
/* Finds the built-in content: beside the executable (../assets/content),
 * then the installed copy. Returns 0 with the path in out. */
int content_builtin_dir(char *out, size_t size);

#endif
