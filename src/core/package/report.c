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

void pkg_report_free(PkgReport *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].path);
		free(r->v[i].msg);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

void pkg_report_add(PkgReport *r, bool warning, const char *path, const char *fmt, ...)
{
	if (warning)
		r->warnings++;
	else
		r->errors++;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		PkgProblem *v = realloc(r->v, cap * sizeof(*v));
		if (!v)
			return;
		r->v = v;
		r->cap = cap;
	}
	PkgProblem p = {clean_copy(path ? path : "", PKG_PATH_SHOWN),
	                clean_copy(msg, PKG_MSG_SHOWN), warning};
	if (!p.path || !p.msg) {
		free(p.path);
		free(p.msg);
		return;
	}
	r->v[r->n++] = p;
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
		return links > 1 ? "this file is also stored under another name (a hard link); "
		                   "copy the file instead"
		                 : NULL;
	case PKG_KIND_LINK:
		return "this is a shortcut (a symbolic link); the kiosk accepts only real files "
		       "and folders";
	case PKG_KIND_PIPE:
		return "not a real file (it is a pipe)";
	case PKG_KIND_DEVICE:
		return "not a real file (it is a device)";
	case PKG_KIND_SOCKET:
		return "not a real file (it is a socket)";
	default:
		return "not a real file";
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
	char msg[80], most[32];
	if (at_least) {
		pkg_format_bytes(max, most, sizeof(most));
		snprintf(msg, sizeof(msg), "more than %s", most);
	} else {
		pkg_format_over(bytes, max, msg, sizeof(msg));
	}
	pkg_report_add(r, false, "", "the kiosk folder is too large (%s)", msg);
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
	pkg_report_add(r, false, path, "the %s cannot be read (%s)", folder ? "folder" : "file",
	               why);
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
	static const char msg[] = "the kiosk ran out of memory while checking";
	if (what)
		pkg_report_add(r, false, path, "%s: %s", what, msg);
	else
		pkg_report_add(r, false, path, "%s", msg);
}
