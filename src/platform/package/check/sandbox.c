/* sandbox: fork, limit, run, collect.
 *
 * The child is a fork, not a fresh program: the function and its input are
 * already in memory and nothing has to be found on disk. That also means
 * the child starts with whatever the parent had mapped, so the memory limit
 * is set relative to the child's own size at that moment.
 *
 * AddressSanitizer reserves terabytes of shadow address space up front, so
 * any RLIMIT_AS a decoder could live with would fail the sanitizer's own
 * mappings; ASan builds (which exist to find memory bugs, not to run on a
 * kiosk) skip that one limit and keep the rest. They also keep the child's
 * stderr, where the sanitizer reports; release builds send it to
 * /dev/null, where libpng's warnings about colour profiles belong.
 */
#include "platform/package/check/sandbox.h"

#include "core/package/pkg.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_ASAN 1
#endif
#endif
#ifndef SANDBOX_ASAN
#define SANDBOX_ASAN 0
#endif

/* Where the child finds its result pipe and its input. */
#define CHILD_OUT_FD 3
#define CHILD_IN_FD 4
/* Descriptors the child may hold: its own five plus room for a library
 * that opens something (a locale file) while it works. */
#define CHILD_NOFILE 16

int sandbox_write(int fd, const void *buf, size_t n)
{
	const unsigned char *p = buf;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

const char *sandbox_words(SandboxStatus st)
{
	switch (st) {
	case SANDBOX_OK:
		return N_("it was checked");
	case SANDBOX_TIMEOUT:
		return N_("it took too long");
	case SANDBOX_NOSTART:
		return N_("the checker could not be started");
	default:
		return N_("the checker stopped unexpectedly");
	}
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The child's address-space size from /proc/self/statm (pages), without
 * stdio: 0 when it cannot be read. */
static uint64_t own_size(void)
{
	int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	char buf[128];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	uint64_t pages = 0;
	for (char *p = buf; *p >= '0' && *p <= '9'; p++)
		pages = pages * 10 + (uint64_t)(*p - '0');
	long page = sysconf(_SC_PAGESIZE);
	return pages * (uint64_t)(page > 0 ? page : 4096);
}

static void limit(int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit rl = {soft, hard};
	/* Lowering never needs privileges; should it still fail, the other
	 * limits and the deadline remain. */
	(void)setrlimit(resource, &rl);
}

static void close_from(unsigned first)
{
#ifdef SYS_close_range
	if (syscall(SYS_close_range, first, ~0u, 0) == 0)
		return;
#endif
	for (int fd = (int)first; fd < 1024; fd++)
		close(fd);
}

/* Everything the child does before running fn. Only system calls: the
 * parent may be multi-threaded, and this runs right after fork. */
static void child_setup(pid_t parent, int out_fd, int in_fd, const SandboxLimits *lim)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);

	/* Every signal does what it does by default: a SIGTERM for the kiosk
	 * (systemd stopping it signals the whole group) ends the child at
	 * once, never runs the parent's handler in it. */
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	static const int reset[] = {SIGPIPE, SIGXCPU, SIGXFSZ, SIGTERM,
	                            SIGINT,  SIGHUP,  SIGUSR1, SIGUSR2};
	for (size_t k = 0; k < sizeof(reset) / sizeof(reset[0]); k++)
		signal(reset[k], SIG_DFL);

	/* Move the two descriptors out of the way, then into place: either
	 * may already sit on 3 or 4. */
	int o = fcntl(out_fd, F_DUPFD, 10);
	int i = in_fd >= 0 ? fcntl(in_fd, F_DUPFD, 10) : -1;
	if (o < 0 || (in_fd >= 0 && i < 0))
		_exit(127);
	if (dup2(o, CHILD_OUT_FD) < 0 || (i >= 0 && dup2(i, CHILD_IN_FD) < 0))
		_exit(127);
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		if (!SANDBOX_ASAN)
			dup2(null, 2);
	}
	close_from(i >= 0 ? CHILD_IN_FD + 1 : CHILD_OUT_FD + 1);

	limit(RLIMIT_CORE, 0, 0);
	limit(RLIMIT_FSIZE, 0, 0);
	limit(RLIMIT_NOFILE, CHILD_NOFILE, CHILD_NOFILE);
	if (lim->cpu_s)
		/* SIGXCPU at the soft limit, SIGKILL a second later. */
		limit(RLIMIT_CPU, lim->cpu_s, lim->cpu_s + 1);
	if (lim->mem && !SANDBOX_ASAN) {
		uint64_t base = own_size();
		if (base)
			limit(RLIMIT_AS, (rlim_t)(base + lim->mem), (rlim_t)(base + lim->mem));
	}
}

/* Appends what the pipe holds now. 1 at end of file, 0 for more later,
 * -1 when the result grows past max. */
