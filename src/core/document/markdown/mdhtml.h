/* mdhtml: raw HTML in an article, shown as its text and nothing more.
 *
 * Tags are left out and only their text shows; comments and what stands
 * in <script> and <style> never show; <img src alt> is a picture and <br>
 * a line break. Nothing is ever interpreted beyond that: no links, no
 * styles, no scripts. md4c hands over inline HTML a tag at a time and an
 * HTML block whole; both come here. Pure C, no SDL.
 */
#ifndef KIOSK_MDHTML_H
#define KIOSK_MDHTML_H

#include <stdbool.h>
#include <stddef.h>

#include "core/package/pkg.h"

typedef struct {
	/* Text between tags, entities still in it. */
	void (*text)(void *user, const char *s, size_t n);
	/* <img>: its src and alt attributes as written (entities still in
	 * them); alt may be empty. */
	void (*image)(void *user, const char *src, size_t srclen, const char *alt, size_t altlen);
	/* <br>, and the edges of block tags (<p>, <div>, <li>, ...) in a block. */
	void (*line_break)(void *user);
	/* A tag left out, or the contents of <script>, in plain words (a
	 * template and its arguments). */
	void (*warn)(void *user, const PkgWhy *why);
} MdhSink;

typedef struct {
	char skip[8]; /* inside <script> or <style>: its name; "" otherwise */
} MdhState;

/* One piece of inline HTML as md4c found it: a tag or a comment. */
void mdh_inline(MdhState *st, const char *s, size_t n, const MdhSink *k, void *user);
/* An HTML block's text, whole; what it leaves open (a <script> without
 * its end) closes with it. */
void mdh_block(MdhState *st, const char *s, size_t n, const MdhSink *k, void *user);
/* Forgets an open <script> or <style> (its block has ended). */
void mdh_reset(MdhState *st);
/* True while the text coming next belongs to a <script> or <style>. */
bool mdh_skipping(const MdhState *st);

#endif
