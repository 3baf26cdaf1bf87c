/* pkgwalk: the checker's first pass. It lists every folder
 * breadth-first, from the array of entries that is its own queue (no
 * recursion, at most max_files entries), and judges what it sees without
 * opening any file: names, links, devices, pipes, hard links, sizes,
 * depth, names that differ only in case. Leftovers of other systems are
 * passed over. The entries are Check's (pkgcheckrun.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/package/check/pkgcheckrun.h"
#include "platform/package/pkgfiles.h"

static char *join(const char *dir, const char *name)
{
	size_t a = dir ? strlen(dir) : 0, b = strlen(name);
	char *p = malloc(a + b + 2);
	if (!p)
		return NULL;
	if (a) {
		memcpy(p, dir, a);
		p[a] = '/';
		memcpy(p + a + 1, name, b + 1);
	} else {
		memcpy(p, name, b + 1);
	}
	return p;
}

static char *fold_dup(const char *s)
{
	size_t n = strlen(s);
	char *p = malloc(n + 1);
	if (p)
		pkg_fold(s, p, n + 1);
	return p;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static Entry *entry_add(Check *c)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		Entry *v = realloc(c->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		c->v = v;
		c->cap = cap;
	}
	Entry *e = &c->v[c->n];
	memset(e, 0, sizeof(*e));
	return e;
}

/* Judges one name found in a folder (dfd) and adds its entry. */
static void judge(Check *c, PkgReport *wr, int dfd, const Entry *parent, const char *name)
{
	const char *prel = parent ? parent->rel : NULL;
	unsigned depth = parent ? parent->depth + 1 : 1;
	char *rel = join(prel, name);
	char *fold = rel ? fold_dup(rel) : NULL;
	Entry *e = fold ? entry_add(c) : NULL;
	if (!e) {
		free(rel);
		free(fold);
		pkg_report_no_memory(wr, name, NULL);
		return;
	}
	*e = (Entry){.rel = rel, .fold = fold, .kind = ENT_BAD, .depth = depth};
	c->n++;

	PkgWhy why;
	if (strlen(rel) > PKG_PATH_MAX) {
		pkg_report_too_long(wr, rel);
		return;
	}
	if (pkg_path_check(name, &why) != 0) {
		pkg_report_why(wr, false, rel, &why);
		return;
	}
	struct stat st;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		pkg_report_unreadable(wr, rel, false, strerror(errno));
		return;
	}
	e->dev = st.st_dev;
	e->ino = st.st_ino;
	/* The importer links files that are as installed; nothing from a
	 * stick ever becomes a link there. */
	if (c->own_links && S_ISREG(st.st_mode))
		st.st_nlink = 1;
	const char *bad = pkgfiles_problem(&st);
	if (bad) {
		pkg_report_text(wr, false, rel, bad);
	} else if (S_ISDIR(st.st_mode)) {
		e->kind = ENT_DIR;
		if (depth > PKG_DEPTH_MAX) {
			e->too_deep = true;
			pkg_report_too_deep(wr, rel);
		}
	} else {
		e->kind = ENT_FILE;
		e->size = (uint64_t)st.st_size;
		c->total += e->size;
	}
}

static int by_fold_index(const void *a, const void *b, void *arg)
{
	const Entry *v = arg;
	const Entry *x = &v[*(const size_t *)a], *y = &v[*(const size_t *)b];
	int d = strcmp(x->fold, y->fold);
	return d ? d : strcmp(x->rel, y->rel);
}

/* Names in one folder that differ only in case: FAT cannot hold both, and
 * the kiosk could not tell which one an article means. */
static void case_twins(Check *c, PkgReport *wr, size_t first)
{
	size_t k = c->n - first;
	if (k < 2)
		return;
	size_t *idx = malloc(k * sizeof(*idx));
	if (!idx)
		return;
	for (size_t i = 0; i < k; i++)
		idx[i] = first + i;
	qsort_r(idx, k, sizeof(*idx), by_fold_index, c->v);
	for (size_t i = 1; i < k; i++) {
		const Entry *a = &c->v[idx[i - 1]], *b = &c->v[idx[i]];
		if (strcmp(a->fold, b->fold) == 0)
			pkg_report_case_twin(wr, b->rel, a->rel);
	}
	free(idx);
}

/* Lists one folder (parent -1: the package itself) into new entries. */
static void list_dir(Check *c, PkgReport *wr, ssize_t parent)
{
	const char *prel = parent >= 0 ? c->v[parent].rel : "";
	int dfd = pkgfiles_open_dir(c->root, prel);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d) {
		pkg_report_unreadable(wr, prel, true, strerror(errno));
		if (dfd >= 0)
			close(dfd);
		return;
	}
	/* Sorted, so the report reads the same on every file system. */
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	bool oom = false;
	while ((de = readdir(d))) {
		/* Leftovers of other systems are not part of the package: not
		 * judged, not counted against the limits. */
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
		    pkg_is_leftover_name(de->d_name) || pkg_is_software_folder(prel, de->d_name))
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			char **p = realloc(names, ncap * sizeof(*p));
			if (!p) {
				oom = true;
				break;
			}
			names = p;
			cap = ncap;
		}
		if (!(names[n] = strdup(de->d_name))) {
			oom = true;
			break;
		}
		n++;
		/* One more than allowed is enough to know. */
		if (c->n + n > c->lim->max_files)
			break;
	}
	if (oom)
		pkg_report_no_memory(wr, prel, NULL);
	/* An empty folder has no array at all: qsort must not be handed
	 * NULL, even for nothing. */
	if (n > 1)
		qsort(names, n, sizeof(*names), by_name);
	size_t first = c->n;
	for (size_t i = 0; i < n; i++) {
		if (c->n >= c->lim->max_files) {
			c->too_many = true;
			break;
		}
		const Entry *pe = parent >= 0 ? &c->v[parent] : NULL;
		/* judge may move c->v: it gets a copy of the parent. */
		Entry copy;
		if (pe)
			copy = *pe;
		judge(c, wr, dfd, pe ? &copy : NULL, names[i]);
	}
	case_twins(c, wr, first);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
}

static int by_fold(const void *a, const void *b, void *arg)
{
	const Entry *v = arg;
	return strcmp(v[*(const size_t *)a].fold, v[*(const size_t *)b].fold);
}

/* The entry whose folded path is fold, or -1. */
ssize_t pkgcheck_find(const Check *c, const char *fold)
{
	size_t lo = 0, hi = c->byfold ? c->n : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(c->v[c->byfold[mid]].fold, fold);
		if (d == 0)
			return (ssize_t)c->byfold[mid];
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

void pkgcheck_walk(Check *c, PkgReport *wr)
{
	list_dir(c, wr, -1);
	for (size_t i = 0; i < c->n && !c->too_many; i++)
		if (c->v[i].kind == ENT_DIR && !c->v[i].too_deep)
			list_dir(c, wr, (ssize_t)i);
	c->byfold = malloc((c->n ? c->n : 1) * sizeof(*c->byfold));
	if (c->byfold) {
		for (size_t i = 0; i < c->n; i++)
			c->byfold[i] = i;
		qsort_r(c->byfold, c->n, sizeof(*c->byfold), by_fold, c->v);
	}
}
