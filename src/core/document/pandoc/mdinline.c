/* mdinline: each pass walks the text once, marking bytes to take out, and
 * one compaction at the end writes what is left (and note numbers). A
 * search for a closing mark that fails jumps past what it looked at, so no
 * byte is looked at more than a few times whatever the text.
 */
#include "core/document/pandoc/mdinline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/model/doc.h"

/* Attribute blocks longer than this are not read as one: real ones are a
 * few dozen bytes. */
#define ATTR_MAX 4096

static bool reserve(MdiText *t, size_t want)
{
	if (t->oom)
		return false;
	if (want <= t->cap)
		return true;
	size_t n = t->cap ? t->cap : 256;
	while (n < want) {
		if (n > SIZE_MAX / 4) {
			t->oom = true;
			return false;
		}
		n *= 2;
	}
	char *p = realloc(t->text, n + 1);
	if (!p) {
		t->oom = true;
		return false;
	}
	t->text = p;
	uint16_t *s = realloc(t->style, n * sizeof(*s));
	if (!s) {
		t->oom = true;
		return false;
	}
	t->style = s;
	t->cap = n;
	return true;
}

void mdi_clear(MdiText *t)
{
	t->len = 0;
	t->nspots = 0;
	if (t->text)
		t->text[0] = '\0';
}

void mdi_free(MdiText *t)
{
	free(t->text);
	free(t->style);
	free(t->spots);
	memset(t, 0, sizeof(*t));
}

bool mdi_add(MdiText *t, const char *s, size_t n, unsigned style)
{
	if (n > SIZE_MAX / 4 - t->len || !reserve(t, t->len + n))
		return false;
	memcpy(t->text + t->len, s, n);
	for (size_t i = 0; i < n; i++)
		t->style[t->len + i] = (uint16_t)style;
	t->len += n;
	t->text[t->len] = '\0';
	return true;
}

void mdi_spot(MdiText *t)
{
	if (t->oom)
		return;
	if (t->nspots == t->capspots) {
		size_t n = t->capspots ? t->capspots * 2 : 16;
		size_t *p = realloc(t->spots, n * sizeof(*p));
		if (!p) {
			t->oom = true;
			return;
		}
		t->spots = p;
		t->capspots = n;
	}
	t->spots[t->nspots++] = t->len;
}

void mdi_trim_newlines(MdiText *t)
{
	while (t->len && t->text[t->len - 1] == '\n')
		t->text[--t->len] = '\0';
}

/* ---- attribute blocks ---------------------------------------------------- */

static bool attr_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static bool word_char(char c)
{
	return !attr_space(c) && c != '}' && c != '{' && c != '"' && c != '\'' && c != '=' &&
	       c != '\0';
}

size_t mdi_attributes(const char *s, size_t n, unsigned *style, bool *raw)
{
	if (n > ATTR_MAX)
		n = ATTR_MAX;
	if (n < 2 || s[0] != '{')
		return 0;
	unsigned st = 0;
	bool is_raw = false;
	size_t i = 1, count = 0;
	for (;;) {
		bool sep = i == 1;
		while (i < n && attr_space(s[i])) {
			sep = true;
			i++;
		}
		if (i >= n)
			return 0;
		if (s[i] == '}') {
			if (count == 0)
				return 0;
			if (style)
				*style = st;
			if (raw)
				*raw = is_raw;
			return i + 1;
		}
		if (!sep || is_raw)
			return 0;
		char c = s[i];
		if (c == '#' || c == '.' || (c == '=' && count == 0)) {
			size_t w = ++i;
			while (i < n && word_char(s[i]))
				i++;
			if (i == w)
				return 0;
			if (c == '.' && i - w == 9 && memcmp(s + w, "underline", 9) == 0)
				st |= DOC_UNDERLINE;
			is_raw = c == '=';
		} else if (c == '-' && i + 1 < n && (attr_space(s[i + 1]) || s[i + 1] == '}')) {
			i++; /* "{-}": unnumbered */
		} else {
			size_t w = i;
			while (i < n && word_char(s[i]))
				i++;
			if (i == w || i >= n || s[i] != '=')
				return 0;
			i++;
			if (i < n && (s[i] == '"' || s[i] == '\'')) {
				char q = s[i++];
				while (i < n && s[i] != q) {
					if (s[i] == '\\' && i + 1 < n)
						i++;
					i++;
				}
				if (i >= n)
					return 0;
				i++;
			} else {
				size_t v = i;
				while (i < n && !attr_space(s[i]) && s[i] != '}')
					i++;
				if (i == v)
					return 0;
			}
		}
		count++;
	}
}

