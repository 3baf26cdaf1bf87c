/* pkg: package rules as pure functions. Everything here reads bytes it is
 * handed, bounded by the lengths given; hostile input can only make it say
 * no. Messages are written for the person holding the stick.
 */
#include "core/package/pkg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/utf8.h"

#define MIB (1024u * 1024u)
/* A name part, as Linux and FAT allow it. */
#define PKG_NAME_MAX 255

static const char WHY_DAMAGED_HEADER[] = "the picture's header is damaged";
static const char WHY_INCOMPLETE[] = "the picture is incomplete (the file ends too early)";
static const char WHY_DAMAGED[] = "the picture is damaged";
static const char WHY_OUTSIDE[] = "pictures must be inside the kiosk folder";

void pkg_limits_default(PkgLimits *l)
{
	l->max_package = 512ull * MIB;
	l->max_files = 2000;
	l->max_article = 1 * MIB;
	l->max_image = 64ull * MIB;
	l->max_side = 8192;
	l->max_pixels = 40ull * 1000 * 1000;
}

static void say(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(char *why, size_t whylen, const char *fmt, ...)
{
	if (!why || !whylen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
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

static uint32_t be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le16(const unsigned char *p)
{
	return (uint32_t)p[1] << 8 | p[0];
}

static uint32_t le24(const unsigned char *p)
{
	return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | le24(p);
}

/* ---- pictures ---------------------------------------------------------- */

static PkgImageFormat sniff(const unsigned char *b, size_t n)
{
	static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	if (n >= 8 && memcmp(b, png, 8) == 0)
		return PKG_IMG_PNG;
	if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
		return PKG_IMG_JPEG;
	if (n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
		return PKG_IMG_WEBP;
	return PKG_IMG_NONE;
}

static bool has_fold(const unsigned char *b, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; i + m <= n; i++) {
		size_t k = 0;
		while (k < m && ascii_lower((char)b[i + k]) == needle[k])
			k++;
		if (k == m)
			return true;
	}
	return false;
}

/* Text as an editor saves it: UTF-8 (a cut-off last character allowed,
 * since only the start of the file may be here), or UTF-16 with its mark. */
static bool looks_like_text(const unsigned char *b, size_t n, bool whole_file)
{
	if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
		return true;
	size_t m = n < 4096 ? n : 4096;
	size_t bad;
	if (!utf8_valid((const char *)b, m, &bad)) {
		/* A character cut by the end of what was looked at is still
		 * text; a bad one before that is not. */
		bool cut = m < n || !whole_file;
		if (!cut || bad + 3 < m)
			return false;
	}
	for (size_t i = 0; i < m; i++) {
		unsigned char c = b[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
			return false;
	}
	return true;
}

/* Why a file without PNG, JPEG or WebP magic is not one: what it is, as
 * far as its first bytes tell. */
static void name_other(const unsigned char *b, size_t n, bool whole_file, char *why, size_t whylen)
{
	const char *what = "the file is not a PNG, JPEG or WebP picture";
	if (n >= 6 && (memcmp(b, "GIF87a", 6) == 0 || memcmp(b, "GIF89a", 6) == 0))
		what = "a GIF picture";
	else if (n >= 4 && (memcmp(b, "II*\0", 4) == 0 || memcmp(b, "MM\0*", 4) == 0))
		what = "a TIFF picture";
	else if (n >= 5 && memcmp(b, "%PDF-", 5) == 0)
		what = "a PDF document";
	else if (n >= 12 && memcmp(b + 4, "ftyp", 4) == 0 &&
	         (memcmp(b + 8, "heic", 4) == 0 || memcmp(b + 8, "heix", 4) == 0 ||
	          memcmp(b + 8, "mif1", 4) == 0 || memcmp(b + 8, "msf1", 4) == 0))
		what = "a HEIC photo";
	else if (n >= 12 && memcmp(b + 4, "ftyp", 4) == 0 && memcmp(b + 8, "avif", 4) == 0)
		what = "an AVIF picture";
	else if (n >= 4 && memcmp(b, "PK\3\4", 4) == 0)
		what = "a compressed (zip) file";
	else if (looks_like_text(b, n, whole_file))
		what = has_fold(b, n < 4096 ? n : 4096, "<svg") ? "an SVG drawing"
		                                                : "the file is text";
	else if (n >= 14 && b[0] == 'B' && b[1] == 'M')
		what = "a BMP picture";
	say(why, whylen, "%s", what);
}

/* JPEG: the frame header (SOFn) after any number of other segments.
 * 0 with *w, *h; 1 when the bytes end first; -1 when malformed. */
static int jpeg_size(const unsigned char *b, size_t n, uint32_t *w, uint32_t *h)
{
	size_t i = 2;
	for (;;) {
		/* Markers may be preceded by any number of 0xFF fill bytes. */
		while (i + 1 < n && b[i] == 0xFF && b[i + 1] == 0xFF)
			i++;
		if (i + 4 > n)
			return 1;
		if (b[i] != 0xFF)
			return -1;
		unsigned m = b[i + 1];
		if (m == 0x01 || (m >= 0xD0 && m <= 0xD8)) {
			i += 2;
			continue;
		}
		/* Scan data or the end before any frame header. */
		if (m == 0xD9 || m == 0xDA)
			return -1;
		size_t seg = be16(b + i + 2);
		if (seg < 2)
			return -1;
		/* SOF0..SOF15, minus DHT (C4), JPG (C8) and DAC (CC). */
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (seg < 8)
				return -1;
			if (i + 9 > n)
				return 1;
			*h = be16(b + i + 5);
			*w = be16(b + i + 7);
			return 0;
		}
		i += 2 + seg;
	}
}

static int webp_size(const unsigned char *b, size_t n, uint32_t *w, uint32_t *h)
{
	/* The chunk's kind, then as many bytes as that kind's size needs. */
	if (n < 16)
		return 1;
	size_t need = memcmp(b + 12, "VP8L", 4) == 0 ? 25 : 30;
	if (n < need)
		return 1;
	if (memcmp(b + 12, "VP8 ", 4) == 0) {
		/* Key frame start code, then 14-bit sizes (2 scale bits). */
		if (b[23] != 0x9D || b[24] != 0x01 || b[25] != 0x2A)
			return -1;
		*w = le16(b + 26) & 0x3FFF;
		*h = le16(b + 28) & 0x3FFF;
	} else if (memcmp(b + 12, "VP8L", 4) == 0) {
		if (b[20] != 0x2F)
			return -1;
		uint32_t bits = le32(b + 21);
		*w = (bits & 0x3FFF) + 1;
		*h = ((bits >> 14) & 0x3FFF) + 1;
	} else if (memcmp(b + 12, "VP8X", 4) == 0) {
		*w = le24(b + 24) + 1;
		*h = le24(b + 27) + 1;
	} else {
		return -1;
	}
	return 0;
}

int pkg_image_probe(const unsigned char *buf, size_t n, bool whole_file, PkgImageInfo *out,
                    char *why, size_t whylen)
{
	*out = (PkgImageInfo){PKG_IMG_NONE, 0, 0};
	if (!buf || n == 0) {
		say(why, whylen, "the file is empty");
		return -1;
	}
	PkgImageFormat fmt = sniff(buf, n);
	if (fmt == PKG_IMG_NONE) {
		name_other(buf, n, whole_file, why, whylen);
		return -1;
	}
	uint32_t w = 0, h = 0;
	int rc;
	switch (fmt) {
	case PKG_IMG_PNG:
		if (n < 24) {
			rc = 1;
		} else if (be32(buf + 8) != 13 || memcmp(buf + 12, "IHDR", 4) != 0) {
			rc = -1;
		} else {
			w = be32(buf + 16);
			h = be32(buf + 20);
			rc = 0;
		}
		break;
	case PKG_IMG_JPEG:
		rc = jpeg_size(buf, n, &w, &h);
		break;
	default:
		rc = webp_size(buf, n, &w, &h);
		break;
	}
	if (rc == 1 && !whole_file)
		return 1;
	/* PNG allows 2^31 - 1 a side; zero is never a picture. */
	if (rc != 0 || w == 0 || h == 0 || w > 0x7FFFFFFFu || h > 0x7FFFFFFFu) {
		say(why, whylen, "%s", WHY_DAMAGED_HEADER);
		return -1;
	}
	*out = (PkgImageInfo){fmt, w, h};
	return 0;
}

/* Megapixels with one decimal where it matters: "40", "64", "40.1". */
static void megapixels(uint64_t px, char *buf, size_t size)
{
	uint64_t tenths = (px + 50000) / 100000;
	if (tenths % 10 == 0)
		snprintf(buf, size, "%llu", (unsigned long long)(tenths / 10));
	else
		snprintf(buf, size, "%llu.%llu", (unsigned long long)(tenths / 10),
		         (unsigned long long)(tenths % 10));
}

int pkg_image_limits(const PkgImageInfo *info, const PkgLimits *l, char *why, size_t whylen)
{
	if (info->w > l->max_side || info->h > l->max_side) {
		say(why, whylen,
		    "the picture is too large (%u x %u pixels; at most %u pixels a side)",
		    (unsigned)info->w, (unsigned)info->h, (unsigned)l->max_side);
		return -1;
	}
	uint64_t px = (uint64_t)info->w * info->h;
	if (px > l->max_pixels) {
		char has[48], max[32];
		megapixels(px, has, sizeof(has));
		megapixels(l->max_pixels, max, sizeof(max));
		/* Never say "40 megapixels; at most 40" over a rounding. */
		if (strcmp(has, max) == 0)
			snprintf(has, sizeof(has), "more than %s", max);
		say(why, whylen,
		    "the picture is too large (%u x %u pixels, %s megapixels; at most %s "
		    "megapixels)",
		    (unsigned)info->w, (unsigned)info->h, has, max);
		return -1;
	}
	return 0;
}

static int png_complete(const unsigned char *b, size_t n, char *why, size_t whylen)
{
	size_t i = 8;
	while (i + 8 <= n) {
		uint32_t len = be32(b + i);
		if (len > 0x7FFFFFFFu) {
			say(why, whylen, "%s", WHY_DAMAGED);
			return -1;
		}
		if ((uint64_t)i + 12 + len > n)
			break;
		if (memcmp(b + i + 4, "IEND", 4) == 0)
			return 0;
		i += 12 + (size_t)len;
	}
	say(why, whylen, "%s", WHY_INCOMPLETE);
	return -1;
}

/* Follows the marker segments to the first scan, then the entropy-coded
 * data (where 0xFF is followed by 0x00 or a restart marker) through any
 * further tables and scans of a progressive file, to the end-of-image
 * marker. An EXIF thumbnail's own end marker sits inside an APP1 segment,
 * which is skipped by its length, so it is never taken for the real one. */
static int jpeg_complete(const unsigned char *b, size_t n, char *why, size_t whylen)
{
	size_t i = 2;
	bool in_scan = false;
	while (i + 1 < n) {
		if (in_scan) {
			if (b[i] != 0xFF) {
				i++;
				continue;
			}
			unsigned m = b[i + 1];
			if (m == 0x00 || m == 0xFF || (m >= 0xD0 && m <= 0xD7)) {
				i += m == 0xFF ? 1 : 2;
				continue;
			}
			in_scan = false;
			continue;
		}
		while (i + 1 < n && b[i] == 0xFF && b[i + 1] == 0xFF)
			i++;
		if (i + 1 >= n)
			break;
		if (b[i] != 0xFF) {
			say(why, whylen, "%s", WHY_DAMAGED);
			return -1;
		}
		unsigned m = b[i + 1];
		if (m == 0xD9)
			return 0;
		if (m == 0x01 || (m >= 0xD0 && m <= 0xD8)) {
			i += 2;
			continue;
		}
		if (i + 4 > n)
			break;
		size_t seg = be16(b + i + 2);
		if (seg < 2) {
			say(why, whylen, "%s", WHY_DAMAGED);
			return -1;
		}
		i += 2 + seg;
		if (m == 0xDA)
			in_scan = true;
	}
	say(why, whylen, "%s", WHY_INCOMPLETE);
	return -1;
}

int pkg_image_complete(const unsigned char *buf, size_t n, PkgImageFormat fmt, char *why,
                       size_t whylen)
{
	switch (fmt) {
	case PKG_IMG_PNG:
		return png_complete(buf, n, why, whylen);
	case PKG_IMG_JPEG:
		return jpeg_complete(buf, n, why, whylen);
	case PKG_IMG_WEBP: {
		if (n < 12) {
			say(why, whylen, "%s", WHY_INCOMPLETE);
			return -1;
		}
		uint32_t riff = le32(buf + 4);
		if (riff < 4) {
			say(why, whylen, "%s", WHY_DAMAGED);
			return -1;
		}
		if ((uint64_t)riff + 8 > n) {
			say(why, whylen, "%s", WHY_INCOMPLETE);
			return -1;
		}
		return 0;
	}
	default:
		say(why, whylen, "%s", WHY_DAMAGED);
		return -1;
	}
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

int pkg_path_check(const char *rel, char *why, size_t whylen)
{
	static const char *const words[] = {
	    [PATH_EMPTY] = "the name is empty",
	    [PATH_LONG] = "the name is too long",
	    [PATH_ABSOLUTE] =
	        "the path starts at the top of the disk instead of in the kiosk folder",
	    [PATH_NOT_UTF8] = "the name is not readable text",
	    [PATH_CONTROL] = "the name contains control characters",
	    [PATH_EMPTY_PART] = "the path has an empty part (\"//\")",
	    [PATH_DOT] = "the path has a \".\" part",
	    [PATH_DOTDOT] = "the path leads out of the kiosk folder (\"..\")",
	};
	PathVerdict v = path_judge(rel);
	if (v == PATH_OK)
		return 0;
	say(why, whylen, "%s", words[v]);
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

int pkg_ref_check(const char *src, char *why, size_t whylen)
{
	if (!src || !*src) {
		say(why, whylen, "the picture has no file name");
		return -1;
	}
	size_t slen;
	if (has_scheme(src, &slen)) {
		static const char *const web[] = {"http", "https", "ftp", "ftps"};
		for (size_t i = 0; i < sizeof(web) / sizeof(web[0]); i++) {
			if (slen == strlen(web[i]) && strncmp(src, web[i], slen) == 0) {
				say(why, whylen, "pictures from the internet cannot be shown; %s",
				    WHY_OUTSIDE);
				return -1;
			}
		}
		say(why, whylen, "%s", WHY_OUTSIDE);
		return -1;
	}
	if (src[0] == '/' || src[0] == '\\' || src[0] == '~') {
		say(why, whylen, "%s", WHY_OUTSIDE);
		return -1;
	}
	PathVerdict v = path_judge(src);
	if (v == PATH_DOTDOT || v == PATH_ABSOLUTE) {
		say(why, whylen, "%s", WHY_OUTSIDE);
		return -1;
	}
	/* After "..": "..\\x.png" leads out as surely, in Windows' spelling. */
	if (strchr(src, '\\')) {
		if (strstr(src, "..\\") || strstr(src, "\\.."))
			say(why, whylen, "%s", WHY_OUTSIDE);
		else
			say(why, whylen, "write / between folder names, not \\");
		return -1;
	}
	switch (v) {
	case PATH_OK:
		return 0;
	case PATH_DOT:
		say(why, whylen, "write the path without \"./\"");
		break;
	case PATH_EMPTY_PART:
		say(why, whylen,
		    "the path has an empty folder name (\"//\" or a \"/\" at the end)");
		break;
	case PATH_CONTROL:
		say(why, whylen, "the path contains control characters");
		break;
	case PATH_NOT_UTF8:
		say(why, whylen, "the path is not readable text");
		break;
	default:
		say(why, whylen, "the path is too long");
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
	return n > 3 && name[0] != '.' && ends_with_fold(name, n, ".md");
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
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (equal_fold(name, names[i]))
			return true;
	return false;
}

/* ---- articles ---------------------------------------------------------- */

int pkg_article_text_check(const char *text, size_t len, uint64_t max, char *why, size_t whylen)
{
	if (len > max) {
		char over[80];
		pkg_format_over(len, max, over, sizeof(over));
		say(why, whylen, "the article is too large (%s)", over);
		return -1;
	}
	size_t bad;
	if (!utf8_valid(text, len, &bad)) {
		size_t line = 1;
		for (size_t i = 0; i < bad; i++)
			line += text[i] == '\n';
		say(why, whylen,
		    "not plain UTF-8 text (line %zu has a character the kiosk cannot read)", line);
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
	say(why, whylen, "the article is empty");
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

void pkg_format_over(uint64_t bytes, uint64_t max, char *buf, size_t size)
{
	char has[32], lim[32];
	pkg_format_bytes(bytes, has, sizeof(has));
	pkg_format_bytes(max, lim, sizeof(lim));
	if (strcmp(has, lim) == 0)
		snprintf(buf, size, "more than %s", lim);
	else
		snprintf(buf, size, "%s; at most %s", has, lim);
}
