#include "platform/run/catalogs.h"

#include <SDL.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/document/lang.h"

#define DOMAIN "kiosk"

/* Every msgid of po/kiosk.pot (the Makefile writes them from it): the
 * table's words and the checker's problems alike. */
static const char *const MSGIDS[] = {
#include "msgids.inc"
};
#define NMSGIDS (sizeof(MSGIDS) / sizeof(MSGIDS[0]))

/* GNU gettext caches what it found for the language it last looked in;
 * bumping this counter is its documented way of saying the language
 * changed. */
extern int _nl_msg_cat_cntr;

/* Where the .mo files are: build/locale beside a kiosk run from the
 * source folder, else the installed ones. */
static void locale_dir(char *out, size_t size)
{
	char *base = SDL_GetBasePath();
	struct stat st;
	if (base) {
		snprintf(out, size, "%slocale", base);
		SDL_free(base);
		if (stat(out, &st) == 0 && S_ISDIR(st.st_mode))
			return;
	}
	snprintf(out, size, "%s", KIOSK_LOCALEDIR);
}

void catalogs_choose(Catalogs *c, const char *lang)
{
	c->lx.main = NULL;
	for (size_t i = 0; lang && i < c->n; i++)
		if (lang_same(c->langs[i].lang, lang))
			c->lx.main = &c->langs[i];
}

void catalogs_load(Catalogs *c, const char *lang)
{
	memset(c, 0, sizeof(*c));
	c->lx.langs = NULL;
	char dir[4096];
	locale_dir(dir, sizeof(dir));
	/* LANGUAGE counts only when the messages locale is not "C"; C.UTF-8
	 * is always there, and changes nothing else (numbers, case) of the
	 * kiosk's. The translations come as UTF-8 whatever the locale. */
	const char *prev = setlocale(LC_MESSAGES, NULL);
	char *saved_locale = prev ? strdup(prev) : NULL;
	const char *env = getenv("LANGUAGE");
	char *saved_env = env ? strdup(env) : NULL;
	char *linguas = strdup(KIOSK_LINGUAS);
	size_t cap = 0;
	for (const char *p = KIOSK_LINGUAS; *p; p++)
		cap += *p == ' ';
	c->langs = calloc(cap + 1, sizeof(Words));
	c->msgs = calloc((cap + 1) * NMSGIDS, sizeof(*c->msgs));
	if (!setlocale(LC_MESSAGES, "C.UTF-8") || !linguas || !c->langs || !c->msgs ||
	    !bindtextdomain(DOMAIN, dir) || !bind_textdomain_codeset(DOMAIN, "UTF-8"))
		goto done;
	/* First the sizes, then one block for every string. */
	size_t total = 0;
	for (char *save = NULL, *l = strtok_r(linguas, " ", &save); l;
	     l = strtok_r(NULL, " ", &save)) {
		setenv("LANGUAGE", l, 1);
		++_nl_msg_cat_cntr;
		total += strlen(l) + 1;
		for (int w = 0; w < WORD_COUNT; w++)
			total += strlen(dgettext(DOMAIN, words_msgid((WordId)w))) + 1;
		for (size_t m = 0; m < NMSGIDS; m++)
			total += strlen(dgettext(DOMAIN, MSGIDS[m])) + 1;
	}
	c->strings = malloc(total);
	if (!c->strings)
		goto done;
	char *at = c->strings;
	snprintf(linguas, strlen(KIOSK_LINGUAS) + 1, "%s", KIOSK_LINGUAS);
	for (char *save = NULL, *l = strtok_r(linguas, " ", &save); l && c->n <= cap;
	     l = strtok_r(NULL, " ", &save)) {
		setenv("LANGUAGE", l, 1);
		++_nl_msg_cat_cntr;
		Words *w = &c->langs[c->n];
		bool any = false;
		w->lang = strcpy(at, l);
		at += strlen(l) + 1;
		for (int id = 0; id < WORD_COUNT; id++) {
			const char *msgid = words_msgid((WordId)id);
			const char *t = dgettext(DOMAIN, msgid);
			/* Untranslated (or no catalogue at all): English. */
			any = any || t != msgid;
			w->text[id] = strcpy(at, t);
			at += strlen(t) + 1;
		}
		const char **msgs = c->msgs + c->n * NMSGIDS;
		for (size_t m = 0; m < NMSGIDS; m++) {
			const char *t = dgettext(DOMAIN, MSGIDS[m]);
			any = any || t != MSGIDS[m];
			msgs[m] = strcpy(at, t);
			at += strlen(t) + 1;
		}
		w->msgids = MSGIDS;
		w->msgs = msgs;
		w->nmsgs = NMSGIDS;
		if (any || strcmp(l, "en") == 0)
			c->n++;
	}
done:
	if (saved_env)
		setenv("LANGUAGE", saved_env, 1);
	else
		unsetenv("LANGUAGE");
	++_nl_msg_cat_cntr;
	if (saved_locale)
		setlocale(LC_MESSAGES, saved_locale);
	free(saved_env);
	free(saved_locale);
	free(linguas);
	c->lx.langs = c->langs;
	c->lx.n = c->n;
	catalogs_choose(c, lang);
}

void catalogs_unload(Catalogs *c)
{
	free(c->langs);
	free(c->msgs);
	free(c->strings);
	memset(c, 0, sizeof(*c));
}
