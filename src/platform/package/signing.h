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

#include "core/package/pkg.h"
#include "core/package/sig.h"

typedef struct {
	bool present;  /* a kiosk.sig was found */
	bool verified; /* signature, key, site, version and every file check out */
	char signer[SIG_NAME_MAX];
	char site[SIG_SITE_MAX];
	uint64_t version;
	uint64_t created; /* the signing time */
	bool reset_floor; /* a service stick: it sets the version floor */
} SigStatus;

typedef struct {
	const char *trusted_dir; /* folder of *.pub files, or NULL */
	const char *pubkey;      /* one .pub file instead (kiosk check --pubkey) */
	const char *site;        /* what this kiosk accepts ("" accepts any) */
	uint64_t floor;          /* the newest version ever installed */
	uint64_t last_reset;     /* the signing time of the last service stick */
	uint64_t now;            /* the kiosk's clock (seconds); 0: read it */
} SigPolicy;

/* The version floor: no signed package older than version is taken. A
 * service stick (kiosk.sig says reset-floor; `kiosk sign --reset-floor`)
 * signed by a trusted key sets it to its own version, lower or higher,
 * once: last_reset remembers its signing time, and a stick signed no later
 * than that is not taken again, so an old service stick cannot be replayed
 * to bring old content back. */
typedef struct {
	uint64_t version;
	uint64_t last_reset;
} SigFloor;

/* Verifies the package at dirfd (its kiosk folder). Problems go into r
 * (path "kiosk.sig" or the file's), in plain words. 0 when verified. */
int signing_verify(int dirfd, const SigPolicy *p, SigStatus *st, PkgReport *r);
/* The floor kept in DATA/version-floor ("VERSION\n", then "reset TIME\n"
 * once a service stick has set it); zeros when there is none. */
void signing_floor_read(const char *data, SigFloor *f);
/* After a verified package (st) goes in: raises the floor to its version,
 * never lowering it, or for a service stick sets it to its version and
 * remembers the stick. Durable (temp file, fsync, rename, fsync). 0 or
 * -1. */
int signing_floor_update(const char *data, const SigStatus *st);

/* Makes a key pair: out.key (the secret, 0600) and out.pub, never over
 * existing files. name is the key's human name (one line, checked by the
 * caller). 0, or -1 with why. */
int signing_keygen(const char *out, const char *name, char *why, size_t whylen);
/* Reads a secret key file (NAME.key). 0, or -1 with why. The caller wipes
 * k (sodium_memzero) when done. */
int signing_read_secret(const char *path, SigKey *k, char *why, size_t whylen);

typedef struct {
	const SigKey *key; /* with its secret */
	const char *site;
	uint64_t version;
	uint64_t created;  /* the signing time */
	uint64_t max_file; /* the most a file may hold (the package limit) */
	bool reset_floor;  /* a service stick (see SigFloor) */
} SignRequest;

typedef struct {
	size_t files;
	char path[4096]; /* the kiosk.sig written */
} SignResult;

/* Signs the package at dirfd (its kiosk folder, already checked): lists
 * and hashes every file and writes kiosk.sig beside the articles, durably.
 * 0, or -1 with the problems in r. */
int signing_sign(int dirfd, const SignRequest *q, PkgReport *r, SignResult *res);

#endif
