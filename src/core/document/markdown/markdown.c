/* markdown: an article's Markdown -> DocArticle: the whole of the reading,
 * its notes and its shape.
 *
 * Before md4c, frontmatter.c reads the front matter and mdprep.c the block
 * syntax md4c lacks (tables it cannot read, footnotes, lettered lists).
 * md4c streams the rest into a Builder (mdread.h) through the callbacks
 * of mdblock.c (blocks, tables) and mdtext.c (spans, text, pictures, raw
 * HTML); text only ever arrives for the innermost leaf block, so one
 * growing buffer (mdbuild.c's pending text) holds the text of the block
 * being built; when the block ends, mdinline.c takes pandoc's inline
 * markup out of it and it becomes a DocBlock. Headings are kept aside
 * with the place they stood, and the article's shape (which level starts
 * a topic) is decided here once all are known; so are the notes, numbered
 * as the text first refers to them and placed after their topics.
 *
 * Temporaries are malloc'd and freed before markdown_parse returns; only
 * finished blocks and strings go into the arena.
 */
#include "core/document/markdown/markdown.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/markdown/frontmatter.h"
#include "core/document/model/lang.h"
#include "core/document/markdown/mdread.h"
#include "core/document/model/utf8.h"
#include "core/review/date.h"

static const char ERR_READ[] = N_("the article could not be read as Markdown");
static const char ERR_NOMEM[] = "out of memory";
static const char ERR_NOT_UTF8[] = N_("the article is not plain UTF-8 text");

/* An article's language: its front matter's language (or lang), when it
 * is a language tag, else the one its file name carries ("flu.es.md"),
 * else none (""). In arena; NULL when out of memory. */
static const char *article_lang(Arena *arena, const DocArticle *a, const char *source)
{
	static const char *const keys[] = {"language", "lang"};
	for (size_t i = 0; i < 2; i++) {
		const char *v = doc_meta_get(a, keys[i]);
		if (v && lang_valid(v, strlen(v)))
			return arena_strdup(arena, v);
	}
	char lang[40];
	return arena_strdup(arena, lang_from_name(source, lang, sizeof(lang)) ? lang : "");
}

/* ---- notes ------------------------------------------------------------------- */

static int label_cmp(const Prep *p, size_t a, const char *label, size_t len)
{
	const PrepText *l = &p->notes[a].label;
	size_t n = l->len < len ? l->len : len;
	int d = memcmp(p->store + l->off, label, n);
	if (d)
		return d;
	return l->len < len ? -1 : l->len > len ? 1 : 0;
}

static int by_label(const void *x, const void *y, void *arg)
{
	const Prep *p = arg;
	size_t a = *(const size_t *)x, c = *(const size_t *)y;
	const PrepText *lc = &p->notes[c].label;
	int d = label_cmp(p, a, p->store + lc->off, lc->len);
	return d ? d : a < c ? -1 : a > c;
}

static bool notes_init(Builder *b, Notes *ns)
{
	const Prep *p = b->prep;
	size_t n = p->nnotes ? p->nnotes : 1;
	ns->prep = p;
	ns->nblocks = &b->nblocks;
	ns->by_label = malloc(n * sizeof(*ns->by_label));
	ns->number = calloc(n, sizeof(*ns->number));
	ns->at = calloc(n, sizeof(*ns->at));
	ns->twice = calloc(n, sizeof(*ns->twice));
	if (!ns->by_label || !ns->number || !ns->at || !ns->twice)
		return false;
	for (size_t i = 0; i < p->nnotes; i++)
		ns->by_label[i] = i;
	qsort_r(ns->by_label, p->nnotes, sizeof(*ns->by_label), by_label, (void *)p);
	for (size_t i = 1; i < p->nnotes; i++) {
		size_t prev = ns->by_label[i - 1], cur = ns->by_label[i];
		const PrepText *l = &p->notes[cur].label;
		if (label_cmp(p, prev, p->store + l->off, l->len) != 0)
			continue;
		ns->twice[cur] = true;
		PkgWhy why;
		pkg_why_say(&why, "the note [^%.*s] is written twice; the first one is used",
		            (int)(l->len < 40 ? l->len : 40), p->store + l->off);
		mdread_warn_why(b, l->line, &why);
	}
	return true;
}

static void notes_free(Notes *ns)
{
	free(ns->by_label);
	free(ns->number);
	free(ns->at);
	free(ns->twice);
}

