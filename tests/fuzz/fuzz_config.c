/* Fuzz target: kiosk.conf parsing (a stick may carry one). */
#include <stddef.h>
#include <stdint.h>

#include "core/settings/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore(void *user, int line, const char *msg)
{
	(void)user;
	(void)line;
	(void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Config c;
	config_defaults(&c);
	config_parse(&c, (const char *)data, size, ignore, NULL);
	return 0;
}
