/* mdhtml: a scanner for tags, comments and text, enough to leave tags out.
 * It builds no tree and keeps nothing but the name of a <script> or
 * <style> it is inside, so what it costs grows with the text.
 */
#include "core/document/markdown/mdhtml.h"

#include <stdio.h>
#include <string.h>

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool name_is(const char *s, size_t n, const char *name)
{
	size_t k = strlen(name);
	if (n != k)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(s[i]) != name[i])
			return false;
	return true;
}

static bool block_tag(const char *s, size_t n)
{
	static const char *const names[] = {
	    "p",      "div",    "li",  "ul",    "ol",     "table",      "tr",      "h1",
	    "h2",     "h3",     "h4",  "h5",    "h6",     "blockquote", "section", "article",
	    "header", "footer", "nav", "aside", "figure", "figcaption", "pre",     "hr",
	    "dl",     "dt",     "dd",  "main",  "thead",  "tbody",      "caption",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (name_is(s, n, names[i]))
			return true;
	return false;
}

/* The value of attribute `want` in the attributes a[0..n), or false. */
static bool attribute(const char *a, size_t n, const char *want, const char **v, size_t *vn)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && (space(a[i]) || a[i] == '/'))
			i++;
		size_t ns = i;
		while (i < n && !space(a[i]) && a[i] != '=' && a[i] != '>' && a[i] != '/')
			i++;
		size_t nn = i - ns;
		if (nn == 0) {
			if (i < n)
				i++;
			continue;
		}
		while (i < n && space(a[i]))
			i++;
		const char *val = "";
		size_t vlen = 0;
		if (i < n && a[i] == '=') {
			i++;
			while (i < n && space(a[i]))
				i++;
			if (i < n && (a[i] == '"' || a[i] == '\'')) {
				char q = a[i++];
				val = a + i;
				while (i < n && a[i] != q)
					i++;
				vlen = (size_t)(a + i - val);
				if (i < n)
					i++;
			} else {
				val = a + i;
				while (i < n && !space(a[i]) && a[i] != '>')
					i++;
				vlen = (size_t)(a + i - val);
			}
		}
		if (name_is(a + ns, nn, want)) {
			*v = val;
			*vn = vlen;
			return true;
		}
	}
	return false;
}

static void warn_tag(const MdhSink *k, void *user, const char *name, size_t n, bool closing)
{
	if (!k->warn)
		return;
	PkgWhy why;
	pkg_why_say(&why, "raw HTML (<%s%.*s>) is left out; only its text shows",
	            closing ? "/" : "", (int)(n < 20 ? n : 20), name);
	k->warn(user, &why);
}

/* One tag s[0..n), from '<' through '>'. in_block: block tags break lines. */
static void tag(MdhState *st, const char *s, size_t n, const MdhSink *k, void *user, bool in_block)
{
	size_t i = 1;
	bool closing = i < n && s[i] == '/';
	if (closing)
		i++;
	size_t ns = i;
	while (i < n && !space(s[i]) && s[i] != '>' && s[i] != '/')
		i++;
	const char *name = s + ns;
	size_t nn = i - ns;
	if (st->skip[0]) {
		if (closing && name_is(name, nn, st->skip))
			st->skip[0] = '\0';
		return;
	}
	if (!closing && name_is(name, nn, "img")) {
		const char *src = "", *alt = "";
		size_t srcn = 0, altn = 0;
		if (attribute(s + i, n - i, "src", &src, &srcn) && srcn) {
			attribute(s + i, n - i, "alt", &alt, &altn);
			if (k->image)
				k->image(user, src, srcn, alt, altn);
		} else {
			warn_tag(k, user, name, nn, false);
		}
		return;
	}
	if (name_is(name, nn, "br")) {
		if (k->line_break)
			k->line_break(user);
		return;
	}
	bool self_closing = n >= 2 && s[n - 2] == '/';
	if (!closing && !self_closing &&
	    (name_is(name, nn, "script") || name_is(name, nn, "style"))) {
		snprintf(st->skip, sizeof(st->skip), "%s",
		         lower(name[1]) == 'c' ? "script" : "style");
		if (k->warn) {
			PkgWhy why;
			pkg_why_say(&why, "what stands in <%s> is left out", st->skip);
			k->warn(user, &why);
		}
		return;
	}
	warn_tag(k, user, name, nn, closing);
	if (name_is(name, nn, "td") || name_is(name, nn, "th")) {
		if (k->text)
			k->text(user, " ", 1);
	} else if (in_block && block_tag(name, nn) && k->line_break) {
		k->line_break(user);
	}
}

/* Where the tag that starts at s[0] == '<' ends (one past '>'), quotes
 * respected, or 0 when s does not start a tag or it does not close. */
static size_t tag_len(const char *s, size_t n)
{
	if (n < 3)
		return 0;
	size_t i = 1;
	if (s[i] == '/' || s[i] == '!' || s[i] == '?')
		i++;
	char c = s[i];
	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		return 0;
	char q = 0;
	for (; i < n; i++) {
		if (q) {
			if (s[i] == q)
				q = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			q = s[i];
		} else if (s[i] == '>') {
			return i + 1;
		}
	}
	return 0;
}

static void scan(MdhState *st, const char *s, size_t n, const MdhSink *k, void *user, bool in_block)
{
	size_t i = 0;
	while (i < n) {
		if (s[i] != '<') {
			size_t e = i;
			while (e < n && s[e] != '<')
				e++;
			if (!st->skip[0] && k->text)
				k->text(user, s + i, e - i);
			i = e;
			continue;
		}
		if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
			const char *end = NULL;
			for (size_t j = i + 4; j + 3 <= n && !end; j++)
				if (memcmp(s + j, "-->", 3) == 0)
					end = s + j;
			i = end ? (size_t)(end - s) + 3 : n;
			continue;
		}
		size_t tl = tag_len(s + i, n - i);
		if (tl == 0) {
			if (!st->skip[0] && k->text)
				k->text(user, "<", 1);
			i++;
			continue;
		}
		if (s[i + 1] == '!' || s[i + 1] == '?') {
			i += tl; /* a declaration or processing instruction */
			continue;
		}
		tag(st, s + i, tl, k, user, in_block);
		i += tl;
	}
}

void mdh_inline(MdhState *st, const char *s, size_t n, const MdhSink *k, void *user)
{
	scan(st, s, n, k, user, false);
}

void mdh_block(MdhState *st, const char *s, size_t n, const MdhSink *k, void *user)
{
	scan(st, s, n, k, user, true);
	st->skip[0] = '\0';
}

void mdh_reset(MdhState *st)
{
	st->skip[0] = '\0';
}

bool mdh_skipping(const MdhState *st)
{
	return st->skip[0] != '\0';
}
