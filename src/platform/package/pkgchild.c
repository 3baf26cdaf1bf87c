#include "platform/package/pkgchild.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/document/arena.h"
#include "core/document/doc.h"
#include "core/document/markdown.h"
#include "platform/display/picdecode.h"
#include "platform/package/pkgfiles.h"

#define MIB (1024u * 1024u)
#define CHILD_CPU_S 10
#define CHILD_WALL_MS 20000
/* Markdown: the parser's own structures for a 1 MiB article are a few
 * times its size; an article that needs more than this to parse is one the
 * kiosk should not try to show either. */
#define ARTICLE_MEM (256ull * MIB)
/* Pictures decode row by row at the smallest scale (picdecode.h), in
 * what the probe allows them to hold (PKG_HOLD_MAX) and the libraries'
 * own, which this leaves ample room for. */
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

static bool same_picture(const PkgImageInfo *a, const PkgImageInfo *b)
{
	return a->format == b->format && a->w == b->w && a->h == b->h &&
	       a->orientation == b->orientation && a->hold == b->hold &&
	       a->hold_bytes == b->hold_bytes;
}

/* Child: judges the picture's header again (the file may have changed
 * since), checks it is all there and decodes every pixel of it with its
 * own format's decoder, at the smallest scale, reading the file as it
 * goes: a picture at the limits costs about what the probe allows it to
 * hold, never its full size. Writes 'O', or 'P' and a reason for "not a
 * picture the kiosk can show (...)", or 'X' and a whole message. */
static int image_child(void *arg, int in_fd, int out_fd)
{
	const ImageJob *job = arg;
	char why[256];
	char code = 'X';
	const char *msg = why;
	PkgImageInfo info;
	struct stat st;
	if (fstat(in_fd, &st) != 0 || st.st_size < 0) {
		msg = "the file cannot be read";
	} else if ((uint64_t)st.st_size != job->size) {
		msg = "the picture changed while it was being checked";
	} else if (pkg_image_probe_file(picdecode_read_at, &in_fd, job->size, &info, why,
	                                sizeof(why)) != 0) {
		code = 'P';
	} else if (job->expect.format != PKG_IMG_NONE && !same_picture(&job->expect, &info)) {
		msg = "the picture changed while it was being checked";
	} else if (pkg_image_limits(&info, job->lim, why, sizeof(why)) == 0 &&
	           pkg_image_complete_file(picdecode_read_at, &in_fd, job->size, info.format, why,
	                                   sizeof(why)) == 0) {
		switch (picdecode_fd(in_fd, job->size, &info, NULL, 0, 0, 0, NULL)) {
		case PICDECODE_OK:
			code = 'O';
			msg = "";
			break;
		case PICDECODE_MISMATCH:
			msg = "the picture is damaged (its header does not match its contents)";
			break;
		case PICDECODE_MEMORY:
			msg = "the kiosk could not check this picture (it needed too much memory)";
			break;
		case PICDECODE_UNREADABLE:
			msg = "the file cannot be read";
			break;
		default:
			msg = "the picture is damaged and cannot be shown";
			break;
		}
	}
	return image_say(out_fd, code, msg);
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
	uint64_t mem = PKG_HOLD_MAX + IMAGE_SLACK;
	SandboxLimits sl = {mem, CHILD_CPU_S, CHILD_WALL_MS, 1024};
	return sandbox_run(image_child, &job, fd, &sl, out, outlen);
}
