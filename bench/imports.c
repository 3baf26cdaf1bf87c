/* imports: the USB content figures, through the real commands
 * `kiosk check DIR` and `kiosk import DIR --data DATA`:
 *
 *   import_check_builtin     checking the built-in content
 *   import_builtin           importing the built-in content into empty DATA
 *   import_throughput_200mb  MB/s importing a 200 MB package
 *   check_bomb_peak_memory   peak memory of the checker on a decompression
 *                            bomb (the checker and its children)
 *   check_bomb_time          how long it takes to reject it
 *
 * A build without those commands says "not part of this build" and exits
 * 2; every figure then prints as not measured. A figure is one row of the
 * table at the end; adding one means adding a function and a row.
 *
 * The packages are generated here (PNG written by hand, no zlib needed) and
 * kept in the bench's data folder between runs.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench.h"

/* ---- a minimal PNG writer ------------------------------------------------ */

static uint32_t crc_table[256];

static void crc_init(void)
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		crc_table[n] = c;
	}
}

static uint32_t crc(uint32_t c, const uint8_t *p, size_t n)
{
	c = ~c;
	while (n--)
		c = crc_table[(c ^ *p++) & 0xFF] ^ (c >> 8);
	return ~c;
}

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static int chunk(FILE *f, const char *type, const uint8_t *data, size_t n)
{
	uint8_t head[8], tail[4];
	be32(head, (uint32_t)n);
	memcpy(head + 4, type, 4);
	uint32_t c = crc(crc(0, head + 4, 4), data, n);
	be32(tail, c);
	return fwrite(head, 1, 8, f) == 8 && fwrite(data, 1, n, f) == n &&
	               fwrite(tail, 1, 4, f) == 4
	           ? 0
	           : -1;
}

/* The zlib stream, cut into IDAT chunks of up to 1 MiB. */
typedef struct {
	FILE *f;
	uint8_t buf[1 << 20];
	size_t n;
	int err;
	/* Bits not yet a whole byte (deflate packs them from the low end). */
	uint32_t bits;
	int nbits;
} Idat;

static void idat_flush(Idat *d)
{
	if (d->n && chunk(d->f, "IDAT", d->buf, d->n) != 0)
		d->err = -1;
	d->n = 0;
}

static void idat_put(Idat *d, const uint8_t *p, size_t n)
{
	while (n) {
		size_t k = sizeof d->buf - d->n < n ? sizeof d->buf - d->n : n;
		memcpy(d->buf + d->n, p, k);
		d->n += k;
		p += k;
		n -= k;
		if (d->n == sizeof d->buf)
			idat_flush(d);
	}
}

static void bits_put(Idat *d, uint32_t v, int n)
{
	d->bits |= v << d->nbits;
	d->nbits += n;
	while (d->nbits >= 8) {
		uint8_t b = (uint8_t)d->bits;
		idat_put(d, &b, 1);
		d->bits >>= 8;
		d->nbits -= 8;
	}
}

/* A Huffman code goes out most significant bit first. */
static void code_put(Idat *d, uint32_t code, int n)
{
	uint32_t r = 0;
	for (int i = 0; i < n; i++)
		r |= ((code >> i) & 1u) << (n - 1 - i);
	bits_put(d, r, n);
}

static FILE *png_begin(const char *path, uint32_t w, uint32_t h, int depth, int color)
{
	static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	FILE *f = fopen(path, "wb");
	if (!f)
		return NULL;
	uint8_t ihdr[13] = {0};
	be32(ihdr, w);
	be32(ihdr + 4, h);
	ihdr[8] = (uint8_t)depth;
	ihdr[9] = (uint8_t)color;
	if (fwrite(sig, 1, 8, f) != 8 || chunk(f, "IHDR", ihdr, sizeof ihdr) != 0) {
		fclose(f);
		return NULL;
	}
	return f;
}

static int png_end(Idat *d, uint32_t adler)
{
	uint8_t a[4];
	be32(a, adler);
	idat_put(d, a, 4);
	idat_flush(d);
	int rc = d->err;
	if (chunk(d->f, "IEND", NULL, 0) != 0)
		rc = -1;
	if (fclose(d->f) != 0)
		rc = -1;
	return rc;
}

