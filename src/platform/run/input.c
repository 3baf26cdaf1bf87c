#include "platform/run/input.h"

void input_hints(void)
{
	SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
	SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
}

/* Window coordinates -> panel pixels (they differ on high-density
 * displays, where the renderer's output is larger than the window). */
static void to_panel(const Orient *o, int win_w, int win_h, double x, double y, int *px, int *py)
{
	*px = win_w > 0 ? (int)(x * o->panel_w / win_w) : (int)x;
	*py = win_h > 0 ? (int)(y * o->panel_h / win_h) : (int)y;
}

bool input_translate(const SDL_Event *e, const Orient *o, int win_w, int win_h, PointerEvent *out)
{
	int px, py;
	switch (e->type) {
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP:
		if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
			return false;
		out->type = e->type == SDL_MOUSEBUTTONDOWN ? PTR_DOWN : PTR_UP;
		out->id = 0;
		to_panel(o, win_w, win_h, e->button.x, e->button.y, &px, &py);
		break;
	case SDL_MOUSEMOTION:
		if (e->motion.which == SDL_TOUCH_MOUSEID || !(e->motion.state & SDL_BUTTON_LMASK))
			return false;
		out->type = PTR_MOVE;
		out->id = 0;
		to_panel(o, win_w, win_h, e->motion.x, e->motion.y, &px, &py);
		break;
	case SDL_FINGERDOWN:
	case SDL_FINGERUP:
	case SDL_FINGERMOTION:
		if (e->tfinger.touchId == SDL_MOUSE_TOUCHID)
			return false;
		out->type = e->type == SDL_FINGERDOWN ? PTR_DOWN
		            : e->type == SDL_FINGERUP ? PTR_UP
		                                      : PTR_MOVE;
		/* Finger ids start at 0 on some drivers; keep them apart from
		 * the mouse's id 0. */
		out->id = (int64_t)e->tfinger.fingerId + 1;
		/* Touch positions are normalised to the touch surface, which
		 * covers the panel. */
		px = (int)(e->tfinger.x * o->panel_w);
		py = (int)(e->tfinger.y * o->panel_h);
		break;
	default:
		return false;
	}
	if (px < 0)
		px = 0;
	if (py < 0)
		py = 0;
	if (px >= o->panel_w)
		px = o->panel_w - 1;
	if (py >= o->panel_h)
		py = o->panel_h - 1;
	orient_to_logical(o, px, py, &out->x, &out->y);
	return true;
}

InputDisplay input_display(const SDL_Event *e)
{
	switch (e->type) {
	case SDL_WINDOWEVENT:
		return INPUT_DISPLAY_REDRAW;
	case SDL_RENDER_TARGETS_RESET:
		return INPUT_TEXTURES_LOST;
	case SDL_RENDER_DEVICE_RESET:
		return INPUT_RENDERER_LOST;
	case SDL_DISPLAYEVENT:
		if (e->display.event == SDL_DISPLAYEVENT_DISCONNECTED)
			return INPUT_DISPLAY_LOST;
		if (e->display.event == SDL_DISPLAYEVENT_CONNECTED)
			return INPUT_DISPLAY_BACK;
		return INPUT_DISPLAY_REDRAW;
	default:
		return INPUT_DISPLAY_SAME;
	}
}

SDL_Event input_display_event(ScriptEvent what)
{
	SDL_Event e;
	SDL_zero(e);
	switch (what) {
	case SCRIPT_DISPLAY_LOST:
	case SCRIPT_DISPLAY_BACK:
		e.type = SDL_DISPLAYEVENT;
		e.display.event = what == SCRIPT_DISPLAY_LOST ? SDL_DISPLAYEVENT_DISCONNECTED
		                                              : SDL_DISPLAYEVENT_CONNECTED;
		break;
	case SCRIPT_DEVICE_RESET:
		e.type = SDL_RENDER_DEVICE_RESET;
		break;
	case SCRIPT_TARGETS_RESET:
		e.type = SDL_RENDER_TARGETS_RESET;
		break;
	}
	e.common.timestamp = SDL_GetTicks();
	return e;
}
