/* Fuzz target: DATA/service/last-import, the last import's result shown on
 * the service screen (the kiosk writes it, but a power cut or a failing
 * card may leave anything there). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/model/utf8.h"
#include "core/service/service.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	bool shown = service_clean_line(s, size);
	size_t n = strlen(s);
	/* What shows is UTF-8, one line, no control character, and no more
	 * than was read; nothing shows of a file refused. */
	if (n > size || !utf8_valid(s, n, NULL) || (!shown && n != 0))
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			__builtin_trap();
	free(s);
	return 0;
}
