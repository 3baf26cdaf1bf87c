/* pictures: memory with pictures at the limits. A stick with six photos of
 * 8192 x 4882 (40 megapixels each, the most a picture may have; three PNG
 * and three JPEG, written here with libpng and libjpeg, smooth colour with
 * grain so that they compress like photos) goes through
 *
 *   check_big_pictures_peak_memory    `kiosk check`, the checker and its
 *                                      sandboxed children
 *   render_big_pictures_peak_memory   `kiosk render` showing each picture
 *                                      full screen in attract mode
 *   live_big_pictures_peak_memory     the live kiosk (live.c), first start
 *                                      on an empty data folder, attract
 *                                      mode through every picture
 *
 * and, through the same three, the encodings that make a decoder hold the
 * whole picture (a progressive JPEG, an interlaced PNG, a lossless WebP),
 * each just under what the kiosk allows them to hold (PKG_HOLD_MAX):
 *
 *   check_held_pictures_peak_memory, render_held_pictures_peak_memory,
 *   live_held_pictures_peak_memory
 *
 * each against 64 MiB. The packages are kept in the bench's data folder
 * between runs.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jpeglib.h>
#include <png.h>
#include <webp/encode.h>

#include "bench.h"

#define BIG_W 8192
#define BIG_H 4882
#define BIG_PICTURES 6
#define MIB_TARGET 64

/* Row y of a w x h picture `seed`: a gradient across and down with
 * grain that changes every 4 pixels, as a photo's sensor noise does. */
static void photo_row(int seed, int w, int h, int y, unsigned char *rgb)
{
	uint32_t x32 = 0x9E3779B9u * (uint32_t)(seed + 1) ^ (uint32_t)(y / 4) * 0x85EBCA6Bu;
	unsigned grain = 0;
	for (int x = 0; x < w; x++) {
		if (x % 4 == 0) {
			x32 ^= x32 << 13;
			x32 ^= x32 >> 17;
			x32 ^= x32 << 5;
			grain = x32 % 24;
		}
		rgb[3 * x] = (unsigned char)(20 + 200 * x / w + grain);
		rgb[3 * x + 1] = (unsigned char)(30 + 190 * y / h + grain);
		rgb[3 * x + 2] = (unsigned char)(210 - 180 * x / w + grain);
	}
}

/* A w x h PNG; interlaced (Adam7) when asked. */
static int write_png(const char *path, int seed, int w, int h, bool interlaced)
{
	FILE *f = fopen(path, "wb");
	unsigned char *row = malloc((size_t)w * 3);
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	int rc = -1;
	if (!f || !row || !info)
		goto out;
	if (setjmp(png_jmpbuf(png)))
		goto out;
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
	             interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
	             PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_compression_level(png, 6);
	png_write_info(png, info);
	/* Each pass takes every row and keeps its own pixels of it. */
	int passes = png_set_interlace_handling(png);
	for (int p = 0; p < passes; p++) {
		for (int y = 0; y < h; y++) {
			photo_row(seed, w, h, y, row);
			png_write_row(png, row);
		}
	}
	png_write_end(png, NULL);
	rc = 0;
out:
	if (png)
		png_destroy_write_struct(&png, info ? &info : NULL);
	if (f && fclose(f) != 0)
		rc = -1;
	free(row);
	return rc;
}

