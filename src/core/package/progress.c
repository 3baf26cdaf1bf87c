#include "core/package/progress.h"

#include <stdio.h>
#include <string.h>

void progress_init(Progress *p)
{
	memset(p, 0, sizeof(*p));
}

void progress_report(Progress *p, ProgressStage stage, uint64_t done, uint64_t total, uint64_t now)
{
	if (!p->started) {
		p->started = true;
		p->t0 = now;
	}
	if (total < done)
		total = done;
	if (stage == PROGRESS_READING) {
		/* Reading never comes back after the check began. */
		if (p->checking)
			return;
		p->read_done = done;
		p->read_total = total;
		return;
	}
	if (!p->checking) {
		p->checking = true;
		p->check_t0 = now;
		p->read_done = p->read_total;
	}
	p->check_done = done;
	p->check_total = total;
}

/* Bytes a millisecond, or 0 when not yet known. */
static double read_pace(const Progress *p, uint64_t now)
{
	uint64_t end = p->checking ? p->check_t0 : now;
	uint64_t took = end > p->t0 ? end - p->t0 : 0;
	if (p->read_done == 0 || took < (p->checking ? 1 : PROGRESS_MEASURE_MS))
		return 0;
	return (double)p->read_done / (double)took;
}

/* The ms the rest should take, or -1 while no pace is known. */
static double remaining_ms(const Progress *p, uint64_t now)
{
	double read = read_pace(p, now), check = read;
	uint64_t took = now > p->check_t0 ? now - p->check_t0 : 0;
	if (p->checking && took >= PROGRESS_MEASURE_MS && p->check_done > 0)
		check = (double)p->check_done / (double)took;
	if (check <= 0 || (!p->checking && read <= 0))
		return -1;
	double left = 0;
	if (!p->checking)
		left += (double)(p->read_total - p->read_done) / read;
	/* Before the check, its bytes are the package's: what was read. */
	uint64_t check_total = p->checking ? p->check_total : p->read_total;
	left += (double)(check_total - p->check_done) / check;
	return left;
}

int progress_permille(Progress *p, uint64_t now)
{
	if (!p->started)
		return p->shown;
	int v;
	if (p->checking && p->check_done >= p->check_total) {
		v = 1000;
	} else {
		double left = remaining_ms(p, now);
		if (left < 0) {
			/* No pace yet: each stage by its bytes, as equals. */
			uint64_t check_total = p->checking ? p->check_total : p->read_total;
			uint64_t all = p->read_total + check_total;
			v = all ? (int)((p->read_done + p->check_done) * 1000 / all) : 0;
		} else {
			double took = (double)(now - p->t0);
			v = took + left > 0 ? (int)(1000.0 * took / (took + left)) : 0;
		}
		if (v > 999)
			v = 999;
	}
	if (v < p->shown)
		v = p->shown;
	p->shown = v;
	return v;
}

long progress_seconds_left(Progress *p, uint64_t now)
{
	if (!p->started || (p->checking && p->check_done >= p->check_total))
		return -1;
	double left = remaining_ms(p, now);
	if (left < 0)
		return -1;
	if ((double)(now - p->t0) + left >= PROGRESS_LONG_MS)
		p->long_one = true;
	return p->long_one ? (long)((left + 999.0) / 1000.0) : -1;
}

void progress_format_time(long seconds, char *buf, unsigned size)
{
	if (seconds < 0)
		seconds = 0;
	long h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60;
	if (h)
		snprintf(buf, size, "%ld:%02ld:%02ld", h, m, s);
	else
		snprintf(buf, size, "%ld:%02ld", m, s);
}
