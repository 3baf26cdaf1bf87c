#include "platform/display/pictures/images.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/package/pkg.h"
#include "platform/display/pictures/picdecode.h"
#include "platform/display/pictures/piccache.h"
#include "platform/package/content.h"

/* Pictures are kept as textures of exactly the size they are shown at, so
 * drawing one is a plain copy: scaling a 1200 x 800 picture on every frame
 * was 40 % of a scrolling frame's instructions on the software renderer. A
 * picture shown at a few sizes (tile, page, attract slide) has a texture
 * for each, up to this many. */
#define VARIANTS 4

typedef struct {
	int w, h;
	bool cover; /* the picture cropped to w x h (images_texture) */
	SDL_Texture *tex;
	size_t bytes;
	uint64_t frame; /* the last frame that drew it */
} Variant;

typedef struct {
	char *src;
	int size_state; /* 0 not read, 1 known, -1 not a picture */
	int w, h;
	bool broken; /* cannot be shown: not tried again */
	Variant v[VARIANTS];
} ImageEntry;

typedef struct {
	char *src;
	int w, h;
	bool cover;
} WarmJob;

struct ImageCache {
	SDL_Renderer *renderer;
	int dirfd;
	int cachefd;   /* DATA/cache, or -1 */
	bool software; /* SDL's software renderer: textures are plain memory */
	int max_w, max_h;
	/* What passed the package check shows, and nothing else: the same
	 * limits, what a decoder may hold among them. */
	PkgLimits limits;
	ImageEntry *items;
	size_t n, cap;
	/* Textures beyond one screen's worth of pixels are dropped, least
	 * recently drawn first, except those of the last two frames (both
	 * screens of a transition): memory stays flat however many pictures
	 * the content has. They come back from DATA/cache. */
	size_t bytes, budget;
	uint64_t frame;
	/* Pictures made ready for DATA/cache ahead of being shown (images_warm),
	 * decoded on a thread of their own: the display never waits for them. */
	pthread_t warmer;
	bool warming; /* the thread runs */
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
	WarmJob *jobs;
	size_t njobs, capjobs, nextjob;
};

/* The entry for src, created if new; NULL when out of memory. */
static ImageEntry *entry_get(ImageCache *c, const char *src)
{
	for (size_t i = 0; i < c->n; i++) {
		if (strcmp(c->items[i].src, src) == 0)
			return &c->items[i];
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		ImageEntry *items = realloc(c->items, cap * sizeof *items);
		if (!items)
			return NULL;
		c->items = items;
		c->cap = cap;
	}
	char *copy = strdup(src);
	if (!copy)
		return NULL;
	c->items[c->n] = (ImageEntry){.src = copy};
	return &c->items[c->n++];
}

ImageCache *images_new(SDL_Renderer *renderer, int dirfd, int cachefd, int max_w, int max_h)
{
	ImageCache *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	/* The content's own descriptor, opened once per load: pictures come
	 * from the same version as the articles, even if DATA/current is
	 * switched meanwhile. */
	c->dirfd = fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
	if (c->dirfd < 0) {
		free(c);
		return NULL;
	}
	c->cachefd = cachefd >= 0 ? fcntl(cachefd, F_DUPFD_CLOEXEC, 0) : -1;
	c->renderer = renderer;
	SDL_RendererInfo info;
	c->software = renderer && SDL_GetRendererInfo(renderer, &info) == 0 &&
	              (info.flags & SDL_RENDERER_SOFTWARE);
	pkg_limits_default(&c->limits);
	c->max_w = max_w > 0 ? max_w : 1;
	c->max_h = max_h > 0 ? max_h : 1;
	c->budget = (size_t)c->max_w * (size_t)c->max_h * 4;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	return c;
}

void images_free(ImageCache *c)
{
	if (!c)
		return;
	if (c->warming) {
		/* The picture being decoded is finished (a fraction of a second
		 * at worst); the rest of the queue is dropped. */
		pthread_mutex_lock(&c->lock);
		c->stop = true;
		pthread_cond_signal(&c->wake);
		pthread_mutex_unlock(&c->lock);
		pthread_join(c->warmer, NULL);
	}
	for (size_t i = 0; i < c->njobs; i++)
		free(c->jobs[i].src);
	free(c->jobs);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->wake);
	for (size_t i = 0; i < c->n; i++) {
		for (int k = 0; k < VARIANTS; k++)
			if (c->items[i].v[k].tex)
				SDL_DestroyTexture(c->items[i].v[k].tex);
		free(c->items[i].src);
	}
	free(c->items);
	close(c->dirfd);
	if (c->cachefd >= 0)
		close(c->cachefd);
	free(c);
}

