/* sig: the text formats of content signing, parsed and written as pure
 * functions (the cryptography itself is libsodium's, in platform/signing.c).
 *
 * kiosk/kiosk.sig:
 *   kiosk-signature 1
 *   name Riverside Clinic front desk       the signing key's human name
 *   key <64 hex>                           the Ed25519 public key
 *   site riverside                         which kiosks it is for
 *   version 1764345600                     higher is newer
 *   created 1764345600                     signing time, seconds
 *   reset-floor                            optional: a service stick that
 *                                          sets the kiosk's version floor
 *                                          to this version
 *   file <size> <64 hex BLAKE2b-256> <path>   one per file, path last
 *   signature <128 hex>                    Ed25519 over every byte above
 *
 * NAME.pub: "kiosk-public-key 1", "name ...", "key <64 hex>".
 * NAME.key: "kiosk-secret-key 1", "name ...", "secret <128 hex>".
 *
 * Parsing is strict (every byte of a stick is hostile): known lines in a
 * fixed order, bounded lengths, no duplicates. A SigFile owns its entries;
 * sig_free releases them. Pure C.
 */
#ifndef KIOSK_SIG_H
#define KIOSK_SIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIG_NAME_MAX 128
#define SIG_SITE_MAX 128
#define SIG_FILES_MAX 4096
#define SIG_FILE_MAX (1u << 20) /* a kiosk.sig larger than this is refused */
#define SIG_KEY_FILE_MAX 4096   /* NAME.pub and NAME.key */
/* How far a version may run ahead of the later of the signing time and
 * the kiosk's clock: one year. */
#define SIG_VERSION_AHEAD (365ull * 24 * 60 * 60)

typedef struct {
	char *path;
	uint64_t size;
	uint8_t hash[32];
} SigEntry;

typedef struct {
	char name[SIG_NAME_MAX];
	uint8_t key[32];
	char site[SIG_SITE_MAX];
	uint64_t version;
	uint64_t created;
	bool reset_floor; /* the "reset-floor" line */
	SigEntry *files;
	size_t nfiles;
	size_t signed_len; /* bytes covered by the signature */
	uint8_t signature[64];
} SigFile;

typedef struct {
	char name[SIG_NAME_MAX];
	uint8_t key[32];    /* public */
	uint8_t secret[64]; /* NAME.key only */
	bool has_secret;
} SigKey;

/* Parses a kiosk.sig. 0, or -1 with a plain reason in why. */
int sig_parse(const char *text, size_t len, SigFile *out, char *why, size_t whylen);
void sig_free(SigFile *s);
/* Writes the signed part of a kiosk.sig (everything before the signature
 * line) into a malloc'd string. Entries must be sorted by path. NULL with
 * errno EFBIG when the whole file would be more than sig_parse takes (more
 * than SIG_FILES_MAX files, or over SIG_FILE_MAX bytes), or ENOMEM. */
char *sig_body(const SigFile *s, size_t *len);
/* The final line: "signature <hex>\n" (buf >= 140 bytes). */
void sig_signature_line(const uint8_t sig[64], char *buf, size_t size);

/* A key's name or a site as kiosk.sig and the key files hold them: one
 * line of printable UTF-8 text (no tab, no control character), 1 to
 * size - 1 bytes. 0, or -1 with a phrase in why ("it holds a tab or
 * another control character"). What keygen and sign take. */
int sig_text_check(const char *s, size_t size, char *why, size_t whylen);
/* A version as kiosk.sig writes it: digits only, no sign, no spaces, no
 * leading zeros, at most 19 digits. 0, or -1. */
int sig_version_parse(const char *s, uint64_t *out);
/* Whether version is at most SIG_VERSION_AHEAD past the later of now and
 * created (the signing time). A version further ahead would lock a kiosk
 * out of every later update; the later of the two clocks counts because a
 * board without a clock can start in the past. */
bool sig_version_plausible(uint64_t version, uint64_t now, uint64_t created);

/* NAME.pub / NAME.key. */
int sig_key_parse(const char *text, size_t len, SigKey *out, char *why, size_t whylen);
/* A key file's text into buf (public only unless secret is set). */
int sig_key_format(const SigKey *k, bool secret, char *buf, size_t size);

void sig_hex(const uint8_t *bytes, size_t n, char *out); /* out: 2n + 1 */

#endif
