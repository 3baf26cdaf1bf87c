#include "platform/service/keep.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/document/model/utf8.h"
#include "core/service/service.h"
#include "platform/package/fsio.h"

/* DATA/service, made when missing; its descriptor, or -1. */
static int open_dir(const char *data, bool create)
{
	int dfd = open(data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -1;
	if (create && fsio_mkdirat(dfd, "service", 0700) == 0)
		fsio_fsync(dfd);
	int fd = openat(dfd, "service", O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	int saved = errno;
	close(dfd);
	errno = saved;
	return fd;
}

int keep_write(const char *data, const char *name, const char *text)
{
	int dir = open_dir(data, true);
	if (dir < 0)
		return -1;
	char tmp[64];
	snprintf(tmp, sizeof(tmp), "%s.tmp", name);
	int rc = fsio_write_whole(dir, name, tmp, text, strlen(text), 0600);
	int saved = errno;
	close(dir);
	errno = saved;
	return rc;
}

/* DATA/service/name into buf, NUL-terminated: the bytes read, or -1 when
 * it is missing, unreadable, not a file or not under size bytes. */
static ssize_t read_raw(const char *data, const char *name, char *buf, size_t size)
{
	int dir = open_dir(data, false);
	if (dir < 0)
		return -1;
	int fd = openat(dir, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	close(dir);
	if (fd < 0)
		return -1;
	struct stat st;
	ssize_t n = -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size < size)
		n = read(fd, buf, size - 1);
	else
		errno = EFBIG;
	int saved = errno;
	close(fd);
	errno = saved;
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

int keep_read(const char *data, const char *name, char *buf, size_t size)
{
	return read_raw(data, name, buf, size) < 0 ? -1 : 0;
}

int keep_import(const char *data, char *buf, size_t size)
{
	ssize_t n = read_raw(data, "last-import", buf, size);
	if (n < 0) {
		buf[0] = '\0';
		return -1;
	}
	if (service_clean_line(buf, (size_t)n))
		return 0;
	errno = EILSEQ;
	return -1;
}

int keep_import_save(const char *data, const char *text)
{
	char line[KEEP_IMPORT_MAX + 1];
	/* Cut on a character's edge, never in the middle of one. */
	size_t n = utf8_clip(text, KEEP_IMPORT_MAX - 1);
	memcpy(line, text, n);
	line[n] = '\n';
	line[n + 1] = '\0';
	return keep_write(data, "last-import", line);
}

int keep_rotation(const char *data)
{
	char buf[16], *end;
	if (keep_read(data, "rotation", buf, sizeof(buf)) != 0)
		return -1;
	long v = strtol(buf, &end, 10);
	if (end == buf || (*end && *end != '\n') || (v != 0 && v != 90 && v != 180 && v != 270))
		return -1;
	return (int)v;
}

int keep_rotation_save(const char *data, int degrees)
{
	char buf[16];
	snprintf(buf, sizeof(buf), "%d\n", degrees);
	return keep_write(data, "rotation", buf);
}

void keep_tries(const char *data, unsigned *failures, bool *locked)
{
	char buf[32];
	unsigned f = 0, l = 0;
	*failures = 0;
	*locked = false;
	if (keep_read(data, "pin-tries", buf, sizeof(buf)) != 0)
		return;
	/* A damaged file counts as locked: never one try more than allowed. */
	if (sscanf(buf, "%u %u", &f, &l) != 2) {
		*locked = true;
		return;
	}
	*failures = f;
	*locked = l != 0;
}

int keep_tries_save(const char *data, unsigned failures, bool locked)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%u %d\n", failures, locked ? 1 : 0);
	return keep_write(data, "pin-tries", buf);
}
