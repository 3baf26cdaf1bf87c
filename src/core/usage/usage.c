/* usage: per-day counts from the screens a visitor goes through. */
#include "core/usage/usage.h"

#include <stdio.h>
#include <string.h>

#include "core/review/date.h"

void usage_init(Usage *u)
{
	memset(u, 0, sizeof(*u));
	u->article = u->topic = -1;
}

void usage_clear(Usage *u)
{
	u->npending = 0;
}

const char *usage_figure_name(UsageFigure f)
{
	static const char *const names[USAGE_FIGURES] = {"topic_opens", "topic_ms", "attract_shown",
	                                                 "attract_touched", "language"};
	return f < USAGE_FIGURES ? names[f] : "";
}

/* s into out, cut at a character's edge when it does not fit. */
static void copy_name(char *out, size_t outlen, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n >= outlen) {
		n = outlen - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(out, s, n);
	out[n] = '\0';
}

static void add(Usage *u, int day, UsageFigure f, const char *article, const char *topic,
                const char *lang, int64_t value)
{
	/* Counts under a wrong day would mislead more than none. */
	if (day == DATE_NONE)
		return;
	UsageCount key = {.day = day, .figure = f};
	copy_name(key.article, sizeof(key.article), article);
	copy_name(key.topic, sizeof(key.topic), topic);
	copy_name(key.lang, sizeof(key.lang), lang);
	for (size_t i = 0; i < u->npending; i++) {
		UsageCount *c = &u->pending[i];
		if (c->day == day && c->figure == f && strcmp(c->article, key.article) == 0 &&
		    strcmp(c->topic, key.topic) == 0 && strcmp(c->lang, key.lang) == 0) {
			c->value += value;
			return;
		}
	}
	if (u->npending == USAGE_PENDING_MAX) {
		u->dropped++;
		return;
	}
	key.value = value;
	u->pending[u->npending++] = key;
}

static void add_topic(Usage *u, const DocLibrary *lib, int day, UsageFigure f, int64_t value)
{
	if (!lib || u->article < 0 || (size_t)u->article >= lib->narticles)
		return;
	const DocArticle *a = &lib->articles[u->article];
	if (u->topic < 0 || (size_t)u->topic >= a->ntopics)
		return;
	add(u, day, f, a->title, a->topics[u->topic].title, a->lang, value);
}

/* The visitor left the topic they were on. */
static void leave_topic(Usage *u, const DocLibrary *lib, uint64_t now, int day)
{
	if (u->article >= 0 && now > u->topic_since)
		add_topic(u, lib, day, USAGE_TOPIC_MS, (int64_t)(now - u->topic_since));
	u->article = u->topic = -1;
}

void usage_observe(Usage *u, const DocLibrary *lib, const View *v, const char *lang, uint64_t now,
                   int day)
{
	if (!lang)
		lang = "";
	/* A picture opened from a topic keeps the visit to that topic going;
	 * every other screen ends it. */
	bool on_topic = v->screen == SCREEN_TOPIC;
	bool same = on_topic && v->article == u->article && v->topic == u->topic;
	if (!same && !(v->screen == SCREEN_IMAGE && u->article >= 0))
		leave_topic(u, lib, now, day);
	if (on_topic && !same) {
		u->article = v->article;
		u->topic = v->topic;
		u->topic_since = now;
		add_topic(u, lib, day, USAGE_TOPIC_OPENS, 1);
	}
	if (u->seen && v->screen == SCREEN_ATTRACT && u->screen != SCREEN_ATTRACT)
		add(u, day, USAGE_ATTRACT_SHOWN, "", "", "", 1);
	if (u->seen && u->screen == SCREEN_ATTRACT && v->screen == SCREEN_HOME)
		add(u, day, USAGE_ATTRACT_TOUCHED, "", "", "", 1);
	if (lang[0] && strcmp(lang, u->lang) != 0)
		add(u, day, USAGE_LANGUAGE, "", "", lang, 1);
	copy_name(u->lang, sizeof(u->lang), lang);
	u->screen = v->screen;
	u->seen = true;
}

void usage_restart(Usage *u, const DocLibrary *lib, uint64_t now, int day)
{
	leave_topic(u, lib, now, day);
	u->seen = false;
}
