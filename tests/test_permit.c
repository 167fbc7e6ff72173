/* Landlord permit (process 2): no permit before the start or outside the zones,
 * inspections within capacity, invariants after every month of many runs, landlord
 * exits as private -> owner changes, wider zones, a known-answer month, capacity and
 * validity edge cases, the effect on substandard housing against no-permit.xml, and the
 * zone slots' bookkeeping (sim/permit_zones.c) on a hand-made stock. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "check.h"
#include "permit_zones.h" /* the zone slots' bookkeeping, tested on a hand-made stock */
#include "woonsim/scenario.h"
#include "woonsim/world.h"

#define BASE "scenarios/leeuwarden-oost.xml"
#define ALL_ZONES                                                                         \
    "/scenario/landlord-permit/@zones=oud-oost bilgaard vrijheidswijk "                  \
    "heechterp-schieringen camminghaburen"

static ws_scenario *load(const char *path, const char *const *sets, int nsets)
{
    ws_error err;
    ws_scenario *sc = ws_scenario_load(path, sets, nsets, &err);
    CHECK(sc != NULL, "%s: %s", path, err.msg);
    return sc;
}

static double ind(const ws_world *w, int d, int k) { return ws_world_indicators(w, d)[k]; }

typedef struct {
    double exits, violations, fines, inspections, max_queue;
} tally;

/* Runs runs 1..runs of sc and checks every month of each. */
static void run_checked(const ws_scenario *sc, int runs, tally *t)
{
    const ws_permit_params *p = &sc->permit;
    int nd = sc->ndistricts;
    int zoned[WS_MAX_DISTRICTS] = {0};
    for (int b = 0; b < sc->nnbh; b++)
        zoned[sc->nbh[b].district] |= p->zone_nbh[b];
    memset(t, 0, sizeof *t);
    for (int run = 1; run <= runs; run++) {
        ws_error err;
        ws_world *w = ws_world_alloc(sc, run, &err);
        CHECK(w != NULL, "alloc: %s", err.msg);
        if (!w)
            return;
        const ws_stock *st = ws_world_stock(w);
        uint8_t *before = malloc((size_t)st->cap);
        uint32_t *landlord = malloc(sizeof *landlord * (size_t)st->cap);
        if (!before || !landlord) {
            free(before);
            free(landlord);
            ws_world_free(w);
            return;
        }
        int bad_zone = 0;
        for (long i = 0; i < st->n; i++)
            bad_zone += !(st->flags[i] & WS_F_ZONE) != !p->zone_nbh[st->nbh[i]];
        CHECK(bad_zone == 0, "run %d: %d dwellings with a wrong zone flag", run, bad_zone);
        int fails = 0; /* report the first failing month of a run only */
        char msg[256];
        while (!ws_world_done(w) && fails == 0) {
            for (long i = 0; i < st->n; i++) {
                before[i] = (uint8_t)ws_stock_tenure(st, i);
                landlord[i] = st->landlord[i];
            }
            double exits0 = ind(w, nd, WS_I_LANDLORD_EXITS);
            if (ws_world_step(w) != WS_OK) {
                CHECK(0, "run %d: step failed", run);
                break;
            }
            ws_month m = ws_world_month(w);
            char date[8];
            ws_month_format(m, date);
            int ok = ws_world_check(w, msg, sizeof msg) == WS_OK;
            CHECK(ok, "run %d %s: %s", run, date, msg);
            fails += !ok;
            double insp = ind(w, nd, WS_I_INSPECTIONS);
            ok = insp <= p->inspections_per_month;
            CHECK(ok, "run %d %s: %.0f inspections > capacity %d", run, date, insp,
                  p->inspections_per_month);
            fails += !ok;
            if (m < p->start || !p->enabled) {
                ok = ind(w, nd, WS_I_PERMITS_ACTIVE) == 0 && insp == 0 &&
                     ind(w, nd, WS_I_FEES_EUR) == 0 && ind(w, nd, WS_I_PERMIT_QUEUE) == 0;
                CHECK(ok, "run %d %s: permit activity before start or when disabled", run,
                      date);
                fails += !ok;
            }
            for (int d = 0; d < nd; d++) {
                if (zoned[d])
                    continue;
                ok = ind(w, d, WS_I_PERMITS_ACTIVE) == 0 &&
                     ind(w, d, WS_I_PRIVATE_IN_ZONE) == 0 &&
                     ind(w, d, WS_I_INSPECTIONS) == 0;
                CHECK(ok, "run %d %s: permits in %s, outside the zones", run, date,
                      sc->districts[d].id);
                fails += !ok;
            }
            /* Every permit flag sits on a zone dwelling; every private -> owner change of
             * the month is a counted landlord exit or a counted market sale of a private
             * rental to an owner-occupier (MODEL.md 3.4), and so is a private dwelling
             * with another landlord at the end of the month: sold to an owner-occupier,
             * then in the market bought to let again (where no protection applies). */
            long outside = 0, to_owner = 0;
            for (long i = 0; i < st->n; i++) {
                outside += (st->flags[i] & WS_F_PERMIT) && !(st->flags[i] & WS_F_ZONE);
                int now = ws_stock_tenure(st, i);
                to_owner += before[i] == WS_TENURE_PRIVATE &&
                            (now == WS_TENURE_OWNER ||
                             (now == WS_TENURE_PRIVATE && st->landlord[i] != landlord[i]));
            }
            double exits = ind(w, nd, WS_I_LANDLORD_EXITS) - exits0;
            double sold = ind(w, nd, WS_I_PRIVATE_SOLD_TO_OWNER);
            ok = outside == 0 && (double)to_owner == exits + sold;
            CHECK(ok, "run %d %s: %ld permits outside zones; %ld private->owner, %.0f exits, "
                  "%.0f sold by the market", run, date, outside, to_owner, exits, sold);
            fails += !ok;
            ok = ind(w, nd, WS_I_PERMITS_ACTIVE) <= ind(w, nd, WS_I_PRIVATE_IN_ZONE);
            CHECK(ok, "run %d %s: more permits than private dwellings in zones", run, date);
            fails += !ok;
            t->inspections += insp;
            if (ind(w, nd, WS_I_PERMIT_QUEUE) > t->max_queue)
                t->max_queue = ind(w, nd, WS_I_PERMIT_QUEUE);
        }
        t->exits += ind(w, nd, WS_I_LANDLORD_EXITS);
        t->violations += ind(w, nd, WS_I_VIOLATIONS_FOUND);
        t->fines += ind(w, nd, WS_I_FINES_EUR);
        free(before);
        free(landlord);
        ws_world_free(w);
    }
}

