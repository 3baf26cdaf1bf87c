/* shrink: area averaging in integers.
 *
 * Along a row, stored pixel i covers [i * tw, (i + 1) * tw) and shown
 * pixel X covers [X * sw, (X + 1) * sw), in units where both lengths are
 * whole: the overlap of the two is a stored pixel's weight in a shown
 * one, and the weights of a shown pixel add up to sw. Down the columns
 * the same with th and sh. Since the shown pixel is never smaller than a
 * stored one, a stored pixel (or row) is split between at most two shown
 * ones. A shown value is then its sum over sw * sh, rounded.
 */
#include "core/picture/shrink.h"

#include <stdlib.h>
#include <string.h>

struct Shrink {
	int sw, sh, tw, th;
	bool alpha;
	ShrinkRow emit;
	void *ctx;
	uint32_t *across; /* the latest stored row shrunk across: tw x 4 sums */
	uint64_t *down;   /* the shown row being gathered: tw x 4 sums */
	uint32_t *out;
	int rows;       /* stored rows in */
	int y;          /* the shown row being gathered */
	uint64_t bound; /* where shown row y ends (a stored row is th long, a shown one sh) */
};

Shrink *shrink_new(int sw, int sh, int tw, int th, bool alpha, ShrinkRow emit, void *ctx)
{
	if (tw < 1 || th < 1 || tw > sw || th > sh || !emit)
		return NULL;
	Shrink *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	*s = (Shrink){
	    .sw = sw, .sh = sh, .tw = tw, .th = th, .alpha = alpha, .emit = emit, .ctx = ctx};
	s->across = malloc((size_t)tw * 4 * sizeof *s->across);
	s->down = calloc((size_t)tw * 4, sizeof *s->down);
	s->out = malloc((size_t)tw * sizeof *s->out);
	if (!s->across || !s->down || !s->out) {
		shrink_free(s);
		return NULL;
	}
	s->bound = (uint64_t)sh;
	return s;
}

void shrink_free(Shrink *s)
{
	if (!s)
		return;
	free(s->across);
	free(s->down);
	free(s->out);
	free(s);
}

int shrink_done(const Shrink *s)
{
	return s ? s->y : 0;
}

/* One stored row into s->across. The sums stay within 255 * sw. */
static void shrink_across(Shrink *s, const uint32_t *row)
{
	uint32_t acc[4] = {0, 0, 0, 0};
	uint32_t *h = s->across;
	uint64_t tw = (uint64_t)s->tw, bound = (uint64_t)s->sw, start = 0;
	for (int i = 0; i < s->sw; i++, start += tw) {
		uint32_t p = row[i];
		uint32_t c[4] = {p >> 24, (p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF};
		if (s->alpha) {
			for (int k = 1; k < 4; k++)
				c[k] = (c[k] * c[0] + 127) / 255;
		}
		uint64_t end = start + tw;
		if (end < bound) {
			for (int k = 0; k < 4; k++)
				acc[k] += c[k] * (uint32_t)tw;
			continue;
		}
		uint32_t part = (uint32_t)(bound - start), rest = (uint32_t)(end - bound);
		for (int k = 0; k < 4; k++) {
			*h++ = acc[k] + c[k] * part;
			acc[k] = c[k] * rest;
		}
		bound += (uint64_t)s->sw;
	}
}

static void shrink_add(Shrink *s, uint64_t weight)
{
	size_t n = (size_t)s->tw * 4;
	for (size_t k = 0; k < n; k++)
		s->down[k] += (uint64_t)s->across[k] * weight;
}

/* Shown row y out, and its sums cleared for the next. */
static void shrink_emit(Shrink *s)
{
	uint64_t div = (uint64_t)s->sw * (uint64_t)s->sh, half = div / 2;
	const uint64_t *d = s->down;
	for (int x = 0; x < s->tw; x++, d += 4) {
		uint32_t a = (uint32_t)((d[0] + half) / div);
		uint32_t c[3];
		for (int k = 0; k < 3; k++) {
			uint64_t v = (d[k + 1] + half) / div;
			/* Back from weighted by alpha to plain colour. */
			if (s->alpha)
				v = a ? (v * 255 + a / 2) / a : 0;
			c[k] = v > 255 ? 255 : (uint32_t)v;
		}
		s->out[x] = a << 24 | c[0] << 16 | c[1] << 8 | c[2];
	}
	s->emit(s->ctx, s->y, s->out);
	memset(s->down, 0, (size_t)s->tw * 4 * sizeof *s->down);
	s->y++;
	s->bound += (uint64_t)s->sh;
}

void shrink_push(Shrink *s, const uint32_t *row)
{
	if (!s || s->rows >= s->sh)
		return;
	shrink_across(s, row);
	uint64_t start = (uint64_t)s->rows * (uint64_t)s->th, end = start + (uint64_t)s->th;
	s->rows++;
	if (end < s->bound) {
		shrink_add(s, (uint64_t)s->th);
		return;
	}
	shrink_add(s, s->bound - start);
	uint64_t rest = end - s->bound;
	shrink_emit(s);
	if (rest)
		shrink_add(s, rest);
}
