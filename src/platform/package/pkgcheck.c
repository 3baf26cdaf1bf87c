/* pkgcheck: walks a package folder and applies the rules of core/pkg.
 *
 * Three passes. The walk lists every folder breadth-first, from an array of
 * entries that is its own queue (no recursion, at most max_files entries),
 * and judges what it sees without opening any file: names, links, devices,
 * pipes, hard links, sizes, depth, names that differ only in case. Then the
 * package's limits, kiosk.conf and the articles: each article (Markdown, or
 * a Word document) is read here and parsed in a sandboxed child, which
 * hands back its topic count and the pictures it refers to. Last the
 * pictures that are used: header and limits here (a decompression bomb is
 * refused before any child starts), the full decode in a child; a Word
 * document's pictures are taken out of it and judged wholly in a child.
 * What nobody uses is a warning.
 *
 * Every child has its own deadline (pkgchild.h), per file rather than per
 * package, so a problem names the file that caused it. After three
 * children fail the check stops, so a stick full of traps costs about a
 * minute at most.
 */
#include "platform/package/pkgcheck.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/document/docx.h"
#include "core/document/opc.h"
#include "core/document/utf8.h"
#include "core/settings/config.h"
#include "platform/display/fallback.h"
#include "platform/display/fonts.h"
#include "platform/display/picdecode.h"
#include "platform/package/fsio.h"
#include "platform/package/pkgchild.h"
#include "platform/package/pkgfiles.h"

#define MIB (1024u * 1024u)
#define CHILD_FAILURES_MAX 3
/* Picture problems one article may add before the rest are counted. */
#define REF_PROBLEMS_MAX 50
/* How much of a picture path a message repeats. */
#define SRC_SHOWN 120

typedef enum { ENT_DIR, ENT_FILE, ENT_BAD } EntKind;

typedef struct {
	char *rel;  /* as on disk, relative to the package */
	char *fold; /* rel in lower case, for matching */
	EntKind kind;
	uint64_t size;
	dev_t dev;
	ino_t ino;
	unsigned depth; /* 1 at the top */
	bool too_deep;  /* a folder not walked */
	bool used;      /* an article refers to it */
} Entry;

typedef struct {
	size_t entry;    /* the document */
	char *part;      /* "word/media/image1.png" */
	char *label;     /* its alt text, or "" */
	unsigned number; /* its place among the document's pictures, from 1 */
} DocPicture;

typedef struct {
	int root;
	const PkgLimits *lim;
	const char *font_dir;
	GlyphSet *glyphs; /* what the kiosk's fonts draw, once an article needs it */
	bool no_glyphs;   /* the fonts could not be read: no such check */
	PkgReport *r;
	PkgProgress progress;
	void *user;
	Entry *v;
	size_t n, cap;
	size_t *byfold; /* indices into v sorted by fold */
	uint64_t total, done;
	bool too_many;
	unsigned child_failures;
	bool stopped;
	bool own_links;   /* a copy the importer made: its links are its own */
	DocPicture *pics; /* Word documents' pictures, in the order met */
	size_t npics, cappics;
} Check;

/* ---- small helpers ----------------------------------------------------- */

static void progress(Check *c, uint64_t add)
{
	c->done += add;
	if (c->done > c->total)
		c->done = c->total;
	if (c->progress)
		c->progress(c->user, c->done, c->total);
}

/* A picture path as a message repeats it: clipped on a character. */
static const char *shown(const char *s, char *buf, size_t size)
{
	size_t n = strlen(s);
	if (n < size) {
		memcpy(buf, s, n + 1);
		return buf;
	}
	size_t k = utf8_clip(s, size - 4);
	memcpy(buf, s, k);
	memcpy(buf + k, "...", 4);
	return buf;
}

static char *join(const char *dir, const char *name)
{
	size_t a = dir ? strlen(dir) : 0, b = strlen(name);
	char *p = malloc(a + b + 2);
	if (!p)
		return NULL;
	if (a) {
		memcpy(p, dir, a);
		p[a] = '/';
		memcpy(p + a + 1, name, b + 1);
	} else {
		memcpy(p, name, b + 1);
	}
	return p;
}