/* ---- the passes ---------------------------------------------------------- */

typedef struct {
	size_t start, end; /* bytes replaced: [start, end) */
	int number;
} Repl;

typedef struct {
	MdiText *t;
	Repl *repl;
	size_t nrepl, caprepl;
	size_t *stack;
	size_t nstack, capstack;
	MdiWarnFn warn;
	void *user;
} Pass;

static bool free_byte(const MdiText *t, size_t i)
{
	return !(t->style[i] & (MDI_LITERAL | MDI_GONE | DOC_CODE));
}

static bool all_free(const MdiText *t, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (!free_byte(t, i))
			return false;
	return true;
}

static void gone(MdiText *t, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		t->style[i] |= MDI_GONE;
}

/* What a warning says of markup left in the text. */
typedef enum { SAY_OTHER_FORMAT, SAY_NO_NOTE, SAY_MARKUP } Said;

/* A warning about the markup s[0..n) (an excerpt of it: at most 40 bytes,
 * cut at a whole character, on one line). */
static void say(Pass *p, Said what, const char *s, size_t n)
{
	if (!p->warn)
		return;
	if (n > 40) {
		n = 40;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	char ex[48];
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < sizeof(ex); i++)
		ex[k++] = s[i] == '\n' ? ' ' : s[i];
	ex[k] = '\0';
	PkgWhy why;
	if (what == SAY_OTHER_FORMAT)
		pkg_why_say(&why, "text written for another format (%s) is left out", ex);
	else if (what == SAY_NO_NOTE)
		pkg_why_say(&why, "%s shows as written (there is no note of that name)", ex);
	else
		pkg_why_say(&why, "\"%s\" shows as written (markup the kiosk cannot take out)", ex);
	p->warn(p->user, &why);
}

/* An attribute block right after a picture, link or code span. */
static void spots(Pass *p)
{
	MdiText *t = p->t;
	for (size_t k = 0; k < t->nspots; k++) {
		size_t s = t->spots[k];
		if (s >= t->len || t->text[s] != '{' || !free_byte(t, s))
			continue;
		unsigned st = 0;
		bool raw = false;
		size_t n = mdi_attributes(t->text + s, t->len - s, &st, &raw);
		if (!n || !all_free(t, s, s + n))
			continue;
		gone(t, s, s + n);
		if (!raw)
			continue;
		/* `code`{=format}: text written for one output only. HTML is
		 * shown without its tags, anything else is left out. */
		size_t c = s;
		while (c > 0 && (t->style[c - 1] & DOC_CODE) && !(t->style[c - 1] & MDI_GONE))
			c--;
		bool html = n == 7 && memcmp(t->text + s, "{=html}", 7) == 0;
		if (!html) {
			gone(t, c, s);
			say(p, SAY_OTHER_FORMAT, t->text + s, n);
			continue;
		}
		bool tag = false;
		for (size_t i = c; i < s; i++) {
			t->style[i] &= (uint16_t)~DOC_CODE;
			if (t->text[i] == '<')
				tag = true;
			if (tag)
				t->style[i] |= MDI_GONE;
			if (t->text[i] == '>')
				tag = false;
		}
	}
}

static bool push(size_t **v, size_t *n, size_t *cap, size_t x)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 32;
		size_t *q = realloc(*v, c * sizeof(*q));
		if (!q)
			return false;
		*v = q;
		*cap = c;
	}
	(*v)[(*n)++] = x;
	return true;
}

