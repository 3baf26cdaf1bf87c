#include "core/package/sig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/package/pkg.h"
#include "core/document/model/utf8.h"

void sig_hex(const uint8_t *bytes, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[bytes[i] >> 4];
		out[2 * i + 1] = digits[bytes[i] & 15];
	}
	out[2 * n] = '\0';
}

static int unhex(const char *s, size_t len, uint8_t *out, size_t n)
{
	if (len != 2 * n)
		return -1;
	for (size_t i = 0; i < 2 * n; i++) {
		char c = s[i];
		int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (v < 0)
			return -1;
		if (i % 2 == 0)
			out[i / 2] = (uint8_t)(v << 4);
		else
			out[i / 2] |= (uint8_t)v;
	}
	return 0;
}

/* Canonical decimal only (no leading zeros), so a signed file has exactly
 * one spelling. */
static int number(const char *s, size_t len, uint64_t *out)
{
	if (len == 0 || len > 19 || (len > 1 && s[0] == '0'))
		return -1;
	uint64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/* A line reader over a buffer: the next line without its '\n'. Lines must
 * end in '\n' (a truncated file is damaged). */
typedef struct {
	const char *p, *end;
	size_t lineno;
} Lines;

static bool next_line(Lines *l, const char **s, size_t *len)
{
	if (l->p >= l->end)
		return false;
	const char *nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
	if (!nl)
		return false;
	*s = l->p;
	*len = (size_t)(nl - l->p);
	l->p = nl + 1;
	l->lineno++;
	return true;
}

/* "word rest": true when the line starts with word and a space. */
static bool field(const char *s, size_t len, const char *word, const char **rest, size_t *rlen)
{
	size_t w = strlen(word);
	if (len <= w || memcmp(s, word, w) != 0 || s[w] != ' ')
		return false;
	*rest = s + w + 1;
	*rlen = len - w - 1;
	return true;
}

static bool printable(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return utf8_valid(s, len, NULL);
}

static int copy_text(const char *s, size_t len, char *out, size_t size)
{
	if (len == 0 || len >= size || !printable(s, len))
		return -1;
	memcpy(out, s, len);
	out[len] = '\0';
	return 0;
}

int sig_text_check(const char *s, size_t size, char *why, size_t whylen)
{
	size_t n = strlen(s);
	if (n == 0)
		snprintf(why, whylen, "it is empty");
	else if (n >= size)
		snprintf(why, whylen, "it is longer than %zu bytes", size - 1);
	else if (!utf8_valid(s, n, NULL))
		snprintf(why, whylen, "it is not readable text (UTF-8)");
	else if (!printable(s, n))
		snprintf(why, whylen, "it holds a tab or another control character");
	else
		return 0;
	return -1;
}

int sig_version_parse(const char *s, uint64_t *out)
{
	return number(s, strlen(s), out);
}

bool sig_version_plausible(uint64_t version, uint64_t now, uint64_t created)
{
	uint64_t base = now > created ? now : created;
	uint64_t most =
	    base > UINT64_MAX - SIG_VERSION_AHEAD ? UINT64_MAX : base + SIG_VERSION_AHEAD;
	return version <= most;
}

void sig_free(SigFile *s)
{
	for (size_t i = 0; i < s->nfiles; i++)
		free(s->files[i].path);
	free(s->files);
	s->files = NULL;
	s->nfiles = 0;
}

#define SIG_FAIL(...)                                                                              \
	do {                                                                                       \
		pkg_err_say(why, whylen, __VA_ARGS__);                                             \
		goto fail;                                                                         \
	} while (0)

/* The lines before the file entries. 0, or -1 with why. */
static int parse_head(Lines *l, SigFile *out, char *why, size_t whylen)
{
	const char *s, *r;
	size_t n, rl;
	if (!next_line(l, &s, &n) || n != 17 || memcmp(s, "kiosk-signature 1", 17) != 0)
		SIG_FAIL("not a kiosk signature file");
	if (!next_line(l, &s, &n) || !field(s, n, "name", &r, &rl) ||
	    copy_text(r, rl, out->name, sizeof(out->name)))
		SIG_FAIL("line %zu: the key's name is missing or damaged", l->lineno);
	if (!next_line(l, &s, &n) || !field(s, n, "key", &r, &rl) ||
	    unhex(r, rl, out->key, sizeof(out->key)))
		SIG_FAIL("line %zu: the key is missing or damaged", l->lineno);
	if (!next_line(l, &s, &n) || !field(s, n, "site", &r, &rl) ||
	    copy_text(r, rl, out->site, sizeof(out->site)))
		SIG_FAIL("line %zu: the site is missing or damaged", l->lineno);
	if (!next_line(l, &s, &n) || !field(s, n, "version", &r, &rl) ||
	    number(r, rl, &out->version))
		SIG_FAIL("line %zu: the version is missing or damaged", l->lineno);
	if (!next_line(l, &s, &n) || !field(s, n, "created", &r, &rl) ||
	    number(r, rl, &out->created))
		SIG_FAIL("line %zu: the creation time is missing or damaged", l->lineno);
	/* The service stick's mark, when there, comes next. */
	Lines peek = *l;
	if (next_line(&peek, &s, &n) && n == 11 && memcmp(s, "reset-floor", 11) == 0) {
		out->reset_floor = true;
		*l = peek;
	}
	return 0;
fail:
	return -1;
}

/* One "file <size> <hash> <path>" entry (r: what follows "file "),
 * appended to out. The path is last, so it may hold spaces. 0, or -1 with
 * why. */
static int parse_entry(const char *r, size_t rl, size_t lineno, SigFile *out, size_t *cap,
                       char *why, size_t whylen)
{
	const char *sp1 = memchr(r, ' ', rl);
	const char *sp2 = sp1 ? memchr(sp1 + 1, ' ', rl - (size_t)(sp1 + 1 - r)) : NULL;
	SigEntry e = {0};
	const char *path = sp2 ? sp2 + 1 : NULL;
	size_t plen = path ? rl - (size_t)(path - r) : 0;
	if (!sp2 || number(r, (size_t)(sp1 - r), &e.size) ||
	    unhex(sp1 + 1, (size_t)(sp2 - sp1 - 1), e.hash, sizeof(e.hash)) || plen == 0 ||
	    plen > PKG_PATH_MAX || !printable(path, plen))
		SIG_FAIL("line %zu: a file entry is damaged", lineno);
	if (out->nfiles == *cap) {
		size_t ncap = *cap ? *cap * 2 : 32;
		SigEntry *nf = realloc(out->files, ncap * sizeof(*nf));
		if (!nf)
			SIG_FAIL("out of memory");
		out->files = nf;
		*cap = ncap;
	}
	if (!(e.path = malloc(plen + 1)))
		SIG_FAIL("out of memory");
	memcpy(e.path, path, plen);
	e.path[plen] = '\0';
	out->files[out->nfiles++] = e;
	PkgWhy bad;
	char said[160];
	if (pkg_path_check(e.path, &bad) != 0)
		SIG_FAIL("line %zu: %s", lineno, PKG_WHY_TEXT(&bad, said));
	if (out->nfiles > 1 && strcmp(out->files[out->nfiles - 2].path, e.path) >= 0)
		SIG_FAIL("line %zu: files are not listed in order", lineno);
	return 0;
fail:
	return -1;
}

int sig_parse(const char *text, size_t len, SigFile *out, char *why, size_t whylen)
{
	memset(out, 0, sizeof(*out));
	if (len == 0)
		SIG_FAIL("the signature file is empty");
	if (len > SIG_FILE_MAX)
		SIG_FAIL("the signature file is too large");
	Lines l = {text, text + len, 0};
	if (parse_head(&l, out, why, whylen) != 0)
		goto fail;
	size_t cap = 0;
	for (;;) {
		const char *line_start = l.p, *s, *r;
		size_t n, rl;
		if (!next_line(&l, &s, &n))
			SIG_FAIL("the signature is missing (the file ends early)");
		if (field(s, n, "signature", &r, &rl)) {
			if (unhex(r, rl, out->signature, sizeof(out->signature)))
				SIG_FAIL("line %zu: the signature is damaged", l.lineno);
			if (l.p != l.end)
				SIG_FAIL("line %zu: text after the signature", l.lineno + 1);
			out->signed_len = (size_t)(line_start - text);
			break;
		}
		if (!field(s, n, "file", &r, &rl))
			SIG_FAIL("line %zu: not a file entry", l.lineno);
		if (out->nfiles == SIG_FILES_MAX)
			SIG_FAIL("too many files listed");
		if (parse_entry(r, rl, l.lineno, out, &cap, why, whylen) != 0)
			goto fail;
	}
	if (out->nfiles == 0)
		SIG_FAIL("no files are listed");
	return 0;
fail:
	sig_free(out);
	return -1;
}

/* "signature <128 hex>\n": what follows the signed body. */
#define SIG_LINE_LEN (10 + 128 + 1)

char *sig_body(const SigFile *s, size_t *len)
{
	/* What sig_parse would refuse is never written. */
	if (s->nfiles > SIG_FILES_MAX) {
		errno = EFBIG;
		return NULL;
	}
	size_t cap = 512 + s->nfiles * (PKG_PATH_MAX + 100);
	char *buf = malloc(cap);
	if (!buf)
		return NULL;
	char key[65];
	sig_hex(s->key, 32, key);
	size_t n = (size_t)snprintf(
	    buf, cap, "kiosk-signature 1\nname %s\nkey %s\nsite %s\nversion %llu\ncreated %llu\n",
	    s->name, key, s->site, (unsigned long long)s->version, (unsigned long long)s->created);
	if (s->reset_floor && n < cap)
		n += (size_t)snprintf(buf + n, cap - n, "reset-floor\n");
	for (size_t i = 0; i < s->nfiles && n < cap; i++) {
		char hash[65];
		sig_hex(s->files[i].hash, 32, hash);
		n += (size_t)snprintf(buf + n, cap - n, "file %llu %s %s\n",
		                      (unsigned long long)s->files[i].size, hash, s->files[i].path);
	}
	if (n >= cap || n + SIG_LINE_LEN > SIG_FILE_MAX) {
		free(buf);
		errno = n >= cap ? ENOMEM : EFBIG;
		return NULL;
	}
	*len = n;
	return buf;
}

void sig_signature_line(const uint8_t sig[64], char *buf, size_t size)
{
	char hex[129];
	sig_hex(sig, 64, hex);
	snprintf(buf, size, "signature %s\n", hex);
}

int sig_key_parse(const char *text, size_t len, SigKey *out, char *why, size_t whylen)
{
	memset(out, 0, sizeof(*out));
	Lines l = {text, text + len, 0};
	const char *s, *r;
	size_t n, rl;
	bool secret;
	if (len > SIG_KEY_FILE_MAX || !next_line(&l, &s, &n))
		SIG_FAIL("not a kiosk key file");
	if (n == 18 && memcmp(s, "kiosk-public-key 1", 18) == 0)
		secret = false;
	else if (n == 18 && memcmp(s, "kiosk-secret-key 1", 18) == 0)
		secret = true;
	else
		SIG_FAIL("not a kiosk key file");
	if (!next_line(&l, &s, &n) || !field(s, n, "name", &r, &rl) ||
	    copy_text(r, rl, out->name, sizeof(out->name)))
		SIG_FAIL("the key's name is missing or damaged");
	if (secret) {
		if (!next_line(&l, &s, &n) || !field(s, n, "secret", &r, &rl) ||
		    unhex(r, rl, out->secret, sizeof(out->secret)))
			SIG_FAIL("the secret key is damaged");
		/* An Ed25519 secret key ends with its public key. */
		memcpy(out->key, out->secret + 32, 32);
		out->has_secret = true;
	} else if (!next_line(&l, &s, &n) || !field(s, n, "key", &r, &rl) ||
	           unhex(r, rl, out->key, sizeof(out->key))) {
		SIG_FAIL("the public key is damaged");
	}
	if (l.p != l.end)
		SIG_FAIL("text after the key");
	return 0;
fail:
	memset(out, 0, sizeof(*out));
	return -1;
}

int sig_key_format(const SigKey *k, bool secret, char *buf, size_t size)
{
	int n;
	if (secret) {
		char hex[129];
		sig_hex(k->secret, 64, hex);
		n = snprintf(buf, size, "kiosk-secret-key 1\nname %s\nsecret %s\n", k->name, hex);
	} else {
		char hex[65];
		sig_hex(k->key, 32, hex);
		n = snprintf(buf, size, "kiosk-public-key 1\nname %s\nkey %s\n", k->name, hex);
	}
	return n > 0 && (size_t)n < size ? 0 : -1;
}