static char *fold_dup(const char *s)
{
	size_t n = strlen(s);
	char *p = malloc(n + 1);
	if (p)
		pkg_fold(s, p, n + 1);
	return p;
}

/* Opens an entry found by the walk and makes sure it is still the same
 * regular file. -1 with a problem added when not. */
static int open_entry(Check *c, const Entry *e, struct stat *st)
{
	int fd = pkgfiles_open(c->root, e->rel);
	if (fd < 0) {
		pkg_report_unreadable(c->r, e->rel, false, strerror(errno));
		return -1;
	}
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode) || st->st_ino != e->ino ||
	    st->st_dev != e->dev || (st->st_nlink != 1 && !c->own_links)) {
		pkg_report_changed(c->r, e->rel);
		close(fd);
		return -1;
	}
	return fd;
}

/* ---- the walk ---------------------------------------------------------- */

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static Entry *entry_add(Check *c)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		Entry *v = realloc(c->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		c->v = v;
		c->cap = cap;
	}
	Entry *e = &c->v[c->n];
	memset(e, 0, sizeof(*e));
	return e;
}

/* Judges one name found in a folder (dfd) and adds its entry. */
static void judge(Check *c, PkgReport *wr, int dfd, const Entry *parent, const char *name)
{
	const char *prel = parent ? parent->rel : NULL;
	unsigned depth = parent ? parent->depth + 1 : 1;
	char *rel = join(prel, name);
	char *fold = rel ? fold_dup(rel) : NULL;
	Entry *e = fold ? entry_add(c) : NULL;
	if (!e) {
		free(rel);
		free(fold);
		pkg_report_add(wr, false, name, "the kiosk ran out of memory while checking");
		return;
	}
	*e = (Entry){.rel = rel, .fold = fold, .kind = ENT_BAD, .depth = depth};
	c->n++;

	char why[160];
	if (strlen(rel) > PKG_PATH_MAX) {
		pkg_report_too_long(wr, rel);
		return;
	}
	if (pkg_path_check(name, why, sizeof(why)) != 0) {
		pkg_report_text(wr, false, rel, why);
		return;
	}
	struct stat st;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		pkg_report_unreadable(wr, rel, false, strerror(errno));
		return;
	}
	e->dev = st.st_dev;
	e->ino = st.st_ino;
	/* The importer links files that are as installed; nothing from a
	 * stick ever becomes a link there. */
	if (c->own_links && S_ISREG(st.st_mode))
		st.st_nlink = 1;
	const char *bad = pkgfiles_problem(&st);
	if (bad) {
		pkg_report_text(wr, false, rel, bad);
	} else if (S_ISDIR(st.st_mode)) {
		e->kind = ENT_DIR;
		if (depth > PKG_DEPTH_MAX) {
			e->too_deep = true;
			pkg_report_too_deep(wr, rel);
		}
	} else {
		e->kind = ENT_FILE;
		e->size = (uint64_t)st.st_size;
		c->total += e->size;
	}
}

static int by_fold_index(const void *a, const void *b, void *arg)
{
	const Entry *v = arg;
	const Entry *x = &v[*(const size_t *)a], *y = &v[*(const size_t *)b];
	int d = strcmp(x->fold, y->fold);
	return d ? d : strcmp(x->rel, y->rel);
}

/* Names in one folder that differ only in case: FAT cannot hold both, and
 * the kiosk could not tell which one an article means. */
static void case_twins(Check *c, PkgReport *wr, size_t first)
{
	size_t k = c->n - first;
	if (k < 2)
		return;
	size_t *idx = malloc(k * sizeof(*idx));
	if (!idx)
		return;
	for (size_t i = 0; i < k; i++)
		idx[i] = first + i;
	qsort_r(idx, k, sizeof(*idx), by_fold_index, c->v);
	for (size_t i = 1; i < k; i++) {
		const Entry *a = &c->v[idx[i - 1]], *b = &c->v[idx[i]];
		if (strcmp(a->fold, b->fold) == 0)
			pkg_report_case_twin(wr, b->rel, a->rel);
	}
	free(idx);
}

