#include "platform/package/content.h"

#include <SDL.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/document/markdown.h"
#include "core/document/utf8.h"
#include "platform/package/pkgfiles.h"

#ifndef KIOSK_DATADIR
#define KIOSK_DATADIR "/usr/local/share/kiosk"
#endif

static bool ends_with_md(const char *name)
{
	size_t n = strlen(name);
	return n > 3 && strcasecmp(name + n - 3, ".md") == 0;
}

static int by_name(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	int c = strcasecmp(x, y);
	return c ? c : strcmp(x, y);
}

int content_load(Content *c, const char *dir, char *err, size_t errlen)
{
	memset(c, 0, sizeof(*c));
	c->dirfd = -1;
	int rc = -1;
	char **names = NULL;
	size_t nnames = 0;
	DIR *d = NULL;
	DocArticle *arts = NULL;
	snprintf(c->dir, sizeof(c->dir), "%s", dir);
	/* The same rule as the checker's for which folder is the package (the
	 * folder itself when it holds articles, else its kiosk folder), so
	 * what was checked is what is shown. */
	PkgReport where;
	pkg_report_init(&where);
	c->dirfd = pkgfiles_open_root(dir, &where);
	if (c->dirfd < 0) {
		char line[512] = "";
		if (where.n)
			pkg_report_line(&where, 0, line, sizeof(line));
		snprintf(err, errlen, "%s", line[0] ? line : "the content folder cannot be opened");
		pkg_report_free(&where);
		goto out;
	}
	pkg_report_free(&where);
	c->arena = arena_new(64 * 1024);
	names = calloc(PKG_ARTICLES_MAX, sizeof(*names));
	int lfd = pkgfiles_open_dir(c->dirfd, "");
	d = lfd >= 0 ? fdopendir(lfd) : NULL;
	if (!d && lfd >= 0)
		close(lfd);
	if (!c->arena || !names || !d) {
		snprintf(err, errlen, "%s: out of memory", dir);
		goto out;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !ends_with_md(e->d_name))
			continue;
		if (nnames == PKG_ARTICLES_MAX) {
			snprintf(err, errlen, "%s: more than %d articles", dir, PKG_ARTICLES_MAX);
			goto out;
		}
		names[nnames] = arena_strdup(c->arena, e->d_name);
		if (!names[nnames++]) {
			snprintf(err, errlen, "%s: out of memory", dir);
			goto out;
		}
	}
	if (nnames == 0) {
		snprintf(err, errlen, "%s: no articles (no .md files)", dir);
		goto out;
	}
	qsort(names, nnames, sizeof(*names), by_name);
	arts = arena_alloc(c->arena, nnames * sizeof(*arts));
	if (!arts) {
		snprintf(err, errlen, "%s: out of memory", dir);
		goto out;
	}
	for (size_t i = 0; i < nnames; i++) {
		int fd = pkgfiles_open(c->dirfd, names[i]);
		char *text = NULL;
		size_t len = 0;
		if (fd < 0 || !(text = pkgfiles_read(fd, CONTENT_ARTICLE_MAX, &len))) {
			snprintf(err, errlen, "%s: the article cannot be read (%s)", names[i],
			         errno == EFBIG ? "larger than 1 MiB" : strerror(errno));
			if (fd >= 0)
				close(fd);
			goto out;
		}
		close(fd);
		size_t bad;
		char msg[256];
		if (!utf8_valid(text, len, &bad)) {
			snprintf(err, errlen, "%s: not plain text (bad character at byte %zu)",
			         names[i], bad);
			free(text);
			goto out;
		}
		int pr = markdown_parse(text, len, names[i], c->arena, &arts[i], msg, sizeof(msg));
		/* The library points into the arena, not into text. */
		free(text);
		if (pr != 0) {
			snprintf(err, errlen, "%s: %s", names[i], msg);
			goto out;
		}
	}
	c->lib.articles = arts;
	c->lib.narticles = nnames;
	rc = 0;
out:
	if (d)
		closedir(d);
	free(names);
	if (rc != 0)
		content_unload(c);
	return rc;
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
