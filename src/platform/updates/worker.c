#include "platform/updates/worker.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

/* How many problems the screen lists before "and N more". */
#define WORKER_SHOWN 3

struct Worker {
	pthread_mutex_t lock;
	pthread_cond_t idle;
	pthread_cond_t gate; /* the worker waits here while past the budget */
	pthread_t thread;
	bool joinable;
	int efd;
	void (*wake)(void *);
	void *user;
	char data[4096];
	char src[4096];
	PkgLimits lim;
	volatile int cancel;
	WorkerStatus st;
	uint64_t last_signalled;
	uint64_t read_total; /* the reading's bytes, once the check began */
	uint64_t budget;     /* bytes the worker may reach before it waits */
	bool waiting;        /* the worker is waiting at the gate */
	bool held;           /* paced by worker_allow (headless) */
	bool has_policy;     /* signatures required */
	SigPolicy policy;
	char site[CONFIG_PATH_MAX], trusted[CONFIG_PATH_MAX];
	char font_dir[CONFIG_PATH_MAX]; /* the fonts the check judges text by */
	PkgReport report;               /* the last import's, until the next one ends */
};

static void signal_change(Worker *u)
{
	uint64_t one = 1;
	if (u->efd >= 0 && write(u->efd, &one, sizeof(one)) < 0) {
		/* The counter is saturated: the reader is already due. */
	}
	if (u->wake)
		u->wake(u->user);
}

static void on_progress(void *user, ProgressStage stage, uint64_t done, uint64_t total)
{
	Worker *u = user;
	pthread_mutex_lock(&u->lock);
	if (stage != u->st.stage) {
		u->read_total = u->st.total;
		u->last_signalled = 0;
	}
	u->st.stage = stage;
	u->st.done = done;
	u->st.total = total;
	/* Wake the screen for every visible step (a thousandth), not for
	 * every block copied. */
	uint64_t step = total / 1000 + 1;
	bool due = done >= u->last_signalled + step || done == total || done == 0;
	if (due)
		u->last_signalled = done;
	/* Headless runs pace the import by their virtual clock, the check
	 * after the reading. */
	uint64_t work = (stage == PROGRESS_CHECKING ? u->read_total : 0) + done;
	while (work > u->budget && !u->cancel) {
		u->waiting = true;
		pthread_cond_broadcast(&u->idle);
		pthread_cond_wait(&u->gate, &u->lock);
	}
	u->waiting = false;
	pthread_mutex_unlock(&u->lock);
	if (due)
		signal_change(u);
}

/* The first few problems of r that are warnings (or errors), one a line
 * as `kiosk check` prints them, and how many more there are: in w's
 * language, or English when w is NULL. */
static void first_lines(const PkgReport *r, const Words *w, bool warning, size_t count, char *buf,
                        size_t size)
{
	buf[0] = '\0';
	size_t len = 0, shown = 0;
	for (size_t i = 0; i < r->n && shown < WORKER_SHOWN; i++) {
		if (r->v[i].warning != warning)
			continue;
		char line[512];
		pkg_report_line_in(r, i, w ? words_translate : NULL, w, line, sizeof(line));
		int n = snprintf(buf + len, size - len, "%s%s", shown ? "\n" : "", line);
		if (n < 0 || (size_t)n >= size - len)
			break;
		len += (size_t)n;
		shown++;
	}
	if (count > shown) {
		char more[32], said[128];
		snprintf(more, sizeof(more), "%zu", count - shown);
		words_fill(said, sizeof(said), word(w, WORD_AND_N_MORE),
		           (const char *const[]){more}, 1);
		snprintf(buf + len, size - len, "\n%s", said);
	}
}

static void *worker(void *arg)
{
	Worker *u = arg;
	PkgReport r;
	pkg_report_init(&r);
	SigStatus sig = {0};
	ImportFailed failed = {0};
	ImportHooks hooks = {.progress = on_progress,
	                     .user = u,
	                     .cancel = &u->cancel,
	                     .sig = u->has_policy ? &u->policy : NULL,
	                     .sig_status = &sig,
	                     .font_dir = u->font_dir,
	                     .failed = &failed};
	ImportResult res = importer_run(u->src, u->data, &u->lim, &hooks, &r);
	pthread_mutex_lock(&u->lock);
	u->st.result = res;
	u->st.failed = failed;
	u->st.articles = r.articles;
	u->st.topics = r.topics;
	u->st.images = r.images;
	u->st.problems = r.errors;
	snprintf(u->st.signer, sizeof(u->st.signer), "%s", sig.verified ? sig.signer : "");
	u->st.floor_reset = sig.verified && sig.reset_floor;
	u->st.warnings = r.warnings;
	first_lines(&r, NULL, false, r.errors, u->st.lines, sizeof(u->st.lines));
	first_lines(&r, NULL, true, r.warnings, u->st.notes, sizeof(u->st.notes));
	/* Kept for worker_lines: the screen says it in its own language, on
	 * its own thread. */
	pkg_report_free(&u->report);
	u->report = r;
	u->st.running = false;
	u->st.finished = true;
	pthread_cond_broadcast(&u->idle);
	pthread_mutex_unlock(&u->lock);
	signal_change(u);
	return NULL;
}

