/* Parameter uncertainty: the scenario's <uncertain> declarations, read and checked with
 * the scenario, and the per-run draws (each run's values from its own stream, set into a
 * fresh reading of the scenario by the rules of --set). See include/woonsim/scenario.h. */
#define _XOPEN_SOURCE 700
#include "woonsim/scenario.h"
#include "woonsim/world.h"
#include "scenario_int.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

/* The per-run stream's numbers are ws_stream_seed(seed, run, UNCERTAIN_STREAM + i):
 * far above the model's stream numbers (sim/world_int.h), so no model stream is
 * touched and runs without --uncertain are unchanged. */
#define UNCERTAIN_STREAM 0x10000
#define SELECT_MAX 1024

#define TRY_STATUS(call)                                                                 \
    do {                                                                                 \
        int st_ = (call);                                                                \
        if (st_ != WS_OK)                                                                \
            return st_;                                                                  \
    } while (0)

enum { DIST_UNIFORM, DIST_TRIANGULAR, DIST_NORMAL, DIST_LOGNORMAL, NDIST };
static const char *const dist_names[NDIST] = {"uniform", "triangular", "normal", "lognormal"};

typedef struct {
    char select[SELECT_MAX];
    int dist;
    double min, max, mode, mean, sd;
    int whole; /* 1: drawn values are rounded to whole numbers */
} uncertain_decl;

struct ws_uncertainty {
    int n;
    uncertain_decl *decl;
    int nsets;   /* the overrides the scenario was read with, kept for the draws */
    char **sets;
    int on;      /* 1: runs draw their own values (ws_scenario_uncertain_set) */
};

void ws_uncertain_free(struct ws_uncertainty *u)
{
    if (!u)
        return;
    for (int i = 0; i < u->nsets; i++)
        free(u->sets[i]);
    free(u->sets);
    free(u->decl);
    free(u);
}

/* ---------------------------------------------------------------- reading */

/* Reads the attributes of one <uncertain> element c into d, with the checks the schema
 * cannot make. */
static int read_decl(ws_error *err, const xmlNode *c, uncertain_decl *d)
{
    memset(d, 0, sizeof *d);
    char *sel = ws_xml_prop(c, "select"), *dist = ws_xml_prop(c, "dist");
    int st = WS_OK;
    if (!sel || !dist || !*sel || strlen(sel) >= SELECT_MAX)
        st = ws_xml_bad(err, c, "<uncertain> needs select (at most %d characters) and dist",
                        SELECT_MAX - 1);
    else
        snprintf(d->select, sizeof d->select, "%s", sel);
    d->dist = -1;
    for (int k = 0; st == WS_OK && dist && k < NDIST; k++)
        if (strcmp(dist, dist_names[k]) == 0)
            d->dist = k;
    if (st == WS_OK && d->dist < 0)
        st = ws_xml_bad(err, c, "<uncertain> dist '%s' is not uniform, triangular, normal or "
                                "lognormal", dist);
    xmlFree(sel);
    xmlFree(dist);
    if (st != WS_OK || d->dist < 0) /* both at once: the analyser cannot see the first */
        return st != WS_OK ? st : WS_EINPUT;
    static const char *const need[NDIST][3] = {{"min", "max", NULL},
                                               {"min", "max", "mode"},
                                               {"min", "max", "mean"},
                                               {"min", "max", "mean"}};
    for (int k = 0; k < 3; k++)
        if (need[d->dist][k] && !xmlHasProp((xmlNode *)c, (const xmlChar *)need[d->dist][k]))
            return ws_xml_bad(err, c, "<uncertain dist=\"%s\"> needs %s", dist_names[d->dist],
                              need[d->dist][k]);
    if ((d->dist == DIST_NORMAL || d->dist == DIST_LOGNORMAL) &&
        !xmlHasProp((xmlNode *)c, (const xmlChar *)"sd"))
        return ws_xml_bad(err, c, "<uncertain dist=\"%s\"> needs sd", dist_names[d->dist]);
    TRY_STATUS(ws_xml_num(err, c, "min", -DBL_MAX, DBL_MAX, &d->min));
    TRY_STATUS(ws_xml_num(err, c, "max", -DBL_MAX, DBL_MAX, &d->max));
    TRY_STATUS(ws_xml_num(err, c, "mode", -DBL_MAX, DBL_MAX, &d->mode));
    TRY_STATUS(ws_xml_num(err, c, "mean", -DBL_MAX, DBL_MAX, &d->mean));
    TRY_STATUS(ws_xml_num(err, c, "sd", 0, DBL_MAX, &d->sd));
    TRY_STATUS(ws_xml_bool(err, c, "whole", &d->whole));
    if (d->min > d->max)
        return ws_xml_bad(err, c, "<uncertain> min %g is above max %g", d->min, d->max);
    if (d->dist == DIST_TRIANGULAR && (d->mode < d->min || d->mode > d->max))
        return ws_xml_bad(err, c, "<uncertain> mode %g is outside [min, max]", d->mode);
    if (d->dist == DIST_NORMAL || d->dist == DIST_LOGNORMAL) {
        if (d->mean < d->min || d->mean > d->max)
            return ws_xml_bad(err, c, "<uncertain> mean %g is outside [min, max]", d->mean);
        if (!(d->sd > 0))
            return ws_xml_bad(err, c, "<uncertain> sd must be above 0");
        if (d->dist == DIST_LOGNORMAL && !(d->mean > 0))
            return ws_xml_bad(err, c, "<uncertain dist=\"lognormal\"> needs a mean above 0");
    }
    if (d->whole && ceil(d->min) > floor(d->max))
        return ws_xml_bad(err, c, "<uncertain whole=\"true\"> has no whole number in [%g, %g]",
                          d->min, d->max);
    return WS_OK;
}

