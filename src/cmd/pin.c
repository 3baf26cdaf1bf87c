/* `kiosk pin`: reads a service PIN from standard input (never from the
 * command line, where it would stay in the shell's history and show in
 * the process list) and prints the line that sets it in kiosk.conf:
 *   service_pin = $argon2id$v=19$m=65536,t=2,p=1$...
 * A terminal does not echo the PIN. */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "platform/service/pin.h"

int cmd_pin(void)
{
	struct termios was, quiet;
	bool tty = isatty(0) && tcgetattr(0, &was) == 0;
	if (tty) {
		fprintf(stderr, "Service PIN (4 to 12 digits): ");
		quiet = was;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(0, TCSANOW, &quiet);
	}
	char pin[64] = "", hash[PIN_HASH_MAX], err[128];
	bool got = fgets(pin, sizeof(pin), stdin) != NULL;
	if (tty) {
		tcsetattr(0, TCSANOW, &was);
		fputc('\n', stderr);
	}
	pin[strcspn(pin, "\r\n")] = '\0';
	if (!got || pin_hash(pin, hash, err, sizeof(err)) != 0) {
		fprintf(stderr, "kiosk: %s\n", got ? err : "no PIN was given on standard input");
		memset(pin, 0, sizeof(pin));
		return 1;
	}
	memset(pin, 0, sizeof(pin));
	printf("service_pin = %s\n", hash);
	return 0;
}
