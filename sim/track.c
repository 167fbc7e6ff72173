/* Track: the actuals CSV reader, the comparison of monitored figures with the runs'
 * bands, and the importance weights of the runs given those figures
 * (woonsim/track.h; the method in sim/MODEL.md, "Are we on track?"). */
#include "woonsim/track.h"
#include "woonsim/world.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

const char *const ws_track_verdict_names[3] = {"on-track", "behind", "ahead"};

/* The largest actuals file read. */
#define MAX_BYTES (64L << 20)
#define MAX_FIELDS 8

enum { COL_DATE, COL_DISTRICT, COL_INDICATOR, COL_VALUE, COL_SOURCE, COL_ERROR, NCOL };
static const char *const col_names[NCOL] = {"date",   "district", "indicator",
                                            "value",  "source",   "error"};

/* ---------------------------------------------------------------- reading */

/* Splits line (NUL-terminated, modified in place) into at most MAX_FIELDS fields at
 * commas; a field may be double-quoted, with "" for a quote inside. Returns the number
 * of fields, or -1 for too many fields or an unterminated quote. */
static int split(char *line, char **field)
{
    int n = 0;
    char *s = line;
    for (;;) {
        if (n == MAX_FIELDS)
            return -1;
        while (*s == ' ')
            s++;
        if (*s == '"') {
            char *out = ++s;
            field[n++] = out;
            for (;;) {
                if (!*s)
                    return -1;
                if (*s == '"' && s[1] == '"') {
                    *out++ = '"';
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    *out++ = *s++;
                }
            }
            *out = '\0';
            while (*s == ' ')
                s++;
            if (*s && *s != ',')
                return -1;
        } else {
            field[n++] = s;
            s += strcspn(s, ",");
            int more = *s == ',';
            char *end = s;
            while (end > field[n - 1] && end[-1] == ' ')
                end--;
            *end = '\0';
            if (!more)
                return n;
            s++;
            continue;
        }
        if (!*s)
            return n;
        s++; /* past the comma after a quoted field */
    }
}

/* A date: "YYYY-MM", or "YYYY" for that year's December. 0 or -1. */
static int parse_date(const char *s, ws_month *out)
{
    if (strlen(s) == 4 && strspn(s, "0123456789") == 4) {
        char buf[8];
        snprintf(buf, sizeof buf, "%s-12", s);
        return ws_month_parse(buf, out);
    }
    return ws_month_parse(s, out);
}

/* A finite number filling all of s. 0 or -1. */
static int parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || *end || errno || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static int indicator_index(const char *name)
{
    for (int k = 0; k < WS_NIND; k++)
        if (strcmp(ws_indicator_table[k].name, name) == 0)
            return k;
    return -1;
}

/* Reads the header's fields into col[NCOL] (field index of each column, -1 if absent). */
static int read_header(char **f, int nf, const char *name, int line, int *col, ws_error *err)
{
    for (int c = 0; c < NCOL; c++)
        col[c] = -1;
    for (int i = 0; i < nf; i++) {
        int c = 0;
        while (c < NCOL && strcmp(f[i], col_names[c]) != 0)
            c++;
        if (c == NCOL)
            return ws_error_set(err, WS_EINPUT,
                                "%s:%d: unknown column \"%s\" (the columns are date, "
                                "district, indicator, value and optionally source, error)",
                                name, line, f[i]);
        if (col[c] >= 0)
            return ws_error_set(err, WS_EINPUT, "%s:%d: column \"%s\" twice", name, line,
                                f[i]);
        col[c] = i;
    }
    for (int c = 0; c <= COL_VALUE; c++)
        if (col[c] < 0)
            return ws_error_set(err, WS_EINPUT,
                                "%s:%d: the header needs the columns date, district, "
                                "indicator, value (no \"%s\")",
                                name, line, col_names[c]);
    return WS_OK;
}

