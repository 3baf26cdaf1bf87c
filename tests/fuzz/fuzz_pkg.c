/* Fuzz target: the package rules that read bytes from a stick before
 * anything is decoded (picture headers) and its file names. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/package/pkg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	PkgImageInfo info;
	PkgLimits lim;
	char why[160];
	pkg_limits_default(&lim);
	for (int whole = 0; whole < 2; whole++)
		if (pkg_image_probe(data, size, whole, &info, why, sizeof(why)) == 0)
			pkg_image_limits(&info, &lim, why, sizeof(why));
	char path[512];
	size_t n = size < sizeof(path) - 1 ? size : sizeof(path) - 1;
	memcpy(path, data, n);
	path[n] = '\0';
	pkg_path_check(path, why, sizeof(why));
	return 0;
}
