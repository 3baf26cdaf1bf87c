/* service: the staff's screens behind the PIN: the PIN pad, the service
 * screen with what is installed and what staff can do, the touch test and
 * cleaning mode. A state machine like nav: taps on its buttons, pointer
 * events and time go in; which screen shows, and requests for the
 * platform (check this PIN, roll back, turn the screen, restart) come out.
 *
 * What the service screen offers is the SERVICE_BUTTONS table (service.c):
 * a new action is a ServiceAct, a row there, and what the platform does
 * for its request. The platform owns the Service (it outlives the
 * controller, which a turned screen makes anew) and fills `info`; the
 * controller borrows it. Pure C, time injected (ms).
 */
#ifndef KIOSK_SERVICE_H
#define KIOSK_SERVICE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/control/gesture.h"
#include "core/screen/look/words.h"
#include "core/service/hold.h"
#include "core/service/pinguard.h"

#define SERVICE_IDLE_MS 60000u     /* the service screens close after this */
#define SERVICE_CLEANING_MS 30000u /* touch ignored this long */
#define SERVICE_PIN_MIN 4
#define SERVICE_PIN_MAX 12
#define SERVICE_POINTS 256 /* the touch test's dots kept */

typedef enum {
	SERVICE_OFF,      /* the visitor's screens */
	SERVICE_PIN,      /* the PIN pad */
	SERVICE_MENU,     /* the service screen */
	SERVICE_TOUCH,    /* the touch test */
	SERVICE_CLEANING, /* touch ignored, a countdown */
} ServiceMode;

typedef enum {
	SERVICE_ACT_DIGIT, /* arg: 0..9 */
	SERVICE_ACT_ERASE,
	SERVICE_ACT_ENTER,
	SERVICE_ACT_CLOSE, /* back to the visitor's screens */
	SERVICE_ACT_BACK,  /* the touch test -> the service screen */
	SERVICE_ACT_ROLLBACK,
	SERVICE_ACT_TOUCH_TEST,
	SERVICE_ACT_ROTATE, /* arg: quarter turns, 0..3 */
	SERVICE_ACT_CLEANING,
	SERVICE_ACT_RESTART,
	SERVICE_ACT_CLOCK,  /* the clock screen, in place of the service screen */
	SERVICE_ACT_EXPORT, /* the usage figures onto the stick in the kiosk */
} ServiceAct;

/* A button of the service screen. */
typedef struct {
	ServiceAct act;
	int arg;
	WordId word;    /* its label (ROTATE: the degrees instead) */
	const char *id; /* for robots: "service-rollback" */
} ServiceButton;

extern const ServiceButton SERVICE_BUTTONS[];
extern const unsigned SERVICE_BUTTONS_N;

/* A target's index for act and arg, and back. */
int service_target_index(ServiceAct act, int arg);

/* What the platform is asked to do (service_take). */
enum {
	SERVICE_REQ_VERIFY = 1u << 0,   /* check `digits` against the stored PIN, then
	                                 * service_verified */
	SERVICE_REQ_TRIES = 1u << 1,    /* keep `guard` on disk */
	SERVICE_REQ_ROLLBACK = 1u << 2, /* the previous content, then service_said */
	SERVICE_REQ_ROTATE = 1u << 3,   /* turn to `rotation`, and keep it */
	SERVICE_REQ_RESTART = 1u << 4,  /* end the program (systemd starts it again) */
	SERVICE_REQ_INFO = 1u << 5,     /* fill `info` anew (the clock moved, a change) */
	SERVICE_REQ_CLOCK = 1u << 6,    /* open the clock screen (platform/night/watch) */
	SERVICE_REQ_EXPORT = 1u << 7,   /* the usage figures onto the stick, then
	                                 * service_said */
};

