/* orient: a panel mounted turned by 0, 90, 180 or 270 degrees: the logical
 * size, touches mapped back, rectangles mapped onto the panel. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/screen/orient.h"

/* A 1920x1080 panel; where its top-left pixel and the pixel right of it
 * land for the visitor, by rotation. */
static const struct {
	int rotation;
	int lw, lh;       /* logical size */
	int x0, y0;       /* panel (0, 0) -> logical */
	int x1, y1;       /* panel (1, 0) -> logical */
	Rect panel_of_tl; /* logical {0, 0, 10, 20} on the panel */
} CASES[] = {
    {0, 1920, 1080, 0, 0, 1, 0, {0, 0, 10, 20}},
    {90, 1080, 1920, 0, 1919, 0, 1918, {1900, 0, 20, 10}},
    {180, 1920, 1080, 1919, 1079, 1918, 1079, {1910, 1060, 10, 20}},
    {270, 1080, 1920, 1079, 0, 1079, 1, {0, 1070, 20, 10}},
};

static void test_logical_size_and_corners(void **state)
{
	for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
		Orient o = {1920, 1080, CASES[i].rotation};
		int w, h, x, y;
		orient_logical_size(&o, &w, &h);
		assert_int_equal(w, CASES[i].lw);
		assert_int_equal(h, CASES[i].lh);
		orient_to_logical(&o, 0, 0, &x, &y);
		assert_int_equal(x, CASES[i].x0);
		assert_int_equal(y, CASES[i].y0);
		orient_to_logical(&o, 1, 0, &x, &y);
		assert_int_equal(x, CASES[i].x1);
		assert_int_equal(y, CASES[i].y1);
		Rect r = orient_rect_to_panel(&o, (Rect){0, 0, 10, 20});
		assert_memory_equal(&r, &CASES[i].panel_of_tl, sizeof(r));
	}
}

/* Every pixel of a logical rectangle, mapped onto the panel, lies in the
 * panel rectangle orient_rect_to_panel gives, and maps back to itself:
 * touches land on what is drawn, whatever the rotation. */
static void test_touches_land_on_what_is_drawn(void **state)
{
	const Rect rects[] = {{0, 0, 1, 1}, {100, 200, 300, 96}, {7, 900, 50, 40}};
	for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
		Orient o = {1920, 1080, CASES[i].rotation};
		for (size_t k = 0; k < sizeof(rects) / sizeof(rects[0]); k++) {
			Rect p = orient_rect_to_panel(&o, rects[k]);
			assert_int_equal((long)p.w * p.h, (long)rects[k].w * rects[k].h);
			assert_true(p.x >= 0 && p.y >= 0 && p.x + p.w <= 1920 && p.y + p.h <= 1080);
			/* Every panel pixel of p maps into the logical rect. */
			for (int py = p.y; py < p.y + p.h; py += 3)
				for (int px = p.x; px < p.x + p.w; px += 3) {
					int lx, ly;
					orient_to_logical(&o, px, py, &lx, &ly);
					assert_true(lx >= rects[k].x &&
					            lx < rects[k].x + rects[k].w);
					assert_true(ly >= rects[k].y &&
					            ly < rects[k].y + rects[k].h);
				}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_logical_size_and_corners),
	    cmocka_unit_test(test_touches_land_on_what_is_drawn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
