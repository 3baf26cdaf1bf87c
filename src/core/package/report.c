/* report: the list of a package's problems (PkgReport, declared in pkg.h)
 * and the problems several parts of the kiosk find, each in one wording.
 * Pure C.
 */
#include "core/package/pkg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/model/utf8.h"
#include "core/screen/look/words.h"

/* How much of a path or a message one problem line keeps. */
#define PKG_PATH_SHOWN 240
#define PKG_MSG_SHOWN 400

/* C0 and C1 controls: never put on a line of a report. */
static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

/* ---- the report -------------------------------------------------------- */

/* A clean one-line copy: control characters and bad UTF-8 become '?', at
 * most max bytes of text and "..." when clipped. */
static char *clean_copy(const char *s, size_t max)
{
	size_t n = strlen(s);
	char *out = malloc((n < max ? n : max) + 4);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t step = utf8_next(s + i, n - i, &cp);
		bool bad = cp == 0xFFFD && !(step == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0);
		size_t need = (bad || is_control(cp)) ? 1 : step;
		if (o + need > max) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (need == 1 && (bad || is_control(cp)))
			out[o] = '?';
		else
			memcpy(out + o, s + i, step);
		o += need;
		i += step;
	}
	out[o] = '\0';
	return out;
}

void pkg_report_init(PkgReport *r)
{
	memset(r, 0, sizeof(*r));
}

static void problem_free(PkgProblem *p)
{
	free(p->path);
	free(p->msg);
	free(p->tmpl);
	for (unsigned a = 0; a < p->nargs; a++)
		free(p->args[a]);
}

