/* languages: the figures that depend on the script an article is written
 * in, for the built-in article and the same kind of article in Arabic
 * (shaped, right to left, DejaVu's Arabic) and in Chinese (a fallback CJK
 * font found through fontconfig, its bold drawn from its regular): first
 * frame, topic switch and peak memory, each against the same targets as
 * the Latin figures. The articles are the render tests' samples
 * (tests/render/languages). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

int languages_measure(const BenchConfig *c)
{
	static const struct {
		const char *name, *dir;
	} ARTICLES[] = {
	    {"latin", NULL},
	    {"arabic", "tests/render/languages/arabic"},
	    {"chinese", "tests/render/languages/chinese"},
	};
	int rc = 0;
	note("languages: first frame and peak memory of the live kiosk on Home (median of %d "
	     "starts on a filled data folder), tap to topic drawn in process (median of every "
	     "topic, four passes a run)",
	     c->runs);
	note("  %-8s %14s %14s %14s %14s", "article", "first frame", "topic switch", "(first time)",
	     "peak memory");
	for (size_t i = 0; i < sizeof ARTICLES / sizeof ARTICLES[0]; i++) {
		BenchConfig lc = *c;
		char dir[PATH_MAX];
		if (ARTICLES[i].dir) {
			if (!realpath(ARTICLES[i].dir, dir)) {
				printf("languages: not measured (%s is missing)\n",
				       ARTICLES[i].dir);
				return -1;
			}
			lc.content = dir;
		}
		double first = 0, peak = 0, warm = 0, cold = 0;
		char name[64];
		snprintf(name, sizeof name, "lang-%s", ARTICLES[i].name);
		const char *failed = live_home(&lc, name, &first, &peak) != 0 ? "the live kiosk"
		                     : frames_topic_switch(&lc, &warm, &cold) != 0
		                         ? "the headless kiosk"
		                         : NULL;
		if (failed) {
			printf("languages: %s not measured (%s failed)\n", ARTICLES[i].name,
			       failed);
			rc = -1;
			continue;
		}
		note("  %-8s %11.1f ms %11.2f ms %11.2f ms %10.1f MiB", ARTICLES[i].name, first,
		     warm, cold, peak);
		char fig[64];
		snprintf(fig, sizeof fig, "first_frame_%s", ARTICLES[i].name);
		fig_max(fig, first, "ms", 1, 50, "50 ms");
		snprintf(fig, sizeof fig, "topic_switch_%s", ARTICLES[i].name);
		fig_max(fig, warm, "ms", 2, 8, "8 ms");
		snprintf(fig, sizeof fig, "topic_switch_first_%s", ARTICLES[i].name);
		fig_max(fig, cold, "ms", 2, 8, "8 ms");
		snprintf(fig, sizeof fig, "peak_memory_home_%s", ARTICLES[i].name);
		fig_max(fig, peak, "MiB", 1, 32, "32 MiB");
	}
	return rc;
}
