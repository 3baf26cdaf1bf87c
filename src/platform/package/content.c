#include "platform/package/content.h"

#include <SDL.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "core/document/word/docx.h"
#include "core/document/markdown/markdown.h"
#include "core/document/ooxml/opc.h"
#include "core/document/model/utf8.h"
#include "core/settings/config.h"
#include "platform/package/fsio.h"
#include "platform/package/pkgfiles.h"

#ifndef KIOSK_DATADIR
#define KIOSK_DATADIR "/usr/local/share/kiosk"
#endif

static int by_name(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	int c = strcasecmp(x, y);
	return c ? c : strcmp(x, y);
}

/* The package folder, by the checker's rule (the folder itself when it
 * holds articles, else its kiosk folder), so what was checked is what is
 * shown. */
static int open_root(Content *c, const char *dir, char *err, size_t errlen)
{
	PkgReport where;
	pkg_report_init(&where);
	c->dirfd = pkgfiles_open_root(dir, &where);
	if (c->dirfd < 0) {
		char line[512] = "";
		if (where.n)
			pkg_report_line(&where, 0, line, sizeof(line));
		snprintf(err, errlen, "%s", line[0] ? line : "the content folder cannot be opened");
	}
	pkg_report_free(&where);
	return c->dirfd < 0 ? -1 : 0;
}

/* The articles at the top of the package, in the order Home lists them
 * (by file name, without regard to case), into names (in the arena). */
