#include "platform/display/text/hyphen.h"

#include <hyphen.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/document/model/lang.h"
#include "core/document/model/utf8.h"

#define HYPHEN_DIR "/usr/share/hyphen"
#define MAX_DICTS 8
#define MAX_WORD 64 /* letters; longer words are left to be cut */

typedef struct {
	char lang[12];    /* the primary subtag asked for */
	HyphenDict *dict; /* NULL: none installed */
	iconv_t to;       /* UTF-32 to the dictionary's character set */
} Dict;

struct Hyphens {
	Dict dicts[MAX_DICTS];
	int n;
};

Hyphens *hyphens_new(void)
{
	return calloc(1, sizeof(Hyphens));
}

void hyphens_free(Hyphens *h)
{
	if (!h)
		return;
	for (int i = 0; i < h->n; i++) {
		if (h->dicts[i].dict)
			hnj_hyphen_free(h->dicts[i].dict);
		if (h->dicts[i].to != (iconv_t)-1)
			iconv_close(h->dicts[i].to);
	}
	free(h);
}

/* The dictionary for lang: hyph_de_AT.dic for de-AT, else hyph_de.dic, else
 * hyph_de_DE.dic; looked for once a language. */
static Dict *dict_for(Hyphens *h, const char *lang)
{
	size_t pl = lang_primary_len(lang);
	if (pl < 2 || pl > 3 || !lang_valid(lang, strlen(lang)))
		return NULL;
	for (int i = 0; i < h->n; i++)
		if (strlen(h->dicts[i].lang) == pl && strncasecmp(h->dicts[i].lang, lang, pl) == 0)
			return h->dicts[i].dict ? &h->dicts[i] : NULL;
	if (h->n == MAX_DICTS)
		return NULL;
	Dict *d = &h->dicts[h->n++];
	memset(d, 0, sizeof(*d));
	d->to = (iconv_t)-1;
	char ll[4] = {0}, rr[4] = {0};
	for (size_t i = 0; i < pl; i++)
		ll[i] = (char)(lang[i] | 0x20);
	memcpy(d->lang, ll, pl + 1);
	/* A region subtag: two letters after the primary one. */
	const char *r = lang + pl;
	if ((*r == '-' || *r == '_') && strlen(r + 1) >= 2 && (r[3] == '\0' || r[3] == '-')) {
		rr[0] = (char)(r[1] & ~0x20);
		rr[1] = (char)(r[2] & ~0x20);
	}
	char path[256];
	const char *tries[3][2] = {{ll, rr}, {ll, ""}, {ll, NULL}};
	for (int t = 0; t < 3 && !d->dict; t++) {
		if (t == 0 && !rr[0])
			continue;
		if (tries[t][1])
			snprintf(path, sizeof(path), HYPHEN_DIR "/hyph_%s%s%s.dic", ll,
			         tries[t][1][0] ? "_" : "", tries[t][1]);
		else
			snprintf(path, sizeof(path), HYPHEN_DIR "/hyph_%s_%c%c.dic", ll,
			         ll[0] & ~0x20, ll[1] & ~0x20);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		fclose(f);
		d->dict = hnj_hyphen_load(path);
	}
	if (d->dict) {
		d->to = iconv_open(d->dict->utf8 ? "UTF-8" : d->dict->cset, "UTF-32LE");
		if (d->to == (iconv_t)-1) {
			hnj_hyphen_free(d->dict);
			d->dict = NULL;
		}
	}
	return d->dict ? d : NULL;
}

/* Lower case for the scripts the dictionaries cover (Latin and Cyrillic);
 * the C library's towlower knows nothing beyond ASCII in the C locale the
 * kiosk runs in. */
static uint32_t lower(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x410 && cp <= 0x42F))
		return cp + 32;
	if (cp >= 0x400 && cp <= 0x40F)
		return cp + 80;
	if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x138 && cp != 0x149 &&
	    cp != 0x178 && cp != 0x17F) {
		/* Latin Extended-A pairs: even upper, odd lower, except the
		 * stretch U+0139..U+0148 and U+0179..U+017E, odd upper. */
		bool odd_upper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
		if (odd_upper ? (cp & 1) : !(cp & 1))
			return cp + 1;
	}
	return cp;
}

int hyphens_find(Hyphens *h, const char *lang, const char *s, size_t len, uint8_t *can)
{
	memset(can, 0, len);
	Dict *d = h && lang ? dict_for(h, lang) : NULL;
	if (!d)
		return 0;
	/* The word in the dictionary's character set, one byte a letter
	 * (or the letter's UTF-8 for a UTF-8 dictionary), and where each
	 * letter ends in s. */
	char word[MAX_WORD * 4 + 1];
	size_t ends[MAX_WORD * 4], n = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t step = utf8_next(s + i, len - i, &cp);
		uint32_t in = lower(cp);
		char *inp = (char *)&in, *outp = word + n;
		size_t inleft = 4, outleft = sizeof(word) - 1 - n;
		if (n >= MAX_WORD * 4 - 4 ||
		    iconv(d->to, &inp, &inleft, &outp, &outleft) == (size_t)-1) {
			iconv(d->to, NULL, NULL, NULL, NULL);
			return 0; /* a letter the dictionary cannot write */
		}
		size_t wrote = (size_t)(outp - (word + n));
		for (size_t k = 0; k < wrote; k++)
			ends[n + k] = i + step - 1;
		n += wrote;
		i += step;
	}
	word[n] = '\0';
	char hyphens[MAX_WORD * 4 + 5];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	if (hnj_hyphen_hyphenate2(d->dict, word, (int)n, hyphens, NULL, &rep, &pos, &cut) != 0)
		return 0;
	int found = 0;
	for (size_t k = 0; k + 1 < n; k++) {
		/* A non-standard break (old German "ck" to "k-k") changes the
		 * letters: not taken. */
		if (!(hyphens[k] & 1) || (rep && rep[k]))
			continue;
		/* The break is after the letter byte k ends (for a UTF-8
		 * dictionary only at a letter's last byte). */
		if (k + 1 < n && ends[k + 1] == ends[k])
			continue;
		can[ends[k]] = 1;
		found++;
	}
	if (rep) {
		for (size_t k = 0; k < n; k++)
			free(rep[k]);
		free(rep);
		free(pos);
		free(cut);
	}
	return found;
}