static int drain(int fd, unsigned char **buf, size_t *len, size_t *cap, size_t max)
{
	for (;;) {
		if (*len == *cap) {
			if (*cap >= max + 1)
				return -1;
			size_t ncap = *cap ? *cap * 2 : 4096;
			if (ncap > max + 1)
				ncap = max + 1;
			unsigned char *p = realloc(*buf, ncap);
			if (!p)
				return -1;
			*buf = p;
			*cap = ncap;
		}
		ssize_t r = read(fd, *buf + *len, *cap - *len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
		if (r == 0)
			return 1;
		*len += (size_t)r;
		if (*len > max)
			return -1;
	}
}

/* The parent's view of one child: its result so far and how it ended. */
typedef struct {
	pid_t pid;
	int rfd, pidfd;
	unsigned char *buf;
	size_t len, cap;
	bool eof, exited, killed, overflow;
	int status;
	pid_t reaped; /* pid once waited for */
	struct rusage ru;
} Watch;

/* One wake-up's worth of work: reads what the pipe holds, notes the
 * child's exit. false when the watch is over. */
static bool watch_step(Watch *w, const SandboxLimits *lim, int timeout)
{
	struct pollfd pf[2];
	nfds_t nf = 0;
	if (!w->eof)
		pf[nf++] = (struct pollfd){.fd = w->rfd, .events = POLLIN};
	if (w->pidfd >= 0)
		pf[nf++] = (struct pollfd){.fd = w->pidfd, .events = POLLIN};
	if (nf == 0) {
		/* No pidfd and the pipe is closed: the child is leaving; look
		 * again shortly. */
		w->reaped = wait4(w->pid, &w->status, WNOHANG, &w->ru);
		if (w->reaped == w->pid) {
			w->exited = true;
			return false;
		}
		struct timespec ts = {0, 5 * 1000 * 1000};
		nanosleep(&ts, NULL);
		return true;
	}
	int pr = poll(pf, nf, timeout);
	if (pr < 0 && errno != EINTR)
		return false;
	for (nfds_t k = 0; pr > 0 && k < nf; k++) {
		if (!pf[k].revents)
			continue;
		if (pf[k].fd != w->rfd) {
			w->exited = true;
			continue;
		}
		int d = drain(w->rfd, &w->buf, &w->len, &w->cap, lim->max_out);
		if (d < 0) {
			w->overflow = true;
			kill(w->pid, SIGKILL);
			w->killed = true;
		} else if (d > 0) {
			w->eof = true;
		}
	}
	return !w->killed && !w->exited;
}

/* Reads the result until the child exits or the deadline passes, then
 * reaps it: never a child left behind. */
static void watch(Watch *w, const SandboxLimits *lim)
{
	uint64_t deadline = lim->wall_ms ? now_ms() + lim->wall_ms : 0;
	for (;;) {
		int timeout = -1;
		if (deadline) {
			uint64_t t = now_ms();
			if (t >= deadline) {
				kill(w->pid, SIGKILL);
				w->killed = true;
				break;
			}
			timeout = (int)(deadline - t);
		}
		if (!watch_step(w, lim, timeout))
			break;
	}
	if (w->exited && !w->eof && !w->overflow &&
	    drain(w->rfd, &w->buf, &w->len, &w->cap, lim->max_out) < 0)
		w->overflow = true;
	if (!w->exited && !w->killed) {
		/* poll failed: never leave a child behind. */
		kill(w->pid, SIGKILL);
		w->killed = true;
	}
	while (w->reaped != w->pid) {
		w->reaped = wait4(w->pid, &w->status, 0, &w->ru);
		if (w->reaped < 0 && errno != EINTR)
			break;
	}
}

static SandboxStatus verdict(const Watch *w, const SandboxLimits *lim)
{
	uint64_t cpu_ms = (uint64_t)(w->ru.ru_utime.tv_sec + w->ru.ru_stime.tv_sec) * 1000 +
	                  (uint64_t)(w->ru.ru_utime.tv_usec + w->ru.ru_stime.tv_usec) / 1000;
	if (w->reaped != w->pid || w->overflow)
		return SANDBOX_CRASHED;
	if (w->killed)
		return SANDBOX_TIMEOUT;
	if (WIFEXITED(w->status))
		return WEXITSTATUS(w->status) == 0 ? SANDBOX_OK : SANDBOX_CRASHED;
	if (WIFSIGNALED(w->status)) {
		int sig = WTERMSIG(w->status);
		/* The CPU limit sends SIGXCPU, then SIGKILL at the hard limit; a
		 * SIGKILL with the CPU used up is that, not the OOM killer. */
		if (sig == SIGXCPU ||
		    (sig == SIGKILL && lim->cpu_s && cpu_ms + 50 >= lim->cpu_s * 1000ull))
			return SANDBOX_TIMEOUT;
	}
	return SANDBOX_CRASHED;
}

SandboxStatus sandbox_run(SandboxFn fn, void *arg, int in_fd, const SandboxLimits *lim,
                          unsigned char **out, size_t *outlen)
{
	*out = NULL;
	*outlen = 0;
	int pipefd[2];
	if (pipe2(pipefd, O_CLOEXEC) != 0)
		return SANDBOX_NOSTART;
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return SANDBOX_NOSTART;
	}
	if (pid == 0) {
		close(pipefd[0]);
		child_setup(parent, pipefd[1], in_fd, lim);
		int rc = fn(arg, in_fd >= 0 ? CHILD_IN_FD : -1, CHILD_OUT_FD);
		/* _exit: the parent's atexit handlers and stdio buffers are
		 * not the child's to run or flush. */
		_exit(rc == 0 ? 0 : 1);
	}
	close(pipefd[1]);
	Watch w = {.pid = pid, .rfd = pipefd[0], .pidfd = -1};
	fcntl(w.rfd, F_SETFL, fcntl(w.rfd, F_GETFL) | O_NONBLOCK);
	/* A pidfd says when the child is gone even if a thread forked
	 * elsewhere meanwhile holds a copy of the pipe's write end. */
#ifdef SYS_pidfd_open
	w.pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
#endif
	watch(&w, lim);
	if (w.pidfd >= 0)
		close(w.pidfd);
	close(w.rfd);
	SandboxStatus st = verdict(&w, lim);
	if (st != SANDBOX_OK || w.len == 0) {
		free(w.buf);
		return st;
	}
	*out = w.buf;
	*outlen = w.len;
	return SANDBOX_OK;
}
