/* libFuzzer harness: sweep reader. The input is written to a file from which the
 * shipped scenarios resolve under the relative names the sweeps use ("../golden/
 * small.xml", "../../scenarios/leeuwarden-oost.xml", "../leeuwarden-oost.xml"), then
 * loaded with ws_sweep_load (which also loads the base scenario and generates the
 * design). */
#include "fuzz_common.h"
#include "woonsim/sweep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write("in.xml", data, size);
    ws_error err = {0, ""};
    ws_sweep *sw = ws_sweep_load(path, &err);
    fuzz_check_error(sw != NULL, &err);
    if (sw) {
        /* The --set strings of every point must fit (at most 16 points, to stay fast). */
        char buf[WS_SWEEP_MAX_PARAMS * 600];
        const char *sets[WS_SWEEP_MAX_PARAMS];
        for (int p = 0; p < sw->npoints && p < 16; p++)
            if (ws_sweep_point_sets(sw, p, buf, sizeof buf, sets) != sw->nparams)
                abort();
    }
    ws_sweep_free(sw);
    return 0;
}