/* Substandard dwellings of district d in month m over runs 1..runs, sorted. */
static void substandard_at(const ws_scenario *sc, int d, ws_month m, int runs, double *out)
{
    for (int run = 1; run <= runs; run++) {
        ws_error err;
        ws_world *w = ws_world_alloc(sc, run, &err);
        out[run - 1] = -1;
        if (!w)
            continue;
        while (!ws_world_done(w) && ws_world_month(w) < m)
            ws_world_step(w);
        out[run - 1] = ind(w, d, WS_I_SUBSTANDARD);
        ws_world_free(w);
    }
    gsl_sort(out, 1, (size_t)runs);
}

/* One month with unlimited capacity, certain application and detection and no sales
 * (neither after a violation nor the market's of private rentals):
 * every private zone dwelling is inspected, every substandard one found and repaired. */
static void known_answer(void)
{
    const char *sets[] = {"/scenario/landlord-permit/@application-rate=1",
                          "/scenario/landlord-permit/@inspections-per-month=1000000",
                          "/scenario/landlord-permit/@detection=1",
                          "/scenario/landlord-permit/@sell-base=0",
                          "/scenario/landlord-permit/@sell-per-10k=0",
                          "/scenario/landlord-permit/@repair-months=4",
                          "/scenario/market/@private-sale-rate=0"};
    ws_scenario *sc = load(BASE, sets, 7);
    if (!sc)
        return;
    const ws_permit_params *p = &sc->permit;
    double threshold = sc->quality.threshold;
    int nd = sc->ndistricts;
    ws_error err;
    ws_world *w = ws_world_alloc(sc, 1, &err);
    if (!w) {
        ws_scenario_free(sc);
        return;
    }
    const ws_stock *st = ws_world_stock(w);
    while (ws_world_month(w) < p->start - 1)
        ws_world_step(w);
    /* Private zone dwellings standing now, or completed in the start month (the
     * woondeal runs before the permit), are inspected; the market runs after. */
    uint8_t *was = malloc((size_t)st->n);
    if (!was) {
        ws_world_free(w);
        ws_scenario_free(sc);
        return;
    }
    for (long i = 0; i < st->n; i++)
        was[i] = (uint8_t)(ws_stock_life(st, i) == WS_LIFE_STANDING) |
                 (uint8_t)((ws_stock_condition_units(st, i) < threshold * 255.0) << 1);
    ws_world_step(w);
    long n = 0, sub = 0;
    for (long i = 0; i < st->n; i++) {
        if (!(st->flags[i] & WS_F_ZONE) || ws_stock_tenure(st, i) != WS_TENURE_PRIVATE ||
            ws_stock_life(st, i) != WS_LIFE_STANDING)
            continue;
        n++;
        sub += (was[i] & 2) != 0;
    }
    CHECK(n > 1000, "%ld private dwellings in the zone", n);
    CHECK(ind(w, nd, WS_I_INSPECTIONS) == n, "start month: %.0f inspections, %ld expected",
          ind(w, nd, WS_I_INSPECTIONS), n);
    CHECK(ind(w, nd, WS_I_VIOLATIONS_FOUND) == sub && sub > 0,
          "start month: %.0f violations, %ld substandard", ind(w, nd, WS_I_VIOLATIONS_FOUND),
          sub);
    CHECK(ind(w, nd, WS_I_PERMITS_ACTIVE) == n - sub, "start month: %.0f permits, %ld",
          ind(w, nd, WS_I_PERMITS_ACTIVE), n - sub);
    CHECK(ind(w, nd, WS_I_FEES_EUR) == n * p->fee_eur, "fees %.0f",
          ind(w, nd, WS_I_FEES_EUR));
    CHECK(ind(w, nd, WS_I_INSPECTION_HOURS) == n * p->hours_per_inspection, "hours %.0f",
          ind(w, nd, WS_I_INSPECTION_HOURS));
    CHECK(ind(w, nd, WS_I_PERMIT_QUEUE) == 0 && ind(w, nd, WS_I_LANDLORD_EXITS) == 0,
          "queue empty, no exits");
    for (int k = 0; k < 4; k++)
        ws_world_step(w);
    /* Repairs take four months: then every dwelling found substandard is repaired and
     * holds its permit. */
    long repaired = 0, missing = 0;
    for (long i = 0; i < st->n; i++) {
        if (!(st->flags[i] & WS_F_ZONE) || ws_stock_tenure(st, i) != WS_TENURE_PRIVATE ||
            !(was[i] & 2) || ws_stock_life(st, i) != WS_LIFE_STANDING)
            continue;
        if ((st->flags[i] & WS_F_PERMIT) && ws_stock_condition_units(st, i) >= threshold * 255.0)
            repaired++;
        else
            missing++;
    }
    CHECK(repaired == sub && missing == 0, "after the repairs: %ld repaired, %ld not",
          repaired, missing);
    free(was);
    ws_world_free(w);
    ws_scenario_free(sc);
}