void pkg_report_free(PkgReport *r)
{
	for (size_t i = 0; i < r->n; i++)
		problem_free(&r->v[i]);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* Counts p and keeps it (taking its strings), or frees it when a string
 * or the room for it is missing: the problem is still counted. */
static void keep(PkgReport *r, PkgProblem *p, bool whole)
{
	if (p->warning)
		r->warnings++;
	else
		r->errors++;
	if (whole && r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		PkgProblem *v = realloc(r->v, cap * sizeof(*v));
		if (v) {
			r->v = v;
			r->cap = cap;
		}
	}
	if (!whole || r->n == r->cap) {
		problem_free(p);
		return;
	}
	r->v[r->n++] = *p;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
/* One conversion's specification at *fp ("%-*.3s"): its flags, width and
 * precision, whose '*'s each take an int argument from ap (star, nstar),
 * and its length modifiers (len), copied into spec (size bytes). *fp is
 * left on its conversion character. false when the template ends first
 * or the specification does not fit. */
static bool spec_read(const char **fp, char *spec, size_t size, int star[2], int *nstar,
                      char len[3], va_list *ap)
{
	const char *start = *fp, *f = start + 1;
	*nstar = 0;
	while (*f && strchr("-+ #0", *f))
		f++;
	for (int part = 0; part < 2; part++) {
		if (part == 1) {
			if (*f != '.')
				break;
			f++;
		}
		if (*f == '*') {
			star[(*nstar)++] = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			f++;
	}
	memset(len, 0, 3);
	for (int k = 0; k < 2 && *f && strchr("hlLqjzt", *f); k++)
		len[k] = *f++;
	*fp = f;
	if (!*f || (size_t)(f - start + 1) >= size)
		return false;
	memcpy(spec, start, (size_t)(f - start + 1));
	spec[f - start + 1] = '\0';
	return true;
}

/* The argument of one conversion (spec, its conversion character conv and
 * length modifiers len, its '*' values) taken from ap by its type and
 * written out into out: snprintf's count, or -1 for a conversion this
 * cannot write. */
static int arg_write(char *out, size_t size, const char *spec, char conv, const char *len,
                     const int *star, int nstar, va_list *ap)
{
	bool lng = len[0] == 'l', llng = lng && len[1] == 'l';
#define WRITE(v)                                                                                   \
	(nstar == 2   ? snprintf(out, size, spec, star[0], star[1], v)                             \
	 : nstar == 1 ? snprintf(out, size, spec, star[0], v)                                      \
	              : snprintf(out, size, spec, v))
	switch (conv) {
	case 'd':
	case 'i':
		return len[0] == 'z' ? WRITE(va_arg(*ap, long))
		       : llng        ? WRITE(va_arg(*ap, long long))
		       : lng         ? WRITE(va_arg(*ap, long))
		                     : WRITE(va_arg(*ap, int));
	case 'u':
	case 'o':
	case 'x':
	case 'X':
		return len[0] == 'z' ? WRITE(va_arg(*ap, size_t))
		       : llng        ? WRITE(va_arg(*ap, unsigned long long))
		       : lng         ? WRITE(va_arg(*ap, unsigned long))
		                     : WRITE(va_arg(*ap, unsigned));
	case 'c':
		return WRITE(va_arg(*ap, int));
	case 's':
		return WRITE(va_arg(*ap, const char *));
	case 'e':
	case 'E':
	case 'f':
	case 'F':
	case 'g':
	case 'G':
		return len[0] == 'L' ? -1 : WRITE(va_arg(*ap, double));
	default:
		return -1;
	}
#undef WRITE
}

/* The format fmt's conversions, each written out on its own from ap into
 * p->args. The formats are string literals the compiler checks at every
 * call site (pkg_report_add's format attribute), and each conversion is
 * handed to snprintf alone with the argument va_arg takes for its type,
 * so the types agree as they do for the whole line. false when fmt has
 * more conversions than PKG_ARGS_MAX or one this cannot write. */
static bool write_args(PkgProblem *p, const char *fmt, va_list ap)
{
	char spec[32], out[PKG_MSG_SHOWN + 1], len[3];
	int star[2], nstar;
	bool ok = true;
	/* The helpers take the arguments through a pointer to a va_list of
	 * this function's own (a parameter's may be an array in disguise). */
	va_list aq;
	va_copy(aq, ap);
	for (const char *f = fmt; *f && ok; f++) {
		if (*f != '%')
			continue;
		if (f[1] == '%') {
			f++;
			continue;
		}
		if (!spec_read(&f, spec, sizeof(spec), star, &nstar, len, &aq) ||
		    p->nargs == PKG_ARGS_MAX) {
			ok = false;
			break;
		}
		int n = arg_write(out, sizeof(out), spec, *f, len, star, nstar, &aq);
		if (n < 0 || !(p->args[p->nargs] = clean_copy(out, PKG_MSG_SHOWN))) {
			ok = false;
			break;
		}
		p->nargs++;
	}
	va_end(aq);
	return ok;
}
#pragma GCC diagnostic pop

static void add(PkgReport *r, bool warning, const char *path, unsigned phrases, const char *fmt,
                va_list ap) __attribute__((format(printf, 5, 0)));
static void add(PkgReport *r, bool warning, const char *path, unsigned phrases, const char *fmt,
                va_list ap)
{
	char msg[1024];
	va_list copy;
	va_copy(copy, ap);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	PkgProblem p = {clean_copy(path ? path : "", PKG_PATH_SHOWN),
	                clean_copy(msg, PKG_MSG_SHOWN),
	                warning,
	                NULL,
	                {NULL},
	                0,
	                0,
	                0};
	bool whole = p.path && p.msg;
	/* A template whose arguments cannot all be written out is said in
	 * English everywhere: tmpl stays NULL. */
	if (whole && write_args(&p, fmt, copy)) {
		p.tmpl = clean_copy(fmt, PKG_MSG_SHOWN);
		p.phrases = phrases & ((1u << p.nargs) - 1);
		whole = p.tmpl != NULL;
	}
	va_end(copy);
	keep(r, &p, whole);
}

void pkg_report_add(PkgReport *r, bool warning, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(r, warning, path, 0, fmt, ap);
	va_end(ap);
}

void pkg_report_add_phrased(PkgReport *r, bool warning, const char *path, unsigned phrases,
                            const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(r, warning, path, phrases, fmt, ap);
	va_end(ap);
}

void pkg_report_text(PkgReport *r, bool warning, const char *path, const char *text)
{
	/* A text with a '%' is no phrase of the kiosk's (they hold none) but
	 * words written out elsewhere: English everywhere, never a template. */
	bool phrase = !strchr(text, '%');
	PkgProblem p = {clean_copy(path ? path : "", PKG_PATH_SHOWN),
	                clean_copy(text, PKG_MSG_SHOWN),
	                warning,
	                phrase ? clean_copy(text, PKG_MSG_SHOWN) : NULL,
	                {NULL},
	                0,
	                0,
	                0};
	keep(r, &p, p.path && p.msg && (p.tmpl || !phrase));
}

void pkg_report_copy(PkgReport *r, const PkgProblem *from)
{
	PkgProblem p = {strdup(from->path), strdup(from->msg), from->warning, NULL, {NULL}, 0,
	                from->phrases,      from->nested};
	bool whole = p.path && p.msg;
	if (from->tmpl) {
		p.tmpl = strdup(from->tmpl);
		whole = whole && p.tmpl;
	}
	for (unsigned a = 0; whole && a < from->nargs; a++) {
		p.args[a] = strdup(from->args[a]);
		whole = p.args[a] != NULL;
		p.nargs++;
	}
	keep(r, &p, whole);
}

void pkg_report_finish(PkgReport *r)
{
	if (r->n < 2)
		return;
	PkgProblem *v = malloc(r->n * sizeof(*v));
	if (!v)
		return;
	size_t o = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < r->n; i++)
			if (r->v[i].warning == (pass == 1))
				v[o++] = r->v[i];
	free(r->v);
	r->v = v;
	r->cap = r->n;
}

int pkg_report_line(const PkgReport *r, size_t i, char *buf, size_t size)
{
	if (i >= r->n)
		return -1;
	const PkgProblem *p = &r->v[i];
	const char *pre = p->warning ? "warning: " : "";
	if (!p->path[0])
		return snprintf(buf, size, "%s%s", pre, p->msg);
	return snprintf(buf, size, "%s%s: %s", pre, p->path, p->msg);
}

/* ---- a problem's words across a child's pipe --------------------------- */

size_t pkg_words_pack(char *out, size_t size, const char *tmpl, const char *const *args,
                      size_t nargs)
{
	if (nargs > PKG_ARGS_MAX)
		return 0;
	size_t at = 0;
	for (size_t i = 0; i <= nargs; i++) {
		const char *piece = i == 0 ? tmpl : args[i - 1];
		size_t n = strlen(piece ? piece : "") + 1;
		if (at + n > size || at + n > PKG_WORDS_MAX)
			return 0;
		memcpy(out + at, piece ? piece : "", n);
		at += n;
	}
	return at;
}

void pkg_words_text(const char *text, char *out, size_t size)
{
	size_t o = 0;
	if (!size)
		return;
	const char *p = text;
	for (; *p; p++) {
		size_t need = *p == '%' ? 2 : 1;
		if (o + need >= size)
			break;
		out[o++] = *p;
		if (*p == '%')
			out[o++] = '%';
	}
	/* Clipped inside a character: back to its start, so what is sent
	 * is still UTF-8 text. */
	if (*p && ((unsigned char)*p & 0xC0) == 0x80) {
		while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80)
			o--;
		if (o > 0)
			o--;
	}
	out[o] = '\0';
}

int pkg_words_unpack(const char *buf, size_t len, PkgWords *w)
{
	memset(w, 0, sizeof(*w));
	if (!buf || len < 2 || len > PKG_WORDS_MAX || buf[len - 1] != '\0' || buf[0] == '\0')
		return -1;
	w->tmpl = buf;
	for (size_t at = strlen(buf) + 1; at < len; at += strlen(buf + at) + 1) {
		if (w->nargs == PKG_ARGS_MAX)
			return -1;
		w->args[w->nargs++] = buf + at;
	}
	return 0;
}

void pkg_words_english(const PkgWords *w, char *out, size_t size)
{
	words_fill(out, size, w->tmpl, w->args, w->nargs);
}

void pkg_report_words(PkgReport *r, bool warning, const char *path, const PkgWords *w)
{
	char msg[PKG_WORDS_MAX + 1];
	pkg_words_english(w, msg, sizeof(msg));
	PkgProblem p = {clean_copy(path ? path : "", PKG_PATH_SHOWN),
	                clean_copy(msg, PKG_MSG_SHOWN),
	                warning,
	                clean_copy(w->tmpl, PKG_MSG_SHOWN),
	                {NULL},
	                0,
	                0,
	                0};
	bool whole = p.path && p.msg && p.tmpl;
	for (size_t a = 0; whole && a < w->nargs && a < PKG_ARGS_MAX; a++) {
		p.args[a] = clean_copy(w->args[a], PKG_MSG_SHOWN);
		whole = p.args[a] != NULL;
		p.nargs++;
	}
	keep(r, &p, whole);
}

/* why as a nested argument: its pieces cleaned, each ended by
 * PKG_NESTED_END; NULL out of memory. */
static char *nested_copy(const PkgWhy *why)
{
	PkgWords w;
	if (!why || !why->len || pkg_words_unpack(why->words, why->len, &w) != 0)
		w = (PkgWords){.tmpl = N_("the file cannot be read")};
	char *pieces[PKG_ARGS_MAX + 1] = {NULL};
	size_t total = 1;
	bool ok = true;
	for (size_t i = 0; i <= w.nargs && ok; i++) {
		pieces[i] = clean_copy(i == 0 ? w.tmpl : w.args[i - 1], PKG_MSG_SHOWN);
		ok = pieces[i] != NULL;
		total += ok ? strlen(pieces[i]) + 1 : 0;
	}
	char *out = ok ? malloc(total) : NULL;
	size_t o = 0;
	for (size_t i = 0; out && i <= w.nargs; i++) {
		size_t n = strlen(pieces[i]);
		memcpy(out + o, pieces[i], n);
		o += n;
		out[o++] = PKG_NESTED_END;
	}
	if (out)
		out[o] = '\0';
	for (size_t i = 0; i <= w.nargs; i++)
		free(pieces[i]);
	return out;
}

/* A nested argument said through tr (NULL: English) into out. */
static void nested_fill(const char *arg, PkgTranslate tr, const void *ctx, char *out, size_t size)
{
	char copy[PKG_WORDS_MAX];
	snprintf(copy, sizeof(copy), "%s", arg);
	const char *pieces[PKG_ARGS_MAX + 1];
	size_t n = 0;
	for (char *p = copy, *end; n <= PKG_ARGS_MAX && (end = strchr(p, PKG_NESTED_END));
	     p = end + 1) {
		*end = '\0';
		pieces[n++] = p;
	}
	if (n == 0) {
		snprintf(out, size, "%s", arg);
		return;
	}
	words_fill(out, size, tr ? tr(ctx, pieces[0]) : pieces[0], pieces + 1, n - 1);
}

void pkg_report_whys(PkgReport *r, bool warning, const char *path, const char *tmpl,
                     const PkgWhy *const *whys, size_t n)
{
	PkgProblem p = {clean_copy(path ? path : "", PKG_PATH_SHOWN),
	                NULL,
	                warning,
	                clean_copy(tmpl, PKG_MSG_SHOWN),
	                {NULL},
	                0,
	                0,
	                0};
	bool whole = p.path && p.tmpl && n <= PKG_ARGS_MAX;
	char english[PKG_ARGS_MAX][PKG_WORDS_MAX / 2];
	const char *said[PKG_ARGS_MAX];
	for (size_t a = 0; whole && a < n; a++) {
		whole = (p.args[a] = nested_copy(whys[a])) != NULL;
		p.nargs += whole;
		p.nested |= 1u << a;
		if (whole) {
			nested_fill(p.args[a], NULL, NULL, english[a], sizeof(english[a]));
			said[a] = english[a];
		}
	}
	if (whole) {
		char msg[PKG_WORDS_MAX];
		words_fill(msg, sizeof(msg), tmpl, said, n);
		whole = (p.msg = clean_copy(msg, PKG_MSG_SHOWN)) != NULL;
	}
	keep(r, &p, whole);
}

void pkg_report_why(PkgReport *r, bool warning, const char *path, const PkgWhy *why)
{
	PkgWords w;
	if (why && why->len && pkg_words_unpack(why->words, why->len, &w) == 0)
		pkg_report_words(r, warning, path, &w);
	else
		pkg_report_text(r, warning, path, N_("the file cannot be read"));
}

/* ---- why a rule refused something -------------------------------------- */

void pkg_why_vsay(PkgWhy *why, const char *fmt, va_list ap)
{
	if (!why)
		return;
	PkgProblem p = {0};
	va_list aq;
	va_copy(aq, ap);
	bool ok = write_args(&p, fmt, aq);
	va_end(aq);
	why->len = ok ? pkg_words_pack(why->words, sizeof(why->words), fmt,
	                               (const char *const *)p.args, p.nargs)
	              : 0;
	for (unsigned a = 0; a < p.nargs; a++)
		free(p.args[a]);
	if (why->len)
		return;
	/* Arguments that cannot be written out one by one, or too many words
	 * to pack: said as the English line, the same in every language. */
	char msg[PKG_WORDS_MAX / 2], tmpl[PKG_WORDS_MAX];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	pkg_words_text(msg, tmpl, sizeof(tmpl));
	why->len = pkg_words_pack(why->words, sizeof(why->words), tmpl, NULL, 0);
}

void pkg_why_say(PkgWhy *why, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pkg_why_vsay(why, fmt, ap);
	va_end(ap);
}

size_t pkg_why_nested(const PkgWhy *why, char *out, size_t size)
{
	PkgWords w;
	if (!why || !why->len || pkg_words_unpack(why->words, why->len, &w) != 0 || size == 0)
		return 0;
	size_t o = 0;
	for (size_t i = 0; i <= w.nargs; i++) {
		for (const char *c = i == 0 ? w.tmpl : w.args[i - 1]; *c; c++) {
			if (o + 2 >= size)
				return 0;
			out[o++] = *c == PKG_NESTED_END ? '?' : *c;
		}
		if (o + 2 >= size)
			return 0;
		out[o++] = PKG_NESTED_END;
	}
	out[o] = '\0';
	return o;
}

int pkg_why_from_nested(PkgWhy *why, const char *s)
{
	const char *pieces[PKG_ARGS_MAX + 1];
	char copy[PKG_WORDS_MAX];
	size_t n = 0, len = strlen(s);
	if (len == 0 || len >= sizeof(copy) || s[len - 1] != PKG_NESTED_END)
		return -1;
	memcpy(copy, s, len + 1);
	for (char *p = copy, *end; *p; p = end + 1) {
		end = strchr(p, PKG_NESTED_END);
		if (n == PKG_ARGS_MAX + 1)
			return -1;
		*end = '\0';
		pieces[n++] = p;
	}
	if (!pieces[0][0])
		return -1;
	why->len = pkg_words_pack(why->words, sizeof(why->words), pieces[0], pieces + 1, n - 1);
	return why->len ? 0 : -1;
}

void pkg_err_say(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || !errlen)
		return;
	PkgWhy why;
	va_list ap;
	va_start(ap, fmt);
	pkg_why_vsay(&why, fmt, ap);
	va_end(ap);
	if (!pkg_why_nested(&why, err, errlen))
		pkg_why_english(&why, err, errlen);
}

