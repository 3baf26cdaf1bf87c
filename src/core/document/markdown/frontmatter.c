/* frontmatter: a line-by-line reader of the flat YAML subset.
 *
 * Written here rather than taken from libyaml: front matter needs a handful
 * of flat keys, and a full YAML reader brings what a stick must never reach
 * (anchors and aliases that multiply, tags, nesting without end) along with
 * a document tree to walk. This reader looks at each line once, keeps no
 * state beyond the key it is filling, and cannot nest, so its time and
 * memory grow with the text and nothing else.
 */
#include "core/document/markdown/frontmatter.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/model/utf8.h"

typedef struct {
	const char *s;
	size_t len; /* without its line break (and a '\r' before it) */
	int no;     /* 1-based line of the article */
} Line;

typedef struct {
	char *p;
	size_t len, cap;
	bool oom;
} Str;

typedef struct {
	Arena *arena;
	FrontmatterWarnFn warn;
	void *user;
	Line *lines;
	size_t nlines;
	DocMeta *meta; /* FRONTMATTER_KEYS_MAX */
	size_t nmeta;
	bool dropped;       /* the key limit has been reported */
	const char **items; /* FRONTMATTER_ITEMS_MAX, the list being read */
	size_t nitems;
	bool oom;
} Reader;

static const char NOT_KEY[] = N_("this front matter line is not \"key: value\"; it is left out");

static void str_add(Str *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1) {
			if (cap > SIZE_MAX / 2) {
				b->oom = true;
				return;
			}
			cap *= 2;
		}
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void warn(Reader *r, int line, const char *msg)
{
	if (r->warn)
		r->warn(r->user, line, msg);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static size_t indent_of(const Line *l)
{
	size_t i = 0;
	while (i < l->len && is_blank(l->s[i]))
		i++;
	return i;
}

/* Nothing but white space, or a comment. */
static bool is_empty(const Line *l)
{
	size_t i = indent_of(l);
	return i == l->len || l->s[i] == '#';
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_blank((*s)[*n - 1]))
		(*n)--;
}

/* A plain value ends before " #" (a comment). */
static size_t plain_len(const char *s, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (s[i] == '#' && is_blank(s[i - 1])) {
			n = i;
			break;
		}
	while (n && is_blank(s[n - 1]))
		n--;
	return n;
}

/* Control characters would reach the screen and the check's report as
 * they are: each becomes a space. */
static char *keep(Reader *r, const char *s, size_t n)
{
	char *p = arena_strndup(r->arena, s, n);
	if (!p) {
		r->oom = true;
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 && p[i] != '\n')
			p[i] = ' ';
	return p;
}

/* Reads a quoted string starting at s[0] (the quote) within n bytes into
 * out; returns the bytes used through the closing quote, or 0 when it does
 * not close within n. */
static size_t quoted(const char *s, size_t n, Str *out)
{
	char q = s[0];
	size_t i = 1;
	while (i < n) {
		char c = s[i];
		if (c == q) {
			if (q == '\'' && i + 1 < n && s[i + 1] == '\'') {
				str_add(out, "'", 1);
				i += 2;
				continue;
			}
			return i + 1;
		}
		if (q == '"' && c == '\\' && i + 1 < n) {
			char e = s[i + 1];
			const char *rep = NULL;
			switch (e) {
			case 'n':
				rep = "\n";
				break;
			case 't':
				rep = "\t";
				break;
			case '"':
				rep = "\"";
				break;
			case '\\':
				rep = "\\";
				break;
			case '/':
				rep = "/";
				break;
			case ' ':
				rep = " ";
				break;
			default:
				break;
			}
			if (rep) {
				str_add(out, rep, 1);
				i += 2;
				continue;
			}
			int digits = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
			if (digits && i + 2 + (size_t)digits <= n) {
				uint32_t v = 0;
				bool okhex = true;
				for (int k = 0; k < digits; k++) {
					int h = utf8_hex_digit(s[i + 2 + (size_t)k]);
					okhex = okhex && h >= 0;
					v = (v << 4) | (uint32_t)(h < 0 ? 0 : h);
				}
				if (okhex) {
					char buf[4];
					str_add(out, buf, utf8_encode(v ? v : 0xFFFD, buf));
					i += 2 + (size_t)digits;
					continue;
				}
			}
			/* An escape YAML does not know is kept as written. */
			str_add(out, s + i, 2);
			i += 2;
			continue;
		}
		str_add(out, s + i, 1);
		i++;
	}
	return 0;
}

