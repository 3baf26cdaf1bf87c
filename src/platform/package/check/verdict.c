#include "platform/package/check/verdict.h"

#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "platform/package/check/pkgcheck.h"
#include "platform/package/pkgfiles.h"
#include "platform/package/signing.h"

/* The signature's part of the summary; problems go to r when the
 * signature is enforced. 0 when it may go on to the check. */
static int check_signature(int fd, const Config *cfg, const char *pubkey, PkgReport *r,
                           char *status, size_t size, bool *verified)
{
	SigPolicy pol = {.trusted_dir = cfg->trusted_keys_dir, .pubkey = pubkey, .site = cfg->site};
	bool enforced = pubkey || cfg->require_signature;
	PkgReport sr;
	pkg_report_init(&sr);
	SigStatus st;
	int rc = signing_verify(fd, &pol, &st, &sr);
	*verified = rc == 0;
	if (rc == 0)
		snprintf(status, size, "signed by %s for \"%s\", version %llu%s", st.signer,
		         st.site, (unsigned long long)st.version,
		         st.reset_floor ? ", resetting the version floor" : "");
	else if (enforced)
		for (size_t i = 0; i < sr.n; i++)
			pkg_report_copy(r, &sr.v[i]);
	else if (!st.present)
		snprintf(status, size, "not signed");
	else
		snprintf(status, size, "signed by \"%s\" but not verified here (%s)", st.signer,
		         sr.n ? sr.v[0].msg : "no trusted key");
	pkg_report_free(&sr);
	return rc == 0 || !enforced ? 0 : -1;
}

int verdict_check(const char *dir, const Config *cfg, const char *pubkey, PkgReport *r,
                  char *summary, size_t size)
{
	char status[512] = "";
	int rc = -1;
	summary[0] = '\0';
	PkgCheckOptions o = {.lim = &cfg->limits, .font_dir = cfg->font_dir};
	int fd = pkgfiles_open_root(dir, r);
	if (fd >= 0) {
		if (check_signature(fd, cfg, pubkey, r, status, sizeof(status), &o.signed_ok) ==
		        0 &&
		    pkgcheck_dir(fd, &o, r) == 0)
			rc = 0;
		close(fd);
	}
	if (rc == 0) {
		char line[1024];
		pkg_report_summary(r, line, sizeof(line));
		snprintf(summary, size, "OK: %s; %s", line, status);
	}
	return rc;
}
