/* picdecode: a picture file decoded straight to the size it is shown at,
 * turned upright by its EXIF orientation, in bounded memory.
 *
 * Each format goes through its own library only (never a loader that
 * sniffs): JPEG through libjpeg-turbo at the smallest DCT scale at least
 * as large as the shown size (CMYK and YCCK, inverted by Adobe's
 * convention, converted to RGB); PNG through libpng row by row; WebP
 * through libwebp's own scaler (an animation's first frame through
 * libwebpdemux); GIF's first frame through giflib. Rows are read from the
 * file as needed and averaged down as they arrive (core/picture/shrink.h),
 * so a 40-megapixel photo costs a few hundred kilobytes on its way to the
 * screen. Only the encodings core/package/pkg.h names under PkgHold keep
 * more (at most PKG_HOLD_MAX), and of those one picture at a time in the
 * whole process, whichever thread decodes.
 *
 * The display (images.c) and the package check (pkgcheck.c, in its
 * sandboxed child) decode through here, so what passes the check is what
 * shows. Holds nothing between calls.
 */
#ifndef KIOSK_PICDECODE_H
#define KIOSK_PICDECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/package/pkg.h"

typedef enum {
	PICDECODE_OK,
	PICDECODE_DAMAGED,  /* the bytes do not decode */
	PICDECODE_MISMATCH, /* the decoder's size is not the header's */
	PICDECODE_MEMORY,   /* out of memory, or more than PKG_HOLD_MAX held */
	PICDECODE_UNREADABLE,
} PicdecodeStatus;

/* Decodes the picture open as fd (size bytes, probed as info by
 * pkg_image_probe_file and within the limits) into w x h ARGB8888 pixels
 * at dst, rows pitch bytes apart, upright: w x h is the shown size (the
 * probe's size turned by its orientation, scaled). dst NULL: decodes
 * every pixel at the smallest scale the format allows and keeps none,
 * which is how the package check proves the bytes good. *opaque (may be
 * NULL) says the picture has no transparency. */
PicdecodeStatus picdecode_fd(int fd, uint64_t size, const PkgImageInfo *info, uint32_t *dst,
                             int pitch, int w, int h, bool *opaque);

/* The reader pkg_image_probe_file and pkg_image_complete_file take, on a
 * file: ctx points at an int holding its descriptor. */
long picdecode_read_at(void *ctx, uint64_t off, unsigned char *buf, size_t n);

#endif