/* Reads one data line's fields into a. */
static int read_row(char **f, int nf, const int *col, const ws_scenario *sc, const char *name,
                    ws_actual *a, ws_error *err)
{
    int line = a->line;
    for (int c = 0; c < NCOL; c++)
        if (c <= COL_VALUE && col[c] >= nf)
            return ws_error_set(err, WS_EINPUT, "%s:%d: %d fields, the header has more",
                                name, line, nf);
    const char *date = f[col[COL_DATE]], *dist = f[col[COL_DISTRICT]];
    const char *ind = f[col[COL_INDICATOR]], *val = f[col[COL_VALUE]];
    if (parse_date(date, &a->date) != 0)
        return ws_error_set(err, WS_EINPUT, "%s:%d: date \"%s\" is not YYYY-MM or YYYY",
                            name, line, date);
    if (a->date < sc->start || a->date > sc->end) {
        char s[8], e[8];
        ws_month_format(sc->start, s);
        ws_month_format(sc->end, e);
        return ws_error_set(err, WS_EINPUT, "%s:%d: date %s is outside the run (%s to %s)",
                            name, line, date, s, e);
    }
    if (strcmp(dist, "total") == 0)
        a->district = WS_GOAL_TOTAL;
    else if ((a->district = ws_scenario_district(sc, dist)) < 0)
        return ws_error_set(err, WS_EINPUT,
                            "%s:%d: unknown district \"%s\" (the scenario's ids or total)",
                            name, line, dist);
    if ((a->indicator = indicator_index(ind)) < 0)
        return ws_error_set(err, WS_EINPUT,
                            "%s:%d: unknown indicator \"%s\" (a CSV column of woonsim run)",
                            name, line, ind);
    if (parse_number(val, &a->value) != 0)
        return ws_error_set(err, WS_EINPUT, "%s:%d: value \"%s\" is not a number", name,
                            line, val);
    a->error = -1;
    if (col[COL_ERROR] >= 0 && col[COL_ERROR] < nf && f[col[COL_ERROR]][0]) {
        const char *e = f[col[COL_ERROR]];
        if (parse_number(e, &a->error) != 0 || a->error <= 0)
            return ws_error_set(err, WS_EINPUT,
                                "%s:%d: error \"%s\" is not a relative error > 0", name, line,
                                e);
    }
    if (col[COL_SOURCE] >= 0 && col[COL_SOURCE] < nf)
        snprintf(a->source, sizeof a->source, "%s", f[col[COL_SOURCE]]);
    return WS_OK;
}

/* Parses the lines of buf (modified in place) into act. */
static int parse_lines(char *buf, const char *name, const ws_scenario *sc, ws_actuals *act,
                       ws_error *err)
{
    int col[NCOL], header = 0, cap = 0;
    char *f[MAX_FIELDS];
    char *s = buf;
    for (int line = 1; *s; line++) {
        char *end = s + strcspn(s, "\n");
        int last = *end == '\0';
        *end = '\0';
        if (end > s && end[-1] == '\r')
            end[-1] = '\0';
        char *text = s;
        s = last ? end : end + 1;
        if (!text[0] || text[0] == '#')
            continue;
        int nf = split(text, f);
        if (nf < 0)
            return ws_error_set(err, WS_EINPUT,
                                "%s:%d: more than %d fields or an unterminated quote", name,
                                line, MAX_FIELDS);
        if (!header) {
            int st = read_header(f, nf, name, line, col, err);
            if (st != WS_OK)
                return st;
            header = 1;
            continue;
        }
        if (act->n == cap) {
            cap = cap ? 2 * cap : 64;
            ws_actual *a = realloc(act->a, sizeof *a * (size_t)cap);
            if (!a)
                return ws_error_set(err, WS_ENOMEM, "%s: out of memory", name);
            act->a = a;
        }
        ws_actual *a = &act->a[act->n];
        memset(a, 0, sizeof *a);
        a->line = line;
        int st = read_row(f, nf, col, sc, name, a, err);
        if (st != WS_OK)
            return st;
        act->n++;
    }
    if (!header)
        return ws_error_set(err, WS_EINPUT,
                            "%s:1: no header (date,district,indicator,value[,source])", name);
    return WS_OK;
}

ws_actuals *ws_actuals_parse(const char *text, size_t len, const char *name,
                             const ws_scenario *sc, ws_error *err)
{
    if (memchr(text, '\0', len)) {
        ws_error_set(err, WS_EINPUT, "%s: a NUL byte: not a text file", name);
        return NULL;
    }
    char *buf = malloc(len + 1);
    ws_actuals *act = calloc(1, sizeof *act);
    int st = WS_ENOMEM;
    if (buf && act) {
        memcpy(buf, text, len);
        buf[len] = '\0';
        st = parse_lines(buf, name, sc, act, err);
    } else {
        ws_error_set(err, WS_ENOMEM, "%s: out of memory", name);
    }
    free(buf);
    if (st != WS_OK) {
        ws_actuals_free(act);
        return NULL;
    }
    return act;
}