/* The lines from *i on that continue a value: more indented than the key,
 * or blank. Joins them into s (literal: each line on its own line, as
 * after "|"; else with spaces, a blank line making a line break) and
 * advances *i past them. */
static void continuation(Reader *r, size_t *i, size_t min_indent, bool literal, Str *s)
{
	size_t base = SIZE_MAX;
	while (*i < r->nlines) {
		const Line *l = &r->lines[*i];
		size_t ind = indent_of(l);
		if (ind == l->len) {
			/* Blank lines belong to the value only when more of it
			 * follows; the run is measured once. */
			size_t j = *i + 1;
			while (j < r->nlines && indent_of(&r->lines[j]) == r->lines[j].len)
				j++;
			if (j >= r->nlines || indent_of(&r->lines[j]) < min_indent)
				return;
			for (; *i < j; (*i)++)
				str_add(s, "\n", 1);
			continue;
		}
		if (ind < min_indent)
			return;
		if (base == SIZE_MAX)
			base = ind;
		size_t from = ind < base ? ind : base;
		if (s->len && (literal || s->p[s->len - 1] != '\n'))
			str_add(s, literal ? "\n" : " ", 1);
		str_add(s, l->s + from, l->len - from);
		(*i)++;
	}
}

static void add_item(Reader *r, int line, const char *s, size_t n)
{
	trim(&s, &n);
	if (r->nitems == FRONTMATTER_ITEMS_MAX) {
		if (r->nitems++ == FRONTMATTER_ITEMS_MAX)
			warn(r, line, N_("this list has too many items; the rest are left out"));
		return;
	}
	if (r->nitems > FRONTMATTER_ITEMS_MAX)
		return;
	Str q = {0};
	if (n && (s[0] == '"' || s[0] == '\'')) {
		size_t used = quoted(s, n, &q);
		if (used) {
			s = q.p ? q.p : "";
			n = q.len;
		}
	}
	if (q.oom) {
		r->oom = true;
	} else {
		char *v = keep(r, s, n);
		if (v)
			r->items[r->nitems++] = v;
	}
	free(q.p);
}

/* "[a, b, "c, d"]" from s[0] (the bracket), going on over the indented
 * lines after it when it does not close on the first. Each byte is looked
 * at once. Returns false when it never closes. */
static bool flow_list(Reader *r, size_t *i, const char *s, size_t n, int line)
{
	Str all = {0};
	str_add(&all, s, n);
	size_t j = *i; /* the line after the key's */
	while (j < r->nlines && (is_empty(&r->lines[j]) || indent_of(&r->lines[j]) > 0)) {
		str_add(&all, "\n", 1);
		str_add(&all, r->lines[j].s, r->lines[j].len);
		j++;
	}
	bool ok = false;
	if (all.oom) {
		r->oom = true;
		goto done;
	}
	size_t start = 1, lines = 0;
	char q = 0;
	for (size_t k = 1; k < all.len && !ok; k++) {
		char c = all.p[k];
		if (c == '\n') {
			lines++;
			all.p[k] = ' ';
			continue;
		}
		if (q) {
			if (c == q)
				q = 0;
			else if (c == '\\' && q == '"' && k + 1 < all.len && all.p[k + 1] != '\n')
				k++;
			continue;
		}
		if (c == '"' || c == '\'') {
			q = c;
		} else if (c == ',' || c == ']') {
			const char *it = all.p + start;
			size_t itn = k - start;
			trim(&it, &itn);
			if (itn || c == ',')
				add_item(r, line, it, itn);
			start = k + 1;
			ok = c == ']';
		}
	}
	if (ok)
		*i += lines;
done:
	free(all.p);
	return ok;
}

