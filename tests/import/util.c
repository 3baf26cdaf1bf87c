#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/package/content.h"

/* ---- cases and checks ---- */

static int passed, failed, skipped;
static const char *case_name;
static bool case_bad, case_skip;
static char workdirs[8][PATH_MAX];
static int nworkdirs;

static void case_close(void)
{
	if (!case_name)
		return;
	if (case_skip)
		skipped++;
	else if (case_bad)
		failed++;
	else
		passed++;
	case_name = NULL;
}

void tu_case(const char *name)
{
	case_close();
	case_name = name;
	case_bad = false;
	case_skip = false;
}

bool tu_case_failed(void)
{
	return case_bad;
}

bool tu_check(bool ok, const char *file, int line, const char *fmt, ...)
{
	if (ok)
		return true;
	case_bad = true;
	fprintf(stderr, "FAIL %s (%s:%d): ", case_name ? case_name : "?", file, line);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return false;
}

void tu_counts(int *p, int *f)
{
	case_close();
	*p = passed;
	*f = failed;
}

void tu_add(int p, int f)
{
	passed += p;
	failed += f;
}

void tu_skip(const char *why)
{
	case_skip = true;
	printf("skipped %s: %s\n", case_name ? case_name : "?", why);
}

int tu_finish(void)
{
	case_close();
	if (skipped)
		printf("import: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
	else
		printf("import: %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	return failed ? 1 : 0;
}

/* ---- files ---- */

const char *tu_workdir(const char *tag)
{
	const char *tmp = getenv("TMPDIR");
	if (nworkdirs == 8) {
		fprintf(stderr, "too many work folders\n");
		exit(2);
	}
	char *w = workdirs[nworkdirs];
	snprintf(w, PATH_MAX, "%s/kiosk-%s-XXXXXX", tmp && tmp[0] ? tmp : "/tmp", tag);
	if (!mkdtemp(w)) {
		perror("mkdtemp");
		exit(2);
	}
	nworkdirs++;
	return w;
}

void tu_cleanup(void)
{
	for (int i = 0; i < nworkdirs; i++) {
		if (failed || case_bad)
			fprintf(stderr, "kept for a look: %s\n", workdirs[i]);
		else
			tu_rm_rf(workdirs[i]);
	}
	nworkdirs = 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)f;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void tu_rm_rf(const char *path)
{
	nftw(path, rm_one, 32, FTW_DEPTH | FTW_PHYS);
}

char *tu_path(char *buf, const char *dir, const char *name)
{
	if (snprintf(buf, PATH_MAX, "%s/%s", dir, name) >= PATH_MAX) {
		fprintf(stderr, "path too long: %s/%s\n", dir, name);
		exit(2);
	}
	return buf;
}

int tu_sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	fflush(stdout);
	fflush(stderr);
	int st = system(cmd);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

void tu_write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
		exit(2);
	}
}

static uint32_t crc_table[256];

static uint32_t crc32_update(uint32_t c, const unsigned char *p, size_t n)
{
	if (!crc_table[1])
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t k = i;
			for (int j = 0; j < 8; j++)
				k = k & 1 ? 0xEDB88320u ^ (k >> 1) : k >> 1;
			crc_table[i] = k;
		}
	c = ~c;
	while (n--)
		c = crc_table[(c ^ *p++) & 0xFF] ^ (c >> 8);
	return ~c;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void chunk(FILE *f, const char *type, const unsigned char *data, size_t n)
{
	unsigned char len[4], crc[4];
	put32(len, (uint32_t)n);
	fwrite(len, 1, 4, f);
	fwrite(type, 1, 4, f);
	if (n)
		fwrite(data, 1, n, f);
	uint32_t c = crc32_update(0, (const unsigned char *)type, 4);
	c = crc32_update(c, data, n);
	put32(crc, c);
	fwrite(crc, 1, 4, f);
}

