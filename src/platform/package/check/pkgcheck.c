/* pkgcheck: walks a package folder and applies the rules of core/pkg.
 *
 * Three passes. The walk (pkgwalk.c) lists every folder and judges what it
 * sees without opening any file. Then, here, the package's limits,
 * kiosk.conf and the articles: each article (Markdown, or a Word
 * document) is read and parsed in a sandboxed child (pkgarticle.c), which
 * hands back its topic count and the pictures it refers to. Last the
 * pictures that are used (pkgarticle.c too): header and limits first (a
 * decompression bomb is refused before any child starts), the full decode
 * in a child; a Word document's pictures are taken out of it and judged
 * wholly in a child. What nobody uses is a warning.
 *
 * Every child has its own deadline (pkgchild.h), per file rather than per
 * package, so a problem names the file that caused it. After three
 * children fail the check stops, so a stick full of traps costs about a
 * minute at most. The state of a check is pkgcheckrun.h's Check.
 */
#include "platform/package/check/pkgcheck.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/document/word/docx.h"
#include "core/document/model/utf8.h"
#include "core/settings/config.h"
#include "platform/package/check/pkgcheckrun.h"
#include "platform/package/pkgfiles.h"

#define CHILD_FAILURES_MAX 3

void pkgcheck_progress(Check *c, uint64_t add)
{
	c->done += add;
	if (c->done > c->total)
		c->done = c->total;
	if (c->progress)
		c->progress(c->user, c->done, c->total);
}

/* A picture path as a message repeats it: clipped on a character. */
const char *pkgcheck_shown(const char *s, char *buf, size_t size)
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

/* Opens an entry found by the walk and makes sure it is still the same
 * regular file. -1 with a problem added when not. */
int pkgcheck_open_entry(Check *c, const Entry *e, struct stat *st)
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

/* A child that did not finish counts towards stopping the whole check. */
void pkgcheck_child_failed(Check *c, const char *rel, const char *what, SandboxStatus st)
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

static void conf_problem(void *user, int line, bool warning, const PkgWhy *why)
{
	ConfReport *cr = user;
	char path[PKG_PATH_MAX + 16];
	if (line > 0)
		snprintf(path, sizeof(path), "%s:%d", cr->name, line);
	else
		snprintf(path, sizeof(path), "%s", cr->name);
	pkg_report_why(cr->r, warning, path, why);
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
	int fd = pkgcheck_open_entry(c, e, &st);
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
	if (c->signed_ok)
		config_parse_signed_package(&scratch, text, len, conf_problem, &cr);
	else
		config_parse_package(&scratch, text, len, conf_problem, &cr);
	free(text);
	pkgcheck_progress(c, e->size);
}

/* One picture reference of an article: judged, found, marked used. */

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
		pkg_report_no_memory(c->r, "", NULL);
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
		pkgcheck_article(c, &c->v[arts[i]]);
	free(arts);
	for (size_t i = 0; i < c->n && !c->stopped; i++)
		if (c->v[i].kind == ENT_FILE && c->v[i].used)
			pkgcheck_image(c, &c->v[i]);
	for (size_t i = 0; i < c->npics && !c->stopped; i++)
		pkgcheck_part(c, &c->pics[i]);
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
	           .own_links = o->own_links,
	           .signed_ok = o->signed_ok};
	PkgReport walkrep;
	pkg_report_init(&walkrep);
	pkgcheck_walk(&c, &walkrep);
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
		pkg_report_no_memory(r, "", NULL);
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
