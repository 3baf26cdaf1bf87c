/* lang: what the kiosk knows about languages by their BCP 47 tags ("ar",
 * "pt-BR", "zh-Hans"): the name each gives itself, which way it is
 * written, whether a string is a tag at all, and the language an article's
 * file name carries ("flu.es.md").
 *
 * A fixed table, no allocation, no locale: the kiosk shows languages by
 * their own names whatever its own interface language is. Pure C.
 */
#ifndef KIOSK_LANG_H
#define KIOSK_LANG_H

#include <stdbool.h>
#include <stddef.h>

/* Whether s (n bytes) has the shape of a language tag the kiosk takes: a
 * primary subtag of 2-3 letters, then up to three subtags of 2-8 letters
 * or digits, joined by '-' (or '_', as locales write it), at most 35
 * bytes. */
bool lang_valid(const char *s, size_t n);
/* The primary subtag's length ("pt" of "pt-BR"). */
size_t lang_primary_len(const char *tag);
/* Whether two tags name the same language (their primary subtags, case
 * aside): "pt-BR" and "pt" do. */
bool lang_same(const char *a, const char *b);
/* The language's name for itself ("Español", "العربية", "中文"), or NULL
 * when the table does not know the language. */
const char *lang_autonym(const char *tag);
/* 1 when the language is written right to left, 0 when left to right, -1
 * when the tag is empty or unknown. A script subtag decides over the
 * language ("az-Arab" is right to left, "ku-Latn" left to right). */
int lang_dir(const char *tag);
/* The language a file name carries before its ending: "flu.es.md" -> "es",
 * "flu.pt-BR.md" -> "pt-BR". Only a tag of a known language counts
 * ("notes.v2.md" carries none). Returns its length and copies it into out
 * (terminated), or 0 when there is none or it does not fit. */
size_t lang_from_name(const char *name, char *out, size_t outlen);

#endif
