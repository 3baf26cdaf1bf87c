/* `kiosk sign DIR --key NAME.key --for SITE [--version N]`: signs a
 * package that passes the check, so the kiosk will take it. */
#include "cmd/cmd.h"

#include <sodium.h>
#include <time.h>
#include <unistd.h>

#include "platform/package/check/pkgcheck.h"
#include "platform/package/pkgfiles.h"
#include "platform/package/signing.h"

/* The version: the signing time unless --version N, read and bounded by
 * the kiosk's own rules (a version it would refuse is never signed). 0, or
 * -1 (usage). */
static int read_version(const char *arg, uint64_t now, uint64_t *out)
{
	*out = now;
	if (!arg)
		return 0;
	if (sig_version_parse(arg, out) != 0) {
		fprintf(stderr, "kiosk: --version takes a whole number (digits only, no leading "
		                "zeros, at most 19 digits)\n");
		return -1;
	}
	if (!sig_version_plausible(*out, now, now)) {
		fprintf(stderr,
		        "kiosk: --version %s is more than a year past the signing time; the kiosk "
		        "would refuse it (versions are the signing time, or small numbers that "
		        "count up)\n",
		        arg);
		return -1;
	}
	return 0;
}

/* Signing content that the kiosk would refuse helps nobody: the package
 * must pass the check first. The open package, or -1 with the problems
 * printed. */
static int open_checked(const char *dir, const Config *cfg)
{
	PkgReport r;
	pkg_report_init(&r);
	int fd = pkgfiles_open_root(dir, &r);
	/* Checked as it will be once signed: its kiosk.conf may then carry
	 * the service PIN, which a kiosk takes only when this signature
	 * verifies. */
	PkgCheckOptions o = {.lim = &cfg->limits, .font_dir = cfg->font_dir, .signed_ok = true};
	if (fd >= 0 && pkgcheck_dir(fd, &o, &r) != 0) {
		close(fd);
		fd = -1;
	}
	if (fd < 0) {
		cmd_print_report(stderr, &r);
		fprintf(stderr, "kiosk: not signed: fix the problems above first\n");
	}
	pkg_report_free(&r);
	return fd;
}

int cmd_sign(const CliOptions *cli, const Config *cfg)
{
	const char *site = cli->site;
	char why[4200];
	if (sig_text_check(site ? site : "", SIG_SITE_MAX, why, sizeof(why)) != 0) {
		fprintf(stderr, "kiosk: --for cannot be used: %s\n", why);
		return 2;
	}
	uint64_t now = (uint64_t)time(NULL), version;
	if (read_version(cli->version, now, &version) != 0)
		return 2;
	SigKey k;
	if (signing_read_secret(cli->key, &k, why, sizeof(why)) != 0) {
		fprintf(stderr, "kiosk: %s\n", why);
		return 1;
	}
	int rc = 1, fd = open_checked(cli->dir, cfg);
	if (fd >= 0) {
		SignRequest q = {&k, site, version, now, cfg->limits.max_package, cli->reset_floor};
		SignResult res;
		PkgReport r;
		pkg_report_init(&r);
		if (signing_sign(fd, &q, &r, &res) == 0) {
			printf("Signed %zu files for \"%s\", version %llu, by \"%s\"%s: %s\n",
			       res.files, site, (unsigned long long)version, k.name,
			       cli->reset_floor ? ", resetting the version floor" : "", res.path);
			rc = 0;
		} else {
			cmd_print_report(stderr, &r);
			fprintf(stderr, "kiosk: %s: not signed\n", cli->dir);
		}
		pkg_report_free(&r);
		close(fd);
	}
	sodium_memzero(&k, sizeof(k));
	return rc;
}
