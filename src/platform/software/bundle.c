/* bundle: finding a software update bundle (see bundle.h). */
#include "platform/software/bundle.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/package/pkgfiles.h"

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
	int kfd =
	    rfd >= 0 ? pkgfiles_open_any_case(rfd, "kiosk", S_IFDIR, kiosk, sizeof(kiosk)) : -1;
	int ufd =
	    kfd >= 0 ? pkgfiles_open_any_case(kfd, "update", S_IFDIR, update, sizeof(update)) : -1;
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
	char update[256] = "";
	int rfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int kfd = rfd >= 0 ? pkgfiles_open_any_case(rfd, "kiosk", S_IFDIR, NULL, 0) : -1;
	if (rfd >= 0)
		close(rfd);
	if (kfd < 0)
		return true; /* the importer says there is no kiosk folder */
	int ufd = pkgfiles_open_any_case(kfd, "update", S_IFDIR, update, sizeof(update));
	if (ufd >= 0)
		close(ufd);
	DIR *d = fdopendir(kfd);
	if (!d) {
		close(kfd);
		return true;
	}
	bool any = false;
	struct dirent *e;
	while (!any && (e = readdir(d)))
		any = e->d_name[0] != '.' && strcmp(e->d_name, update) != 0;
	closedir(d);
	return any;
}
