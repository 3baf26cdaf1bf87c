/* pkg: package rules as pure functions: the limits, names and paths,
 * articles, and sizes in words. The rules about pictures are in
 * pkgimage.c (what a picture is, and whether it fits the limits) and
 * pkgwhole.c (whether its file is all there); the report in report.c.
 * Everything here reads bytes it is handed, bounded by the lengths given;
 * hostile input can only make it say no. Messages are written for the
 * person holding the stick.
 */
#include "core/package/pkg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/model/utf8.h"
#include "core/package/pkgread.h"

#define MIB (1024u * 1024u)
/* A name part, as Linux and FAT allow it. */
#define PKG_NAME_MAX 255

static const char WHY_OUTSIDE[] = N_("pictures must be inside the kiosk folder");

void pkg_limits_default(PkgLimits *l)
{
	l->max_package = 512ull * MIB;
	l->max_files = 2000;
	l->max_article = 1 * MIB;
	l->max_image = 64ull * MIB;
	l->max_side = 8192;
	l->max_pixels = 40ull * 1000 * 1000;
}

static bool ends_with_fold(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);
	if (n < m)
		return false;
	for (size_t i = 0; i < m; i++)
		if (ascii_lower(s[n - m + i]) != suffix[i])
			return false;
	return true;
}

static bool equal_fold(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (ascii_lower(*a) != ascii_lower(*b))
			return false;
	return *a == *b;
}

/* ---- names and paths --------------------------------------------------- */

static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

typedef enum {
	PATH_OK,
	PATH_EMPTY,
	PATH_LONG,
	PATH_ABSOLUTE,
	PATH_NOT_UTF8,
	PATH_CONTROL,
	PATH_EMPTY_PART,
	PATH_DOT,
	PATH_DOTDOT,
} PathVerdict;

static PathVerdict path_judge(const char *rel)
{
	if (!rel || !*rel)
		return PATH_EMPTY;
	size_t n = strlen(rel);
	if (n > PKG_PATH_MAX)
		return PATH_LONG;
	if (rel[0] == '/')
		return PATH_ABSOLUTE;
	if (!utf8_valid(rel, n, NULL))
		return PATH_NOT_UTF8;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_next(rel + i, n - i, &cp);
		if (is_control(cp))
			return PATH_CONTROL;
	}
	/* ".." anywhere wins over an empty or "." part: it is the one that
	 * would lead somewhere else. */
	PathVerdict v = PATH_OK;
	for (const char *p = rel;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (len == 2 && p[0] == '.' && p[1] == '.')
			return PATH_DOTDOT;
		if (v == PATH_OK && len == 0)
			v = PATH_EMPTY_PART;
		else if (v == PATH_OK && len == 1 && p[0] == '.')
			v = PATH_DOT;
		else if (v == PATH_OK && len > PKG_NAME_MAX)
			v = PATH_LONG;
		if (!slash)
			break;
		p = slash + 1;
	}
	return v;
}

int pkg_path_check(const char *rel, PkgWhy *why)
{
	static const char *const words[] = {
	    [PATH_EMPTY] = N_("the name is empty"),
	    [PATH_LONG] = N_("the name is too long"),
	    [PATH_ABSOLUTE] =
	        N_("the path starts at the top of the disk instead of in the kiosk folder"),
	    [PATH_NOT_UTF8] = N_("the name is not readable text"),
	    [PATH_CONTROL] = N_("the name contains control characters"),
	    [PATH_EMPTY_PART] = N_("the path has an empty part (\"//\")"),
	    [PATH_DOT] = N_("the path has a \".\" part"),
	    [PATH_DOTDOT] = N_("the path leads out of the kiosk folder (\"..\")"),
	};
	PathVerdict v = path_judge(rel);
	if (v == PATH_OK)
		return 0;
	pkg_why_phrase(why, words[v]);
	return -1;
}

