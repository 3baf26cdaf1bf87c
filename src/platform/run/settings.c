#include "platform/run/settings.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
	const char *path;
	int problems;
} Report;

static void report(void *user, int line, bool warning, const PkgWhy *why)
{
	Report *r = user;
	char msg[PKG_WORDS_MAX];
	pkg_why_english(why, msg, sizeof(msg));
	if (line > 0)
		fprintf(stderr, "kiosk: %s:%d: %s\n", r->path, line, msg);
	else
		fprintf(stderr, "kiosk: %s: %s\n", r->path, msg);
	r->problems++;
}

static bool holds_keys(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
	bool any = false;
	struct dirent *e;
	while (!any && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		any = n > 4 && strcasecmp(e->d_name + n - 4, ".pub") == 0;
	}
	closedir(d);
	return any;
}

/* Settings that could not be read at all never weaken the kiosk: with
 * trusted keys installed, signatures stay required. */
static void fail_closed(Config *c, const char *path)
{
	if (c->require_signature || !holds_keys(c->trusted_keys_dir))
		return;
	c->require_signature = true;
	fprintf(stderr,
	        "kiosk: %s: signatures are required, since %s holds trusted keys and the "
	        "settings could not be read\n",
	        path, c->trusted_keys_dir);
}

int settings_load(Config *c, const char *path)
{
	config_defaults(c);
	bool named = path != NULL;
	if (!path)
		path = getenv("KIOSK_CONFIG");
	if (path && *path)
		named = true;
	else
		path = SETTINGS_DEFAULT_PATH;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (!named && errno == ENOENT)
			return 0;
		fprintf(stderr, "kiosk: %s: cannot read the settings (%s); the defaults apply\n",
		        path, strerror(errno));
		fail_closed(c, path);
		return 1;
	}
	struct stat st;
	char *buf = NULL;
	int rc = 1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "kiosk: %s: not a settings file; the defaults apply\n", path);
		goto unread;
	}
	if (st.st_size > CONFIG_FILE_MAX) {
		fprintf(stderr,
		        "kiosk: %s: the settings file is larger than 64 KiB and was not read; the "
		        "defaults apply\n",
		        path);
		goto unread;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		goto unread;
	size_t n = 0;
	while (n < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fprintf(stderr,
			        "kiosk: %s: cannot read the settings (%s); the defaults apply\n",
			        path, strerror(errno));
			goto unread;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	Report rep = {path, 0};
	config_parse(c, buf, n, report, &rep);
	rc = rep.problems;
	goto out;
unread:
	fail_closed(c, path);
out:
	free(buf);
	close(fd);
	return rc;
}