/* A value as drawn values are written into the document: plain decimal notation (the
 * schema's xs:decimal has no exponent), ten decimals at most, never "-0". */
static void format_value(const uncertain_decl *d, double v, char *out, size_t size)
{
    snprintf(out, size, "%.*f", d->whole ? 0 : 10, v);
    if (!d->whole && strchr(out, '.')) {
        size_t n = strlen(out);
        while (out[n - 1] == '0')
            out[--n] = '\0';
        if (out[n - 1] == '.')
            out[--n] = '\0';
    }
    if (strcmp(out, "-0") == 0)
        snprintf(out, size, "0");
}

/* The value d is checked at in pass p: its min (0), its max (1) or a value between
 * (2), at an irrational fraction of the range so that an attribute of whole numbers
 * refuses it unless whole="true" (min = max is a constant and passes). */
static double check_value(const uncertain_decl *d, int p)
{
    double v = p == 0 ? d->min : p == 1 ? d->max : d->min + (d->max - d->min) * 0.41421356;
    if (d->whole)
        v = p == 0 ? ceil(d->min) : p == 1 ? floor(d->max) : fmax(ceil(d->min), floor(v));
    return v;
}

static const char *const pass_name[3] = {"min", "max", "value between min and max"};

/* After a pass failed: finds the declaration whose value alone the schema refuses, in a
 * copy of pristine (the document before the passes), and says so at its line. Returns
 * WS_EINPUT with err set, or WS_OK when no single one is to blame. */
static int blame(const struct ws_uncertainty *u, const xmlNode *const *nodes,
                 xmlDocPtr pristine, const ws_xml_schema *schema, ws_error *err)
{
    for (int i = 0; i < u->n; i++) {
        for (int p = 0; p < 3; p++) {
            char value[64];
            format_value(&u->decl[i], check_value(&u->decl[i], p), value, sizeof value);
            xmlDocPtr d = xmlCopyDoc(pristine, 1);
            ws_xml_origin *orig = NULL;
            ws_error e = {0, ""};
            int st = d ? ws_scenario_edit_set(d, u->decl[i].select, value, nodes[i], &orig, &e)
                       : ws_error_set(&e, WS_ENOMEM, "out of memory");
            if (st == WS_OK)
                st = ws_xml_validate(schema, d, &e);
            xmlFreeDoc(d);
            ws_xml_origins_free(orig);
            if (st == WS_ENOMEM)
                return ws_error_set(err, st, "out of memory");
            if (st != WS_OK) {
                const char *why = strstr(e.msg, ": "); /* without the attribute's place */
                return ws_xml_bad(err, nodes[i], "<uncertain> %s %s for '%s' is refused: %s%s",
                                  pass_name[p], value, u->decl[i].select,
                                  why ? why + 2 : e.msg,
                                  p == 2 ? " (whole=\"true\" draws whole numbers)" : "");
            }
        }
    }
    return WS_OK;
}