void tu_write_png(const char *path, unsigned w, unsigned h, uint32_t seed)
{
	size_t row = 1 + (size_t)w * 3, raw_n = row * h;
	unsigned char *raw = malloc(raw_n);
	uint32_t x = seed * 2654435761u + 1;
	for (unsigned y = 0; y < h; y++) {
		raw[y * row] = 0;
		for (size_t i = 1; i < row; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			raw[y * row + i] = (unsigned char)x;
		}
	}
	/* zlib with stored deflate blocks of at most 65535 bytes. */
	size_t nblocks = raw_n / 65535 + 1;
	size_t z_n = 2 + raw_n + nblocks * 5 + 4;
	unsigned char *z = malloc(z_n);
	size_t o = 0;
	z[o++] = 0x78;
	z[o++] = 0x01;
	uint32_t a = 1, b = 0;
	for (size_t i = 0; i < raw_n; i++) {
		a = (a + raw[i]) % 65521;
		b = (b + a) % 65521;
	}
	for (size_t i = 0; i < raw_n;) {
		size_t n = raw_n - i > 65535 ? 65535 : raw_n - i;
		z[o++] = i + n >= raw_n ? 1 : 0;
		z[o++] = (unsigned char)n;
		z[o++] = (unsigned char)(n >> 8);
		z[o++] = (unsigned char)~n;
		z[o++] = (unsigned char)(~n >> 8);
		memcpy(z + o, raw + i, n);
		o += n;
		i += n;
	}
	put32(z + o, (b << 16) | a);
	o += 4;
	FILE *f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(2);
	}
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	fwrite(sig, 1, 8, f);
	unsigned char ihdr[13];
	put32(ihdr, w);
	put32(ihdr + 4, h);
	ihdr[8] = 8;  /* bit depth */
	ihdr[9] = 2;  /* RGB */
	ihdr[10] = 0; /* deflate */
	ihdr[11] = 0; /* adaptive filters */
	ihdr[12] = 0; /* no interlace */
	chunk(f, "IHDR", ihdr, sizeof(ihdr));
	chunk(f, "IDAT", z, o);
	chunk(f, "IEND", NULL, 0);
	fclose(f);
	free(raw);
	free(z);
}

uint64_t tu_make_pkg(const char *dir, int variant, int ntopics, unsigned w, unsigned h)
{
	char path[PATH_MAX];
	tu_sh("mkdir -p '%s/images'", dir);
	size_t cap = 4096 + (size_t)ntopics * 512, n = 0;
	char *text = malloc(cap);
	n += (size_t)snprintf(text + n, cap - n,
	                      "# Test article %d\n\nAn introduction, version %d, for the "
	                      "waiting room.\n\n",
	                      variant, variant);
	uint64_t bytes = 0;
	for (int i = 1; i <= ntopics; i++) {
		n += (size_t)snprintf(text + n, cap - n,
		                      "## Topic %d of version %d\n\nSome calm words about topic "
		                      "%d, **version %d**.\n\n![Picture %d](images/pic%d.png)\n\n",
		                      i, variant, i, variant, i, i);
		snprintf(path, sizeof(path), "%s/images/pic%d.png", dir, i);
		tu_write_png(path, w, h, (uint32_t)(variant * 1000 + i));
		struct stat st;
		stat(path, &st);
		bytes += (uint64_t)st.st_size;
	}
	snprintf(path, sizeof(path), "%s/article.md", dir);
	tu_write_file(path, text, n);
	free(text);
	return bytes + n;
}

/* ---- snapshots ---- */

static TuSnap *snap_out;
static size_t snap_root_len;
static bool snap_mtimes;
static int snap_err;

static void snap_add(TuSnap *s, char *line)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = line;
}

static void file_hash(const char *path, char *hex)
{
	unsigned char h[16];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	int fd = open(path, O_RDONLY | O_NOFOLLOW);
	if (fd < 0) {
		snprintf(hex, 33, "unreadable");
		snap_err = -1;
		return;
	}
	unsigned char buf[65536];
	ssize_t r;
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		crypto_generichash_update(&st, buf, (size_t)r);
	close(fd);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(hex, 33, h, sizeof(h));
}

