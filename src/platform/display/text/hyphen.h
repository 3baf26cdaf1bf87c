/* hyphen: where a word may be hyphenated, by libhyphen and Debian's hyphen
 * dictionaries (/usr/share/hyphen: hyphen-de, hyphen-nl, hyphen-pl...). A
 * language hyphenates when its dictionary is installed.
 *
 * Dictionaries are loaded the first time a word of their language is
 * asked about and kept; they are in their own 8-bit character sets, so
 * words go to them through iconv and the places come back as byte offsets
 * in the UTF-8 word. No SDL. The Hyphens own the dictionaries;
 * hyphens_free releases them.
 */
#ifndef KIOSK_HYPHEN_H
#define KIOSK_HYPHEN_H

#include <stddef.h>
#include <stdint.h>

typedef struct Hyphens Hyphens;

Hyphens *hyphens_new(void);
void hyphens_free(Hyphens *h);
/* Sets can[i] for a hyphen allowed after byte i of the len-byte word s in
 * language lang (the rest of can cleared); returns how many places there
 * are, 0 when there is no dictionary or the word has a letter it cannot
 * write. */
int hyphens_find(Hyphens *h, const char *lang, const char *s, size_t len, uint8_t *can);

#endif
