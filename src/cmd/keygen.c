/* `kiosk keygen --out NAME --name "Riverside Clinic front desk"`: a key
 * pair for signing content, NAME.key (secret) and NAME.pub. */
#include "cmd/cmd.h"

#include "platform/package/signing.h"

int cmd_keygen(const CliOptions *cli)
{
	const char *name = cli->name;
	char why[4200];
	/* The kiosk's own rule for a key's name: a key it could not read is
	 * never made. */
	if (sig_text_check(name ? name : "", SIG_NAME_MAX, why, sizeof(why)) != 0) {
		fprintf(stderr, "kiosk: --name cannot be used: %s\n", why);
		return 2;
	}
	if (signing_keygen(cli->out, name, why, sizeof(why)) != 0) {
		fprintf(stderr, "kiosk: %s\n", why);
		return 1;
	}
	printf("Made %s.key (keep it secret) and %s.pub (copy it to each kiosk's trusted keys "
	       "folder) for \"%s\".\n",
	       cli->out, cli->out, name);
	return 0;
}
