/* pkgarticle: the checker's articles and pictures. An article (Markdown,
 * or a Word document) is read here and parsed in a sandboxed child, which
 * hands back its topic count, its warnings and the pictures it refers to;
 * a picture file's header and limits are judged here (a decompression
 * bomb is refused before any child starts) and its full decode is done in
 * a child; a Word document's pictures are taken out of it in a child and
 * then judged the same way from a copy in memory.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/document/word/docx.h"
#include "core/document/ooxml/opc.h"
#include "platform/display/fonts/fallback.h"
#include "platform/display/fonts/fonts.h"
#include "platform/display/pictures/picdecode.h"
#include "platform/package/fsio.h"
#include "platform/package/check/pkgcheckrun.h"
#include "platform/package/check/pkgchild.h"
#include "platform/package/pkgfiles.h"

/* Picture problems one article may add before the rest are counted. */
#define REF_PROBLEMS_MAX 50

/* One picture reference of an article: judged, found, marked used. */
static void check_ref(Check *c, const Entry *art, const char *src, int line, unsigned *problems)
{
	char q[SRC_SHOWN + 4];
	bool bad = false;
	PkgWhy why;
	if (pkg_ref_check(src, &why) != 0) {
		bad = true;
	} else {
		/* Relative to the article's folder. */
		const char *slash = strrchr(art->rel, '/');
		size_t dlen = slash ? (size_t)(slash - art->rel) + 1 : 0;
		size_t slen = strlen(src);
		char *path = malloc(dlen + slen + 1);
		if (!path)
			return;
		memcpy(path, art->rel, dlen);
		memcpy(path + dlen, src, slen + 1);
		pkg_fold(path, path, dlen + slen + 1);
		ssize_t i = pkgcheck_find(c, path);
		/* Found only because case is ignored: another computer, or a
		 * copy onto another file system, may not find it. */
		if (i >= 0 && c->v[i].kind == ENT_FILE && strcmp(c->v[i].rel + dlen, src) != 0) {
			char at[PKG_PATH_MAX + 16];
			snprintf(at, sizeof(at), "%s:%d", art->rel, line);
			pkg_report_add(c->r, true, at, "picture \"%s\" is found only as \"%s\"",
			               pkgcheck_shown(src, q, sizeof(q)), c->v[i].rel + dlen);
		}
		if (i < 0) {
			/* Behind a link or a folder too deep: that entry has
			 * its own problem line already. */
			bool covered = false;
			for (char *p = strchr(path, '/'); p && !covered; p = strchr(p + 1, '/')) {
				*p = '\0';
				ssize_t j = pkgcheck_find(c, path);
				*p = '/';
				covered = j >= 0 && (c->v[j].kind == ENT_BAD || c->v[j].too_deep);
			}
			if (!covered) {
				bad = true;
				pkg_why_phrase(&why, N_("the file is missing"));
			}
		} else if (c->v[i].kind == ENT_DIR) {
			bad = true;
			pkg_why_phrase(&why, N_("this is a folder, not a picture"));
		} else if (c->v[i].kind == ENT_FILE) {
			c->v[i].used = true;
		}
		free(path);
	}
	if (!bad)
		return;
	if (++*problems > REF_PROBLEMS_MAX)
		return;
	PkgWhy name;
	pkg_why_say(&name, "picture \"%s\"", pkgcheck_shown(src, q, sizeof(q)));
	pkg_report_whys(c->r, false, art->rel, "%s: %s", (const PkgWhy *const[]){&name, &why}, 2);
}

/* A Word document's picture, checked once the articles are done. */
static void part_add(Check *c, const Entry *e, const char *part, const char *label, unsigned number)
{
	if (c->npics == c->cappics) {
		size_t cap = c->cappics ? c->cappics * 2 : 16;
		DocPicture *v = realloc(c->pics, cap * sizeof(*v));
		if (!v) {
			pkg_report_no_memory(c->r, e->rel, NULL);
			return;
		}
		c->pics = v;
		c->cappics = cap;
	}
	DocPicture dp = {(size_t)(e - c->v), strdup(part), strdup(label), number};
	if (!dp.part || !dp.label) {
		free(dp.part);
		free(dp.label);
		pkg_report_no_memory(c->r, e->rel, NULL);
		return;
	}
	c->pics[c->npics++] = dp;
}

/* The article's text, read here and checked as far as that goes without
 * parsing; NULL with the problem reported. */
