/* sig: kiosk.sig and key files, parsed strictly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/package/pkg.h"
#include "core/package/sig.h"

static SigEntry entries[2] = {
    {"article.md", 12, {1, 2, 3}},
    {"images/lungs.png", 4096, {0xff, 0xee}},
};

static SigFile sample(void)
{
	SigFile s = {0};
	snprintf(s.name, sizeof(s.name), "Riverside Clinic front desk");
	memset(s.key, 0xab, sizeof(s.key));
	snprintf(s.site, sizeof(s.site), "riverside");
	s.version = 1764345600;
	s.created = 1764345601;
	s.files = entries;
	s.nfiles = 2;
	return s;
}

/* A whole kiosk.sig: the body and a signature line of 0x11 bytes. */
static char *whole(const SigFile *s, size_t *len)
{
	size_t blen;
	char *body = sig_body(s, &blen);
	uint8_t sig[64];
	memset(sig, 0x11, sizeof(sig));
	char line[160];
	sig_signature_line(sig, line, sizeof(line));
	char *out = malloc(blen + strlen(line) + 1);
	memcpy(out, body, blen);
	strcpy(out + blen, line);
	free(body);
	*len = strlen(out);
	return out;
}

static void test_round_trip(void **state)
{
	SigFile s = sample(), p;
	size_t len;
	char *text = whole(&s, &len);
	char why[160];
	assert_int_equal(sig_parse(text, len, &p, why, sizeof(why)), 0);
	assert_string_equal(p.name, "Riverside Clinic front desk");
	assert_string_equal(p.site, "riverside");
	assert_int_equal(p.version, 1764345600);
	assert_int_equal(p.created, 1764345601);
	assert_int_equal(p.nfiles, 2);
	assert_string_equal(p.files[1].path, "images/lungs.png");
	assert_int_equal(p.files[1].size, 4096);
	assert_int_equal(p.files[1].hash[0], 0xff);
	assert_memory_equal(p.key, s.key, 32);
	assert_int_equal(p.signature[0], 0x11);
	/* The signature covers everything before its own line. */
	assert_int_equal(p.signed_len, len - strlen(strstr(text, "\nsignature ") + 1));
	sig_free(&p);
	free(text);
}

static void expect_refused(const char *text, const char *fragment)
{
	SigFile p;
	char why[160], words[160];
	assert_int_equal(sig_parse(text, strlen(text), &p, words, sizeof(words)), -1);
	pkg_err_english(words, why, sizeof(why));
	if (!strstr(why, fragment))
		fail_msg("\"%s\" does not say \"%s\"", why, fragment);
	assert_null(p.files);
}

static void test_refuses_damage(void **state)
{
	SigFile s = sample();
	size_t len;
	char *text = whole(&s, &len);
	expect_refused("", "empty");
	expect_refused("hello\n", "not a kiosk signature");
	/* Cut anywhere: never accepted. */
	for (size_t cut = 1; cut < len; cut++) {
		char *part = strndup(text, cut);
		SigFile p;
		char why[160];
		assert_int_equal(sig_parse(part, cut, &p, why, sizeof(why)), -1);
		free(part);
	}
	/* Trailing text after the signature. */
	char *more = malloc(len + 8);
	sprintf(more, "%sextra\n", text);
	expect_refused(more, "after the signature");
	free(more);
	/* A path that leaves the package. */
	char *bad = strdup(text);
	char *at = strstr(bad, "images/lungs.png");
	memcpy(at, "../../etc/passw", 15);
	expect_refused(bad, "line");
	free(bad);
	/* Files out of order (or listed twice). */
	SigEntry twice[2] = {entries[1], entries[0]};
	SigFile t = sample();
	t.files = twice;
	char *unordered = whole(&t, &len);
	expect_refused(unordered, "order");
	free(unordered);
	/* No files at all: a zero manifest is never "nothing to check". */
	SigFile z = sample();
	z.nfiles = 0;
	char *none = whole(&z, &len);
	expect_refused(none, "no files");
	free(none);
	free(text);
}

static void test_keys(void **state)
{
	SigKey k = {0};
	snprintf(k.name, sizeof(k.name), "Front desk");
	for (int i = 0; i < 64; i++)
		k.secret[i] = (uint8_t)i;
	memcpy(k.key, k.secret + 32, 32);
	char text[512], why[128];
	SigKey p;
	assert_int_equal(sig_key_format(&k, false, text, sizeof(text)), 0);
	assert_int_equal(sig_key_parse(text, strlen(text), &p, why, sizeof(why)), 0);
	assert_false(p.has_secret);
	assert_string_equal(p.name, "Front desk");
	assert_memory_equal(p.key, k.key, 32);
	assert_int_equal(sig_key_format(&k, true, text, sizeof(text)), 0);
	assert_int_equal(sig_key_parse(text, strlen(text), &p, why, sizeof(why)), 0);
	assert_true(p.has_secret);
	assert_memory_equal(p.secret, k.secret, 64);
	assert_memory_equal(p.key, k.key, 32);
	assert_int_equal(
	    sig_key_parse("kiosk-public-key 1\nname x\nkey 12\n", 33, &p, why, sizeof(why)), -1);
}