void pkg_why_from_err(PkgWhy *why, const char *err)
{
	if (!strchr(err, PKG_NESTED_END) || pkg_why_from_nested(why, err) != 0)
		pkg_why_phrase(why, err);
}

void pkg_err_english(const char *err, char *out, size_t size)
{
	PkgWhy why;
	pkg_why_from_err(&why, err);
	pkg_why_english(&why, out, size);
}

void pkg_report_err(PkgReport *r, bool warning, const char *path, const char *err)
{
	PkgWhy why;
	if (strchr(err, PKG_NESTED_END) && pkg_why_from_nested(&why, err) == 0)
		pkg_report_why(r, warning, path, &why);
	else
		pkg_report_text(r, warning, path, err);
}

void pkg_why_phrase(PkgWhy *why, const char *phrase)
{
	if (!why)
		return;
	char tmpl[PKG_WORDS_MAX];
	pkg_words_text(phrase, tmpl, sizeof(tmpl));
	why->len = pkg_words_pack(why->words, sizeof(why->words), tmpl, NULL, 0);
}

void pkg_why_english(const PkgWhy *why, char *out, size_t size)
{
	PkgWords w;
	if (!size)
		return;
	if (why && why->len && pkg_words_unpack(why->words, why->len, &w) == 0)
		pkg_words_english(&w, out, size);
	else
		out[0] = '\0';
}

