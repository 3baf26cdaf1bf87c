/* voices: the languages the board's espeak-ng speaks, from its voice files.
 * Read by hand: espeak-ng can list its voices only once it is started,
 * which this avoids until a visitor asks to listen (speech.c). */
#include "platform/audio/voices.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef KIOSK_ESPEAK_DATA
#define KIOSK_ESPEAK_DATA "/usr/lib/espeak-ng-data"
#endif

/* Voice files are a few hundred bytes; folders nest two deep (lang/gmw/en). */
#define VOICE_FILE_MAX 16384
#define VOICES_DEPTH 4

/* The length of tag's first part ("de" of "de-AT", "de_AT" or "de+f3"). */
static size_t first_part(const char *tag)
{
	return strcspn(tag, "-_+ \t\r\n");
}

static void voices_add(Voices *v, const char *tag)
{
	size_t n = first_part(tag);
	if (n == 0 || n >= sizeof(v->lang[0]))
		return;
	char low[sizeof(v->lang[0])];
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)tag[i]);
	low[n] = '\0';
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->lang[i], low) == 0)
			return;
	if (v->n < VOICES_MAX)
		memcpy(v->lang[v->n++], low, n + 1);
}

/* A voice file's "language TAG [priority]" lines ("//" starts a comment). */
static void read_voice(Voices *v, int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return;
	char buf[VOICE_FILE_MAX + 1];
	ssize_t len = read(fd, buf, VOICE_FILE_MAX);
	close(fd);
	if (len <= 0)
		return;
	buf[len] = '\0';
	for (char *line = buf, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (strncmp(line, "language", 8) == 0 && (line[8] == ' ' || line[8] == '\t')) {
			char *tag = line + 9;
			while (*tag == ' ' || *tag == '\t')
				tag++;
			if (strncmp(tag, "//", 2) != 0)
				voices_add(v, tag);
		}
	}
}

static void read_folder(Voices *v, int fd, int depth)
{
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		struct stat st;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISREG(st.st_mode)) {
			read_voice(v, dirfd(d), e->d_name);
		} else if (S_ISDIR(st.st_mode) && depth < VOICES_DEPTH) {
			int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (sub >= 0)
				read_folder(v, sub, depth + 1);
		}
	}
	closedir(d);
}

/* espeak-ng's data folder, found as espeak-ng finds it. */
static int data_folder(void)
{
	const char *env = getenv("ESPEAK_DATA_PATH");
	if (env && *env) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/espeak-ng-data", env);
		int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0)
			return fd;
		fd = open(env, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0)
			return fd;
	}
	return open(KIOSK_ESPEAK_DATA, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

void voices_scan(Voices *v)
{
	memset(v, 0, sizeof(*v));
	int data = data_folder();
	if (data < 0)
		return;
	int lang = openat(data, "lang", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	close(data);
	if (lang < 0)
		return;
	read_folder(v, lang, 0);
	v->known = v->n > 0;
}

bool voices_speak(const Voices *v, const char *tag)
{
	if (!tag || !*tag || !v->known)
		return true;
	size_t n = first_part(tag);
	for (size_t i = 0; i < v->n; i++)
		if (strlen(v->lang[i]) == n && strncasecmp(v->lang[i], tag, n) == 0)
			return true;
	return false;
}
