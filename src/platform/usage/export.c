/* export: the usage figures as CSV on a stick (see export.h). */
#include "platform/usage/export.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/review/date.h"
#include "platform/package/pkgfiles.h"
#include "platform/usage/usagedb.h"

/* What the export helper takes at most (firmware/kiosk-export), and how
 * long the kiosk waits for its answer. */
#define EXPORT_MAX (16 << 20)
#define EXPORT_HELPER_WAIT_S 30

#define EXPORT_HEAD                                                                                \
	"\xEF\xBB\xBF"                                                                             \
	"date,figure,article,topic,language,value\r\n"

static int open_kiosk_folder(const char *root)
{
	int rfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0)
		return -1;
	int kfd = pkgfiles_open_any_case(rfd, "kiosk", S_IFDIR, NULL, 0);
	close(rfd);
	return kfd;
}

bool usage_export_requested(const char *root)
{
	int kfd = open_kiosk_folder(root);
	if (kfd < 0)
		return false;
	int fd = pkgfiles_open_any_case(kfd, "export", S_IFREG, NULL, 0);
	close(kfd);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* One CSV field: quoted when it holds a comma, a quote or a line break
 * (RFC 4180); a name a spreadsheet would take as a formula (=, +, -, @)
 * is written after an apostrophe, so that opening the file runs nothing. */
static void put_field(FILE *f, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', f);
	if (strchr("=+-@\t", s[0]) && s[0])
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	if (quote)
		fputc('"', f);
}

/* Every row of the figures, in day and figure order, into f. SQLITE_OK, or
 * the error with err. A missing file is no figures. */
static int put_rows(const char *data, FILE *f, char *err, size_t errlen)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", data, USAGEDB_FILE);
	if (access(path, F_OK) != 0)
		return SQLITE_OK;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(db, 2000);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(
		    db,
		    "SELECT day, figure, article, topic, language, value FROM usage"
		    " ORDER BY day, figure, article, topic, language",
		    -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		const char *figure = (const char *)sqlite3_column_text(st, 1);
		long long value = sqlite3_column_int64(st, 5);
		bool ms = figure && strcmp(figure, "topic_ms") == 0;
		for (int c = 0; c < 5; c++) {
			const char *v = (const char *)sqlite3_column_text(st, c);
			if (c == 1 && ms)
				v = "topic_seconds";
			put_field(f, v ? v : "");
			fputc(',', f);
		}
		fprintf(f, "%lld\r\n", ms ? (value + 500) / 1000 : value);
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	if (rc != SQLITE_OK)
		snprintf(err, errlen, "%s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

static ExportResult from_errno(int e, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s", what, strerror(e));
	if (e == EROFS || e == EACCES || e == EPERM)
		return EXPORT_READ_ONLY;
	if (e == ENOSPC || e == EDQUOT || e == EFBIG)
		return EXPORT_FULL;
	return EXPORT_FAILED;
}

/* The file in root's kiosk folder: written under a temporary name,
 * flushed to the stick, then renamed. */
static ExportResult write_direct(const char *root, const char *name, const char *csv, size_t len,
                                 char *err, size_t errlen)
{
	char tmp[128];
	snprintf(tmp, sizeof(tmp), ".%s.tmp", name);
	int kfd = open_kiosk_folder(root);
	if (kfd < 0) {
		snprintf(err, errlen, "%s: no kiosk folder", root);
		return EXPORT_NO_FOLDER;
	}
	ExportResult res = EXPORT_OK;
	unlinkat(kfd, tmp, 0); /* a leftover of an export cut short */
	int fd = openat(kfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		res = from_errno(errno, root, err, errlen);
		goto done;
	}
	for (size_t off = 0; off < len && res == EXPORT_OK;) {
		ssize_t n = write(fd, csv + off, len - off);
		if (n < 0 && errno != EINTR)
			res = from_errno(errno, root, err, errlen);
		else if (n > 0)
			off += (size_t)n;
	}
	/* Whole on the stick before it takes its name: a stick pulled now
	 * holds the old file (or none), never half of the new one. */
	if (res == EXPORT_OK && fsync(fd) != 0)
		res = from_errno(errno, root, err, errlen);
	if (close(fd) != 0 && res == EXPORT_OK)
		res = from_errno(errno, root, err, errlen);
	if (res == EXPORT_OK && renameat(kfd, tmp, kfd, name) != 0)
		res = from_errno(errno, root, err, errlen);
	if (res == EXPORT_OK)
		fsync(kfd);
done:
	if (res != EXPORT_OK)
		unlinkat(kfd, tmp, 0);
	close(kfd);
	return res;
}

/* The file handed to the privileged helper at the socket helper (the
 * firmware's kiosk-export, which makes the stick writable for this one
 * write): "NAME SIZE\n" and the bytes; it answers one line, "ok",
 * "read-only", "full", "no-folder" or "error WHY". */
static ExportResult via_helper(const char *helper, const char *name, const char *csv, size_t len,
                               char *err, size_t errlen)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	if (strlen(helper) >= sizeof(addr.sun_path)) {
		snprintf(err, errlen, "%s: the name is too long", helper);
		return EXPORT_FAILED;
	}
	memcpy(addr.sun_path, helper, strlen(helper) + 1);
	char head[160], reply[256] = "";
	int n = snprintf(head, sizeof(head), "%s %zu\n", name, len);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	/* The helper writes to a slow stick; past this the kiosk gives up
	 * waiting and says so, and goes on showing content. */
	struct timeval tv = {EXPORT_HELPER_WAIT_S, 0};
	bool sent = fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0 &&
	            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) == 0 &&
	            connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0 &&
	            send(fd, head, (size_t)n, MSG_NOSIGNAL) == n;
	for (size_t off = 0; sent && off < len;) {
		ssize_t w = send(fd, csv + off, len - off, MSG_NOSIGNAL);
		if (w <= 0 && errno != EINTR)
			sent = false;
		else if (w > 0)
			off += (size_t)w;
	}
	size_t got = 0;
	if (sent) {
		shutdown(fd, SHUT_WR);
		ssize_t r;
		while (got + 1 < sizeof(reply) &&
		       (r = recv(fd, reply + got, sizeof(reply) - 1 - got, 0)) > 0)
			got += (size_t)r;
	}
	int e = errno;
	if (fd >= 0)
		close(fd);
	reply[got] = '\0';
	reply[strcspn(reply, "\n")] = '\0';
	if (!sent || got == 0) {
		snprintf(err, errlen, "%s: the export helper did not answer (%s)", helper,
		         sent ? "no reply" : strerror(e));
		return EXPORT_FAILED;
	}
	snprintf(err, errlen, "%s: %s", helper, reply);
	if (strcmp(reply, "ok") == 0)
		return EXPORT_OK;
	if (strcmp(reply, "read-only") == 0)
		return EXPORT_READ_ONLY;
	if (strcmp(reply, "full") == 0)
		return EXPORT_FULL;
	if (strcmp(reply, "no-folder") == 0)
		return EXPORT_NO_FOLDER;
	return EXPORT_FAILED;
}

ExportResult usage_export(const char *data, const char *root, const char *helper, int today,
                          char *name, size_t namelen, char *err, size_t errlen)
{
	char day[16] = "undated";
	if (today != DATE_NONE)
		date_format(today, day, sizeof(day));
	snprintf(name, namelen, "kiosk-usage-%s.csv", day);
	char *csv = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&csv, &len);
	if (!f) {
		snprintf(err, errlen, "out of memory");
		return EXPORT_FAILED;
	}
	fputs(EXPORT_HEAD, f);
	int rc = put_rows(data, f, err, errlen);
	if (fclose(f) != 0 && rc == SQLITE_OK) {
		snprintf(err, errlen, "out of memory");
		rc = SQLITE_NOMEM;
	}
	ExportResult res = EXPORT_FAILED;
	if (rc == SQLITE_OK && len > EXPORT_MAX)
		snprintf(err, errlen, "the figures are over %d MiB", EXPORT_MAX >> 20);
	else if (rc == SQLITE_OK && helper && *helper)
		res = via_helper(helper, name, csv, len, err, errlen);
	else if (rc == SQLITE_OK)
		res = write_direct(root, name, csv, len, err, errlen);
	free(csv);
	return res;
}