/* Standing private zone dwellings (occupied ones only if occupied_only) at the permit
 * step of the coming month: those standing now (the market ran last) plus those the
 * woondeal completes at the start of the month. mark[i] remembers which stood before. */
static long eligible_before(const ws_stock *st, uint8_t *mark, int occupied_only)
{
    long n = 0;
    for (long i = 0; i < st->n; i++) {
        mark[i] = ws_stock_life(st, i) == WS_LIFE_STANDING;
        n += mark[i] && (st->flags[i] & WS_F_ZONE) && ws_stock_tenure(st, i) == WS_TENURE_PRIVATE &&
             (!occupied_only || (st->flags[i] & WS_F_OCCUPIED));
    }
    return n;
}

static long completed_private(const ws_stock *st, const uint8_t *mark)
{
    long n = 0;
    for (long i = 0; i < st->n; i++)
        n += !mark[i] && ws_stock_life(st, i) == WS_LIFE_STANDING && (st->flags[i] & WS_F_ZONE) &&
             ws_stock_tenure(st, i) == WS_TENURE_PRIVATE;
    return n; /* completions are occupied */
}

/* The rates are honoured: with no inspections nothing leaves the queues, so a month's
 * growth of permit_queue is its applications (before start + grace) or its tips (with
 * application-rate 0), and each eligible dwelling is drawn independently with the rate:
 * the count is Binomial(eligible, rate). Checked in mean (z-score of the total) and in
 * dispersion (the mean squared standardised deviation over run-months, about 1 if the
 * draws are independent per dwelling). */
