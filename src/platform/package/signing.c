#include "platform/package/signing.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "platform/package/pkgcheck.h"
#include "platform/package/pkgfiles.h"

#define SIG_NAME "kiosk.sig"
#define FLOOR_NAME "version-floor"

/* ---- small file helpers ------------------------------------------------- */

static int read_path(const char *path, size_t max, char **out, size_t *len)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	*out = pkgfiles_read(fd, max, len);
	int e = errno;
	close(fd);
	errno = e;
	return *out ? 0 : -1;
}

/* Writes a file durably: temp, fsync, rename, fsync of the folder. */
static int write_durably(const char *dir, const char *name, const char *text, mode_t mode)
{
	char tmp[4096], path[4096];
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0)
		return -1;
	size_t n = strlen(text), off = 0;
	int rc = 0;
	while (off < n) {
		ssize_t w = write(fd, text + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = -1;
			break;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0)
		rc = -1;
	if (close(fd) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc != 0) {
		unlink(tmp);
		return -1;
	}
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd) != 0)
		rc = -1;
	if (dfd >= 0)
		close(dfd);
	return rc;
}

/* BLAKE2b-256 of at most max + 1 bytes: a file longer than it says is
 * caught without reading it all. */
static int hash_fd(int fd, uint64_t max, uint8_t out[32], uint64_t *size)
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 32);
	unsigned char buf[65536];
	uint64_t n = 0;
	for (;;) {
		uint64_t want = max + 1 - n;
		ssize_t r = read(fd, buf, want < sizeof(buf) ? (size_t)want : sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		crypto_generichash_update(&h, buf, (size_t)r);
		n += (uint64_t)r;
		if (n > max)
			break;
	}
	crypto_generichash_final(&h, out, 32);
	*size = n;
	return 0;
}

/* ---- listing a package --------------------------------------------------- */

typedef struct {
	char **v;
	size_t n, cap;
} Names;

static void names_free(Names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int names_add(Names *l, const char *s)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **v = realloc(l->v, cap * sizeof(*v));
		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n] = strdup(s);
	return l->v[l->n] ? (int)l->n++ : -1;
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file under dirfd (relative paths, '/'-separated), except
 * kiosk.sig at the top. Folders are walked with a work list, not recursion;
 * links and special files are left to the package check, which refuses
 * them. A path longer than PKG_PATH_MAX or a folder nested deeper than
 * PKG_DEPTH_MAX fails the walk, naming it in why: a file the walk could
 * not list would be a file nobody signed. */
static int list_files(int dirfd, Names *out, char *why, size_t whylen)
{
	snprintf(why, whylen, "the content's folders cannot be read");
	Names pending = {0};
	int rc = -1;
	if (names_add(&pending, "") < 0)
		goto done;
	for (size_t i = 0; i < pending.n; i++) {
		const char *rel = pending.v[i];
		int depth = 0;
		for (const char *p = rel; *p; p++)
			depth += *p == '/';
		int fd = pkgfiles_open_dir(dirfd, rel);
		if (fd < 0)
			goto done;
		DIR *d = fdopendir(fd);
		if (!d) {
			close(fd);
			goto done;
		}
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char path[PKG_PATH_MAX + 1];
			int n =
			    snprintf(path, sizeof(path), "%s%s%s", rel, *rel ? "/" : "", e->d_name);
			if (n < 0 || (size_t)n > PKG_PATH_MAX) {
				snprintf(why, whylen, "%.64s...: the path is too long", path);
				closedir(d);
				goto done;
			}
			struct stat st;
			if (fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) != 0) {
				snprintf(why, whylen, "%s: this cannot be read (%s)", path,
				         strerror(errno));
				closedir(d);
				goto done;
			}
			/* The checker's depth: a file at the top is at depth 1. */
			if (S_ISDIR(st.st_mode) && depth + 2 > PKG_DEPTH_MAX) {
				snprintf(why, whylen,
				         "%s: folders are nested too deeply (at most %d levels)",
				         path, PKG_DEPTH_MAX);
				closedir(d);
				goto done;
			}
			if (S_ISDIR(st.st_mode)) {
				if (names_add(&pending, path) < 0) {
					closedir(d);
					goto done;
				}
				rel = pending.v[i]; /* names_add may have moved the array */
			} else if (S_ISREG(st.st_mode) &&
			           !(!*rel && !strcasecmp(e->d_name, SIG_NAME))) {
				if (names_add(out, path) < 0) {
					closedir(d);
					goto done;
				}
			}
		}
		closedir(d);
	}
	qsort(out->v, out->n, sizeof(*out->v), by_str);
	rc = 0;