/* "- item" lines from *i on, at or beyond min_indent. */
static void block_list(Reader *r, size_t *i, size_t min_indent)
{
	while (*i < r->nlines) {
		const Line *l = &r->lines[*i];
		if (is_empty(l)) {
			(*i)++;
			continue;
		}
		size_t ind = indent_of(l);
		if (ind < min_indent || l->s[ind] != '-' ||
		    (ind + 1 < l->len && !is_blank(l->s[ind + 1])))
			return;
		(*i)++;
		Str v = {0};
		const char *s = l->s + ind + 1;
		size_t n = l->len - ind - 1;
		trim(&s, &n);
		if (n && (s[0] == '"' || s[0] == '\'')) {
			add_item(r, l->no, s, n);
			continue;
		}
		str_add(&v, s, plain_len(s, n));
		continuation(r, i, ind + 1, false, &v);
		if (v.oom)
			r->oom = true;
		else
			add_item(r, l->no, v.p ? v.p : "", v.len);
		free(v.p);
	}
}

static void add_meta(Reader *r, int line, const char *key, size_t klen, const char *value,
                     size_t vlen, bool list)
{
	if (r->nmeta == FRONTMATTER_KEYS_MAX) {
		if (!r->dropped)
			warn(r, line,
			     N_("the front matter has too many keys; the rest are left out"));
		r->dropped = true;
		return;
	}
	DocMeta *m = &r->meta[r->nmeta];
	memset(m, 0, sizeof(*m));
	m->line = line;
	m->key = keep(r, key, klen);
	if (list) {
		size_t n = r->nitems < FRONTMATTER_ITEMS_MAX ? r->nitems : FRONTMATTER_ITEMS_MAX;
		const char **items = arena_alloc(r->arena, (n ? n : 1) * sizeof(*items));
		Str joined = {0};
		if (!items) {
			r->oom = true;
			return;
		}
		for (size_t k = 0; k < n; k++) {
			items[k] = r->items[k];
			if (k)
				str_add(&joined, ", ", 2);
			str_add(&joined, items[k], strlen(items[k]));
		}
		m->items = items;
		m->nitems = n;
		if (joined.oom)
			r->oom = true;
		m->value = keep(r, joined.p ? joined.p : "", joined.len);
		free(joined.p);
	} else {
		m->value = keep(r, value, vlen);
	}
	if (m->key && m->value)
		r->nmeta++;
}

/* The key of "key: value" (plain or quoted) into key; returns the offset
 * just past the colon, or 0 when the line is not a key. */
static size_t key_of(const char *s, size_t n, Str *key)
{
	if (n == 0)
		return 0;
	size_t i = 0;
	if (s[0] == '"' || s[0] == '\'') {
		i = quoted(s, n, key);
		if (!i)
			return 0;
		while (i < n && is_blank(s[i]))
			i++;
		if (i >= n || s[i] != ':')
			return 0;
		return i + 1 < n && !is_blank(s[i + 1]) ? 0 : i + 1;
	}
	/* A plain key: up to the first ": " (or a colon ending the line). */
	for (i = 0; i < n; i++) {
		if (s[i] == ':' && (i + 1 == n || is_blank(s[i + 1])))
			break;
		if (s[i] == '#' && i > 0 && is_blank(s[i - 1]))
			return 0;
	}
	if (i == n || i == 0)
		return 0;
	const char *k = s;
	size_t kn = i;
	trim(&k, &kn);
	if (kn == 0 || k[0] == '-' || k[0] == '[' || k[0] == '{')
		return 0;
	str_add(key, k, kn);
	return i + 1;
}

static void value(Reader *r, size_t *i, size_t ind, const Str *key, const char *prefix,
                  const char *s, size_t n);

/* The keys nested under the key at indentation ind (lines indented more),
 * from *i on, each kept as parent.child. */
static void children(Reader *r, size_t *i, size_t ind, const char *parent)
{
	while (*i < r->nlines) {
		const Line *c = &r->lines[*i];
		if (is_empty(c)) {
			(*i)++;
			continue;
		}
		size_t cind = indent_of(c);
		if (cind <= ind)
			break;
		Str ck = {0};
		size_t colon = key_of(c->s + cind, c->len - cind, &ck);
		if (!colon || ck.oom) {
			warn(r, c->no, NOT_KEY);
			(*i)++;
		} else {
			value(r, i, cind, &ck, parent, c->s + cind + colon, c->len - cind - colon);
		}
		free(ck.p);
	}
}

