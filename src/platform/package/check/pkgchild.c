#include "platform/package/check/pkgchild.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/document/markdown/markdown.h"
#include "core/document/model/arena.h"
#include "core/document/model/doc.h"
#include "core/document/ooxml/opc.h"
#include "core/document/word/docx.h"
#include "core/package/glyphs.h"
#include "core/review/date.h"
#include "core/review/review.h"
#include "platform/display/pictures/picdecode.h"
#include "platform/package/pkgfiles.h"
#include "platform/usage/today.h"

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
	bool word;              /* a Word document, not Markdown */
	const GlyphSet *glyphs; /* the characters the kiosk's fonts have, or NULL */
} ArticleJob;

typedef struct {
	const DocBlock *b;
	size_t order;
	bool repeat; /* the same picture met before */
} Img;

static void collect_images(const DocBlock *b, size_t n, Img *out, size_t *k)
{
	for (size_t i = 0; i < n; i++)
		if (b[i].type == DOC_IMAGE && b[i].src) {
			out[*k] = (Img){&b[i], *k, false};
			(*k)++;
		}
}

static int by_src(const void *a, const void *b)
{
	const Img *x = a, *y = b;
	int d = strcmp(x->b->src, y->b->src);
	return d ? d : (x->order > y->order) - (x->order < y->order);
}

static int by_order(const void *a, const void *b)
{
	const Img *x = a, *y = b;
	return (x->order > y->order) - (x->order < y->order);
}

/* "LINE\tTEXT" and a NUL: a warning, or a picture path with the line it
 * is first on. */
static int write_at(int fd, int line, const char *text)
{
	char num[16];
	int n = snprintf(num, sizeof(num), "%d\t", line);
	return sandbox_write(fd, num, (size_t)n) || sandbox_write(fd, text, strlen(text) + 1);
}

/* The distinct pictures of a: a Markdown article's by path, a Word
 * document's in the order first met, each followed by its alt text. */
static int write_pictures(int out_fd, const DocArticle *a, bool word)
{
	size_t nimg = a->nintro;
	for (size_t t = 0; t < a->ntopics; t++)
		nimg += a->topics[t].nblocks;
	Img *imgs = malloc((nimg ? nimg : 1) * sizeof(*imgs));
	if (!imgs)
		return -1;
	size_t k = 0;
	collect_images(a->intro, a->nintro, imgs, &k);
	for (size_t t = 0; t < a->ntopics; t++)
		collect_images(a->topics[t].blocks, a->topics[t].nblocks, imgs, &k);
	qsort(imgs, k, sizeof(*imgs), by_src);
	for (size_t i = 1; i < k; i++)
		imgs[i].repeat = strcmp(imgs[i].b->src, imgs[i - 1].b->src) == 0;
	if (word)
		qsort(imgs, k, sizeof(*imgs), by_order);
	int rc = 0;
	for (size_t i = 0; i < k && rc == 0; i++) {
		const DocBlock *b = imgs[i].b;
		if (imgs[i].repeat)
			continue;
		rc = write_at(out_fd, b->line, b->src);
		if (rc == 0 && word)
			rc = sandbox_write(out_fd, b->alt ? b->alt : "",
			                   strlen(b->alt ? b->alt : "") + 1);
	}
	free(imgs);
	return rc;
}

/* The warnings glyphs_check gives (and the one of a review date past),
 * kept in the child's arena. */
typedef struct {
	Arena *arena;
	DocWarning v[GLYPHS_WARN_MAX + 2];
	size_t n;
	bool oom;
} Found;

