# Kiosk build. `make` builds build/kiosk; `make test` installs what is
# missing (Debian 12), builds and runs every test; `make run` starts it.
PREFIX ?= /usr/local
DESTDIR ?=
PKG_CONFIG ?= pkg-config
CC ?= cc
BUILD ?= build
OPT ?= -O2 -g
# make ARCH=arm64: cross-build for arm64 boards into build/arm64
# (tools/deps-firmware.sh installs the cross compiler and arm64 libraries).
ifeq ($(ARCH),arm64)
CC = aarch64-linux-gnu-gcc
BUILD = build/arm64
PKG_CONFIG = aarch64-linux-gnu-pkg-config
endif
# Debian's own Python, which has python3-pil (a python3 earlier on PATH may not).
PYTHON ?= /usr/bin/python3

PKGS_CORE := md4c inih libzip expat
PKGS_PLATFORM := sdl2 SDL2_image fontconfig libsystemd libsodium libpng libjpeg libwebp sqlite3 libdrm \
                 libwebpdemux libgif harfbuzz freetype2 fribidi
# libunibreak (UAX #14 line breaking, in core): Debian 12 ships it without
# multi-arch, so the arm64 build links the copy tools/deps-firmware.sh
# unpacks.
ifeq ($(ARCH),arm64)
UNIBREAK_CFLAGS := -Ibuild/arm64-unibreak/usr/include
UNIBREAK_LIBS := -Lbuild/arm64-unibreak/usr/lib -lunibreak
else
UNIBREAK_CFLAGS := $(shell $(PKG_CONFIG) --cflags libunibreak)
UNIBREAK_LIBS := $(shell $(PKG_CONFIG) --libs libunibreak)
endif

WARN := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wformat=2 -Wno-unused-parameter
# The languages of the kiosk's own words: po/LANG.po, compiled by msgfmt
# into $(BUILD)/locale (installed into $(PREFIX)/share/locale).
LINGUAS := $(shell cat po/LINGUAS)
MO := $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/kiosk.mo)
CPPFLAGS_ALL := -D_GNU_SOURCE -Isrc -I$(BUILD)/gen -MMD -MP -DKIOSK_DATADIR='"$(PREFIX)/share/kiosk"' \
                -DKIOSK_LOCALEDIR='"$(PREFIX)/share/locale"' -DKIOSK_LINGUAS='"$(LINGUAS)"'
# core/ is compiled without SDL's include flags, so an SDL include there
# fails the build (STYLE.md: core stays pure).
CFLAGS_CORE = $(WARN) $(OPT) $(SAN) $(CPPFLAGS_ALL) $(shell $(PKG_CONFIG) --cflags $(PKGS_CORE)) $(UNIBREAK_CFLAGS)
# espeak-ng is opened when a topic is first read aloud (platform/audio):
# its headers only, never linked in.
# Its data folder, whose voice files say which languages the board speaks.
ESPEAK_DATA := $(shell $(PKG_CONFIG) --variable=libdir espeak-ng)/espeak-ng-data
CFLAGS_PLATFORM = $(WARN) $(OPT) $(SAN) $(CPPFLAGS_ALL) $(shell $(PKG_CONFIG) --cflags $(PKGS_CORE) $(PKGS_PLATFORM) espeak-ng) $(UNIBREAK_CFLAGS) \
                  -DKIOSK_ESPEAK_DATA='"$(ESPEAK_DATA)"'
LIBS_CORE = $(shell $(PKG_CONFIG) --libs $(PKGS_CORE)) $(UNIBREAK_LIBS) -lm
# libhyphen has no pkg-config file.
LIBS_ALL = $(shell $(PKG_CONFIG) --libs $(PKGS_CORE) $(PKGS_PLATFORM)) $(UNIBREAK_LIBS) -lhyphen -lm
LIBS_TEST = $(shell $(PKG_CONFIG) --libs cmocka)