int pkg_report_line_in(const PkgReport *r, size_t i, PkgTranslate tr, const void *ctx, char *buf,
                       size_t size)
{
	if (i >= r->n)
		return -1;
	const PkgProblem *p = &r->v[i];
	if (!tr || !p->tmpl)
		return pkg_report_line(r, i, buf, size);
	const char *args[PKG_ARGS_MAX];
	char nested[PKG_ARGS_MAX][PKG_WORDS_MAX / 2];
	for (unsigned a = 0; a < p->nargs; a++) {
		args[a] = p->phrases & (1u << a) ? tr(ctx, p->args[a]) : p->args[a];
		if (p->nested & (1u << a)) {
			nested_fill(p->args[a], tr, ctx, nested[a], sizeof(nested[a]));
			args[a] = nested[a];
		}
	}
	char msg[1024], line[1400];
	words_fill(msg, sizeof(msg), tr(ctx, p->tmpl), args, p->nargs);
	/* TRANSLATORS: a problem's line: the file it is about, then what is
	 * wrong with it. */
	const char *whole[2] = {p->path, msg};
	size_t n = p->path[0] ? words_fill(line, sizeof(line), tr(ctx, N_("%1$s: %2$s")), whole, 2)
	                      : words_fill(line, sizeof(line), "%2$s", whole, 2);
	if (!p->warning) {
		snprintf(buf, size, "%s", line);
		return (int)n;
	}
	/* TRANSLATORS: before a warning's line (the content is still taken). */
	const char *one[1] = {line};
	return (int)words_fill(buf, size, tr(ctx, N_("warning: %s")), one, 1);
}

