/* verdict: what `kiosk check` says of a stick, for every command that
 * reports it (check, preview): the signature first, as on the kiosk
 * (when it is required, or a key is named, nothing is parsed or decoded
 * unless it checks out), then the package with the kiosk's limits and
 * fonts. Returns results and never prints.
 */
#ifndef KIOSK_VERDICT_H
#define KIOSK_VERDICT_H

#include <stddef.h>

#include "core/package/pkg.h"
#include "core/settings/config.h"

/* Checks the stick or kiosk folder dir under cfg's limits, fonts and
 * signature policy (pubkey: a key to verify against, or NULL). 0 when
 * the kiosk would take it (warnings allowed), -1 otherwise; r holds the
 * problems, errors first, and the counts. summary gets check's last line
 * when it would take it: "OK: 1 article, 9 topics, 3 images, 1.2 MB; not
 * signed". */
int verdict_check(const char *dir, const Config *cfg, const char *pubkey, PkgReport *r,
                  char *summary, size_t size);

#endif
