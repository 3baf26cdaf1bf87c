/* start: what a start does between opening the display and reading the
 * content.
 *
 * On the firmware the data partition is checked and mounted while the
 * kiosk opens its display: loading the GPU driver (and, without one, Mesa's
 * shader compiler) is the slowest part of a boot, and it needs nothing from
 * the data folder. data_ready_file names the file the firmware makes once
 * the partition is mounted (kiosk-data-ready.service); a live start waits
 * for it before it reads anything there. Then start-up recovery finishes
 * or undoes what a power cut interrupted in the data folder.
 */
#ifndef KIOSK_START_H
#define KIOSK_START_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

#include "platform/run/app.h"

/* The longest wait for data_ready_file, in ms. Past it the kiosk goes on
 * with the data folder as it is (logged): a kiosk showing its built-in
 * content is better than a black screen. */
#define START_WAIT_MAX_MS (3u * 60u * 1000u)

/* Waits until path exists (inotify on its folder, looking again at least
 * every second), stop() says to stop, or START_WAIT_MAX_MS have passed.
 * An empty path or one already there returns at once. Returns whether the
 * file is there. */
bool start_wait_data(const char *path, bool (*stop)(void));

/* One black frame that draws, fully transparent, what every frame of the
 * kiosk draws (a blended texture and a blended rectangle), so the renderer
 * has built those (llvmpipe compiles each with LLVM) before the content is
 * read. */
void start_prime(SDL_Renderer *sdl);

/* Start-up recovery (store_recover) on the data folder, once a start and
 * before anything is loaded; content given with --content leaves the data
 * folder alone. msg says what was done ("" nothing). */
void start_recover(const AppOptions *o, char *msg, size_t len);

#endif