void pkg_report_summary(const PkgReport *r, char *buf, size_t size)
{
	char bytes[32];
	pkg_format_bytes(r->bytes, bytes, sizeof(bytes));
	snprintf(buf, size, "%u article%s, %u topic%s, %u image%s, %s", r->articles,
	         r->articles == 1 ? "" : "s", r->topics, r->topics == 1 ? "" : "s", r->images,
	         r->images == 1 ? "" : "s", bytes);
}

/* ---- problems in one wording ------------------------------------------- */

const char *pkg_kind_problem(PkgKind kind, uint64_t links)
{
	switch (kind) {
	case PKG_KIND_DIR:
		return NULL;
	case PKG_KIND_FILE:
		return links > 1 ? N_("this file is also stored under another name (a hard link); "
		                      "copy the file instead")
		                 : NULL;
	case PKG_KIND_LINK:
		return N_("this is a shortcut (a symbolic link); the kiosk accepts only real files "
		          "and folders");
	case PKG_KIND_PIPE:
		return N_("not a real file (it is a pipe)");
	case PKG_KIND_DEVICE:
		return N_("not a real file (it is a device)");
	case PKG_KIND_SOCKET:
		return N_("not a real file (it is a socket)");
	default:
		return N_("not a real file");
	}
}

void pkg_report_too_many(PkgReport *r, uint32_t max_files)
{
	pkg_report_add(r, false, "",
	               "the kiosk folder holds too many files (more than %u files and folders)",
	               (unsigned)max_files);
}