/* Lists one folder (parent -1: the package itself) into new entries. */
static void list_dir(Check *c, PkgReport *wr, ssize_t parent)
{
	const char *prel = parent >= 0 ? c->v[parent].rel : "";
	int dfd = pkgfiles_open_dir(c->root, prel);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d) {
		pkg_report_unreadable(wr, prel, true, strerror(errno));
		if (dfd >= 0)
			close(dfd);
		return;
	}
	/* Sorted, so the report reads the same on every file system. */
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	bool oom = false;
	while ((de = readdir(d))) {
		/* Leftovers of other systems are not part of the package: not
		 * judged, not counted against the limits. */
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
		    pkg_is_leftover_name(de->d_name))
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			char **p = realloc(names, ncap * sizeof(*p));
			if (!p) {
				oom = true;
				break;
			}
			names = p;
			cap = ncap;
		}
		if (!(names[n] = strdup(de->d_name))) {
			oom = true;
			break;
		}
		n++;
		/* One more than allowed is enough to know. */
		if (c->n + n > c->lim->max_files)
			break;
	}
	if (oom)
		pkg_report_add(wr, false, prel, "the kiosk ran out of memory while checking");
	qsort(names, n, sizeof(*names), by_name);
	size_t first = c->n;
	for (size_t i = 0; i < n; i++) {
		if (c->n >= c->lim->max_files) {
			c->too_many = true;
			break;
		}
		const Entry *pe = parent >= 0 ? &c->v[parent] : NULL;
		/* judge may move c->v: it gets a copy of the parent. */
		Entry copy;
		if (pe)
			copy = *pe;
		judge(c, wr, dfd, pe ? &copy : NULL, names[i]);
	}
	case_twins(c, wr, first);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
}

static int by_fold(const void *a, const void *b, void *arg)
{
	const Entry *v = arg;
	return strcmp(v[*(const size_t *)a].fold, v[*(const size_t *)b].fold);
}