static char *article_text(Check *c, const Entry *e, bool word, size_t *len)
{
	uint64_t max = word ? OPC_FILE_MAX : c->lim->max_article;
	PkgWhy why;
	if (e->size > max) {
		char has[32], most[32];
		bool same = pkg_format_sizes(e->size, max, has, most, sizeof(most));
		if (word && same)
			pkg_report_add(
			    c->r, false, e->rel,
			    "the document is too large (more than %s); make its pictures "
			    "smaller",
			    most);
		else if (word)
			pkg_report_add(
			    c->r, false, e->rel,
			    "the document is too large (%s; at most %s); make its pictures "
			    "smaller",
			    has, most);
		else if (same)
			pkg_report_add(c->r, false, e->rel,
			               "the article is too large (more than %s)", most);
		else
			pkg_report_add(c->r, false, e->rel,
			               "the article is too large (%s; at most %s)", has, most);
		return NULL;
	}
	struct stat st;
	int fd = pkgcheck_open_entry(c, e, &st);
	if (fd < 0)
		return NULL;
	char *text = pkgfiles_read(fd, max, len);
	int err = errno;
	close(fd);
	if (!text) {
		/* Its size was within the limit a moment ago. */
		if (err == EFBIG)
			pkg_report_changed(c->r, e->rel);
		else
			pkg_report_unreadable(c->r, e->rel, false, strerror(err));
		return NULL;
	}
	pkgcheck_progress(c, e->size);
	if (!word && pkg_article_text_check(text, *len, max, &why) != 0) {
		pkg_report_why(c->r, false, e->rel, &why);
		free(text);
		return NULL;
	}
	return text;
}

/* What the kiosk's fonts can draw, read once per check before the first
 * article's child starts, which inherits it. The question is answered
 * here rather than in the child, for three reasons: fontconfig reads the
 * system's configuration and caches, which a child working on a stick's
 * bytes has no business opening; the answer is the same for every
 * article, so one reading (about 4 ms and 136 KiB) serves them all; and
 * the child needs the answer while it walks the text, to find the runs
 * of missing characters and the lines they are on. The fonts are found
 * exactly as the screen finds them (display/fonts/fonts, display/fonts/fallback), so
 * check and screen agree. NULL when no font can be read at all (the
 * kiosk could not show any text then, and says so when it starts). */
static const GlyphSet *glyph_set(Check *c)
{
	if (c->glyphs || c->no_glyphs)
		return c->glyphs;
	c->no_glyphs = true;
	GlyphSet *set = calloc(1, sizeof(*set));
	Fallback *fb = set ? fallback_new() : NULL;
	if (!fb) {
		free(set);
		return NULL;
	}
	FontFile own[FONTS_STYLES];
	char err[256];
	size_t nown = fonts_find(c->font_dir, own, err, sizeof(err)) == 0 ? FONTS_STYLES : 0;
	bool fc = fallback_cover(fb, own, nown, set);
	fallback_free(fb);
	if (!fc && !nown) {
		free(set);
		return NULL;
	}
	c->glyphs = set;
	c->no_glyphs = false;
	return set;
}

/* The items after an article child's head: nwarn warnings, then the
 * pictures to look up (or, for a Word document, to check once the
 * articles are done). false when they make no sense. */
static bool article_records(Check *c, const Entry *e, bool word, uint32_t nwarn,
                            const unsigned char *out, size_t outlen)
{
	unsigned problems = 0, number = 0;
	bool bad = false;
	for (size_t i = 9, k = 0; i < outlen && !bad; k++) {
		char *item = (char *)out + i, *tab = strchr(item, '\t');
		i += strlen(item) + 1;
		int line = tab ? atoi(item) : 0;
		item = tab ? tab + 1 : item;
		char at[PKG_PATH_MAX + 16];
		snprintf(at, sizeof(at), "%s:%d", e->rel, line);
		if (k < nwarn) {
			/* Words with arguments (pkg_why_nested's line), or a phrase. */
			PkgWhy why;
			if (strchr(item, PKG_NESTED_END) && pkg_why_from_nested(&why, item) == 0)
				pkg_report_why(c->r, true, line > 0 ? at : e->rel, &why);
			else
				pkg_report_text(c->r, true, line > 0 ? at : e->rel, item);
		} else if (!word) {
			check_ref(c, e, item, line, &problems);
		} else if (i < outlen) {
			/* A Word document's picture, and its alt text. */
			const char *label = (const char *)out + i;
			size_t split = docx_picture_split(item);
			i += strlen(label) + 1;
			if (split && strncmp(item, e->rel, split) == 0 && e->rel[split] == '\0')
				part_add(c, e, item + split + 1, label, ++number);
			else
				bad = true;
		} else {
			bad = true;
		}
	}
	if (problems > REF_PROBLEMS_MAX)
		pkg_report_add(c->r, false, e->rel, "and %u more pictures with problems",
		               problems - REF_PROBLEMS_MAX);
	return !bad;
}