static bool repl_add(Pass *p, Repl r)
{
	if (p->nrepl == p->caprepl) {
		size_t c = p->caprepl ? p->caprepl * 2 : 16;
		Repl *q = realloc(p->repl, c * sizeof(*q));
		if (!q)
			return false;
		p->repl = q;
		p->caprepl = c;
	}
	p->repl[p->nrepl++] = r;
	return true;
}

/* "[text]{attributes}", "[]{#anchor}" and "[^note]". */
static bool brackets(Pass *p, bool heading, MdiNoteFn note)
{
	MdiText *t = p->t;
	for (size_t i = 0; i < t->len; i++) {
		if (!free_byte(t, i))
			continue;
		if (t->text[i] == '[') {
			if (!push(&p->stack, &p->nstack, &p->capstack, i))
				return false;
			continue;
		}
		if (t->text[i] != ']' || p->nstack == 0)
			continue;
		size_t o = p->stack[--p->nstack];
		bool next_attr = i + 1 < t->len && t->text[i + 1] == '{';
		if (t->text[o + 1] == '^' && i > o + 2 && !next_attr) {
			bool label = true;
			for (size_t k = o + 2; k < i && label; k++)
				label = free_byte(t, k) && !attr_space(t->text[k]);
			if (!label)
				continue;
			int num = note ? note(p->user, t->text + o + 2, i - o - 2) : 0;
			if (num > 0) {
				if (heading)
					gone(t, o, i + 1);
				else if (!repl_add(p, (Repl){o, i + 1, num}))
					return false;
			} else {
				say(p, SAY_NO_NOTE, t->text + o, i + 1 - o);
			}
			continue;
		}
		if (!next_attr)
			continue;
		unsigned st = 0;
		size_t n = mdi_attributes(t->text + i + 1, t->len - i - 1, &st, NULL);
		if (!n || !all_free(t, i + 1, i + 1 + n))
			continue;
		t->style[o] |= MDI_GONE;
		gone(t, i, i + 1 + n);
		for (size_t k = o + 1; k < i; k++)
			t->style[k] |= (uint16_t)st;
		i += n;
	}
	return true;
}

/* "Heading {#id .class}": the block at the end. */
static void heading_tail(MdiText *t)
{
	size_t e = t->len;
	while (e > 0 && ((t->style[e - 1] & MDI_GONE) || attr_space(t->text[e - 1])))
		e--;
	if (e == 0 || t->text[e - 1] != '}' || !free_byte(t, e - 1))
		return;
	size_t o = e - 1;
	while (o > 0 && t->text[o] != '{')
		o--;
	if (t->text[o] != '{' || mdi_attributes(t->text + o, e - o, NULL, NULL) != e - o ||
	    !all_free(t, o, e))
		return;
	gone(t, o, e);
	while (o > 0 && attr_space(t->text[o - 1]) && free_byte(t, o - 1))
		t->style[--o] |= MDI_GONE;
}

/* Writes the text without what is gone, note numbers in their places. */
static bool compact(Pass *p)
{
	MdiText *t = p->t;
	size_t extra = 0;
	for (size_t k = 0; k < p->nrepl; k++)
		extra += 12;
	char *nt = malloc(t->len + extra + 1);
	uint16_t *ns = malloc((t->len + extra + 1) * sizeof(*ns));
	if (!nt || !ns) {
		free(nt);
		free(ns);
		t->oom = true;
		return false;
	}
	size_t w = 0, r = 0;
	for (size_t i = 0; i < t->len;) {
		if (r < p->nrepl && p->repl[r].start == i) {
			char num[12];
			int n = snprintf(num, sizeof(num), "%d", p->repl[r].number);
			uint16_t st =
			    (uint16_t)((t->style[i] & ~MDI_GONE) | DOC_SUPER | MDI_LITERAL);
			for (int k = 0; k < n; k++) {
				nt[w] = num[k];
				ns[w++] = st;
			}
			i = p->repl[r++].end;
			continue;
		}
		if (!(t->style[i] & MDI_GONE)) {
			nt[w] = t->text[i];
			ns[w++] = t->style[i];
		}
		i++;
	}
	nt[w] = '\0';
	free(t->text);
	free(t->style);
	t->text = nt;
	t->style = ns;
	t->len = w;
	t->cap = t->len + extra;
	p->nrepl = 0;
	return true;
}

