/* cli: the command line of build/kiosk, one table row per command line:
 * what it parses to, or the message it is refused with. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/settings/cli.h"

#define MAX_ARGS 12

typedef struct {
	const char *argv[MAX_ARGS]; /* after "kiosk", NULL-terminated */
	const char *err;            /* part of the message, or NULL: accepted */
	CliMode mode;
	const char *config, *content, *data, *out, *script, *dir, *pubkey, *name, *key, *site,
	    *version;
	int w, h;
	int rotation; /* 0: not given (cli_parse says -1) */
	bool reset_floor;
} Case;

#define OK(...)                                                                                    \
	{                                                                                          \
		__VA_ARGS__                                                                        \
	}
#define BAD(e, ...)                                                                                \
	{                                                                                          \
		.err = e, .argv = { __VA_ARGS__ }                                                  \
	}

static const Case CASES[] = {
    OK(.argv = {NULL}, .mode = CLI_RUN),
    OK(.argv = {"--config", "k.conf", "--content", "c", "--data", "d", "--window", "800x480"},
       .mode = CLI_RUN, .config = "k.conf", .content = "c", .data = "d", .w = 800, .h = 480),
    OK(.argv = {"--help"}, .mode = CLI_HELP),
    OK(.argv = {"render", "-h"}, .mode = CLI_HELP),
    OK(.argv = {"render", "--out", "o", "--size", "1080X1920", "--rotation", "270", "--script",
                "s.txt"},
       .mode = CLI_RENDER, .out = "o", .w = 1080, .h = 1920, .rotation = 270, .script = "s.txt"),
    OK(.argv = {"check", "/media/stick", "--pubkey", "k.pub", "--config", "c"}, .mode = CLI_CHECK,
       .dir = "/media/stick", .pubkey = "k.pub", .config = "c"),
    OK(.argv = {"import", "stick", "--data", "DATA"}, .mode = CLI_IMPORT, .dir = "stick",
       .data = "DATA"),
    OK(.argv = {"keygen", "--out", "clinic", "--name", "Front desk"}, .mode = CLI_KEYGEN,
       .out = "clinic", .name = "Front desk"),
    OK(.argv = {"sign", "s", "--key", "k.key", "--for", "riverside", "--version", "7"},
       .mode = CLI_SIGN, .dir = "s", .key = "k.key", .site = "riverside", .version = "7"),
    OK(.argv = {"sign", "s", "--reset-floor", "--key", "k.key", "--for", "riverside"},
       .mode = CLI_SIGN, .dir = "s", .key = "k.key", .site = "riverside", .reset_floor = true),
    OK(.argv = {"preview", "/media/stick", "--out", "shots", "--size", "1280x800", "--pubkey",
                "k.pub", "--config", "c"},
       .mode = CLI_PREVIEW, .dir = "/media/stick", .out = "shots", .w = 1280, .h = 800,
       .pubkey = "k.pub", .config = "c"),
    BAD("preview needs --out DIR", "preview", "stick"),
    BAD("preview needs the folder to look at", "preview", "--out", "o"),
    BAD("unknown option \"--rotation\"", "preview", "d", "--out", "o", "--rotation", "90"),
    BAD("unknown option \"--data\"", "preview", "d", "--out", "o", "--data", "x"),
    BAD("render needs --out DIR", "render"),
    BAD("--rotation takes 0, 90, 180 or 270", "render", "--out", "o", "--rotation", "45"),
    BAD("--size takes WIDTHxHEIGHT", "render", "--out", "o", "--size", "63x100"),
    BAD("--size takes WIDTHxHEIGHT", "render", "--out", "o", "--size", "100x16385"),
    BAD("--size takes WIDTHxHEIGHT", "render", "--out", "o", "--size", "100x100x"),
    BAD("--window takes WIDTHxHEIGHT", "--window", "big"),
    BAD("unknown option \"--size\"", "--size", "800x480"),
    BAD("unknown option \"--window\"", "render", "--out", "o", "--window", "800x480"),
    BAD("unknown option \"--content\"", "check", "d", "--content", "c"),
    BAD("unknown option \"--data\"", "check", "d", "--data", "c"),
    BAD("unknown option \"--config\"", "keygen", "--config", "c"),
    BAD("unknown option \"--pubkey\"", "import", "d", "--pubkey", "k"),
    BAD("unknown option \"--reset-floor\"", "check", "d", "--reset-floor"),
    BAD("unknown option \"stray\"", "stray"),
    BAD("check needs the folder to look at", "check"),
    BAD("import needs the folder to look at", "import", "--data", "d"),
    BAD("sign needs the folder to look at", "sign", ""),
    BAD("--config needs a value", "--config"),
    BAD("--out needs a value", "render", "--out", ""),
    BAD("keygen needs --out NAME and --name", "keygen", "--out", "x"),
    BAD("sign needs --key NAME.key and --for SITE", "sign", "d", "--key", "k"),
};

static void check_string(const char *what, const char *got, const char *want)
{
	if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0))
		fail_msg("%s: \"%s\", expected \"%s\"", what, got ? got : "(none)",
		         want ? want : "(none)");
}

static void test_each_command_line(void **state)
{
	for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
		const Case *c = &CASES[i];
		char *argv[MAX_ARGS + 1] = {"kiosk"};
		int argc = 1;
		while (argc <= MAX_ARGS && c->argv[argc - 1])
			argv[argc] = (char *)c->argv[argc - 1], argc++;
		CliOptions o;
		char err[256] = "";
		int rc = cli_parse(argc, argv, &o, err, sizeof(err));
		if (c->err) {
			if (rc != -1 || !strstr(err, c->err))
				fail_msg("case %zu: %d \"%s\", expected a refusal with \"%s\"", i,
				         rc, err, c->err);
			continue;
		}
		if (rc != 0)
			fail_msg("case %zu refused: %s", i, err);
		assert_int_equal(o.mode, c->mode);
		if (o.mode == CLI_HELP)
			continue;
		check_string("config", o.config, c->config);
		check_string("content", o.content, c->content);
		check_string("data", o.data, c->data);
		check_string("out", o.out, c->out);
		check_string("script", o.script, c->script);
		check_string("dir", o.dir, c->dir);
		check_string("pubkey", o.pubkey, c->pubkey);
		check_string("name", o.name, c->name);
		check_string("key", o.key, c->key);
		check_string("site", o.site, c->site);
		check_string("version", o.version, c->version);
		assert_int_equal(o.w, c->w);
		assert_int_equal(o.h, c->h);
		assert_int_equal(o.rotation, c->rotation ? c->rotation : -1);
		assert_int_equal(o.reset_floor, c->reset_floor);
	}
}

static void test_sizes(void **state)
{
	int w = 0, h = 0;
	assert_int_equal(cli_parse_size("64x16384", &w, &h), 0);
	assert_int_equal(w, 64);
	assert_int_equal(h, 16384);
	const char *bad[] = {
	    "", "x", "64", "64x", "x64", "64*64", "-64x64", "64x64 ", "99999999999999999999x64"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (cli_parse_size(bad[i], &w, &h) == 0)
			fail_msg("\"%s\" accepted", bad[i]);
	assert_non_null(strstr(cli_usage, "kiosk render --out DIR"));
	assert_non_null(strstr(cli_usage, "kiosk preview DIR --out DIR"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_each_command_line),
	    cmocka_unit_test(test_sizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
