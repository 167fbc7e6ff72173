/* The command line's one option parser, shared by every verb, and small helpers. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "woonsim/scenario.h"

int cli_usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "woonsim: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(see woonsim --help)\n");
    return 2;
}

int cli_parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static const cli_option *find(const cli_option *opts, const char *a)
{
    for (const cli_option *o = opts; o->name; o++)
        if (strcmp(a, o->name) == 0 || (o->alias && strcmp(a, o->alias) == 0))
            return o;
    return NULL;
}

/* Applies option o to its value val (NULL when argv ends); returns 0 or 2. */
static int apply(const cli_option *o, const char *a, const char *val)
{
    if (o->kind == CLI_FLAG) {
        *(int *)o->dest = 1;
        return 0;
    }
    if (o->kind == CLI_INT) {
        if (val && cli_parse_long(val, o->lo, o->hi, (long *)o->dest) == 0)
            return 0;
        fprintf(stderr, "woonsim: %s needs a whole number from %ld to %ld, not '%s'\n"
                        "(see woonsim --help)\n",
                o->name, o->lo, o->hi, val ? val : "");
        return 2;
    }
    if (!val) {
        char fmt[160];
        snprintf(fmt, sizeof fmt, "%%s needs %s", o->what ? o->what : "a value");
        return cli_usage_error(fmt, a);
    }
    if (o->kind == CLI_TEXT) {
        *(const char **)o->dest = val;
        return 0;
    }
    return o->call(o->dest, val);
}

int cli_parse(int argc, char **argv, const cli_option *opts,
              int (*positional)(void *ctx, const char *arg), void *ctx)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const cli_option *o = find(opts, a);
        int rc;
        if (o) {
            rc = apply(o, a, i + 1 < argc ? argv[i + 1] : NULL);
            i += o->kind != CLI_FLAG;
        } else if (a[0] == '-' && a[1]) {
            rc = cli_usage_error("unknown option '%s'", a);
        } else {
            rc = positional(ctx, a);
        }
        if (rc != 0)
            return rc;
    }
    return 0;
}

void cli_default_output(const char *input, const char *ext, char *out, size_t size)
{
    const char *base = input ? strrchr(input, '/') : NULL;
    base = base ? base + 1 : (input ? input : "leeuwarden-oost.xml");
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".xml") == 0)
        n -= 4;
    snprintf(out, size, "%.*s%s", (int)n, base, ext);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void cli_quantiles(double *v, int n, double q[3])
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    q[0] = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)n, 0.5);
    q[1] = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)n, 0.05);
    q[2] = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)n, 0.95);
}

int cli_write(const char *path, const ws_buf *const *bufs, int n, ws_error *err)
{
    return ws_write_atomic(path, bufs, n, err); /* "-": stdout, every write checked */
}

void cli_uncertain(struct ws_scenario *sc, int on)
{
    if (!on)
        return;
    if (ws_scenario_nuncertain(sc) == 0)
        fprintf(stderr, "woonsim: note: %s declares no <uncertain> parameters; --uncertain "
                        "changes nothing\n", sc->path);
    ws_scenario_uncertain_set(sc, 1);
}
