/* util: clocks, statistics, processes and /proc for the benchmark. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

extern char **environ;

double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

double median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double percentile(double *v, size_t n, double p)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	/* Nearest rank: the smallest sample with at least p % at or below. */
	size_t rank = (size_t)((p / 100.0) * (double)n + 0.999999);
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

void samples_add(Samples *s, double v)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		double *p = realloc(s->v, cap * sizeof *p);
		if (!p)
			return;
		s->v = p;
		s->cap = cap;
	}
	s->v[s->n++] = v;
}

void samples_free(Samples *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

int env_int(const char *name, int def, int min, int max)
{
	const char *s = getenv(name);
	if (!s || !*s)
		return def;
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || v < min || v > max) {
		fprintf(stderr, "bench: %s=%s: not a number from %d to %d; using %d\n", name, s,
		        min, max, def);
		return def;
	}
	return (int)v;
}

int make_dir(const char *path)
{
	return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

void remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		if (d) {
			struct dirent *e;
			while ((e = readdir(d))) {
				if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
					continue;
				char sub[PATH_MAX];
				snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
				remove_tree(sub);
			}
			closedir(d);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}

int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	size_t n = strlen(text);
	int rc = fwrite(text, 1, n, f) == n ? 0 : -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

void show_log(const char *path, const char *prefix)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	/* The last 4 KiB is where a failure says why. */
	if (fseek(f, -4096, SEEK_END) != 0)
		rewind(f);
	char line[512];
	while (fgets(line, sizeof line, f))
		fprintf(stderr, "%s%s", prefix, line);
	fclose(f);
}

pid_t spawn(char *const argv[], const char *const env[], const char *log)
{
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	int fd = log ? open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644) : -1;
	/* Whatever happens, the child's output never mixes with the figures. */
	if (fd < 0)
		fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
	}
	int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (in >= 0)
		dup2(in, 0);
	for (size_t i = 0; env && env[i]; i++)
		putenv((char *)env[i]);
	execve(argv[0], argv, environ);
	fprintf(stderr, "bench: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

int wait_child(pid_t pid, int *status, long *maxrss_kib)
{
	int st;
	struct rusage ru;
	pid_t r;
	do
		r = wait4(pid, &st, 0, &ru);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -1;
	if (status)
		*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if (maxrss_kib)
		*maxrss_kib = ru.ru_maxrss;
	return 0;
}

int run_timed(char *const argv[], const char *const env[], const char *log, double *ms, int *status,
              long *maxrss_kib)
{
	double t0 = now_ms();
	pid_t pid = spawn(argv, env, log);
	if (pid < 0)
		return -1;
	int rc = wait_child(pid, status, maxrss_kib);
	*ms = now_ms() - t0;
	return rc;
}

static int read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/* A "Key:" line of a status file (never the first line, "Name:"). */
static uint64_t status_field(const char *text, const char *field)
{
	char key[64];
	snprintf(key, sizeof key, "\n%s:", field);
	const char *p = strstr(text, key);
	return p ? strtoull(p + strlen(key), NULL, 10) : 0;
}

int proc_sample(pid_t pid, ProcSample *out)
{
	char path[64], buf[4096];
	memset(out, 0, sizeof *out);
	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	DIR *d = opendir(path);
	if (!d)
		return -1;
	struct dirent *e;
	bool schedstat = true;
	uint64_t ticks = 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char p[PATH_MAX];
		snprintf(p, sizeof p, "%s/%s/schedstat", path, e->d_name);
		if (schedstat && read_small(p, buf, sizeof buf) == 0)
			out->cpu_ns += strtoull(buf, NULL, 10);
		else
			schedstat = false;
		snprintf(p, sizeof p, "%s/%s/stat", path, e->d_name);
		if (read_small(p, buf, sizeof buf) == 0) {
			/* utime and stime are fields 14 and 15, after the
			 * parenthesised name (which may hold spaces). */
			char *q = strrchr(buf, ')');
			unsigned long ut = 0, stime = 0;
			if (q &&
			    sscanf(q + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
			           &ut, &stime) == 2)
				ticks += ut + stime;
		}
		snprintf(p, sizeof p, "%s/%s/status", path, e->d_name);
		if (read_small(p, buf, sizeof buf) == 0)
			out->switches += status_field(buf, "voluntary_ctxt_switches") +
			                 status_field(buf, "nonvoluntary_ctxt_switches");
	}
	closedir(d);
	/* schedstat counts nanoseconds; the tick counters only hundredths of
	 * a second, too coarse for a target of 0.05 %. */
	if (!schedstat)
		out->cpu_ns = ticks * (1000000000ull / (uint64_t)sysconf(_SC_CLK_TCK));
	return 0;
}

long proc_status_kib(pid_t pid, const char *field)
{
	char path[64], buf[4096];
	if (pid)
		snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	else
		snprintf(path, sizeof path, "/proc/self/status");
	if (read_small(path, buf, sizeof buf) != 0)
		return -1;
	char key[64];
	snprintf(key, sizeof key, "\n%s:", field);
	const char *p = strstr(buf, key);
	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}