/* A w x h RGB picture of noise, stored without compression: as big as a
 * photo of that size and as slow to copy, and it decodes completely. */
static int png_noise(const char *path, uint32_t w, uint32_t h, uint64_t seed)
{
	Idat *d = calloc(1, sizeof *d);
	size_t row = 1 + (size_t)w * 3;
	uint8_t *raw = malloc(row);
	int rc = -1;
	if (!d || !raw || !(d->f = png_begin(path, w, h, 8, 2)))
		goto out;
	static const uint8_t zhead[2] = {0x78, 0x01};
	idat_put(d, zhead, 2);
	uint32_t a = 1, b = 0;
	uint64_t x = seed | 1;
	size_t total = row * h, done = 0;
	for (uint32_t y = 0; y < h; y++) {
		raw[0] = 0;
		for (size_t i = 1; i < row; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			raw[i] = (uint8_t)(x >> 24);
		}
		for (size_t i = 0; i < row; i++) {
			a += raw[i];
			if (a >= 65521)
				a -= 65521;
			b = (b + a) % 65521;
		}
		/* Stored deflate blocks of at most 65535 bytes each. */
		for (size_t off = 0; off < row;) {
			size_t n = row - off < 65535 ? row - off : 65535;
			done += n;
			uint8_t hdr[5] = {done == total, (uint8_t)n, (uint8_t)(n >> 8), (uint8_t)~n,
			                  (uint8_t)(~n >> 8)};
			idat_put(d, hdr, 5);
			idat_put(d, raw + off, n);
			off += n;
		}
	}
	rc = png_end(d, (b << 16) | a);
	d->f = NULL;
out:
	if (d && d->f)
		fclose(d->f);
	free(raw);
	free(d);
	return rc;
}

/* A decompression bomb: a 20000 x 20000 picture (400 megapixels, 1.6 GB
 * once decoded to 32-bit pixels) in a file of about 300 KB, its zeros
 * coded as runs of 258 with fixed Huffman codes. */
static int png_bomb(const char *path)
{
	const uint32_t side = 20000;
	Idat *d = calloc(1, sizeof *d);
	int rc = -1;
	if (!d || !(d->f = png_begin(path, side, side, 1, 0)))
		goto out;
	static const uint8_t zhead[2] = {0x78, 0x01};
	idat_put(d, zhead, 2);
	uint64_t total = (uint64_t)side * (1 + (side + 7) / 8), left = total;
	bits_put(d, 1, 1);    /* the final block */
	bits_put(d, 1, 2);    /* fixed Huffman codes */
	code_put(d, 0x30, 8); /* literal 0 */
	left--;
	while (left >= 258) {
		code_put(d, 0xC5, 8); /* length 258 (code 285) */
		code_put(d, 0, 5);    /* distance 1 */
		left -= 258;
	}
	while (left--)
		code_put(d, 0x30, 8);
	code_put(d, 0, 7); /* end of block */
	if (d->nbits)
		bits_put(d, 0, 8 - d->nbits);
	/* Adler-32 of zeros: a stays 1, b grows by one a byte. */
	rc = png_end(d, (uint32_t)((total % 65521) << 16) | 1u);
	d->f = NULL;
out:
	if (d && d->f)
		fclose(d->f);
	free(d);
	return rc;
}

/* ---- packages -------------------------------------------------------------- */

#define BIG_IMAGES 10
#define BIG_W 3000
#define BIG_H 2234 /* 10 x 20 MB: the 200 MB package */

static uint64_t tree_bytes(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return 0;
	if (!S_ISDIR(st.st_mode))
		return (uint64_t)st.st_size;
	uint64_t sum = 0;
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char sub[PATH_MAX];
		snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		sum += tree_bytes(sub);
	}
	if (d)
		closedir(d);
	return sum;
}

/* A stick root with a kiosk/ folder holding an article and the pictures
 * made by picture(i, path). Kept once complete (a marker file beside it). */