static void rates_honoured(int tips)
{
    const char *sets[] = {"/scenario/landlord-permit/@inspections-per-month=0",
                          tips ? "/scenario/landlord-permit/@application-rate=0"
                               : "/scenario/landlord-permit/@application-rate=0.15",
                          "/scenario/landlord-permit/@tip-rate=0.2"};
    ws_scenario *sc = load(BASE, sets, 3);
    if (!sc)
        return;
    const ws_permit_params *p = &sc->permit;
    double rate = tips ? p->tip_rate : p->application_rate;
    /* Applications: the months before the tips start; tips: their first month (after it
     * the queue holds tipped dwellings that may be vacant, which cannot be counted). */
    ws_month first = tips ? p->start + p->grace_months : p->start;
    ws_month last = tips ? first : p->start + p->grace_months - 1;
    int nd = sc->ndistricts, terms = 0;
    double drawn = 0, expected = 0, var = 0, chi2 = 0;
    for (int run = 1; run <= 100; run++) {
        ws_error err;
        ws_world *w = ws_world_alloc(sc, run, &err);
        if (!w)
            break;
        const ws_stock *st = ws_world_stock(w);
        uint8_t *mark = malloc((size_t)st->cap);
        while (mark && ws_world_month(w) < last) {
            int counted = ws_world_month(w) + 1 >= first;
            long n = counted ? eligible_before(st, mark, tips) : 0;
            double q0 = ind(w, nd, WS_I_PERMIT_QUEUE);
            ws_world_step(w);
            if (!counted)
                continue;
            n += completed_private(st, mark);
            /* Queued dwellings are not eligible again (applications only; none for the
             * first month of tips). */
            n -= tips ? 0 : (long)q0;
            double k = ind(w, nd, WS_I_PERMIT_QUEUE) - q0;
            double mu = rate * n, v = rate * (1 - rate) * n;
            drawn += k;
            expected += mu;
            var += v;
            if (v > 0) {
                chi2 += (k - mu) * (k - mu) / v;
                terms++;
            }
        }
        free(mark);
        ws_world_free(w);
    }
    double z = (drawn - expected) / sqrt(var > 0 ? var : 1);
    printf("%s: %.0f drawn, %.1f expected (z = %.2f), dispersion %.2f over %d run-months\n",
           tips ? "tips" : "applications", drawn, expected, z, chi2 / (terms ? terms : 1),
           terms);
    CHECK(expected > 1000 && z > -4 && z < 4, "%s: %.0f drawn, %.1f expected, z %.2f",
          tips ? "tips" : "applications", drawn, expected, z);
    /* The dispersion's sd is about sqrt(2 / terms); four of them either way. */
    double dev = fabs(chi2 / (terms ? terms : 1) - 1);
    CHECK(terms >= 100 && dev < 4 * sqrt(2.0 / terms),
          "%s: dispersion %.2f over %d run-months", tips ? "tips" : "applications",
          chi2 / (terms ? terms : 1), terms);
    ws_scenario_free(sc);
}

/* ws_zones on a stock of 40 dwellings whose zone is three runs (3..12, 20..29, 35..39),
 * all standing private rent except the owner-occupied 5 and 22: slot numbering, the
 * candidate list built and extended in slot order, the calendar's buckets and the
 * queues' order. */
