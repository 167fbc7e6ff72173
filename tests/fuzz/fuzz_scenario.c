/* libFuzzer harness: scenario reader. The input is written to a file beside links to
 * the shipped scenario and map (so extends= and map= can resolve) and loaded with
 * ws_scenario_load; every input must give a scenario or an error, never a crash, a
 * leak or a hang. */
#include "fuzz_common.h"
#include "woonsim/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write("in.xml", data, size);
    ws_error err = {0, ""};
    ws_scenario *sc = ws_scenario_load(path, NULL, 0, &err);
    fuzz_check_error(sc != NULL, &err);
    ws_scenario_free(sc);
    return 0;
}
