/* Fuzz target: the package rules that read bytes from a stick before
 * anything is decoded (picture headers, whether a picture file is whole,
 * read from memory and through a reader a window at a time) and its file
 * names. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/package/pkg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
	const uint8_t *b;
	size_t n;
} Mem;

static long read_at(void *ctx, uint64_t off, unsigned char *buf, size_t n)
{
	const Mem *m = ctx;
	if (off >= m->n)
		return 0;
	size_t k = m->n - (size_t)off < n ? m->n - (size_t)off : n;
	memcpy(buf, m->b + off, k);
	return (long)k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	PkgImageInfo info, again;
	PkgLimits lim;
	PkgWhy why;
	pkg_limits_default(&lim);
	for (int whole = 0; whole < 2; whole++)
		if (pkg_image_probe(data, size, whole, &info, &why) == 0)
			pkg_image_limits(&info, &lim, &why);
	/* Through a reader, the verdict is the one from memory. */
	Mem m = {data, size};
	int a = pkg_image_probe(data, size, true, &info, &why);
	int b = pkg_image_probe_file(read_at, &m, size, &again, &why);
	if (a != b || (a == 0 && (info.w != again.w || info.h != again.h ||
	                          info.orientation != again.orientation ||
	                          info.hold_bytes != again.hold_bytes)))
		__builtin_trap();
	for (int fmt = PKG_IMG_PNG; fmt <= PKG_IMG_GIF; fmt++)
		if (pkg_image_complete(data, size, (PkgImageFormat)fmt, &why) !=
		    pkg_image_complete_file(read_at, &m, size, (PkgImageFormat)fmt, &why))
			__builtin_trap();
	char path[512];
	size_t n = size < sizeof(path) - 1 ? size : sizeof(path) - 1;
	memcpy(path, data, n);
	path[n] = '\0';
	pkg_path_check(path, &why);
	return 0;
}