/* A key with nothing after its colon (line l, key full, *i past it): a
 * "- item" list, nested keys (at the top only), or empty. */
static void value_below(Reader *r, size_t *i, size_t ind, const Line *l, const Str *full,
                        const char *prefix)
{
	size_t j = *i;
	while (j < r->nlines && is_empty(&r->lines[j]))
		j++;
	const Line *next = j < r->nlines ? &r->lines[j] : NULL;
	size_t nind = next ? indent_of(next) : 0;
	if (next && next->s[nind] == '-' &&
	    (nind + 1 == next->len || is_blank(next->s[nind + 1]))) {
		*i = j;
		block_list(r, i, ind);
		add_meta(r, l->no, full->p, full->len, NULL, 0, true);
	} else if (next && nind > ind && !*prefix) {
		/* One level of nesting. */
		*i = j;
		children(r, i, ind, full->p);
	} else {
		add_meta(r, l->no, full->p, full->len, "", 0, false);
	}
}

/* A quoted value s (n bytes) of the key on line l, which may go on over
 * the indented lines after it: they are gathered first and read once. */
static void value_quoted(Reader *r, size_t *i, const Line *l, const Str *full, const char *s,
                         size_t n)
{
	Str raw = {0}, v = {0};
	str_add(&raw, s, n);
	size_t used = quoted(raw.p, raw.len, &v);
	if (!used && !raw.oom) {
		size_t j = *i;
		while (j < r->nlines && indent_of(&r->lines[j]) > 0) {
			const char *cs = r->lines[j].s;
			size_t cn = r->lines[j].len;
			trim(&cs, &cn);
			str_add(&raw, " ", 1);
			str_add(&raw, cs, cn);
			j++;
		}
		v.len = 0;
		used = raw.oom ? 0 : quoted(raw.p, raw.len, &v);
		if (used)
			*i = j;
	}
	if (raw.oom)
		r->oom = true;
	else if (used)
		add_meta(r, l->no, full->p, full->len, v.p ? v.p : "", v.len, false);
	else
		warn(r, l->no, N_("this front matter value has no closing quote; it is left out"));
	if (v.oom)
		r->oom = true;
	free(raw.p);
	free(v.p);
}

/* One "key: value" at line *i (its key already read), with whatever
 * following lines the value takes. prefix names the parent of a nested
 * key ("" at the top). */
static void value(Reader *r, size_t *i, size_t ind, const Str *key, const char *prefix,
                  const char *s, size_t n)
{
	const Line *l = &r->lines[*i];
	Str full = {0};
	if (*prefix) {
		str_add(&full, prefix, strlen(prefix));
		str_add(&full, ".", 1);
	}
	str_add(&full, key->p ? key->p : "", key->len);
	if (full.oom) {
		r->oom = true;
		return;
	}
	trim(&s, &n);
	(*i)++;
	r->nitems = 0;
	Str v = {0};
	if (n == 0) {
		value_below(r, i, ind, l, &full, prefix);
	} else if (s[0] == '|' || s[0] == '>') {
		continuation(r, i, ind + 1, s[0] == '|', &v);
		add_meta(r, l->no, full.p, full.len, v.p ? v.p : "", v.len, false);
	} else if (s[0] == '[') {
		if (flow_list(r, i, s, n, l->no))
			add_meta(r, l->no, full.p, full.len, NULL, 0, true);
		else
			warn(r, l->no,
			     N_("this front matter list has no closing \"]\"; it is left out"));
	} else if (s[0] == '"' || s[0] == '\'') {
		value_quoted(r, i, l, &full, s, n);
	} else {
		str_add(&v, s, plain_len(s, n));
		continuation(r, i, ind + 1, false, &v);
		add_meta(r, l->no, full.p, full.len, v.p ? v.p : "", v.len, false);
	}
	if (v.oom)
		r->oom = true;
	free(v.p);
	free(full.p);
}

