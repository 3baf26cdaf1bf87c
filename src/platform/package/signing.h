/* signing: only the clinic's own sticks can change the screen.
 *
 * Keys are Ed25519 (libsodium); a package's kiosk/kiosk.sig lists every
 * file with its size and BLAKE2b-256 hash, the package's creation time, a
 * version and the site it is for, signed as a whole (format in
 * core/sig.h). Trusted public keys come only from the kiosk's own file
 * system (trusted_keys_dir), never from a stick. Verification reads the
 * copy in staging, at most each file's declared size + 1 bytes, before any
 * article is parsed or picture decoded.
 */
#ifndef KIOSK_SIGNING_H
#define KIOSK_SIGNING_H

#include <stdbool.h>
#include <stdint.h>

#include "core/settings/config.h"
#include "core/package/pkg.h"
#include "core/package/sig.h"

typedef struct {
	bool present;  /* a kiosk.sig was found */
	bool verified; /* signature, key, site, version and every file check out */
	char signer[SIG_NAME_MAX];
	char site[SIG_SITE_MAX];
	uint64_t version;
} SigStatus;

typedef struct {
	const char *trusted_dir; /* folder of *.pub files, or NULL */
	const char *pubkey;      /* one .pub file instead (kiosk check --pubkey) */
	const char *site;        /* what this kiosk accepts ("" accepts any) */
	uint64_t floor;          /* the newest version ever installed */
} SigPolicy;

/* Verifies the package at dirfd (its kiosk folder). Problems go into r
 * (path "kiosk.sig" or the file's), in plain words. 0 when verified. */
int signing_verify(int dirfd, const SigPolicy *p, SigStatus *st, PkgReport *r);
/* The version floor kept in DATA/version-floor (0 when none). */
uint64_t signing_floor(const char *data);
/* Raises the floor durably (temp file, fsync, rename, fsync); never lowers
 * it. 0 or -1. */
int signing_raise_floor(const char *data, uint64_t version);

/* `kiosk keygen --out NAME --name "..."`: NAME.key (0600) and NAME.pub. */
int signing_keygen_main(const char *out, const char *name);
/* `kiosk sign DIR --key NAME.key --for SITE [--version N]`. */
int signing_sign_main(const char *dir, const char *key, const char *site, const char *version,
                      const Config *cfg);

#endif