static void test_reset_floor(void **state)
{
	SigFile s = sample(), p;
	size_t len;
	char why[160];
	char *plain = whole(&s, &len);
	assert_null(strstr(plain, "reset-floor"));
	assert_int_equal(sig_parse(plain, len, &p, why, sizeof(why)), 0);
	assert_false(p.reset_floor);
	sig_free(&p);
	s.reset_floor = true;
	char *reset = whole(&s, &len);
	assert_non_null(strstr(reset, "\ncreated 1764345601\nreset-floor\nfile "));
	assert_int_equal(sig_parse(reset, len, &p, why, sizeof(why)), 0);
	assert_true(p.reset_floor);
	assert_int_equal(p.nfiles, 2);
	sig_free(&p);
	/* Only in its place, and only as itself. */
	char *moved = strdup(plain);
	char *at = strstr(moved, "file 4096");
	char *late = malloc(len + 16);
	sprintf(late, "%.*sreset-floor\n%s", (int)(at - moved), moved, at);
	expect_refused(late, "not a file entry");
	char *odd = strdup(reset);
	memcpy(strstr(odd, "reset-floor"), "reset-floox", 11);
	expect_refused(odd, "not a file entry");
	free(odd);
	free(late);
	free(moved);
	free(reset);
	free(plain);
}

/* The rules keygen and sign take their inputs by: the parser's own. */
static void test_inputs(void **state)
{
	char why[128];
	assert_int_equal(sig_text_check("Front desk", SIG_NAME_MAX, why, sizeof(why)), 0);
	assert_int_equal(sig_text_check("Caf\xc3\xa9", SIG_NAME_MAX, why, sizeof(why)), 0);
	assert_int_equal(sig_text_check("", SIG_NAME_MAX, why, sizeof(why)), -1);
	assert_int_equal(sig_text_check("Front\tdesk", SIG_NAME_MAX, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "tab"));
	assert_int_equal(sig_text_check("Caf\xe9", SIG_NAME_MAX, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "UTF-8"));
	char name[SIG_NAME_MAX + 1];
	memset(name, 'n', SIG_NAME_MAX - 1);
	name[SIG_NAME_MAX - 1] = '\0';
	assert_int_equal(sig_text_check(name, SIG_NAME_MAX, why, sizeof(why)), 0);
	name[SIG_NAME_MAX - 1] = 'n';
	name[SIG_NAME_MAX] = '\0';
	assert_int_equal(sig_text_check(name, SIG_NAME_MAX, why, sizeof(why)), -1);

	uint64_t v;
	assert_int_equal(sig_version_parse("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(sig_version_parse("9999999999999999999", &v), 0);
	assert_int_equal(sig_version_parse("18446744073709551615", &v), -1);
	assert_int_equal(sig_version_parse(" -5", &v), -1);
	assert_int_equal(sig_version_parse("-5", &v), -1);
	assert_int_equal(sig_version_parse("5 ", &v), -1);
	assert_int_equal(sig_version_parse("007", &v), -1);
	assert_int_equal(sig_version_parse("", &v), -1);

	uint64_t now = 1764345600, year = SIG_VERSION_AHEAD;
	assert_true(sig_version_plausible(1, now, now));
	assert_true(sig_version_plausible(now + year, now, now));
	assert_false(sig_version_plausible(now + year + 1, now, now));
	/* A board that starts in the past goes by the signing time. */
	assert_true(sig_version_plausible(now + 10, 0, now));
	assert_false(sig_version_plausible(UINT64_MAX, now, now));
	assert_true(sig_version_plausible(UINT64_MAX, UINT64_MAX - 1, 0));
}

/* sign never writes what the parser refuses. */
static void test_body_within_limits(void **state)
{
	SigFile s = sample();
	size_t len;
	s.nfiles = SIG_FILES_MAX + 1;
	assert_null(sig_body(&s, &len));
	size_t n = SIG_FILE_MAX / 1000;
	SigEntry *many = calloc(n, sizeof(*many));
	for (size_t i = 0; i < n; i++) {
		many[i].path = malloc(1000);
		snprintf(many[i].path, 1000, "%04zu%0990d", i, 0);
	}
	s.files = many;
	s.nfiles = n;
	assert_null(sig_body(&s, &len));
	s.nfiles = n / 2;
	char *half = sig_body(&s, &len);
	assert_non_null(half);
	assert_true(len < SIG_FILE_MAX);
	free(half);
	for (size_t i = 0; i < n; i++)
		free(many[i].path);
	free(many);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip), cmocka_unit_test(test_refuses_damage),
	    cmocka_unit_test(test_keys),       cmocka_unit_test(test_reset_floor),
	    cmocka_unit_test(test_inputs),     cmocka_unit_test(test_body_within_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
