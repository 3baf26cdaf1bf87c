# Kiosk build. `make` builds build/kiosk; `make test` installs what is
# missing (Debian 12), builds and runs every test; `make run` starts it.
PREFIX ?= /usr/local
DESTDIR ?=
PKG_CONFIG ?= pkg-config
CC ?= cc
BUILD ?= build
OPT ?= -O2 -g
# Debian's own Python, which has python3-pil (a python3 earlier on PATH may not).
PYTHON ?= /usr/bin/python3

PKGS_CORE := md4c inih
PKGS_PLATFORM := sdl2 SDL2_ttf SDL2_image fontconfig libsystemd

WARN := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wformat=2 -Wno-unused-parameter
CPPFLAGS_ALL := -D_GNU_SOURCE -Isrc -MMD -MP
# core/ is compiled without SDL's include flags, so an SDL include there
# fails the build (STYLE.md: core stays pure).
CFLAGS_CORE = $(WARN) $(OPT) $(SAN) $(CPPFLAGS_ALL) $(shell $(PKG_CONFIG) --cflags $(PKGS_CORE))
CFLAGS_PLATFORM = $(WARN) $(OPT) $(SAN) $(CPPFLAGS_ALL) $(shell $(PKG_CONFIG) --cflags $(PKGS_CORE) $(PKGS_PLATFORM))
LIBS_CORE = $(shell $(PKG_CONFIG) --libs $(PKGS_CORE)) -lm
LIBS_ALL = $(shell $(PKG_CONFIG) --libs $(PKGS_CORE) $(PKGS_PLATFORM)) -lm
LIBS_TEST = $(shell $(PKG_CONFIG) --libs cmocka)

CORE_SRC := $(wildcard src/core/*.c)
PLATFORM_SRC := $(wildcard src/platform/*.c)
CORE_OBJ := $(CORE_SRC:src/%.c=$(BUILD)/%.o)
PLATFORM_OBJ := $(PLATFORM_SRC:src/%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all run test unit render-tests window-test asan deps clean format format-check install golden-update
all: $(BUILD)/kiosk

$(BUILD)/core/%.o: src/core/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_CORE) -c $< -o $@

$(BUILD)/platform/%.o: src/platform/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_PLATFORM) -c $< -o $@

$(BUILD)/main.o: src/main.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_PLATFORM) -c $< -o $@

$(BUILD)/kiosk: $(BUILD)/main.o $(PLATFORM_OBJ) $(CORE_OBJ)
	$(CC) $(OPT) $(SAN) -o $@ $^ $(LIBS_ALL)

# Unit tests link against core only.
$(BUILD)/tests/test_%: tests/unit/test_%.c $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_CORE) -Itests/unit $< $(CORE_OBJ) -o $@ $(LIBS_CORE) $(LIBS_TEST)

# Installs the Debian 12 packages the build and tests need, once.
deps: $(BUILD)/.deps
$(BUILD)/.deps: tools/deps.sh
	@mkdir -p $(BUILD)
	sh tools/deps.sh
	@touch $@

unit: $(UNIT_BIN)
	@sh tests/run-unit.sh $(UNIT_BIN)

render-tests: $(BUILD)/kiosk
	$(PYTHON) tests/render/run.py $(BUILD)/kiosk

window-test: $(BUILD)/kiosk
	$(PYTHON) tests/window/run.py $(BUILD)/kiosk

test: deps
	$(MAKE) all
	$(MAKE) unit
	$(MAKE) render-tests
	$(MAKE) window-test

asan: deps
	$(MAKE) BUILD=build/asan OPT="-O1 -g" SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  all unit render-tests

run: deps all
	@sh tools/run.sh $(BUILD)/kiosk

golden-update: $(BUILD)/kiosk
	GOLDEN_UPDATE=1 $(PYTHON) tests/render/run.py $(BUILD)/kiosk

format:
	clang-format -i src/*.c src/*/*.c src/*/*.h tests/unit/*.c

format-check:
	clang-format --dry-run --Werror src/*.c src/*/*.c src/*/*.h tests/unit/*.c

install: $(BUILD)/kiosk
	install -D -m 755 $(BUILD)/kiosk $(DESTDIR)$(PREFIX)/bin/kiosk
	mkdir -p $(DESTDIR)$(PREFIX)/share/kiosk
	cp -R assets/content $(DESTDIR)$(PREFIX)/share/kiosk/

clean:
	rm -rf build

-include $(wildcard $(BUILD)/*.d $(BUILD)/*/*.d $(BUILD)/tests/*.d)
