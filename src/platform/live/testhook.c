#include "platform/live/testhook.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/settings/script.h"
#include "platform/run/offscreen/headless.h"
#include "platform/run/input.h"

struct TestHook {
	char dir[PATH_MAX - 64];
	int fd;
	char line[SCRIPT_ARG_MAX + 64]; /* a line not yet ended */
	size_t len;
	bool overflow;             /* the line was longer than any command */
	char shot[SCRIPT_ARG_MAX]; /* the shot asked for, "" none */
	bool held;                 /* a hold's press not yet lifted */
	int held_x, held_y;
	unsigned long frames; /* drawn since the start */
	bool blank;           /* the night schedule has the screen blank */
	bool clock;           /* "clock": the clock screen asked for */
};

TestHook *testhook_open(void)
{
	const char *dir = getenv("KIOSK_TEST_HOOK");
	if (!dir || !*dir)
		return NULL;
	TestHook *t = calloc(1, sizeof(*t));
	char fifo[PATH_MAX];
	if (!t || strlen(dir) >= sizeof(t->dir))
		goto fail;
	snprintf(t->dir, sizeof(t->dir), "%s", dir);
	snprintf(fifo, sizeof(fifo), "%s/commands", dir);
	if (mkfifo(fifo, 0600) != 0 && errno != EEXIST)
		goto fail;
	/* Read and write: the FIFO never reports a hang-up when a writer goes
	 * away, so poll() does not spin. */
	t->fd = open(fifo, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (t->fd < 0)
		goto fail;
	return t;
fail:
	fprintf(stderr, "kiosk: KIOSK_TEST_HOOK=%s: cannot make the command FIFO (%s)\n", dir,
	        strerror(errno));
	free(t);
	return NULL;
}

void testhook_close(TestHook *t)
{
	if (!t)
		return;
	close(t->fd);
	free(t);
}

int testhook_fd(const TestHook *t)
{
	return t ? t->fd : -1;
}

static void push_button(Uint32 type, int x, int y)
{
	SDL_Event e;
	SDL_zero(e);
	e.type = type;
	e.button.button = SDL_BUTTON_LEFT;
	e.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
	e.button.x = x;
	e.button.y = y;
	SDL_PushEvent(&e);
}

static void run_line(TestHook *t, const char *line, size_t len, SDL_Window *win)
{
	ScriptCmd *c = malloc(sizeof(*c));
	char err[200];
	int rc = c ? script_parse_line(line, len, c, err, sizeof(err)) : -1;
	if (rc <= 0) {
		if (rc < 0)
			fprintf(stderr, "kiosk: test hook: %s\n", c ? err : "out of memory");
		free(c);
		return;
	}
	SDL_Event e;
	if (t->held && (c->op == SCRIPT_TAP || c->op == SCRIPT_HOLD)) {
		push_button(SDL_MOUSEBUTTONUP, t->held_x, t->held_y);
		t->held = false;
	}
	switch (c->op) {
	case SCRIPT_HOLD:
		push_button(SDL_MOUSEBUTTONDOWN, c->x1, c->y1);
		t->held = true;
		t->held_x = c->x1;
		t->held_y = c->y1;
		break;
	case SCRIPT_TAP:
		push_button(SDL_MOUSEBUTTONDOWN, c->x1, c->y1);
		push_button(SDL_MOUSEBUTTONUP, c->x1, c->y1);
		break;
	case SCRIPT_RESIZE:
		SDL_SetWindowSize(win, c->x1, c->y1);
		break;
	case SCRIPT_EVENT:
		e = input_display_event(c->event);
		SDL_PushEvent(&e);
		break;
	case SCRIPT_SHOT:
		snprintf(t->shot, sizeof(t->shot), "%s", c->arg);
		break;
	case SCRIPT_CLOCK:
		t->clock = true;
		break;
	default:
		fprintf(stderr, "kiosk: test hook: \"%.*s\" is for kiosk render only\n", (int)len,
		        line);
		break;
	}
	free(c);
}

bool testhook_read(TestHook *t, SDL_Window *win)
{
	char buf[4096];
	ssize_t n;
	while ((n = read(t->fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] != '\n') {
				if (t->len < sizeof(t->line))
					t->line[t->len++] = buf[i];
				else
					t->overflow = true;
				continue;
			}
			/* A line longer than any command is refused whole, never
			 * run cut short. */
			if (t->overflow)
				fprintf(stderr, "kiosk: test hook: a line too long\n");
			else
				run_line(t, t->line, t->len, win);
			t->len = 0;
			t->overflow = false;
		}
	}
	return t->shot[0] != '\0';
}

/* DIR/frames: "frames N" and "blank 0|1", moved into place whole. */
static void write_count(const TestHook *t)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8], text[64];
	snprintf(path, sizeof(path), "%s/frames", t->dir);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	int n = snprintf(text, sizeof(text), "frames %lu\nblank %d\n", t->frames, t->blank);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return;
	bool ok = fwrite(text, 1, (size_t)n, f) == (size_t)n;
	if (fclose(f) == 0 && ok)
		rename(tmp, path);
	else
		unlink(tmp);
}

bool testhook_take_clock(TestHook *t)
{
	bool asked = t && t->clock;
	if (t)
		t->clock = false;
	return asked;
}

void testhook_blank(TestHook *t, bool blank)
{
	if (!t)
		return;
	t->blank = blank;
	write_count(t);
}

void testhook_frame(TestHook *t, SDL_Renderer *sdl, const Kiosk *k, const Orient *o)
{
	if (!t)
		return;
	t->frames++;
	write_count(t);
	if (!t->shot[0])
		return;
	int w, h;
	SDL_Surface *s = NULL;
	if (SDL_GetRendererOutputSize(sdl, &w, &h) == 0)
		s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s ||
	    SDL_RenderReadPixels(sdl, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0)
		fprintf(stderr, "kiosk: test hook: cannot read the frame back (%s)\n",
		        SDL_GetError());
	else
		headless_write_shot(s, k, o, t->dir, t->shot);
	SDL_FreeSurface(s);
	t->shot[0] = '\0';
}
