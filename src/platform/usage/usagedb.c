/* usagedb: the usage figures in SQLite (see usagedb.h for the durability
 * and write policy). */
#include "platform/usage/usagedb.h"

#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/review/date.h"

struct UsageDb {
	sqlite3 *db;
	sqlite3_stmt *add;
};

/* The figures as rows; a topic's time is kept in milliseconds (the
 * export says seconds), so that many short visits add up right. */
static const char SCHEMA[] = "PRAGMA journal_mode = WAL;"
                             "PRAGMA synchronous = FULL;"
                             "CREATE TABLE IF NOT EXISTS usage ("
                             " day TEXT NOT NULL,"
                             " figure TEXT NOT NULL,"
                             " article TEXT NOT NULL,"
                             " topic TEXT NOT NULL,"
                             " language TEXT NOT NULL,"
                             " value INTEGER NOT NULL,"
                             " PRIMARY KEY (day, figure, article, topic, language)"
                             ") WITHOUT ROWID;";

static const char ADD[] = "INSERT INTO usage (day, figure, article, topic, language, value)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                          " ON CONFLICT (day, figure, article, topic, language)"
                          " DO UPDATE SET value = value + excluded.value";

static void say(char *err, size_t errlen, const char *what, sqlite3 *db)
{
	snprintf(err, errlen, "%s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
}

/* Opens path and makes it ready; SQLITE_OK or the error code, with err. */
static int try_open(UsageDb *u, const char *path, char *err, size_t errlen)
{
	/* A busy timeout: `kiosk` export reads the file from another
	 * connection while the kiosk may be writing. */
	int rc = sqlite3_open_v2(path, &u->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(u->db, 2000);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(u->db, SCHEMA, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(u->db, ADD, -1, &u->add, NULL);
	if (rc != SQLITE_OK) {
		say(err, errlen, path, u->db);
		rc = sqlite3_extended_errcode(u->db) & 0xff;
		sqlite3_finalize(u->add);
		sqlite3_close(u->db);
		u->add = NULL;
		u->db = NULL;
	}
	return rc;
}

UsageDb *usagedb_open(const char *data, char *note, size_t notelen, char *err, size_t errlen)
{
	char path[PATH_MAX], aside[PATH_MAX + 16];
	if (notelen)
		note[0] = '\0';
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", data, USAGEDB_FILE) >= sizeof(path)) {
		snprintf(err, errlen, "%s: the data folder's name is too long", data);
		return NULL;
	}
	UsageDb *u = calloc(1, sizeof(*u));
	if (!u) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	int rc = try_open(u, path, err, errlen);
	if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) {
		/* Figures cannot be read back from a damaged file, and counting
		 * must go on: it is kept aside for whoever wants to look, and a
		 * new one begun. */
		snprintf(aside, sizeof(aside), "%s.broken", path);
		if (rename(path, aside) == 0) {
			char wal[PATH_MAX + 8];
			snprintf(wal, sizeof(wal), "%s-wal", path);
			remove(wal);
			snprintf(wal, sizeof(wal), "%s-shm", path);
			remove(wal);
			snprintf(note, notelen,
			         "%s was damaged (%s); it is kept as %s and a new one begun", path,
			         err, aside);
			rc = try_open(u, path, err, errlen);
		}
	}
	if (rc != SQLITE_OK) {
		free(u);
		return NULL;
	}
	return u;
}

void usagedb_close(UsageDb *db)
{
	if (!db)
		return;
	sqlite3_finalize(db->add);
	sqlite3_close(db->db);
	free(db);
}

static int add_row(UsageDb *db, const UsageCount *c)
{
	char day[16];
	date_format(c->day, day, sizeof(day));
	sqlite3_stmt *st = db->add;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, usage_figure_name(c->figure), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->article, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, c->topic, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, c->lang, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, c->value);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int usagedb_add(UsageDb *db, const UsageCount *rows, size_t n, char *err, size_t errlen)
{
	int rc = sqlite3_exec(db->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	for (size_t i = 0; i < n && rc == SQLITE_OK; i++)
		rc = add_row(db, &rows[i]);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		say(err, errlen, "the usage figures could not be saved", db->db);
		sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}
