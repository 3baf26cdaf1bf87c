#include "platform/run/offscreen/preview.h"

#include <SDL.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/preview/index.h"
#include "core/preview/tour.h"
#include "platform/display/png.h"
#include "platform/package/check/verdict.h"
#include "platform/run/session.h"
#include "platform/updates/importer.h"

/* The virtual time every screen is drawn at: nothing ticks, so nothing
 * moves on (no attract mode, no transition). */
#define NOW 1000

static const char *const SUBDIR[2] = {"landscape", "portrait"};

typedef struct {
	const PreviewJob *j;
	PreviewResult *res;
	char data[PATH_MAX]; /* the private data folder, "" until made */
	SDL_Surface *surface;
	SDL_Renderer *sdl;
	Session s;
	bool session;
	Clock clock; /* this computer's, as the kiosk trusts its own */
	IndexShot *shots;
	size_t nshots;
	int w, h;
	char *err;
	size_t errlen;
} Preview;

/* ---- files ---------------------------------------------------------------- */

static int make_dir(const char *path, char *err, size_t errlen)
{
	struct stat st;
	if (mkdir(path, 0755) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: cannot create the folder (%s)", path, strerror(errno));
		return -1;
	}
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: not a folder", path);
		return -1;
	}
	return 0;
}

/* Whether name is one of the screenshots a preview writes ("home.png",
 * "a3-t12-2.png"), so an earlier preview's are cleared and nothing else
 * is touched. */
static bool ours(const char *name)
{
	size_t n = strlen(name);
	if (n < 5 || strcmp(name + n - 4, ".png") != 0)
		return false;
	if (strncmp(name, "home", 4) == 0)
		return true;
	return name[0] == 'a' && name[1] >= '0' && name[1] <= '9' &&
	       strspn(name, "atp0123456789-") == n - 4;
}

/* OUT/landscape and OUT/portrait, made and cleared of an earlier
 * preview's screenshots, so every file there is of this one. */
static int make_out(Preview *p)
{
	if (make_dir(p->j->out, p->err, p->errlen) != 0)
		return -1;
	for (int k = 0; k < 2; k++) {
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/%s", p->j->out, SUBDIR[k]);
		if (make_dir(path, p->err, p->errlen) != 0)
			return -1;
		DIR *d = opendir(path);
		struct dirent *de;
		while (d && (de = readdir(d)))
			if (ours(de->d_name))
				unlinkat(dirfd(d), de->d_name, 0);
		if (d)
			closedir(d);
	}
	return 0;
}

/* The preview is written outside the folder it shows: inside, its
 * screenshots would become part of the content it checks. */
static int outside(Preview *p)
{
	char dir[PATH_MAX], out[2 * PATH_MAX + 2], parent[PATH_MAX];
	if (!realpath(p->j->dir, dir))
		return 0; /* a folder that cannot be found: the check says so */
	if (!realpath(p->j->out, out)) {
		/* Not made yet: where it will be. */
		snprintf(parent, sizeof(parent), "%s", p->j->out);
		char *slash = strrchr(parent, '/');
		const char *base = slash ? slash + 1 : parent;
		if (slash)
			*slash = '\0';
		char real[PATH_MAX];
		if (!realpath(slash ? (parent[0] ? parent : "/") : ".", real))
			return 0;
		snprintf(out, sizeof(out), "%s/%s", real, base);
	}
	size_t n = strlen(dir);
	if (strncmp(out, dir, n) == 0 && (out[n] == '/' || out[n] == '\0' || n == 1)) {
		snprintf(p->err, p->errlen, "%s: write the preview outside %s", p->j->out,
		         p->j->dir);
		return -1;
	}
	return 0;
}

