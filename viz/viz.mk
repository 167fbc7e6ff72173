# The viewer build/woonsim-view and its tests, included by the top Makefile.
# SDL2, SDL2_ttf, SDL2_image, GDAL/OGR (with PROJ) and cairo (pkg-config) and giflib
# (no .pc file: -lgif).

VIEW_PKGS := sdl2 SDL2_ttf SDL2_image gdal cairo fontconfig
# The viewer sees only the library's public headers (include/woonsim/): the core's
# internal ones (sim/) are off its include path, so the build enforces the boundary.
VIEW_ALL_CFLAGS = $(filter-out -Isim,$(ALL_CFLAGS))
VIEW_CFLAGS = $(shell pkg-config --cflags $(VIEW_PKGS))
VIEW_LIBS = $(shell pkg-config --libs $(VIEW_PKGS)) -lgif
VIEW_SRC := $(filter-out viz/main.c,$(wildcard viz/*.c))
VIEW_OBJ := $(VIEW_SRC:viz/%.c=$(BUILD)/viz/%.o)
VIEW_BIN := $(BUILD)/woonsim-view
VIEW_TEST_SRC := $(wildcard viz/tests/test_*.c)
VIEW_TEST_BIN := $(VIEW_TEST_SRC:viz/tests/test_%.c=$(BUILD)/tests/view_%)

$(BUILD)/viz/%.o: viz/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(VIEW_ALL_CFLAGS) $(VIEW_CFLAGS) -c $< -o $@

$(VIEW_BIN): $(BUILD)/viz/main.o $(VIEW_OBJ) $(LIB)
	@echo "  LD      $@"
	@$(CC) $(ALL_LDFLAGS) $^ $(VIEW_LIBS) $(LIBS) -o $@

# Viewer tests link the viewer's modules (all but main.c); they draw headless.
$(BUILD)/tests/view_%: viz/tests/test_%.c $(VIEW_OBJ) $(LIB) tests/check.h $(VIEW_BIN)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(VIEW_ALL_CFLAGS) $(VIEW_CFLAGS) -Itests -Iviz -DVIEW_BIN='"$(abspath $(VIEW_BIN))"' $< \
	  $(VIEW_OBJ) $(LIB) $(ALL_LDFLAGS) $(VIEW_LIBS) $(LIBS) -o $@

.PHONY: view view-bench view-screenshots
view: $(VIEW_BIN)

# Frame time of the viewer's drawing at 1920x1080 with dwelling dots (not a test).
view-bench: $(VIEW_BIN)
	$(VIEW_BIN) --bench-frames 300

# Screenshots of the real window under Xvfb for the README (viz/screenshots/).
view-screenshots: $(VIEW_BIN)
	sh viz/screenshots.sh $(VIEW_BIN)

# (the top Makefile includes $(BUILD)/tests/*.d)
-include $(wildcard $(BUILD)/viz/*.d)