/* A w x h JPEG; progressive when asked. */
static int write_jpeg(const char *path, int seed, int w, int h, bool progressive)
{
	FILE *f = fopen(path, "wb");
	unsigned char *row = malloc((size_t)w * 3);
	if (!f || !row) {
		if (f)
			fclose(f);
		free(row);
		return -1;
	}
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr err;
	c.err = jpeg_std_error(&err);
	jpeg_create_compress(&c);
	jpeg_stdio_dest(&c, f);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 90, TRUE);
	if (progressive)
		jpeg_simple_progression(&c);
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < (JDIMENSION)h) {
		photo_row(seed, w, h, (int)c.next_scanline, row);
		JSAMPROW r = row;
		jpeg_write_scanlines(&c, &r, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	free(row);
	return fclose(f) == 0 ? 0 : -1;
}

static int write_webp_lossless(const char *path, int seed, int w, int h)
{
	unsigned char *rgb = malloc((size_t)w * (size_t)h * 3);
	if (!rgb)
		return -1;
	for (int y = 0; y < h; y++)
		photo_row(seed, w, h, y, rgb + (size_t)y * (size_t)w * 3);
	uint8_t *out = NULL;
	size_t n = WebPEncodeLosslessRGB(rgb, w, h, w * 3, &out);
	free(rgb);
	FILE *f = n ? fopen(path, "wb") : NULL;
	int rc = f && fwrite(out, 1, n, f) == n ? 0 : -1;
	if (f && fclose(f) != 0)
		rc = -1;
	WebPFree(out);
	return rc;
}

/* A stick root c->data/name with a kiosk/ folder: an article with a topic
 * for each picture, made by make(i, path) as images/NAME[i]. Kept once
 * complete (a marker file beside it). */
static int package(const BenchConfig *c, const char *name, const char *title,
                   const char *const *names, int n, int (*make)(int i, const char *path),
                   char *root, size_t size)
{
	char done[PATH_MAX + 16], dir[PATH_MAX + 16], images[PATH_MAX + 32], path[PATH_MAX + 64];
	if (snprintf(root, size, "%s/%s", c->data, name) >= (int)size)
		return -1;
	snprintf(done, sizeof done, "%s.complete", root);
	struct stat st;
	if (stat(done, &st) == 0)
		return 0;
	remove_tree(root);
	snprintf(dir, sizeof dir, "%s/kiosk", root);
	snprintf(images, sizeof images, "%s/images", dir);
	if (make_dir(root) != 0 || make_dir(dir) != 0 || make_dir(images) != 0)
		return -1;
	char md[4096];
	int len =
	    snprintf(md, sizeof md, "# %s\n\nPhotos as big as the kiosk takes them.\n\n", title);
	for (int i = 0; i < n; i++) {
		len +=
		    snprintf(md + len, sizeof md - (size_t)len,
		             "## Photo %d\n\nA photo at the limits.\n\n![Photo %d](images/%s)\n\n",
		             i + 1, i + 1, names[i]);
		snprintf(path, sizeof path, "%s/%s", images, names[i]);
		if (make(i, path) != 0 || stat(path, &st) != 0 || st.st_size > 64 * 1024 * 1024)
			return -1;
	}
	snprintf(path, sizeof path, "%s/article.md", dir);
	return write_text(path, md) == 0 ? write_text(done, "") : -1;
}

static const char *const BIG_NAMES[BIG_PICTURES] = {"p0.png", "p1.jpg", "p2.png",
                                                    "p3.jpg", "p4.png", "p5.jpg"};

static int big_picture(int i, const char *path)
{
	return i % 2 ? write_jpeg(path, i, BIG_W, BIG_H, false)
	             : write_png(path, i, BIG_W, BIG_H, false);
}

static int big_pictures_package(const BenchConfig *c, char *root, size_t size)
{
	return package(c, "big-pictures", "Photos at the limits", BIG_NAMES, BIG_PICTURES,
	               big_picture, root, size);
}

/* Just under PKG_HOLD_MAX (24 MiB) each: a progressive 4:2:0 JPEG keeps
 * 3 bytes a pixel of coefficients, an interlaced PNG 4 of pixels, a
 * lossless WebP 4 and its file. */
static const char *const HELD_NAMES[3] = {"progressive.jpg", "interlaced.png", "lossless.webp"};

static int held_picture(int i, const char *path)
{
	if (i == 0)
		return write_jpeg(path, 10, 3500, 2340, true);
	if (i == 1)
		return write_png(path, 11, 2880, 2160, true);
	return write_webp_lossless(path, 12, 2400, 2400);
}

/* `kiosk check` of the package at root: figure check_KIND_pictures_*. */
static int check_pictures(const BenchConfig *c, const char *root, const char *kind,
                          const char *what)
{
	char log[PATH_MAX], mem_name[64], time_name[64];
	snprintf(log, sizeof log, "%s/pictures-check.log", c->work);
	snprintf(mem_name, sizeof mem_name, "check_%s_pictures_peak_memory", kind);
	snprintf(time_name, sizeof time_name, "check_%s_pictures_time", kind);
	Samples mem = {0}, ms = {0};
	for (int run = 0; run < c->runs; run++) {
		char *argv[] = {(char *)c->kiosk, "check", (char *)root, NULL};
		double t;
		int status;
		long rss;
		if (run_timed(argv, NULL, log, &t, &status, &rss) != 0 || status != 0) {
			fprintf(stderr, "bench: kiosk check refused %s; it said:\n", what);
			show_log(log, "  ");
			fig_absent(mem_name, "kiosk check refused them");
			samples_free(&mem);
			samples_free(&ms);
			return -1;
		}
		samples_add(&mem, (double)rss / 1024);
		samples_add(&ms, t);
	}
	fig_max(mem_name, median(mem.v, mem.n), "MiB", 1, MIB_TARGET, "64 MiB");
	fig_info(time_name, median(ms.v, ms.n), "ms", 0);
	note("check_%s_pictures: `kiosk check` of %s; peak RSS of the checker and the children "
	     "it waited for",
	     kind, what);
	samples_free(&mem);
	samples_free(&ms);
	return 0;
}

/* `kiosk render` through attract mode (each topic's opening, then each
 * of n pictures full screen): figure render_KIND_pictures_peak_memory. */
static int render_pictures(const BenchConfig *c, const char *root, const char *kind, int n)
{
	char log[PATH_MAX], out[PATH_MAX], script[PATH_MAX], content[PATH_MAX + 8];
	char data[PATH_MAX], text[1024], name[64];
	snprintf(name, sizeof name, "render_%s_pictures_peak_memory", kind);
	snprintf(log, sizeof log, "%s/pictures-render.log", c->work);
	/* An empty data folder of its own: every picture is decoded, none
	 * read back from a cache an earlier run left. */
	snprintf(data, sizeof data, "%s/pictures-render-data", c->work);
	remove_tree(data);
	snprintf(out, sizeof out, "%s/pictures-render", c->work);
	snprintf(script, sizeof script, "%s/pictures-render.txt", c->work);
	snprintf(content, sizeof content, "%s/kiosk", root);
	int len = snprintf(text, sizeof text, "wait 91000\n");
	for (int i = 0; i < 2 * n; i++)
		len += snprintf(text + len, sizeof text - (size_t)len, "wait 12000\nshot s%d\n", i);
	if (make_dir(out) != 0 || make_dir(data) != 0 || write_text(script, text) != 0)
		return -1;
	char *argv[] = {(char *)c->kiosk, "render", "--out",    out,    "--content", content,
	                "--data",         data,     "--script", script, NULL};
	double t;
	int status;
	long rss;
	if (run_timed(argv, NULL, log, &t, &status, &rss) != 0 || status != 0) {
		fig_absent(name, "kiosk render failed");
		return -1;
	}
	fig_max(name, (double)rss / 1024, "MiB", 1, MIB_TARGET, "64 MiB");
	note("render_%s_pictures: `kiosk render` through attract mode, every picture full screen "
	     "at 1920x1080, on an empty data folder (every picture decoded)",
	     kind);
	return 0;
}

int pictures_measure(const BenchConfig *c)
{
	char big[PATH_MAX], held[PATH_MAX];
	int rc = 0;
	if (big_pictures_package(c, big, sizeof big) != 0) {
		fig_absent("check_big_pictures_peak_memory", "the pictures could not be written");
		rc = -1;
	} else {
		char what[128];
		snprintf(what, sizeof what, "six %dx%d pictures (3 PNG, 3 JPEG)", BIG_W, BIG_H);
		if (check_pictures(c, big, "big", what) != 0 ||
		    render_pictures(c, big, "big", BIG_PICTURES) != 0 ||
		    live_pictures(c, big, "big", BIG_PICTURES) != 0)
			rc = -1;
	}
	if (package(c, "held-pictures", "Photos that hold", HELD_NAMES, 3, held_picture, held,
	            sizeof held) != 0) {
		fig_absent("check_held_pictures_peak_memory", "the pictures could not be written");
		return -1;
	}
	if (check_pictures(c, held, "held",
	                   "a progressive JPEG of 3500x2340, an interlaced PNG of 2880x2160 and a "
	                   "lossless WebP of 2400x2400, each just under what a decoder may hold") !=
	        0 ||
	    render_pictures(c, held, "held", 3) != 0 || live_pictures(c, held, "held", 3) != 0)
		rc = -1;
	return rc;
}
