#include "platform/render.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

/* Segments per quarter circle: at the kiosk's corner radii (6-50 px) the
 * chords stay within a quarter pixel of the true arc. */
#define ARC_SEGS 8

struct Renderer {
	SDL_Renderer *sdl;
	int out_w, out_h, rotation;
	int w, h;            /* logical picture */
	SDL_Texture *target; /* the logical picture when the panel is turned */
	TextCache *text;
	ImageCache *images;
	float arc_cos[ARC_SEGS + 1], arc_sin[ARC_SEGS + 1];
	float arc_fade[ARC_SEGS + 1]; /* feather width along a corner arc */
	/* SDL's software renderer truncates geometry vertices to whole pixels;
	 * adding half a pixel makes that rounding. */
	float snap;
	/* Shapes are batched into one SDL_RenderGeometry until something else
	 * is drawn; the buffers only ever grow, so frames allocate nothing. */
	SDL_Vertex *verts;
	int *indices;
	int nverts, nindices;
	int cap_verts, cap_indices;
	/* One white texel that untextured shapes are drawn with on GPU
	 * renderers: SDL 2.26's GLES2 renderer on KMSDRM (Mesa) drops
	 * untextured geometry, while textured geometry (all the text) draws;
	 * the vertex colours tint the texel. */
	SDL_Texture *white;
};

/* A rounded rectangle: its box and corner radius. */
typedef struct {
	float x0, y0, x1, y1, rad;
} Outline;

Renderer *render_new(SDL_Renderer *sdl, int out_w, int out_h, int rotation, TextCache *text,
                     ImageCache *images)
{
	rotation %= 360;
	if (rotation < 0)
		rotation += 360;
	if (!sdl || out_w <= 0 || out_h <= 0 || rotation % 90 != 0)
		return NULL;
	Renderer *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->sdl = sdl;
	r->out_w = out_w;
	r->out_h = out_h;
	r->rotation = rotation;
	bool sideways = rotation == 90 || rotation == 270;
	r->w = sideways ? out_h : out_w;
	r->h = sideways ? out_w : out_h;
	r->text = text;
	r->images = images;
	for (int i = 0; i <= ARC_SEGS; i++) {
		double a = (M_PI / 2) * i / ARC_SEGS;
		r->arc_cos[i] = (float)cos(a);
		r->arc_sin[i] = (float)sin(a);
		r->arc_fade[i] = (float)sin(2 * a);
	}
	SDL_RendererInfo info;
	bool software =
	    SDL_GetRendererInfo(sdl, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE);
	if (software) {
		r->snap = 0.5f;
	} else {
		r->white = SDL_CreateTexture(sdl, SDL_PIXELFORMAT_ARGB8888,
		                             SDL_TEXTUREACCESS_STATIC, 1, 1);
		Uint32 px = 0xFFFFFFFF;
		if (r->white) {
			SDL_UpdateTexture(r->white, NULL, &px, 4);
			SDL_SetTextureBlendMode(r->white, SDL_BLENDMODE_BLEND);
		}
	}
	if (rotation) {
		r->target = SDL_CreateTexture(sdl, SDL_PIXELFORMAT_ARGB8888,
		                              SDL_TEXTUREACCESS_TARGET, r->w, r->h);
		if (!r->target) {
			free(r);
			return NULL;
		}
		/* Quarter turns map pixels one to one; the picture is opaque. */
		SDL_SetTextureScaleMode(r->target, SDL_ScaleModeNearest);
		SDL_SetTextureBlendMode(r->target, SDL_BLENDMODE_NONE);
	}
	return r;
}

void render_free(Renderer *r)
{
	if (!r)
		return;
	if (r->target)
		SDL_DestroyTexture(r->target);
	if (r->white)
		SDL_DestroyTexture(r->white);
	free(r->verts);
	free(r->indices);
	free(r);
}

void render_set_images(Renderer *r, ImageCache *images)
{
	if (r)
		r->images = images;
}

