/* Fuzz target: render script lines (written by test robots and people). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/settings/script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ScriptCmd cmd;
	char err[200];
	const char *p = (const char *)data, *end = p + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		script_parse_line(p, len, &cmd, err, sizeof(err));
		p += len + 1;
	}
	return 0;
}
