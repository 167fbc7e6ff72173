/* Dwelling stock: allocation, generation from the composition tables, new dwellings. */
#include "woonsim/stock.h"
#include "woonsim/map.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

/* NTA 8800 label bounds on the primary fossil energy index, kWh/m2.yr. The bottom of A
 * and the top of G are the model's own limits of the scale. */
static const double label_upper[WS_NLABEL] = {105, 160, 190, 250, 290, 335, 450};
static const double index_floor = 40;

int ws_label_of_index(double index)
{
    for (int l = 0; l < WS_NLABEL - 1; l++)
        if (index <= label_upper[l])
            return l;
    return WS_LABEL_G;
}

double ws_label_upper(int label)
{
    return label_upper[label < 0 ? 0 : label >= WS_NLABEL ? WS_NLABEL - 1 : label];
}

ws_stock *ws_stock_alloc(long cap, int nnbh)
{
    ws_stock *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    size_t c = (size_t)(cap > 0 ? cap : 1);
    st->cap = cap;
    st->nnbh = nnbh;
    st->nbh = malloc(c * sizeof *st->nbh);
    st->qx = malloc(c * sizeof *st->qx);
    st->qy = malloc(c * sizeof *st->qy);
    /* The eight byte-wide attributes share one block. */
    st->type = malloc(c * 8);
    st->condition = malloc(c * sizeof *st->condition);
    st->floor_area = malloc(c * sizeof *st->floor_area);
    st->energy_index = malloc(c * sizeof *st->energy_index);
    st->income = malloc(c * sizeof *st->income);
    st->landlord = malloc(c * sizeof *st->landlord);
    st->review = malloc(c * sizeof *st->review);
    st->bbox = calloc((size_t)(nnbh > 0 ? nnbh : 1) * 4, sizeof *st->bbox);
    st->map_area = calloc((size_t)(nnbh > 0 ? nnbh : 1), sizeof *st->map_area);
    if (!st->nbh || !st->qx || !st->qy || !st->type || !st->floor_area ||
        !st->energy_index || !st->income || !st->landlord || !st->review || !st->condition ||
        !st->bbox || !st->map_area) {
        ws_stock_free(st);
        return NULL;
    }
    st->period = st->type + c;
    st->tenure = st->type + 2 * c;
    st->heating = st->type + 3 * c;
    st->income_band = st->type + 4 * c;
    st->life = st->type + 5 * c;
    st->flags = st->type + 6 * c;
    st->retrofit = st->type + 7 * c;
    return st;
}

void ws_stock_free(ws_stock *st)
{
    if (!st)
        return;
    free(st->nbh);
    free(st->qx);
    free(st->qy);
    free(st->type);
    free(st->floor_area);
    free(st->energy_index);
    free(st->income);
    free(st->landlord);
    free(st->review);
    free(st->condition);
    free(st->bbox);
    free(st->map_area);
    free(st);
}

static double rng_uniform(void *state)
{
    return gsl_rng_uniform((gsl_rng *)state);
}

/* Index drawn from shares (which sum to 1). */
static int draw_share(const double *share, int n, gsl_rng *rng)
{
    double u = gsl_rng_uniform(rng), acc = 0;
    int last = 0;
    for (int k = 0; k < n; k++) {
        if (share[k] <= 0)
            continue;
        acc += share[k];
        last = k;
        if (u < acc)
            return k;
    }
    return last;
}

static uint16_t quantise(double v, double lo, double hi)
{
    double f = hi > lo ? (v - lo) / (hi - lo) : 0.5;
    long q = f <= 0 ? 0 : ws_round(f * 65535.0);
    return (uint16_t)(q < 0 ? 0 : q > 65535 ? 65535 : q);
}

void ws_stock_position(const ws_stock *st, long i, double *x, double *y)
{
    const double *b = st->bbox + 4 * st->nbh[i];
    *x = b[0] + (b[2] - b[0]) * st->qx[i] / 65535.0;
    *y = b[1] + (b[3] - b[1]) * st->qy[i] / 65535.0;
}

static void place(ws_stock *st, const ws_scenario *sc, long i, gsl_rng *rng)
{
    const double *b = st->bbox + 4 * st->nbh[i];
    double x, y;
    const ws_map *map = sc->map;
    int a = map ? st->map_area[st->nbh[i]] : -1;
    if (a >= 0) {
        ws_point p = ws_map_sample(&map->areas[a], rng_uniform, rng);
        x = p.x;
        y = p.y;
    } else {
        x = b[0] + (b[2] - b[0]) * gsl_rng_uniform(rng);
        y = b[1] + (b[3] - b[1]) * gsl_rng_uniform(rng);
    }
    st->qx[i] = quantise(x, b[0], b[2]);
    st->qy[i] = quantise(y, b[1], b[3]);
}

void ws_stock_draw_household(ws_stock *st, const ws_scenario *sc, long i, gsl_rng *rng)
{
    int band = draw_share(sc->nbh[st->nbh[i]].income_mix[st->tenure[i]], WS_NINCOME, rng);
    double mean = sc->energy.income[band];
    double inc = mean * (1 + sc->energy.income_spread * gsl_ran_gaussian_ziggurat(rng, 1.0));
    if (inc < 0.3 * mean)
        inc = 0.3 * mean;
    st->income_band[i] = (uint8_t)band;
    long units = ws_round(inc / 10);
    st->income[i] = (uint16_t)(units > 65535 ? 65535 : units);
}