# A part of core/ or platform/ may have wings of its own (core/document/word).
CORE_SRC := $(wildcard src/core/*/*.c src/core/*/*/*.c)
PLATFORM_SRC := $(wildcard src/platform/*/*.c src/platform/*/*/*.c)
# The commands (check, import, keygen, sign, render): only build/kiosk
# and the tests of the commands link them.
CMD_SRC := $(wildcard src/cmd/*.c)
CORE_OBJ := $(CORE_SRC:src/%.c=$(BUILD)/%.o)
PLATFORM_OBJ := $(PLATFORM_SRC:src/%.c=$(BUILD)/%.o)
CMD_OBJ := $(CMD_SRC:src/%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all run test unit fuzz fuzz-replay render-tests usage-tests sign-tests limit-tests window-test night-tests asan deps clean format format-check install golden-update
.PHONY: firmware-deps firmware firmware-test firmware-update-bundle test-arm64
all: $(BUILD)/kiosk $(MO)

# --check: a translation's printf conversions must match its msgid's.
$(BUILD)/locale/%/LC_MESSAGES/kiosk.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# Extracts the kiosk's words (core/screen/look/words.c) and the checker's
# (every template handed to pkg_report_add, every phrase marked N_) into
# po/kiosk.pot and merges them into every po/LANG.po; then translate what
# is new. tests/po/run.py extracts with the same XGETTEXT.
XGETTEXT := xgettext --keyword=N_ --keyword=pkg_report_add:4 --keyword=pkg_report_add_phrased:5 --keyword=pkg_why_say:2 --keyword=pkg_report_whys:4 --keyword=pkg_err_say:3 --keyword=setting_warn:3 --keyword=setting_refuse:3 --keyword=SIG_FAIL:1 \
            --from-code=UTF-8 --add-comments=TRANSLATORS --no-location --sort-output \
            --package-name=kiosk
POT_SRC = $(sort $(shell find src -name '*.c'))
.PHONY: pot
pot:
	$(XGETTEXT) -o po/kiosk.pot $(POT_SRC)
	for l in $(LINGUAS); do msgmerge --quiet --update --backup=none po/$$l.po po/kiosk.pot; done

# Every msgid of po/kiosk.pot as a C string, for platform/run/catalogs.c
# to look each one up in every language when the kiosk starts (gettext
# itself can look up only in the language of the moment).
$(BUILD)/gen/msgids.inc: po/kiosk.pot
	@mkdir -p $(dir $@)
	awk '/^msgid /{if (m != "") print m ","; m = substr($$0, 7); next} \
	     /^"/{if (m != "") m = m " " $$0; next} \
	     {if (m != "" && m != "\"\"") print m ","; m = ""} \
	     END{if (m != "" && m != "\"\"") print m ","}' $< | grep -v '^"",$$' > $@.tmp
	mv $@.tmp $@
$(BUILD)/platform/run/catalogs.o: $(BUILD)/gen/msgids.inc

# The program's version, shown on the service screen.
KIOSK_VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo unknown)
$(BUILD)/platform/service/staff.o: CPPFLAGS_ALL += -DKIOSK_VERSION='"$(KIOSK_VERSION)"'

$(BUILD)/core/%.o: src/core/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_CORE) -c $< -o $@

$(BUILD)/platform/%.o: src/platform/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_PLATFORM) -c $< -o $@

$(BUILD)/cmd/%.o: src/cmd/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_PLATFORM) -c $< -o $@

$(BUILD)/main.o: src/main.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_PLATFORM) -c $< -o $@

$(BUILD)/kiosk: $(BUILD)/main.o $(CMD_OBJ) $(PLATFORM_OBJ) $(CORE_OBJ)
	$(CC) $(OPT) $(SAN) -o $@ $^ $(LIBS_ALL)

# Unit tests link against core only.
$(BUILD)/tests/test_%: tests/unit/test_%.c $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_CORE) -Itests/unit $< $(CORE_OBJ) -o $@ $(LIBS_CORE) $(LIBS_TEST)

# Fuzz targets: every parser of outside input. Their corpora replay in
# `make test` without libFuzzer; `make fuzz` runs libFuzzer (clang) on each
# for FUZZ_SECONDS and leaves new inputs in the corpus.
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 60
$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_CORE) $< tests/fuzz/replay.c $(CORE_OBJ) -o $@ $(LIBS_CORE)

# Some corpora are also written by a generator (tests/content/make_docx.py
# writes Word documents); they are replayed beside the committed inputs.
FUZZ_GENERATED = $(BUILD)/fuzz/generated
$(FUZZ_GENERATED)/docx: tests/content/make_docx.py
	@rm -rf $@
	$(PYTHON) tests/content/make_docx.py --corpus $@
fuzz-corpus = tests/fuzz/corpus/$(1) $(if $(filter docx,$(1)),$(FUZZ_GENERATED)/docx)

fuzz-replay: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay_%) $(FUZZ_GENERATED)/docx
	@$(foreach t,$(FUZZ_TARGETS),$(BUILD)/fuzz/replay_$(t) $(call fuzz-corpus,$(t)) || exit 1;)

fuzz:
	$(MAKE) BUILD=build/fuzz CC=clang OPT="-O1 -g" SAN="-fsanitize=fuzzer-no-link,address,undefined" build/fuzz/core/document/model/arena.o $(patsubst build/%,build/fuzz/%,$(CORE_OBJ:$(BUILD)/%=build/%)) build/fuzz/fuzz/generated/docx
	@$(foreach t,$(FUZZ_TARGETS), \
	  clang -O1 -g -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc tests/fuzz/fuzz_$(t).c \
	    $(patsubst build/%,build/fuzz/%,$(CORE_OBJ:$(BUILD)/%=build/%)) -o build/fuzz/fuzz_$(t) $(LIBS_CORE) && \
	  build/fuzz/fuzz_$(t) -max_total_time=$(FUZZ_SECONDS) -timeout=10 $(subst $(BUILD)/,build/fuzz/,$(call fuzz-corpus,$(t))) || exit 1;)

# Installs the Debian 12 packages the build and tests need, once.
deps: $(BUILD)/.deps
$(BUILD)/.deps: tools/deps.sh
	@mkdir -p $(BUILD)
	sh tools/deps.sh
	@touch $@

unit: $(UNIT_BIN)
	@sh tests/run-unit.sh $(UNIT_BIN)

# The platform's text layer (shaping, bidi, fonts) under the core's line
# breaking, with the real fonts; no display needed.
.PHONY: text-tests
TEXT_OBJ := $(patsubst %,$(BUILD)/platform/display/%.o,text/text text/shape text/shapefont \
              text/shapedraw text/bidi text/hyphen fonts/fonts fonts/fallback)
$(BUILD)/tests/text/test_text: tests/text/test_text.c $(TEXT_OBJ) $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_PLATFORM) -Itests/unit $< $(TEXT_OBJ) $(CORE_OBJ) -o $@ $(LIBS_ALL) $(LIBS_TEST)

text-tests: $(BUILD)/tests/text/test_text
	$(BUILD)/tests/text/test_text

# Every word of the kiosk's translated in every catalogue.
.PHONY: po-tests
po-tests:
	$(PYTHON) tests/po/run.py

# Writes the YCCK JPEG that tests/pictures/generate.py cannot make with PIL.
$(BUILD)/tests/ycck: tests/pictures/ycck.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(OPT) $(SAN) $< -o $@ $(shell $(PKG_CONFIG) --cflags --libs libjpeg)

render-tests: $(BUILD)/kiosk $(MO) $(BUILD)/tests/ycck
	$(PYTHON) tests/render/run.py $(BUILD)/kiosk
	$(PYTHON) tests/render/service.py $(BUILD)/kiosk

window-test: $(BUILD)/kiosk
	$(PYTHON) tests/window/run.py $(BUILD)/kiosk

# The night schedule on the live kiosk (offscreen driver, a fake clock and
# a fake sysfs): blank at its minute, no frames and no wake-ups while
# blank, a touch wakes it, the last known time kept.
.PHONY: night-tests
night-tests: $(BUILD)/kiosk
	$(PYTHON) tests/night/run.py $(BUILD)/kiosk

# The sandbox `kiosk check` decodes stick pictures in, on its own; then the
# hostile-package suite through the real binary.
.PHONY: usb-tests
$(BUILD)/tests/usb-sandbox: tests/usb/test_sandbox.c $(BUILD)/platform/package/check/sandbox.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_PLATFORM) $< $(BUILD)/platform/package/check/sandbox.o -o $@ $(LIBS_TEST)

usb-tests: $(BUILD)/kiosk $(BUILD)/tests/usb-sandbox
	$(BUILD)/tests/usb-sandbox
	$(PYTHON) tests/usb/hostile.py $(BUILD)/kiosk

# The importer: behaviour, fault injection at every file operation, kill -9
# of a real import, a FUSE-mounted FAT stick pulled mid-copy.
.PHONY: import-tests
IMPORT_BIN := $(patsubst tests/import/%.c,$(BUILD)/tests/import/%,$(wildcard tests/import/test_*.c))
$(BUILD)/tests/import/util.o: tests/import/util.c tests/import/util.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_PLATFORM) -c $< -o $@
$(BUILD)/tests/import/test_%: tests/import/test_%.c $(BUILD)/tests/import/util.o $(CMD_OBJ) $(PLATFORM_OBJ) $(CORE_OBJ)
	$(CC) $(CFLAGS_PLATFORM) -Itests/import $< $(BUILD)/tests/import/util.o $(CMD_OBJ) $(PLATFORM_OBJ) $(CORE_OBJ) -o $@ $(LIBS_ALL)

import-tests: $(BUILD)/kiosk $(IMPORT_BIN)
	@f=0; for t in $(IMPORT_BIN); do $$t $(BUILD)/kiosk || f=1; done; [ $$f -eq 0 ]

sign-tests: $(BUILD)/kiosk
	$(PYTHON) tests/sign/run.py $(BUILD)/kiosk

# Every length and size limit at N-1, N and N+1 through check, import,
# sign, the loader and the live kiosk: one verdict everywhere.
.PHONY: limit-tests
limit-tests: $(BUILD)/kiosk
	$(PYTHON) tests/limits/run.py $(BUILD)/kiosk

# Word documents written by tests/content/make_docx.py, shown through
# `kiosk render` (JSON, OCR, pixels), taken in from a stick and judged by
# `kiosk check`, hostile ones included.
.PHONY: content-tests
content-tests: $(BUILD)/kiosk
	$(PYTHON) tests/content/run.py $(BUILD)/kiosk

# `kiosk preview` end to end: the built-in content, a Word document, an
# article in three languages, refused and hostile packages; the page read
# back, the screenshots measured and read by OCR.
.PHONY: preview-tests
preview-tests: $(BUILD)/kiosk $(MO)
	$(PYTHON) tests/preview/run.py $(BUILD)/kiosk

# Usage figures (SQLite, kill -9, export to a FAT stick image through
# fusefat) and review dates, through the real binary.
.PHONY: usage-tests
usage-tests: $(BUILD)/kiosk $(MO)
	$(PYTHON) tests/usage/run.py $(BUILD)/kiosk

# Software updates through a fake root helper (tests/software/fake_helper.py):
# the progress screen, every answer, malformed ones, the inbox, the status
# told once a boot.
.PHONY: software-tests
software-tests: $(BUILD)/kiosk $(MO)
	$(PYTHON) tests/software/run.py $(BUILD)/kiosk

test: deps
	$(MAKE) all
	$(MAKE) unit
	$(MAKE) text-tests
	$(MAKE) po-tests
	$(MAKE) fuzz-replay
	$(MAKE) render-tests
	$(MAKE) usb-tests
	$(MAKE) import-tests
	$(MAKE) sign-tests
	$(MAKE) limit-tests
	$(MAKE) content-tests
	$(MAKE) preview-tests
	$(MAKE) usage-tests
	$(MAKE) night-tests
	$(MAKE) software-tests
	$(MAKE) window-test

# tests/lsan.supp: leaks inside Debian's libraries (libhyphen's).
asan: deps
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp $(MAKE) BUILD=build/asan OPT="-O1 -g" SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  all unit text-tests fuzz-replay render-tests usb-tests import-tests sign-tests limit-tests content-tests \
	  preview-tests usage-tests night-tests software-tests

run: deps all
	@sh tools/run.sh $(BUILD)/kiosk

# Rewrites the pixel references and the display-list text dumps; commit
# them on their own, with the reason.
golden-update: $(BUILD)/kiosk $(BUILD)/tests/test_screens $(BUILD)/tests/text/test_text
	GOLDEN_UPDATE=1 $(BUILD)/tests/test_screens
	GOLDEN_UPDATE=1 $(BUILD)/tests/text/test_text
	GOLDEN_UPDATE=1 $(PYTHON) tests/render/run.py $(BUILD)/kiosk

# make bench: performance figures against their targets, beside a Chromium
# kiosk showing the same article (bench/chromium.py installs Chromium when
# missing; BENCH_CHROMIUM=0 skips it). The bench links the kiosk's own
# platform and core objects, so it times the real renderer.
.PHONY: bench
BENCH_OBJ := $(patsubst bench/%.c,$(BUILD)/bench-objs/%.o,$(wildcard bench/*.c))
$(BUILD)/bench-objs/%.o: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_PLATFORM) -c $< -o $@

# The soak counts live textures where they are made and destroyed
# (bench/soak30.c), whichever cache of the kiosk's makes them.
BENCH_WRAP := -Wl,--wrap=SDL_CreateTexture,--wrap=SDL_CreateTextureFromSurface,--wrap=SDL_DestroyTexture
$(BUILD)/bench: $(BENCH_OBJ) $(PLATFORM_OBJ) $(CORE_OBJ)
	$(CC) $(OPT) $(SAN) $(BENCH_WRAP) -o $@ $^ $(LIBS_ALL)

bench: $(BUILD)/kiosk $(BUILD)/bench
	$(BUILD)/bench --kiosk $(BUILD)/kiosk

FORMAT_FILES = $(wildcard src/*.c src/*/*.[ch] src/*/*/*.[ch] src/*/*/*/*.[ch]) \
               tests/unit/*.c tests/unit/*.h tests/text/*.c
format:
	clang-format -i $(FORMAT_FILES)

format-check:
	clang-format --dry-run --Werror $(FORMAT_FILES)

install: $(BUILD)/kiosk $(MO)
	install -D -m 755 $(BUILD)/kiosk $(DESTDIR)$(PREFIX)/bin/kiosk
	for l in $(LINGUAS); do install -D -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/kiosk.mo \
	  $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/kiosk.mo; done
	mkdir -p $(DESTDIR)$(PREFIX)/share/kiosk
	cp -R assets/content $(DESTDIR)$(PREFIX)/share/kiosk/

# The firmware image, its end-to-end VM test and the arm64 unit tests under
# qemu-user (see firmware/README.md); their tools come from
# tools/deps-firmware.sh, which `make test` does not need; the kiosk they
# build needs the packages of `make deps` as well.
firmware-deps: deps build/.deps-firmware
build/.deps-firmware: tools/deps-firmware.sh
	@mkdir -p build
	sh tools/deps-firmware.sh
	@touch $@

firmware: firmware-deps
	bash firmware/build-image.sh $(if $(ARCH),$(ARCH),amd64)

# ONLY=name,name runs those scenarios alone (firmware/vm-test.py --only).
firmware-test: firmware
	$(PYTHON) firmware/vm-test.py --arch $(if $(ARCH),$(ARCH),amd64) $(if $(ONLY),--only $(ONLY))

# A signed software update bundle of the root `make firmware` built
# (amd64: the PC image's A/B slots), for a stick's kiosk/update folder.
firmware-update-bundle: firmware
	bash firmware/make-bundle.sh

ARM64_UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/arm64/tests/%)
# The tests find the unpacked arm64 libunibreak (see tools/deps-firmware.sh)
# through the loader's path, set for the emulated program only.
test-arm64: firmware-deps
	$(MAKE) ARCH=arm64 all $(ARM64_UNIT_BIN)
	@p=0; f=0; for t in $(ARM64_UNIT_BIN); do \
	  if qemu-aarch64-static -E LD_LIBRARY_PATH=$(CURDIR)/build/arm64-unibreak/usr/lib $$t; then p=$$((p + 1)); else echo "FAILED: $$t"; f=$$((f + 1)); fi; \
	done; echo "unit (arm64): $$p passed, $$f failed"; [ $$f -eq 0 ]

clean:
	rm -rf build

-include $(wildcard $(BUILD)/*.d $(BUILD)/*/*.d $(BUILD)/*/*/*.d $(BUILD)/*/*/*/*.d \
                    $(BUILD)/tests/*.d $(BUILD)/tests/text/*.d)
