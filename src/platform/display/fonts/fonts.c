#include "platform/display/fonts/fonts.h"

#include <fontconfig/fontconfig.h>
#include <stdbool.h>
#include <stdio.h>
#include <strings.h>
#include <unistd.h>

#include "core/screen/look/theme.h"

#define DEJAVU_DIR "/usr/share/fonts/truetype/dejavu"
#define DEJAVU_REGULAR "DejaVuSans.ttf"

static const char *const style_file[4] = {
    DEJAVU_REGULAR,
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
};

static const char *const style_name[4] = {"Book", "Bold", "Oblique", "Bold Oblique"};

static bool family_is(FcPattern *p, const char *family)
{
	FcChar8 *s;
	for (int i = 0; FcPatternGetString(p, FC_FAMILY, i, &s) == FcResultMatch; i++) {
		if (strcasecmp((const char *)s, family) == 0)
			return true;
	}
	return false;
}

/* Asks fontconfig for family in a style. Fills path/index and the style
 * bits the matched face really has; false when nothing usable matched, or
 * when require_family is set and fontconfig substituted another family. */
static bool font_match(FcConfig *cfg, const char *family, int font_style, bool require_family,
                       char *path, size_t pathlen, int *index, int *has)
{
	bool ok = false;
	FcPattern *pat = FcPatternCreate();
	FcPattern *match = NULL;
	if (!pat)
		return false;
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcPatternAddString(pat, FC_STYLE, (const FcChar8 *)style_name[font_style & 3]);
	FcPatternAddInteger(pat, FC_WEIGHT,
	                    (font_style & FONT_STYLE_BOLD) ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
	FcPatternAddInteger(pat, FC_SLANT,
	                    (font_style & FONT_STYLE_ITALIC) ? FC_SLANT_OBLIQUE : FC_SLANT_ROMAN);
	FcPatternAddInteger(pat, FC_WIDTH, FC_WIDTH_NORMAL);
	FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
	if (!FcConfigSubstitute(cfg, pat, FcMatchPattern))
		goto done;
	FcDefaultSubstitute(pat);
	FcResult res;
	match = FcFontMatch(cfg, pat, &res);
	if (!match)
		goto done;
	if (require_family && !family_is(match, family))
		goto done;
	FcChar8 *file;
	if (FcPatternGetString(match, FC_FILE, 0, &file) != FcResultMatch)
		goto done;
	if ((size_t)snprintf(path, pathlen, "%s", (const char *)file) >= pathlen)
		goto done;
	if (FcPatternGetInteger(match, FC_INDEX, 0, index) != FcResultMatch)
		*index = 0;
	int weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN;
	FcPatternGetInteger(match, FC_WEIGHT, 0, &weight);
	FcPatternGetInteger(match, FC_SLANT, 0, &slant);
	*has = (weight >= FC_WEIGHT_DEMIBOLD ? FONT_STYLE_BOLD : 0) |
	       (slant != FC_SLANT_ROMAN ? FONT_STYLE_ITALIC : 0);
	ok = true;
done:
	if (match)
		FcPatternDestroy(match);
	FcPatternDestroy(pat);
	return ok;
}

/* Where the face for a style lives and which style bits drawing has to
 * make up because only a plainer face exists. */
static bool font_locate(FcConfig *cfg, const char *font_dir, int font_style, char *path,
                        size_t pathlen, int *index, int *synth)
{
	*index = 0;
	if (font_dir[0]) {
		int tries[2] = {font_style & 3, FONT_STYLE_REGULAR};
		for (int i = 0; i < 2; i++) {
			int n = snprintf(path, pathlen, "%s/%s", font_dir, style_file[tries[i]]);
			if (n < 0 || (size_t)n >= pathlen)
				return false;
			FILE *fp = fopen(path, "rb");
			if (fp) {
				fclose(fp);
				*synth = (font_style & ~tries[i]);
				return true;
			}
		}
		return false;
	}
	int has = 0;
	/* DejaVu Sans first; if fontconfig would substitute, take whatever it
	 * considers the system's sans-serif rather than a random family. */
	if (!font_match(cfg, "DejaVu Sans", font_style, true, path, pathlen, index, &has) &&
	    !font_match(cfg, "sans-serif", font_style, false, path, pathlen, index, &has))
		return false;
	*synth = (font_style & ~has);
	return true;
}

int fonts_find(const char *font_dir, FontFile out[FONTS_STYLES], char *err, size_t errlen)
{
	if (!font_dir)
		font_dir = "";
	/* DejaVu Sans where Debian's fonts-dejavu-core puts it is found
	 * without fontconfig, whose configuration and caches cost about 36
	 * million instructions (8-10 ms here) at every start; fontconfig is
	 * asked only when it is elsewhere. */
	if (!font_dir[0] && access(DEJAVU_DIR "/" DEJAVU_REGULAR, R_OK) == 0)
		font_dir = DEJAVU_DIR;
	/* A private configuration, dropped once the files are found: nothing
	 * of fontconfig stays alive while the kiosk runs. */
	FcConfig *cfg = NULL;
	if (!font_dir[0] && !(cfg = FcInitLoadConfigAndFonts())) {
		snprintf(err, errlen, "cannot load the fontconfig configuration");
		return -1;
	}
	int rc = 0;
	/* Looked up once per style, not once per font role: each fontconfig
	 * match walks every font on the system. */
	for (int style = 0; style < FONTS_STYLES && rc == 0; style++) {
		FontFile *f = &out[style];
		if (font_locate(cfg, font_dir, style, f->path, sizeof f->path, &f->index,
		                &f->synth))
			continue;
		if (font_dir[0])
			snprintf(err, errlen, "no %s in %s", style_file[0], font_dir);
		else
			snprintf(err, errlen, "fontconfig found no DejaVu Sans or sans-serif font");
		rc = -1;
	}
	if (cfg)
		FcConfigDestroy(cfg);
	return rc;
}