static void found_add(void *user, int line, const PkgWhy *why)
{
	Found *f = user;
	char said[PKG_WORDS_MAX];
	bool room =
	    f->n < sizeof(f->v) / sizeof(f->v[0]) && pkg_why_nested(why, said, sizeof(said));
	char *s = room ? arena_strdup(f->arena, said) : NULL;
	if (!s) {
		f->oom = true;
		return;
	}
	f->v[f->n++] = (DocWarning){line, s, s};
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
	int pr = job->word
	             ? docx_read(job->text, job->len, job->name, arena, &a, err, sizeof(err))
	             : markdown_parse(job->text, job->len, job->name, arena, &a, err, sizeof(err));
	if (pr != 0) {
		char msg[300];
		int n = snprintf(msg, sizeof(msg), "E%s", err);
		return sandbox_write(out_fd, msg, (size_t)n);
	}
	/* Characters no font has, found here on the parsed text with the
	 * set the parent filled before this child started (this process
	 * reads no font or fontconfig file of its own). */
	Found found = {arena, {{0}}, 0, false};
	if (job->glyphs && glyphs_check(&a, job->glyphs, job->word ? NULL : job->text, job->len,
	                                found_add, &found) < 0)
		found.oom = true;
	/* Past its review date on the day the check runs (today.h): staff
	 * see it before the kiosk hides it (hide_expired) or shows it old. */
	int today = today_system();
	if (!found.oom && review_expired(&a, today)) {
		char due[16], now[16];
		Review rv = review_of(&a);
		date_format(rv.due, due, sizeof(due));
		date_format(today, now, sizeof(now));
		PkgWhy why;
		pkg_why_say(
		    &why,
		    "review_due: %s has passed (today is %s): the article is due for review; "
		    "with hide_expired = yes the kiosk does not show it",
		    due, now);
		found_add(&found, rv.due_line, &why);
	}
	if (found.oom)
		return sandbox_write(out_fd, "Eout of memory", 14);
	uint32_t topics = a.ntopics > UINT32_MAX ? UINT32_MAX : (uint32_t)a.ntopics;
	uint32_t nwarn = (uint32_t)(a.nwarnings + found.n);
	unsigned char head[9] = {'O'};
	memcpy(head + 1, &topics, 4);
	memcpy(head + 5, &nwarn, 4);
	if (sandbox_write(out_fd, head, sizeof(head)) != 0)
		return 1;
	/* A warning's words when it has some (a template and arguments, in
	 * pkg_why_nested's line), else its phrase. */
	for (size_t i = 0; i < a.nwarnings; i++) {
		const DocWarning *w = &a.warnings[i];
		if (write_at(out_fd, w->line, w->said ? w->said : w->msg) != 0)
			return 1;
	}
	for (size_t i = 0; i < found.n; i++)
		if (write_at(out_fd, found.v[i].line, found.v[i].said) != 0)
			return 1;
	return write_pictures(out_fd, &a, job->word) != 0;
}

typedef struct {
	const PkgLimits *lim;
	uint64_t size;
	PkgImageInfo expect; /* from the header read here; format NONE if unread */
} ImageJob;

/* code, then a problem's words packed (core/package/pkg.h): its template
 * and arguments, for the parent to say in the reader's language. */
static int image_say_words(int out_fd, char code, const char *tmpl, const char *const *args,
                           size_t nargs)
{
	char buf[1 + PKG_WORDS_MAX];
	buf[0] = code;
	size_t n = pkg_words_pack(buf + 1, sizeof(buf) - 1, tmpl, args, nargs);
	if (n == 0)
		n = pkg_words_pack(buf + 1, sizeof(buf) - 1, N_("the picture is damaged"), NULL, 0);
	return sandbox_write(out_fd, buf, 1 + n);
}

/* code and a phrase (a msgid, or words written out elsewhere, which
 * stay English): a template of its own with no arguments. */
