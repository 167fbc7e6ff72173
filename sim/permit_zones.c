/* The landlord permit's zone slots (see sim/permit_zones.h): numbering, the calendar,
 * the queues and the candidate list, with the byte-parallel scans that keep a pass over
 * the zone at a few instructions per eight dwellings. */
#include "permit_zones.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "woonsim/common.h"

/* ---------------------------------------------------------------- set-up */

int ws_zones_init(ws_zones *z, const ws_stock *st, int nmonths)
{
    memset(z, 0, sizeof *z);
    /* The zone flags are set with the initial stock (sim/world.c, world_initial). */
    for (long i = 0; i < st->n; i++) {
        if (st->flags[i] & WS_F_ZONE) {
            z->nzone++;
            z->nrange += i == 0 || !(st->flags[i - 1] & WS_F_ZONE);
        }
    }
    if (nmonths < 0 || z->nzone == 0)
        return WS_OK; /* never served; no slots needed */
    if (z->nzone >= INT32_MAX)
        return WS_ENOMEM; /* slots are int32 */
    size_t n = (size_t)z->nzone;
    z->nmonths = nmonths;
    z->range_slot = malloc(((size_t)z->nrange + 1) * sizeof *z->range_slot);
    z->range_first = malloc((size_t)z->nrange * sizeof *z->range_first);
    z->state = calloc(n, sizeof *z->state);
    z->landlord = calloc(n, sizeof *z->landlord);
    z->next = malloc(n * sizeof *z->next);
    z->prev = malloc(n * sizeof *z->prev);
    z->bucket = malloc((size_t)z->nmonths * sizeof *z->bucket);
    if (!z->range_slot || !z->range_first || !z->state || !z->landlord || !z->next ||
        !z->prev || !z->bucket)
        return WS_ENOMEM;
    long s = 0;
    long r = 0;
    for (long i = 0; i < st->n; i++) {
        if (!(st->flags[i] & WS_F_ZONE))
            continue;
        if (i == 0 || !(st->flags[i - 1] & WS_F_ZONE)) {
            z->range_slot[r] = s;
            z->range_first[r++] = i;
        }
        s++;
    }
    z->range_slot[r] = s;
    for (int m = 0; m < z->nmonths; m++)
        z->bucket[m] = -1;
    for (int q = 0; q < WS_NQUEUE; q++)
        z->queue[q].head = z->queue[q].tail = -1;
    z->cand = -1;
    return WS_OK;
}

void ws_zones_clear(ws_zones *z)
{
    free(z->range_slot);
    free(z->range_first);
    free(z->state);
    free(z->landlord);
    free(z->next);
    free(z->prev);
    free(z->bucket);
    memset(z, 0, sizeof *z);
}

/* ---------------------------------------------------------------- slots */

/* The run holding x: the last of the n increasing starts that is <= x (a binary search
 * over a handful: the zone's neighbourhoods are generated one after the other, the
 * woondeal's dwellings after them, project by project). */
