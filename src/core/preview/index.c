#include "core/preview/index.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/lang.h"
#include "core/document/utf8.h"

/* A thumbnail is a fifth of the screen's size. */
#define THUMB 5

static const char *const ORIENT_DIR[2] = {"landscape", "portrait"};
static const char *const ORIENT_WORD[2] = {"Landscape", "Portrait"};
static const char *const ORIENT_LOWER[2] = {"landscape", "portrait"};

typedef struct {
	char *p;
	size_t len, cap;
	bool oom;
} Out;

static void put(Out *o, const char *s, size_t n)
{
	if (o->oom)
		return;
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 16384;
		while (cap < o->len + n + 1)
			cap *= 2;
		char *p = realloc(o->p, cap);
		if (!p) {
			o->oom = true;
			return;
		}
		o->p = p;
		o->cap = cap;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

/* The page's own markup (never text from outside). */
static void raw(Out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void rawf(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void rawf(Out *o, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		put(o, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* Text from outside, as text: the five characters HTML reads as markup
 * become references, bad UTF-8 and control characters U+FFFD (a line
 * break or tab a space), so nothing in it can open a tag, close an
 * attribute or garble the page. */
static void text_n(Out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t step = utf8_next(s + i, n - i, &cp);
		switch (cp) {
		case '&':
			raw(o, "&amp;");
			break;
		case '<':
			raw(o, "&lt;");
			break;
		case '>':
			raw(o, "&gt;");
			break;
		case '"':
			raw(o, "&quot;");
			break;
		case '\'':
			raw(o, "&#39;");
			break;
		case '\n':
		case '\t':
			raw(o, " ");
			break;
		default:
			if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
				cp = 0xFFFD;
			char enc[4];
			put(o, enc, utf8_encode(cp, enc));
			break;
		}
		i += step;
	}
}

static void text(Out *o, const char *s)
{
	if (s)
		text_n(o, s, strlen(s));
}

/* A title from the content, in its own direction and language. */
static void title(Out *o, const char *s, const char *lang)
{
	if (lang && lang[0] && lang_valid(lang, strlen(lang))) {
		raw(o, "<bdi lang=\"");
		text(o, lang);
		raw(o, "\">");
	} else {
		raw(o, "<bdi>");
	}
	text(o, s && s[0] ? s : "(no title)");
	raw(o, "</bdi>");
}

void index_png(const TourStop *s, int o, int page, char *buf, size_t size)
{
	char stem[64];
	tour_name(s, stem, sizeof(stem));
	if (page > 1)
		snprintf(buf, size, "%s/%s-%d.png", ORIENT_DIR[o & 1], stem, page);
	else
		snprintf(buf, size, "%s/%s.png", ORIENT_DIR[o & 1], stem);
}

static const char STYLE[] =
    "body{font-family:sans-serif;margin:1.5em auto;max-width:1500px;padding:0 1em;"
    "color:#1d2b36;background:#fff;line-height:1.4}\n"
    "h2{border-top:2px solid #ccd5dc;padding-top:.6em;margin-top:2em}\n"
    ".verdict{font-size:1.25em;padding:.6em 1em;border-radius:6px}\n"
    ".ok{background:#e2f3e8}\n.refused{background:#fae3e3}\n"
    "ul.lines li{font-family:monospace;margin:.2em 0}\n"
    ".screens{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start}\n"
    "figure{margin:0}\nfigure img{border:1px solid #8896a0;display:block}\n"
    "figcaption,.note{font-size:.9em;color:#4a5964}\n"
    "ol.pictures>li{margin-bottom:1.2em}\n";

static void head(Out *o, const IndexPage *p)
{
	raw(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
	/* Should anything ever get past the escaping, nothing in the page
	 * may run. */
	raw(o, "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'; "
	       "object-src 'none'; base-uri 'none'; form-action 'none'\">\n");
	raw(o, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	raw(o, "<title>Kiosk preview of ");
	text(o, p->source);
	raw(o, "</title>\n<style>\n");
	raw(o, STYLE);
	raw(o,
	    "</style>\n</head>\n<body>\n<h1>What visitors will see</h1>\n<p>The content in <code>");
	text(o, p->source);
	rawf(o,
	     "</code>, as the kiosk itself draws it, on a %d &times; %d screen (landscape) and a "
	     "%d &times; %d one (portrait). Click a screen to see it at its full size.</p>\n",
	     p->w, p->h, p->h, p->w);
}

static void lines(Out *o, const PkgReport *r, bool warnings)
{
	size_t count = warnings ? r->warnings : r->errors;
	if (!count)
		return;
	rawf(o, "<h3>%s (%zu)</h3>\n<ul class=\"lines\">\n", warnings ? "Warnings" : "Problems",
	     count);
	char line[2048];
	size_t shown = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (r->v[i].warning != warnings || pkg_report_line(r, i, line, sizeof(line)) < 0)
			continue;
		raw(o, "<li>");
		text(o, line);
		raw(o, "</li>\n");
		shown++;
	}
	raw(o, "</ul>\n");
	/* Lines the report could not keep (memory ran out) still count. */
	if (count > shown)
		rawf(o, "<p class=\"note\">and %zu more that could not be listed</p>\n",
		     count - shown);
}

static void verdict(Out *o, const IndexPage *p)
{
	raw(o, "<section id=\"check\">\n<h2>The check</h2>\n");
	if (p->refused)
		raw(o, "<p class=\"verdict refused\">The kiosk would refuse this content, so "
		       "nothing was drawn. Fix the problems below, then preview it again.</p>\n");
	else {
		raw(o, "<p class=\"verdict ok\">");
		text(o, p->summary);
		raw(o, "</p>\n");
	}
	lines(o, p->report, false);
	lines(o, p->report, true);
	if (!p->report->warnings && !p->refused)
		raw(o, "<p>No warnings: nothing will look different from what was written.</p>\n");
	raw(o, "</section>\n");
}

/* The screens of one stop: each page, landscape then portrait. */
static void screens(Out *o, const IndexPage *p, const IndexShot *s, const char *what)
{
	raw(o, "<div class=\"screens\">\n");
	for (int k = 0; k < 2; k++) {
		int w = k == INDEX_LANDSCAPE ? p->w : p->h, h = k == INDEX_LANDSCAPE ? p->h : p->w;
		for (int page = 1; page <= s->pages[k]; page++) {
			char png[128], of[48] = "";
			index_png(&s->stop, k, page, png, sizeof(png));
			if (s->of[k] > 1)
				snprintf(of, sizeof(of), ", screen %d of %d", page, s->of[k]);
			rawf(o,
			     "<figure><a href=\"%s\"><img src=\"%s\" width=\"%d\" height=\"%d\" "
			     "loading=\"lazy\" alt=\"",
			     png, png, w / THUMB, h / THUMB);
			text(o, what);
			rawf(o, " (%s%s)\"></a><figcaption>%s%s</figcaption></figure>\n",
			     ORIENT_LOWER[k], of, ORIENT_WORD[k], of);
		}
	}
	raw(o, "</div>\n");
	for (int k = 0; k < 2; k++) {
		if (s->pages[k] == 0)
			rawf(o, "<p class=\"note\">%s: this screen could not be drawn.</p>\n",
			     ORIENT_WORD[k]);
		else if (s->of[k] > s->pages[k])
			rawf(o,
			     "<p class=\"note\">%s: the first %d of its %d screens are shown; "
			     "the rest is further down on the kiosk.</p>\n",
			     ORIENT_WORD[k], s->pages[k], s->of[k]);
	}
}

static void contents(Out *o, const IndexPage *p)
{
	raw(o, "<nav>\n<h2>Contents</h2>\n<ul>\n<li><a href=\"#home\">Home</a></li>\n");
	int open = -1;
	for (size_t i = 0; i < p->nshots; i++) {
		const TourStop *s = &p->shots[i].stop;
		if (s->kind == TOUR_HOME || s->kind == TOUR_PICTURE)
			continue;
		const DocArticle *a = &p->lib->articles[s->article];
		if (s->article != open) {
			if (open >= 0)
				raw(o, "</ul></li>\n");
			open = s->article;
			rawf(o, "<li><a href=\"#a%d\">", s->article);
			title(o, a->title, a->lang);
			raw(o, "</a>");
			if (a->lang && lang_autonym(a->lang)) {
				raw(o, " (");
				title(o, lang_autonym(a->lang), a->lang);
				raw(o, ")");
			}
			raw(o, "\n<ul>\n");
		}
		if (s->kind == TOUR_TOPIC) {
			rawf(o, "<li><a href=\"#a%d-t%d\">", s->article, s->topic);
			title(o, a->topics[s->topic].title, a->lang);
			raw(o, "</a></li>\n");
		}
	}
	if (open >= 0)
		raw(o, "</ul></li>\n");
	raw(o, "</ul>\n</nav>\n");
}

/* An article's heading, once, before its first stop. */
static void article_head(Out *o, const DocArticle *a, int index)
{
	rawf(o, "<section id=\"a%d\">\n<h2>", index);
	title(o, a->title, a->lang);
	raw(o, "</h2>\n<p>From <code>");
	text(o, a->source);
	raw(o, "</code>");
	if (a->lang && a->lang[0]) {
		raw(o, ", in ");
		if (lang_autonym(a->lang))
			title(o, lang_autonym(a->lang), a->lang);
		else
			text(o, a->lang);
	}
	raw(o, ".</p>\n");
}

static void picture(Out *o, const IndexPage *p, const IndexShot *s, const DocArticle *a)
{
	const DocBlock *b = s->stop.image;
	rawf(o, "<li id=\"a%d-p%d\"><p>", s->stop.article, s->stop.number);
	if (b->alt && b->alt[0])
		title(o, b->alt, a->lang);
	else
		raw(o, "(no caption)");
	raw(o, " &mdash; <code>");
	text(o, b->src);
	raw(o, "</code>, ");
	if (s->stop.topic >= 0) {
		raw(o, "in ");
		title(o, a->topics[s->stop.topic].title, a->lang);
	} else {
		raw(o, "in the introduction");
	}
	raw(o, "</p>\n");
	screens(o, p, s, b->alt && b->alt[0] ? b->alt : "A picture");
	raw(o, "</li>\n");
}

static void stops(Out *o, const IndexPage *p)
{
	int open = -1;
	bool in_pictures = false;
	for (size_t i = 0; i < p->nshots; i++) {
		const IndexShot *s = &p->shots[i];
		const TourStop *st = &s->stop;
		if (st->kind == TOUR_HOME) {
			raw(o, "<section id=\"home\">\n<h2>Home</h2>\n<p>What the kiosk shows when "
			       "it starts and after every visitor.</p>\n");
			screens(o, p, s, "Home");
			raw(o, "</section>\n");
			continue;
		}
		const DocArticle *a = &p->lib->articles[st->article];
		if (st->article != open) {
			if (in_pictures)
				raw(o, "</ol>\n");
			if (open >= 0)
				raw(o, "</section>\n");
			in_pictures = false;
			open = st->article;
			article_head(o, a, st->article);
		}
		switch (st->kind) {
		case TOUR_ARTICLE:
			raw(o, "<h3>Its Home</h3>\n");
			screens(o, p, s, a->title);
			break;
		case TOUR_TOPIC:
			rawf(o, "<h3 id=\"a%d-t%d\">Topic %d: ", st->article, st->topic,
			     st->topic + 1);
			title(o, a->topics[st->topic].title, a->lang);
			raw(o, "</h3>\n");
			screens(o, p, s, a->topics[st->topic].title);
			break;
		case TOUR_PICTURE:
			if (!in_pictures)
				raw(o, "<h3>Pictures</h3>\n<ol class=\"pictures\">\n");
			in_pictures = true;
			picture(o, p, s, a);
			break;
		default:
			break;
		}
	}
	if (in_pictures)
		raw(o, "</ol>\n");
	if (open >= 0)
		raw(o, "</section>\n");
}

char *index_html(const IndexPage *p)
{
	Out o = {0};
	head(&o, p);
	verdict(&o, p);
	if (!p->refused && p->lib) {
		contents(&o, p);
		stops(&o, p);
	}
	raw(&o, "</body>\n</html>\n");
	if (o.oom) {
		free(o.p);
		return NULL;
	}
	return o.p;
}