/* The picture open as fd: its format, size and orientation from its
 * header (a window of it, however far a JPEG's frame header lies behind
 * its metadata), within the limits. 0, or -1 when it cannot be shown. */
static int image_probe(ImageCache *c, int fd, PkgImageInfo *info, uint64_t *size)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || st.st_size <= 0 || (uint64_t)st.st_size > c->limits.max_image)
		return -1;
	*size = (uint64_t)st.st_size;
	if (pkg_image_probe_file(picdecode_read_at, &fd, *size, info, NULL) != 0)
		return -1;
	return pkg_image_limits(info, &c->limits, NULL) == 0 ? 0 : -1;
}

int images_size(ImageCache *c, const char *src, int *w, int *h)
{
	if (!c || !src)
		return -1;
	ImageEntry *e = entry_get(c, src);
	if (!e)
		return -1;
	if (e->size_state == 0) {
		ContentPicture pic;
		bool open = content_picture_open(c->dirfd, src, &pic) == 0;
		PkgImageInfo info;
		uint64_t size;
		e->size_state = -1;
		if (open && image_probe(c, pic.fd, &info, &size) == 0) {
			/* Layout sees the picture as shown: a portrait photo
			 * stored sideways is portrait. */
			uint32_t sw, sh;
			pkg_image_shown_size(&info, &sw, &sh);
			e->w = (int)sw;
			e->h = (int)sh;
			e->size_state = 1;
		}
		if (open)
			content_picture_close(&pic);
	}
	if (e->size_state < 0)
		return -1;
	*w = e->w;
	*h = e->h;
	return 0;
}

/* A w x h texture written in place: on the software renderer straight
 * into the texture's own memory (a streaming texture is a plain surface
 * there), elsewhere into a scratch surface uploaded once. Either way no
 * second copy of the picture outlives the fill. */
typedef struct {
	SDL_Texture *tex;
	SDL_Surface *surface; /* where to write */
	bool locked;
} Fill;

static bool fill_begin(ImageCache *c, int w, int h, Fill *f)
{
	*f = (Fill){0};
	f->tex = SDL_CreateTexture(
	    c->renderer, SDL_PIXELFORMAT_ARGB8888,
	    c->software ? SDL_TEXTUREACCESS_STREAMING : SDL_TEXTUREACCESS_STATIC, w, h);
	if (!f->tex)
		return false;
	void *pixels;
	int pitch;
	if (c->software && SDL_LockTexture(f->tex, NULL, &pixels, &pitch) == 0) {
		f->locked = true;
		f->surface = SDL_CreateRGBSurfaceWithFormatFrom(pixels, w, h, 32, pitch,
		                                                SDL_PIXELFORMAT_ARGB8888);
	} else {
		f->surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	}
	if (!f->surface) {
		if (f->locked)
			SDL_UnlockTexture(f->tex);
		SDL_DestroyTexture(f->tex);
		return false;
	}
	return true;
}

static SDL_Texture *fill_end(Fill *f, bool ok)
{
	if (f->locked)
		SDL_UnlockTexture(f->tex);
	else if (ok)
		ok = SDL_UpdateTexture(f->tex, NULL, f->surface->pixels, f->surface->pitch) == 0;
	SDL_FreeSurface(f->surface);
	if (!ok) {
		SDL_DestroyTexture(f->tex);
		return NULL;
	}
	return f->tex;
}

/* Drops the least recently drawn textures while over budget, sparing
 * those the last two frames drew. */
static void budget_make_room(ImageCache *c, size_t need)
{
	while (c->bytes + need > c->budget) {
		Variant *old = NULL;
		for (size_t i = 0; i < c->n; i++) {
			for (int k = 0; k < VARIANTS; k++) {
				Variant *v = &c->items[i].v[k];
				if (v->tex && v->frame + 1 < c->frame &&
				    (!old || v->frame < old->frame))
					old = v;
			}
		}
		if (!old)
			return;
		SDL_DestroyTexture(old->tex);
		c->bytes -= old->bytes;
		*old = (Variant){0};
	}
}

/* The part of a w x h picture that covers a dw x dh box when scaled to
 * cover it: the middle, at the box's proportions. */
static SDL_Rect cover_crop(int w, int h, int dw, int dh)
{
	SDL_Rect r = {0, 0, w, h};
	if ((int64_t)w * dh > (int64_t)h * dw) {
		r.w = (int)((int64_t)h * dw / dh);
		r.x = (w - r.w) / 2;
	} else {
		r.h = (int)((int64_t)w * dh / dw);
		r.y = (h - r.h) / 2;
	}
	if (r.w < 1)
		r.w = 1;
	if (r.h < 1)
		r.h = 1;
	return r;
}

