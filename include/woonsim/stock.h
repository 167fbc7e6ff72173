/* woonsim stock: the dwelling agents as a struct of arrays of small integer types,
 * allocated once for the whole run (initial stock plus every dwelling the woondeal
 * projects can build). Read-only outside the core: the world changes it. */
#ifndef WOONSIM_STOCK_H
#define WOONSIM_STOCK_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

#include "woonsim/rng.h"
#include "woonsim/scenario.h"

/* Lifecycle of a dwelling. */
enum { WS_LIFE_PLANNED, WS_LIFE_BUILDING, WS_LIFE_STANDING, WS_LIFE_DEMOLISHED };

/* Retrofit state (process 3). */
enum { WS_RETRO_NONE, WS_RETRO_OFFERED, WS_RETRO_ADOPTED, WS_RETRO_WAITING, WS_RETRO_WORKS,
       WS_RETRO_DONE, WS_RETRO_DECLINED, WS_RETRO_DROPPED };

/* The status byte of a dwelling (ws_stock.flags): four flags, its lifecycle and its
 * tenure. Every event reads them together: one byte array, one cache line per dwelling
 * instead of three on a large stock. Read life and tenure with ws_stock_life and
 * ws_stock_tenure, change them with ws_stock_set_life and ws_stock_set_tenure. */
#define WS_F_OCCUPIED 0x01u
#define WS_F_POOR 0x02u      /* energy-poor household (cached for running totals) */
#define WS_F_ZONE 0x04u      /* in a landlord-permit zone */
#define WS_F_PERMIT 0x08u    /* landlord holds a valid permit */
#define WS_F_LIFE_SHIFT 4
#define WS_F_LIFE (3u << WS_F_LIFE_SHIFT)     /* WS_LIFE_* */
#define WS_F_TENURE_SHIFT 6
#define WS_F_TENURE (3u << WS_F_TENURE_SHIFT) /* WS_TENURE_* */

typedef struct ws_stock {
    long n;          /* dwellings in use (all lifecycles) */
    long cap;        /* allocated */
    uint16_t *nbh;   /* neighbourhood index */
    uint16_t *qx, *qy; /* position, quantised in the neighbourhood's bounding box */
    uint8_t *fabric;        /* dwelling type (low 4 bits) and heating system (high 4 bits),
                               read together by the energy accounting: ws_stock_type and
                               ws_stock_heating */
    uint8_t *period, *income_band;
    uint8_t *flags;         /* status byte: WS_F_* flags, life and tenure (above) */
    uint8_t *retrofit;      /* WS_RETRO_* */
    uint8_t *household;     /* household type (WS_HH_*), drawn with the household */
    uint16_t *condition;    /* condition + decay_offset, in 1/255 (see ws_stock_condition) */
    uint16_t *floor_area;   /* m2 */
    uint16_t *energy_index; /* kWh/m2.yr */
    uint16_t *income;       /* household income, units of 10 EUR/yr */
    uint32_t *landlord;     /* private landlord id, 0 for none */
    uint32_t landlords;     /* the ids in use are 1 .. landlords (a new one is the next) */
    uint8_t *review;        /* year (from the start year) the household's energy poverty
                               is next re-decided at that year's prices, 255: never */
    double *bbox;           /* 4 per neighbourhood: x0, y0, x1, y1 */
    int *map_area;          /* per neighbourhood: its polygon in the scenario's map, or -1 */
    struct ws_place_spans **place_spans; /* per neighbourhood: positions by scan lines
                                            (sim/place.c), made on first need */
    int nnbh;
    /* Decay of condition is kept implicit: every dwelling loses the same amount a year,
     * so the stored value is the condition plus the decay so far, and a year's decay is
     * one addition here instead of a pass over the stock. */
    int decay_offset;
} ws_stock;

_Static_assert(WS_NTENURE <= 4 && WS_LIFE_DEMOLISHED <= 3, "status byte fields");
_Static_assert(WS_NTYPE <= 16 && WS_NHEAT <= 16, "fabric byte fields");

