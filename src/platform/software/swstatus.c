/* swstatus: the status of the last software update (see swstatus.h). */
#include "platform/software/swstatus.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SWSTATUS_MARK "update-status-shown"

static bool mark_path(char *path, size_t size)
{
	const char *dir = getenv("RUNTIME_DIRECTORY");
	/* systemd may name several folders, ':'-separated: none is taken. */
	return dir && *dir && !strchr(dir, ':') &&
	       (size_t)snprintf(path, size, "%s/%s", dir, SWSTATUS_MARK) < size;
}

/* At most size bytes of the file at path (never a link, nor a FIFO that
 * would block) into buf: the count, or -1 (said on stderr unless the file
 * is simply not there). */
static ssize_t read_bounded(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno != ENOENT)
			fprintf(stderr, "kiosk: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t got = 0;
	ssize_t n;
	while (got < size && (n = read(fd, buf + got, size - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "kiosk: %s: %s\n", path, strerror(errno));
			close(fd);
			return -1;
		}
		got += (size_t)n;
	}
	close(fd);
	return (ssize_t)got;
}

void swstatus_read(const char *path, SoftwareStatus *st)
{
	memset(st, 0, sizeof(*st));
	st->kind = SOFTWARE_STATUS_NONE;
	char mark[512];
	if (!path || !*path || (mark_path(mark, sizeof(mark)) && access(mark, F_OK) == 0))
		return;
	/* One byte more than a line may hold, so a longer file is seen. */
	char buf[SOFTWARE_STATUS_MAX + 2];
	ssize_t got = read_bounded(path, buf, sizeof(buf));
	if (got < 0)
		return;
	software_parse_status(buf, (size_t)got, st);
	if (st->kind == SOFTWARE_STATUS_MALFORMED) {
		fprintf(stderr,
		        "kiosk: %s: not a line the firmware writes (\"updated VERSION\" or "
		        "\"fallback VERSION PREVIOUS\"); not shown\n",
		        path);
		st->kind = SOFTWARE_STATUS_NONE;
	}
}

bool swstatus_release(const char *path, char version[SOFTWARE_VERSION_MAX + 1])
{
	version[0] = '\0';
	if (!path || !*path)
		return false;
	char buf[SOFTWARE_RELEASE_MAX + 1];
	ssize_t got = read_bounded(path, buf, sizeof(buf));
	if (got < 0)
		return false;
	if (!software_release_version(buf, (size_t)got, version)) {
		fprintf(stderr, "kiosk: %s: no VERSION= line with a version the firmware writes\n",
		        path);
		return false;
	}
	return true;
}

void swstatus_told(void)
{
	char mark[512];
	if (!mark_path(mark, sizeof(mark)))
		return;
	int fd = open(mark, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		fprintf(stderr, "kiosk: %s: %s\n", mark, strerror(errno));
	else
		close(fd);
}
