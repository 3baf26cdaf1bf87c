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

/* One name found in the folder rel: a folder to walk, a file to list, or
 * neither (links and special files are the checker's to refuse). 0, or -1
 * with the problem added. */
static int list_one(int dirfd, const char *rel, const char *name, Names *pending, Names *out,
                    PkgReport *r)
{
	char path[PKG_PATH_MAX + 1];
	int n = snprintf(path, sizeof(path), "%s%s%s", rel, *rel ? "/" : "", name);
	if (n < 0 || (size_t)n > PKG_PATH_MAX) {
		pkg_report_too_long(r, path);
		return -1;
	}
	struct stat st;
	if (fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		pkg_report_unreadable(r, path, false, strerror(errno));
		return -1;
	}
	int depth = 1;
	for (const char *p = path; *p; p++)
		depth += *p == '/';
	bool the_sig = !*rel && !strcasecmp(name, SIG_NAME);
	Names *to = S_ISDIR(st.st_mode) ? pending : S_ISREG(st.st_mode) && !the_sig ? out : NULL;
	/* The checker's depth: a file at the top is at depth 1. */
	if (to == pending && depth > PKG_DEPTH_MAX) {
		pkg_report_too_deep(r, path);
		return -1;
	}
	if (to && names_add(to, path) < 0) {
		pkg_report_no_memory(r, "", NULL);
		return -1;
	}
	return 0;
}

/* Every regular file under dirfd (relative paths, '/'-separated), except
 * kiosk.sig at the top. Folders are walked with a work list, not recursion.
 * A path longer than PKG_PATH_MAX or a folder nested deeper than
 * PKG_DEPTH_MAX fails the walk, named in r: a file the walk could not list
 * would be a file nobody signed. 0, or -1 with the problem added. */
static int list_files(int dirfd, Names *out, PkgReport *r)
{
	Names pending = {0};
	int rc = -1;
	if (names_add(&pending, "") < 0) {
		pkg_report_no_memory(r, "", NULL);
		return -1;
	}
	for (size_t i = 0; i < pending.n; i++) {
		int fd = pkgfiles_open_dir(dirfd, pending.v[i]);
		DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
		if (!d) {
			pkg_report_unreadable(r, pending.v[i], true, strerror(errno));
			if (fd >= 0)
				close(fd);
			goto done;
		}
		struct dirent *e;
		int bad = 0;
		/* Leftovers of other systems are not part of the package: the
		 * kiosk never copies them, so they are not signed either. */
		while (!bad && (e = readdir(d)))
			if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
			    !pkg_is_leftover_name(e->d_name) &&
			    !pkg_is_software_folder(pending.v[i], e->d_name))
				bad = list_one(dirfd, pending.v[i], e->d_name, &pending, out, r);
		closedir(d);
		if (bad)
			goto done;
	}
	qsort(out->v, out->n, sizeof(*out->v), by_str);
	rc = 0;
done:
	names_free(&pending);
	return rc;
}

/* ---- verification ---------------------------------------------------------- */