done:
	names_free(&pending);
	return rc;
}

/* ---- verification ---------------------------------------------------------- */

static int find_sig(int dirfd)
{
	return pkgfiles_open(dirfd, SIG_NAME);
}

/* Looks for a trusted key with this public key; fills its name. */
static bool trusted(const SigPolicy *p, const uint8_t key[32], char *name, size_t size)
{
	char why[128];
	SigKey k;
	char *text;
	size_t len;
	if (p->pubkey) {
		if (read_path(p->pubkey, 4096, &text, &len) != 0)
			return false;
		int ok = sig_key_parse(text, len, &k, why, sizeof(why)) == 0 &&
		         sodium_memcmp(k.key, key, 32) == 0;
		free(text);
		if (ok)
			snprintf(name, size, "%s", k.name);
		return ok;
	}
	if (!p->trusted_dir)
		return false;
	DIR *d = opendir(p->trusted_dir);
	if (!d)
		return false;
	bool found = false;
	struct dirent *e;
	while (!found && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".pub") != 0)
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", p->trusted_dir, e->d_name);
		if (read_path(path, 4096, &text, &len) != 0)
			continue;
		if (sig_key_parse(text, len, &k, why, sizeof(why)) == 0 &&
		    sodium_memcmp(k.key, key, 32) == 0) {
			/* The kiosk's own copy names the key. */
			snprintf(name, size, "%s", k.name);
			found = true;
		}
		free(text);
	}
	closedir(d);
	return found;
}

static ssize_t find_entry(const SigFile *s, const char *path)
{
	/* FAT shows IMAGES/LUNGS.PNG for images/lungs.png: match without
	 * regard to case (the package check refuses names differing only by
	 * case, so this is unambiguous). */
	for (size_t i = 0; i < s->nfiles; i++)
		if (strcasecmp(s->files[i].path, path) == 0)
			return (ssize_t)i;
	return -1;
}

int signing_verify(int dirfd, const SigPolicy *p, SigStatus *st, PkgReport *r)
{
	memset(st, 0, sizeof(*st));
	if (sodium_init() < 0) {
		pkg_report_add(r, false, SIG_NAME, "the kiosk could not start its signature check");
		return -1;
	}
	int fd = find_sig(dirfd);
	if (fd < 0) {
		pkg_report_add(
		    r, false, SIG_NAME,
		    "this content is not signed, and this kiosk only accepts signed content");
		return -1;
	}
	st->present = true;
	size_t len = 0;
	char *text = pkgfiles_read(fd, SIG_FILE_MAX, &len);
	int err = errno;
	close(fd);
	errno = err;
	if (!text) {
		pkg_report_add(r, false, SIG_NAME, "the signature file cannot be read%s",
		               errno == EFBIG ? " (it is far too large)" : "");
		return -1;
	}
	SigFile s;
	char why[160];
	if (sig_parse(text, len, &s, why, sizeof(why)) != 0) {
		pkg_report_add(r, false, SIG_NAME, "the signature file is damaged (%s)", why);
		free(text);
		return -1;
	}
	snprintf(st->signer, sizeof(st->signer), "%s", s.name);
	snprintf(st->site, sizeof(st->site), "%s", s.site);
	st->version = s.version;
	int errors = 0;
	char name[SIG_NAME_MAX];
	if (!trusted(p, s.key, name, sizeof(name))) {
		pkg_report_add(r, false, SIG_NAME,
		               "signed by \"%s\", a key this kiosk does not trust", s.name);
		errors++;
	} else if (crypto_sign_verify_detached(s.signature, (const unsigned char *)text,
	                                       s.signed_len, s.key) != 0) {
		pkg_report_add(
		    r, false, SIG_NAME,
		    "the signature does not match: the content was changed after signing");
		errors++;
	} else {
		/* The kiosk's own name for the key is what staff see. */
		snprintf(st->signer, sizeof(st->signer), "%s", name);
	}
	free(text);
	if (errors == 0 && p->site && *p->site && strcmp(p->site, s.site) != 0) {
		pkg_report_add(r, false, SIG_NAME,
		               "this content is for other kiosks (\"%s\"), not \"%s\"", s.site,
		               p->site);
		errors++;
	}
	if (errors == 0 && s.version < p->floor) {
		pkg_report_add(
		    r, false, SIG_NAME,
		    "this content is older than content already installed (version %llu, "
		    "newest installed %llu)",
		    (unsigned long long)s.version, (unsigned long long)p->floor);
		errors++;
	}
	if (errors) {
		sig_free(&s);
		return -1;
	}
	/* Every file: present, same size, same hash; nothing added. */
	Names files = {0};
	char walk[PKG_PATH_MAX + 160];
	if (list_files(dirfd, &files, walk, sizeof(walk)) != 0) {
		pkg_report_add(r, false, "", "%s", walk);
		sig_free(&s);
		names_free(&files);
		return -1;
	}
	bool *seen = calloc(s.nfiles ? s.nfiles : 1, sizeof(*seen));
	for (size_t i = 0; seen && i < files.n; i++) {
		ssize_t k = find_entry(&s, files.v[i]);
		if (k < 0) {
			pkg_report_add(r, false, files.v[i], "added after the content was signed");
			errors++;
			continue;
		}
		seen[k] = true;
		int ffd = pkgfiles_open(dirfd, files.v[i]);
		uint8_t h[32];
		uint64_t size = 0;
		if (ffd < 0 || hash_fd(ffd, s.files[k].size, h, &size) != 0) {
			pkg_report_add(r, false, files.v[i],
			               "cannot be read to check its signature");
			errors++;
		} else if (size != s.files[k].size || sodium_memcmp(h, s.files[k].hash, 32) != 0) {
			pkg_report_add(r, false, files.v[i],
			               "changed after the content was signed");
			errors++;
		}
		if (ffd >= 0)
			close(ffd);
	}
	for (size_t k = 0; seen && k < s.nfiles; k++)
		if (!seen[k]) {
			pkg_report_add(r, false, s.files[k].path,
			               "removed after the content was signed");
			errors++;
		}
	if (!seen) {
		pkg_report_add(r, false, "", "out of memory");
		errors++;
	}
	free(seen);
	names_free(&files);
	sig_free(&s);
	st->verified = errors == 0;
	return errors ? -1 : 0;
}