static SDL_Color sdl_color(Color c)
{
	return (SDL_Color){(Uint8)(c >> 24), (Uint8)(c >> 16), (Uint8)(c >> 8), (Uint8)c};
}

/* a moved toward b by k (0..1); keeps a's alpha. */
static Color color_mix(Color a, Color b, double k)
{
	Color out = a & 0xFF;
	for (int shift = 8; shift < 32; shift += 8) {
		double ca = (a >> shift) & 0xFF, cb = (b >> shift) & 0xFF;
		out |= (Color)lround(ca + (cb - ca) * k) << shift;
	}
	return out;
}

static void geo_flush(Renderer *r)
{
	if (r->nindices)
		SDL_RenderGeometry(r->sdl, r->white, r->verts, r->nverts, r->indices, r->nindices);
	r->nverts = r->nindices = 0;
}

static bool geo_reserve(Renderer *r, int verts, int indices)
{
	if (r->nverts + verts > r->cap_verts) {
		int cap = r->cap_verts ? r->cap_verts : 1024;
		while (cap < r->nverts + verts)
			cap *= 2;
		SDL_Vertex *v = realloc(r->verts, (size_t)cap * sizeof *v);
		if (!v)
			return false;
		r->verts = v;
		r->cap_verts = cap;
	}
	if (r->nindices + indices > r->cap_indices) {
		int cap = r->cap_indices ? r->cap_indices : 4096;
		while (cap < r->nindices + indices)
			cap *= 2;
		int *ix = realloc(r->indices, (size_t)cap * sizeof *ix);
		if (!ix)
			return false;
		r->indices = ix;
		r->cap_indices = cap;
	}
	return true;
}

static Outline outline_make(float x, float y, float w, float h, float rad)
{
	if (w < 0)
		w = 0;
	if (h < 0)
		h = 0;
	float half = fminf(w, h) / 2;
	if (rad > half)
		rad = half;
	if (rad < 0)
		rad = 0;
	return (Outline){x, y, x + w, y + h, rad};
}

/* Appends the outline's points clockwise from the top-left corner's left
 * end: 4 * (segs + 1) vertices, the corner points moved outward by o
 * (inward when negative). Returns the index of the first.
 *
 * Rect sides lie on whole pixels and need no smoothing, so the move fades
 * from nothing where an arc meets a side to all of o halfway round it: the
 * sides stay exactly sharp on every renderer and only the curves get a
 * soft edge. */
static int geo_ring(Renderer *r, Outline b, int segs, float o, SDL_Color col)
{
	int first = r->nverts;
	int step = ARC_SEGS / segs;
	if (b.rad < 1)
		o = 0;
	for (int k = 0; k < 4; k++) {
		float cx = (k == 0 || k == 3) ? b.x0 + b.rad : b.x1 - b.rad;
		float cy = (k < 2) ? b.y0 + b.rad : b.y1 - b.rad;
		for (int j = 0; j <= segs; j++) {
			float c = r->arc_cos[j * step], s = r->arc_sin[j * step];
			float rad = b.rad + o * r->arc_fade[j * step];
			/* The unit arc turned by k quarter turns, starting at 180
			 * degrees (pointing left) and going clockwise on screen. */
			float nx = k == 0 ? -c : k == 1 ? s : k == 2 ? c : -s;
			float ny = k == 0 ? -s : k == 1 ? -c : k == 2 ? s : c;
			r->verts[r->nverts++] = (SDL_Vertex){
			    {cx + nx * rad + r->snap, cy + ny * rad + r->snap}, col, {0, 0}};
		}
	}
	return first;
}

static void geo_strip(Renderer *r, int a, int b, int n)
{
	for (int i = 0; i < n; i++) {
		int j = (i + 1) % n;
		int *ix = &r->indices[r->nindices];
		ix[0] = a + i;
		ix[1] = b + i;
		ix[2] = b + j;
		ix[3] = a + i;
		ix[4] = b + j;
		ix[5] = a + j;
		r->nindices += 6;
	}
}

/* Plain rectangles in one colour, drawn after what is batched (order is
 * kept). Opaque colours are copied, not blended. */
