/* Fuzz target: a problem's words as a sandboxed child sends them over its
 * pipe (core/package/pkg.h: a template and its arguments, each ended by a
 * NUL), unpacked, written out in English and added to a report, then said
 * through a "translation" that is the child's own template: nothing a
 * child writes may crash the parent or leave a line that is not one clean
 * line of text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/package/pkg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *same(const void *ctx, const char *msgid)
{
	(void)ctx;
	return msgid;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	PkgWords w;
	if (pkg_words_unpack((const char *)data, size, &w) != 0)
		return 0;
	if (w.nargs > PKG_ARGS_MAX || (const uint8_t *)w.tmpl != data)
		abort();
	for (size_t i = 0; i < w.nargs; i++)
		if ((const uint8_t *)w.args[i] < data || (const uint8_t *)w.args[i] >= data + size)
			abort();
	/* Packed again, the words are the same bytes. */
	char again[PKG_WORDS_MAX];
	if (pkg_words_pack(again, sizeof(again), w.tmpl, w.args, w.nargs) != size ||
	    memcmp(again, data, size) != 0)
		abort();
	PkgReport r;
	pkg_report_init(&r);
	pkg_report_words(&r, false, "images/a.png", &w);
	char line[2048];
	for (size_t i = 0; i < r.n; i++) {
		int n = pkg_report_line_in(&r, i, same, NULL, line, sizeof(line));
		if (n < 0 || strlen(line) >= sizeof(line) || strchr(line, '\n'))
			abort();
	}
	pkg_report_free(&r);
	return 0;
}
