/* Fuzz target: kiosk.sig and key files (a stick carries the former). */
#include <stddef.h>
#include <stdint.h>

#include "core/package/sig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	SigFile s;
	char why[160];
	if (sig_parse((const char *)data, size, &s, why, sizeof(why)) == 0) {
		size_t len;
		char *body = sig_body(&s, &len);
		/* What was parsed writes back to the very bytes that were signed. */
		if (body && (len != s.signed_len || __builtin_memcmp(body, data, len) != 0))
			__builtin_trap();
		__builtin_free(body);
		sig_free(&s);
	}
	SigKey k;
	sig_key_parse((const char *)data, size, &k, why, sizeof(why));
	return 0;
}
