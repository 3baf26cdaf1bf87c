#include "platform/display/render.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

/* Rounded corners are drawn from small textures made once per corner
 * style: a circle of the corner's radius, its border ring and its inside,
 * with exact anti-aliased edges. A box is then four quarter-circle copies
 * and a few plain rectangles. Built from triangles instead, SDL's software
 * renderer blended every triangle through a scratch surface of its own:
 * a quarter of a Home frame's instructions went to tile corners. */
#define CORNER_STYLES 32

typedef struct {
	int rad, bw;
	Color fill, border;
	SDL_Texture *tex; /* 2 rad x 2 rad */
} CornerStyle;

struct Renderer {
	SDL_Renderer *sdl;
	int out_w, out_h, rotation;
	int w, h;            /* logical picture */
	SDL_Texture *target; /* the logical picture when the panel is turned */
	TextCache *text;
	ImageCache *images;
	CornerStyle corners[CORNER_STYLES];
	int ncorners;
};

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
	for (int i = 0; i < r->ncorners; i++)
		SDL_DestroyTexture(r->corners[i].tex);
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

/* Coverage of a pixel whose centre lies d from a circle's centre by the
 * disc of radius rad: 1 inside, 0 outside, linear over the pixel that the
 * edge crosses. */
static float disc_cover(float d, float rad)
{
	float c = rad - d + 0.5f;
	return c < 0 ? 0 : c > 1 ? 1 : c;
}

/* A 2 rad x 2 rad picture of a disc: fill inside rad - bw, border between
 * that and rad, anti-aliased. Non-premultiplied ARGB, as SDL blends. */
static SDL_Texture *corner_make(Renderer *r, int rad, int bw, Color fill, Color border)
{
	int side = 2 * rad;
	uint32_t *px = malloc((size_t)side * (size_t)side * sizeof *px);
	if (!px)
		return NULL;
	float fa = (float)(fill & 0xFF) / 255, ba = (float)(border & 0xFF) / 255;
	for (int y = 0; y < side; y++) {
		for (int x = 0; x < side; x++) {
			float dx = (float)x + 0.5f - (float)rad, dy = (float)y + 0.5f - (float)rad;
			float d = sqrtf(dx * dx + dy * dy);
			float in = disc_cover(d, (float)(rad - bw)),
			      out = disc_cover(d, (float)rad);
			float wf = in * fa, wb = (out - in) * ba, a = wf + wb;
			uint32_t v = 0;
			if (a > 0) {
				v = (uint32_t)lroundf(a * 255) << 24;
				for (int k = 0; k < 3; k++) {
					int shift = 8 * (3 - k);
					float c = ((float)((fill >> shift) & 0xFF) * wf +
					           (float)((border >> shift) & 0xFF) * wb) /
					          a;
					v |= (uint32_t)lroundf(c) << (8 * (2 - k));
				}
			}
			px[(size_t)y * (size_t)side + (size_t)x] = v;
		}
	}
	SDL_Texture *tex = SDL_CreateTexture(r->sdl, SDL_PIXELFORMAT_ARGB8888,
	                                     SDL_TEXTUREACCESS_STATIC, side, side);
	if (tex) {
		SDL_UpdateTexture(tex, NULL, px, side * 4);
		SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
		SDL_SetTextureScaleMode(tex, SDL_ScaleModeNearest);
	}
	free(px);
	return tex;
}

static SDL_Texture *corner_get(Renderer *r, int rad, int bw, Color fill, Color border)
{
	for (int i = 0; i < r->ncorners; i++) {
		CornerStyle *c = &r->corners[i];
		if (c->rad == rad && c->bw == bw && c->fill == fill && c->border == border)
			return c->tex;
	}
	/* A theme has a handful of styles; should content ever make more,
	 * start over rather than grow. */
	if (r->ncorners == CORNER_STYLES) {
		for (int i = 0; i < r->ncorners; i++)
			SDL_DestroyTexture(r->corners[i].tex);
		r->ncorners = 0;
	}
	SDL_Texture *tex = corner_make(r, rad, bw, fill, border);
	if (tex)
		r->corners[r->ncorners++] = (CornerStyle){rad, bw, fill, border, tex};
	return tex;
}

/* Plain rectangles in one colour. Opaque colours are copied, not
 * blended. */
static void fill_rects(Renderer *r, const SDL_Rect *rects, int n, Color color)
{
	SDL_Color c = sdl_color(color);
	if (!c.a || !n)
		return;
	SDL_SetRenderDrawColor(r->sdl, c.r, c.g, c.b, c.a);
	if (c.a == 0xFF)
		SDL_SetRenderDrawBlendMode(r->sdl, SDL_BLENDMODE_NONE);
	SDL_RenderFillRects(r->sdl, rects, n);
	if (c.a == 0xFF)
		SDL_SetRenderDrawBlendMode(r->sdl, SDL_BLENDMODE_BLEND);
}

/* A rounded rectangle with a border bw pixels wide (none when bw is 0 or
 * border transparent). Sides lie on whole pixels and stay sharp; only the
 * corners are anti-aliased. */