Worker *worker_new(const char *data, const Config *cfg, void (*wake)(void *), void *user)
{
	Worker *u = calloc(1, sizeof(*u));
	if (!u)
		return NULL;
	pthread_mutex_init(&u->lock, NULL);
	pthread_cond_init(&u->idle, NULL);
	pthread_cond_init(&u->gate, NULL);
	u->budget = UINT64_MAX;
	u->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	u->wake = wake;
	u->user = user;
	u->lim = cfg->limits;
	SigPolicy pol;
	if (importer_policy(cfg, &pol)) {
		/* Copies: the worker must not point into the caller's settings. */
		snprintf(u->site, sizeof(u->site), "%s", cfg->site);
		snprintf(u->trusted, sizeof(u->trusted), "%s", cfg->trusted_keys_dir);
		u->policy = (SigPolicy){.trusted_dir = u->trusted, .site = u->site};
		u->has_policy = true;
	}
	snprintf(u->data, sizeof(u->data), "%s", data);
	snprintf(u->font_dir, sizeof(u->font_dir), "%s", cfg->font_dir);
	return u;
}

static void join(Worker *u)
{
	if (u->joinable) {
		pthread_join(u->thread, NULL);
		u->joinable = false;
	}
}

void worker_free(Worker *u)
{
	if (!u)
		return;
	worker_cancel(u);
	join(u);
	if (u->efd >= 0)
		close(u->efd);
	pthread_cond_destroy(&u->idle);
	pthread_cond_destroy(&u->gate);
	pthread_mutex_destroy(&u->lock);
	pkg_report_free(&u->report);
	free(u);
}

int worker_start(Worker *u, const char *src)
{
	pthread_mutex_lock(&u->lock);
	bool busy = u->st.running;
	pthread_mutex_unlock(&u->lock);
	if (busy)
		return -1;
	join(u);
	snprintf(u->src, sizeof(u->src), "%s", src);
	u->cancel = 0;
	u->last_signalled = 0;
	u->read_total = 0;
	u->waiting = false;
	if (u->held)
		u->budget = 0;
	memset(&u->st, 0, sizeof(u->st));
	u->st.running = true;
	if (pthread_create(&u->thread, NULL, worker, u) != 0) {
		u->st.running = false;
		return -1;
	}
	u->joinable = true;
	return 0;
}

void worker_cancel(Worker *u)
{
	pthread_mutex_lock(&u->lock);
	u->cancel = 1;
	pthread_cond_broadcast(&u->gate);
	pthread_mutex_unlock(&u->lock);
}

void worker_hold(Worker *u)
{
	pthread_mutex_lock(&u->lock);
	u->budget = 0;
	u->held = true;
	pthread_mutex_unlock(&u->lock);
}

void worker_allow(Worker *u, uint64_t bytes)
{
	pthread_mutex_lock(&u->lock);
	u->budget = u->budget > UINT64_MAX - bytes ? UINT64_MAX : u->budget + bytes;
	u->waiting = false;
	pthread_cond_broadcast(&u->gate);
	/* Until the worker has used its budget (and waits again) or is done. */
	while (u->st.running && !u->waiting)
		pthread_cond_wait(&u->idle, &u->lock);
	pthread_mutex_unlock(&u->lock);
}

int worker_fd(const Worker *u)
{
	return u->efd;
}

void worker_lines(Worker *u, const Words *w, bool warnings, char *buf, size_t size)
{
	pthread_mutex_lock(&u->lock);
	first_lines(&u->report, w, warnings, warnings ? u->report.warnings : u->report.errors, buf,
	            size);
	pthread_mutex_unlock(&u->lock);
}

void worker_status(Worker *u, WorkerStatus *st)
{
	uint64_t v;
	if (u->efd >= 0 && read(u->efd, &v, sizeof(v)) < 0) {
		/* Nothing pending: the status is read anyway. */
	}
	pthread_mutex_lock(&u->lock);
	*st = u->st;
	u->st.finished = false;
	pthread_mutex_unlock(&u->lock);
	if (st->finished)
		join(u);
}

void worker_wait(Worker *u)
{
	pthread_mutex_lock(&u->lock);
	while (u->st.running)
		pthread_cond_wait(&u->idle, &u->lock);
	pthread_mutex_unlock(&u->lock);
}