static int snap_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)f;
	const char *rel = path + snap_root_len;
	while (*rel == '/')
		rel++;
	if (!*rel)
		rel = ".";
	char line[PATH_MAX + 256], extra[PATH_MAX + 64] = "";
	char type = '?';
	if (flag == FTW_D || flag == FTW_DNR) {
		type = 'd';
	} else if (flag == FTW_SL || flag == FTW_SLN) {
		type = 'l';
		char target[PATH_MAX];
		ssize_t n = readlink(path, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = '\0';
		snprintf(extra, sizeof(extra), " -> %s", target);
	} else if (S_ISREG(st->st_mode)) {
		type = 'f';
		char hex[33];
		file_hash(path, hex);
		snprintf(extra, sizeof(extra), " %lld %s", (long long)st->st_size, hex);
	}
	int n = snprintf(line, sizeof(line), "%s %c%s", rel, type, extra);
	if (snap_mtimes)
		snprintf(line + n, sizeof(line) - (size_t)n, " mtime=%lld.%09ld",
		         (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
	snap_add(snap_out, strdup(line));
	return 0;
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int tu_snap(const char *root, bool mtimes, TuSnap *s)
{
	memset(s, 0, sizeof(*s));
	char real[PATH_MAX];
	if (!realpath(root, real))
		return -1;
	snap_out = s;
	snap_root_len = strlen(real);
	snap_mtimes = mtimes;
	snap_err = 0;
	if (nftw(real, snap_one, 32, FTW_PHYS) != 0)
		return -1;
	qsort(s->v, s->n, sizeof(*s->v), by_str);
	return snap_err;
}

void tu_snap_free(TuSnap *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

bool tu_snap_equal(const TuSnap *a, const TuSnap *b, char *why, size_t whylen)
{
	size_t i = 0;
	for (; i < a->n && i < b->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0) {
			snprintf(why, whylen, "\"%s\" vs \"%s\"", a->v[i], b->v[i]);
			return false;
		}
	if (i < a->n || i < b->n) {
		snprintf(why, whylen, "extra entry \"%s\"", i < a->n ? a->v[i] : b->v[i]);
		return false;
	}
	return true;
}

/* ---- the data folder ---- */

bool tu_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static bool link_id(const char *data, const char *name, char *id)
{
	char path[PATH_MAX], target[256];
	id[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", data, name);
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	if (strncmp(target, "versions/", 9) != 0 || strlen(target + 9) != 64)
		return false;
	memcpy(id, target + 9, 65);
	return true;
}

void tu_current_id(const char *data, char *id)
{
	link_id(data, "current", id);
}

int tu_count_prefix(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

int tu_verify_data(const char *data, const TuSnap *pkgs, int npkgs, char *why, size_t whylen)
{
	char path[PATH_MAX], cur[65], prev[65];
	static const char *const leftovers[] = {"staging-", "current.tmp", "previous.tmp",
	                                        "trial.tmp", "trial.old"};
	for (size_t i = 0; i < sizeof(leftovers) / sizeof(leftovers[0]); i++)
		if (tu_count_prefix(data, leftovers[i]) != 0) {
			snprintf(why, whylen, "%s* left in DATA", leftovers[i]);
			return -1;
		}
	snprintf(path, sizeof(path), "%s/previous", data);
	bool has_prev = tu_exists(path);
	if (has_prev && !link_id(data, "previous", prev)) {
		snprintf(why, whylen, "previous is not a link to a version");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/current", data);
	if (!tu_exists(path)) {
		snprintf(path, sizeof(path), "%s/trial", data);
		if (tu_exists(path)) {
			snprintf(why, whylen, "a trial without current content");
			return -1;
		}
		snprintf(path, sizeof(path), "%s/versions", data);
		int extra = 0;
		DIR *d = opendir(path);
		struct dirent *e;
		while (d && (e = readdir(d)))
			if (e->d_name[0] != '.' && !(has_prev && strcmp(e->d_name, prev) == 0))
				extra++;
		if (d)
			closedir(d);
		if (extra) {
			snprintf(why, whylen, "versions holds %d unnamed folders", extra);
			return -1;
		}
		return TU_NONE;
	}
	if (!link_id(data, "current", cur)) {
		snprintf(why, whylen, "current is not a link to a version");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/versions/%s", data, cur);
	struct stat st;
	if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		snprintf(why, whylen, "current names a missing version");
		return -1;
	}
	if (has_prev) {
		snprintf(path, sizeof(path), "%s/versions/%s", data, prev);
		if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
			snprintf(why, whylen, "previous names a missing version");
			return -1;
		}
	}
	snprintf(path, sizeof(path), "%s/versions", data);
	DIR *d = opendir(path);
	struct dirent *e;
	int extra = 0;
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.' && strcmp(e->d_name, cur) != 0 &&
		    !(has_prev && strcmp(e->d_name, prev) == 0))
			extra++;
	if (d)
		closedir(d);
	if (extra) {
		snprintf(why, whylen, "versions holds %d unnamed folders", extra);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/trial", data);
	FILE *f = fopen(path, "r");
	if (f) {
		char tid[80] = "";
		unsigned starts = 0;
		int n = fscanf(f, "%79s %u", tid, &starts);
		fclose(f);
		if (n != 2 || strcmp(tid, cur) != 0) {
			snprintf(why, whylen, "the trial does not name current");
			return -1;
		}
	}
	snprintf(path, sizeof(path), "%s/current", data);
	TuSnap got;
	if (tu_snap(path, false, &got) != 0) {
		tu_snap_free(&got);
		snprintf(why, whylen, "current cannot be read");
		return -1;
	}
	int match = -1;
	char diff[512] = "";
	for (int i = 0; i < npkgs && match < 0; i++) {
		/* Line 0 is the root "." with no size: both have one. */
		if (tu_snap_equal(&pkgs[i], &got, diff, sizeof(diff)))
			match = i;
	}
	tu_snap_free(&got);
	if (match < 0) {
		snprintf(why, whylen, "current is not one of the packages (%s)", diff);
		return -1;
	}
	Content c;
	char err[512];
	if (content_load(&c, path, NULL, err, sizeof(err)) != 0) {
		snprintf(why, whylen, "current does not load: %s", err);
		return -1;
	}
	content_unload(&c);
	return match;
}
