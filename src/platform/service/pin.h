/* pin: the service PIN as libsodium keeps passwords: crypto_pwhash_str
 * (Argon2id at its "interactive" limits, 64 MiB and 2 passes, with a salt
 * of its own in every hash), so neither kiosk.conf nor the data folder
 * ever holds the PIN, and a stolen hash costs a guesser that memory and
 * time for every PIN tried.
 *
 * Checking a PIN takes a few hundred milliseconds by design: it runs on a
 * thread of its own so that the screen keeps drawing. A PinCheck is the
 * caller's; pin_check_stop joins its thread and wipes what it held.
 */
#ifndef KIOSK_PIN_H
#define KIOSK_PIN_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#define PIN_HASH_MAX 128 /* crypto_pwhash_STRBYTES */

/* The hash of pin into out (PIN_HASH_MAX bytes). 0, or -1 with err (a PIN
 * must be 4 to 12 digits). */
int pin_hash(const char *pin, char *out, char *err, size_t errlen);
/* Whether hash is one libsodium can check (its shape and limits). */
bool pin_hash_usable(const char *hash);
/* The hash in force: DATA/service/pin (set from a signed stick) when
 * there is one, else kiosk.conf's service_pin. false when neither holds
 * a usable hash. */
bool pin_current(const char *data, const char *conf_hash, char *out);

/* A signed package's service PIN (its kiosk.conf's service_pin), kept as
 * DATA/service/pin, which goes before kiosk.conf's from then on. Only for
 * a package whose signature verified: the caller's to know. 1 kept, 0
 * none to keep, -1 with errno when it could not be written. */
int pin_take_from_package(int pkgfd, const char *data);

typedef struct {
	pthread_t thread;
	bool running;
	atomic_bool done;
	bool right;
	char hash[PIN_HASH_MAX];
	char pin[16];
} PinCheck;

/* Starts checking pin against hash. 0, or -1 when no thread could start
 * (the PIN is then checked at once, on the caller's thread). */
int pin_check_start(PinCheck *c, const char *hash, const char *pin);
/* 1 with *right once the check is done (the thread joined), 0 while it
 * runs, -1 when none was started. wait: block until it is done. */
int pin_check_poll(PinCheck *c, bool wait, bool *right);
void pin_check_stop(PinCheck *c);

#endif
