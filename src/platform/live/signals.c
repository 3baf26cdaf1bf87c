#include "platform/live/signals.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

static volatile sig_atomic_t stop_came, reload_came;
static int pipe_fds[2] = {-1, -1};

static void on_signal(int sig)
{
	int saved = errno;
	if (sig == SIGHUP)
		reload_came = 1;
	else
		stop_came = 1;
	if (pipe_fds[1] >= 0) {
		/* A full pipe already holds a wake-up: nothing is lost. */
		ssize_t n = write(pipe_fds[1], "s", 1);
		(void)n;
	}
	errno = saved;
}

int signals_install(void)
{
	int rc = 0;
	if (pipe_fds[0] < 0 && pipe2(pipe_fds, O_NONBLOCK | O_CLOEXEC) != 0) {
		pipe_fds[0] = pipe_fds[1] = -1;
		rc = -1;
	}
	/* No SA_RESTART: a poll() or a sleep under way returns at once. */
	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	struct sigaction ignore = {.sa_handler = SIG_IGN};
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGUSR1, &ignore, NULL);
	sigaction(SIGUSR2, &ignore, NULL);
	return rc;
}

int signals_fd(void)
{
	return pipe_fds[0];
}

unsigned signals_take(void)
{
	if (pipe_fds[0] >= 0) {
		char buf[64];
		while (read(pipe_fds[0], buf, sizeof(buf)) > 0)
			;
	}
	unsigned got = 0;
	if (stop_came)
		got |= SIGNALS_STOP;
	if (reload_came) {
		reload_came = 0;
		got |= SIGNALS_RELOAD;
	}
	return got;
}

bool signals_stopping(void)
{
	return stop_came != 0;
}