static int package(const char *root, const char *title, int n,
                   int (*picture)(int i, const char *path))
{
	char done[PATH_MAX + 16], dir[PATH_MAX + 16], images[PATH_MAX + 32], path[PATH_MAX + 64];
	snprintf(done, sizeof done, "%s.complete", root);
	struct stat st;
	if (stat(done, &st) == 0)
		return 0;
	remove_tree(root);
	snprintf(dir, sizeof dir, "%s/kiosk", root);
	snprintf(images, sizeof images, "%s/images", dir);
	if (make_dir(root) != 0 || make_dir(dir) != 0 || make_dir(images) != 0)
		return -1;
	size_t cap = 4096 + (size_t)n * 512;
	char *md = malloc(cap);
	if (!md)
		return -1;
	int len = snprintf(md, cap, "# %s\n\nA package made by the kiosk benchmark.\n\n", title);
	for (int i = 0; i < n; i++) {
		len +=
		    snprintf(md + len, cap - (size_t)len,
		             "## Picture %d\n\nPicture %d of %d.\n\n![Picture %d](images/p%02d.png)"
		             "\n\n",
		             i + 1, i + 1, n, i + 1, i);
		snprintf(path, sizeof path, "%s/p%02d.png", images, i);
		if (picture(i, path) != 0) {
			free(md);
			return -1;
		}
	}
	snprintf(path, sizeof path, "%s/article.md", dir);
	int rc = write_text(path, md);
	free(md);
	return rc == 0 ? write_text(done, "") : -1;
}

static int big_picture(int i, const char *path)
{
	return png_noise(path, BIG_W, BIG_H, 0x9E3779B97F4A7C15ull * (uint64_t)(i + 1));
}

static int bomb_picture(int i, const char *path)
{
	(void)i;
	return png_bomb(path);
}

/* ---- the figures ------------------------------------------------------------ */

/* A scratch DATA folder for one import. */
static void data_dir(const BenchConfig *c, int run, char *out, size_t size)
{
	snprintf(out, size, "%s/import-data-%d", c->work, run);
	remove_tree(out);
	make_dir(out);
}

static int timed(const BenchConfig *c, char *const argv[], double *ms, int *status, long *rss)
{
	char log[PATH_MAX];
	snprintf(log, sizeof log, "%s/import.log", c->work);
	return run_timed(argv, NULL, log, ms, status, rss);
}

static int check_builtin(const BenchConfig *c)
{
	Samples ms = {0};
	for (int run = 0; run < c->runs; run++) {
		char *argv[] = {(char *)c->kiosk, "check", (char *)c->content, NULL};
		double t;
		int status;
		if (timed(c, argv, &t, &status, NULL) != 0 || status != 0) {
			fig_absent("import_check_builtin",
			           "kiosk check refused the built-in content");
			samples_free(&ms);
			return -1;
		}
		samples_add(&ms, t);
	}
	fig_info("import_check_builtin", median(ms.v, ms.n), "ms", 1);
	samples_free(&ms);
	return 0;
}

static int import_builtin(const BenchConfig *c)
{
	Samples ms = {0};
	for (int run = 0; run < c->runs; run++) {
		char data[PATH_MAX];
		data_dir(c, run, data, sizeof data);
		char *argv[] = {(char *)c->kiosk, "import", (char *)c->content,
		                "--data",         data,     NULL};
		double t;
		int status;
		int rc = timed(c, argv, &t, &status, NULL);
		remove_tree(data);
		if (rc != 0 || status != 0) {
			fig_absent("import_builtin", "kiosk import failed on the built-in content");
			samples_free(&ms);
			return -1;
		}
		samples_add(&ms, t);
	}
	fig_info("import_builtin", median(ms.v, ms.n), "ms", 1);
	samples_free(&ms);
	return 0;
}

static int import_200mb(const BenchConfig *c)
{
	char pkg[PATH_MAX];
	snprintf(pkg, sizeof pkg, "%s/pkg200", c->data);
	if (package(pkg, "Two hundred megabytes", BIG_IMAGES, big_picture) != 0) {
		fig_absent("import_throughput_200mb", "the 200 MB package could not be written");
		return -1;
	}
	double mb = (double)tree_bytes(pkg) / 1e6;
	Samples rate = {0};
	/* Three runs: each writes and fsyncs 200 MB. */
	int runs = c->runs < 3 ? c->runs : 3;
	for (int run = 0; run < runs; run++) {
		char data[PATH_MAX];
		data_dir(c, run, data, sizeof data);
		char *argv[] = {(char *)c->kiosk, "import", pkg, "--data", data, NULL};
		double t;
		int status;
		int rc = timed(c, argv, &t, &status, NULL);
		remove_tree(data);
		if (rc != 0 || status != 0) {
			fig_absent("import_throughput_200mb",
			           "kiosk import failed on the 200 MB package");
			samples_free(&rate);
			return -1;
		}
		samples_add(&rate, mb / (t / 1000));
	}
	fig_info("import_throughput_200mb", median(rate.v, rate.n), "MB/s", 1);
	note("import_throughput_200mb: %.1f MB in %d pictures of %dx%d, copied, checked and "
	     "fsynced into an empty DATA",
	     mb, BIG_IMAGES, BIG_W, BIG_H);
	samples_free(&rate);
	return 0;
}

