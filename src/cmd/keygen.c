/* `kiosk keygen --out NAME --name "Riverside Clinic front desk"`: a key
 * pair for signing content, NAME.key (secret) and NAME.pub. */
#include "cmd/cmd.h"

#include <string.h>

#include "platform/package/signing.h"

int cmd_keygen(const CliOptions *cli)
{
	const char *name = cli->name;
	if (!name || !*name || strlen(name) >= SIG_NAME_MAX || strchr(name, '\n')) {
		fprintf(stderr, "kiosk: --name must be one line of at most %d characters\n",
		        SIG_NAME_MAX - 1);
		return 2;
	}
	char why[4200];
	if (signing_keygen(cli->out, name, why, sizeof(why)) != 0) {
		fprintf(stderr, "kiosk: %s\n", why);
		return 1;
	}
	printf("Made %s.key (keep it secret) and %s.pub (copy it to each kiosk's trusted keys "
	       "folder) for \"%s\".\n",
	       cli->out, cli->out, name);
	return 0;
}