static inline int ws_stock_type(const ws_stock *st, long i)
{
    return st->fabric[i] & 15;
}

static inline int ws_stock_heating(const ws_stock *st, long i)
{
    return st->fabric[i] >> 4;
}

static inline void ws_stock_set_heating(ws_stock *st, long i, int heating)
{
    st->fabric[i] = (uint8_t)((st->fabric[i] & 15) | (unsigned)heating << 4);
}

/* 1 if dwelling i's household has children living at home (a family or a single
 * parent): the households the energy_poor_children indicator counts. */
static inline int ws_stock_children(const ws_stock *st, long i)
{
    return st->household[i] == WS_HH_FAMILY || st->household[i] == WS_HH_SINGLE_PARENT;
}

static inline int ws_stock_life(const ws_stock *st, long i)
{
    return (st->flags[i] & WS_F_LIFE) >> WS_F_LIFE_SHIFT;
}

static inline int ws_stock_tenure(const ws_stock *st, long i)
{
    return st->flags[i] >> WS_F_TENURE_SHIFT;
}

static inline void ws_stock_set_life(ws_stock *st, long i, int life)
{
    st->flags[i] = (uint8_t)((st->flags[i] & ~WS_F_LIFE) | (unsigned)life << WS_F_LIFE_SHIFT);
}

static inline void ws_stock_set_tenure(ws_stock *st, long i, int tenure)
{
    st->flags[i] =
        (uint8_t)((st->flags[i] & ~WS_F_TENURE) | (unsigned)tenure << WS_F_TENURE_SHIFT);
}

/* Allocates a stock for cap dwellings and nnbh neighbourhoods, n = 0. Returns NULL when
 * out of memory. */
ws_stock *ws_stock_alloc(long cap, int nnbh);

/* Releases a stock; NULL is allowed. */
void ws_stock_free(ws_stock *st);

/* Copies the first src->n dwellings (every attribute) and the layout of src into dst,
 * which has at least that capacity and the same neighbourhoods. */
void ws_stock_copy(ws_stock *dst, const ws_stock *src);

/* Generates the initial stock of sc (composition tables, label and income mixes,
 * floor areas, conditions, positions inside the map polygons) from rng. Every dwelling
 * is standing and occupied. Here and below rng must be of type ws_rng_type (its state
 * is read directly). Returns WS_OK, WS_ENOMEM (capacity too small) or WS_ERUNTIME
 * (another generator type). */
int ws_stock_generate(ws_stock *st, const ws_scenario *sc, gsl_rng *rng);

/* Appends one planned dwelling in neighbourhood nbh with the given attributes (label
 * from the "new" period mix, position inside the polygon). Returns its index, or -1 when
 * the capacity is exhausted. */
long ws_stock_add(ws_stock *st, const ws_scenario *sc, int nbh, int type, int tenure,
                  double floor_area, gsl_rng *rng);

/* Draws a household for a dwelling of this tenure in nbh: its type, from the scenario's
 * shares for the tenure, and its income (band and amount). */
void ws_stock_draw_household(ws_stock *st, const ws_scenario *sc, long i, gsl_rng *rng);

/* The energy label of an energy index (NTA 8800 bounds). */
int ws_label_of_index(double index);

/* Upper bound of a label's energy index band (A: 160 ... G: the top of the scale). */
double ws_label_upper(int label);

/* The energy index after works that bring it to label (or keep it, when it is already
 * that good): the same relative position inside the new band as inside the old. Used by
 * the retrofit and the corporations' programme alike. */
uint16_t ws_label_move(uint16_t index, int label);

/* Position of dwelling i in RD New metres. */
void ws_stock_position(const ws_stock *st, long i, double *x, double *y);

/* Condition of dwelling i in 1/255 steps (0..255), and as 0..1. */
static inline int ws_stock_condition_units(const ws_stock *st, long i)
{
    int c = (int)st->condition[i] - st->decay_offset;
    return c < 0 ? 0 : c;
}

static inline double ws_stock_condition(const ws_stock *st, long i)
{
    return ws_stock_condition_units(st, i) / 255.0;
}

#endif