static void fill_rects(Renderer *r, const SDL_FRect *rects, int n, SDL_Color c)
{
	SDL_SetRenderDrawColor(r->sdl, c.r, c.g, c.b, c.a);
	if (c.a == 0xFF)
		SDL_SetRenderDrawBlendMode(r->sdl, SDL_BLENDMODE_NONE);
	SDL_RenderFillRectsF(r->sdl, rects, n);
	if (c.a == 0xFF)
		SDL_SetRenderDrawBlendMode(r->sdl, SDL_BLENDMODE_BLEND);
}

/* A rounded rectangle, filled (hole <= 0) or as a frame hole pixels wide.
 * Curved edges fade over one pixel centred on the true edge. */
static void geo_shape(Renderer *r, float x, float y, float w, float h, float rad, float hole,
                      Color color)
{
	if (w <= 0 || h <= 0 || !(color & 0xFF))
		return;
	/* A filled shape's body is drawn at once (fill_rects below): what is
	 * batched from earlier shapes goes first, to keep the order. */
	if (hole <= 0)
		geo_flush(r);
	Outline b = outline_make(x, y, w, h, rad);
	int segs = b.rad >= 1 ? ARC_SEGS : 1;
	int n = 4 * (segs + 1);
	if (!geo_reserve(r, 4 * n + 1, 3 * n * 6))
		return;
	SDL_Color solid = sdl_color(color), clear = solid;
	clear.a = 0;
	int out = geo_ring(r, b, segs, 0.5f, clear);
	int in = geo_ring(r, b, segs, -0.5f, solid);
	geo_strip(r, out, in, n);
	if (hole > 0 && 2 * hole < w && 2 * hole < h) {
		Outline inner =
		    outline_make(x + hole, y + hole, w - 2 * hole, h - 2 * hole, rad - hole);
		int hole_in = geo_ring(r, inner, segs, 0.5f, solid);
		int hole_out = geo_ring(r, inner, segs, -0.5f, clear);
		geo_strip(r, in, hole_in, n);
		geo_strip(r, hole_in, hole_out, n);
		return;
	}
	/* The inside: axis-aligned rectangles for the body and a small fan per
	 * corner. SDL's software renderer blends each triangle through a
	 * scratch surface the size of its bounding box, so one fan over a
	 * whole tile costs many times its area; rectangles are plain fills
	 * (and not blended at all when the colour is opaque). */
	float rr = b.rad;
	SDL_FRect body[3] = {
	    {b.x0 + rr, b.y0, (b.x1 - b.x0) - 2 * rr, b.y1 - b.y0},
	    {b.x0, b.y0 + rr, rr, (b.y1 - b.y0) - 2 * rr},
	    {b.x1 - rr, b.y0 + rr, rr, (b.y1 - b.y0) - 2 * rr},
	};
	int nbody = rr >= 1 ? 3 : 1;
	if (rr < 1)
		body[0] = (SDL_FRect){b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0};
	for (int k = 0; k < 4 && rr >= 1; k++) {
		float cx = (k == 0 || k == 3) ? b.x0 + rr : b.x1 - rr;
		float cy = (k < 2) ? b.y0 + rr : b.y1 - rr;
		int c = r->nverts;
		r->verts[r->nverts++] = (SDL_Vertex){{cx + r->snap, cy + r->snap}, solid, {0, 0}};
		for (int j = 0; j < segs; j++) {
			int *ix = &r->indices[r->nindices];
			ix[0] = c;
			ix[1] = in + k * (segs + 1) + j;
			ix[2] = in + k * (segs + 1) + j + 1;
			r->nindices += 3;
		}
	}
	fill_rects(r, body, nbody, solid);
}