/* "~~struck~~": the closing pair follows something that is not a space. */
static void strike(MdiText *t)
{
	size_t i = 0;
	while (i + 1 < t->len) {
		if (!(t->text[i] == '~' && t->text[i + 1] == '~' && free_byte(t, i) &&
		      free_byte(t, i + 1))) {
			i++;
			continue;
		}
		size_t k = i + 2;
		while (k + 1 < t->len && !(t->text[k] == '~' && t->text[k + 1] == '~' &&
		                           free_byte(t, k) && free_byte(t, k + 1)))
			k++;
		if (k + 1 >= t->len)
			return;
		bool opens = i + 2 < k && !attr_space(t->text[i + 2]);
		bool closes = !attr_space(t->text[k - 1]);
		if (!opens || !closes) {
			i = k;
			continue;
		}
		gone(t, i, i + 2);
		gone(t, k, k + 2);
		for (size_t m = i + 2; m < k; m++)
			t->style[m] |= DOC_STRIKE;
		i = k + 2;
	}
}

/* "H~2~O", "x^2^": no spaces inside, nothing empty. */
static void script(MdiText *t, char mark, unsigned style)
{
	size_t i = 0;
	while (i < t->len) {
		bool single = t->text[i] == mark && free_byte(t, i) &&
		              (i + 1 >= t->len || t->text[i + 1] != mark) &&
		              (i == 0 || t->text[i - 1] != mark);
		if (!single) {
			i++;
			continue;
		}
		size_t k = i + 1;
		while (k < t->len && free_byte(t, k) && !attr_space(t->text[k]) &&
		       t->text[k] != mark)
			k++;
		if (k < t->len && t->text[k] == mark && free_byte(t, k) && k > i + 1 &&
		    (k + 1 >= t->len || t->text[k + 1] != mark)) {
			gone(t, i, i + 1);
			gone(t, k, k + 1);
			for (size_t m = i + 1; m < k; m++)
				t->style[m] |= (uint16_t)style;
			i = k + 1;
		} else {
			i = k > i + 1 ? k : i + 1;
		}
	}
}

/* What still reads as pandoc markup after all this. */
static void leftovers(Pass *p)
{
	MdiText *t = p->t;
	for (size_t i = 0; i + 1 < t->len; i++) {
		if (t->text[i] != '{' || !free_byte(t, i))
			continue;
		char c = t->text[i + 1];
		if (c != '#' && c != '.' && c != '=')
			continue;
		size_t e = i + 1;
		while (e < t->len && e - i < 40 && t->text[e] != '}' && t->text[e] != '\n')
			e++;
		if (e < t->len && t->text[e] == '}')
			e++;
		say(p, SAY_MARKUP, t->text + i, e - i);
		return;
	}
}

void mdi_finish(MdiText *t, bool heading, MdiNoteFn note, MdiWarnFn warn, void *user)
{
	if (t->oom || t->len == 0)
		return;
	Pass p = {.t = t, .warn = warn, .user = user};
	spots(&p);
	if (!brackets(&p, heading, note)) {
		t->oom = true;
		goto done;
	}
	if (heading)
		heading_tail(t);
	if (!compact(&p))
		goto done;
	strike(t);
	script(t, '~', DOC_SUB);
	script(t, '^', DOC_SUPER);
	if (!compact(&p))
		goto done;
	leftovers(&p);
done:
	t->nspots = 0;
	free(p.repl);
	free(p.stack);
}