static void zone_slots(void)
{
    ws_stock *st = ws_stock_alloc(40, 1);
    CHECK(st != NULL, "stock");
    if (!st)
        return;
    st->n = 40;
    for (long i = 0; i < st->n; i++) {
        st->flags[i] = 0;
        st->landlord[i] = (uint32_t)i + 1;
        ws_stock_set_life(st, i, WS_LIFE_STANDING);
        ws_stock_set_tenure(st, i, i == 5 || i == 22 ? WS_TENURE_OWNER : WS_TENURE_PRIVATE);
        if ((i >= 3 && i <= 12) || (i >= 20 && i <= 29) || i >= 35)
            st->flags[i] |= WS_F_ZONE;
    }
    ws_zones z;
    CHECK(ws_zones_init(&z, st, -1) == WS_OK && z.nzone == 25 && z.nrange == 3 && !z.state,
          "counting only: %ld slots in %ld runs", z.nzone, z.nrange);
    ws_zones_clear(&z);
    CHECK(ws_zones_init(&z, st, 6) == WS_OK && z.state != NULL, "slots");
    int ok = 1;
    for (int32_t s = 0; s < z.nzone; s++)
        ok &= ws_zones_slot(&z, ws_zones_dwelling(&z, s)) == s &&
              (st->flags[ws_zones_dwelling(&z, s)] & WS_F_ZONE);
    CHECK(ok && ws_zones_dwelling(&z, 10) == 20 && ws_zones_dwelling(&z, 20) == 35,
          "slot numbering");
    ws_zones_rebuild(&z, st, NULL, NULL); /* no permits yet: settle is never called */
    long listed = 0, last = -1;
    for (int32_t s = z.cand; s >= 0; last = s, s = z.next[s], listed++)
        ok &= s > last && ws_zones_let_privately(st, ws_zones_dwelling(&z, s));
    CHECK(ok && listed == 23, "candidates in slot order: %ld", listed);
    char msg[160] = "";
    CHECK(ws_zones_check(&z, st, msg, sizeof msg) == 0, "check: %s", msg);
    /* Dwelling 22 becomes private rent: a candidate in its place. */
    ws_stock_set_tenure(st, 22, WS_TENURE_PRIVATE);
    CHECK(ws_zones_check(&z, st, msg, sizeof msg) == 1, "the unreported let is noticed");
    ws_zones_cand_insert(&z, ws_zones_slot(&z, 22));
    CHECK(ws_zones_check(&z, st, msg, sizeof msg) == 0, "after the insertion: %s", msg);
    /* Queues: first in, first out; the calendar: a bucket is a stack, a removal from
     * its middle keeps the rest. */
    z.cand = -1; /* the list is not used below */
    for (int32_t s = 0; s < z.nzone; s++)
        z.state[s] = WS_SLOT_NONE;
    ws_zones_enqueue(&z, 4, WS_QUEUE_RENEWAL);
    ws_zones_enqueue(&z, 2, WS_QUEUE_RENEWAL);
    CHECK(ws_zones_state(&z, 4) == WS_SLOT_QUEUED && z.queue[WS_QUEUE_RENEWAL].len == 2 &&
              ws_zones_dequeue(&z, WS_QUEUE_RENEWAL) == 4 &&
              ws_zones_dequeue(&z, WS_QUEUE_RENEWAL) == 2,
          "queue order");
    for (int32_t s = 5; s < 8; s++) {
        ws_zones_set_state(&z, s, WS_SLOT_PERMIT);
        ws_zones_cal_insert(&z, s, 3);
    }
    ws_zones_cal_insert(&z, 9, 6); /* after the last month: not stored */
    ws_zones_cal_remove(&z, 6);
    CHECK(z.bucket[3] == 7 && z.next[7] == 5 && z.next[5] == -1 &&
              !(z.state[6] & WS_SLOT_CAL) && !(z.state[9] & WS_SLOT_CAL),
          "calendar");
    ws_zones_cal_insert(&z, 5, 1); /* rescheduled */
    CHECK(z.bucket[3] == 7 && z.next[7] == -1 && z.bucket[1] == 5, "rescheduled");
    ws_zones_clear(&z);
    ws_stock_free(st);
}

