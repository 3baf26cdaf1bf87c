/* sig: kiosk.sig and key files, parsed strictly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	char why[160];
	assert_int_equal(sig_parse(text, strlen(text), &p, why, sizeof(why)), -1);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_refuses_damage),
	    cmocka_unit_test(test_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