static long run_of(const long *start, long n, long x)
{
    long lo = 0, hi = n - 1;
    while (lo < hi) {
        long mid = (lo + hi + 1) / 2;
        if (start[mid] <= x)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

long ws_zones_dwelling(const ws_zones *z, int32_t s)
{
    long r = run_of(z->range_slot, z->nrange, s);
    return z->range_first[r] + (s - z->range_slot[r]);
}

int32_t ws_zones_slot(const ws_zones *z, long i)
{
    long r = run_of(z->range_first, z->nrange, i);
    return (int32_t)(z->range_slot[r] + (i - z->range_first[r]));
}

/* ---------------------------------------------------------------- calendar and queues */

void ws_zones_cal_remove(ws_zones *z, int32_t s)
{
    if (!(z->state[s] & WS_SLOT_CAL))
        return;
    int32_t nx = z->next[s], pv = z->prev[s];
    if (pv >= 0)
        z->next[pv] = nx;
    else
        z->bucket[-2 - pv] = nx;
    if (nx >= 0)
        z->prev[nx] = pv;
    z->state[s] &= (uint8_t)~WS_SLOT_CAL;
}

void ws_zones_cal_insert(ws_zones *z, int32_t s, int m)
{
    ws_zones_cal_remove(z, s);
    if (m >= z->nmonths)
        return;
    z->state[s] |= WS_SLOT_CAL;
    z->prev[s] = -2 - m;
    z->next[s] = z->bucket[m];
    if (z->next[s] >= 0)
        z->prev[z->next[s]] = s;
    z->bucket[m] = s;
}

void ws_zones_enqueue(ws_zones *z, int32_t s, int q)
{
    ws_zones_fifo *f = &z->queue[q];
    z->next[s] = -1;
    if (f->len > 0)
        z->next[f->tail] = s;
    else
        f->head = s;
    f->tail = s;
    f->len++;
    ws_zones_set_state(z, s, WS_SLOT_QUEUED);
}

int32_t ws_zones_dequeue(ws_zones *z, int q)
{
    ws_zones_fifo *f = &z->queue[q];
    int32_t s = f->head;
    f->head = z->next[s];
    f->len--;
    return s;
}

/* ---------------------------------------------------------------- candidates */

#define BYTES8 0x0101010101010101ULL
#define HIGH8 0x8080808080808080ULL

static uint64_t load8(const uint8_t *p)
{
    uint64_t x;
    memcpy(&x, p, sizeof x);
    return x;
}

/* The high bit of each byte of x that is zero (exact: no carry crosses a byte). */
static uint64_t zero_bytes(uint64_t x)
{
    return ~(((x & ~HIGH8) + ~HIGH8) | x) & HIGH8;
}

/* Nonzero unless none of the 8 slots from state (dwellings from i) concerns the
 * candidate list: a candidate, or standing private rent with nothing pending or with a
 * permit whose flag is gone. Eight slots at a time, a byte of the status and the slot
 * state each, so a pass over the zone costs a few instructions per 8 dwellings. */
static uint64_t scan_group(const ws_stock *st, const uint8_t *state, long i)
{
    const uint64_t private_standing = (uint64_t)(WS_TENURE_PRIVATE << WS_F_TENURE_SHIFT |
                                                 WS_LIFE_STANDING << WS_F_LIFE_SHIFT);
    uint64_t status = load8(st->flags + i);
    uint64_t priv = zero_bytes((status & ((WS_F_TENURE | WS_F_LIFE) * BYTES8)) ^
                               (private_standing * BYTES8));
    uint64_t sv = load8(state), sm = sv & (WS_SLOT_MASK * BYTES8);
    uint64_t lapsed =
        zero_bytes((sm ^ (WS_SLOT_PERMIT * BYTES8)) | (status & (WS_F_PERMIT * BYTES8)));
    return (priv & (zero_bytes(sm) | lapsed)) | (sv & (WS_SLOT_CAND * BYTES8));
}

void ws_zones_rebuild(ws_zones *z, const ws_stock *st,
                      void (*settle)(void *ctx, int32_t s, long i), void *ctx)
{
    int32_t *link = &z->cand;
    for (long r = 0; r < z->nrange; r++) {
        long s = z->range_slot[r], end = z->range_slot[r + 1], off = z->range_first[r] - s;
        while (s < end) {
            if (end - s >= 8 && !scan_group(st, z->state + s, s + off)) {
                s += 8;
                continue;
            }
            for (long stop = end - s > 8 ? s + 8 : end; s < stop; s++) {
                long i = s + off;
                z->state[s] &= (uint8_t)~WS_SLOT_CAND;
                if (!ws_zones_let_privately(st, i))
                    continue;
                if (ws_zones_state(z, (int32_t)s) == WS_SLOT_PERMIT)
                    settle(ctx, (int32_t)s, i);
                if (ws_zones_state(z, (int32_t)s) != WS_SLOT_NONE)
                    continue;
                z->state[s] |= WS_SLOT_CAND;
                *link = (int32_t)s;
                link = &z->next[s];
            }
        }
    }
    *link = -1;
}

void ws_zones_cand_insert(ws_zones *z, int32_t s)
{
    /* After the nearest candidate before s (WS_SLOT_CAND is the high bit of a state
     * byte: eight slots at a time), or at the list's head. */
    long p = s - 1;
    while (p >= 7 && !(load8(z->state + p - 7) & HIGH8))
        p -= 8;
    while (p >= 0 && !(z->state[p] & WS_SLOT_CAND))
        p--;
    int32_t *link = p >= 0 ? &z->next[p] : &z->cand;
    z->next[s] = *link;
    *link = s;
    z->state[s] |= WS_SLOT_CAND;
}

int ws_zones_check(const ws_zones *z, const ws_stock *st, char *msg, size_t size)
{
    long listed = 0, marked = 0;
    for (int32_t s = z->cand, last = -1; s >= 0; last = s, s = z->next[s], listed++) {
        if (s <= last || !(z->state[s] & WS_SLOT_CAND) || ws_zones_state(z, s) != WS_SLOT_NONE) {
            snprintf(msg, size, "candidate list broken at slot %ld", (long)s);
            return 1;
        }
    }
    for (int32_t s = 0; s < z->nzone; s++) {
        long i = ws_zones_dwelling(z, s);
        marked += (z->state[s] & WS_SLOT_CAND) != 0;
        if (!ws_zones_let_privately(st, i))
            continue;
        unsigned v = ws_zones_state(z, s);
        if ((v == WS_SLOT_NONE && !(z->state[s] & WS_SLOT_CAND)) ||
            (v == WS_SLOT_PERMIT &&
             (st->landlord[i] != z->landlord[s] || !(st->flags[i] & WS_F_PERMIT)))) {
            snprintf(msg, size, "dwelling %ld (slot %ld) became a candidate unnoticed", i,
                     (long)s);
            return 1;
        }
    }
    if (listed != marked) {
        snprintf(msg, size, "%ld candidates listed, %ld marked", listed, marked);
        return 1;
    }
    return 0;
}
