/* piccache: pictures already scaled to the size they are shown at, kept as
 * raw pixels in DATA/cache, so a restart shows them without decoding.
 *
 * Decoding a 1200 x 800 PNG and scaling it costs about 75 million
 * instructions (15-20 ms here, several times that on the board); reading
 * the same picture back at its shown size is a copy from the page cache.
 * Files are written once and fsync'd (on a short-lived thread, a few at
 * most at a time) before they get their final name: after a power cut a
 * cache file is whole or absent. Everything read back is checked (magic,
 * size, file length); a file that does not match is removed and the
 * picture made again from the content.
 */
#ifndef KIOSK_PICCACHE_H
#define KIOSK_PICCACHE_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

/* Opens (creating) DATA/cache when DATA exists, else the user's cache
 * folder ($XDG_CACHE_HOME/kiosk or ~/.cache/kiosk, for a kiosk started by
 * hand); clears files a power cut left half written and keeps the folder
 * under its size budget. Returns a directory fd, or -1 when neither can be
 * used (no cache). */
int piccache_open(const char *data_dir);

/* The cache file name for the picture open as fd shown at w x h: the
 * file's identity (device, inode, size, change time), the EXIF
 * orientation its pixels were turned by, and the size. For a picture
 * inside the file (a Word document's), part names it there (NULL
 * otherwise). */
bool piccache_name(int fd, const char *part, unsigned orientation, int w, int h, char *name,
                   size_t len);

/* Opens the cache file name if it holds a w x h picture: an fd to read
 * the pixels from with piccache_read, or -1 when there is none (a file
 * that does not match is removed). *opaque says whether the picture has
 * no transparency. */
int piccache_find(int dirfd, const char *name, int w, int h, bool *opaque);
/* Reads the w x h pixels (ARGB8888) of a file piccache_find opened into
 * rows pitch bytes apart, and closes it. false when the read fails (the
 * file is then removed). */
bool piccache_read(int dirfd, const char *name, int fd, int w, int h, void *pixels, int pitch);

/* Writes a w x h ARGB8888 picture under name. The bytes go to the page
 * cache at once (no copy of the picture is kept); fsync and the rename
 * that makes the file visible happen on a short-lived thread, or before
 * returning when wait is set (a caller that is a background thread
 * itself). Nothing happens when the cache is busy or the write fails. */
void piccache_store(int dirfd, const char *name, int w, int h, const void *pixels, int pitch,
                    bool opaque, bool wait);

/* Whether a w x h picture still fits the folder's budget (64 MiB): past
 * it nothing more is stored until the next start makes room. */
bool piccache_room(int w, int h);

/* Waits for the writes under way (at most a few): called before exit, so
 * a picture drawn once is not made again on the next start. */
void piccache_wait(void);

#endif
