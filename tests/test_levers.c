/* Scenario levers: the default's levers, value texts, and a saved variant that gives the
 * same scenario as the same --set. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "woonsim/levers.h"
#include "woonsim/run.h"
#include "woonsim/scenario.h"

static const ws_lever *find(const ws_levers *l, const char *name)
{
    for (int k = 0; k < l->n; k++)
        if (strcmp(l->lever[k].name, name) == 0)
            return &l->lever[k];
    return NULL;
}

/* The CSV of runs 1..3 of sc. */
static char *csv_of(const ws_scenario *sc)
{
    ws_run_result res[3];
    ws_error err = {0, ""};
    int rc = ws_run_many(sc, &(ws_run_options){1, 3, 2, 1, NULL, 0}, res, &err);
    ws_buf all = {0};
    for (int k = 0; rc == WS_OK && k < 3; k++)
        ws_buf_append(&all, res[k].csv.data, res[k].csv.len);
    ws_run_results_clear(res, 3);
    ws_buf_append(&all, "", 1);
    return rc == WS_OK ? all.data : NULL;
}

static void check_save(const ws_levers *l)
{
    const ws_lever *insp = find(l, "inspections"), *zones = find(l, "permit-zones");
    const char **values = calloc((size_t)l->n, sizeof *values);
    for (int k = 0; k < l->n; k++)
        values[k] = l->lever[k].base;
    values[insp - l->lever] = "80";
    values[zones - l->lever] = "oud-oost heechterp-schieringen";
    char dir[] = "/tmp/ws_levers_XXXXXX", out[256];
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    snprintf(out, sizeof out, "%s/saved.xml", dir);
    ws_error err = {0, ""};
    CHECK(ws_levers_save(l, values, "test save", out, &err) == WS_OK, "save: %s", err.msg);
    ws_scenario *saved = ws_scenario_load(out, NULL, 0, &err);
    CHECK(saved != NULL, "saved scenario loads: %s", err.msg);
    char s1[600], s2[600];
    ws_lever_set(insp, "80", s1, sizeof s1);
    ws_lever_set(zones, "oud-oost heechterp-schieringen", s2, sizeof s2);
    const char *sets[2] = {s1, s2};
    ws_scenario *direct = ws_scenario_load(NULL, sets, 2, &err);
    CHECK(direct != NULL, "--set: %s", err.msg);
    if (saved && direct) {
        CHECK(strcmp(saved->name, "test save") == 0, "name '%s'", saved->name);
        CHECK(saved->permit.inspections_per_month == 80, "inspections %d",
              saved->permit.inspections_per_month);
        char *a = csv_of(saved), *b = csv_of(direct);
        CHECK(a && b && strcmp(a, b) == 0, "saved and --set give the same CSV");
        free(a);
        free(b);
    }
    ws_levers *again = ws_levers_load(out, &err);
    CHECK(again && find(again, "inspections") &&
              strcmp(find(again, "inspections")->base, "80") == 0,
          "the saved file's levers start at the saved values");
    ws_levers_free(again);
    ws_scenario_free(saved);
    ws_scenario_free(direct);
    unlink(out);
    rmdir(dir);
    free(values);
}

int main(void)
{
    ws_error err = {0, ""};
    ws_levers *l = ws_levers_load(NULL, &err);
    CHECK(l != NULL, "default levers: %s", err.msg);
    if (!l)
        return CHECK_DONE("levers");
    CHECK(l->n == 7, "%d levers", l->n);
    const ws_lever *insp = find(l, "inspections"), *zones = find(l, "permit-zones"),
                   *share = find(l, "subsidy-share");
    CHECK(insp && zones && share, "inspections, permit-zones, subsidy-share declared");
    if (!insp || !zones || !share)
        return CHECK_DONE("levers");
    CHECK(strcmp(insp->base, "40") == 0 && insp->base_x == 40, "inspections at 40");
    CHECK(zones->nvalues == 4 && zones->base_x == 0, "zones: 4 values, at vlietzone");
    CHECK(strcmp(zones->values[2], "oud-oost heechterp-schieringen") == 0, "values keep spaces");
    char t[64];
    ws_lever_text(insp, 42, t, sizeof t);
    CHECK(strcmp(t, "40") == 0, "42 rounds to the step: %s", t);
    ws_lever_text(insp, 500, t, sizeof t);
    CHECK(strcmp(t, "120") == 0, "clamped to max: %s", t);
    ws_lever_text(share, 0.83, t, sizeof t);
    CHECK(strcmp(t, "0.85") == 0, "two decimals of the step: %s", t);
    ws_lever_text(zones, 7, t, sizeof t);
    CHECK(strcmp(t, zones->values[3]) == 0, "choice clamped: %s", t);
    CHECK(ws_lever_position(zones, "nowhere") == -1, "unknown choice");
    CHECK(isnan(ws_lever_position(insp, "4x")), "not a number");
    check_save(l);
    /* A missing output directory: an error, nothing written. */
    const char **values = calloc((size_t)l->n, sizeof *values);
    for (int k = 0; k < l->n; k++)
        values[k] = l->lever[k].base;
    CHECK(ws_levers_save(l, values, "x", "/nonexistent-dir/x.xml", &err) != WS_OK,
          "save into a missing directory fails");
    free(values);
    ws_levers_free(l);
    return CHECK_DONE("levers");
}