static int list_articles(Content *c, char **names, size_t *n, char *err, size_t errlen)
{
	int lfd = pkgfiles_open_dir(c->dirfd, "");
	DIR *d = lfd >= 0 ? fdopendir(lfd) : NULL;
	if (!d) {
		snprintf(err, errlen, "%s: the folder cannot be read (%s)", c->dir,
		         strerror(errno));
		if (lfd >= 0)
			close(lfd);
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	*n = 0;
	while (rc == 0 && (e = readdir(d))) {
		if (!pkg_is_article_name(e->d_name) || pkg_is_leftover_name(e->d_name) ||
		    e->d_type == DT_DIR)
			continue;
		if (*n == PKG_ARTICLES_MAX) {
			snprintf(err, errlen, "%s: more than %d articles", c->dir,
			         PKG_ARTICLES_MAX);
			rc = -1;
		} else if (!(names[(*n)++] = arena_strdup(c->arena, e->d_name))) {
			snprintf(err, errlen, "%s: out of memory", c->dir);
			rc = -1;
		}
	}
	closedir(d);
	if (rc == 0 && *n == 0) {
		snprintf(err, errlen, "%s: no articles (no .docx or .md files)", c->dir);
		rc = -1;
	}
	if (rc == 0)
		qsort(names, *n, sizeof(*names), by_name);
	return rc;
}

/* Reads, checks and parses one article, Markdown or a Word document, into
 * a (strings in the arena). */
static int load_article(Content *c, const char *name, uint64_t max, DocArticle *a, char *err,
                        size_t errlen)
{
	bool word = pkg_is_docx_name(name);
	if (word)
		max = OPC_FILE_MAX;
	int fd = pkgfiles_open(c->dirfd, name);
	char *text = NULL;
	size_t len = 0;
	if (fd < 0 || !(text = pkgfiles_read(fd, max, &len))) {
		int e = errno;
		struct stat st;
		char over[80];
		if (e == EFBIG && fstat(fd, &st) == 0) {
			/* In the checker's words. */
			pkg_format_over((uint64_t)st.st_size, max, over, sizeof(over));
			if (word)
				snprintf(err, errlen,
				         "%s: the document is too large (%s); make its pictures "
				         "smaller",
				         name, over);
			else
				snprintf(err, errlen, "%s: the article is too large (%s)", name,
				         over);
		} else
			snprintf(err, errlen, "%s: the article cannot be read (%s)", name,
			         strerror(e));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	size_t bad;
	char msg[256], said[256];
	int rc = -1;
	if (word) {
		if (docx_read(text, len, name, c->arena, a, msg, sizeof(msg)) != 0) {
			pkg_err_english(msg, said, sizeof(said));
			snprintf(err, errlen, "%s: %s", name, said);
		} else
			rc = 0;
	} else if (!utf8_valid(text, len, &bad))
		snprintf(err, errlen, "%s: not plain text (bad character at byte %zu)", name, bad);
	else if (markdown_parse(text, len, name, c->arena, a, msg, sizeof(msg)) != 0) {
		pkg_err_english(msg, said, sizeof(said));
		snprintf(err, errlen, "%s: %s", name, said);
	} else
		rc = 0;
	/* The library points into the arena, not into text. */
	free(text);
	return rc;
}

/* The package's kiosk.conf, when it has one, into c->conf: held to the
 * same limit as the checker's, never cut short. */
static int load_conf(Content *c, char *err, size_t errlen)
{
	int fd = pkgfiles_open(c->dirfd, "kiosk.conf");
	if (fd < 0 && errno == ENOENT)
		return 0;
	size_t len = 0;
	char *text = fd >= 0 ? pkgfiles_read(fd, CONFIG_FILE_MAX, &len) : NULL;
	int e = errno;
	if (fd >= 0)
		close(fd);
	if (!text) {
		char most[32];
		pkg_format_bytes(CONFIG_FILE_MAX, most, sizeof(most));
		if (e == EFBIG)
			snprintf(err, errlen,
			         "kiosk.conf: the settings file is too large (at most %s)", most);
		else
			snprintf(err, errlen, "kiosk.conf: the settings file cannot be read");
		return -1;
	}
	char *copy = arena_alloc(c->arena, len + 1);
	if (copy)
		memcpy(copy, text, len + 1);
	free(text);
	if (!copy) {
		snprintf(err, errlen, "%s: out of memory", c->dir);
		return -1;
	}
	c->conf = copy;
	c->conflen = len;
	return 0;
}

int content_load(Content *c, const char *dir, const PkgLimits *lim, char *err, size_t errlen)
{
	PkgLimits def;
	if (!lim) {
		pkg_limits_default(&def);
		lim = &def;
	}
	memset(c, 0, sizeof(*c));
	c->dirfd = -1;
	snprintf(c->dir, sizeof(c->dir), "%s", dir);
	char *names[PKG_ARTICLES_MAX];
	size_t n = 0;
	if (open_root(c, dir, err, errlen) != 0)
		goto fail;
	if (!(c->arena = arena_new(64 * 1024))) {
		snprintf(err, errlen, "%s: out of memory", dir);
		goto fail;
	}
	if (list_articles(c, names, &n, err, errlen) != 0 || load_conf(c, err, errlen) != 0)
		goto fail;
	DocArticle *arts = arena_alloc(c->arena, n * sizeof(*arts));
	if (!arts) {
		snprintf(err, errlen, "%s: out of memory", dir);
		goto fail;
	}
	for (size_t i = 0; i < n; i++)
		if (load_article(c, names[i], lim->max_article, &arts[i], err, errlen) != 0)
			goto fail;
	c->lib.articles = arts;
	c->lib.narticles = n;
	return 0;
fail:
	content_unload(c);
	return -1;
}

void content_unload(Content *c)
{
	if (c->dirfd >= 0)
		close(c->dirfd);
	arena_free(c->arena);
	c->arena = NULL;
	c->dirfd = -1;
	c->lib = (DocLibrary){0};
}

/* A picture inside the Word document docfd: its bytes in a memory file. */
static int docx_picture_fd(int docfd, const char *part)
{
	struct stat st;
	if (fstat(docfd, &st) != 0)
		return -1;
	if ((unsigned long long)st.st_size > OPC_FILE_MAX) {
		errno = EFBIG;
		return -1;
	}
	/* libzip reads the directory and the one entry through its own
	 * descriptor, never the whole document. */
	int zfd = fcntl(docfd, F_DUPFD_CLOEXEC, 0);
	if (zfd < 0)
		return -1;
	int zerr = 0;
	zip_t *z = zip_fdopen(zfd, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	if (!z) {
		close(zfd);
		errno = EINVAL;
		return -1;
	}
	OpcPackage pkg;
	char *bytes = NULL;
	size_t len = 0;
	int r = opc_attach(&pkg, z, NULL, 0);
	if (r == 0) {
		r = docx_picture_read(&pkg, part, &bytes, &len, NULL, 0);
		opc_close(&pkg);
	}
	if (r != 0) {
		errno = r > 0 ? ENOENT : EINVAL;
		return -1;
	}
	int mfd = memfd_create("kiosk-picture", MFD_CLOEXEC);
	if (mfd < 0 || fsio_write_all(mfd, bytes, len) != 0) {
		int e = errno;
		if (mfd >= 0)
			close(mfd);
		free(bytes);
		errno = e;
		return -1;
	}
	free(bytes);
	return mfd;
}

int content_picture_open(int dirfd, const char *src, ContentPicture *p)
{
	*p = (ContentPicture){-1, -1, NULL};
	size_t n = src ? docx_picture_split(src) : 0;
	if (n > 0 && n < PATH_MAX) {
		char doc[PATH_MAX];
		memcpy(doc, src, n);
		doc[n] = '\0';
		int docfd = pkgfiles_open(dirfd, doc);
		if (docfd >= 0) {
			p->fd = docx_picture_fd(docfd, src + n + 1);
			if (p->fd < 0) {
				int e = errno;
				close(docfd);
				errno = e;
				return -1;
			}
			p->idfd = docfd;
			p->part = src + n + 1;
			return 0;
		}
		/* Anything but a folder that happens to be named like a
		 * document is an error. */
		if (errno != EINVAL)
			return -1;
	}
	p->fd = pkgfiles_open(dirfd, src);
	p->idfd = p->fd;
	return p->fd < 0 ? -1 : 0;
}

void content_picture_close(ContentPicture *p)
{
	if (p->idfd >= 0 && p->idfd != p->fd)
		close(p->idfd);
	if (p->fd >= 0)
		close(p->fd);
	*p = (ContentPicture){-1, -1, NULL};
}

int content_builtin_dir(char *out, size_t size)
{
	char *base = SDL_GetBasePath();
	struct stat st;
	if (base) {
		snprintf(out, size, "%s../assets/content", base);
		SDL_free(base);
		if (stat(out, &st) == 0 && S_ISDIR(st.st_mode))
			return 0;
	}
	snprintf(out, size, "%s/content", KIOSK_DATADIR);
	if (stat(out, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	snprintf(out, size, "assets/content");
	return stat(out, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}
