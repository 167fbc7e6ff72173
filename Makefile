# woonsim: `make` builds build/woonsim; `make run` runs the default scenario; `make test`
# runs all the tests; `make check` only the unit and golden tests (under a minute);
# `make SAN=1 test` runs the tests under AddressSanitizer and UBSan; `make lint` runs
# cppcheck and clang-tidy on the core. User CFLAGS and LDFLAGS are appended, never replaced.
#
# Packages: `make deps` installs what is missing (tools/deps.sh, apt-get). `make run` and
# `make test` do so first, so that the README's two commands set up a fresh machine;
# plain `make` (and `make check`) never install: a missing package stops them with one
# sentence saying to run `make deps`.

SAN ?= 0
ifeq ($(SAN),1)
BUILD := build/san
OPT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all \
       -DWS_CHECK_INVARIANTS
else
BUILD := build
OPT := -O2 -g
endif
# make MPI=1: the CLI built with Open MPI's mpicc, so that `mpirun woonsim sweep` splits a
# sweep across ranks (build/mpi/woonsim).
MPI ?= 0
ifeq ($(MPI),1)
BUILD := $(BUILD)/mpi
CC := mpicc
CFLAGS += -DWS_MPI
endif

CC ?= cc
# Link-time optimisation for the CLI and the bench in the normal build (4-5 % a default
# run, measured): the core's objects carry both their code and GCC's intermediate form,
# so the tests link them as usual and only build/woonsim and build/bench optimise across
# files. Off where the compiler lacks -ffat-lto-objects (clang 14), in the sanitizer
# and MPI builds, or with LTO=0.
LTO ?= 1
ifeq ($(LTO)$(SAN)$(MPI),100)
LTO_CFLAGS := $(shell $(CC) -flto=auto -ffat-lto-objects -x c -c /dev/null -o /dev/null \
                2>/dev/null && echo -flto=auto -ffat-lto-objects)
endif
LTO_LDFLAGS := $(if $(LTO_CFLAGS),-flto=auto)
PKGS := gsl libxml-2.0 sqlite3
WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror
# Recursive (=) so that pkg-config runs after the deps check has installed what is missing.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS))
# HAVE_INLINE: GSL's random number calls (gsl_rng_uniform, ...) as inline functions.
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -DHAVE_INLINE $(OPT) -Iinclude -Isim $(WARN) -MMD -MP \
             $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(OPT) $(LDFLAGS)
LIBS = $(PKG_LIBS) -lpthread -lm

