#include "platform/display/fonts/fallback.h"

#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/screen/look/theme.h"

struct Fallback {
	FcConfig *cfg; /* NULL until first needed */
	bool failed;   /* fontconfig could not start: do not try again */
};

Fallback *fallback_new(void)
{
	return calloc(1, sizeof(Fallback));
}

void fallback_free(Fallback *fb)
{
	if (!fb)
		return;
	if (fb->cfg)
		FcConfigDestroy(fb->cfg);
	free(fb);
}

bool fallback_is_emoji(uint32_t cp)
{
	return (cp >= 0x1F300 && cp <= 0x1F5FF) || (cp >= 0x1F600 && cp <= 0x1F64F) ||
	       (cp >= 0x1F680 && cp <= 0x1F6FF) || (cp >= 0x1F900 && cp <= 0x1F9FF) ||
	       (cp >= 0x1FA70 && cp <= 0x1FAFF) || (cp >= 0x1F1E6 && cp <= 0x1F1FF);
}

/* fontconfig's language for a BCP 47 tag: "zh-Hant" and "zh-TW" read as
 * traditional Chinese, "zh" and "zh-Hans" as simplified; otherwise the
 * primary subtag. */
static void fc_lang(const char *lang, char *out, size_t outlen)
{
	out[0] = '\0';
	if (!lang || !*lang)
		return;
	size_t n = 0;
	while (lang[n] && lang[n] != '-' && lang[n] != '_' && n + 1 < outlen)
		n++;
	memcpy(out, lang, n);
	out[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] - 'A' + 'a');
	if (strcmp(out, "zh") == 0) {
		bool trad = strstr(lang, "Hant") || strstr(lang, "TW") || strstr(lang, "HK") ||
		            strstr(lang, "MO");
		snprintf(out, outlen, "%s", trad ? "zh-tw" : "zh-cn");
	}
}

/* The font f when it has cp: its file and the style bits it lacks. */
static bool take(FcPattern *f, uint32_t cp, int style, bool emoji, FontFile *out)
{
	FcCharSet *cs;
	FcChar8 *file;
	if (FcPatternGetCharSet(f, FC_CHARSET, 0, &cs) != FcResultMatch ||
	    !FcCharSetHasChar(cs, cp) || FcPatternGetString(f, FC_FILE, 0, &file) != FcResultMatch)
		return false;
	if ((size_t)snprintf(out->path, sizeof out->path, "%s", (const char *)file) >=
	    sizeof out->path)
		return false;
	if (FcPatternGetInteger(f, FC_INDEX, 0, &out->index) != FcResultMatch)
		out->index = 0;
	int weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN;
	FcPatternGetInteger(f, FC_WEIGHT, 0, &weight);
	FcPatternGetInteger(f, FC_SLANT, 0, &slant);
	int has = (weight >= FC_WEIGHT_DEMIBOLD ? FONT_STYLE_BOLD : 0) |
	          (slant != FC_SLANT_ROMAN ? FONT_STYLE_ITALIC : 0);
	/* Colour emoji are never emboldened or slanted. */
	out->synth = emoji ? 0 : style & ~has;
	return true;
}

/* fontconfig's configuration, started on first use; NULL when it cannot
 * start. */
static FcConfig *config(Fallback *fb)
{
	if (!fb || fb->failed)
		return NULL;
	if (!fb->cfg) {
		/* A private configuration, as fonts.c uses: nothing else of
		 * the kiosk's shares it. */
		fb->cfg = FcInitLoadConfigAndFonts();
		if (!fb->cfg)
			fb->failed = true;
	}
	return fb->cfg;
}

