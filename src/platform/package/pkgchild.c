#include "platform/package/pkgchild.h"

#include <SDL.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/arena.h"
#include "core/document/doc.h"
#include "core/document/markdown.h"
#include "platform/display/images.h"
#include "platform/package/pkgfiles.h"

#define MIB (1024u * 1024u)
#define CHILD_CPU_S 10
#define CHILD_WALL_MS 20000
/* Markdown: the parser's own structures for a 1 MiB article are a few
 * times its size; an article that needs more than this to parse is one the
 * kiosk should not try to show either. */
#define ARTICLE_MEM (256ull * MIB)
/* Pictures: the file, the decoded pixels (4 bytes each), a progressive
 * JPEG's coefficients (up to 6 bytes a pixel) and the libraries' own. */
#define IMAGE_PIXEL_BYTES 10
#define IMAGE_SLACK (64ull * MIB)

typedef struct {
	const char *text;
	size_t len;
	const char *name;
} ArticleJob;

static int by_str(const void *a, const void *b)
{
	const DocBlock *x = *(const DocBlock *const *)a, *y = *(const DocBlock *const *)b;
	int d = strcmp(x->src, y->src);
	return d ? d : x->line - y->line;
}

static void collect_images(const DocBlock *b, size_t n, const DocBlock **out, size_t *k)
{
	for (size_t i = 0; i < n; i++)
		if (b[i].type == DOC_IMAGE && b[i].src)
			out[(*k)++] = &b[i];
}

/* "LINE\tTEXT" and a NUL: a warning, or a picture path with the line it
 * is first on. */
static int write_at(int fd, int line, const char *text)
{
	char num[16];
	int n = snprintf(num, sizeof(num), "%d\t", line);
	return sandbox_write(fd, num, (size_t)n) || sandbox_write(fd, text, strlen(text) + 1);
}

/* Child: parses the article. Writes 'E' and a message, or the reply
 * pkgchild_article describes. */
static int article_child(void *arg, int in_fd, int out_fd)
{
	const ArticleJob *job = arg;
	Arena *arena = arena_new(64 * 1024);
	DocArticle a;
	char err[256];
	if (!arena)
		return 1;
	if (markdown_parse(job->text, job->len, job->name, arena, &a, err, sizeof(err)) != 0) {
		char msg[300];
		int n = snprintf(msg, sizeof(msg), "E%s", err);
		return sandbox_write(out_fd, msg, (size_t)n);
	}
	size_t nimg = a.nintro;
	for (size_t t = 0; t < a.ntopics; t++)
		nimg += a.topics[t].nblocks;
	const DocBlock **srcs = malloc((nimg ? nimg : 1) * sizeof(*srcs));
	if (!srcs)
		return sandbox_write(out_fd, "Eout of memory", 14);
	size_t k = 0;
	collect_images(a.intro, a.nintro, srcs, &k);
	for (size_t t = 0; t < a.ntopics; t++)
		collect_images(a.topics[t].blocks, a.topics[t].nblocks, srcs, &k);
	qsort(srcs, k, sizeof(*srcs), by_str);
	uint32_t topics = a.ntopics > UINT32_MAX ? UINT32_MAX : (uint32_t)a.ntopics;
	uint32_t nwarn = (uint32_t)a.nwarnings;
	unsigned char head[9] = {'O'};
	memcpy(head + 1, &topics, 4);
	memcpy(head + 5, &nwarn, 4);
	if (sandbox_write(out_fd, head, sizeof(head)) != 0)
		return 1;
	for (size_t i = 0; i < a.nwarnings; i++)
		if (write_at(out_fd, a.warnings[i].line, a.warnings[i].msg) != 0)
			return 1;
	for (size_t i = 0; i < k; i++) {
		if (i && strcmp(srcs[i]->src, srcs[i - 1]->src) == 0)
			continue;
		if (write_at(out_fd, srcs[i]->line, srcs[i]->src) != 0)
			return 1;
	}
	return 0;
}

typedef struct {
	const PkgLimits *lim;
	uint64_t size;
	PkgImageInfo expect; /* from the header read here; format NONE if unread */
} ImageJob;

static int image_say(int out_fd, char code, const char *msg)
{
	char buf[320];
	int n = snprintf(buf, sizeof(buf), "%c%s", code, msg);
	return sandbox_write(out_fd, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* Child: reads the whole picture, judges its header again (the file may
 * have changed since), checks it is all there and decodes it with its own
 * format's loader. Writes 'O', or 'P' and a reason for "not a picture the
 * kiosk can show (...)", or 'X' and a whole message. */
static int image_child(void *arg, int in_fd, int out_fd)
{
	const ImageJob *job = arg;
	size_t len;
	char why[256];
	char *buf = pkgfiles_read(in_fd, job->lim->max_image, &len);
	if (!buf)
		return image_say(out_fd, 'X',
		                 errno == EFBIG ? "the picture changed while it was being checked"
		                                : "the file cannot be read");
	if (len != job->size) {
		free(buf);
		return image_say(out_fd, 'X', "the picture changed while it was being checked");
	}
	const unsigned char *b = (const unsigned char *)buf;
	char code = 'X';
	const char *msg = why;
	PkgImageInfo info;
	if (pkg_image_probe(b, len, true, &info, why, sizeof(why)) != 0) {
		code = 'P';
	} else if (job->expect.format != PKG_IMG_NONE &&
	           (job->expect.format != info.format || job->expect.w != info.w ||
	            job->expect.h != info.h)) {
		msg = "the picture changed while it was being checked";
	} else if (pkg_image_limits(&info, job->lim, why, sizeof(why)) == 0 &&
	           pkg_image_complete(b, len, info.format, why, sizeof(why)) == 0) {
		SDL_ClearError();
		SDL_Surface *s = images_decode(b, len, info.format);
		if (!s) {
			const char *e = SDL_GetError();
			if (e && (strstr(e, "memory") || strstr(e, "Memory")))
				msg = "the kiosk could not check this picture (it needed too much "
				      "memory)";
			else
				msg = "the picture is damaged and cannot be shown";
		} else if ((uint32_t)s->w != info.w || (uint32_t)s->h != info.h) {
			msg = "the picture is damaged (its header does not match its contents)";
		} else {
			code = 'O';
			msg = "";
		}
		SDL_FreeSurface(s);
	}
	int rc = image_say(out_fd, code, msg);
	free(buf);
	return rc;
}

SandboxStatus pkgchild_article(const char *text, size_t len, const char *name, unsigned char **out,
                               size_t *outlen)
{
	ArticleJob job = {text, len, name};
	SandboxLimits sl = {ARTICLE_MEM, CHILD_CPU_S, CHILD_WALL_MS, 2 * len + 64 * 1024};
	return sandbox_run(article_child, &job, -1, &sl, out, outlen);
}

SandboxStatus pkgchild_picture(int fd, uint64_t size, const PkgImageInfo *expect,
                               const PkgLimits *lim, unsigned char **out, size_t *outlen)
{
	ImageJob job = {lim, size, *expect};
	uint64_t mem = lim->max_image + lim->max_pixels * IMAGE_PIXEL_BYTES + IMAGE_SLACK;
	SandboxLimits sl = {mem, CHILD_CPU_S, CHILD_WALL_MS, 1024};
	return sandbox_run(image_child, &job, fd, &sl, out, outlen);
}