ws_actuals *ws_actuals_load(const char *path, const ws_scenario *sc, ws_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        ws_error_set(err, WS_EINPUT, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    size_t len = 0, cap = 1 << 16;
    char *buf = malloc(cap);
    int st = buf ? WS_OK : ws_error_set(err, WS_ENOMEM, "%s: out of memory", path);
    while (st == WS_OK) {
        if (len == cap) {
            char *b = cap < (size_t)MAX_BYTES ? realloc(buf, 2 * cap) : NULL;
            if (!b) {
                st = ws_error_set(err, cap < (size_t)MAX_BYTES ? WS_ENOMEM : WS_EINPUT,
                                  "%s: %s", path,
                                  cap < (size_t)MAX_BYTES ? "out of memory"
                                                          : "file larger than 64 MiB");
                break;
            }
            buf = b;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len, fp);
        len += got;
        if (got == 0) {
            if (ferror(fp))
                st = ws_error_set(err, WS_EIO, "%s: read error", path);
            break;
        }
    }
    fclose(fp);
    ws_actuals *act = st == WS_OK ? ws_actuals_parse(buf, len, path, sc, err) : NULL;
    free(buf);
    return act;
}

void ws_actuals_free(ws_actuals *act)
{
    if (!act)
        return;
    free(act->a);
    free(act);
}

void ws_actuals_add_months(const ws_actuals *act, ws_month *at, int *nat)
{
    for (int i = 0; i < act->n; i++) {
        int seen = 0;
        for (int a = 0; a < *nat && !seen; a++)
            seen = at[a] == act->a[i].date;
        if (!seen)
            at[(*nat)++] = act->a[i].date;
    }
}

/* ---------------------------------------------------------------- comparing */

/* The actual seen as a goal (its month, district and indicator) so that the goals'
 * lookup of a run's value serves it too. */
static ws_goal as_goal(const ws_actual *a)
{
    ws_goal g;
    memset(&g, 0, sizeof g);
    g.indicator = a->indicator;
    g.district = a->district;
    g.by = a->date;
    return g;
}

/* v[r] = run r's value of actual a; WS_EINPUT when the month was not kept. */
static int run_values(const ws_scenario *sc, const ws_actual *a, const ws_month *at, int nat,
                      const ws_run_result *res, int nruns, double *v, ws_error *err)
{
    ws_goal g = as_goal(a);
    for (int r = 0; r < nruns; r++) {
        v[r] = ws_goal_value(sc, &g, at, nat, res[r].at);
        if (isnan(v[r]))
            return ws_error_set(err, WS_EINPUT, "line %d: its month was not simulated",
                                a->line);
    }
    return WS_OK;
}

/* 1 when less of the actual's indicator is better: a goal on the same indicator and
 * district says at-most. */
static int less_is_better(const ws_scenario *sc, const ws_actual *a)
{
    for (int i = 0; i < sc->goals.n; i++) {
        const ws_goal *g = &sc->goals.goal[i];
        if (g->indicator == a->indicator && g->district == a->district)
            return g->direction == WS_GOAL_AT_MOST;
    }
    return 0;
}

int ws_track_compare(const ws_scenario *sc, const ws_actuals *act, const ws_month *at,
                     int nat, const ws_run_result *res, int nruns, ws_track_row *out,
                     ws_error *err)
{
    double *v = malloc(sizeof(double) * (size_t)(nruns > 0 ? nruns : 1));
    if (!v)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    int st = WS_OK;
    for (int i = 0; i < act->n && st == WS_OK && nruns > 0; i++) {
        const ws_actual *a = &act->a[i];
        st = run_values(sc, a, at, nat, res, nruns, v, err);
        if (st != WS_OK)
            break;
        gsl_sort(v, 1, (size_t)nruns);
        ws_track_row *o = &out[i];
        o->median = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)nruns, 0.5);
        o->p5 = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)nruns, 0.05);
        o->p95 = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)nruns, 0.95);
        double below = 0;
        for (int r = 0; r < nruns; r++)
            below += v[r] < a->value ? 1 : v[r] == a->value ? 0.5 : 0;
        o->percentile = 100.0 * below / nruns;
        int low = a->value < o->p5, high = a->value > o->p95;
        if (less_is_better(sc, a)) {
            int t = low;
            low = high;
            high = t;
        }
        o->verdict = low ? WS_TRACK_BEHIND : high ? WS_TRACK_AHEAD : WS_TRACK_ON_TRACK;
    }
    free(v);
    return st;
}

/* ---------------------------------------------------------------- weighting */

int ws_track_weights(const ws_scenario *sc, const ws_actuals *act, const ws_month *at,
                     int nat, const ws_run_result *res, int nruns, double default_error,
                     double *w, double *ess, ws_error *err)
{
    double *v = calloc((size_t)(nruns > 0 ? nruns : 1), sizeof(double));
    if (!v)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    for (int r = 0; r < nruns; r++)
        w[r] = 0; /* the log-likelihood first */
    int st = WS_OK;
    for (int i = 0; i < act->n && st == WS_OK; i++) {
        const ws_actual *a = &act->a[i];
        st = run_values(sc, a, at, nat, res, nruns, v, err);
        double e = a->error > 0 ? a->error : default_error;
        double sigma = e * fmax(fabs(a->value), 1.0);
        for (int r = 0; r < nruns && st == WS_OK; r++) {
            double z = (a->value - v[r]) / sigma;
            w[r] -= 0.5 * z * z;
        }
    }
    free(v);
    if (st != WS_OK || nruns <= 0)
        return st;
    /* Normalised in the log domain first: the largest weight is exp(0) = 1, so the sum
     * cannot underflow to 0 however far the runs are from the figures. */
    double top = w[0], sum = 0, sq = 0;
    for (int r = 1; r < nruns; r++)
        top = fmax(top, w[r]);
    for (int r = 0; r < nruns; r++)
        sum += w[r] = exp(w[r] - top);
    for (int r = 0; r < nruns; r++) {
        w[r] /= sum;
        sq += w[r] * w[r];
    }
    *ess = 1.0 / sq;
    return WS_OK;
}
