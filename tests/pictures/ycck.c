/* ycck: writes a CMYK picture as a JPEG the way Photoshop saves one for
 * print, in YCCK with Adobe's APP14 marker (transform 2) and its inks
 * inverted (255 is no ink). Python's PIL cannot write YCCK, so the test
 * picture generator (generate.py) hands the pixels to libjpeg here.
 *
 *   ycck IN OUT
 *
 * IN is "W H\n" and then W * H * 4 bytes, C M Y K as ink (0 is none).
 */
#include <stdio.h>
#include <stdlib.h>

#include <jpeglib.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: ycck IN OUT\n");
		return 2;
	}
	FILE *in = fopen(argv[1], "rb");
	unsigned w, h;
	if (!in || fscanf(in, "%u %u", &w, &h) != 2 || fgetc(in) != '\n' || !w || !h || w > 10000 ||
	    h > 10000) {
		fprintf(stderr, "ycck: %s: not W H and pixels\n", argv[1]);
		return 1;
	}
	unsigned char *px = malloc((size_t)w * h * 4);
	if (!px || fread(px, 4, (size_t)w * h, in) != (size_t)w * h) {
		fprintf(stderr, "ycck: %s: too short\n", argv[1]);
		return 1;
	}
	fclose(in);
	for (size_t i = 0; i < (size_t)w * h * 4; i++)
		px[i] = (unsigned char)(255 - px[i]);
	FILE *out = fopen(argv[2], "wb");
	if (!out) {
		perror(argv[2]);
		return 1;
	}
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr err;
	c.err = jpeg_std_error(&err);
	jpeg_create_compress(&c);
	jpeg_stdio_dest(&c, out);
	c.image_width = w;
	c.image_height = h;
	c.input_components = 4;
	c.in_color_space = JCS_CMYK;
	jpeg_set_defaults(&c);
	jpeg_set_colorspace(&c, JCS_YCCK);
	jpeg_set_quality(&c, 92, TRUE);
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < h) {
		JSAMPROW row = px + (size_t)c.next_scanline * w * 4;
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	free(px);
	return fclose(out) == 0 ? 0 : 1;
}
