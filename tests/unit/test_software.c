/* Unit tests for core/software: bundle names, the update helper's lines
 * and the status line, each byte from outside checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/software/software.h"

static bool name_ok(const char *s)
{
	return software_name_ok(s, strlen(s));
}

static SoftwareAnswer answer(const char *s)
{
	SoftwareAnswer a;
	software_parse_answer(s, strlen(s), &a);
	return a;
}

static SoftwareStatus status(const char *s, size_t n)
{
	SoftwareStatus st;
	software_parse_status(s, n, &st);
	return st;
}

static void test_names(void **state)
{
	(void)state;
	assert_true(name_ok("kiosk-1.4.raucb"));
	assert_true(name_ok("KIOSK_1.4+b~2.RAUCB"));
	assert_true(name_ok("a.RaUcB"));
	assert_false(name_ok(""));
	assert_false(name_ok(".raucb"));
	assert_false(name_ok(".hidden.raucb"));
	assert_false(name_ok("kiosk-1.4.raucb.txt"));
	assert_false(name_ok("kiosk 1.4.raucb"));
	assert_false(name_ok("../x.raucb"));
	assert_false(name_ok("kiosk/x.raucb"));
	assert_false(name_ok("küche.raucb"));
	char n[SOFTWARE_NAME_MAX + 2];
	memset(n, 'a', sizeof(n));
	memcpy(n + SOFTWARE_NAME_MAX - 6, ".raucb", 7);
	assert_true(name_ok(n)); /* 100 bytes */
	memset(n, 'a', sizeof(n));
	memcpy(n + SOFTWARE_NAME_MAX - 5, ".raucb", 7);
	assert_false(name_ok(n)); /* 101 */
	/* A NUL inside the name the kiosk was given is refused, not cut. */
	assert_false(software_name_ok("a.raucb\0x.raucb", 15));
}

static void test_progress(void **state)
{
	(void)state;
	SoftwareAnswer a = answer("progress 0");
	assert_int_equal(a.kind, SOFTWARE_PROGRESS);
	assert_int_equal(a.percent, 0);
	a = answer("progress 100");
	assert_int_equal(a.kind, SOFTWARE_PROGRESS);
	assert_int_equal(a.percent, 100);
	assert_false(software_final(&a));
	assert_int_equal(answer("progress 101").kind, SOFTWARE_MALFORMED);
	assert_int_equal(answer("progress -1").kind, SOFTWARE_MALFORMED);
	assert_int_equal(answer("progress 0040").kind, SOFTWARE_MALFORMED);
	assert_int_equal(answer("progress").kind, SOFTWARE_MALFORMED);
	assert_int_equal(answer("progress 4 ").kind, SOFTWARE_MALFORMED);
	assert_int_equal(answer("progress 4 5").kind, SOFTWARE_MALFORMED);
	assert_int_equal(answer("Progress 4").kind, SOFTWARE_MALFORMED);
}

static void test_finals(void **state)
{
	(void)state;
	SoftwareAnswer a = answer("installed 1.4.0+deb12~rc_1-2");
	assert_int_equal(a.kind, SOFTWARE_INSTALLED);
	assert_string_equal(a.version, "1.4.0+deb12~rc_1-2");
	assert_true(software_final(&a));
	a = answer("refused same 1.4");
	assert_int_equal(a.kind, SOFTWARE_SAME);
	assert_string_equal(a.version, "1.4");
	a = answer("refused older 1.2 1.4");
	assert_int_equal(a.kind, SOFTWARE_OLDER);
	assert_string_equal(a.version, "1.2");
	assert_string_equal(a.running, "1.4");
	assert_int_equal(answer("refused signature").kind, SOFTWARE_SIGNATURE);
	assert_int_equal(answer("refused compatible").kind, SOFTWARE_COMPATIBLE);
	assert_int_equal(answer("refused damaged").kind, SOFTWARE_DAMAGED);
	assert_int_equal(answer("refused busy").kind, SOFTWARE_BUSY);
	a = answer("error the USB stick was removed (données)");
	assert_int_equal(a.kind, SOFTWARE_ERROR);
	assert_string_equal(a.text, "the USB stick was removed (données)");
}