static void geo_box(Renderer *r, Rect b, int rad, Color fill, Color border, int bw)
{
	if (b.w <= 0 || b.h <= 0)
		return;
	if (!(border & 0xFF))
		bw = 0;
	int half = (b.w < b.h ? b.w : b.h) / 2;
	if (rad > half)
		rad = half;
	if (rad < 0)
		rad = 0;
	if (bw > half)
		bw = half;
	int x = b.x, y = b.y, w = b.w, h = b.h;
	if (rad > 0) {
		SDL_Texture *tex = corner_get(r, rad, bw, fill, border);
		if (!tex) {
			rad = 0;
		} else {
			static const int qx[4] = {0, 1, 0, 1}, qy[4] = {0, 0, 1, 1};
			for (int k = 0; k < 4; k++) {
				SDL_Rect src = {qx[k] * rad, qy[k] * rad, rad, rad};
				SDL_Rect dst = {qx[k] ? x + w - rad : x, qy[k] ? y + h - rad : y,
				                rad, rad};
				SDL_RenderCopy(r->sdl, tex, &src, &dst);
			}
		}
	}
	/* The border's straight runs between the corners. */
	SDL_Rect rects[4];
	int n = 0;
	if (bw > 0) {
		rects[n++] = (SDL_Rect){x + rad, y, w - 2 * rad, bw};
		rects[n++] = (SDL_Rect){x + rad, y + h - bw, w - 2 * rad, bw};
		rects[n++] = (SDL_Rect){x, y + rad, bw, h - 2 * rad};
		rects[n++] = (SDL_Rect){x + w - bw, y + rad, bw, h - 2 * rad};
		fill_rects(r, rects, n, border);
	}
	/* The inside: a cross that leaves the corner squares to the corner
	 * pictures. */
	n = 0;
	int in = rad > bw ? rad : bw;
	rects[n++] = (SDL_Rect){x + in, y + bw, w - 2 * in, h - 2 * bw};
	if (rad > bw) {
		rects[n++] = (SDL_Rect){x + bw, y + rad, rad - bw, h - 2 * rad};
		rects[n++] = (SDL_Rect){x + w - rad, y + rad, rad - bw, h - 2 * rad};
	}
	fill_rects(r, rects, n, fill);
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
			/* The theme's own rule, so the contrast checks judge the
			 * very colour drawn here. */
			if (fill != th->accent) {
				border = th->accent;
				bw = 3;
			}
			fill = theme_pressed_fill(th, fill);
		}
		geo_box(r, b, c->radius, fill, border, bw);
		break;
	}
	case DRAW_TEXT: {
		TextStyle st = {c->font, c->rtl, c->lang ? c->lang : ""};
		text_draw(r->text, &st, c->text, c->len, b.x, b.y, c->color);
		break;
	}
	case DRAW_IMAGE: {
		SDL_Texture *tex =
		    r->images ? images_texture(r->images, c->src, b.w, b.h, c->cover) : NULL;
		if (tex) {
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
		/* Text gathered so far goes down before anything that may
		 * cover it. */
		if (c->kind != DRAW_TEXT)
			text_draw_end(r->text);
		draw_cmd(r, f, c, b, down);
	}
	text_draw_end(r->text);
}

/* A layout's scrolled and fixed layers (and its pinned one when asked),
 * moved right by dx. */
static void draw_layout(Renderer *r, const Frame *f, const Layout *l, int scroll, int dx,
                        int pressed, bool pinned)
{
	/* Text at the sizes the screen was laid out with: during a transition
	 * the outgoing screen may be at another text size. */
	char err[128];
	if (l->metrics.w > 0)
		text_use(r->text, l->metrics.font_px, err, sizeof(err));
	SDL_Rect screen = {0, 0, r->w, r->h};
	SDL_Rect view = {l->scroll_view.x + dx, l->scroll_view.y, l->scroll_view.w,
	                 l->scroll_view.h};
	SDL_Rect clip;
	if (SDL_IntersectRect(&view, &screen, &clip)) {
		SDL_RenderSetClipRect(r->sdl, &clip);
		draw_layer(r, f, l, LAYER_SCROLL, dx, -scroll, pressed, &clip);
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
		 * seam opens between them; right to left, the new screen comes
		 * in from the left. */
		int out = -(int)lround(t * r->w);
		dx = out + r->w;
		if (f->rtl) {
			out = -out;
			dx = out - r->w;
		}
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
	/* The pinned layer belongs to the incoming screen, whose sizes the
	 * text cache is at now. */
	draw_layer(r, f, f->layout, LAYER_PINNED, 0, 0, f->pressed, &screen);
	if (f->overlay) {
		char err[128];
		text_use(r->text, f->overlay->metrics.font_px, err, sizeof(err));
		draw_layer(r, f, f->overlay, LAYER_PINNED, 0, 0, -1, &screen);
	}
	text_trim(r->text);
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
			images_texture(r->images, c->src, c->r.w, c->r.h, c->cover);
	}
}

void render_warm(Renderer *r, const Layout *l)
{
	if (!r || !r->images || !l)
		return;
	for (size_t i = 0; i < l->ncmds; i++) {
		const DrawCmd *c = &l->cmds[i];
		if (c->kind == DRAW_IMAGE)
			images_warm(r->images, c->src, c->r.w, c->r.h, c->cover);
	}
}