void pkgcheck_article(Check *c, const Entry *e)
{
	bool word = pkg_is_docx_name(e->rel);
	const char *what = word ? "document" : "article";
	size_t len;
	char *text = article_text(c, e, word, &len);
	if (!text)
		return;
	unsigned char *out;
	size_t outlen;
	SandboxStatus st2 = pkgchild_article(text, len, e->rel, word, glyph_set(c), &out, &outlen);
	free(text);
	if (st2 != SANDBOX_OK || outlen < 1) {
		pkgcheck_child_failed(c, e->rel, what, st2 == SANDBOX_OK ? SANDBOX_CRASHED : st2);
		free(out);
		return;
	}
	if (out[0] == 'E') {
		const char *m = (const char *)out + 1;
		size_t mlen = outlen - 1;
		char said[400];
		snprintf(said, sizeof(said), "%.*s", (int)mlen, m);
		if (strcmp(said, "out of memory") == 0 && word)
			pkg_report_add(
			    c->r, false, e->rel,
			    "the kiosk could not check this document (it needed too much "
			    "memory)");
		else if (strcmp(said, "out of memory") == 0)
			pkg_report_add(c->r, false, e->rel,
			               "the kiosk could not check this article (it needed too much "
			               "memory)");
		else
			pkg_report_err(c->r, false, e->rel, said);
		free(out);
		return;
	}
	if (out[0] != 'O' || outlen < 9 || (outlen > 9 && out[outlen - 1] != '\0')) {
		pkgcheck_child_failed(c, e->rel, what, SANDBOX_CRASHED);
		free(out);
		return;
	}
	uint32_t topics, nwarn;
	memcpy(&topics, out + 1, 4);
	memcpy(&nwarn, out + 5, 4);
	c->r->articles++;
	c->r->topics += topics;
	if (!article_records(c, e, word, nwarn, out, outlen))
		pkgcheck_child_failed(c, e->rel, what, SANDBOX_CRASHED);
	free(out);
}

/* A picture read for its header, a window at a time: a read that fails
 * is said as the file being unreadable, not as a damaged picture. */
typedef struct {
	int fd;
	int err;
} Reading;

static long read_picture(void *ctx, uint64_t off, unsigned char *buf, size_t n)
{
	Reading *rd = ctx;
	long got = picdecode_read_at(&rd->fd, off, buf, n);
	if (got < 0)
		rd->err = errno;
	return got;
}

/* A problem with a picture on rel. what names a picture inside rel (a
 * Word document's "picture 2"), or is NULL. */
static void picture_problem(Check *c, const char *rel, const PkgWhy *what, const PkgWhy *why)
{
	/* TRANSLATORS: a picture inside a Word document ("picture 2"), then
	 * what is wrong with it. */
	if (what)
		pkg_report_whys(c->r, false, rel, "%s: %s", (const PkgWhy *const[]){what, why}, 2);
	else
		pkg_report_why(c->r, false, rel, why);
}

/* "not a picture the kiosk can show (WHY)": why is a phrase of
 * pkg_image_probe's ("the file is text") or the child's. A picture inside
 * a document cannot be swapped for another file, so its problem says what
 * to do in Word. */
static void not_a_picture(Check *c, const char *rel, const PkgWhy *what, const PkgWhy *why)
{
	if (what)
		pkg_report_whys(c->r, false, rel,
		                "%s: not a picture the kiosk can show (%s); put a PNG or JPEG "
		                "picture in its place",
		                (const PkgWhy *const[]){what, why}, 2);
	else
		pkg_report_whys(c->r, false, rel, "not a picture the kiosk can show (%s)",
		                (const PkgWhy *const[]){why}, 1);
}

/* A picture child's problem, as packed words (core/package/pkg.h): the
 * reason in "not a picture the kiosk can show (...)" when reason, else a
 * whole message. Words that are not packed words are the child's fault. */
static void child_words(Check *c, const char *rel, const PkgWhy *what, bool reason, const char *m,
                        size_t n)
{
	PkgWords w;
	PkgWhy why;
	if (n > sizeof(why.words) || pkg_words_unpack(m, n, &w) != 0) {
		pkgcheck_child_failed(c, rel, "picture", SANDBOX_CRASHED);
		return;
	}
	memcpy(why.words, m, n);
	why.len = n;
	if (reason)
		not_a_picture(c, rel, what, &why);
	else
		picture_problem(c, rel, what, &why);
}