static int image_say(int out_fd, char code, const char *msg)
{
	/* A parser's error with words of its own (pkg_err_say). */
	PkgWhy why;
	if (strchr(msg, PKG_NESTED_END) && pkg_why_from_nested(&why, msg) == 0) {
		char buf[1 + PKG_WORDS_MAX];
		buf[0] = code;
		memcpy(buf + 1, why.words, why.len);
		return sandbox_write(out_fd, buf, 1 + why.len);
	}
	char tmpl[400];
	pkg_words_text(msg, tmpl, sizeof(tmpl));
	return image_say_words(out_fd, code, tmpl, NULL, 0);
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
	PkgWhy why;
	char code = 'X';
	const char *msg = NULL; /* a phrase; NULL: why says it */
	PkgImageInfo info;
	struct stat st;
	if (fstat(in_fd, &st) != 0 || st.st_size < 0) {
		msg = N_("the file cannot be read");
	} else if ((uint64_t)st.st_size != job->size) {
		msg = N_("the picture changed while it was being checked");
	} else if (pkg_image_probe_file(picdecode_read_at, &in_fd, job->size, &info, &why) != 0) {
		code = 'P';
	} else if (job->expect.format != PKG_IMG_NONE && !same_picture(&job->expect, &info)) {
		msg = N_("the picture changed while it was being checked");
	} else if (pkg_image_limits(&info, job->lim, &why) == 0 &&
	           pkg_image_complete_file(picdecode_read_at, &in_fd, job->size, info.format,
	                                   &why) == 0) {
		switch (picdecode_fd(in_fd, job->size, &info, NULL, 0, 0, 0, NULL)) {
		case PICDECODE_OK:
			code = 'O';
			msg = "";
			break;
		case PICDECODE_MISMATCH:
			msg = N_("the picture is damaged (its header does not match its contents)");
			break;
		case PICDECODE_MEMORY:
			msg = N_(
			    "the kiosk could not check this picture (it needed too much memory)");
			break;
		case PICDECODE_UNREADABLE:
			msg = N_("the file cannot be read");
			break;
		default:
			msg = N_("the picture is damaged and cannot be shown");
			break;
		}
	}
	if (msg || !why.len)
		return image_say(out_fd, code, msg ? msg : N_("the picture is damaged"));
	/* A rule's reason, in its own words (template and arguments). */
	char buf[1 + PKG_WORDS_MAX];
	buf[0] = code;
	memcpy(buf + 1, why.words, why.len);
	return sandbox_write(out_fd, buf, 1 + why.len);
}

SandboxStatus pkgchild_article(const char *text, size_t len, const char *name, bool word,
                               const GlyphSet *glyphs, unsigned char **out, size_t *outlen)
{
	ArticleJob job = {text, len, name, word, glyphs};
	/* A Word document's records (picture names, alt texts, warnings)
	 * come from its unpacked XML, which can be larger than the file. */
	size_t max_out = word ? 2 * len + 4 * MIB : 2 * len + 64 * 1024;
	SandboxLimits sl = {ARTICLE_MEM, CHILD_CPU_S, CHILD_WALL_MS, max_out};
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

typedef struct {
	uint64_t size;
	const char *part;
	uint64_t max; /* the largest picture file the limits allow */
} PartJob;

/* Child: takes one picture part out of the Word document open as in_fd,
 * under the container's limits. Writes 'O' and the picture's bytes, or
 * 'X' and a whole message. */
static int part_child(void *arg, int in_fd, int out_fd)
{
	const PartJob *job = arg;
	size_t len;
	char why[256];
	char *buf = pkgfiles_read(in_fd, OPC_FILE_MAX, &len);
	if (!buf || len != job->size) {
		free(buf);
		return image_say(out_fd, 'X',
		                 N_("the document changed while it was being checked"));
	}
	OpcPackage pkg;
	char *pic = NULL;
	size_t piclen = 0;
	int r = opc_open_buffer(&pkg, buf, len, why, sizeof(why));
	if (r == 0) {
		r = docx_picture_read(&pkg, job->part, &pic, &piclen, why, sizeof(why));
		opc_close(&pkg);
	}
	free(buf);
	if (r != 0)
		return image_say(out_fd, 'X', why);
	int rc;
	if (piclen > job->max) {
		char has[32], most[32];
		if (pkg_format_sizes(piclen, job->max, has, most, sizeof(most)))
			rc = image_say_words(out_fd, 'X',
			                     N_("the picture is too large (more than %s)"),
			                     (const char *const[]){most}, 1);
		else
			rc = image_say_words(out_fd, 'X',
			                     N_("the picture is too large (%s; at most %s)"),
			                     (const char *const[]){has, most}, 2);
	} else {
		rc = sandbox_write(out_fd, "O", 1) || sandbox_write(out_fd, pic, piclen);
	}
	free(pic);
	return rc;
}

SandboxStatus pkgchild_part(int fd, uint64_t size, const char *part, const PkgLimits *lim,
                            unsigned char **out, size_t *outlen)
{
	PartJob job = {size, part, lim->max_image};
	/* The document, the part and libzip's own. */
	uint64_t mem = (uint64_t)OPC_FILE_MAX + OPC_PART_MAX + IMAGE_SLACK;
	SandboxLimits sl = {mem, CHILD_CPU_S, CHILD_WALL_MS, lim->max_image + 1024};
	return sandbox_run(part_child, &job, fd, &sl, out, outlen);
}
