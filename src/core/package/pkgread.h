/* pkgread: what the files of the package rules share: a picture file as
 * the rules read it (all of it in memory, or a reader and a window moved
 * along as the walk goes), the and the numbers in it (a rule says why with pkg_why_say).
 * Internal to core/package/pkg*.c: pkg.c (names, paths, articles, sizes),
 * pkgimage.c (what a picture is, and whether it fits the limits) and
 * pkgwhole.c (whether a picture file is all there).
 *
 * A Src made for a reader holds a window (malloc'd on first use), freed
 * by whoever made the Src. Pure C.
 */
#ifndef KIOSK_PKGREAD_H
#define KIOSK_PKGREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/package/pkg.h"

/* A picture file as the rules read it: all of it in memory, or a reader
 * and a window moved along as the walk goes. The most read at once is one
 * JPEG segment (65,535 bytes), so a frame header behind megabytes of
 * metadata costs the window, never the file. */
#define PKGREAD_WINDOW (72u * 1024)

typedef struct {
	const unsigned char *mem; /* the bytes, when all in memory */
	PkgReadAt read_at;
	void *ctx;
	uint64_t size; /* the bytes there are to read */
	bool cut;      /* the file goes on past size (a header read alone) */
	unsigned char *win;
	uint64_t base;
	size_t len;
	bool beyond; /* bytes past the end of a cut file were needed */
	bool failed; /* a read failed */
} Src;

/* n bytes at off, or NULL when the file ends first (or cannot be read). */
const unsigned char *pkgread_at(Src *s, uint64_t off, size_t n);
/* The bytes from off to the end of what is at hand (at least one), for
 * scanning: *avail says how many. NULL at the end of the file. */
const unsigned char *pkgread_span(Src *s, uint64_t off, size_t *avail);
/* A Src for n bytes in memory; cut: the file goes on past them. */
Src pkgread_mem(const unsigned char *buf, size_t n, bool cut);

static inline char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static inline uint32_t be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static inline uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint32_t le16(const unsigned char *p)
{
	return (uint32_t)p[1] << 8 | p[0];
}

static inline uint32_t le24(const unsigned char *p)
{
	return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static inline uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | le24(p);
}

#endif