/* The entry whose folded path is fold, or -1. */
static ssize_t find(const Check *c, const char *fold)
{
	size_t lo = 0, hi = c->byfold ? c->n : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(c->v[c->byfold[mid]].fold, fold);
		if (d == 0)
			return (ssize_t)c->byfold[mid];
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void walk(Check *c, PkgReport *wr)
{
	list_dir(c, wr, -1);
	for (size_t i = 0; i < c->n && !c->too_many; i++)
		if (c->v[i].kind == ENT_DIR && !c->v[i].too_deep)
			list_dir(c, wr, (ssize_t)i);
	c->byfold = malloc((c->n ? c->n : 1) * sizeof(*c->byfold));
	if (c->byfold) {
		for (size_t i = 0; i < c->n; i++)
			c->byfold[i] = i;
		qsort_r(c->byfold, c->n, sizeof(*c->byfold), by_fold, c->v);
	}
}

/* A child that did not finish counts towards stopping the whole check. */
static void child_failed(Check *c, const char *rel, const char *what, SandboxStatus st)
{
	/* One sentence for each kind of file: a translation may need its own
	 * words around each. */
	const char *why = sandbox_words(st);
	if (strcmp(what, "picture") == 0)
		pkg_report_add_phrased(c->r, false, rel, 1u,
		                       "the kiosk could not check this picture (%s)", why);
	else if (strcmp(what, "document") == 0)
		pkg_report_add_phrased(c->r, false, rel, 1u,
		                       "the kiosk could not check this document (%s)", why);
	else
		pkg_report_add_phrased(c->r, false, rel, 1u,
		                       "the kiosk could not check this article (%s)", why);
	if (st != SANDBOX_NOSTART && ++c->child_failures >= CHILD_FAILURES_MAX && !c->stopped) {
		c->stopped = true;
		pkg_report_add(c->r, false, "",
		               "the check was stopped because several files could not be checked");
	}
}

/* ---- kiosk.conf, articles, pictures ------------------------------------ */

typedef struct {
	PkgReport *r;
	const char *name;
} ConfReport;

static void conf_problem(void *user, int line, bool warning, const char *msg)
{
	ConfReport *cr = user;
	char path[PKG_PATH_MAX + 16];
	if (line > 0)
		snprintf(path, sizeof(path), "%s:%d", cr->name, line);
	else
		snprintf(path, sizeof(path), "%s", cr->name);
	pkg_report_text(cr->r, warning, path, msg);
}

/* "the settings file is too large (at most 64 KB)" */
static void conf_too_large(Check *c, const Entry *e)
{
	char most[32];
	pkg_format_bytes(CONFIG_FILE_MAX, most, sizeof(most));
	pkg_report_add(c->r, false, e->rel, "the settings file is too large (at most %s)", most);
}

static void check_conf(Check *c, const Entry *e)
{
	if (e->kind == ENT_DIR) {
		pkg_report_add(c->r, false, e->rel, "this is a folder, not a settings file");
		return;
	}
	if (e->kind != ENT_FILE)
		return;
	if (e->size > CONFIG_FILE_MAX) {
		conf_too_large(c, e);
		return;
	}
	struct stat st;
	int fd = open_entry(c, e, &st);
	if (fd < 0)
		return;
	size_t len;
	char *text = pkgfiles_read(fd, CONFIG_FILE_MAX, &len);
	int err = errno;
	close(fd);
	if (!text) {
		if (err == EFBIG)
			conf_too_large(c, e);
		else
			pkg_report_add(c->r, false, e->rel, "the settings file cannot be read");
		return;
	}
	Config scratch;
	config_defaults(&scratch);
	ConfReport cr = {c->r, e->rel};
	config_parse_package(&scratch, text, len, conf_problem, &cr);
	free(text);
	progress(c, e->size);
}

/* One picture reference of an article: judged, found, marked used. */
static void check_ref(Check *c, const Entry *art, const char *src, int line, unsigned *problems)
{
	char why[160], q[SRC_SHOWN + 4];
	bool bad = false;
	char msg[200];
	if (pkg_ref_check(src, why, sizeof(why)) != 0) {
		bad = true;
		snprintf(msg, sizeof(msg), "%s", why);
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
		ssize_t i = find(c, path);
		/* Found only because case is ignored: another computer, or a
		 * copy onto another file system, may not find it. */
		if (i >= 0 && c->v[i].kind == ENT_FILE && strcmp(c->v[i].rel + dlen, src) != 0) {
			char at[PKG_PATH_MAX + 16];
			snprintf(at, sizeof(at), "%s:%d", art->rel, line);
			pkg_report_add(c->r, true, at, "picture \"%s\" is found only as \"%s\"",
			               shown(src, q, sizeof(q)), c->v[i].rel + dlen);
		}
		if (i < 0) {
			/* Behind a link or a folder too deep: that entry has
			 * its own problem line already. */
			bool covered = false;
			for (char *p = strchr(path, '/'); p && !covered; p = strchr(p + 1, '/')) {
				*p = '\0';
				ssize_t j = find(c, path);
				*p = '/';
				covered = j >= 0 && (c->v[j].kind == ENT_BAD || c->v[j].too_deep);
			}
			if (!covered) {
				bad = true;
				snprintf(msg, sizeof(msg), "%s", N_("the file is missing"));
			}
		} else if (c->v[i].kind == ENT_DIR) {
			bad = true;
			snprintf(msg, sizeof(msg), "%s", N_("this is a folder, not a picture"));
		} else if (c->v[i].kind == ENT_FILE) {
			c->v[i].used = true;
		}
		free(path);
	}
	if (!bad)
		return;
	if (++*problems <= REF_PROBLEMS_MAX)
		pkg_report_add_phrased(c->r, false, art->rel, 2u, "picture \"%s\": %s",
		                       shown(src, q, sizeof(q)), msg);
}

/* A Word document's picture, checked once the articles are done. */
static void part_add(Check *c, const Entry *e, const char *part, const char *label, unsigned number)
{
	if (c->npics == c->cappics) {
		size_t cap = c->cappics ? c->cappics * 2 : 16;
		DocPicture *v = realloc(c->pics, cap * sizeof(*v));
		if (!v) {
			pkg_report_add(c->r, false, e->rel,
			               "the kiosk ran out of memory while checking");
			return;
		}
		c->pics = v;
		c->cappics = cap;
	}
	DocPicture dp = {(size_t)(e - c->v), strdup(part), strdup(label), number};
	if (!dp.part || !dp.label) {
		free(dp.part);
		free(dp.label);
		pkg_report_add(c->r, false, e->rel, "the kiosk ran out of memory while checking");
		return;
	}
	c->pics[c->npics++] = dp;
}

/* The article's text, read here and checked as far as that goes without
 * parsing; NULL with the problem reported. */
static char *article_text(Check *c, const Entry *e, bool word, size_t *len)
{
	uint64_t max = word ? OPC_FILE_MAX : c->lim->max_article;
	char why[200];
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
	int fd = open_entry(c, e, &st);
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
	progress(c, e->size);
	if (!word && pkg_article_text_check(text, *len, max, why, sizeof(why)) != 0) {
		pkg_report_text(c->r, false, e->rel, why);
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
 * exactly as the screen finds them (display/fonts, display/fallback), so
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

static void check_article(Check *c, const Entry *e)
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
		child_failed(c, e->rel, what, st2 == SANDBOX_OK ? SANDBOX_CRASHED : st2);
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
			pkg_report_text(c->r, false, e->rel, said);
		free(out);
		return;
	}
	if (out[0] != 'O' || outlen < 9 || (outlen > 9 && out[outlen - 1] != '\0')) {
		child_failed(c, e->rel, what, SANDBOX_CRASHED);
		free(out);
		return;
	}
	uint32_t topics, nwarn;
	memcpy(&topics, out + 1, 4);
	memcpy(&nwarn, out + 5, 4);
	c->r->articles++;
	c->r->topics += topics;
	if (!article_records(c, e, word, nwarn, out, outlen))
		child_failed(c, e->rel, what, SANDBOX_CRASHED);
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
static void picture_problem(Check *c, const char *rel, const char *what, const char *msg)
{
	/* TRANSLATORS: a picture inside a Word document ("picture 2"), then
	 * what is wrong with it. */
	if (what)
		pkg_report_add_phrased(c->r, false, rel, 2u, "%s: %s", what, msg);
	else
		pkg_report_text(c->r, false, rel, msg);
}

/* "not a picture the kiosk can show (WHY)": why is a phrase of
 * pkg_image_probe's ("the file is text") or the child's. A picture inside
 * a document cannot be swapped for another file, so its problem says what
 * to do in Word. */
static void not_a_picture(Check *c, const char *rel, const char *what, const char *why)
{
	if (what)
		pkg_report_add_phrased(
		    c->r, false, rel, 2u,
		    "%s: not a picture the kiosk can show (%s); put a PNG or JPEG "
		    "picture in its place",
		    what, why);
	else
		pkg_report_add_phrased(c->r, false, rel, 1u,
		                       "not a picture the kiosk can show (%s)", why);
}

/* A picture child's problem, as packed words (core/package/pkg.h): the
 * reason in "not a picture the kiosk can show (...)" when reason, else a
 * whole message. Words that are not packed words are the child's fault. */
static void child_words(Check *c, const char *rel, const char *what, bool reason, const char *m,
                        size_t n)
{
	PkgWords w;
	char said[PKG_WORDS_MAX + 1];
	if (pkg_words_unpack(m, n, &w) != 0) {
		child_failed(c, rel, "picture", SANDBOX_CRASHED);
		return;
	}
	pkg_words_english(&w, said, sizeof(said));
	if (reason)
		not_a_picture(c, rel, what, said);
	else if (what)
		picture_problem(c, rel, what, said);
	else
		pkg_report_words(c->r, false, rel, &w);
}

/* The picture open as fd (size bytes): its header first, here, so that a
 * picture too large to decode, or one that would hold too much while
 * decoding, is refused before any child is started or any pixel is
 * decoded; then every pixel in a child. A picture inside a document
 * cannot be swapped for another file, so its problem says what to do in
 * Word. */
static void judge_picture(Check *c, const char *rel, const char *what, int fd, uint64_t size)
{
	char why[200];
	PkgImageInfo info;
	Reading rd = {fd, 0};
	if (pkg_image_probe_file(read_picture, &rd, size, &info, why, sizeof(why)) != 0) {
		if (rd.err)
			pkg_report_unreadable(c->r, rel, false, strerror(rd.err));
		else
			not_a_picture(c, rel, what, why);
		return;
	}
	if (pkg_image_limits(&info, c->lim, why, sizeof(why)) != 0) {
		picture_problem(c, rel, what, why);
		return;
	}
	unsigned char *out;
	size_t outlen;
	SandboxStatus ss = pkgchild_picture(fd, size, &info, c->lim, &out, &outlen);
	int n = outlen > 0 ? (int)(outlen - 1) : 0;
	const char *m = outlen > 0 ? (const char *)out + 1 : "";
	if (ss != SANDBOX_OK || outlen < 1 || (out[0] != 'P' && out[0] != 'X' && out[0] != 'O')) {
		char at[PKG_PATH_MAX + SRC_SHOWN + 48];
		snprintf(at, sizeof(at), "%s%s%s", rel, what ? ": " : "", what ? what : "");
		child_failed(c, at, "picture", ss == SANDBOX_OK ? SANDBOX_CRASHED : ss);
	} else if (out[0] != 'O') {
		child_words(c, rel, what, out[0] == 'P', m, (size_t)n);
	}
	free(out);
}

static void check_image(Check *c, const Entry *e)
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
	int fd = open_entry(c, e, &st);
	if (fd < 0)
		return;
	judge_picture(c, e->rel, NULL, fd, (uint64_t)st.st_size);
	close(fd);
	progress(c, e->size);
}

/* A picture inside a Word document: taken out of the document in a child
 * (that is inflating bytes from the stick), then judged like any other
 * from a copy in memory. */
static void check_part(Check *c, const DocPicture *dp)
{
	const Entry *e = &c->v[dp->entry];
	c->r->images++;
	char what[SRC_SHOWN + 40], q[SRC_SHOWN / 2 + 4];
	if (dp->label[0])
		snprintf(what, sizeof(what), "picture %u (\"%s\")", dp->number,
		         shown(dp->label, q, sizeof(q)));
	else
		snprintf(what, sizeof(what), "picture %u", dp->number);
	struct stat st;
	int fd = open_entry(c, e, &st);
	if (fd < 0)
		return;
	unsigned char *out;
	size_t outlen;
	SandboxStatus ss = pkgchild_part(fd, (uint64_t)st.st_size, dp->part, c->lim, &out, &outlen);
	close(fd);
	if (ss != SANDBOX_OK || outlen < 1 || (out[0] != 'O' && out[0] != 'X')) {
		char at[PKG_PATH_MAX + SRC_SHOWN + 48];
		snprintf(at, sizeof(at), "%s: %s", e->rel, what);
		child_failed(c, at, "picture", ss == SANDBOX_OK ? SANDBOX_CRASHED : ss);
	} else if (out[0] == 'X') {
		child_words(c, e->rel, what, false, (const char *)out + 1, outlen - 1);
	} else {
		int mfd = memfd_create("kiosk-picture", MFD_CLOEXEC);
		if (mfd < 0 || fsio_write_all(mfd, out + 1, outlen - 1) != 0)
			picture_problem(c, e->rel, what,
			                N_("the kiosk ran out of memory while checking"));
		else
			judge_picture(c, e->rel, what, mfd, outlen - 1);
		if (mfd >= 0)
			close(mfd);
	}
	free(out);
}

static int article_order(const void *a, const void *b, void *arg)
{
	const Entry *v = arg;
	const char *x = v[*(const size_t *)a].rel, *y = v[*(const size_t *)b].rel;
	int d = strcasecmp(x, y);
	return d ? d : strcmp(x, y);
}

/* What is left once articles and pictures are done: files nobody uses. */
static void warn_unused(Check *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const Entry *e = &c->v[i];
		if (e->kind != ENT_FILE || e->used)
			continue;
		const char *base = strrchr(e->rel, '/');
		if (e->depth == 1 &&
		    (pkg_is_article_name(e->rel) || docx_other_format(e->rel) ||
		     strcmp(e->fold, "kiosk.conf") == 0 || strcmp(e->fold, "kiosk.sig") == 0))
			continue;
		if (pkg_is_article_name(base ? base + 1 : e->rel))
			pkg_report_add(c->r, true, e->rel,
			               "not shown (articles must be directly in the kiosk folder)");
		else
			pkg_report_add(c->r, true, e->rel, "not used by any article");
	}
}

