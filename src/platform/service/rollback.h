/* rollback: back to the content shown before the current one, from the
 * service screen. DATA keeps it (store.h: previous); going back swaps the
 * two links current and previous in one step (renameat2's
 * RENAME_EXCHANGE), so the content that was current becomes previous and
 * a second rollback goes forward again. Every step is made durable before
 * the next, through fsio like the store's own: kill -9 or a power cut at
 * any instant leaves the old content or the new, whole (tests/import/
 * test_rollback.c crashes it at every call).
 */
#ifndef KIOSK_ROLLBACK_H
#define KIOSK_ROLLBACK_H

#include <stddef.h>

typedef enum {
	ROLLBACK_DONE,        /* the previous content is current now */
	ROLLBACK_NO_PREVIOUS, /* nothing to go back to; nothing changed */
	ROLLBACK_FAILED,      /* nothing changed; why in err */
} RollbackResult;

RollbackResult rollback_run(const char *data, char *err, size_t errlen);

#endif
