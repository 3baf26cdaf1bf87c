/* progress: an import's progress bar and the time it has left, from what
 * the importer reports and the time it is reported at. Pure arithmetic:
 * no clock of its own (now is passed in, in ms), no SDL, no files.
 *
 * An import does two kinds of work: it reads the stick (each byte of the
 * package once, compared with what is installed or copied), then checks
 * the copy (reading it again from the kiosk's storage and decoding every
 * picture). They are counted apart, each in its own bytes, and never
 * added up as though they were one: the bar is the share of the time the
 * whole import is expected to take, from the pace measured so far. Until
 * the check has run for a while its pace is taken to be the reading's (it
 * reads the same bytes, from a disk instead of a stick); then its own.
 * The bar never goes back.
 *
 * The caller owns the Progress; it holds no pointers.
 */
#ifndef KIOSK_PROGRESS_H
#define KIOSK_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
	PROGRESS_READING,  /* the stick: bytes of the package read */
	PROGRESS_CHECKING, /* the copy: bytes checked */
} ProgressStage;

/* A pace is trusted once it has been measured for this long. */
#define PROGRESS_MEASURE_MS 1000
/* Time left is shown for imports expected to take at least this long. */
#define PROGRESS_LONG_MS 10000

typedef struct {
	bool started;
	bool checking; /* reading has ended, the check runs */
	uint64_t t0;   /* the first report */
	uint64_t read_done, read_total;
	uint64_t check_t0; /* when the check began (and reading ended) */
	uint64_t check_done, check_total;
	int shown;     /* the share shown last, in thousandths */
	bool long_one; /* the time left was said once: said to the end */
} Progress;

/* Before an import. */
void progress_init(Progress *p);
/* The importer's report at now: done of total bytes of stage. */
void progress_report(Progress *p, ProgressStage stage, uint64_t done, uint64_t total, uint64_t now);
/* The share of the import done at now, 0 to 1000 (1000 only once the
 * check has ended). */
int progress_permille(Progress *p, uint64_t now);
/* Seconds left at now, or -1 when not worth saying: the pace is not yet
 * measured, or the import is a short one. Once said, it is said to the
 * end, so it does not come and go as the pace is measured better. */
long progress_seconds_left(Progress *p, uint64_t now);
/* seconds as a clock reads: "0:42", "12:05", "1:02:05". */
void progress_format_time(long seconds, char *buf, unsigned size);

#endif