/* Looks for a trusted key with this public key; fills its name. */
static bool trusted(const SigPolicy *p, const uint8_t key[32], char *name, size_t size)
{
	char why[128];
	SigKey k;
	char *text;
	size_t len;
	if (p->pubkey) {
		if (read_path(p->pubkey, SIG_KEY_FILE_MAX, &text, &len) != 0)
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
		if (read_path(path, SIG_KEY_FILE_MAX, &text, &len) != 0)
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

/* Reads and parses kiosk.sig; *text holds its bytes (the signature covers
 * them). 0, or -1 with the problem added. */
static int read_sig(int dirfd, SigFile *s, char **text, SigStatus *st, PkgReport *r)
{
	int fd = pkgfiles_open(dirfd, SIG_NAME);
	if (fd < 0) {
		pkg_report_add(
		    r, false, SIG_NAME,
		    "this content is not signed, and this kiosk only accepts signed content");
		return -1;
	}
	st->present = true;
	size_t len = 0;
	*text = pkgfiles_read(fd, SIG_FILE_MAX, &len);
	int err = errno;
	close(fd);
	if (!*text) {
		if (err == EFBIG)
			pkg_report_add(r, false, SIG_NAME,
			               "the signature file cannot be read (it is far too large)");
		else
			pkg_report_add(r, false, SIG_NAME, "the signature file cannot be read");
		return -1;
	}
	char why[160];
	if (sig_parse(*text, len, s, why, sizeof(why)) != 0) {
		PkgWhy damage;
		pkg_why_from_err(&damage, why);
		pkg_report_whys(r, false, SIG_NAME, "the signature file is damaged (%s)",
		                (const PkgWhy *const[]){&damage}, 1);
		free(*text);
		*text = NULL;
		return -1;
	}
	snprintf(st->signer, sizeof(st->signer), "%s", s->name);
	snprintf(st->site, sizeof(st->site), "%s", s->site);
	st->version = s->version;
	st->created = s->created;
	st->reset_floor = s->reset_floor;
	return 0;
}

/* Who signed, for whom, and whether it is new enough. 0, or -1 with the
 * problem added. */
static int check_signer(const SigFile *s, const char *text, const SigPolicy *p, SigStatus *st,
                        PkgReport *r)
{
	char name[SIG_NAME_MAX];
	if (!trusted(p, s->key, name, sizeof(name))) {
		pkg_report_add(r, false, SIG_NAME,
		               "signed by \"%s\", a key this kiosk does not trust", s->name);
		return -1;
	}
	if (crypto_sign_verify_detached(s->signature, (const unsigned char *)text, s->signed_len,
	                                s->key) != 0) {
		pkg_report_add(
		    r, false, SIG_NAME,
		    "the signature does not match: the content was changed after signing");
		return -1;
	}
	/* The kiosk's own name for the key is what staff see. */
	snprintf(st->signer, sizeof(st->signer), "%s", name);
	if (p->site && *p->site && strcmp(p->site, s->site) != 0) {
		pkg_report_add(r, false, SIG_NAME,
		               "this content is for other kiosks (\"%s\"), not \"%s\"", s->site,
		               p->site);
		return -1;
	}
	uint64_t now = p->now ? p->now : (uint64_t)time(NULL);
	if (!sig_version_plausible(s->version, now, s->created)) {
		pkg_report_add(
		    r, false, SIG_NAME,
		    "this content's version (%llu) is more than a year ahead of this "
		    "kiosk's clock and of its signing time; it would lock out every later "
		    "update",
		    (unsigned long long)s->version);
		return -1;
	}
	if (s->reset_floor && s->created <= p->last_reset) {
		pkg_report_add(
		    r, false, SIG_NAME,
		    "this service stick (it resets the version floor) was already used on "
		    "this kiosk, or is older than the one that was");
		return -1;
	}
	/* A service stick may go below the floor: setting it is its job. */
	if (!s->reset_floor && s->version < p->floor) {
		pkg_report_add(
		    r, false, SIG_NAME,
		    "this content is older than content already installed (version %llu, "
		    "newest installed %llu)",
		    (unsigned long long)s->version, (unsigned long long)p->floor);
		return -1;
	}
	return 0;
}

/* Every file: present, same size, same hash; nothing added. Returns the
 * number of problems added. */
static size_t check_files(int dirfd, const SigFile *s, PkgReport *r)
{
	Names files = {0};
	if (list_files(dirfd, &files, r) != 0) {
		names_free(&files);
		return 1;
	}
	size_t errors = 0;
	bool *seen = calloc(s->nfiles ? s->nfiles : 1, sizeof(*seen));
	if (!seen) {
		pkg_report_no_memory(r, "", NULL);
		errors++;
	}
	for (size_t i = 0; seen && i < files.n; i++) {
		ssize_t k = find_entry(s, files.v[i]);
		if (k < 0) {
			pkg_report_add(r, false, files.v[i], "added after the content was signed");
			errors++;
			continue;
		}
		seen[k] = true;
		int fd = pkgfiles_open(dirfd, files.v[i]);
		uint8_t h[32];
		uint64_t size = 0;
		if (fd < 0 || hash_fd(fd, s->files[k].size, h, &size) != 0) {
			pkg_report_add(r, false, files.v[i],
			               "cannot be read to check its signature");
			errors++;
		} else if (size != s->files[k].size ||
		           sodium_memcmp(h, s->files[k].hash, 32) != 0) {
			pkg_report_add(r, false, files.v[i],
			               "changed after the content was signed");
			errors++;
		}
		if (fd >= 0)
			close(fd);
	}
	for (size_t k = 0; seen && k < s->nfiles; k++)
		if (!seen[k]) {
			pkg_report_add(r, false, s->files[k].path,
			               "removed after the content was signed");
			errors++;
		}
	free(seen);
	names_free(&files);
	return errors;
}

int signing_verify(int dirfd, const SigPolicy *p, SigStatus *st, PkgReport *r)
{
	memset(st, 0, sizeof(*st));
	if (sodium_init() < 0) {
		pkg_report_add(r, false, SIG_NAME, "the kiosk could not start its signature check");
		return -1;
	}
	SigFile s;
	char *text = NULL;
	if (read_sig(dirfd, &s, &text, st, r) != 0)
		return -1;
	int rc = check_signer(&s, text, p, st, r);
	free(text);
	if (rc == 0 && check_files(dirfd, &s, r) != 0)
		rc = -1;
	sig_free(&s);
	st->verified = rc == 0;
	return rc;
}

void signing_floor_read(const char *data, SigFloor *f)
{
	char path[4096], *text;
	size_t len;
	*f = (SigFloor){0, 0};
	snprintf(path, sizeof(path), "%s/%s", data, FLOOR_NAME);
	if (read_path(path, 128, &text, &len) != 0)
		return;
	f->version = strtoull(text, NULL, 10);
	const char *reset = strstr(text, "\nreset ");
	if (reset)
		f->last_reset = strtoull(reset + 7, NULL, 10);
	free(text);
}

int signing_floor_update(const char *data, const SigStatus *st)
{
	SigFloor f;
	signing_floor_read(data, &f);
	if (st->reset_floor) {
		f.version = st->version;
		f.last_reset = st->created;
	} else if (st->version > f.version) {
		f.version = st->version;
	} else {
		return 0;
	}
	char text[64];
	if (f.last_reset)
		snprintf(text, sizeof(text), "%llu\nreset %llu\n", (unsigned long long)f.version,
		         (unsigned long long)f.last_reset);
	else
		snprintf(text, sizeof(text), "%llu\n", (unsigned long long)f.version);
	return write_durably(data, FLOOR_NAME, text, 0644);
}

/* ---- keys ------------------------------------------------------------------ */

/* Creates path (never over an existing one: a key staff rely on must not
 * be lost) holding text, synced. 0, or -1 with why. */
static int write_new(const char *path, const char *text, mode_t mode, char *why, size_t whylen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0) {
		snprintf(why, whylen, "%s: cannot create (%s)", path, strerror(errno));
		return -1;
	}
	size_t n = strlen(text);
	bool ok = write(fd, text, n) == (ssize_t)n && fsync(fd) == 0;
	if (close(fd) != 0 || !ok) {
		snprintf(why, whylen, "%s: cannot write", path);
		unlink(path);
		return -1;
	}
	return 0;
}

int signing_keygen(const char *out, const char *name, char *why, size_t whylen)
{
	if (sodium_init() < 0) {
		snprintf(why, whylen, "the cryptography library could not start");
		return -1;
	}
	SigKey k = {0};
	snprintf(k.name, sizeof(k.name), "%s", name);
	crypto_sign_keypair(k.key, k.secret);
	char text[512], path[4096];
	int rc = -1;
	snprintf(path, sizeof(path), "%s.key", out);
	if (sig_key_format(&k, true, text, sizeof(text)) != 0 ||
	    write_new(path, text, 0600, why, whylen) != 0)
		goto out;
	snprintf(path, sizeof(path), "%s.pub", out);
	if (sig_key_format(&k, false, text, sizeof(text)) != 0 ||
	    write_new(path, text, 0644, why, whylen) != 0)
		goto out;
	rc = 0;
out:
	sodium_memzero(text, sizeof(text));
	sodium_memzero(&k, sizeof(k));
	return rc;
}

int signing_read_secret(const char *path, SigKey *k, char *why, size_t whylen)
{
	char *text;
	size_t len;
	if (read_path(path, SIG_KEY_FILE_MAX, &text, &len) != 0) {
		snprintf(why, whylen, "%s: cannot read (%s)", path, strerror(errno));
		return -1;
	}
	char words[160], reason[160];
	int rc = sig_key_parse(text, len, k, words, sizeof(words));
	pkg_err_english(words, reason, sizeof(reason));
	sodium_memzero(text, len);
	free(text);
	if (rc != 0 || !k->has_secret) {
		snprintf(why, whylen, "%s: not a secret key (%s)", path,
		         rc ? reason : "this is a public key");
		sodium_memzero(k, sizeof(*k));
		return -1;
	}
	return 0;
}

/* ---- signing --------------------------------------------------------------- */

/* Lists and hashes every file into s (paths borrowed from files). 0, or -1
 * with the problem added. */
static int hash_files(int dirfd, const Names *files, uint64_t max, SigFile *s, PkgReport *r)
{
	s->files = calloc(files->n ? files->n : 1, sizeof(*s->files));
	if (!s->files) {
		pkg_report_no_memory(r, "", NULL);
		return -1;
	}
	for (size_t i = 0; i < files->n; i++) {
		int fd = pkgfiles_open(dirfd, files->v[i]);
		uint64_t size;
		if (fd < 0 || hash_fd(fd, max, s->files[i].hash, &size) != 0) {
			pkg_report_unreadable(r, files->v[i], false, strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		close(fd);
		s->files[i].size = size;
		s->files[i].path = files->v[i];
		s->nfiles++;
	}
	return 0;
}

/* The folder dirfd is open on, by name, for writing kiosk.sig beside the
 * articles. */
static int folder_path(int dirfd, char *out, size_t size)
{
	char link[64];
	snprintf(link, sizeof(link), "/proc/self/fd/%d", dirfd);
	ssize_t n = readlink(link, out, size - 1);
	if (n <= 0)
		return -1;
	out[n] = '\0';
	return 0;
}

/* The whole kiosk.sig for s, signed with secret; NULL when out of memory. */
static char *sig_text(const SigFile *s, const uint8_t secret[64])
{
	size_t blen;
	char *body = sig_body(s, &blen);
	if (!body)
		return NULL;
	uint8_t sig[64];
	crypto_sign_detached(sig, NULL, (const unsigned char *)body, blen, secret);
	char line[160];
	sig_signature_line(sig, line, sizeof(line));
	char *whole = realloc(body, blen + strlen(line) + 1);
	if (!whole) {
		free(body);
		return NULL;
	}
	strcpy(whole + blen, line);
	return whole;
}

int signing_sign(int dirfd, const SignRequest *q, PkgReport *r, SignResult *res)
{
	memset(res, 0, sizeof(*res));
	if (sodium_init() < 0) {
		pkg_report_add(r, false, "", "the cryptography library could not start");
		return -1;
	}
	Names files = {0};
	SigFile s = {0};
	char *text = NULL;
	int rc = -1;
	if (list_files(dirfd, &files, r) != 0 || hash_files(dirfd, &files, q->max_file, &s, r) != 0)
		goto out;
	snprintf(s.name, sizeof(s.name), "%s", q->key->name);
	memcpy(s.key, q->key->key, 32);
	snprintf(s.site, sizeof(s.site), "%s", q->site);
	s.version = q->version;
	s.created = q->created;
	s.reset_floor = q->reset_floor;
	if (!(text = sig_text(&s, q->key->secret))) {
		if (errno == EFBIG)
			pkg_report_add(
			    r, false, "",
			    "the package lists more than one signature can hold (at most "
			    "%d files and %u KB of names): use fewer files or shorter "
			    "names",
			    SIG_FILES_MAX, SIG_FILE_MAX / 1024);
		else
			pkg_report_no_memory(r, "", NULL);
		goto out;
	}
	if (folder_path(dirfd, res->path, sizeof(res->path)) != 0 ||
	    write_durably(res->path, SIG_NAME, text, 0644) != 0) {
		pkg_report_add(r, false, SIG_NAME, "cannot be written (%s)", strerror(errno));
		goto out;
	}
	size_t n = strlen(res->path);
	snprintf(res->path + n, sizeof(res->path) - n, "/%s", SIG_NAME);
	res->files = s.nfiles;
	rc = 0;
out:
	/* The paths belong to files. */
	free(s.files);
	free(text);
	names_free(&files);
	return rc;
}