static bool is_fence(const Line *l, const char *mark)
{
	if (l->len < 3 || memcmp(l->s, mark, 3) != 0)
		return false;
	for (size_t i = 3; i < l->len; i++)
		if (!is_blank(l->s[i]))
			return false;
	return true;
}

/* Splits the block into r->lines, up to its closing line: *close is the
 * offset past it (SIZE_MAX when it does not close), *no the lines read.
 * Returns 1, 0 when the text opens with no front matter, or -1 when out
 * of memory. Only the block is ever split. */
static int lines_read(Reader *r, const char *text, size_t len, size_t *close, int *no)
{
	size_t pos = 0, cap = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		Line l = {text + pos, end - pos, ++*no};
		if (l.len && l.s[l.len - 1] == '\r')
			l.len--;
		pos = nl ? end + 1 : len;
		if (*no == 1) {
			if (!is_fence(&l, "---"))
				return 0;
			continue;
		}
		if (*no == 2 && indent_of(&l) == l.len)
			return 0; /* "---" and a blank line: a rule, not front matter */
		if (is_fence(&l, "---") || is_fence(&l, "...")) {
			*close = pos;
			break;
		}
		if (r->nlines == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			Line *p = realloc(r->lines, ncap * sizeof(*p));
			if (!p)
				return -1;
			r->lines = p;
			cap = ncap;
		}
		r->lines[r->nlines++] = l;
	}
	return 1;
}

/* A rule followed by a line of text and another rule (a heading between
 * two rules) is no front matter: the block must begin with a key. */
static bool begins_with_key(const Reader *r)
{
	size_t first = 0;
	while (first < r->nlines && is_empty(&r->lines[first]))
		first++;
	Str probe = {0};
	bool keyed = first < r->nlines && indent_of(&r->lines[first]) == 0 &&
	             key_of(r->lines[first].s, r->lines[first].len, &probe) > 0;
	free(probe.p);
	return keyed;
}

/* Every "key: value" of the block, keys at the margin. */
static void keys_read(Reader *r)
{
	size_t i = 0;
	while (i < r->nlines && !r->oom) {
		const Line *l = &r->lines[i];
		if (is_empty(l)) {
			i++;
			continue;
		}
		size_t ind = indent_of(l);
		Str key = {0};
		size_t colon = ind == 0 ? key_of(l->s, l->len, &key) : 0;
		if (key.oom) {
			r->oom = true;
		} else if (!colon) {
			warn(r, l->no, NOT_KEY);
			i++;
		} else {
			value(r, &i, 0, &key, "", l->s + colon, l->len - colon);
		}
		free(key.p);
	}
}

int frontmatter_parse(const char *text, size_t len, Arena *arena, FrontMatter *out,
                      FrontmatterWarnFn warn_fn, void *user)
{
	int rc = -1;
	memset(out, 0, sizeof(*out));
	Reader r = {.arena = arena, .warn = warn_fn, .user = user};
	if (!text)
		return 0;
	size_t close = SIZE_MAX;
	int no = 0;
	int read = lines_read(&r, text, len, &close, &no);
	if (read <= 0) {
		rc = read;
		goto done;
	}
	if (!begins_with_key(&r)) {
		rc = 0;
		goto done;
	}
	if (close == SIZE_MAX) {
		warn(&r, 1,
		     N_("the front matter has no closing \"---\" line, so it shows as text"));
		rc = 0;
		goto done;
	}
	r.meta = malloc(FRONTMATTER_KEYS_MAX * sizeof(*r.meta));
	r.items = malloc(FRONTMATTER_ITEMS_MAX * sizeof(*r.items));
	if (!r.meta || !r.items)
		goto done;
	keys_read(&r);
	if (r.oom)
		goto done;
	out->meta = arena_alloc(arena, (r.nmeta ? r.nmeta : 1) * sizeof(*out->meta));
	if (!out->meta)
		goto done;
	memcpy(out->meta, r.meta, r.nmeta * sizeof(*out->meta));
	out->nmeta = r.nmeta;
	out->end = close;
	out->end_lines = no;
	rc = 0;
done:
	free(r.lines);
	free(r.meta);
	free(r.items);
	return rc;
}