bool fallback_find(Fallback *fb, uint32_t cp, int style, const char *lang, FontFile *out)
{
	if (!config(fb))
		return false;
	bool found = false;
	FcPattern *pat = FcPatternCreate();
	FcCharSet *want = FcCharSetCreate();
	FcFontSet *set = NULL;
	if (!pat || !want || !FcCharSetAddChar(want, cp))
		goto done;
	bool emoji = fallback_is_emoji(cp);
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)(emoji ? "emoji" : "sans-serif"));
	FcPatternAddCharSet(pat, FC_CHARSET, want);
	char fl[16];
	fc_lang(lang, fl, sizeof(fl));
	if (fl[0] && !emoji)
		FcPatternAddString(pat, FC_LANG, (const FcChar8 *)fl);
	FcPatternAddInteger(pat, FC_WEIGHT,
	                    (style & FONT_STYLE_BOLD) ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
	FcPatternAddInteger(pat, FC_SLANT,
	                    (style & FONT_STYLE_ITALIC) ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
	if (!FcConfigSubstitute(fb->cfg, pat, FcMatchPattern))
		goto done;
	FcDefaultSubstitute(pat);
	FcResult res;
	/* fontconfig's best match for the language and style usually has the
	 * character (the pattern asks for it); when it does not, every font in
	 * the order fontconfig prefers them, the first that has it. */
	FcPattern *best = FcFontMatch(fb->cfg, pat, &res);
	if (best) {
		found = take(best, cp, style, emoji, out);
		FcPatternDestroy(best);
	}
	if (!found)
		set = FcFontSort(fb->cfg, pat, FcFalse, NULL, &res);
	for (int i = 0; set && i < set->nfont && !found; i++)
		found = take(set->fonts[i], cp, style, emoji, out);
done:
	if (set)
		FcFontSetDestroy(set);
	if (want)
		FcCharSetDestroy(want);
	if (pat)
		FcPatternDestroy(pat);
	return found;
}

static void add_charset(GlyphSet *set, const FcPattern *p)
{
	FcCharSet *cs;
	if (FcPatternGetCharSet(p, FC_CHARSET, 0, &cs) != FcResultMatch)
		return;
	FcChar32 map[FC_CHARSET_MAP_SIZE], next;
	for (FcChar32 base = FcCharSetFirstPage(cs, map, &next); base != FC_CHARSET_DONE;
	     base = FcCharSetNextPage(cs, map, &next))
		glyphs_add_page(set, base, map);
}

/* Whether fontconfig's fonts include file (at index). */
static bool known(FcFontSet *const *sets, int nsets, const FontFile *f)
{
	for (int s = 0; s < nsets; s++)
		for (int i = 0; sets[s] && i < sets[s]->nfont; i++) {
			FcChar8 *file;
			int index = 0;
			if (FcPatternGetString(sets[s]->fonts[i], FC_FILE, 0, &file) !=
			    FcResultMatch)
				continue;
			FcPatternGetInteger(sets[s]->fonts[i], FC_INDEX, 0, &index);
			if (index == f->index && strcmp((const char *)file, f->path) == 0)
				return true;
		}
	return false;
}

bool fallback_cover(Fallback *fb, const FontFile *own, size_t nown, GlyphSet *set)
{
	FcConfig *cfg = config(fb);
	FcFontSet *sets[2] = {NULL, NULL};
	if (cfg) {
		/* The fonts FcFontSort walks for fallback_find: the system's
		 * and any the application added. */
		sets[0] = FcConfigGetFonts(cfg, FcSetSystem);
		sets[1] = FcConfigGetFonts(cfg, FcSetApplication);
		for (int s = 0; s < 2; s++)
			for (int i = 0; sets[s] && i < sets[s]->nfont; i++)
				add_charset(set, sets[s]->fonts[i]);
	}
	/* DejaVu from a configured folder fontconfig does not look in: its
	 * characters read from the file as fontconfig would. */
	for (size_t i = 0; i < nown; i++) {
		if (known(sets, 2, &own[i]))
			continue;
		int count = 0;
		FcPattern *p =
		    FcFreeTypeQuery((const FcChar8 *)own[i].path, own[i].index, NULL, &count);
		if (p) {
			add_charset(set, p);
			FcPatternDestroy(p);
		}
	}
	return cfg != NULL;
}