/* A rounded rectangle with an optional outline bw pixels wide. */
static void geo_box(Renderer *r, Rect b, int rad, Color fill, Color border, int bw)
{
	float x = (float)b.x, y = (float)b.y, w = (float)b.w, h = (float)b.h;
	if (!border || bw <= 0) {
		geo_shape(r, x, y, w, h, (float)rad, 0, fill);
		return;
	}
	float inner = rad > bw ? (float)(rad - bw) : 0;
	if ((fill & 0xFF) == 0xFF) {
		/* Painting the fill over a full border shape leaves no seam of
		 * background between the two anti-aliased edges. */
		geo_shape(r, x, y, w, h, (float)rad, 0, border);
	} else {
		geo_shape(r, x, y, w, h, (float)rad, (float)bw, border);
	}
	geo_shape(r, x + bw, y + bw, w - 2 * bw, h - 2 * bw, inner, 0, fill);
}

static bool rect_overlaps(Rect a, const SDL_Rect *b)
{
	return a.x < b->x + b->w && a.x + a.w > b->x && a.y < b->y + b->h && a.y + a.h > b->y;
}

static void draw_cmd(Renderer *r, const Frame *f, const DrawCmd *c, Rect b, bool pressed)
{
	const Theme *th = f->theme;
	switch (c->kind) {
	case DRAW_RECT: {
		Color fill = c->color, border = c->border;
		int bw = border ? (c->radius / 7 > 1 ? c->radius / 7 : 1) : 0;
		if (pressed && th) {
			if (fill == th->accent) {
				fill = th->pressed;
			} else {
				fill = color_mix(fill, th->accent, 0.2);
				border = th->accent;
				bw = 3;
			}
		}
		geo_box(r, b, c->radius, fill, border, bw);
		break;
	}
	case DRAW_TEXT:
		geo_flush(r);
		text_draw(r->text, c->font, c->text, c->len, b.x, b.y, c->color);
		break;
	case DRAW_IMAGE: {
		SDL_Texture *tex = r->images ? images_texture(r->images, c->src, b.w, b.h) : NULL;
		if (tex) {
			geo_flush(r);
			SDL_Rect dst = {b.x, b.y, b.w, b.h};
			SDL_RenderCopy(r->sdl, tex, NULL, &dst);
		} else if (th) {
			/* A quiet frame where the picture would be: the page keeps
			 * its shape and nothing looks broken. */
			int rad = f->metrics ? f->metrics->radius : 0;
			geo_box(r, b, rad, th->surface, th->border, 1);
		}
		break;
	}
	}
}

/* Draws the commands of one layer, moved by (dx, dy), skipping those that
 * cannot touch the visible area. */
static void draw_layer(Renderer *r, const Frame *f, const Layout *l, DrawLayer layer, int dx,
                       int dy, int pressed, const SDL_Rect *visible)
{
	for (size_t i = 0; i < l->ncmds; i++) {
		const DrawCmd *c = &l->cmds[i];
		if (c->layer != layer)
			continue;
		Rect b = {c->r.x + dx, c->r.y + dy, c->r.w, c->r.h};
		/* Ink may stray a little outside a line box (accents over
		 * capitals, italic overhang). */
		Rect test = b;
		if (c->kind == DRAW_TEXT) {
			test.x -= b.h / 2;
			test.y -= b.h / 2;
			test.w += b.h;
			test.h += b.h;
		}
		if (!rect_overlaps(test, visible))
			continue;
		bool down = c->kind == DRAW_RECT && pressed >= 0 && c->target == pressed;
		draw_cmd(r, f, c, b, down);
	}
}

/* A layout's scrolled and fixed layers (and its pinned one when asked),
 * moved right by dx. */
static void draw_layout(Renderer *r, const Frame *f, const Layout *l, int scroll, int dx,
                        int pressed, bool pinned)
{
	SDL_Rect screen = {0, 0, r->w, r->h};
	SDL_Rect view = {l->scroll_view.x + dx, l->scroll_view.y, l->scroll_view.w,
	                 l->scroll_view.h};
	SDL_Rect clip;
	if (SDL_IntersectRect(&view, &screen, &clip)) {
		/* Shapes still batched belong outside this clip. */
		geo_flush(r);
		SDL_RenderSetClipRect(r->sdl, &clip);
		draw_layer(r, f, l, LAYER_SCROLL, dx, -scroll, pressed, &clip);
		geo_flush(r);
		SDL_RenderSetClipRect(r->sdl, NULL);
	}
	draw_layer(r, f, l, LAYER_FIXED, dx, 0, pressed, &screen);
	if (pinned)
		draw_layer(r, f, l, LAYER_PINNED, dx, 0, pressed, &screen);
}