/* The picture open as fd into w x h pixels at dst: whole (scaled to w x h)
 * or, with cover, cropped to fill w x h (an attract slide's): decoded at
 * the size that covers w x h, never above its own (a smaller one is
 * stretched), and the middle taken. The decoded size is held only for the
 * moment; the texture is no larger than what shows. */
static bool decode_into(int fd, uint64_t size, const PkgImageInfo *info, uint32_t *dst, int pitch,
                        int w, int h, bool cover, bool *opaque)
{
	if (!cover)
		return picdecode_fd(fd, size, info, dst, pitch, w, h, opaque) == PICDECODE_OK;
	uint32_t nw, nh;
	pkg_image_shown_size(info, &nw, &nh);
	double s = (double)w / nw > (double)h / nh ? (double)w / nw : (double)h / nh;
	int dw = s >= 1 ? (int)nw : (int)(nw * s + 0.999),
	    dh = s >= 1 ? (int)nh : (int)(nh * s + 0.999);
	if (dw < w && s < 1)
		dw = w;
	if (dh < h && s < 1)
		dh = h;
	uint32_t *whole = malloc((size_t)dw * (size_t)dh * 4);
	if (!whole)
		return false;
	bool ok = picdecode_fd(fd, size, info, whole, dw * 4, dw, dh, opaque) == PICDECODE_OK;
	if (ok) {
		SDL_Rect from = cover_crop(dw, dh, w, h);
		SDL_Surface *a = SDL_CreateRGBSurfaceWithFormatFrom(whole, dw, dh, 32, dw * 4,
		                                                    SDL_PIXELFORMAT_ARGB8888);
		SDL_Surface *b = SDL_CreateRGBSurfaceWithFormatFrom(dst, w, h, 32, pitch,
		                                                    SDL_PIXELFORMAT_ARGB8888);
		ok = a && b && SDL_SoftStretchLinear(a, &from, b, NULL) == 0;
		SDL_FreeSurface(a);
		SDL_FreeSurface(b);
	}
	free(whole);
	return ok;
}

/* The cache file's name for a picture at w x h, cropped or whole: a
 * cropped one is another picture and keeps its own file. */
static bool cache_name(const ContentPicture *pic, unsigned orientation, int w, int h, bool cover,
                       char *name, size_t len)
{
	if (!piccache_name(pic->idfd, pic->part, orientation, w, h, name, len))
		return false;
	if (!cover)
		return true;
	char *dot = strrchr(name, '.');
	size_t n = strlen(name);
	if (!dot || n + 2 > len)
		return false;
	memmove(dot + 1, dot, n - (size_t)(dot - name) + 1);
	*dot = 'c';
	return true;
}

/* The picture as a w x h texture: from DATA/cache when it is there, else
 * decoded straight to that size (and then stored for next time). */
