/* The landlord permit's bookkeeping of the zone's dwellings (sim/permit_zones.c): the
 * dwellings numbered as slots, a state byte per slot, a calendar of month buckets, the
 * three queues and the candidate list, all linked through one pair of links. No rules
 * and no random numbers: what happens to a slot is decided in sim/permit.c. Internal to
 * the core. */
#ifndef WOONSIM_PERMIT_ZONES_H
#define WOONSIM_PERMIT_ZONES_H

#include <stddef.h>
#include <stdint.h>

#include "woonsim/stock.h"

/* What a zone slot is doing: the low two bits of its state byte. */
enum {
    WS_SLOT_NONE,   /* no permit, nothing pending */
    WS_SLOT_QUEUED, /* in one of the queues (with its permit, if a renewal) */
    WS_SLOT_REPAIR, /* repairing after a violation; permit once done */
    WS_SLOT_PERMIT  /* holds a permit; its expiry is in the calendar */
};
#define WS_SLOT_MASK 0x03u
#define WS_SLOT_CAL 0x40u  /* has an event in the calendar (expiry if PERMIT, else repair) */
#define WS_SLOT_CAND 0x80u /* in the candidate list (the high bit: see ws_zones_rebuild) */

/* The queues, in the order inspections serve them. */
enum { WS_QUEUE_APPLICATION, WS_QUEUE_RENEWAL, WS_QUEUE_ENFORCEMENT, WS_NQUEUE };

typedef struct {
    int32_t head, tail; /* first come, first served; linked through next */
    long len;
} ws_zones_fifo;

/* The zone's dwellings are numbered as slots (runs of consecutive stock indices, so no
 * per-slot dwelling index is stored). Each slot is in at most one of: the candidate
 * list (NONE), a queue (QUEUED), the calendar (PERMIT, REPAIR), so one pair of links
 * serves all three; prev is used by the calendar only (a lapsed permit leaves it from
 * the middle), and the first slot of month m's bucket has prev -2 - m. About 13 bytes
 * per zone slot. */
typedef struct {
    long nzone;          /* dwellings (any tenure and lifecycle) in zone neighbourhoods */
    long nrange;         /* runs of consecutive zone dwellings in the stock */
    long *range_slot;    /* nrange + 1: first slot of each run; nzone at the end */
    long *range_first;   /* nrange: stock index of each run's first slot */
    uint8_t *state;      /* WS_SLOT_* | WS_SLOT_CAL | WS_SLOT_CAND */
    uint32_t *landlord;  /* landlord the slot's application, repair or permit is for */
    int32_t *next, *prev;
    int32_t *bucket;     /* nmonths heads */
    int nmonths;
    ws_zones_fifo queue[WS_NQUEUE];
    int32_t cand;        /* first candidate, -1 if none */
} ws_zones;

/* Numbers the zone dwellings of st (WS_F_ZONE) into caller-provided z. With nmonths < 0
 * (a regime that never acts) or no zone dwelling it only counts them (nzone, nrange);
 * otherwise it allocates the slots for a calendar of nmonths months, every slot with
 * nothing pending, the queues and the candidate list empty. Returns WS_OK or
 * WS_ENOMEM; either way ws_zones_clear frees what z holds. */
int ws_zones_init(ws_zones *z, const ws_stock *st, int nmonths);
void ws_zones_clear(ws_zones *z);

/* Standing private rent: the only dwellings the regime concerns. */
static inline int ws_zones_let_privately(const ws_stock *st, long i)
{
    return ws_stock_life(st, i) == WS_LIFE_STANDING && ws_stock_tenure(st, i) == WS_TENURE_PRIVATE;
}

/* Stock index of slot s, and the slot of zone dwelling i. */
long ws_zones_dwelling(const ws_zones *z, int32_t s);
int32_t ws_zones_slot(const ws_zones *z, long i);

/* What slot s is doing (WS_SLOT_NONE .. WS_SLOT_PERMIT), and setting it. */
static inline unsigned ws_zones_state(const ws_zones *z, int32_t s)
{
    return z->state[s] & WS_SLOT_MASK;
}

static inline void ws_zones_set_state(ws_zones *z, int32_t s, unsigned v)
{
    z->state[s] = (uint8_t)((z->state[s] & ~WS_SLOT_MASK) | v);
}

/* Takes slot s's event out of the calendar, if it has one. */
void ws_zones_cal_remove(ws_zones *z, int32_t s);

/* Schedules slot s's event (expiry if it holds a permit, else the end of its repair) in
 * month index m, replacing any pending one. An event after the last month never
 * happens and is not stored. */
void ws_zones_cal_insert(ws_zones *z, int32_t s, int m);

/* Appends slot s (in neither the calendar nor the candidate list) to queue q and marks
 * it QUEUED; takes the first slot of queue q (which must not be empty). */
void ws_zones_enqueue(ws_zones *z, int32_t s, int q);
int32_t ws_zones_dequeue(ws_zones *z, int q);

/* Links slot s (let privately, nothing pending, not a candidate) into the candidate
 * list in slot order. */
void ws_zones_cand_insert(ws_zones *z, int32_t s);

/* Rebuilds the candidate list in slot order from every slot let privately with nothing
 * pending, in one pass over the zone (eight slots at a time where none concerns the
 * list). A slot let privately that holds a permit is first passed to settle(ctx, s, i),
 * which may let the permit lapse (its state NONE: then it becomes a candidate). */
void ws_zones_rebuild(ws_zones *z, const ws_stock *st,
                      void (*settle)(void *ctx, int32_t s, long i), void *ctx);

/* The candidate list holds, in slot order, exactly the slots marked WS_SLOT_CAND, each
 * with nothing pending; every slot let privately with nothing pending is one, and every
 * permit of a let dwelling belongs to its landlord and has its flag. Otherwise a change
 * made outside the permit process went unreported (ws_permit_let) and a dwelling would
 * miss its draws. Returns 0, or 1 with a message in msg. A pass over the zone. */
int ws_zones_check(const ws_zones *z, const ws_stock *st, char *msg, size_t size);

#endif