static void draw_indicator(Renderer *r, const Frame *f, int dx)
{
	const Theme *th = f->theme;
	if (!th)
		return;
	Rect track = f->indicator_track, thumb = f->indicator_thumb;
	track.x += dx;
	thumb.x += dx;
	Color faint = (th->border & 0xFFFFFF00u) | ((th->border & 0xFF) / 2);
	int tr = (track.w < track.h ? track.w : track.h) / 2;
	int hr = (thumb.w < thumb.h ? thumb.w : thumb.h) / 2;
	geo_box(r, track, tr, faint, 0, 0);
	geo_box(r, thumb, hr, th->muted, 0, 0);
}

int render_frame(Renderer *r, const Frame *f)
{
	if (!r || !f || !f->layout)
		return -1;
	if (r->target && SDL_SetRenderTarget(r->sdl, r->target) != 0)
		return -1;
	images_frame(r->images);
	SDL_SetRenderDrawBlendMode(r->sdl, SDL_BLENDMODE_BLEND);
	SDL_RenderSetClipRect(r->sdl, NULL);
	SDL_Color bg = sdl_color(f->layout->background);
	SDL_SetRenderDrawColor(r->sdl, bg.r, bg.g, bg.b, 0xFF);
	SDL_RenderClear(r->sdl);
	int dx = 0;
	if (f->prev) {
		double t = f->t < 0 ? 0 : f->t > 1 ? 1 : f->t;
		/* Both screens move by the same whole number of pixels, so no
		 * seam opens between them. */
		int out = -(int)lround(t * r->w);
		dx = out + r->w;
		SDL_Color pbg = sdl_color(f->prev->background);
		SDL_Rect area = {out, 0, r->w, r->h};
		SDL_SetRenderDrawColor(r->sdl, pbg.r, pbg.g, pbg.b, 0xFF);
		/* Opaque: a copy, not a blend (a full screen of blending costs a
		 * whole frame on the software renderer). */
		SDL_SetRenderDrawBlendMode(r->sdl, SDL_BLENDMODE_NONE);
		SDL_RenderFillRect(r->sdl, &area);
		SDL_SetRenderDrawBlendMode(r->sdl, SDL_BLENDMODE_BLEND);
		draw_layout(r, f, f->prev, f->prev_scroll, out, -1, true);
	}
	draw_layout(r, f, f->layout, f->scroll, dx, f->pressed, false);
	if (f->indicator)
		draw_indicator(r, f, dx);
	SDL_Rect screen = {0, 0, r->w, r->h};
	draw_layer(r, f, f->layout, LAYER_PINNED, 0, 0, f->pressed, &screen);
	geo_flush(r);
	if (r->target) {
		if (SDL_SetRenderTarget(r->sdl, NULL) != 0)
			return -1;
		/* Centred on the output and turned about its centre, the
		 * logical picture covers the panel exactly. */
		SDL_FRect dst = {(r->out_w - r->w) / 2.0f, (r->out_h - r->h) / 2.0f, (float)r->w,
		                 (float)r->h};
		if (SDL_RenderCopyExF(r->sdl, r->target, NULL, &dst, r->rotation, NULL,
		                      SDL_FLIP_NONE) != 0)
			return -1;
	}
	return 0;
}

void render_prepare(Renderer *r, const Layout *l)
{
	if (!r || !r->images || !l)
		return;
	for (size_t i = 0; i < l->ncmds; i++) {
		const DrawCmd *c = &l->cmds[i];
		if (c->kind == DRAW_IMAGE)
			images_texture(r->images, c->src, c->r.w, c->r.h);
	}
}
