/* Tests for platform/sandbox: what a child may do, what happens when it
 * runs too long, crashes, asks for too much memory, writes a file or says
 * too much, and that it sees only the descriptors it was given. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "platform/package/check/sandbox.h"

#if defined(__SANITIZE_ADDRESS__)
#define ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN 1
#endif
#endif
#ifndef ASAN
#define ASAN 0
#endif

static const SandboxLimits LIMITS = {64u * 1024 * 1024, 2, 5000, 4096};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static SandboxStatus run(SandboxFn fn, void *arg, int in_fd, const SandboxLimits *lim, char *out,
                         size_t outsize)
{
	unsigned char *buf;
	size_t len;
	SandboxStatus st = sandbox_run(fn, arg, in_fd, lim, &buf, &len);
	if (st != SANDBOX_OK)
		assert_null(buf);
	size_t n = len < outsize - 1 ? len : outsize - 1;
	if (buf)
		memcpy(out, buf, n);
	out[buf ? n : 0] = '\0';
	free(buf);
	return st;
}

static int say_hello(void *arg, int in_fd, int out_fd)
{
	return sandbox_write(out_fd, "hello", 5);
}

static int say_nothing(void *arg, int in_fd, int out_fd)
{
	return 0;
}

static int give_up(void *arg, int in_fd, int out_fd)
{
	sandbox_write(out_fd, "partial", 7);
	return 3;
}

static int crash(void *arg, int in_fd, int out_fd)
{
	abort();
}

static int spin(void *arg, int in_fd, int out_fd)
{
	volatile uint64_t x = 0;
	for (;;)
		x++;
	return 0;
}

static int hang(void *arg, int in_fd, int out_fd)
{
	for (;;)
		pause();
	return 0;
}

static int hog_memory(void *arg, int in_fd, int out_fd)
{
	size_t n = 1024u * 1024 * 1024;
	char *p = malloc(n);
	if (!p)
		return sandbox_write(out_fd, "no memory", 9);
	memset(p, 1, n);
	free(p);
	return sandbox_write(out_fd, "got it", 6);
}

static int write_file(void *arg, int in_fd, int out_fd)
{
	int fd = open((const char *)arg, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return sandbox_write(out_fd, "no open", 7);
	/* RLIMIT_FSIZE 0: the first byte ends the child (SIGXFSZ). */
	ssize_t w = write(fd, "x", 1);
	close(fd);
	return sandbox_write(out_fd, w == 1 ? "wrote" : "refused", w == 1 ? 5 : 7);
}

static int chatter(void *arg, int in_fd, int out_fd)
{
	static char big[256 * 1024];
	memset(big, 'a', sizeof(big));
	return sandbox_write(out_fd, big, sizeof(big));
}

static int big_result(void *arg, int in_fd, int out_fd)
{
	/* More than a pipe holds: the parent must read while it waits. */
	static char big[300 * 1024];
	memset(big, 'b', sizeof(big));
	return sandbox_write(out_fd, big, sizeof(big));
}

static int report_fds(void *arg, int in_fd, int out_fd)
{
	int secret = *(const int *)arg;
	char msg[64];
	char got[16] = "";
	if (in_fd >= 0) {
		ssize_t r = pread(in_fd, got, sizeof(got) - 1, 0);
		got[r > 0 ? r : 0] = '\0';
	}
	int n = snprintf(msg, sizeof(msg), "%s %s", fcntl(secret, F_GETFD) < 0 ? "closed" : "open",
	                 got);
	return sandbox_write(out_fd, msg, (size_t)n);
}

static void test_result_comes_back(void **state)
{
	char out[64];
	assert_int_equal(run(say_hello, NULL, -1, &LIMITS, out, sizeof(out)), SANDBOX_OK);
	assert_string_equal(out, "hello");
	assert_int_equal(run(say_nothing, NULL, -1, &LIMITS, out, sizeof(out)), SANDBOX_OK);
	assert_string_equal(out, "");
}

static void test_failure_and_crash(void **state)
{
	char out[64];
	assert_int_equal(run(give_up, NULL, -1, &LIMITS, out, sizeof(out)), SANDBOX_CRASHED);
	assert_int_equal(run(crash, NULL, -1, &LIMITS, out, sizeof(out)), SANDBOX_CRASHED);
	assert_string_equal(sandbox_words(SANDBOX_CRASHED), "the checker stopped unexpectedly");
}

