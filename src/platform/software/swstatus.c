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

void swstatus_read(const char *path, SoftwareStatus *st)
{
	memset(st, 0, sizeof(*st));
	st->kind = SOFTWARE_STATUS_NONE;
	char mark[512];
	if (!path || !*path || (mark_path(mark, sizeof(mark)) && access(mark, F_OK) == 0))
		return;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno != ENOENT)
			fprintf(stderr, "kiosk: %s: %s\n", path, strerror(errno));
		return;
	}
	/* One byte more than a line may hold, so a longer file is seen. */
	char buf[SOFTWARE_STATUS_MAX + 2];
	size_t got = 0;
	ssize_t n;
	while (got < sizeof(buf) && (n = read(fd, buf + got, sizeof(buf) - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "kiosk: %s: %s\n", path, strerror(errno));
			close(fd);
			return;
		}
		got += (size_t)n;
	}
	close(fd);
	software_parse_status(buf, got, st);
	if (st->kind == SOFTWARE_STATUS_MALFORMED) {
		fprintf(stderr,
		        "kiosk: %s: not a line the firmware writes (\"updated VERSION\" or "
		        "\"fallback VERSION PREVIOUS\"); not shown\n",
		        path);
		st->kind = SOFTWARE_STATUS_NONE;
	}
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