uint64_t signing_floor(const char *data)
{
	char path[4096], *text;
	size_t len;
	snprintf(path, sizeof(path), "%s/%s", data, FLOOR_NAME);
	if (read_path(path, 64, &text, &len) != 0)
		return 0;
	uint64_t v = strtoull(text, NULL, 10);
	free(text);
	return v;
}

int signing_raise_floor(const char *data, uint64_t version)
{
	if (version <= signing_floor(data))
		return 0;
	char text[32];
	snprintf(text, sizeof(text), "%llu\n", (unsigned long long)version);
	return write_durably(data, FLOOR_NAME, text, 0644);
}

/* ---- keygen and sign ------------------------------------------------------- */

int signing_keygen_main(const char *out, const char *name)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "kiosk: the cryptography library could not start\n");
		return 1;
	}
	SigKey k = {0};
	if (!name || !*name || strlen(name) >= sizeof(k.name) || strchr(name, '\n')) {
		fprintf(stderr, "kiosk: --name must be one line of at most %zu characters\n",
		        sizeof(k.name) - 1);
		return 2;
	}
	snprintf(k.name, sizeof(k.name), "%s", name);
	crypto_sign_keypair(k.key, k.secret);
	char text[512], path[4096];
	int rc = 1;
	snprintf(path, sizeof(path), "%s.key", out);
	/* O_EXCL: never overwrite a key staff already rely on. */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		fprintf(stderr, "kiosk: %s: cannot create (%s)\n", path, strerror(errno));
		goto out;
	}
	sig_key_format(&k, true, text, sizeof(text));
	size_t n = strlen(text);
	bool ok = write(fd, text, n) == (ssize_t)n && fsync(fd) == 0;
	if (close(fd) != 0 || !ok) {
		fprintf(stderr, "kiosk: %s: cannot write\n", path);
		unlink(path);
		goto out;
	}
	snprintf(path, sizeof(path), "%s.pub", out);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		fprintf(stderr, "kiosk: %s: cannot create (%s)\n", path, strerror(errno));
		goto out;
	}
	sig_key_format(&k, false, text, sizeof(text));
	n = strlen(text);
	ok = write(fd, text, n) == (ssize_t)n && fsync(fd) == 0;
	if (close(fd) != 0 || !ok) {
		fprintf(stderr, "kiosk: %s: cannot write\n", path);
		goto out;
	}
	printf("Made %s.key (keep it secret) and %s.pub (copy it to each kiosk's %s) for \"%s\".\n",
	       out, out, "trusted keys folder", name);
	rc = 0;
out:
	sodium_memzero(&k, sizeof(k));
	return rc;
}

