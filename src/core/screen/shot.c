/* shot: the JSON written beside a screenshot: which screen, what a
 * visitor sees on it (every line of text, pictures, tables) and what they
 * can touch, in panel pixels, for the robots that test and judge the
 * kiosk from outside. Pure C; the string is malloc'd for the caller.
 */
#include "core/screen/shot.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char *s;
	size_t len, cap;
	bool oom;
} Buf;

static void put(Buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void putf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(Buf *b, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		put(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* n bytes of s escaped for a JSON string: quotes, backslashes and control
 * characters; UTF-8 passes through (the content was validated on the way
 * in). */
static void put_escaped(Buf *b, const char *s, size_t n)
{
	for (const char *p = s ? s : "", *end = p + (s ? n : 0); p < end; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			put(b, e, 2);
		} else if (c < 0x20) {
			putf(b, "\\u%04x", c);
		} else {
			put(b, p, 1);
		}
	}
}

/* A JSON string of n bytes. */
static void put_strn(Buf *b, const char *s, size_t n)
{
	put(b, "\"", 1);
	put_escaped(b, s, n);
	put(b, "\"", 1);
}

static void put_str(Buf *b, const char *s)
{
	put_strn(b, s, s ? strlen(s) : 0);
}

static void put_rect(Buf *b, const Orient *o, Rect r)
{
	Rect p = orient_rect_to_panel(o, r);
	putf(b, "\"x\": %d, \"y\": %d, \"w\": %d, \"h\": %d", p.x, p.y, p.w, p.h);
}

static bool visible(const Layout *l, const DrawCmd *c, int scroll, Rect *out)
{
	Rect r = c->r;
	if (c->layer == LAYER_SCROLL) {
		r.y += l->scroll_view.y - scroll;
		if (!rect_intersect(r, l->scroll_view, &r))
			return false;
	}
	*out = r;
	return r.w > 0 && r.h > 0;
}

/* Runs are drawn a word at a time, in visual order: a line of text is
 * the text commands after cmds[i] on the same line of the same layer, a
 * word's space apart. The end of the line that starts at i. */
static size_t line_end(const Layout *l, size_t i)
{
	const DrawCmd *c = &l->cmds[i];
	size_t j = i + 1;
	if (c->kind != DRAW_TEXT)
		return j;
	/* A gap of half a line's height or more is no space between words
	 * (a table's next column, a button's next label). */
	while (j < l->ncmds && l->cmds[j].kind == DRAW_TEXT && l->cmds[j].layer == c->layer &&
	       l->cmds[j].r.y == c->r.y && l->cmds[j].r.h == c->r.h &&
	       l->cmds[j].r.x >= l->cmds[j - 1].r.x &&
	       l->cmds[j].r.x - (l->cmds[j - 1].r.x + l->cmds[j - 1].r.w) < c->r.h / 2)
		j++;
	return j;
}

/* A line's words as it reads: a space where runs stand apart, and right
 * to left when its runs at both ends are. */
static void put_line(Buf *b, const DrawCmd *v, size_t n)
{
	bool rtl = n > 1 && v[0].rtl && v[n - 1].rtl;
	put(b, "\"", 1);
	for (size_t k = 0; k < n; k++) {
		size_t i = rtl ? n - 1 - k : k;
		if (k > 0) {
			const DrawCmd *left = rtl ? &v[i] : &v[i - 1],
			              *right = rtl ? &v[i + 1] : &v[i];
			if (left->r.x + left->r.w < right->r.x)
				put(b, " ", 1);
		}
		put_escaped(b, v[i].text, v[i].len);
	}
	put(b, "\"", 1);
}

static Rect rect_union(Rect a, Rect b)
{
	int x0 = a.x < b.x ? a.x : b.x, y0 = a.y < b.y ? a.y : b.y;
	int x1 = a.x + a.w > b.x + b.w ? a.x + a.w : b.x + b.w;
	int y1 = a.y + a.h > b.y + b.h ? a.y + a.h : b.y + b.h;
	return (Rect){x0, y0, x1 - x0, y1 - y0};
}

/* Every line of text of l that shows, one entry a line. */
static void put_texts(Buf *b, const Orient *o, const Layout *l, int scroll, bool *first)
{
	for (size_t i = 0; i < l->ncmds;) {
		const DrawCmd *c = &l->cmds[i];
		Rect r;
		size_t j = line_end(l, i);
		if (c->kind != DRAW_TEXT || !visible(l, c, scroll, &r)) {
			i++;
			continue;
		}
		put(b, *first ? "\n  {\"text\": " : ",\n  {\"text\": ", *first ? 11 : 12);
		*first = false;
		put_line(b, l->cmds + i, j - i);
		for (size_t w = i + 1; w < j; w++) {
			Rect rw;
			if (visible(l, &l->cmds[w], scroll, &rw))
				r = rect_union(r, rw);
		}
		put(b, ", ", 2);
		put_rect(b, o, r);
		put(b, "}", 1);
		i = j;
	}
}

/* Which screen, its words' language and direction, where it is scrolled
 * to, the visitor's choices, and the warning's countdown. */
static void put_screen(Buf *b, const Nav *n, const Layout *l, int scroll, const Service *svc)
{
	const View *v = &n->view;
	put(b, "{\"screen\": ", 11);
	put_str(b, nav_screen_name(svc ? SCREEN_SERVICE : v->screen));
	if (svc) {
		/* Which of the staff's screens, over the visitor's. */
		static const char *const modes[] = {"off", "pin", "menu", "touch-test", "cleaning"};
		put(b, ", \"service\": ", 13);
		put_str(b, modes[svc->mode]);
	}
	if (v->article >= 0)
		putf(b, ", \"article\": %d", v->article);
	else
		put(b, ", \"article\": null", 17);
	if (v->screen == SCREEN_TOPIC || (v->screen == SCREEN_ATTRACT && v->topic >= 0))
		putf(b, ", \"topic\": %d", v->topic);
	else
		put(b, ", \"topic\": null", 15);
	put(b, ", \"title\": ", 11);
	put_str(b, l->title);
	/* The screen's language (BCP 47) and which way it reads. */
	if (l->lang && *l->lang) {
		put(b, ", \"lang\": ", 10);
		put_str(b, l->lang);
	} else {
		put(b, ", \"lang\": null", 14);
	}
	put(b, l->rtl ? ", \"dir\": \"rtl\"" : ", \"dir\": \"ltr\"", 14);
	putf(b, ", \"scroll\": %d, \"max_scroll\": %d", scroll, layout_max_scroll(l));
	putf(b, ", \"text_size\": %d, \"high_contrast\": %s", v->prefs.text_size,
	     v->prefs.high_contrast ? "true" : "false");
	if (v->countdown > 0)
		putf(b, ", \"countdown\": %d", v->countdown);
}

/* Read aloud: the sentence heard, and where it is on screen. */
static void put_reading(Buf *b, const Orient *o, const View *v, const Layout *l, int scroll)
{
	putf(b, ", \"reading\": {\"sentence\": %d, \"paused\": %s", v->sentence,
	     v->paused ? "true" : "false");
	Rect r = l->reading;
	r.y += l->scroll_view.y - scroll;
	if (l->reading.w > 0 && rect_intersect(r, l->scroll_view, &r)) {
		put(b, ", ", 2);
		put_rect(b, o, r);
	}
	put(b, "}", 1);
}

/* What only some screens have: a slide's headline size and the prompt's
 * hand, the prompt, an import's progress, a notice's detail. */
static void put_extras(Buf *b, const Orient *o, const Nav *n, const Layout *l)
{
	const View *v = &n->view;
	if (v->screen == SCREEN_ATTRACT) {
		/* What a robot needs to judge a slide from across a room: the
		 * size its title is set in and where the prompt's hand taps. */
		putf(b, ", \"slide\": %d, \"headline_px\": %d", n->slide,
		     l->metrics.font_px[FONT_HEADLINE]);
		if (l->hand.w > 0) {
			put(b, ", \"hand\": {", 11);
			put_rect(b, o, l->hand);
			put(b, "}", 1);
		}
	}
	if (l->prompt) {
		put(b, ", \"prompt\": ", 12);
		put_str(b, l->prompt);
	}
	if (v->screen == SCREEN_IMPORT)
		putf(b, ", \"progress\": %d", v->progress);
	if (v->screen == SCREEN_NOTICE || v->screen == SCREEN_IMPORT) {
		put(b, ", \"detail\": ", 12);
		put_str(b, v->detail);
	}
}

/* One touch target: its id and label, what a screen reader says of it
 * (its role, the group it belongs to, and its state: a toggle on or off;
 * pressed while a finger is on it), and where it is. */
static void put_target(Buf *b, const Orient *o, const Target *t, bool pressed, Rect r)
{
	put_str(b, t->id);
	put(b, ", \"label\": ", 11);
	put_str(b, t->label);
	put(b, ", \"role\": ", 10);
	put_str(b, layout_target_role(t));
	if (layout_target_group(t)) {
		put(b, ", \"group\": ", 11);
		put_str(b, layout_target_group(t));
	}
	bool toggle = strcmp(layout_target_role(t), "toggle") == 0;
	putf(b, ", \"state\": [%s%s%s]", toggle ? (t->selected ? "\"on\"" : "\"off\"") : "",
	     toggle && pressed ? ", " : "", pressed ? "\"pressed\"" : "");
	put(b, ", ", 2);
	put_rect(b, o, r);
}

static void put_targets(Buf *b, const Kiosk *k, const Orient *o, const Layout *l, int scroll)
{
	put(b, ", \"targets\": [", 14);
	bool first = true;
	for (size_t i = 0; i < l->ntargets; i++) {
		Rect r;
		if (!layout_target_rect(l, i, scroll, &r))
			continue;
		put(b, first ? "\n  {\"id\": " : ",\n  {\"id\": ", first ? 10 : 11);
		first = false;
		put_target(b, o, &l->targets[i], kiosk_pressed(k) == (int)i, r);
		put(b, "}", 1);
	}
}

static void put_images(Buf *b, const Orient *o, const Layout *l, int scroll)
{
	put(b, "], \"images\": [", 14);
	bool first = true;
	for (size_t i = 0; i < l->ncmds; i++) {
		const DrawCmd *c = &l->cmds[i];
		Rect r;
		if (c->kind != DRAW_IMAGE || !visible(l, c, scroll, &r))
			continue;
		put(b, first ? "\n  {\"src\": " : ",\n  {\"src\": ", first ? 11 : 12);
		first = false;
		put_str(b, c->src);
		put(b, ", \"alt\": ", 9);
		put_str(b, c->alt);
		if (c->cover)
			put(b, ", \"cover\": true", 15);
		put(b, ", ", 2);
		put_rect(b, o, r);
		put(b, "}", 1);
	}
}

static void put_tables(Buf *b, const Orient *o, const Layout *l, int scroll)
{
	put(b, "], \"tables\": [", 14);
	bool first = true;
	for (size_t i = 0; i < l->ntables; i++) {
		const LayoutTable *t = &l->tables[i];
		DrawCmd probe = {.kind = DRAW_RECT, .layer = LAYER_SCROLL, .r = t->r};
		Rect r;
		if (!visible(l, &probe, scroll, &r))
			continue;
		putf(b, "%s\n  {\"rows\": %d, \"cols\": %d, \"stacked\": %s, ", first ? "" : ",",
		     t->rows, t->cols, t->stacked ? "true" : "false");
		first = false;
		put_rect(b, o, r);
		put(b, "}", 1);
	}
	put(b, "]", 1);
}

char *shot_json(const Kiosk *k, const Orient *o)
{
	Buf b = {0};
	const Nav *n = kiosk_nav_state(k);
	const Layout *l = kiosk_layout(k);
	int scroll = kiosk_scroll(k);
	const View *v = &n->view;
	put_screen(&b, n, l, scroll, kiosk_service(k));
	if (v->listening)
		put_reading(&b, o, v, l, scroll);
	put_extras(&b, o, n, l);
	put_targets(&b, k, o, l, scroll);
	put_images(&b, o, l, scroll);
	/* Every line of text on the screen, and the tables: what a robot
	 * reads to know what a visitor sees. */
	put(&b, "], \"texts\": [", 13);
	bool first = true;
	put_texts(&b, o, l, scroll, &first);
	put_tables(&b, o, l, scroll);
	/* What shows over the screen (the warning before attract mode), in
	 * the same form. */
	const Layout *over = kiosk_overlay(k);
	if (over && v->countdown > 0) {
		put(&b, ", \"overlay\": {\"title\": ", 22);
		put_str(&b, over->title);
		put(&b, ", \"texts\": [", 12);
		first = true;
		put_texts(&b, o, over, 0, &first);
		put(&b, "]}", 2);
	}
	put(&b, "}\n", 2);
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}