CORE_SRC := $(wildcard sim/*.c)
CLI_OBJ := $(patsubst sim/cli/%.c,$(BUILD)/obj/cli/%.o,$(wildcard sim/cli/*.c))
CORE_OBJ := $(CORE_SRC:sim/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/embedded.o
LIB := $(BUILD)/libwoonsim.a
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
EMBED := scenarios/leeuwarden-oost.xml scenarios/maps/leeuwarden-oost.xml \
         scenarios/schema/woonsim.xsd scenarios/schema/sweep.xsd

.PHONY: all build deps depcheck run test check check-tests check-quick golden bench fit-bass \
        test-mpi lint clean
.DEFAULT_GOAL := all

all: depcheck
	@$(MAKE) --no-print-directory build

deps:
	@tools/deps.sh

depcheck:
	@tools/deps.sh --check

# The viewer's rules (build/woonsim-view, its tests VIEW_TEST_BIN) live in viz/viz.mk.
VIEW_BIN :=
VIEW_TEST_BIN :=
-include viz/viz.mk
# Fuzzing (make fuzz) and its regression inputs live in tests/fuzz/fuzz.mk.
-include tests/fuzz/fuzz.mk

build: $(BUILD)/woonsim $(VIEW_BIN)

$(BUILD)/obj/cli/%.o: sim/cli/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(LTO_CFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: sim/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(LTO_CFLAGS) -c $< -o $@

# The build's git commit ("unknown" outside git), for --version and the sweep store's
# meta. Only sim/commit.c is compiled with it, and it is recompiled when the commit
# changes (the stamp is rewritten only then): the other objects stay the same bytes.
WS_COMMIT := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
$(BUILD)/commit.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(WS_COMMIT)' | cmp -s - $@ || echo '$(WS_COMMIT)' >$@
$(BUILD)/obj/commit.o: $(BUILD)/commit.stamp
$(BUILD)/obj/commit.o: ALL_CFLAGS += -DWS_COMMIT='"$(WS_COMMIT)"'
FORCE:

$(BUILD)/embed: tools/embed.c
	@mkdir -p $(dir $@)
	@$(CC) -std=c11 -O1 -Wall -Wextra -Werror $< -o $@

$(BUILD)/embedded.c: $(BUILD)/embed $(EMBED)
	@$(BUILD)/embed $@ leeuwarden-oost.xml=scenarios/leeuwarden-oost.xml \
	  maps/leeuwarden-oost.xml=scenarios/maps/leeuwarden-oost.xml \
	  schema/woonsim.xsd=scenarios/schema/woonsim.xsd \
	  schema/sweep.xsd=scenarios/schema/sweep.xsd

$(BUILD)/obj/embedded.o: $(BUILD)/embedded.c
	@mkdir -p $(dir $@)
	@$(CC) -std=c11 $(OPT) -c $< -o $@

$(LIB): $(CORE_OBJ)
	@echo "  AR      $@"
	@rm -f $@ && ar rcs $@ $^

$(BUILD)/woonsim: $(CLI_OBJ) $(LIB)
	@echo "  LD      $@"
	@$(CC) $(ALL_LDFLAGS) $(LTO_LDFLAGS) $^ $(LIBS) -o $@

$(BUILD)/tests/%: tests/%.c $(LIB) tests/check.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -Itests $< $(LIB) $(ALL_LDFLAGS) $(LIBS) -o $@

run: deps
	@$(MAKE) --no-print-directory build
	$(BUILD)/woonsim run -o $(BUILD)/leeuwarden-oost.csv

# The test scripts (each run as `sh SCRIPT $(BUILD)/woonsim`): make check runs the golden
# output and the no-global-state check of libwoonsim.a; make test runs them all (deps.sh:
# plain make installs nothing).
CHECK_SCRIPTS := tests/golden.sh tests/globals.sh
TEST_SCRIPTS := $(CHECK_SCRIPTS) tests/deps.sh tests/cli.sh tests/sweep.sh tests/hostile.sh tests/store_attack.sh tests/output_attack.sh \
                tests/faults.sh tests/fuzz_regress.sh tests/valgrind.sh tests/track.sh tests/levers.sh
# the viewer's CSV against woonsim compare and woonsim run (issue 18)
TEST_SCRIPTS += viz/tests/view_csv.sh

test: deps
	@$(MAKE) --no-print-directory check-tests

check-tests: $(BUILD)/woonsim $(TEST_BIN) $(VIEW_BIN) $(VIEW_TEST_BIN)
	@BUILD=$(BUILD) sh tests/run.sh $(TEST_BIN) $(VIEW_TEST_BIN) $(TEST_SCRIPTS)

# The unit test programs and the golden test, without the slower shell suites (cli,
# sweep, hostile, faults, fuzz regressions, valgrind): under a minute once built.
check: depcheck
	@$(MAKE) --no-print-directory check-quick

check-quick: $(BUILD)/woonsim $(TEST_BIN) $(VIEW_BIN) $(VIEW_TEST_BIN)
	@BUILD=$(BUILD) sh tests/run.sh $(TEST_BIN) $(VIEW_TEST_BIN) $(CHECK_SCRIPTS)

$(BUILD)/bench: tests/bench/bench.c $(LIB)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(LTO_CFLAGS) $< $(LIB) $(ALL_LDFLAGS) $(LTO_LDFLAGS) $(LIBS) -o $@

# Prints measured speed and memory (never asserted in tests).
bench: deps
	@$(MAKE) --no-print-directory $(BUILD)/bench $(VIEW_BIN)
	$(BUILD)/bench tests/bench/national.xml
	$(VIEW_BIN) --bench-frames 300

# The calibration of the retrofit's Bass p and q on the pilot (sim/MODEL.md 3.6).
$(BUILD)/fit_bass: tools/fit_bass.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $< $(ALL_LDFLAGS) $(LIBS) -o $@

fit-bass: deps
	@$(MAKE) --no-print-directory $(BUILD)/fit_bass
	$(BUILD)/fit_bass

# The MPI sweep test (needs `make MPI=1`, Open MPI's mpicc and mpirun).
test-mpi: $(BUILD)/woonsim
	sh tests/mpi.sh $(BUILD)/woonsim

# Static analysis of the core (sim/, with the CLI) by cppcheck and clang-tidy; the checks
# and why some are off are in .clang-tidy; every finding fails but the false positives
# listed in tools/lint-known.txt. Not part of make test:
# clang-tidy's analyzer takes about 1 min 40 s of CPU (4.5 min wall on the shared 2-core
# machine it was measured on); .ci/run runs it.
LINT_SRC = $(wildcard sim/*.c sim/cli/*.c)
lint: depcheck
	@tools/lint.sh $(LINT_SRC) -- -std=c11 -D_POSIX_C_SOURCE=200809L -DHAVE_INLINE -Iinclude \
	  -Isim $(PKG_CFLAGS)

# Regenerates the golden output after a deliberate change of the model.
golden: build
	$(BUILD)/woonsim run tests/golden/small.xml -o tests/golden/small.csv

clean:
	rm -rf build

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/cli/*.d $(BUILD)/tests/*.d)
