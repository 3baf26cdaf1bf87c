/* install: a software update through the root helper (see install.h). */
#include "platform/software/install.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

struct Install {
	pthread_t thread;
	bool joinable;
	pthread_mutex_t lock;
	InstallStatus st; /* under lock */
	int changed;      /* eventfd: the status changed */
	int stop;         /* eventfd: install_free wants the thread back */
	char helper[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char request[SOFTWARE_NAME_MAX + 32];
	void (*wake)(void *);
	void *user;
};

Install *install_new(void (*wake)(void *), void *user)
{
	Install *in = calloc(1, sizeof(*in));
	if (!in)
		return NULL;
	pthread_mutex_init(&in->lock, NULL);
	in->changed = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	in->stop = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	in->wake = wake;
	in->user = user;
	if (in->changed < 0 || in->stop < 0) {
		install_free(in);
		return NULL;
	}
	return in;
}

static void join(Install *in)
{
	if (!in->joinable)
		return;
	pthread_join(in->thread, NULL);
	in->joinable = false;
}

void install_free(Install *in)
{
	if (!in)
		return;
	if (in->joinable) {
		uint64_t one = 1;
		if (write(in->stop, &one, sizeof(one)) < 0)
			perror("kiosk: install");
		join(in);
	}
	if (in->changed >= 0)
		close(in->changed);
	if (in->stop >= 0)
		close(in->stop);
	pthread_mutex_destroy(&in->lock);
	free(in);
}

/* Under the lock from the thread: the new status, and a wake. */
static void publish(Install *in, const SoftwareAnswer *a)
{
	pthread_mutex_lock(&in->lock);
	if (a->kind == SOFTWARE_PROGRESS) {
		in->st.percent = a->percent;
	} else {
		in->st.answer = *a;
		in->st.running = false;
		in->st.finished = true;
	}
	pthread_mutex_unlock(&in->lock);
	uint64_t one = 1;
	if (write(in->changed, &one, sizeof(one)) < 0)
		perror("kiosk: install");
	if (in->wake)
		in->wake(in->user);
}

/* The install ends in an error, why said in English. */
static void fail(Install *in, const char *why)
{
	SoftwareAnswer a = {.kind = SOFTWARE_ERROR};
	snprintf(a.text, sizeof(a.text), "%s", why);
	publish(in, &a);
}

static int connect_helper(const Install *in)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	memcpy(addr.sun_path, in->helper, sizeof(addr.sun_path));
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	size_t n = strlen(in->request);
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 ||
	    send(fd, in->request, n, MSG_NOSIGNAL) != (ssize_t)n) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* The helper's lines until its final one. Each line is at most
 * SOFTWARE_LINE_MAX bytes and its newline; a longer one is not read
 * further. */
static void *run(void *arg)
{
	Install *in = arg;
	int fd = connect_helper(in);
	if (fd < 0) {
		char why[SOFTWARE_LINE_MAX];
		snprintf(why, sizeof(why), "the update helper cannot be reached: %s",
		         strerror(errno));
		fail(in, why);
		return NULL;
	}
	char buf[SOFTWARE_LINE_MAX + 2];
	size_t got = 0;
	for (;;) {
		struct pollfd p[2] = {{.fd = fd, .events = POLLIN},
		                      {.fd = in->stop, .events = POLLIN}};
		int r = poll(p, 2, INSTALL_QUIET_S * 1000);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0) {
			fail(in, "the update helper said nothing for 10 minutes");
			break;
		}
		if (r < 0 || p[1].revents) {
			fail(in, "the kiosk stopped waiting");
			break;
		}
		ssize_t n = recv(fd, buf + got, sizeof(buf) - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fail(in, "the update helper ended without an answer");
			break;
		}
		got += (size_t)n;
		bool final = false;
		char *nl;
		while (!final && (nl = memchr(buf, '\n', got))) {
			size_t len = (size_t)(nl - buf);
			SoftwareAnswer a;
			software_parse_answer(buf, len, &a);
			if (a.kind == SOFTWARE_MALFORMED) {
				fail(in, "the update helper's answer was not understood");
				final = true;
				break;
			}
			publish(in, &a);
			final = software_final(&a);
			memmove(buf, nl + 1, got - len - 1);
			got -= len + 1;
		}
		if (final)
			break;
		if (got == sizeof(buf)) {
			fail(in, "the update helper's answer was too long");
			break;
		}
	}
	close(fd);
	return NULL;
}

int install_start(Install *in, const char *helper, bool from_inbox, const char *name)
{
	if (install_running(in))
		return -1;
	join(in);
	pthread_mutex_lock(&in->lock);
	memset(&in->st, 0, sizeof(in->st));
	in->st.running = true;
	pthread_mutex_unlock(&in->lock);
	uint64_t v;
	while (read(in->stop, &v, sizeof(v)) > 0)
		;
	snprintf(in->request, sizeof(in->request), "install %s %s\n",
	         from_inbox ? "inbox" : "stick", name);
	if (strlen(helper) >= sizeof(in->helper)) {
		fail(in, "the update helper's socket name is too long");
		return 0;
	}
	snprintf(in->helper, sizeof(in->helper), "%s", helper);
	if (pthread_create(&in->thread, NULL, run, in) != 0) {
		pthread_mutex_lock(&in->lock);
		in->st.running = false;
		pthread_mutex_unlock(&in->lock);
		return -1;
	}
	in->joinable = true;
	return 0;
}

int install_fd(const Install *in)
{
	return in->changed;
}

void install_status(Install *in, InstallStatus *st)
{
	uint64_t v;
	while (read(in->changed, &v, sizeof(v)) > 0)
		;
	pthread_mutex_lock(&in->lock);
	*st = in->st;
	in->st.finished = false;
	pthread_mutex_unlock(&in->lock);
	if (st->finished)
		join(in);
}

bool install_running(Install *in)
{
	pthread_mutex_lock(&in->lock);
	bool r = in->st.running || in->st.finished;
	pthread_mutex_unlock(&in->lock);
	return r;
}

void install_wait(Install *in, int ms)
{
	struct pollfd p = {.fd = in->changed, .events = POLLIN};
	while (poll(&p, 1, ms) < 0 && errno == EINTR)
		;
}