int main(void)
{
    zone_slots();
    ws_scenario *sc = load(BASE, NULL, 0);
    ws_scenario *np = load("scenarios/no-permit.xml", NULL, 0);
    if (!sc || !np)
        return CHECK_DONE("permit");
    int nd = sc->ndistricts;

    /* The default scenario over 20 runs. */
    tally t;
    run_checked(sc, 20, &t);
    CHECK(t.exits > 0 && t.violations > t.exits && t.fines > 0,
          "exits %.0f, violations %.0f, fines %.0f", t.exits, t.violations, t.fines);
    CHECK(t.max_queue > 0, "the capacity makes a queue");

    /* No permit regime: zones still flagged, nothing else. */
    run_checked(np, 2, &t);
    CHECK(t.inspections == 0 && t.exits == 0 && t.violations == 0, "no-permit is silent");

    /* Zones widened to all five districts: every private dwelling is in a zone. */
    const char *wide[] = {ALL_ZONES};
    ws_scenario *all = load(BASE, wide, 1);
    if (all) {
        ws_error err;
        ws_world *a = ws_world_alloc(all, 1, &err), *b = ws_world_alloc(sc, 1, &err);
        int same = 1, permits_everywhere = 1;
        double first_all = 0, first_base = 0;
        while (a && b && !ws_world_done(a)) {
            ws_world_step(a);
            ws_world_step(b);
            same &= ind(a, nd, WS_I_PRIVATE_IN_ZONE) == ind(a, nd, WS_I_PRIVATE);
            if (first_all == 0) {
                first_all = ind(a, nd, WS_I_PRIVATE_IN_ZONE);
                first_base = ind(b, nd, WS_I_PRIVATE_IN_ZONE);
            }
        }
        for (int d = 0; a && d < nd; d++)
            permits_everywhere &= ind(a, d, WS_I_PERMITS_ACTIVE) > 0;
        CHECK(same, "wide zones: private_in_zone = private every month");
        CHECK(first_all > 1.5 * first_base, "wide zones: %.0f private in zones, default %.0f",
              first_all, first_base);
        CHECK(permits_everywhere, "wide zones: permits in every district");
        ws_world_free(a);
        ws_world_free(b);
        run_checked(all, 2, &t);
        ws_scenario_free(all);
    }

    /* Zones in two separate parts of the stock and no buy-to-let protection: dwellings
     * let from outside (buy-to-let, completions) join the candidate list in each part
     * (ws_permit_let; the SAN build checks the list against a recount every month). */
    const char *split[] = {"/scenario/landlord-permit/@zones=vlietzone camminghaburen",
                           "/scenario/market/@protection-start=2042-12"};
    ws_scenario *sp = load(BASE, split, 2);
    if (sp) {
        run_checked(sp, 2, &t);
        ws_error err;
        ws_world *a = ws_world_alloc(sp, 1, &err);
        int oo = ws_scenario_district(sp, "oud-oost"), cam = ws_scenario_district(sp, "camminghaburen");
        double btl[2] = {0, 0};
        while (a && !ws_world_done(a)) {
            ws_world_step(a);
            btl[0] += ind(a, oo, WS_I_BUY_TO_LET);
            btl[1] += ind(a, cam, WS_I_BUY_TO_LET);
        }
        CHECK(a && btl[0] > 50 && btl[1] > 50 && ind(a, cam, WS_I_PERMITS_ACTIVE) > 100,
              "split zones: buy-to-let %.0f and %.0f, permits in camminghaburen %.0f", btl[0],
              btl[1], a ? ind(a, cam, WS_I_PERMITS_ACTIVE) : 0);
        ws_world_free(a);
        ws_scenario_free(sp);
    }

    /* Edge cases: no capacity (a queue that only grows), one-month permits (renewals
     * every month), zero repair time. */
    const char *cap0[] = {"/scenario/landlord-permit/@inspections-per-month=0"};
    ws_scenario *e = load(BASE, cap0, 1);
    if (e) {
        run_checked(e, 2, &t);
        CHECK(t.inspections == 0 && t.violations == 0 && t.exits == 0 && t.max_queue > 1000,
              "capacity 0: inspections %.0f, queue up to %.0f", t.inspections, t.max_queue);
        ws_scenario_free(e);
    }
    const char *short_[] = {"/scenario/landlord-permit/@validity-years=0.1",
                            "/scenario/landlord-permit/@repair-months=0"};
    e = load(BASE, short_, 2);
    if (e) {
        run_checked(e, 2, &t);
        /* Renewals alone fill the capacity every month from the start. */
        double full = 2.0 * (e->end - e->permit.start + 1) * e->permit.inspections_per_month;
        CHECK(t.inspections > 0.95 * full, "one-month permits: %.0f inspections of %.0f",
              t.inspections, full);
        ws_scenario_free(e);
    }
    known_answer();
    rates_honoured(0);
    rates_honoured(1);

    /* The effect: substandard dwellings in Oud-Oost at 2030-12 over 100 runs. */
    enum { RUNS = 100 };
    double with[RUNS], without[RUNS];
    int oo = ws_scenario_district(sc, "oud-oost");
    ws_month m2030;
    CHECK(oo >= 0 && ws_month_parse("2030-12", &m2030) == 0, "oud-oost, 2030-12");
    substandard_at(sc, oo, m2030, RUNS, with);
    substandard_at(np, oo, m2030, RUNS, without);
    double q[2][3];
    for (int k = 0; k < 2; k++) {
        const double *x = k ? without : with;
        q[k][0] = gsl_stats_quantile_from_sorted_data(x, 1, RUNS, 0.05);
        q[k][1] = gsl_stats_median_from_sorted_data(x, 1, RUNS);
        q[k][2] = gsl_stats_quantile_from_sorted_data(x, 1, RUNS, 0.95);
    }
    printf("substandard oud-oost 2030-12 over %d runs: permit median %.1f (5-95%% %.1f-%.1f), "
           "no-permit median %.1f (5-95%% %.1f-%.1f)\n",
           RUNS, q[0][1], q[0][0], q[0][2], q[1][1], q[1][0], q[1][2]);
    CHECK(q[0][1] < q[1][1], "median substandard with permit %.1f < without %.1f", q[0][1],
          q[1][1]);
    ws_scenario_free(sc);
    ws_scenario_free(np);
    return CHECK_DONE("permit");
}