static int check_bomb(const BenchConfig *c)
{
	char pkg[PATH_MAX];
	snprintf(pkg, sizeof pkg, "%s/bomb", c->data);
	if (package(pkg, "A decompression bomb", 1, bomb_picture) != 0) {
		fig_absent("check_bomb_peak_memory", "the bomb could not be written");
		fig_absent("check_bomb_time", "the bomb could not be written");
		return -1;
	}
	Samples ms = {0}, mem = {0};
	for (int run = 0; run < c->runs; run++) {
		char *argv[] = {(char *)c->kiosk, "check", pkg, NULL};
		double t;
		int status;
		long rss;
		if (timed(c, argv, &t, &status, &rss) != 0 || status != 1) {
			const char *why = "kiosk check did not reject the bomb (exit status not 1)";
			fig_absent("check_bomb_peak_memory", why);
			fig_absent("check_bomb_time", why);
			samples_free(&ms);
			samples_free(&mem);
			return -1;
		}
		samples_add(&ms, t);
		samples_add(&mem, (double)rss * 1024 / 1e6);
	}
	fig_max("check_bomb_peak_memory", median(mem.v, mem.n), "MB", 1, 64, "64 MB");
	fig_max("check_bomb_time", median(ms.v, ms.n), "ms", 1, 100, "100 ms");
	note("check_bomb: a %dx%d PNG of %.0f KB; peak RSS of the checker and the children it "
	     "waited for",
	     20000, 20000, (double)tree_bytes(pkg) / 1e3);
	samples_free(&ms);
	samples_free(&mem);
	return 0;
}

typedef struct {
	const char *names[2]; /* the figures it prints */
	int (*measure)(const BenchConfig *c);
} ImportFigure;

static const ImportFigure figures[] = {
    {{"import_check_builtin", NULL}, check_builtin},
    {{"import_builtin", NULL}, import_builtin},
    {{"import_throughput_200mb", NULL}, import_200mb},
    {{"check_bomb_peak_memory", "check_bomb_time"}, check_bomb},
};

/* Whether the build has `kiosk CMD`: one without it exits 2 saying the
 * command is not part of this build. */
static bool has_command(const BenchConfig *c, const char *cmd)
{
	char log[PATH_MAX], data[PATH_MAX];
	snprintf(log, sizeof log, "%s/probe-%s.log", c->work, cmd);
	data_dir(c, 99, data, sizeof data);
	char *argv[] = {(char *)c->kiosk, (char *)cmd, (char *)c->content, "--data", data, NULL};
	if (strcmp(cmd, "check") == 0)
		argv[3] = NULL;
	double t;
	int status;
	remove_tree(log);
	int rc = run_timed(argv, NULL, log, &t, &status, NULL);
	remove_tree(data);
	if (rc != 0)
		return false;
	if (status != 2)
		return true;
	char buf[4096] = "";
	FILE *f = fopen(log, "r");
	if (f) {
		size_t n = fread(buf, 1, sizeof buf - 1, f);
		buf[n] = '\0';
		fclose(f);
	}
	return !strstr(buf, "not part of this build");
}

int imports_measure(const BenchConfig *c)
{
	crc_init();
	size_t n = sizeof figures / sizeof figures[0];
	if (!has_command(c, "check") || !has_command(c, "import")) {
		for (size_t i = 0; i < n; i++)
			for (int j = 0; j < 2 && figures[i].names[j]; j++)
				fig_absent(figures[i].names[j], "kiosk import not available");
		return 0;
	}
	int rc = 0;
	for (size_t i = 0; i < n; i++)
		if (figures[i].measure(c) != 0)
			rc = -1;
	return rc;
}