static SDL_Texture *load_variant(ImageCache *c, ImageEntry *e, int w, int h, bool cover)
{
	ContentPicture pic;
	if (content_picture_open(c->dirfd, e->src, &pic) != 0)
		return NULL;
	int fd = pic.fd;
	PkgImageInfo info;
	uint64_t size;
	if (image_probe(c, fd, &info, &size) != 0) {
		content_picture_close(&pic);
		return NULL;
	}
	char name[256];
	bool named =
	    c->cachefd >= 0 && cache_name(&pic, info.orientation, w, h, cover, name, sizeof name);
	bool opaque = false;
	int cached = named ? piccache_find(c->cachefd, name, w, h, &opaque) : -1;
	SDL_Texture *tex = NULL;
	Fill f;
	if (cached >= 0) {
		if (fill_begin(c, w, h, &f))
			tex = fill_end(&f, piccache_read(c->cachefd, name, cached, w, h,
			                                 f.surface->pixels, f.surface->pitch));
		else
			close(cached);
	}
	if (!tex && fill_begin(c, w, h, &f)) {
		/* Straight into the texture's memory (or the one surface that
		 * is uploaded): no copy of the picture at any other size. */
		bool ok = decode_into(fd, size, &info, f.surface->pixels, f.surface->pitch, w, h,
		                      cover, &opaque);
		if (ok && named)
			piccache_store(c->cachefd, name, w, h, f.surface->pixels, f.surface->pitch,
			               opaque, false);
		tex = fill_end(&f, ok);
	}
	content_picture_close(&pic);
	if (tex) {
		/* Drawn 1:1, and photos have no alpha: copying beats blending,
		 * which matters on the software renderer. */
		SDL_SetTextureScaleMode(tex, SDL_ScaleModeNearest);
		SDL_SetTextureBlendMode(tex, opaque ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
	}
	return tex;
}

/* Nothing is shown larger than a few screens: a size beyond that is a
 * bug, and must not allocate gigabytes. */
static bool size_sane(const ImageCache *c, int w, int h)
{
	return w > 0 && h > 0 &&
	       (uint64_t)w * (uint64_t)h <= (uint64_t)c->max_w * (uint64_t)c->max_h * 4;
}

/* On the warming thread: makes DATA/cache hold src at w x h. Reads only
 * what never changes after images_new (the folders, the limits). */
static void warm_one(ImageCache *c, const WarmJob *j)
{
	ContentPicture pic;
	if (content_picture_open(c->dirfd, j->src, &pic) != 0)
		return;
	int fd = pic.fd;
	char name[256];
	bool opaque = false;
	PkgImageInfo info;
	uint64_t size;
	if (image_probe(c, fd, &info, &size) == 0 &&
	    cache_name(&pic, info.orientation, j->w, j->h, j->cover, name, sizeof name)) {
		int cached = piccache_find(c->cachefd, name, j->w, j->h, &opaque);
		uint32_t *px = NULL;
		if (cached >= 0)
			close(cached);
		else if (piccache_room(j->w, j->h) &&
		         (px = malloc((size_t)j->w * (size_t)j->h * 4)) &&
		         decode_into(fd, size, &info, px, j->w * 4, j->w, j->h, j->cover, &opaque))
			piccache_store(c->cachefd, name, j->w, j->h, px, j->w * 4, opaque, true);
		free(px);
	}
	content_picture_close(&pic);
}

static void *warmer(void *arg)
{
	ImageCache *c = arg;
	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->stop && c->nextjob == c->njobs)
			pthread_cond_wait(&c->wake, &c->lock);
		if (c->stop)
			break;
		WarmJob j = c->jobs[c->nextjob++];
		pthread_mutex_unlock(&c->lock);
		warm_one(c, &j);
		pthread_mutex_lock(&c->lock);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

void images_warm(ImageCache *c, const char *src, int w, int h, bool cover)
{
	if (!c || !src || c->cachefd < 0 || !size_sane(c, w, h))
		return;
	ImageEntry *e = entry_get(c, src);
	if (!e || e->broken)
		return;
	for (int k = 0; k < VARIANTS; k++)
		if (e->v[k].tex && e->v[k].w == w && e->v[k].h == h && e->v[k].cover == cover)
			return;
	pthread_mutex_lock(&c->lock);
	bool queued = false;
	for (size_t i = 0; i < c->njobs && !queued; i++)
		queued = c->jobs[i].w == w && c->jobs[i].h == h && c->jobs[i].cover == cover &&
		         strcmp(c->jobs[i].src, src) == 0;
	if (!queued && c->njobs == c->capjobs) {
		size_t cap = c->capjobs ? c->capjobs * 2 : 32;
		WarmJob *p = realloc(c->jobs, cap * sizeof *p);
		if (p) {
			c->jobs = p;
			c->capjobs = cap;
		}
	}
	char *copy = queued || c->njobs == c->capjobs ? NULL : strdup(src);
	if (copy) {
		c->jobs[c->njobs++] = (WarmJob){copy, w, h, cover};
		if (!c->warming)
			c->warming = pthread_create(&c->warmer, NULL, warmer, c) == 0;
		pthread_cond_signal(&c->wake);
	}
	pthread_mutex_unlock(&c->lock);
}

void images_frame(ImageCache *c)
{
	if (c)
		c->frame++;
}

SDL_Texture *images_texture(ImageCache *c, const char *src, int w, int h, bool cover)
{
	if (!c || !src || !c->renderer || !size_sane(c, w, h))
		return NULL;
	ImageEntry *e = entry_get(c, src);
	if (!e || e->broken)
		return NULL;
	Variant *slot = NULL;
	for (int k = 0; k < VARIANTS; k++) {
		Variant *v = &e->v[k];
		if (v->tex && v->w == w && v->h == h && v->cover == cover) {
			v->frame = c->frame;
			return v->tex;
		}
		if (!v->tex && !slot)
			slot = v;
	}
	if (!slot) {
		/* Every size taken: the one drawn longest ago goes. */
		slot = &e->v[0];
		for (int k = 1; k < VARIANTS; k++)
			if (e->v[k].frame < slot->frame)
				slot = &e->v[k];
		SDL_DestroyTexture(slot->tex);
		c->bytes -= slot->bytes;
		*slot = (Variant){0};
	}
	size_t bytes = (size_t)w * (size_t)h * 4;
	budget_make_room(c, bytes);
	SDL_Texture *tex = load_variant(c, e, w, h, cover);
	if (!tex) {
		/* Remembering the failure keeps a broken file from being read
		 * again on every frame. */
		e->broken = true;
		return NULL;
	}
	*slot = (Variant){w, h, cover, tex, bytes, c->frame};
	c->bytes += bytes;
	return tex;
}

void images_set_limits(ImageCache *c, const PkgLimits *lim)
{
	c->limits = *lim;
}
