# Fuzzing (included by the Makefile). libFuzzer harnesses for the scenario, sweep and
# map readers, built with clang against the core sources compiled with the fuzzer's
# instrumentation and ASan + UBSan (the core library itself is built with $(CC)).
#
#   make fuzz              builds the harnesses and runs each for FUZZ_SECONDS (60),
#                          growing its corpus in $(BUILD)/fuzz/corpus-NAME (seeded from
#                          tests/fuzz/corpus/NAME, with tests/fuzz/NAME.dict); crash,
#                          leak and timeout inputs land in $(BUILD)/fuzz/artifacts-NAME/
#   make fuzz-regress      runs each harness once over its seed corpus and the crash
#                          regression inputs in tests/fuzz/regress/NAME (no fuzzing)
#   make fuzz-NAME         fuzzes one harness (NAME = scenario, sweep or map)
#
# Every input a harness ever crashed, leaked or hung on is kept in tests/fuzz/regress/.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_NAMES := scenario sweep map
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# The core is held to -Werror by its gcc build; clang's own warnings there are shown,
# not fatal. The harnesses are -Werror.
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -O1 -g $(FUZZ_SAN) -Iinclude -Isim \
              $(filter-out -Werror,$(WARN)) -MMD -MP $(PKG_CFLAGS) -DWS_SRCDIR='"$(CURDIR)"'
FUZZ_OBJ := $(CORE_SRC:sim/%.c=$(FUZZ_DIR)/obj/%.o) $(FUZZ_DIR)/obj/embedded.o
FUZZ_BIN := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
# XML wants room: 64 KiB inputs; a run over 1 s or 2 GiB is a finding.
FUZZ_FLAGS := -max_len=65536 -timeout=1 -rss_limit_mb=2048 -print_final_stats=1

.PHONY: fuzz fuzz-build fuzz-regress $(FUZZ_NAMES:%=fuzz-%)
.SECONDARY: $(FUZZ_OBJ)

$(FUZZ_DIR)/obj/%.o: sim/%.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_DIR)/obj/embedded.o: $(BUILD)/embedded.c
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) -std=c11 -O1 -c $< -o $@

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_OBJ)
	@echo "  FUZZLD  $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -Werror -fsanitize=fuzzer $< $(FUZZ_OBJ) $(PKG_LIBS) -lpthread -lm -o $@

fuzz-build: $(FUZZ_BIN)

# One harness for FUZZ_SECONDS; new corpus entries go to $(BUILD)/fuzz/corpus-NAME,
# the seeds in tests/fuzz/corpus/NAME stay as they are.
$(FUZZ_NAMES:%=fuzz-%): fuzz-%: $(FUZZ_DIR)/fuzz_%
	@mkdir -p $(FUZZ_DIR)/corpus-$* $(FUZZ_DIR)/artifacts-$*
	$(FUZZ_DIR)/fuzz_$* $(FUZZ_FLAGS) -max_total_time=$(FUZZ_SECONDS) \
	  -artifact_prefix=$(FUZZ_DIR)/artifacts-$*/ \
	  -dict=tests/fuzz/$*.dict $(FUZZ_DIR)/corpus-$* tests/fuzz/corpus/$* tests/fuzz/regress/$*

fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@for n in $(FUZZ_NAMES); do $(MAKE) --no-print-directory fuzz-$$n || exit 1; done

fuzz-regress: $(FUZZ_BIN)
	@sh tests/fuzz_regress.sh $(FUZZ_DIR)

# The failing-allocator test (tests/test_oom.c) replaces the core's malloc, calloc and
# realloc by wrappers that fail after N calls; it runs with the other test programs.
$(BUILD)/tests/test_oom: tests/test_oom.c $(LIB) tests/check.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -Itests $< $(LIB) $(ALL_LDFLAGS) \
	  -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc $(LIBS) -o $@

-include $(wildcard $(FUZZ_DIR)/obj/*.d)
