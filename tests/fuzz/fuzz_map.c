/* libFuzzer harness: the map reader. The same bytes go to ws_map_parse (the project's
 * map XML, from memory) and, through a file, to ws_map_load; each must give a map or an
 * error. A map that loads is exercised: lookups, point tests and sampling. (Real
 * boundaries are GDAL's, in the viewer.) */
#include "fuzz_common.h"
#include "woonsim/map.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A fixed sequence of numbers in [0, 1) for ws_map_sample. */
static double fuzz_u(void *state)
{
    unsigned *s = state;
    *s = *s * 1103515245u + 12345u;
    return (*s >> 8) / 16777216.0;
}

static void exercise(const ws_map *map)
{
    for (int i = 0; i < map->nareas && i < 4; i++) {
        const ws_map_area *a = &map->areas[i];
        if (ws_map_find(map, a->id) < 0)
            abort();
        unsigned s = 1;
        ws_point p = ws_map_sample(a, fuzz_u, &s);
        (void)ws_map_contains(a, p.x, p.y);
    }
}

static void check(ws_map *map, const ws_error *err)
{
    fuzz_check_error(map != NULL, err);
    if (map)
        exercise(map);
    ws_map_free(map);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ws_error err = {0, ""};
    check(ws_map_parse((const char *)data, size, "fuzz.xml", &err), &err);
    const char *path = fuzz_write("in.xml", data, size);
    ws_error ferr = {0, ""};
    check(ws_map_load(path, &ferr), &ferr);
    return 0;
}
