/* Prepared scenario loads (ws_scenario_prep) and a base shared across scenarios
 * (ws_scenario_same_base, ws_world_alloc_shared): the same worlds as loading and
 * generating each afresh, month by month, and no sharing where the stock differs. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scenario_int.h"
#include "woonsim/scenario.h"
#include "woonsim/world.h"

#define FILE_ "scenarios/leeuwarden-oost.xml"

/* 1 when worlds a and b (both freed here) give bitwise the same figures every month. */
static int same_runs(ws_world *a, ws_world *b, int nd)
{
    int same = a && b;
    while (same && !ws_world_done(a) && !ws_world_done(b)) {
        same = ws_world_step(a) == WS_OK && ws_world_step(b) == WS_OK &&
               memcmp(ws_world_indicators(a, 0), ws_world_indicators(b, 0),
                      sizeof(double) * WS_NIND * (size_t)(nd + 1)) == 0;
    }
    same = same && ws_world_done(a) && ws_world_done(b);
    ws_world_free(a);
    ws_world_free(b);
    return same;
}

/* A prepared load is the ordinary load: the same hash, the same runs, the same errors. */
static void test_prep_load(ws_scenario_prep *p)
{
    static const char *sets[][2] = {
        {"/scenario/landlord-permit/@inspections-per-month=40", NULL},
        {"/scenario/quality/@decay-per-year=0.02", "/scenario/@seed=9"},
        {NULL, NULL}};
    for (int i = 0; i < 3; i++) {
        int n = sets[i][0] ? (sets[i][1] ? 2 : 1) : 0;
        ws_error e1 = {0, ""}, e2 = {0, ""};
        ws_scenario *a = ws_scenario_load(FILE_, sets[i], n, &e1);
        ws_scenario *b = ws_scenario_prep_load(p, sets[i], n, &e2);
        CHECK(a && b, "load %d: %s / %s", i, e1.msg, e2.msg);
        if (a && b) {
            CHECK(a->source_hash == b->source_hash, "load %d: the hashes differ", i);
            CHECK(ws_scenario_same_base(a, b), "load %d: the stock inputs differ", i);
            CHECK(same_runs(ws_world_alloc(a, 3, &e1), ws_world_alloc(b, 3, &e2), a->ndistricts),
                  "load %d: the runs differ", i);
        }
        ws_scenario_free(a);
        ws_scenario_free(b);
    }
    /* Errors: the same message, and the prep stays usable. */
    const char *bad[] = {"/scenario/nothing/@x=1", "/scenario/landlord-permit/@detection=7",
                         "no-equals-sign"};
    for (int i = 0; i < 3; i++) {
        ws_error e1 = {0, ""}, e2 = {0, ""};
        ws_scenario *a = ws_scenario_load(FILE_, &bad[i], 1, &e1);
        ws_scenario *b = ws_scenario_prep_load(p, &bad[i], 1, &e2);
        CHECK(!a && !b && e1.status == e2.status && strcmp(e1.msg, e2.msg) == 0,
              "bad set %d: '%s' vs '%s'", i, e1.msg, e2.msg);
        ws_scenario_free(a);
        ws_scenario_free(b);
    }
    ws_error e = {0, ""};
    ws_scenario *again = ws_scenario_prep_load(p, NULL, 0, &e);
    CHECK(again != NULL, "the prep after errors: %s", e.msg);
    ws_scenario_free(again);
    CHECK(ws_scenario_prep_alloc("no/such/file.xml", &e) == NULL && e.status != WS_OK,
          "a missing file is refused");
    CHECK(ws_scenario_prep_is(p, FILE_) && !ws_scenario_prep_is(p, "scenarios/no-permit.xml") &&
              !ws_scenario_prep_is(p, NULL),
          "the prep knows its file");
}

/* A base shared only where the stock cannot differ, and then the same worlds. */
static void test_same_base(ws_scenario_prep *p)
{
    ws_error err = {0, ""};
    ws_scenario *sc0 = ws_scenario_prep_load(p, NULL, 0, &err);
    ws_base *base = sc0 ? ws_base_alloc(sc0, &err) : NULL;
    CHECK(base != NULL, "base: %s", err.msg);
    if (!base) {
        ws_scenario_free(sc0);
        return;
    }
    static const struct {
        const char *set;
        int shares;
    } cases[] = {
        {"/scenario/landlord-permit/@inspections-per-month=40", 1},
        {"/scenario/landlord-permit/@detection=0.5", 1},
        {"/scenario/liveability/@w-vacancy=3", 1},
        {"/scenario/corporations/@efg-label=A", 1},
        {"/scenario/landlord-permit/@zones=cambuur", 0}, /* the zones flag dwellings */
        {"/scenario/quality/@decay-per-year=0.02", 0},
        {"/scenario/@seed=9", 0},
        {"/scenario/energy/@income-low=20000", 0},
        {"/scenario/woondeal/@slip-probability=0.5", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ws_scenario *sc = ws_scenario_prep_load(p, &cases[i].set, 1, &err);
        CHECK(sc != NULL, "%s: %s", cases[i].set, err.msg);
        if (!sc)
            continue;
        int shares = ws_scenario_same_base(sc0, sc);
        CHECK(shares == cases[i].shares, "%s: shares %d", cases[i].set, shares);
        if (shares)
            CHECK(same_runs(ws_world_alloc(sc, 2, &err), ws_world_alloc_shared(sc, base, 2, &err),
                            sc->ndistricts),
                  "%s: a run from the shared base differs", cases[i].set);
        ws_scenario_free(sc);
    }
    ws_base_free(base);
    ws_scenario_free(sc0);
}

int main(void)
{
    ws_error err = {0, ""};
    ws_scenario_prep *p = ws_scenario_prep_alloc(FILE_, &err);
    CHECK(p != NULL, "prep: %s", err.msg);
    if (p) {
        test_prep_load(p);
        test_same_base(p);
    }
    ws_scenario_prep_free(p);
    return CHECK_DONE("prep");
}