static void check_contents(Check *c)
{
	/* kiosk.conf and the articles live at the top. */
	size_t *arts = malloc((c->n ? c->n : 1) * sizeof(*arts));
	size_t narts = 0;
	if (!arts) {
		pkg_report_add(c->r, false, "", "the kiosk ran out of memory while checking");
		return;
	}
	for (size_t i = 0; i < c->n; i++) {
		const Entry *e = &c->v[i];
		if (e->depth != 1)
			continue;
		const char *other = docx_other_format(e->rel);
		if (strcmp(e->fold, "kiosk.conf") == 0)
			check_conf(c, e);
		else if (e->kind == ENT_FILE && pkg_is_article_name(e->rel))
			arts[narts++] = i;
		else if (e->kind == ENT_FILE && other)
			/* A document the kiosk does not read: say what to do
			 * rather than leave it out. */
			pkg_report_text(c->r, false, e->rel, other);
	}
	if (narts == 0)
		pkg_report_add(c->r, false, "",
		               "there are no articles (.docx or .md files) in the kiosk folder");
	else if (narts > PKG_ARTICLES_MAX)
		pkg_report_add(c->r, false, "", "there are too many articles (%zu; at most %d)",
		               narts, PKG_ARTICLES_MAX);
	qsort_r(arts, narts, sizeof(*arts), article_order, c->v);
	for (size_t i = 0; i < narts && !c->stopped; i++)
		check_article(c, &c->v[arts[i]]);
	free(arts);
	for (size_t i = 0; i < c->n && !c->stopped; i++)
		if (c->v[i].kind == ENT_FILE && c->v[i].used)
			check_image(c, &c->v[i]);
	for (size_t i = 0; i < c->npics && !c->stopped; i++)
		check_part(c, &c->pics[i]);
	if (!c->stopped)
		warn_unused(c);
}