void pkg_report_too_large(PkgReport *r, uint64_t bytes, uint64_t max, bool at_least)
{
	char has[32], most[32];
	if (at_least || pkg_format_sizes(bytes, max, has, most, sizeof(most)))
		pkg_report_add(r, false, "", "the kiosk folder is too large (more than %s)", most);
	else
		pkg_report_add(r, false, "", "the kiosk folder is too large (%s; at most %s)", has,
		               most);
}

void pkg_report_too_deep(PkgReport *r, const char *path)
{
	pkg_report_add(r, false, path, "folders are nested too deeply (at most %d levels)",
	               PKG_DEPTH_MAX);
}

void pkg_report_too_long(PkgReport *r, const char *path)
{
	pkg_report_add(r, false, path, "the path is too long");
}

void pkg_report_unreadable(PkgReport *r, const char *path, bool folder, const char *why)
{
	/* Two sentences, not one with "folder" or "file" put in: a translation
	 * may need each its own words around them. */
	if (folder)
		pkg_report_add(r, false, path, "the folder cannot be read (%s)", why);
	else
		pkg_report_add(r, false, path, "the file cannot be read (%s)", why);
}

void pkg_report_case_twin(PkgReport *r, const char *path, const char *other)
{
	pkg_report_add(r, false, path,
	               "the same name as %s apart from capital letters (keep only one)", other);
}

void pkg_report_changed(PkgReport *r, const char *path)
{
	pkg_report_add(r, false, path, "the file changed while it was being checked");
}

void pkg_report_no_memory(PkgReport *r, const char *path, const char *what)
{
	if (what)
		pkg_report_add_phrased(r, false, path, 2u, "%s: %s", what,
		                       N_("the kiosk ran out of memory while checking"));
	else
		pkg_report_add(r, false, path, "the kiosk ran out of memory while checking");
}
