/* review: the review dates of an article's front matter, judged against
 * the day the caller says it is. */
#include "core/review/review.h"

#include <string.h>

#include "core/review/date.h"

Review review_of(const DocArticle *a)
{
	Review r = {DATE_NONE, DATE_NONE, 0, 0, 0};
	for (size_t i = 0; i < a->nmeta; i++) {
		const DocMeta *m = &a->meta[i];
		int day;
		if (!date_parse(m->value, strlen(m->value), &day, NULL))
			continue;
		if (strcmp(m->key, "reviewed") == 0) {
			int d;
			r.reviewed = day;
			date_to_ymd(day, &r.reviewed_y, &r.reviewed_m, &d);
		} else if (strcmp(m->key, "review_due") == 0) {
			r.due = day;
			r.due_line = m->line;
		}
	}
	return r;
}

bool review_expired(const DocArticle *a, int today)
{
	if (today == DATE_NONE)
		return false;
	Review r = review_of(a);
	return r.due != DATE_NONE && r.due < today;
}

size_t review_visible(const DocLibrary *lib, int today, bool *show)
{
	size_t hidden = 0;
	for (size_t i = 0; i < lib->narticles; i++) {
		show[i] = !review_expired(&lib->articles[i], today);
		hidden += !show[i];
	}
	if (hidden == lib->narticles) {
		for (size_t i = 0; i < lib->narticles; i++)
			show[i] = true;
		return 0;
	}
	return hidden;
}

size_t review_filter(const DocLibrary *lib, int today, DocArticle *out)
{
	size_t n = 0;
	for (size_t i = 0; i < lib->narticles; i++)
		if (!review_expired(&lib->articles[i], today))
			out[n++] = lib->articles[i];
	if (n == 0)
		for (; n < lib->narticles; n++)
			out[n] = lib->articles[n];
	return n;
}

size_t review_past(const DocLibrary *lib, int today, size_t *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < lib->narticles; i++)
		if (review_expired(&lib->articles[i], today)) {
			if (n < max)
				out[n] = i;
			n++;
		}
	return n;
}
