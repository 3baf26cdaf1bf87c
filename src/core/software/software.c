/* software: bundle names, the helper's answers, the status line and the
 * release file's version (see software.h). Hand-written: each is a line of a few fixed words,
 * checked byte by byte against what the firmware writes; no library parses it. */
#include "core/software/software.h"

#include <string.h>
#include <strings.h>

#include "core/document/model/utf8.h"

static bool in_set(char c, const char *extra)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c != '\0' && strchr(extra, c) != NULL);
}

bool software_name_ok(const char *name, size_t len)
{
	static const char suffix[] = ".raucb";
	size_t sl = sizeof(suffix) - 1;
	if (len == 0 || len > SOFTWARE_NAME_MAX || len < sl || name[0] == '.')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!in_set(name[i], "._+~-"))
			return false;
	return strncasecmp(name + len - sl, suffix, sl) == 0;
}

bool software_version_ok(const char *s, size_t len)
{
	if (len == 0 || len > SOFTWARE_VERSION_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!in_set(s[i], ".+~_-"))
			return false;
	return true;
}

/* The next space-separated word of s[*at..len): its start and length; an
 * empty word (two spaces, a space at the end) is none. */
static bool next_word(const char *s, size_t len, size_t *at, const char **w, size_t *wl)
{
	if (*at >= len)
		return false;
	const char *sp = memchr(s + *at, ' ', len - *at);
	size_t end = sp ? (size_t)(sp - s) : len;
	*w = s + *at;
	*wl = end - *at;
	*at = sp ? end + 1 : len + 1;
	/* A separator at the very end leaves an empty word behind it. */
	if (sp && *at == len)
		*at = len + 2;
	return *wl > 0;
}

static bool word_is(const char *w, size_t wl, const char *lit)
{
	return wl == strlen(lit) && memcmp(w, lit, wl) == 0;
}

/* One version into a (and one more into b, when b is given) from
 * s[at..len), the line then at its end. */
static bool versions(const char *s, size_t len, size_t at, char *a, char *b)
{
	char *out[2] = {a, b};
	int want = b ? 2 : 1;
	for (int i = 0; i < want; i++) {
		const char *w;
		size_t wl;
		if (!next_word(s, len, &at, &w, &wl) || !software_version_ok(w, wl))
			return false;
		memcpy(out[i], w, wl);
		out[i][wl] = '\0';
	}
	return at > len && at <= len + 1;
}

static bool percent(const char *s, size_t len, size_t at, int *p)
{
	const char *w;
	size_t wl;
	if (!next_word(s, len, &at, &w, &wl) || wl > 3 || at != len + 1)
		return false;
	int v = 0;
	for (size_t i = 0; i < wl; i++) {
		if (w[i] < '0' || w[i] > '9')
			return false;
		v = v * 10 + (w[i] - '0');
	}
	if (v > 100)
		return false;
	*p = v;
	return true;
}

/* "error TEXT": any text of printable UTF-8, said to staff in brackets. */
static bool error_text(const char *s, size_t len, size_t at, char *text)
{
	if (at >= len)
		return false;
	for (size_t i = at; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	memcpy(text, s + at, len - at);
	text[len - at] = '\0';
	return true;
}

static const struct {
	const char *word;
	SoftwareKind kind;
} REFUSALS[] = {
    {"signature", SOFTWARE_SIGNATURE},
    {"compatible", SOFTWARE_COMPATIBLE},
    {"damaged", SOFTWARE_DAMAGED},
    {"busy", SOFTWARE_BUSY},
};

static SoftwareKind refusal(const char *s, size_t len, size_t at, SoftwareAnswer *a)
{
	const char *w;
	size_t wl;
	if (!next_word(s, len, &at, &w, &wl))
		return SOFTWARE_MALFORMED;
	if (word_is(w, wl, "same"))
		return versions(s, len, at, a->version, NULL) ? SOFTWARE_SAME : SOFTWARE_MALFORMED;
	if (word_is(w, wl, "older"))
		return versions(s, len, at, a->version, a->running) ? SOFTWARE_OLDER
		                                                    : SOFTWARE_MALFORMED;
	for (size_t i = 0; i < sizeof(REFUSALS) / sizeof(REFUSALS[0]); i++)
		if (word_is(w, wl, REFUSALS[i].word))
			return at == len + 1 ? REFUSALS[i].kind : SOFTWARE_MALFORMED;
	return SOFTWARE_MALFORMED;
}

void software_parse_answer(const char *line, size_t len, SoftwareAnswer *a)
{
	memset(a, 0, sizeof(*a));
	a->kind = SOFTWARE_MALFORMED;
	if (len > SOFTWARE_LINE_MAX || !utf8_valid(line, len, NULL))
		return;
	size_t at = 0;
	const char *w;
	size_t wl;
	if (!next_word(line, len, &at, &w, &wl))
		return;
	SoftwareKind k = SOFTWARE_MALFORMED;
	if (word_is(w, wl, "progress"))
		k = percent(line, len, at, &a->percent) ? SOFTWARE_PROGRESS : k;
	else if (word_is(w, wl, "installed"))
		k = versions(line, len, at, a->version, NULL) ? SOFTWARE_INSTALLED : k;
	else if (word_is(w, wl, "refused"))
		k = refusal(line, len, at, a);
	else if (word_is(w, wl, "error"))
		k = error_text(line, len, at, a->text) ? SOFTWARE_ERROR : k;
	if (k == SOFTWARE_MALFORMED)
		memset(a, 0, sizeof(*a));
	a->kind = k;
}

bool software_final(const SoftwareAnswer *a)
{
	return a->kind != SOFTWARE_MALFORMED && a->kind != SOFTWARE_PROGRESS;
}

void software_parse_status(const char *buf, size_t len, SoftwareStatus *st)
{
	memset(st, 0, sizeof(*st));
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	if (len == 0) {
		st->kind = SOFTWARE_STATUS_NONE;
		return;
	}
	st->kind = SOFTWARE_STATUS_MALFORMED;
	if (len > SOFTWARE_STATUS_MAX || memchr(buf, '\0', len))
		return;
	size_t at = 0;
	const char *w;
	size_t wl;
	if (!next_word(buf, len, &at, &w, &wl))
		return;
	if (word_is(w, wl, "updated") && versions(buf, len, at, st->version, NULL))
		st->kind = SOFTWARE_STATUS_UPDATED;
	else if (word_is(w, wl, "fallback") && versions(buf, len, at, st->version, st->previous))
		st->kind = SOFTWARE_STATUS_FALLBACK;
	if (st->kind == SOFTWARE_STATUS_MALFORMED) {
		memset(st, 0, sizeof(*st));
		st->kind = SOFTWARE_STATUS_MALFORMED;
	}
}

bool software_release_version(const char *buf, size_t len, char out[SOFTWARE_VERSION_MAX + 1])
{
	static const char key[] = "VERSION=";
	size_t kl = sizeof(key) - 1;
	bool found = false;
	out[0] = '\0';
	if (len > SOFTWARE_RELEASE_MAX || memchr(buf, '\0', len))
		return false;
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(buf + at, '\n', len - at);
		size_t ll = (nl ? (size_t)(nl - buf) : len) - at;
		if (ll >= kl && memcmp(buf + at, key, kl) == 0) {
			if (found || !software_version_ok(buf + at + kl, ll - kl)) {
				out[0] = '\0';
				return false;
			}
			memcpy(out, buf + at + kl, ll - kl);
			out[ll - kl] = '\0';
			found = true;
		}
		at += ll + 1;
	}
	return found;
}