static void test_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    "installed",
	    "installed ",
	    "installed 1.4 ",
	    "installed 1.4 1.5",
	    "installed ../1.4",
	    "installed 1.4;reboot",
	    "installed 01234567890123456789012345678901234567890", /* 41 */
	    "refused",
	    "refused same",
	    "refused older 1.2",
	    "refused older 1.2 1.4 1.6",
	    "refused signature now",
	    "refused whatever",
	    "error",
	    "error ",
	    "error a\tb",
	    "error a\x1b[2Jb",
	    "hello",
	    " installed 1.4",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		SoftwareAnswer a = answer(bad[i]);
		assert_int_equal(a.kind, SOFTWARE_MALFORMED);
		assert_false(software_final(&a));
		assert_string_equal(a.version, "");
	}
	assert_int_equal(answer("installed 0123456789012345678901234567890123456789").kind,
	                 SOFTWARE_INSTALLED);
	/* Not UTF-8, and longer than the 200 bytes a line may hold. */
	assert_int_equal(answer("error \xff\xfe").kind, SOFTWARE_MALFORMED);
	char line[SOFTWARE_LINE_MAX + 2];
	memset(line, 'x', sizeof(line));
	memcpy(line, "error ", 6);
	line[SOFTWARE_LINE_MAX] = '\0';
	assert_int_equal(answer(line).kind, SOFTWARE_ERROR);
	line[SOFTWARE_LINE_MAX] = 'x';
	line[SOFTWARE_LINE_MAX + 1] = '\0';
	assert_int_equal(answer(line).kind, SOFTWARE_MALFORMED);
}

static void test_status(void **state)
{
	(void)state;
	SoftwareStatus st = status("updated 1.4\n", 12);
	assert_int_equal(st.kind, SOFTWARE_STATUS_UPDATED);
	assert_string_equal(st.version, "1.4");
	st = status("fallback 1.4 1.3", 16);
	assert_int_equal(st.kind, SOFTWARE_STATUS_FALLBACK);
	assert_string_equal(st.version, "1.4");
	assert_string_equal(st.previous, "1.3");
	assert_int_equal(status("", 0).kind, SOFTWARE_STATUS_NONE);
	assert_int_equal(status("\n", 1).kind, SOFTWARE_STATUS_NONE);
	static const char *const bad[] = {"updated",         "updated 1.4 1.3", "fallback 1.4",
	                                  "updated 1.4\n\n", "UPDATED 1.4",     "updated <b>",
	                                  "updated\t1.4",    "rolled back 1.4"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		st = status(bad[i], strlen(bad[i]));
		assert_int_equal(st.kind, SOFTWARE_STATUS_MALFORMED);
		assert_string_equal(st.version, "");
	}
	assert_int_equal(status("updated 1.4\0x", 13).kind, SOFTWARE_STATUS_MALFORMED);
	char big[SOFTWARE_STATUS_MAX + 10];
	memset(big, ' ', sizeof(big));
	memcpy(big, "updated 1.4", 11);
	assert_int_equal(status(big, sizeof(big)).kind, SOFTWARE_STATUS_MALFORMED);
}

static bool release(const char *text, char *v)
{
	return software_release_version(text, strlen(text), v);
}

static void test_release(void **state)
{
	(void)state;
	char v[SOFTWARE_VERSION_MAX + 1];
	assert_true(release("VERSION=2026.12.03.213050\nCOMPATIBLE=kiosk-amd64\n", v));
	assert_string_equal(v, "2026.12.03.213050");
	assert_true(release("COMPATIBLE=kiosk-arm64\nVERSION=1.4", v));
	assert_string_equal(v, "1.4");
	static const char *const bad[] = {
	    "",
	    "COMPATIBLE=kiosk-amd64\n",
	    "VERSION=\n",
	    "VERSION=\"1.4\"\n",
	    "VERSION=1.4 beta\n",
	    "VERSION=1.4\nVERSION=1.5\n",
	    " VERSION=1.4\n",
	    "version=1.4\n",
	    "VERSION=<b>\n",
	    "VERSION=1.4\r\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strcpy(v, "x");
		assert_false(release(bad[i], v));
		assert_string_equal(v, "");
	}
	char big[SOFTWARE_RELEASE_MAX + 2];
	memset(big, '\n', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "VERSION=1.4\n", 12);
	assert_false(release(big, v));
	assert_false(software_release_version("VERSION=1.4\0\n", 13, v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),  cmocka_unit_test(test_progress),
	    cmocka_unit_test(test_finals), cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_status), cmocka_unit_test(test_release),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