/* Sets every declaration's attribute to its check value of each pass in doc and
 * validates doc: a select that matches nothing or a range the schema refuses is said
 * at the <uncertain> element's line. */
static int check_values(const struct ws_uncertainty *u, const xmlNode *const *nodes,
                        xmlDocPtr doc, const ws_xml_schema *schema, ws_xml_origin **origins,
                        ws_error *err)
{
    xmlDocPtr pristine = xmlCopyDoc(doc, 1);
    if (!pristine)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    int st = WS_OK;
    for (int p = 0; p < 3 && st == WS_OK; p++) {
        for (int i = 0; i < u->n && st == WS_OK; i++) {
            char value[64];
            format_value(&u->decl[i], check_value(&u->decl[i], p), value, sizeof value);
            st = ws_scenario_edit_set(doc, u->decl[i].select, value, nodes[i], origins, err);
        }
        if (st == WS_OK && (st = ws_xml_validate(schema, doc, err)) == WS_EINPUT) {
            int b = blame(u, nodes, pristine, schema, err);
            st = b != WS_OK ? b : st;
        }
    }
    xmlFreeDoc(pristine);
    return st;
}

/* Keeps copies of the overrides in u. */
static int keep_sets(struct ws_uncertainty *u, const char *const *sets, int nsets)
{
    if (nsets <= 0)
        return WS_OK;
    u->sets = calloc((size_t)nsets, sizeof *u->sets);
    if (!u->sets)
        return WS_ENOMEM;
    for (int i = 0; i < nsets; i++) {
        if (!(u->sets[i] = strdup(sets[i])))
            return WS_ENOMEM;
        u->nsets = i + 1;
    }
    return WS_OK;
}

int ws_uncertain_read(struct ws_scenario *sc, xmlDocPtr doc, const ws_xml_schema *schema,
                      const char *const *sets, int nsets, ws_xml_origin **origins,
                      ws_error *err)
{
    struct ws_uncertainty *u = calloc(1, sizeof *u);
    if (!u || keep_sets(u, sets, nsets) != WS_OK) {
        ws_uncertain_free(u);
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    }
    sc->uncertainty = u;
    xmlNode *root = xmlDocGetRootElement(doc);
    int count = 0;
    /* Each declaration is a --set per run and a select buffer per draw: capped. */
    for (xmlNode *c = root->children; c; c = c->next)
        if (ws_xml_is_elem(c, "uncertain") && ++count > WS_MAX_UNCERTAIN)
            return ws_xml_bad(err, c, "more than %d <uncertain> declarations",
                              WS_MAX_UNCERTAIN);
    if (count == 0)
        return WS_OK;
    u->decl = calloc((size_t)count, sizeof *u->decl);
    const xmlNode **nodes = calloc((size_t)count, sizeof *nodes);
    if (!u->decl || !nodes) {
        free(nodes);
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    }
    int st = WS_OK;
    for (xmlNode *c = root->children; c && st == WS_OK; c = c->next) {
        if (!ws_xml_is_elem(c, "uncertain"))
            continue;
        uncertain_decl d;
        st = read_decl(err, c, &d);
        if (st != WS_OK)
            break;
        /* A later declaration for the same select (a variant's) replaces the earlier. */
        int i = 0;
        while (i < u->n && strcmp(u->decl[i].select, d.select) != 0)
            i++;
        u->decl[i] = d;
        nodes[i] = c;
        if (i == u->n)
            u->n++;
    }
    if (st == WS_OK)
        st = check_values(u, nodes, doc, schema, origins, err);
    free(nodes);
    return st;
}

/* ---------------------------------------------------------------- draws */

int ws_scenario_nuncertain(const ws_scenario *sc)
{
    return sc->uncertainty ? sc->uncertainty->n : 0;
}

void ws_scenario_uncertain_set(ws_scenario *sc, int on)
{
    if (sc->uncertainty)
        sc->uncertainty->on = on != 0;
}

int ws_scenario_uncertain_on(const ws_scenario *sc)
{
    return sc->uncertainty && sc->uncertainty->on && sc->uncertainty->n > 0;
}

