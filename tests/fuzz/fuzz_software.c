/* Fuzz target: what the firmware says about software updates: a line of
 * the update helper's, the status file read at start and the release file
 * (core/software). The first byte picks which; whatever comes out is
 * checked against the rules the screens rely on. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/software/software.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_version(const char *v, bool wanted)
{
	size_t n = strlen(v);
	if (wanted != (n > 0) || (n && !software_version_ok(v, n)))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	const char *s = (const char *)data + 1;
	size_t n = size - 1;
	if (data[0] % 4 == 2) {
		char v[SOFTWARE_VERSION_MAX + 1];
		check_version(v, software_release_version(s, n, v));
		return 0;
	}
	if (data[0] & 1) {
		SoftwareStatus st;
		software_parse_status(s, n, &st);
		check_version(st.version, st.kind == SOFTWARE_STATUS_UPDATED ||
		                              st.kind == SOFTWARE_STATUS_FALLBACK);
		check_version(st.previous, st.kind == SOFTWARE_STATUS_FALLBACK);
		return 0;
	}
	SoftwareAnswer a;
	software_parse_answer(s, n, &a);
	if (a.percent < 0 || a.percent > 100 || strlen(a.text) > SOFTWARE_LINE_MAX)
		__builtin_trap();
	check_version(a.version, a.kind == SOFTWARE_INSTALLED || a.kind == SOFTWARE_SAME ||
	                             a.kind == SOFTWARE_OLDER);
	check_version(a.running, a.kind == SOFTWARE_OLDER);
	if ((a.kind == SOFTWARE_ERROR) != (a.text[0] != '\0'))
		__builtin_trap();
	(void)software_name_ok(s, n);
	return 0;
}
