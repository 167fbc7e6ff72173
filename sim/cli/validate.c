/* woonsim validate: checks scenario files, "FILE: ok" or "FILE:LINE: message". */
#include "cli.h"

#include <stdio.h>

#include "woonsim/levers.h"
#include "woonsim/scenario.h"

int cli_validate(int argc, char **argv)
{
    if (argc == 0)
        return cli_usage_error("validate needs at least one scenario file%s", "");
    int rc = 0;
    for (int i = 0; i < argc; i++) {
        ws_error err = {0, ""};
        ws_scenario *sc = ws_scenario_load(argv[i], NULL, 0, &err);
        /* its levers too: each end of a lever's range must make a valid scenario */
        ws_levers *lv = sc ? ws_levers_load(argv[i], &err) : NULL;
        ws_levers_free(lv);
        if (sc && !lv) {
            ws_scenario_free(sc);
            sc = NULL;
        }
        if (sc) {
            printf("%s: ok\n", argv[i]);
            ws_scenario_free(sc);
        } else {
            fprintf(stderr, "%s\n", err.msg);
            int st = ws_exit_status(err.status);
            if (st > rc)
                rc = st;
        }
    }
    return rc;
}
