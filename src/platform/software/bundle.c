/* bundle: finding a software update bundle (see bundle.h). */
#include "platform/software/bundle.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The folder of dirfd named name in any case (never a link): opened, its
 * real name in real; -1 when there is none. */
static int open_folder(int dirfd, const char *name, char *real, size_t size)
{
	int dup_fd = dup(dirfd);
	DIR *d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
	if (!d) {
		if (dup_fd >= 0)
			close(dup_fd);
		return -1;
	}
	int fd = -1;
	struct dirent *e;
	while (fd < 0 && (e = readdir(d))) {
		struct stat st;
		if (strcasecmp(e->d_name, name) != 0 ||
		    fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISDIR(st.st_mode))
			continue;
		fd = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0)
			snprintf(real, size, "%s", e->d_name);
	}
	closedir(d);
	return fd;
}

static bool is_bundle(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && n >= 6 && strcasecmp(name + n - 6, ".raucb") == 0;
}

/* Counts the bundles of the folder dirfd (closed here). */
static void count(int dirfd, Bundle *b)
{
	DIR *d = fdopendir(dirfd);
	if (!d) {
		close(dirfd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!is_bundle(e->d_name))
			continue;
		if (b->count++ == 0)
			snprintf(b->name, sizeof(b->name), "%s", e->d_name);
	}
	closedir(d);
	if (b->count == 1)
		snprintf(b->shown, sizeof(b->shown), "%s/%s", b->folder, b->name);
	else
		b->name[0] = '\0';
}

void bundle_find_stick(const char *root, Bundle *b)
{
	memset(b, 0, sizeof(*b));
	char kiosk[256], update[256];
	int rfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int kfd = rfd >= 0 ? open_folder(rfd, "kiosk", kiosk, sizeof(kiosk)) : -1;
	int ufd = kfd >= 0 ? open_folder(kfd, "update", update, sizeof(update)) : -1;
	if (rfd >= 0)
		close(rfd);
	if (kfd >= 0)
		close(kfd);
	if (ufd < 0)
		return;
	snprintf(b->folder, sizeof(b->folder), "%s/%s", kiosk, update);
	count(ufd, b);
}

void bundle_find_folder(const char *dir, Bundle *b)
{
	memset(b, 0, sizeof(*b));
	snprintf(b->folder, sizeof(b->folder), "update");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0)
		count(fd, b);
}

bool bundle_stick_has_content(const char *root)
{
	char kiosk[256], update[256] = "";
	int rfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int kfd = rfd >= 0 ? open_folder(rfd, "kiosk", kiosk, sizeof(kiosk)) : -1;
	if (rfd >= 0)
		close(rfd);
	if (kfd < 0)
		return true; /* the importer says there is no kiosk folder */
	int ufd = open_folder(kfd, "update", update, sizeof(update));
	if (ufd >= 0)
		close(ufd);
	DIR *d = fdopendir(kfd);
	if (!d) {
		close(kfd);
		return true;
	}
	/* The look for the update folder read kfd's shared offset to its end. */
	rewinddir(d);
	bool any = false;
	struct dirent *e;
	while (!any && (e = readdir(d)))
		any = e->d_name[0] != '.' && strcmp(e->d_name, update) != 0;
	closedir(d);
	return any;
}
