/* Fuzz target: DATA/clock, the last known time (the kiosk writes it, but a
 * power cut or a failing card may leave anything there). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/schedule/timekeep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	TimekeepFile f;
	if (timekeep_parse((const char *)data, size, &f) != 0)
		return 0;
	/* What was read writes back to the same bytes. */
	char buf[TIMEKEEP_FILE_MAX];
	int n = timekeep_format(&f, buf, sizeof(buf));
	if (n < 0 || (size_t)n != size || memcmp(buf, data, size) != 0)
		__builtin_trap();
	return 0;
}
