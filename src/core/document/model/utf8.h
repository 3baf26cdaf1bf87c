/* utf8: validation and decoding of UTF-8, and of the hexadecimal digits
 * its escapes are written in, for text from outside. Pure C. */
#ifndef KIOSK_UTF8_H
#define KIOSK_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF). On false, *bad (if given) is the byte offset of
 * the first bad sequence. */
bool utf8_valid(const char *s, size_t len, size_t *bad);
/* Decodes one code point at s (at most len bytes); returns the bytes used
 * (>= 1) and stores U+FFFD for a bad sequence. A bad sequence uses only its
 * longest valid beginning, so the next call resynchronises at once. With
 * len 0 it returns 0. */
size_t utf8_next(const char *s, size_t len, uint32_t *cp);
/* The length of the longest prefix of s (at most max bytes) that does not
 * cut a multi-byte sequence. s ends at max or at a NUL, whichever comes
 * first; nothing from s[max] on is read. */
size_t utf8_clip(const char *s, size_t max);
/* Writes cp as UTF-8 into out (room for 4 bytes, not terminated) and
 * returns the bytes written; surrogates and values above U+10FFFF are
 * written as U+FFFD. */
size_t utf8_encode(uint32_t cp, char out[4]);
/* The value of a hexadecimal digit (0-9, a-f, A-F), or -1 for any other
 * character. */
int utf8_hex_digit(char c);

#endif