/* The value of d at the quantile u in (0, 1): inverse distribution functions, so that
 * each declaration takes exactly one number of the stream; normal and lognormal are
 * truncated to [min, max]. */
static double quantile(const uncertain_decl *d, double u)
{
    double lo = d->min, hi = d->max, x;
    switch (d->dist) {
    case DIST_TRIANGULAR: {
        double f = hi > lo ? (d->mode - lo) / (hi - lo) : 0;
        x = u < f ? lo + sqrt(u * (hi - lo) * (d->mode - lo))
                  : hi - sqrt((1 - u) * (hi - lo) * (hi - d->mode));
        break;
    }
    case DIST_NORMAL: {
        double plo = gsl_cdf_gaussian_P(lo - d->mean, d->sd);
        double phi = gsl_cdf_gaussian_P(hi - d->mean, d->sd);
        x = d->mean + gsl_cdf_gaussian_Pinv(plo + u * (phi - plo), d->sd);
        break;
    }
    case DIST_LOGNORMAL: {
        /* mean and sd are the value's own; the log's follow. */
        double s2 = log1p(d->sd * d->sd / (d->mean * d->mean)), s = sqrt(s2);
        double mu = log(d->mean) - s2 / 2;
        double plo = lo > 0 ? gsl_cdf_lognormal_P(lo, mu, s) : 0;
        double phi = gsl_cdf_lognormal_P(hi, mu, s);
        double p = plo + u * (phi - plo);
        x = p > 0 ? gsl_cdf_lognormal_Pinv(p, mu, s) : lo;
        break;
    }
    default:
        x = lo + u * (hi - lo);
    }
    if (!(x >= lo)) /* also NaN, at the edges of the inverses */
        x = lo;
    if (x > hi)
        x = hi;
    if (d->whole)
        x = fmin(fmax(round(x), ceil(lo)), floor(hi));
    return x;
}

void ws_scenario_uncertain_values(const ws_scenario *sc, int run, double *out)
{
    const struct ws_uncertainty *u = sc->uncertainty;
    for (int i = 0; u && i < u->n; i++) {
        unsigned long long h = ws_stream_seed(sc->seed, run, UNCERTAIN_STREAM + i);
        double q = ((double)(h >> 11) + 0.5) * 0x1.0p-53; /* in (0, 1) */
        out[i] = quantile(&u->decl[i], q);
    }
}

ws_scenario *ws_scenario_draw(const ws_scenario *sc, int run, ws_error *err)
{
    const struct ws_uncertainty *u = sc->uncertainty;
    int n = u ? u->n : 0, nbase = u ? u->nsets : 0;
    double *v = calloc((size_t)n + 1, sizeof *v);
    const char **sets = calloc((size_t)(nbase + n) + 1, sizeof *sets);
    char *buf = calloc((size_t)n + 1, SELECT_MAX + 64);
    ws_scenario *d = NULL;
    if (!v || !sets || !buf) {
        ws_error_set(err, WS_ENOMEM, "out of memory");
        goto done;
    }
    ws_scenario_uncertain_values(sc, run, v);
    for (int i = 0; i < nbase; i++)
        sets[i] = u->sets[i];
    for (int i = 0; i < n; i++) {
        char *s = buf + (size_t)i * (SELECT_MAX + 64), value[64];
        format_value(&u->decl[i], v[i], value, sizeof value);
        snprintf(s, SELECT_MAX + 64, "%s=%s", u->decl[i].select, value);
        sets[nbase + i] = s;
    }
    d = ws_scenario_load(sc->path, sets, nbase + n, err);
    if (!d) {
        if (err && err->status == WS_EINPUT) {
            size_t len = strlen(err->msg);
            snprintf(err->msg + len, sizeof err->msg - len,
                     " (a value <uncertain> drew for run %d)", run);
        }
        goto done;
    }
    /* The draw stands for its family: later draws start from the same overrides. */
    struct ws_uncertainty *du = d->uncertainty;
    for (int i = nbase; i < du->nsets; i++)
        free(du->sets[i]);
    du->nsets = nbase;
    du->on = 1;
done:
    free(v);
    free(sets);
    free(buf);
    return d;
}
