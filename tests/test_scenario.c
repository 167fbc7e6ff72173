/* Scenario reader: the default scenario's contents, variants, --set, embedded files. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "woonsim/map.h"
#include "woonsim/scenario.h"

static long dwellings_of(const ws_scenario *sc, int district)
{
    long n = 0;
    for (int b = 0; b < sc->nnbh; b++)
        if (district < 0 || sc->nbh[b].district == district)
            for (int g = sc->nbh[b].group0; g < sc->nbh[b].group0 + sc->nbh[b].ngroups; g++)
                n += sc->groups[g].count;
    return n;
}

int main(void)
{
    ws_error err;
    ws_scenario *sc = ws_scenario_load("scenarios/leeuwarden-oost.xml", NULL, 0, &err);
    CHECK(sc != NULL, "default scenario: %s", err.msg);
    if (!sc)
        return CHECK_DONE("scenario");
    CHECK(sc->ndistricts == 5, "%d districts", sc->ndistricts);
    static const char *const ids[5] = {"oud-oost", "bilgaard", "vrijheidswijk",
                                       "heechterp-schieringen", "camminghaburen"};
    for (int d = 0; d < 5; d++)
        CHECK(ws_scenario_district(sc, ids[d]) >= 0, "district %s", ids[d]);
    int vz = ws_scenario_nbh(sc, "vlietzone");
    CHECK(vz >= 0 && sc->nbh[vz].district == ws_scenario_district(sc, "oud-oost"),
          "vlietzone in oud-oost");
    CHECK(sc->start == 2024 * 12 && sc->end == 2042 * 12 + 11, "2024-01 to 2042-12");
    /* Sourced stock figures (CBS 2023). */
    CHECK(dwellings_of(sc, ws_scenario_district(sc, "bilgaard")) == 3383, "Bilgaard 3,383");
    CHECK(dwellings_of(sc, ws_scenario_district(sc, "vrijheidswijk")) == 1826,
          "Vrijheidswijk 1,826");
    long total = dwellings_of(sc, -1);
    CHECK(total >= 16000 && total <= 17000, "area total %ld", total);
    CHECK(sc->map != NULL && sc->map->nareas >= sc->nnbh, "map loaded");
    CHECK(sc->woondeal.enabled && sc->woondeal.target == 1500, "woondeal target");
    CHECK(sc->permit.enabled && sc->permit.zone_nbh[vz] && sc->permit.nzones == 1,
          "permit zone vlietzone");
    CHECK(sc->retrofit.offers == 1600 &&
              !sc->retrofit.district_on[ws_scenario_district(sc, "camminghaburen")],
          "retrofit offers, not in Camminghaburen");
    for (int b = 0; b < sc->nnbh; b++)
        for (int p = 0; p < WS_NPERIOD; p++) {
            double sum = 0;
            for (int l = 0; l < WS_NLABEL; l++)
                sum += sc->nbh[b].label_mix[p][l];
            CHECK(fabs(sum - 1) < 1e-9 || sum == 0, "label mix sums to 1");
        }

    /* The embedded copy is the same scenario. */
    ws_scenario *emb = ws_scenario_load(NULL, NULL, 0, &err);
    CHECK(emb != NULL, "embedded: %s", err.msg);
    if (emb) {
        CHECK(emb->ngroups == sc->ngroups && dwellings_of(emb, -1) == total, "embedded = file");
        CHECK(strncmp(emb->path, "<embedded>", 10) == 0, "embedded path %s", emb->path);
        ws_scenario_free(emb);
    }
    size_t len = 0;
    CHECK(ws_embedded_file("schema/woonsim.xsd", &len) && len > 1000, "embedded schema");
    CHECK(ws_embedded_file("nothing", &len) == NULL, "no such embedded file");

    /* Variants. */
    ws_scenario *v = ws_scenario_load("scenarios/no-permit.xml", NULL, 0, &err);
    CHECK(v && !v->permit.enabled && v->woondeal.enabled, "no-permit: %s", err.msg);
    ws_scenario_free(v);
    v = ws_scenario_load("scenarios/woondeal-delayed.xml", NULL, 0, &err);
    CHECK(v != NULL, "woondeal-delayed: %s", err.msg);
    if (v) {
        int cancelled = 0;
        for (int k = 0; k < v->woondeal.nprojects; k++)
            cancelled += v->woondeal.projects[k].cancelled;
        CHECK(cancelled == 1, "one cancelled project");
        CHECK(v->woondeal.slip_probability > sc->woondeal.slip_probability, "more slip");
        CHECK(strcmp(v->name, sc->name) != 0, "variant has its own name");
        ws_scenario_free(v);
    }
    v = ws_scenario_load("scenarios/retrofit-accelerated.xml", NULL, 0, &err);
    CHECK(v && v->retrofit.capacity > sc->retrofit.capacity &&
              v->retrofit.subsidy_max > sc->retrofit.subsidy_max,
          "retrofit-accelerated: %s", err.msg);
    ws_scenario_free(v);

    /* Command-line overrides. */
    const char *sets[] = {"/scenario/area/district[@id='bilgaard']/@name=Bilgaard-Noord",
                          "/scenario/landlord-permit/@zones=oud-oost bilgaard",
                          "/scenario/@seed=99"};
    v = ws_scenario_load("scenarios/leeuwarden-oost.xml", sets, 3, &err);
    CHECK(v != NULL, "--set: %s", err.msg);
    if (v) {
        int b = ws_scenario_district(v, "bilgaard");
        CHECK(strcmp(v->districts[b].name, "Bilgaard-Noord") == 0, "name set");
        CHECK(v->permit.nzones == 6, "zones widened to %d neighbourhoods", v->permit.nzones);
        CHECK(v->seed == 99, "seed set");
        ws_scenario_free(v);
    }
    const char *nothing[] = {"/scenario/woondeal/project[@id='none']/@dwellings=5"};
    v = ws_scenario_load("scenarios/leeuwarden-oost.xml", nothing, 1, &err);
    CHECK(v == NULL && err.status == WS_EINPUT && strstr(err.msg, "matches nothing"),
          "--set matching nothing: %s", err.msg);
    const char *badval[] = {"/scenario/retrofit/@dropout=2"};
    v = ws_scenario_load("scenarios/leeuwarden-oost.xml", badval, 1, &err);
    CHECK(v == NULL && err.status == WS_EINPUT && strstr(err.msg, "dropout"),
          "--set out of range: %s", err.msg);
    v = ws_scenario_load("tests/no-such-file.xml", NULL, 0, &err);
    CHECK(v == NULL && err.status == WS_EINPUT && strstr(err.msg, "cannot open"),
          "missing file: %s", err.msg);
    /* The XML layer's scenario wording (sim/xml_int.h): embedded files are read, an
     * empty document is libxml2's "Document is empty". */
    v = ws_scenario_load("<embedded>/nothing.xml", NULL, 0, &err);
    CHECK(v == NULL && err.status == WS_EINPUT &&
              strcmp(err.msg, "<embedded>/nothing.xml: no such embedded file") == 0,
          "missing embedded file: %s", err.msg);
    v = ws_scenario_load("/dev/null", NULL, 0, &err);
    CHECK(v == NULL && err.status == WS_EINPUT &&
              strcmp(err.msg, "/dev/null:1: Document is empty") == 0,
          "empty scenario: %s", err.msg);

    /* Series interpolation (on a series of its own: the default's prices are flat in
     * real terms, MODEL.md 3.2) and months. */
    ws_series ser = {3, {2024, 2030, 2042}, {1.45, 1.55, 1.75}};
    CHECK_NEAR(ws_series_at(&ser, 2027), 1.45 + 0.5 * 0.10, 1e-12, "gas 2027");
    CHECK_NEAR(ws_series_at(&ser, 2000), 1.45, 1e-12, "flat before");
    CHECK_NEAR(ws_series_at(&ser, 2100), 1.75, 1e-12, "flat after");
    CHECK_NEAR(ws_series_at(&sc->gas_price, 2042), ws_series_at(&sc->gas_price, 2024), 1e-12,
               "default gas price flat in real terms");
    ws_month m;
    CHECK(ws_month_parse("2035-12", &m) == 0 && m == 2035 * 12 + 11, "parse month");
    CHECK(ws_month_parse("2035-13", &m) != 0 && ws_month_parse("2035-1", &m) != 0 &&
              ws_month_parse("20x5-01", &m) != 0,
          "reject bad months");
    char buf[8];
    ws_month_format(2030 * 12 + 0, buf);
    CHECK(strcmp(buf, "2030-01") == 0, "format month %s", buf);
    ws_scenario_free(sc);
    ws_scenario_free(NULL);
    return CHECK_DONE("scenario");
}
