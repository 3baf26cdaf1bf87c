/* arena: a chunked bump allocator for one content generation or one layout.
 *
 * Everything a parsed library or a built layout points to lives in one arena
 * and is freed at once with arena_free(); nothing inside is freed singly.
 * Pure C, no dependencies beyond libc.
 */
#ifndef KIOSK_ARENA_H
#define KIOSK_ARENA_H

#include <stddef.h>

typedef struct Arena Arena;

/* Returns NULL when out of memory. chunk is the preferred block size. */
Arena *arena_new(size_t chunk);
void arena_free(Arena *a);
/* Empties the arena but keeps its first block for reuse (no allocation
 * on the next build of the same size). */
void arena_reset(Arena *a);

/* Zeroed, 16-byte aligned; NULL when out of memory or n is absurd. */
void *arena_alloc(Arena *a, size_t n);
/* Copies n bytes and adds a terminating NUL. */
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
/* printf into the arena. */
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Bytes handed out so far (for tests and memory figures). */
size_t arena_used(const Arena *a);

#endif
