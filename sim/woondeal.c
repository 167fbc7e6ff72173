/* Process 1: the woondeal construction pipeline and the demolition it brings.
 *
 * Each project passes its phases in order (durations lognormal with the scenario's
 * mean and sd, rounded to whole months, at least one; each phase slips with the
 * woondeal's slip probability by a further lognormal delay). Before that, a project's
 * plan may fall away (with its plan status's drop-out probability: it then builds and
 * demolishes nothing) or its start slip by its status's extra delay; planning practice
 * plans about 130 % of the need because plans fall away or slip. At the start of the phase
 * named "construction" (or of the last phase) the project splits into batches, one
 * every batch-interval months; a batch first demolishes its share of the project's
 * demolition (standing social dwellings of the neighbourhood, oldest build period
 * first), then builds for its own construction duration and completes its dwellings.
 * The whole schedule is drawn when the world is created, from the woondeal's own
 * random stream, so the monthly step only looks up what happens this month. The planned
 * dwellings themselves (floor area, label, position, first household) are drawn with
 * the initial stock from the stock's stream (ws_woondeal_plan): like the stock, the
 * plans are the same in every run; when they are built differs. */
#include "ledger.h"
#include "permit.h"
#include "woondeal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

typedef struct {
    ws_month start, end;    /* demolition and construction start; completion */
    int demolish;
    int nbh;
    long first, count;      /* its dwellings in the stock */
    int started, completed;
} batch;

struct ws_woondeal_state {
    int nbatches;
    batch *batches;
    long *nbh_first, *nbh_count; /* initial stock is generated neighbourhood by neighbourhood */
};

static int project_active(const ws_woondeal_params *wd, const ws_project *p)
{
    return wd->enabled && !p->cancelled;
}

long ws_woondeal_capacity(const ws_scenario *sc)
{
    long n = 0;
    for (int k = 0; k < sc->woondeal.nprojects; k++)
        if (project_active(&sc->woondeal, &sc->woondeal.projects[k]))
            n += sc->woondeal.projects[k].dwellings;
    return n;
}

/* A lognormal duration with this mean and sd, in whole months (>= 1). */
static int draw_months(gsl_rng *rng, double mean, double sd)
{
    double m = mean;
    if (sd > 0) {
        double s2 = log1p((sd * sd) / (mean * mean));
        m = gsl_ran_lognormal(rng, log(mean) - s2 / 2, sqrt(s2));
    }
    long r = lround(m);
    return r < 1 ? 1 : r > 1200 ? 1200 : (int)r;
}

static int draw_slip(gsl_rng *rng, const ws_woondeal_params *wd)
{
    if (wd->slip_probability <= 0 || gsl_rng_uniform(rng) >= wd->slip_probability)
        return 0;
    return wd->slip_mean > 0 ? draw_months(rng, wd->slip_mean, wd->slip_sd) : 0;
}

/* Whether project p's plan falls away in this run; if not, its start after the plan
 * status's extra delay (*start). Draws nothing for a status with no drop-out or delay, so
 * a scenario without plan statuses keeps its schedule. */
static int plan_falls_away(gsl_rng *rng, const ws_woondeal_params *wd, const ws_project *p,
                           ws_month *start)
{
    int s = p->status;
    if (wd->plan_dropout[s] > 0 && gsl_rng_uniform(rng) < wd->plan_dropout[s])
        return 1;
    *start = p->start;
    if (wd->plan_delay_mean[s] > 0)
        *start += draw_months(rng, wd->plan_delay_mean[s], wd->plan_delay_sd[s]);
    return 0;
}

/* Dwellings in batch b of project p. */
static long batch_count(const ws_project *p, int b)
{
    return (long)p->dwellings * (b + 1) / p->batches - (long)p->dwellings * b / p->batches;
}

int ws_woondeal_plan(ws_stock *st, const ws_scenario *sc, gsl_rng *rng)
{
    const ws_woondeal_params *wd = &sc->woondeal;
    const double golden = 0.6180339887498949;
    for (int k = 0; k < wd->nprojects; k++) {
        const ws_project *p = &wd->projects[k];
        if (!project_active(wd, p))
            continue;
        long j = 0;
        for (int b = 0; b < p->batches; b++) {
            for (long c = 0, count = batch_count(p, b); c < count; c++, j++) {
                /* Tenure by a golden-ratio sequence: the project's mix, spread evenly
                 * over its batches. */
                double u = fmod((double)(j + 1) * golden, 1.0), acc = 0;
                int tenure = WS_NTENURE - 1;
                for (int tt = 0; tt < WS_NTENURE; tt++) {
                    acc += p->tenure[tt];
                    if (u < acc && p->tenure[tt] > 0) {
                        tenure = tt;
                        break;
                    }
                }
                long i = ws_stock_add(st, sc, p->nbh, p->type, tenure, p->floor_area, rng);
                if (i < 0)
                    return WS_ENOMEM;
                if (tenure == WS_TENURE_PRIVATE)
                    st->landlord[i] = ++st->landlords;
            }
        }
    }
    return WS_OK;
}