int pkgcheck_dir(int dirfd, const PkgCheckOptions *o, PkgReport *r)
{
	PkgCheckOptions none = {0};
	if (!o)
		o = &none;
	PkgLimits def;
	const PkgLimits *lim = o->lim;
	if (!lim) {
		pkg_limits_default(&def);
		lim = &def;
	}
	Check c = {.root = dirfd,
	           .lim = lim,
	           .font_dir = o->font_dir ? o->font_dir : "",
	           .r = r,
	           .progress = o->progress,
	           .user = o->user,
	           .own_links = o->own_links};
	PkgReport walkrep;
	pkg_report_init(&walkrep);
	walk(&c, &walkrep);
	if (c.progress)
		c.progress(c.user, 0, c.total);

	/* The package's own limits first: they are the one thing to fix. */
	bool over = false;
	if (c.too_many) {
		pkg_report_too_many(r, lim->max_files);
		over = true;
	}
	if (c.total > lim->max_package) {
		/* After too many files the total is of those walked so far. */
		pkg_report_too_large(r, c.total, lim->max_package, c.too_many);
		over = true;
	}
	for (size_t i = 0; i < walkrep.n; i++)
		pkg_report_copy(r, &walkrep.v[i]);
	/* Problems lost to a lack of memory still count. */
	if (walkrep.errors > walkrep.n)
		r->errors += walkrep.errors - walkrep.n;
	pkg_report_free(&walkrep);
	r->bytes = c.total;
	if (!over && c.byfold)
		check_contents(&c);
	else if (!c.byfold)
		pkg_report_add(r, false, "", "the kiosk ran out of memory while checking");
	c.done = c.total;
	if (c.progress)
		c.progress(c.user, c.done, c.total);

	for (size_t i = 0; i < c.n; i++) {
		free(c.v[i].rel);
		free(c.v[i].fold);
	}
	free(c.v);
	free(c.byfold);
	for (size_t i = 0; i < c.npics; i++) {
		free(c.pics[i].part);
		free(c.pics[i].label);
	}
	free(c.pics);
	free(c.glyphs);
	pkg_report_finish(r);
	return r->errors ? -1 : 0;
}