static double draw_condition(const ws_scenario *sc, int tenure, gsl_rng *rng)
{
    double c = sc->quality.mean[tenure] + sc->quality.sd[tenure] * gsl_ran_gaussian_ziggurat(rng, 1.0);
    return c < 0 ? 0 : c > 1 ? 1 : c;
}

/* Fills the attributes of dwelling i that depend on its type, tenure, period and area. */
static void fill(ws_stock *st, const ws_scenario *sc, long i, int nbh, int type, int tenure,
                 int period, double mean_area, gsl_rng *rng)
{
    st->nbh[i] = (uint16_t)nbh;
    st->type[i] = (uint8_t)type;
    st->tenure[i] = (uint8_t)tenure;
    st->period[i] = (uint8_t)period;
    double area = mean_area * (1 + 0.1 * gsl_ran_gaussian_ziggurat(rng, 1.0));
    area = area < 15 ? 15 : area > 1500 ? 1500 : area;
    st->floor_area[i] = (uint16_t)ws_round(area);
    int label = draw_share(sc->nbh[nbh].label_mix[period], WS_NLABEL, rng);
    double lo = label == 0 ? index_floor : label_upper[label - 1];
    /* Strictly inside the band so that rounding keeps the label. */
    double idx = lo + 0.5 + (label_upper[label] - lo - 1) * gsl_rng_uniform(rng);
    st->energy_index[i] = (uint16_t)ws_round(idx);
    st->heating[i] = period == WS_PERIOD_NEW ? WS_HEAT_PUMP : WS_HEAT_GAS;
    st->condition[i] = (uint16_t)(st->decay_offset +
                                  ws_round(255 * (period == WS_PERIOD_NEW
                                                    ? 1.0
                                                    : draw_condition(sc, tenure, rng))));
    st->retrofit[i] = WS_RETRO_NONE;
    st->landlord[i] = 0;
    st->review[i] = 255;
    st->flags[i] = 0;
    ws_stock_draw_household(st, sc, i, rng);
    place(st, sc, i, rng);
}

static void set_bboxes(ws_stock *st, const ws_scenario *sc)
{
    int cols = (int)ceil(sqrt(sc->nnbh > 0 ? sc->nnbh : 1));
    for (int b = 0; b < sc->nnbh; b++) {
        double *bb = st->bbox + 4 * b;
        int a = sc->map ? ws_map_find(sc->map, sc->nbh[b].id) : -1;
        st->map_area[b] = a;
        if (a >= 0) {
            const ws_map_area *ar = &sc->map->areas[a];
            bb[0] = ar->x0;
            bb[1] = ar->y0;
            bb[2] = ar->x1;
            bb[3] = ar->y1;
        } else {
            /* No map: a square kilometre per neighbourhood on a grid. */
            bb[0] = 1000.0 * (b % cols);
            bb[1] = 1000.0 * (b / cols);
            bb[2] = bb[0] + 1000;
            bb[3] = bb[1] + 1000;
        }
    }
}

int ws_stock_generate(ws_stock *st, const ws_scenario *sc, gsl_rng *rng)
{
    set_bboxes(st, sc);
    st->n = 0;
    long total = 0;
    for (int g = 0; g < sc->ngroups; g++)
        total += sc->groups[g].count;
    if (total > st->cap)
        return WS_ENOMEM;
    /* Private dwellings are handed to landlords in order; a landlord's portfolio size is
     * geometric with the scenario's mean, so a few landlords own many dwellings. */
    uint32_t landlord = 0;
    long left_in_portfolio = 0;
    double pf = sc->market.landlord_portfolio;
    for (int b = 0; b < sc->nnbh; b++) {
        const ws_neighbourhood *nb = &sc->nbh[b];
        for (int g = nb->group0; g < nb->group0 + nb->ngroups; g++) {
            const ws_stock_group *gr = &sc->groups[g];
            for (int k = 0; k < gr->count; k++) {
                long i = st->n++;
                fill(st, sc, i, b, gr->type, gr->tenure, gr->period, gr->floor_area, rng);
                st->life[i] = WS_LIFE_STANDING;
                st->flags[i] |= WS_F_OCCUPIED;
                if (gr->tenure == WS_TENURE_PRIVATE) {
                    if (left_in_portfolio <= 0) {
                        landlord++;
                        left_in_portfolio = pf <= 1 ? 1 : (long)gsl_ran_geometric(rng, 1 / pf);
                    }
                    st->landlord[i] = landlord;
                    left_in_portfolio--;
                }
            }
        }
    }
    return WS_OK;
}

long ws_stock_add(ws_stock *st, const ws_scenario *sc, int nbh, int type, int tenure,
                  double floor_area, gsl_rng *rng)
{
    if (st->n >= st->cap)
        return -1;
    long i = st->n++;
    fill(st, sc, i, nbh, type, tenure, WS_PERIOD_NEW, floor_area, rng);
    st->life[i] = WS_LIFE_PLANNED;
    st->flags[i] = WS_F_BUILT;
    return i;
}