static void test_cpu_limit(void **state)
{
	char out[64];
	SandboxLimits lim = LIMITS;
	lim.cpu_s = 1;
	lim.wall_ms = 20000;
	double t0 = now_s();
	assert_int_equal(run(spin, NULL, -1, &lim, out, sizeof(out)), SANDBOX_TIMEOUT);
	/* Ended by the CPU limit, well before the wall-clock deadline (a
	 * loaded machine stretches one CPU second, hence the margin). */
	assert_true(now_s() - t0 < 15.0);
	assert_string_equal(sandbox_words(SANDBOX_TIMEOUT), "it took too long");
}

static void on_term(int sig)
{
	(void)sig;
}

static int raise_term(void *arg, int in_fd, int out_fd)
{
	raise(SIGTERM);
	return sandbox_write(out_fd, "survived", 8);
}

/* The kiosk catches SIGTERM to stop cleanly; a child it forked dies of
 * it at once instead of running the kiosk's handler (systemd stopping the
 * kiosk signals the whole group). */
static void test_parent_handlers_not_inherited(void **state)
{
	struct sigaction sa = {.sa_handler = on_term}, old;
	sigaction(SIGTERM, &sa, &old);
	char out[64];
	SandboxStatus st = run(raise_term, NULL, -1, &LIMITS, out, sizeof(out));
	sigaction(SIGTERM, &old, NULL);
	assert_int_equal(st, SANDBOX_CRASHED);
	assert_string_equal(out, "");
}

static void test_wall_deadline(void **state)
{
	char out[64];
	SandboxLimits lim = LIMITS;
	lim.wall_ms = 300;
	double t0 = now_s();
	assert_int_equal(run(hang, NULL, -1, &lim, out, sizeof(out)), SANDBOX_TIMEOUT);
	double took = now_s() - t0;
	assert_true(took >= 0.29 && took < 10.0);
}

static void test_memory_limit(void **state)
{
	if (ASAN) {
		/* No RLIMIT_AS under AddressSanitizer (see sandbox.c). */
		skip();
	}
	char out[64];
	assert_int_equal(run(hog_memory, NULL, -1, &LIMITS, out, sizeof(out)), SANDBOX_OK);
	assert_string_equal(out, "no memory");
}

static void test_no_file_writing(void **state)
{
	char path[] = "/tmp/kiosk-sandbox-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	char out[64];
	SandboxStatus st = run(write_file, path, -1, &LIMITS, out, sizeof(out));
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	unlink(path);
	assert_int_equal(sb.st_size, 0);
	assert_int_equal(st, SANDBOX_CRASHED);
}

static void test_too_much_output(void **state)
{
	char out[64];
	assert_int_equal(run(chatter, NULL, -1, &LIMITS, out, sizeof(out)), SANDBOX_CRASHED);
	SandboxLimits lim = LIMITS;
	lim.max_out = 300 * 1024;
	unsigned char *buf;
	size_t len;
	assert_int_equal(sandbox_run(big_result, NULL, -1, &lim, &buf, &len), SANDBOX_OK);
	assert_int_equal(len, 300 * 1024);
	assert_int_equal(buf[len - 1], 'b');
	free(buf);
}

static void test_only_given_descriptors(void **state)
{
	char path[] = "/tmp/kiosk-sandbox-XXXXXX";
	int in = mkstemp(path);
	assert_true(in >= 0);
	unlink(path);
	assert_int_equal(write(in, "input", 5), 5);
	/* Above the numbers the child gives its own two descriptors. */
	int null = open("/dev/null", O_RDONLY);
	assert_true(null >= 0);
	int secret = fcntl(null, F_DUPFD, 20);
	close(null);
	assert_true(secret >= 20);
	char out[64];
	assert_int_equal(run(report_fds, &secret, in, &LIMITS, out, sizeof(out)), SANDBOX_OK);
	assert_string_equal(out, "closed input");
	close(secret);
	close(in);
}

static void test_no_child_left(void **state)
{
	char out[64];
	SandboxLimits lim = LIMITS;
	lim.wall_ms = 100;
	run(hang, NULL, -1, &lim, out, sizeof(out));
	run(crash, NULL, -1, &lim, out, sizeof(out));
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_result_comes_back), cmocka_unit_test(test_failure_and_crash),
	    cmocka_unit_test(test_cpu_limit),         cmocka_unit_test(test_wall_deadline),
	    cmocka_unit_test(test_memory_limit),      cmocka_unit_test(test_no_file_writing),
	    cmocka_unit_test(test_too_much_output),   cmocka_unit_test(test_only_given_descriptors),
	    cmocka_unit_test(test_no_child_left),
	    cmocka_unit_test(test_parent_handlers_not_inherited),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
