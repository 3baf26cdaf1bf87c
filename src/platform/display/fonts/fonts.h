/* fonts: where the kiosk's four faces (regular, bold, oblique, bold
 * oblique of DejaVu Sans) live on this system. Fonts come from the system,
 * never from content: a configured folder, Debian's DejaVu folder, or
 * failing both whatever fontconfig finds.
 *
 * Only finds files; shape.c opens them. fontconfig, when it is asked at all,
 * lives only for the call.
 */
#ifndef KIOSK_FONTS_H
#define KIOSK_FONTS_H

#include <stddef.h>

#define FONTS_STYLES 4 /* indexed by FONT_STYLE_* bits (theme.h) */

typedef struct {
	char path[512];
	int index; /* face index inside the file */
	int synth; /* FONT_STYLE_* bits the face lacks, for drawing to make up */
} FontFile;

/* Fills out[style] for every style. font_dir NULL or "": Debian's DejaVu
 * folder when it is there, else fontconfig. 0, or -1 with a one-line
 * message in err. */
int fonts_find(const char *font_dir, FontFile out[FONTS_STYLES], char *err, size_t errlen);

#endif
