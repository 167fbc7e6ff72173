/* The woonsim command line: the usage text and the dispatch to one file per verb
 * (run.c, validate.c, sweep.c, compare.c), which share the option parser (options.c). */
#include <signal.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "woonsim/common.h"

#ifdef WS_MPI
#include <mpi.h>
#endif

static const char usage[] =
    "usage: woonsim run [SCENARIO.xml] [-o OUT.csv] [--runs N] [--seed S] [--jobs N]\n"
    "                   [--set XPATH=VALUE]... [--csv-format nl] [--columns A,B]\n"
    "                   [--districts ID,ID] [--uncertain]\n"
    "       woonsim validate SCENARIO.xml...\n"
    "       woonsim sweep SWEEP.xml [-o RESULTS.sqlite] [--jobs N] [--shard K/N] [--resume]\n"
    "       woonsim sweep --summary RESULTS.sqlite [-o INDICES.csv] [--points POINTS.csv]\n"
    "       woonsim sweep --merge OUT.sqlite SHARD.sqlite...\n"
    "       woonsim sweep --dump RESULTS.sqlite [--long | --series]\n"
    "       woonsim sweep --discover RESULTS.sqlite --where \"OUTPUT OP VALUE\"\n"
    "       woonsim compare A.xml B.xml... [--runs N] [--at 2030,2035,2040] [--jobs N]\n"
    "                       [--district ID] [--uncertain] [-o OUT.csv]\n"
    "       woonsim track SCENARIO.xml ACTUALS.csv [--runs N] [--seed S] [--jobs N]\n"
    "                     [--error E] [-o OUT.csv]\n"
    "       woonsim --help | --version\n"
    "\n"
    "run       simulates the scenario month by month (the embedded Leeuwarden Oost\n"
    "          scenario when no file is given), writes the indicators as CSV (one row\n"
    "          per run x month x district plus 'total') and prints a milestone summary.\n"
    "          -o OUT.csv   output file (default: the scenario's name with .csv in the\n"
    "                       current directory; '-' for stdout); written atomically\n"
    "          --runs N     N runs with independent random streams (default 1)\n"
    "          --seed S     use seed S instead of the scenario's\n"
    "          --jobs N     worker threads (default 1); output does not depend on it\n"
    "          --set X=V    set the attribute(s) selected by XPath X to V before reading\n"
    "          --csv-format nl  ';' between fields and a decimal comma (Dutch spreadsheets)\n"
    "          --columns A,B    only these indicator columns, in this order\n"
    "          --districts D,E  only these districts' rows ('total' for the area's)\n"
    "          --uncertain  each run draws its own values of the scenario's <uncertain>\n"
    "                       parameters (bands then hold parameter uncertainty too)\n"
    "validate  checks scenario files against the schema and for meaning; prints\n"
    "          'FILE: ok' or 'FILE:LINE: message'\n"
    "sweep     runs a parameter sweep into an SQLite store (default: the sweep's name\n"
    "          with .sqlite); finished runs are committed every 64 runs or 0.2 s,\n"
    "          --resume runs only what\n"
    "          is missing; --shard K/N runs every N-th run from the K-th (for job\n"
    "          arrays), --merge joins shard stores; --summary prints per-point\n"
    "          quantiles, noise_share and Sobol or Morris indices (-o: one tidy\n"
    "          table); --dump prints the rows as CSV; --discover finds PRIM boxes\n"
    "compare   runs each scenario N times (default 20; run r of every scenario uses\n"
    "          the same random streams) and prints key indicators at the milestones,\n"
    "          median [5%, 95%], with the paired differences to the first scenario\n"
    "          and a 95 % confidence interval of their mean; --district ID: that\n"
    "          district instead of the area total; --uncertain as for run\n"
    "track     runs the scenario N times (default 100) and compares each monitored\n"
    "          figure of ACTUALS.csv (date,district,indicator,value[,source][,error])\n"
    "          with the runs: median, 5-95 % band, percentile, on-track/behind/ahead;\n"
    "          then each goal's probability before and given the figures (runs weighted\n"
    "          by their agreement; --error: relative observation error, default 0.10)\n"
    "\n"
    "exit status: 0 ok, 1 runtime failure, 2 bad usage or bad input\n";

/* The verb's exit status (main checks stdout after it). */
static int run_verb(int argc, char **argv)
{
    /* Over a file size limit (ulimit -f) a write must fail with EFBIG and a message, and
     * the output stay untouched, rather than the process be killed halfway. */
    signal(SIGXFSZ, SIG_IGN);
    ws_keep_freed_memory();
    if (argc < 2)
        return cli_usage_error("no command given%s", "");
    const char *verb = argv[1];
    if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0 || strcmp(verb, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(verb, "--version") == 0) {
        printf("woonsim %s (commit %s)\n", WS_VERSION, ws_commit());
        return 0;
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            return 0;
        }
    }
    if (strcmp(verb, "run") == 0)
        return cli_run(argc - 2, argv + 2);
    if (strcmp(verb, "validate") == 0)
        return cli_validate(argc - 2, argv + 2);
    if (strcmp(verb, "sweep") == 0) {
#ifdef WS_MPI
        MPI_Init(&argc, &argv);
        int rc = cli_sweep(argc - 2, argv + 2);
        MPI_Finalize();
        return rc;
#else
        return cli_sweep(argc - 2, argv + 2);
#endif
    }
    if (strcmp(verb, "compare") == 0)
        return cli_compare(argc - 2, argv + 2);
    if (strcmp(verb, "track") == 0)
        return cli_track(argc - 2, argv + 2);
    return cli_usage_error("unknown command '%s'", verb);
}

/* Runs the verb; output that did not reach stdout (a full disk, a closed pipe) is a
 * failure, exit 1, whatever the verb printed. */
int main(int argc, char **argv)
{
    int rc = run_verb(argc, argv);
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc == 0) {
        fprintf(stderr, "woonsim: stdout: write failed: %s\n", strerror(errno));
        rc = 1;
    }
    return rc;
}