int ws_woondeal_alloc(ws_world *w)
{
    const ws_scenario *sc = w->sc;
    const ws_woondeal_params *wd = &sc->woondeal;
    ws_woondeal_state *s = calloc(1, sizeof *s);
    if (!s)
        return WS_ENOMEM;
    w->wd = s;
    int nb = 0;
    for (int k = 0; k < wd->nprojects; k++)
        if (project_active(wd, &wd->projects[k]))
            nb += wd->projects[k].batches;
    s->batches = calloc((size_t)(nb ? nb : 1), sizeof *s->batches);
    s->nbh_first = calloc((size_t)sc->nnbh + 1, sizeof *s->nbh_first);
    s->nbh_count = calloc((size_t)sc->nnbh + 1, sizeof *s->nbh_count);
    if (!s->batches || !s->nbh_first || !s->nbh_count)
        return WS_ENOMEM;
    ws_stock *st = w->st;
    /* The planned dwellings follow the initial stock, project by project and batch by
     * batch (ws_woondeal_plan). */
    long first = st->n - ws_woondeal_capacity(sc);
    for (long i = first - 1; i >= 0; i--) {
        s->nbh_first[st->nbh[i]] = i;
        s->nbh_count[st->nbh[i]]++;
    }
    gsl_rng *rng = w->rng[WS_RNG_WOONDEAL];
    for (int k = 0; k < wd->nprojects; k++) {
        const ws_project *p = &wd->projects[k];
        if (!project_active(wd, p))
            continue;
        ws_month t;
        if (plan_falls_away(rng, wd, p, &t)) {
            /* Its planned dwellings stay in the stock (the same in every run), unbuilt. */
            first += p->dwellings;
            continue;
        }
        int construction = p->nphases - 1;
        for (int ph = 0; ph < p->nphases; ph++)
            if (strcmp(p->phase_name[ph], "construction") == 0)
                construction = ph;
        for (int ph = 0; ph < construction; ph++)
            t += draw_months(rng, p->phase_mean[ph], p->phase_sd[ph]) + draw_slip(rng, wd);
        /* Batches start batch-interval months apart (default half a construction
         * phase), so a project's batches overlap like the phases of a real renewal. */
        double interval =
            p->batch_interval >= 0 ? p->batch_interval : p->phase_mean[construction] / 2.0;
        for (int b = 0; b < p->batches; b++) {
            batch *bt = &s->batches[s->nbatches++];
            bt->start = t + (ws_month)lround(b * interval);
            bt->start += draw_slip(rng, wd);
            int dur = draw_months(rng, p->phase_mean[construction], p->phase_sd[construction]);
            for (int ph = construction + 1; ph < p->nphases; ph++)
                dur += draw_months(rng, p->phase_mean[ph], p->phase_sd[ph]);
            bt->end = bt->start + dur + draw_slip(rng, wd);
            bt->demolish = (int)((long)p->demolish * (b + 1) / p->batches -
                                 (long)p->demolish * b / p->batches);
            long count = batch_count(p, b);
            bt->first = first;
            bt->nbh = p->nbh;
            bt->count = count;
            first += count;
            w->pipeline[sc->nbh[p->nbh].district] += count;
        }
    }
    return WS_OK;
}

void ws_woondeal_free(ws_world *w)
{
    if (!w->wd)
        return;
    free(w->wd->batches);
    free(w->wd->nbh_first);
    free(w->wd->nbh_count);
    free(w->wd);
    w->wd = NULL;
}

/* Demolishes up to n standing social dwellings of neighbourhood b, oldest period first. */
static void demolish(ws_world *w, int b, int n)
{
    ws_stock *st = w->st;
    long first = w->wd->nbh_first[b], count = w->wd->nbh_count[b];
    for (int period = 0; period < WS_NPERIOD && n > 0; period++) {
        for (long i = first; i < first + count && n > 0; i++) {
            if (ws_stock_life(st, i) != WS_LIFE_STANDING || ws_stock_tenure(st, i) != WS_TENURE_SOCIAL ||
                st->period[i] != period)
                continue;
            ws_ledger_account(w, i, -1);
            ws_stock_set_life(st, i, WS_LIFE_DEMOLISHED);
            st->flags[i] &= (uint8_t)~WS_F_OCCUPIED;
            ws_ledger_count(w, ws_w_district(w, i), WS_I_DEMOLITIONS, 1);
            n--;
        }
    }
}

int ws_woondeal_step(ws_world *w)
{
    ws_woondeal_state *s = w->wd;
    ws_stock *st = w->st;
    for (int k = 0; k < s->nbatches; k++) {
        batch *bt = &s->batches[k];
        if (!bt->started && bt->start <= w->month) {
            bt->started = 1;
            if (bt->demolish > 0)
                demolish(w, bt->nbh, bt->demolish);
            for (long i = bt->first; i < bt->first + bt->count; i++)
                ws_stock_set_life(st, i, WS_LIFE_BUILDING);
        }
        if (bt->started && !bt->completed && bt->end <= w->month) {
            bt->completed = 1;
            for (long i = bt->first; i < bt->first + bt->count; i++) {
                /* new: condition 1 from today */
                ws_ledger_set_condition(w, ws_w_district(w, i), i, 255);
                ws_stock_set_life(st, i, WS_LIFE_STANDING);
                st->flags[i] |= WS_F_OCCUPIED;
                ws_ledger_account(w, i, +1);
                ws_permit_let(w, i); /* if private rent */
                int d = ws_w_district(w, i);
                ws_ledger_count(w, d, WS_I_COMPLETIONS, 1);
                w->pipeline[d]--;
            }
        }
    }
    return WS_OK;
}