/* The picture open as fd (size bytes): its header first, here, so that a
 * picture too large to decode, or one that would hold too much while
 * decoding, is refused before any child is started or any pixel is
 * decoded; then every pixel in a child. A picture inside a document
 * cannot be swapped for another file, so its problem says what to do in
 * Word. */
static void judge_picture(Check *c, const char *rel, const PkgWhy *what, int fd, uint64_t size)
{
	PkgWhy why;
	PkgImageInfo info;
	Reading rd = {fd, 0};
	if (pkg_image_probe_file(read_picture, &rd, size, &info, &why) != 0) {
		if (rd.err)
			pkg_report_unreadable(c->r, rel, false, strerror(rd.err));
		else
			not_a_picture(c, rel, what, &why);
		return;
	}
	if (pkg_image_limits(&info, c->lim, &why) != 0) {
		picture_problem(c, rel, what, &why);
		return;
	}
	unsigned char *out;
	size_t outlen;
	SandboxStatus ss = pkgchild_picture(fd, size, &info, c->lim, &out, &outlen);
	int n = outlen > 0 ? (int)(outlen - 1) : 0;
	const char *m = outlen > 0 ? (const char *)out + 1 : "";
	if (ss != SANDBOX_OK || outlen < 1 || (out[0] != 'P' && out[0] != 'X' && out[0] != 'O')) {
		char at[PKG_PATH_MAX + SRC_SHOWN + 48], said[SRC_SHOWN + 40];
		snprintf(at, sizeof(at), "%s%s%s", rel, what ? ": " : "",
		         what ? PKG_WHY_TEXT(what, said) : "");
		pkgcheck_child_failed(c, at, "picture", ss == SANDBOX_OK ? SANDBOX_CRASHED : ss);
	} else if (out[0] != 'O') {
		child_words(c, rel, what, out[0] == 'P', m, (size_t)n);
	}
	free(out);
}

void pkgcheck_image(Check *c, const Entry *e)
{
	c->r->images++;
	if (e->size > c->lim->max_image) {
		char has[32], most[32];
		if (pkg_format_sizes(e->size, c->lim->max_image, has, most, sizeof(most)))
			pkg_report_add(c->r, false, e->rel,
			               "the file is too large for a picture (more than %s)", most);
		else
			pkg_report_add(c->r, false, e->rel,
			               "the file is too large for a picture (%s; at most %s)", has,
			               most);
		return;
	}
	struct stat st;
	int fd = pkgcheck_open_entry(c, e, &st);
	if (fd < 0)
		return;
	judge_picture(c, e->rel, NULL, fd, (uint64_t)st.st_size);
	close(fd);
	pkgcheck_progress(c, e->size);
}

/* A picture inside a Word document: taken out of the document in a child
 * (that is inflating bytes from the stick), then judged like any other
 * from a copy in memory. */
void pkgcheck_part(Check *c, const DocPicture *dp)
{
	const Entry *e = &c->v[dp->entry];
	c->r->images++;
	char label[SRC_SHOWN + 40], q[SRC_SHOWN / 2 + 4];
	PkgWhy what;
	/* TRANSLATORS: a picture inside a Word document, by its number (and
	 * its alternative text). */
	if (dp->label[0])
		pkg_why_say(&what, "picture %u (\"%s\")", dp->number,
		            pkgcheck_shown(dp->label, q, sizeof(q)));
	else
		pkg_why_say(&what, "picture %u", dp->number);
	PKG_WHY_TEXT(&what, label);
	struct stat st;
	int fd = pkgcheck_open_entry(c, e, &st);
	if (fd < 0)
		return;
	unsigned char *out;
	size_t outlen;
	SandboxStatus ss = pkgchild_part(fd, (uint64_t)st.st_size, dp->part, c->lim, &out, &outlen);
	close(fd);
	if (ss != SANDBOX_OK || outlen < 1 || (out[0] != 'O' && out[0] != 'X')) {
		char at[PKG_PATH_MAX + SRC_SHOWN + 48];
		snprintf(at, sizeof(at), "%s: %s", e->rel, label);
		pkgcheck_child_failed(c, at, "picture", ss == SANDBOX_OK ? SANDBOX_CRASHED : ss);
	} else if (out[0] == 'X') {
		child_words(c, e->rel, &what, false, (const char *)out + 1, outlen - 1);
	} else {
		int mfd = memfd_create("kiosk-picture", MFD_CLOEXEC);
		if (mfd < 0 || fsio_write_all(mfd, out + 1, outlen - 1) != 0)
			pkg_report_no_memory(c->r, e->rel, label);
		else
			judge_picture(c, e->rel, &what, mfd, outlen - 1);
		if (mfd >= 0)
			close(mfd);
	}
	free(out);
}
