/* recorder: when the usage figures are written (see recorder.h). */
#include "platform/usage/recorder.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

void recorder_init(Recorder *r, const char *data, uint64_t now)
{
	memset(r, 0, sizeof(*r));
	usage_init(&r->counts);
	r->since = now;
	struct stat st;
	/* The data folder is the store's to make; without one (a development
	 * machine, `kiosk render` without --data) nothing is kept. */
	if (data && stat(data, &st) == 0 && S_ISDIR(st.st_mode) && strlen(data) < sizeof(r->data))
		snprintf(r->data, sizeof(r->data), "%s", data);
}

static void failed(Recorder *r, const char *why)
{
	if (!r->failing)
		fprintf(stderr, "kiosk: usage figures: %s; the kiosk goes on without them\n", why);
	r->failing = true;
}

int recorder_flush(Recorder *r, uint64_t now)
{
	char err[512], note[PATH_MAX * 2 + 600];
	/* A failed write is tried again a batch later. */
	r->since = now;
	if (!r->data[0] || r->counts.npending == 0)
		return 0;
	if (!r->db) {
		r->db = usagedb_open(r->data, note, sizeof(note), err, sizeof(err));
		if (note[0])
			fprintf(stderr, "kiosk: usage figures: %s\n", note);
		if (!r->db) {
			failed(r, err);
			return -1;
		}
	}
	if (usagedb_add(r->db, r->counts.pending, r->counts.npending, err, sizeof(err)) != 0) {
		/* Kept for the next batch (what no longer fits is counted as
		 * dropped), and the file opened afresh then. */
		failed(r, err);
		usagedb_close(r->db);
		r->db = NULL;
		return -1;
	}
	if (r->failing)
		fprintf(stderr, "kiosk: usage figures are saved again\n");
	r->failing = false;
	usage_clear(&r->counts);
	return 0;
}

uint64_t recorder_due(const Recorder *r)
{
	if (!r->data[0] || r->counts.npending == 0)
		return UINT64_MAX;
	return r->since + USAGE_BATCH_MS;
}

void recorder_note(Recorder *r, const DocLibrary *lib, const View *v, const char *lang,
                   uint64_t now, int day)
{
	r->last_note = now;
	if (!r->data[0])
		return;
	bool waiting = r->counts.npending > 0;
	usage_observe(&r->counts, lib, v, lang, now, day);
	if (!waiting && r->counts.npending > 0)
		r->since = now;
	/* A table near full is written at once rather than drop counts. */
	if (now >= recorder_due(r) || (r->counts.npending > USAGE_PENDING_MAX - 8 && !r->failing))
		recorder_flush(r, now);
}

void recorder_restart(Recorder *r, const DocLibrary *lib, uint64_t now, int day)
{
	usage_restart(&r->counts, lib, now, day);
	recorder_flush(r, now);
}

void recorder_deinit(Recorder *r, const DocLibrary *lib, int day)
{
	if (lib)
		usage_restart(&r->counts, lib, r->last_note, day);
	recorder_flush(r, r->last_note);
	usagedb_close(r->db);
	r->db = NULL;
}
