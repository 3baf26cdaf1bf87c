/* Fuzz target: kiosk.conf parsing, the kiosk's own and a stick's. Besides
 * not crashing, whatever the text says, the theme that comes out must be
 * readable: every text/fill pair at its minimum. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/settings/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Each problem's words are written out, as the kiosk's log writes them. */
static void ignore(void *user, int line, bool warning, const PkgWhy *why)
{
	(void)user;
	(void)line;
	(void)warning;
	char msg[PKG_WORDS_MAX];
	pkg_why_english(why, msg, sizeof(msg));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Config c;
	config_defaults(&c);
	config_parse(&c, (const char *)data, size, ignore, NULL);
	if (theme_check(&c.theme, THEME_MIN_CONTRAST, NULL, NULL) != 0)
		abort();
	config_defaults(&c);
	config_parse_package(&c, (const char *)data, size, ignore, NULL);
	if (theme_check(&c.theme, THEME_MIN_CONTRAST, NULL, NULL) != 0)
		abort();
	return 0;
}