/* "http:", "data:", "C:": a scheme or a drive letter before any '/'. */
static bool has_scheme(const char *s, size_t *len)
{
	size_t i = 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
	       (s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' || s[i] == '.')
		i++;
	*len = i;
	return s[i] == ':';
}

int pkg_ref_check(const char *src, PkgWhy *why)
{
	if (!src || !*src) {
		pkg_why_say(why, N_("the picture has no file name"));
		return -1;
	}
	size_t slen;
	if (has_scheme(src, &slen)) {
		static const char *const web[] = {"http", "https", "ftp", "ftps"};
		for (size_t i = 0; i < sizeof(web) / sizeof(web[0]); i++) {
			if (slen == strlen(web[i]) && strncmp(src, web[i], slen) == 0) {
				pkg_why_say(why, "pictures from the internet cannot be shown; "
				                 "pictures must be inside the kiosk folder");
				return -1;
			}
		}
		pkg_why_phrase(why, WHY_OUTSIDE);
		return -1;
	}
	if (src[0] == '/' || src[0] == '\\' || src[0] == '~') {
		pkg_why_phrase(why, WHY_OUTSIDE);
		return -1;
	}
	PathVerdict v = path_judge(src);
	if (v == PATH_DOTDOT || v == PATH_ABSOLUTE) {
		pkg_why_phrase(why, WHY_OUTSIDE);
		return -1;
	}
	/* After "..": "..\\x.png" leads out as surely, in Windows' spelling. */
	if (strchr(src, '\\')) {
		if (strstr(src, "..\\") || strstr(src, "\\.."))
			pkg_why_phrase(why, WHY_OUTSIDE);
		else
			pkg_why_say(why, N_("write / between folder names, not \\"));
		return -1;
	}
	switch (v) {
	case PATH_OK:
		return 0;
	case PATH_DOT:
		pkg_why_say(why, "write the path without \"./\"");
		break;
	case PATH_EMPTY_PART:
		pkg_why_say(why,
		            N_("the path has an empty folder name (\"//\" or a \"/\" at the end)"));
		break;
	case PATH_CONTROL:
		pkg_why_say(why, N_("the path contains control characters"));
		break;
	case PATH_NOT_UTF8:
		pkg_why_say(why, N_("the path is not readable text"));
		break;
	default:
		pkg_why_say(why, N_("the path is too long"));
		break;
	}
	return -1;
}

void pkg_fold(const char *in, char *out, size_t size)
{
	if (!size)
		return;
	size_t i = 0;
	for (; in[i] && i + 1 < size; i++)
		out[i] = ascii_lower(in[i]);
	out[i] = '\0';
}

bool pkg_is_article_name(const char *name)
{
	size_t n = strlen(name);
	return !pkg_is_leftover_name(name) && ((n > 3 && ends_with_fold(name, n, ".md")) ||
	                                       (n > 5 && ends_with_fold(name, n, ".docx")));
}

bool pkg_is_docx_name(const char *name)
{
	size_t n = strlen(name);
	return !pkg_is_leftover_name(name) && n > 5 && ends_with_fold(name, n, ".docx");
}

bool pkg_is_picture_name(const char *name)
{
	static const char *const ends[] = {".png",  ".jpg",  ".jpeg", ".jpe",  ".jfif",
	                                   ".webp", ".gif",  ".svg",  ".bmp",  ".tif",
	                                   ".tiff", ".heic", ".heif", ".avif", ".ico"};
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
		if (ends_with_fold(name, n, ends[i]))
			return true;
	return false;
}

bool pkg_is_leftover_name(const char *name)
{
	/* Hidden names cover macOS (.DS_Store, ._*, .Trashes, .Spotlight-V100,
	 * .fseventsd) and desktop files (.directory); the rest is Windows. */
	static const char *const names[] = {
	    "Thumbs.db",    "ehthumbs.db",       "desktop.ini",   "System Volume Information",
	    "$RECYCLE.BIN", "IndexerVolumeGuid", "WPSettings.dat"};
	if (name[0] == '.')
		return true;
	/* Word's owner file beside a document open on the stick
	 * ("~$flu.docx"): a few bytes naming who has it open. */
	if (name[0] == '~' && name[1] == '$')
		return true;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (equal_fold(name, names[i]))
			return true;
	return false;
}

bool pkg_is_software_folder(const char *dir, const char *name)
{
	return dir[0] == '\0' && equal_fold(name, "update");
}

/* ---- articles ---------------------------------------------------------- */

int pkg_article_text_check(const char *text, size_t len, uint64_t max, PkgWhy *why)
{
	if (len > max) {
		char has[32], most[32];
		if (pkg_format_sizes(len, max, has, most, sizeof(most)))
			pkg_why_say(why, "the article is too large (more than %s)", most);
		else
			pkg_why_say(why, "the article is too large (%s; at most %s)", has, most);
		return -1;
	}
	size_t bad;
	if (!utf8_valid(text, len, &bad)) {
		size_t line = 1;
		for (size_t i = 0; i < bad; i++)
			line += text[i] == '\n';
		pkg_why_say(why,
		            "not plain UTF-8 text (line %zu has a character the kiosk cannot read)",
		            line);
		return -1;
	}
	size_t i = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (; i < len; i++) {
		char c = text[i];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v')
			return 0;
	}
	pkg_why_say(why, N_("the article is empty"));
	return -1;
}

void pkg_format_bytes(uint64_t bytes, char *buf, size_t size)
{
	static const char *const units[] = {"KB", "MB", "GB", "TB"};
	if (bytes < 1024) {
		snprintf(buf, size, "%llu byte%s", (unsigned long long)bytes,
		         bytes == 1 ? "" : "s");
		return;
	}
	uint64_t unit = 1024;
	size_t u = 0;
	while (u + 1 < sizeof(units) / sizeof(units[0]) && bytes >= unit * 1024) {
		unit *= 1024;
		u++;
	}
	/* Whole kilobytes; megabytes and up with one decimal below 10. */
	uint64_t tenths = (bytes * 10 + unit / 2) / unit;
	if (u == 0 || tenths >= 100 || tenths % 10 == 0)
		snprintf(buf, size, "%llu %s", (unsigned long long)((tenths + 5) / 10), units[u]);
	else
		snprintf(buf, size, "%llu.%llu %s", (unsigned long long)(tenths / 10),
		         (unsigned long long)(tenths % 10), units[u]);
}

bool pkg_format_sizes(uint64_t bytes, uint64_t max, char *has, char *lim, size_t size)
{
	pkg_format_bytes(bytes, has, size);
	pkg_format_bytes(max, lim, size);
	return strcmp(has, lim) == 0;
}

void pkg_format_over(uint64_t bytes, uint64_t max, char *buf, size_t size)
{
	char has[32], lim[32];
	if (pkg_format_sizes(bytes, max, has, lim, sizeof(lim)))
		snprintf(buf, size, "more than %s", lim);
	else
		snprintf(buf, size, "%s; at most %s", has, lim);
}

/* A size in the largest unit it fills (KB at least), one decimal below
 * 10, rounded up or down. */
static void format_rounded(uint64_t v, bool up, char *buf, size_t size)
{
	static const char *const units[] = {"KB", "MB", "GB", "TB"};
	uint64_t unit = 1024;
	size_t u = 0;
	while (u + 1 < sizeof(units) / sizeof(units[0]) && v >= unit * 1024) {
		unit *= 1024;
		u++;
	}
	/* Tenths of the unit below 10 of it, else whole ones (v * 10 cannot
	 * overflow for v under 10 TB). */
	bool whole = v / unit >= 10;
	uint64_t scaled = whole ? v : v * 10;
	uint64_t n = scaled / unit + (up && scaled % unit ? 1 : 0);
	if (whole)
		snprintf(buf, size, "%llu %s", (unsigned long long)n, units[u]);
	else
		snprintf(buf, size, "%llu.%llu %s", (unsigned long long)(n / 10),
		         (unsigned long long)(n % 10), units[u]);
}

void pkg_format_room(uint64_t need, uint64_t room, char *need_buf, char *room_buf, size_t size)
{
	format_rounded(need, true, need_buf, size);
	format_rounded(room, false, room_buf, size);
}