int signing_sign_main(const char *dir, const char *keyfile, const char *site, const char *version,
                      const Config *cfg)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "kiosk: the cryptography library could not start\n");
		return 1;
	}
	if (!keyfile || !site || !*site || strlen(site) >= SIG_SITE_MAX || strchr(site, '\n')) {
		fprintf(stderr, "kiosk: sign needs --key NAME.key and --for SITE\n");
		return 2;
	}
	uint64_t ver = (uint64_t)time(NULL);
	if (version) {
		char *end;
		errno = 0;
		unsigned long long v = strtoull(version, &end, 10);
		if (errno || *end || end == version || version[0] == '-') {
			fprintf(stderr, "kiosk: --version takes a whole number\n");
			return 2;
		}
		ver = v;
	}
	char *text;
	size_t len;
	char why[160];
	SigKey k;
	if (read_path(keyfile, 4096, &text, &len) != 0) {
		fprintf(stderr, "kiosk: %s: cannot read (%s)\n", keyfile, strerror(errno));
		return 1;
	}
	int kr = sig_key_parse(text, len, &k, why, sizeof(why));
	sodium_memzero(text, len);
	free(text);
	if (kr != 0 || !k.has_secret) {
		fprintf(stderr, "kiosk: %s: not a secret key (%s)\n", keyfile,
		        kr ? why : "this is a public key");
		return 1;
	}
	/* Signing content that the kiosk would refuse helps nobody. */
	PkgReport r;
	pkg_report_init(&r);
	int rc = 1, dirfd = pkgfiles_open_root(dir, &r);
	Names files = {0};
	SigFile s = {0};
	char *body = NULL;
	if (dirfd < 0 || pkgcheck_dir(dirfd, &cfg->limits, &r, NULL, NULL) != 0) {
		for (size_t i = 0; i < r.n; i++) {
			char line[600];
			pkg_report_line(&r, i, line, sizeof(line));
			fprintf(stderr, "%s%s\n", r.v[i].warning ? "warning: " : "", line);
		}
		fprintf(stderr, "kiosk: not signed: fix the problems above first\n");
		goto out;
	}
	char walk[PKG_PATH_MAX + 160];
	if (list_files(dirfd, &files, walk, sizeof(walk)) != 0) {
		fprintf(stderr, "kiosk: %s: not signed: %s\n", dir, walk);
		goto out;
	}
	s.files = calloc(files.n ? files.n : 1, sizeof(*s.files));
	if (!s.files)
		goto out;
	for (size_t i = 0; i < files.n; i++) {
		int fd = pkgfiles_open(dirfd, files.v[i]);
		uint64_t size;
		if (fd < 0 ||
		    hash_fd(fd, (uint64_t)cfg->limits.max_package, s.files[i].hash, &size)) {
			fprintf(stderr, "kiosk: %s: cannot read\n", files.v[i]);
			if (fd >= 0)
				close(fd);
			goto out;
		}
		close(fd);
		s.files[i].size = size;
		s.files[i].path = files.v[i];
		s.nfiles++;
	}
	snprintf(s.name, sizeof(s.name), "%s", k.name);
	memcpy(s.key, k.key, 32);
	snprintf(s.site, sizeof(s.site), "%s", site);
	s.version = ver;
	s.created = (uint64_t)time(NULL);
	size_t blen;
	body = sig_body(&s, &blen);
	if (!body)
		goto out;
	uint8_t sig[64];
	crypto_sign_detached(sig, NULL, (const unsigned char *)body, blen, k.secret);
	char line[160];
	sig_signature_line(sig, line, sizeof(line));
	char *whole = malloc(blen + strlen(line) + 1);
	if (!whole)
		goto out;
	memcpy(whole, body, blen);
	strcpy(whole + blen, line);
	char kdir[4096];
	/* The signature goes beside the articles, in the kiosk folder. */
	snprintf(kdir, sizeof(kdir), "/proc/self/fd/%d", dirfd);
	char real[4096];
	ssize_t rl = readlink(kdir, real, sizeof(real) - 1);
	if (rl <= 0) {
		free(whole);
		goto out;
	}
	real[rl] = '\0';
	if (write_durably(real, SIG_NAME, whole, 0644) != 0) {
		fprintf(stderr, "kiosk: %s/%s: cannot write (%s)\n", real, SIG_NAME,
		        strerror(errno));
		free(whole);
		goto out;
	}
	free(whole);
	printf("Signed %zu files for \"%s\", version %llu, by \"%s\": %s/%s\n", s.nfiles, site,
	       (unsigned long long)ver, k.name, real, SIG_NAME);
	rc = 0;
out:
	/* The paths belong to files. */
	free(s.files);
	names_free(&files);
	free(body);
	if (dirfd >= 0)
		close(dirfd);
	pkg_report_free(&r);
	sodium_memzero(&k, sizeof(k));
	return rc;
}