/* Written aside and renamed, so a browser never opens half a page. */
static int write_index(Preview *p, const char *html)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	snprintf(path, sizeof(path), "%s/index.html", p->j->out);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	size_t n = strlen(html);
	bool ok = f && fwrite(html, 1, n, f) == n;
	if (f && fclose(f) != 0)
		ok = false;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok) {
		snprintf(p->err, p->errlen, "%s: cannot write (%s)", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int index_write(Preview *p)
{
	IndexPage page = {.source = p->j->dir,
	                  .refused = p->res->refused,
	                  .summary = p->res->summary,
	                  .report = &p->res->report,
	                  .lib = p->session && !p->res->refused ? &p->s.content.lib : NULL,
	                  .shots = p->shots,
	                  .nshots = p->nshots,
	                  .w = p->w,
	                  .h = p->h};
	char *html = index_html(&page);
	if (!html) {
		snprintf(p->err, p->errlen, "out of memory writing the index");
		return -1;
	}
	int rc = write_index(p, html);
	free(html);
	return rc;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* ---- taking the content in --------------------------------------------------- */

/* The stick copied into a private data folder and checked again there,
 * as the kiosk takes one in. 0 installed; 1 refused after all (the
 * importer's problems added to the report: the stick changed since it
 * was checked, or could not be copied); -1 with err. */
static int take_in(Preview *p)
{
	const char *tmpdir = getenv("TMPDIR");
	snprintf(p->data, sizeof(p->data), "%s/kiosk-preview-XXXXXX",
	         tmpdir && tmpdir[0] ? tmpdir : "/tmp");
	if (!mkdtemp(p->data)) {
		snprintf(p->err, p->errlen, "cannot make a folder to copy the content into (%s)",
		         strerror(errno));
		p->data[0] = '\0';
		return -1;
	}
	SigPolicy pol;
	ImportHooks hooks = {.sig = importer_policy(p->j->cfg, &pol),
	                     .font_dir = p->j->cfg->font_dir};
	PkgReport r;
	pkg_report_init(&r);
	ImportResult ir = importer_run(p->j->dir, p->data, &p->j->cfg->limits, &hooks, &r);
	int rc = ir == IMPORT_INSTALLED ? 0 : 1;
	if (rc != 0) {
		for (size_t i = 0; i < r.n; i++)
			if (!r.v[i].warning)
				pkg_report_copy(&p->res->report, &r.v[i]);
		if (!r.errors)
			pkg_report_add(&p->res->report, false, "",
			               "the content changed while it was being previewed");
		pkg_report_finish(&p->res->report);
	}
	pkg_report_free(&r);
	return rc;
}

/* ---- drawing ----------------------------------------------------------------- */

/* A software renderer on a new w x h surface; the session's textures go
 * first (they belong to the old renderer). */
static int new_surface(Preview *p, int w, int h)
{
	SDL_Surface *surface =
	    SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_Renderer *sdl = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
	if (!sdl) {
		snprintf(p->err, p->errlen, "the software renderer could not start: %s",
		         SDL_GetError());
		SDL_FreeSurface(surface);
		return -1;
	}
	if (p->session)
		session_drop_textures(&p->s);
	if (p->sdl)
		SDL_DestroyRenderer(p->sdl);
	SDL_FreeSurface(p->surface);
	p->surface = surface;
	p->sdl = sdl;
	return 0;
}

static int open_session(Preview *p)
{
	AppOptions o = {.cfg = *p->j->cfg, .data = p->data, .rotation = 0};
	if (new_surface(p, p->w, p->h) != 0)
		return -1;
	if (session_open(&p->s, p->sdl, &o, p->w, p->h, NOW, p->err, p->errlen) != 0)
		return -1;
	p->session = true;
	/* Articles past their review date are hidden as a kiosk whose
	 * clock is this computer's would hide them. */
	clock_open(&p->clock, NULL, -1);
	session_set_clock(&p->s, &p->clock, NOW);
	/* The session shows the built-in content when the installed one
	 * cannot be loaded: never the thing to preview. */
	if (!p->s.installed) {
		snprintf(p->err, p->errlen, "the content could not be loaded after it was checked");
		return -1;
	}
	return 0;
}

/* How many screenfuls show all of the current screen, and the offset of
 * each: a screenful less an eighth, so each starts with the end of the
 * one before. */
static int pages_of(const Layout *l, int *step)
{
	int max = layout_max_scroll(l);
	int view = l->scroll_view.h;
	*step = view - view / 8;
	if (max <= 0 || *step <= 0)
		return 1;
	return 1 + (max + *step - 1) / *step;
}

static int draw_page(Preview *p, IndexShot *shot, int k, int page, int offset)
{
	char rel[128], path[PATH_MAX], why[256];
	kiosk_scroll_to(p->s.kiosk, offset);
	if (render_frame(p->s.render, kiosk_frame(p->s.kiosk, NOW)) != 0)
		return 1;
	SDL_RenderFlush(p->sdl);
	index_png(&shot->stop, k, page, rel, sizeof(rel));
	snprintf(path, sizeof(path), "%s/%s", p->j->out, rel);
	if (png_save(p->surface, path, why, sizeof(why)) != 0) {
		snprintf(p->err, p->errlen, "%s: cannot write (%s)", path, why);
		return -1;
	}
	p->res->screenshots++;
	return 0;
}

/* One stop in orientation k: reached from a fresh Home through the
 * kiosk's navigation, then drawn page by page. -1 only when a file could
 * not be written. */
static int draw_stop(Preview *p, IndexShot *shot, int k)
{
	Kiosk *kiosk = p->s.kiosk;
	/* Back to Home with no language chosen, as for a new visitor. */
	kiosk_set_library(kiosk, &p->s.content.lib, NOW);
	NavEvent ev[TOUR_ROUTE_MAX];
	size_t n = tour_route(&p->s.content.lib, &shot->stop, ev);
	for (size_t i = 0; i < n; i++)
		kiosk_nav(kiosk, &ev[i], NOW);
	if (!tour_arrived(&kiosk_nav_state(kiosk)->view, &shot->stop)) {
		p->res->missed++;
		return 0;
	}
	int step;
	int pages = pages_of(kiosk_layout(kiosk), &step);
	int max = layout_max_scroll(kiosk_layout(kiosk));
	shot->of[k] = pages;
	if (pages > PREVIEW_PAGES_MAX) {
		pages = PREVIEW_PAGES_MAX;
		p->res->cut++;
	}
	for (int page = 1; page <= pages; page++) {
		int off = (page - 1) * step < max ? (page - 1) * step : max;
		int rc = draw_page(p, shot, k, page, off);
		if (rc < 0)
			return -1;
		if (rc > 0) {
			p->res->missed++;
			break;
		}
		shot->pages[k] = page;
	}
	return 0;
}

static int draw_all(Preview *p)
{
	const DocLibrary *lib = &p->s.content.lib;
	size_t n = tour_plan(lib, NULL, 0);
	TourStop *stops = malloc(n * sizeof(*stops));
	p->shots = calloc(n, sizeof(*p->shots));
	if (!stops || !p->shots) {
		free(stops);
		snprintf(p->err, p->errlen, "out of memory");
		return -1;
	}
	tour_plan(lib, stops, n);
	for (size_t i = 0; i < n; i++)
		p->shots[i].stop = stops[i];
	free(stops);
	p->nshots = n;
	p->res->stops = (unsigned)n;
	for (int k = 0; k < 2; k++) {
		if (k == INDEX_PORTRAIT &&
		    (new_surface(p, p->h, p->w) != 0 ||
		     session_resize(&p->s, p->sdl, p->h, p->w, NOW, p->err, p->errlen) != 0))
			return -1;
		for (size_t i = 0; i < n; i++)
			if (draw_stop(p, &p->shots[i], k) != 0)
				return -1;
	}
	return 0;
}

/* ---- the whole ------------------------------------------------------------------ */

static void cleanup(Preview *p)
{
	if (p->session)
		session_close(&p->s);
	if (p->sdl)
		SDL_DestroyRenderer(p->sdl);
	SDL_FreeSurface(p->surface);
	if (p->data[0])
		nftw(p->data, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(p->shots);
}

int preview_run(const PreviewJob *j, PreviewResult *res, char *err, size_t errlen)
{
	memset(res, 0, sizeof(*res));
	pkg_report_init(&res->report);
	Preview p = {.j = j, .res = res, .err = err, .errlen = errlen};
	p.w = j->w > 0 ? j->w : 1920;
	p.h = j->h > 0 ? j->h : 1080;
	int rc = -1;
	bool sdl = false;
	if (outside(&p) != 0 || make_out(&p) != 0)
		goto done;
	res->refused = verdict_check(j->dir, j->cfg, j->pubkey, &res->report, res->summary,
	                             sizeof(res->summary)) != 0;
	if (!res->refused) {
		int t = take_in(&p);
		if (t < 0)
			goto done;
		res->refused = t > 0;
	}
	if (res->refused) {
		res->summary[0] = '\0';
		rc = index_write(&p) == 0 ? 1 : -1;
		goto done;
	}
	/* No display: SDL's software renderer drawing into a surface. */
	SDL_setenv("SDL_VIDEODRIVER", "dummy", 0);
	if (session_sdl_start(0) != 0) {
		snprintf(err, errlen, "SDL could not start: %s", SDL_GetError());
		goto done;
	}
	sdl = true;
	if (open_session(&p) != 0 || draw_all(&p) != 0 || index_write(&p) != 0)
		goto done;
	rc = 0;
done:
	cleanup(&p);
	if (sdl)
		session_sdl_stop();
	return rc;
}

void preview_result_free(PreviewResult *res)
{
	pkg_report_free(&res->report);
}
