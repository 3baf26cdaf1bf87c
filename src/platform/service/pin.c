#include "platform/service/pin.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/service/service.h"
#include "core/settings/config.h"
#include "platform/package/pkgfiles.h"
#include "platform/service/keep.h"

_Static_assert(PIN_HASH_MAX == crypto_pwhash_STRBYTES, "a hash's room");

static bool digits_only(const char *pin)
{
	size_t n = strlen(pin);
	if (n < SERVICE_PIN_MIN || n > SERVICE_PIN_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (pin[i] < '0' || pin[i] > '9')
			return false;
	return true;
}

int pin_hash(const char *pin, char *out, char *err, size_t errlen)
{
	if (!digits_only(pin)) {
		snprintf(err, errlen, "a service PIN is %d to %d digits", SERVICE_PIN_MIN,
		         SERVICE_PIN_MAX);
		return -1;
	}
	if (sodium_init() < 0 ||
	    crypto_pwhash_str(out, pin, strlen(pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		snprintf(err, errlen, "out of memory making the PIN's hash");
		return -1;
	}
	return 0;
}

bool pin_hash_usable(const char *hash)
{
	/* needs_rehash reads the hash's parameters: -1 when it cannot. A
	 * hash made with other limits still checks (0 or 1). */
	return sodium_init() >= 0 && strncmp(hash, "$argon2id$", 10) == 0 &&
	       strlen(hash) < PIN_HASH_MAX &&
	       crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                                      crypto_pwhash_MEMLIMIT_INTERACTIVE) >= 0;
}

bool pin_current(const char *data, const char *conf_hash, char *out)
{
	char buf[PIN_HASH_MAX + 2];
	if (data && keep_read(data, "pin", buf, sizeof(buf)) == 0) {
		buf[strcspn(buf, "\n")] = '\0';
		if (pin_hash_usable(buf)) {
			memcpy(out, buf, strlen(buf) + 1);
			return true;
		}
		fprintf(stderr, "kiosk: %s/service/pin: not a PIN's hash; kiosk.conf's applies\n",
		        data);
	}
	if (conf_hash && *conf_hash && pin_hash_usable(conf_hash)) {
		memcpy(out, conf_hash, strlen(conf_hash) + 1);
		return true;
	}
	out[0] = '\0';
	return false;
}

int pin_take_from_package(int pkgfd, const char *data)
{
	int fd = pkgfiles_open(pkgfd, "kiosk.conf");
	if (fd < 0)
		return 0;
	size_t len;
	char *text = pkgfiles_read(fd, CONFIG_FILE_MAX, &len);
	close(fd);
	if (!text)
		return 0; /* the check has judged the file already */
	Config c;
	config_defaults(&c);
	config_parse_signed_package(&c, text, len, NULL, NULL);
	free(text);
	if (!*c.service_pin || !pin_hash_usable(c.service_pin))
		return 0;
	char line[PIN_HASH_MAX + 2];
	snprintf(line, sizeof(line), "%s\n", c.service_pin);
	return keep_write(data, "pin", line) == 0 ? 1 : -1;
}

static void *check_main(void *arg)
{
	PinCheck *c = arg;
	c->right = crypto_pwhash_str_verify(c->hash, c->pin, strlen(c->pin)) == 0;
	atomic_store(&c->done, true);
	return NULL;
}

int pin_check_start(PinCheck *c, const char *hash, const char *pin)
{
	pin_check_stop(c);
	snprintf(c->hash, sizeof(c->hash), "%s", hash);
	snprintf(c->pin, sizeof(c->pin), "%s", pin);
	atomic_store(&c->done, false);
	if (sodium_init() >= 0 && pthread_create(&c->thread, NULL, check_main, c) == 0) {
		c->running = true;
		return 0;
	}
	check_main(c);
	c->running = true;
	c->thread = pthread_self();
	return -1;
}

int pin_check_poll(PinCheck *c, bool wait, bool *right)
{
	if (!c->running)
		return -1;
	if (!wait && !atomic_load(&c->done))
		return 0;
	if (!pthread_equal(c->thread, pthread_self()))
		pthread_join(c->thread, NULL);
	c->running = false;
	*right = c->right;
	sodium_memzero(c->pin, sizeof(c->pin));
	return 1;
}

void pin_check_stop(PinCheck *c)
{
	bool right;
	pin_check_poll(c, true, &right);
	sodium_memzero(c->pin, sizeof(c->pin));
}
