/* vec: arrays that grow by doubling, for the temporaries the readers
 * gather before their results go into an arena (blocks being built, a
 * table's cells, a part's styles). The caller owns the array (malloc'd)
 * and frees it. Pure C.
 */
#ifndef KIOSK_VEC_H
#define KIOSK_VEC_H

#include <stdbool.h>
#include <stddef.h>

/* Grows *items, room for *cap elements of size bytes, to hold want of
 * them, doubling from 16. false when the size would overflow or memory
 * runs out: *items and *cap are then untouched and *items still owned. */
bool vec_grow(void **items, size_t *cap, size_t want, size_t size);
/* Appends n bytes of s to the string *p (*len bytes, room for *cap) and a
 * NUL after them, not counted in *len. false when memory runs out: the
 * string is then as it was. */
bool vec_append(char **p, size_t *len, size_t *cap, const char *s, size_t n);

#endif