int mdread_note_number(void *user, const char *label, size_t len)
{
	Builder *b = user;
	Notes *ns = b->notes;
	const Prep *p = ns->prep;
	size_t lo = 0, hi = p->nnotes;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (label_cmp(p, ns->by_label[mid], label, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == p->nnotes || label_cmp(p, ns->by_label[lo], label, len) != 0)
		return 0;
	size_t k = ns->by_label[lo];
	if (!ns->number[k]) {
		ns->number[k] = ++ns->count;
		ns->at[k] = *ns->nblocks;
	}
	return ns->number[k];
}

typedef struct {
	size_t at;
	int number;
	size_t note;
} NoteAt;

static int by_place(const void *x, const void *y)
{
	const NoteAt *a = x, *c = y;
	if (a->at != c->at)
		return a->at < c->at ? -1 : 1;
	return a->number - c->number;
}

/* Every note with the block it goes after: referred ones after the topic
 * that first refers to them, the others (numbered after them) after the
 * topic where they are written. */
static NoteAt *notes_place(Builder *b, Notes *ns, size_t *count)
{
	const Prep *p = ns->prep;
	NoteAt *v = malloc((p->nnotes ? p->nnotes : 1) * sizeof(*v));
	if (!v) {
		b->oom = true;
		return NULL;
	}
	size_t n = 0;
	for (size_t i = 0; i < p->nnotes; i++)
		if (ns->number[i])
			v[n++] = (NoteAt){ns->at[i], ns->number[i], i};
	for (size_t i = 0; i < p->nnotes; i++) {
		if (ns->number[i] || ns->twice[i])
			continue;
		const PrepNote *pn = &p->notes[i];
		size_t at = 0;
		while (at < b->nblocks && b->blocks[at].line <= pn->label.line)
			at++;
		v[n++] = (NoteAt){at, ++ns->count, i};
		PkgWhy why;
		pkg_why_say(
		    &why,
		    "the note [^%.*s] is not referred to in the text; it shows at the end of "
		    "its topic",
		    (int)(pn->label.len < 40 ? pn->label.len : 40), p->store + pn->label.off);
		mdread_warn_why(b, pn->label.line, &why);
	}
	qsort(v, n, sizeof(*v), by_place);
	*count = n;
	return v;
}

/* ---- the article's shape ------------------------------------------------- */

typedef struct {
	const char *title;
	size_t first; /* index of the topic's first block */
} TopicMark;

typedef struct {
	DocBlock *v;
	size_t n;
	TopicMark *topics;
	size_t ntopics;
} Shape;

static void note_blocks(Builder *b, Notes *ns, const NoteAt *notes, size_t nnotes, size_t *ni,
                        size_t before, Shape *s)
{
	for (; *ni < nnotes && notes[*ni].at < before && !b->oom; (*ni)++) {
		const PrepNote *pn = &ns->prep->notes[notes[*ni].note];
		DocBlock blk = {
		    .type = DOC_NOTE, .list_number = notes[*ni].number, .line = pn->body.line};
		blk.nspans = mdread_fragment(b, ns->prep->store + pn->body.off, pn->body.len,
		                             pn->body.line, false, &blk.spans);
		s->v[s->n++] = blk;
	}
}

/* Sorts out the title, topics, sub-headings and notes (see markdown.h). */
static const char *shape(Builder *b, Notes *ns, bool titled, Shape *s)
{
	/* '#' starts topics when there are several, and either the front
	 * matter names the article or no '##' stands between the first two
	 * (a '##' there says '#' is the title, as in the kiosk's own
	 * articles). */
	size_t h1 = 0;
	bool h2_between = false;
	for (size_t i = 0; i < b->nheads && h1 < 2; i++) {
		h1 += b->heads[i].level == 1;
		h2_between = h2_between || (h1 == 1 && b->heads[i].level == 2);
	}
	unsigned top = h1 >= 2 && (titled || !h2_between) ? 1 : 2;
	size_t nnotes = 0, ni = 0;
	NoteAt *notes = notes_place(b, ns, &nnotes);
	s->v = malloc((b->nblocks + b->nheads + nnotes + 1) * sizeof(*s->v));
	s->topics = malloc((b->nheads + 1) * sizeof(*s->topics));
	const char *title = NULL;
	if (!notes || !s->v || !s->topics) {
		b->oom = true;
		goto done;
	}
	size_t hi = 0;
	for (size_t i = 0; i <= b->nblocks && !b->oom; i++) {
		for (; hi < b->nheads && b->heads[hi].at == i; hi++) {
			const Heading *h = &b->heads[hi];
			if (h->level == top) {
				note_blocks(b, ns, notes, nnotes, &ni, i, s);
				s->topics[s->ntopics++] = (TopicMark){h->text, s->n};
				continue;
			}
			if (h->level < top && !title) {
				if (*h->text)
					title = h->text;
				continue;
			}
			if (!*h->text)
				continue;
			DocSpan *span = arena_alloc(b->arena, sizeof(*span));
			if (!span) {
				b->oom = true;
				break;
			}
			*span = (DocSpan){h->text, strlen(h->text), 0};
			s->v[s->n++] = (DocBlock){
			    .type = DOC_SUBHEADING, .spans = span, .nspans = 1, .line = h->line};
		}
		if (i < b->nblocks)
			s->v[s->n++] = b->blocks[i];
	}
	note_blocks(b, ns, notes, nnotes, &ni, SIZE_MAX, s);
done:
	free(notes);
	return title;
}

/* A warning whose line is the article's own (front matter, mdprep). */
static void file_warn(void *user, int line, const char *msg)
{
	Builder *b = user;
	PkgWhy why;
	pkg_why_phrase(&why, msg);
	mdread_warnings_add(b->arena, b->warnings, line, &why);
}

/* A review date that is not one is said, with its line, and then left
 * out (review.h reads only dates it can). The value is quoted as far as
 * 40 bytes, cut at a character's edge. */
static void check_dates(Builder *b, const FrontMatter *fm)
{
	for (size_t i = 0; i < fm->nmeta; i++) {
		const DocMeta *m = &fm->meta[i];
		int day;
		if (strcmp(m->key, "reviewed") != 0 && strcmp(m->key, "review_due") != 0)
			continue;
		if (date_parse(m->value, strlen(m->value), &day, NULL))
			continue;
		char value[41];
		size_t n = strlen(m->value);
		if (n >= sizeof(value)) {
			n = sizeof(value) - 1;
			while (n > 0 && ((unsigned char)m->value[n] & 0xC0) == 0x80)
				n--;
		}
		memcpy(value, m->value, n);
		value[n] = '\0';
		PkgWhy why;
		pkg_why_say(
		    &why,
		    "%s: \"%s\" is not a date the kiosk can read (write it as 2026-10-14 or "
		    "2026-10); it is left out",
		    m->key, value);
		mdread_warnings_add(b->arena, b->warnings, m->line, &why);
	}
}

/* The warnings in line order (a stable sort: several on one line keep
 * theirs), with a closing line for those left out. */
static bool warnings_finish(Arena *arena, Warnings *w, DocArticle *a)
{
	size_t n = w->n;
	DocWarning *v = arena_alloc(arena, (n + 1) * sizeof(*v));
	if (!v || w->oom)
		return false;
	for (size_t i = 0; i < n; i++) {
		DocWarning x = w->v[i];
		size_t k = i;
		while (k > 0 && v[k - 1].line > x.line) {
			v[k] = v[k - 1];
			k--;
		}
		v[k] = x;
	}
	if (w->dropped) {
		PkgWhy why;
		char said[PKG_WORDS_MAX];
		pkg_why_say(&why, "and %zu more warnings in this article", w->dropped);
		char *m = arena_printf(arena, "and %zu more warnings in this article", w->dropped);
		char *s =
		    pkg_why_nested(&why, said, sizeof(said)) ? arena_strdup(arena, said) : NULL;
		if (!m || !s)
			return false;
		v[n++] = (DocWarning){0, m, s};
	}
	a->warnings = v;
	a->nwarnings = n;
	return true;
}

static void set_err(char *err, size_t errlen, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", msg);
}

/* Whether the front matter names the article. */
static bool meta_titled(const FrontMatter *fm)
{
	for (size_t i = 0; i < fm->nmeta; i++)
		if (strcmp(fm->meta[i].key, "title") == 0 && fm->meta[i].value[0])
			return true;
	return false;
}

/* The front matter's title, which is Markdown too ("*Flu* jabs"), as
 * text; NULL when it has none (or it reads as nothing). */
static const char *meta_title(Builder *b, const FrontMatter *fm)
{
	const char *title = NULL;
	for (size_t i = 0; i < fm->nmeta && !title; i++)
		if (strcmp(fm->meta[i].key, "title") == 0 && fm->meta[i].value[0])
			title = mdread_fragment_text(b, fm->meta[i].value,
			                             strlen(fm->meta[i].value), 0);
	return title && *title ? title : NULL;
}

/* The article from its shape, in the arena: false when out of memory. */
static bool article_make(Builder *b, const FrontMatter *fm, const Shape *s, const char *title,
                         const char *source, DocArticle *out)
{
	Arena *arena = b->arena;
	DocArticle a = {0};
	a.source = arena_strdup(arena, source);
	a.meta = fm->meta;
	a.nmeta = fm->nmeta;
	if (!title)
		title = meta_title(b, fm);
	a.title = title ? title : doc_title_from_name(arena, source);
	a.lang = article_lang(arena, &a, source);
	DocBlock *blocks = arena_alloc(arena, (s->n ? s->n : 1) * sizeof(*blocks));
	DocTopic *topics = arena_alloc(arena, (s->ntopics ? s->ntopics : 1) * sizeof(*topics));
	if (b->oom || !a.source || !a.title || !a.lang || !blocks || !topics ||
	    !warnings_finish(arena, b->warnings, &a))
		return false;
	if (s->n)
		memcpy(blocks, s->v, s->n * sizeof(*blocks));
	for (size_t i = 0; i < s->ntopics; i++) {
		size_t first = s->topics[i].first;
		size_t end = i + 1 < s->ntopics ? s->topics[i + 1].first : s->n;
		topics[i] = (DocTopic){s->topics[i].title, blocks + first, end - first};
	}
	a.intro = blocks;
	a.nintro = s->ntopics ? s->topics[0].first : s->n;
	a.topics = topics;
	a.ntopics = s->ntopics;
	*out = a;
	return true;
}

int markdown_parse(const char *text, size_t len, const char *source, Arena *arena, DocArticle *out,
                   char *err, size_t errlen)
{
	int rc = -1;
	Prep prep = {0};
	Warnings warnings = {0};
	Notes notes = {0};
	Shape s = {0};
	Builder b = {.arena = arena, .prep = &prep, .warnings = &warnings};
	if (!source)
		source = "";
	if (!text) {
		text = "";
		len = 0;
	}
	/* md4c takes a 32-bit size; the caller promised UTF-8, but this is
	 * outside input, so check rather than show mojibake. */
	if (len > UINT_MAX / 2 - MDREAD_PAD) {
		set_err(err, errlen, ERR_READ);
		goto done;
	}
	if (!utf8_valid(text, len, NULL)) {
		set_err(err, errlen, ERR_NOT_UTF8);
		goto done;
	}
	FrontMatter fm;
	if (frontmatter_parse(text, len, arena, &fm, file_warn, &b) != 0) {
		set_err(err, errlen, ERR_NOMEM);
		goto done;
	}
	check_dates(&b, &fm);
	/* md4c 0.4.8 reads past the end of a document whose last line holds
	 * an unfinished link such as "[a](b", and what it finds there can
	 * make it report text of absurd length. It parses mdprep's output,
	 * which ends in a line break (which changes nothing in CommonMark)
	 * followed by NULs it is not told about, so it stays in memory we
	 * own and sees the same bytes every time. */
	if (mdprep_run(text, len, fm.end, MDPREP_BLOCKS, MDREAD_PAD, &prep, file_warn, &b) != 0 ||
	    !notes_init(&b, &notes)) {
		set_err(err, errlen, ERR_NOMEM);
		goto done;
	}
	b.notes = &notes;
	int r = mdread_parse(&b);
	const char *title = NULL;
	if (r == 0 && !b.oom)
		title = shape(&b, &notes, meta_titled(&fm), &s);
	if (b.oom) {
		set_err(err, errlen, ERR_NOMEM);
		goto done;
	}
	if (r != 0) {
		set_err(err, errlen, ERR_READ);
		goto done;
	}
	if (!article_make(&b, &fm, &s, title, source, out)) {
		set_err(err, errlen, ERR_NOMEM);
		goto done;
	}
	rc = 0;
done:
	free(s.v);
	free(s.topics);
	free(warnings.v);
	notes_free(&notes);
	mdprep_free(&prep);
	mdread_deinit(&b);
	return rc;
}