/* What a service line says after an action. */
typedef enum {
	SERVICE_SAY_NONE,
	SERVICE_SAY_WRONG,        /* a wrong PIN: tries left */
	SERVICE_SAY_LOCKED,       /* locked: time left */
	SERVICE_SAY_NO_PIN,       /* no PIN set on this kiosk */
	SERVICE_SAY_CHECKING,     /* the PIN is being checked */
	SERVICE_SAY_ROLLED_BACK,  /* the previous content is back */
	SERVICE_SAY_NO_PREVIOUS,  /* nothing to go back to */
	SERVICE_SAY_FAILED,       /* it could not be done (detail in `detail`) */
	SERVICE_SAY_EXPORTED,     /* the figures are on the stick (detail: the file's name) */
	SERVICE_SAY_NO_STICK,     /* no stick in the kiosk to export to */
	SERVICE_SAY_NO_FOLDER,    /* the stick has no kiosk folder */
	SERVICE_SAY_READ_ONLY,    /* the stick cannot be written to */
	SERVICE_SAY_STICK_FULL,   /* the stick is full */
	SERVICE_SAY_STICK_FAILED, /* writing to it failed (detail: why, in English) */
	SERVICE_SAY_BUSY,         /* a stick is being read: not now */
} ServiceSay;

/* What the service screen shows, written out by the platform (borrowed
 * strings, "" for unknown). */
typedef struct {
	const char *version;  /* the content's version and date */
	const char *signer;   /* who signed it, "" not signed */
	const char *articles; /* its articles and topics, one a line */
	const char *import;   /* the last import's result */
	const char *software; /* the program's version */
	const char *uptime;   /* how long it has run */
	const char *storage;  /* free storage in the data folder */
	const char *clock;    /* the date and time */
} ServiceInfo;

typedef struct Service {
	ServiceMode mode;
	ServiceMode back; /* where cleaning mode returns */
	Hold hold;
	PinGuard guard;
	bool has_pin;  /* a PIN is set: without one the pad stays shut */
	bool checking; /* a PIN is being checked */
	char digits[SERVICE_PIN_MAX + 1];
	int ndigits;
	ServiceSay say;
	char detail[160]; /* SERVICE_SAY_FAILED: why, in plain words */
	int rotation;     /* the screen's turn in degrees */
	uint64_t last_touch;
	uint64_t cleaning_until;
	struct {
		int x, y;
	} points[SERVICE_POINTS]; /* the touch test's dots, a ring */
	unsigned npoints;         /* dots made (the last SERVICE_POINTS kept) */
	unsigned requests;
	ServiceInfo info;
} Service;

/* corner and slop: the corner square's side and a finger's slop, logical
 * px (service_measure changes them with the screen). */
void service_init(Service *s, int corner, int slop);
void service_measure(Service *s, int corner, int slop);

/* What service_pointer and service_tick report. */
enum {
	SERVICE_CHANGED = 1u << 0, /* what shows changed: lay out again */
	SERVICE_TAKEN = 1u << 1,   /* the event is the service's: the visitor's
	                            * screens must not see it (nor the rest of
	                            * the touch) */
};

unsigned service_pointer(Service *s, const PointerEvent *ev, uint64_t now);
unsigned service_tick(Service *s, uint64_t now);
/* A service screen's button (its target index) was tapped. */
unsigned service_act(Service *s, int index, uint64_t now);
/* When service_tick must next run, or UINT64_MAX. */
uint64_t service_deadline(const Service *s, uint64_t now);
bool service_active(const Service *s);
/* Takes the requests made since the last call. */
unsigned service_take(Service *s);
/* The PIN checked: right opens the service screen. */
unsigned service_verified(Service *s, bool right, uint64_t now);
/* What an action came to (SERVICE_SAY_FAILED with detail). */
unsigned service_said(Service *s, ServiceSay say, const char *detail, uint64_t now);
/* Opens the service screen without the PIN (after the screen turned, the
 * controller made anew). */
unsigned service_open_menu(Service *s, uint64_t now);
/* Seconds of cleaning mode left at now, rounded up. */
int service_cleaning_left(const Service *s, uint64_t now);
/* A line kept in the data folder (the last import's result), made fit to
 * show: its first line alone, every other control character a space.
 * False, and s emptied, when it is not UTF-8 or holds a NUL before len:
 * nothing of it is shown. */
bool service_clean_line(char *s, size_t len);

#endif
