/* Whether two scenarios share their initial stock: a sweep's points re-use one generated base. */
#include "woonsim/world.h"

#include <stdlib.h>
#include <string.h>

/* Blanks, in a copy, what no part of a base reads, and the pointers (compared apart).
 * Read only after the base is made, per run or per step (checked by reading every use,
 * MODEL.md 3.1): the permit's parameters other than its zones (sim/permit.c:
 * ws_permit_alloc, its step, ws_permit_let from the market's and woondeal's steps), the
 * corporations (ws_corp_alloc, ws_corp_step), the goals (reports), the liveability
 * weights (ws_indicators_step, which a base never calls), the captions (the viewer) and
 * the uncertain declarations (ws_run_many's draws). */
static void blank(ws_scenario *s)
{
    int zones[WS_MAX_NEIGHBOURHOODS];
    memcpy(zones, s->permit.zone_nbh, sizeof zones);
    memset(&s->permit, 0, sizeof s->permit);
    memcpy(s->permit.zone_nbh, zones, sizeof zones);
    memset(&s->corporations, 0, sizeof s->corporations);
    memset(&s->goals, 0, sizeof s->goals);
    memset(&s->liveability, 0, sizeof s->liveability);
    s->ncaptions = 0;
    s->captions = NULL;
    s->uncertainty = NULL;
    /* The map's content is covered by source_hash (it folds in the map file's bytes)
     * and map_path, both compared. */
    s->map = NULL;
    s->nbh = NULL;
    s->groups = NULL;
    s->woondeal.projects = NULL;
}

static int same_array(const void *a, const void *b, size_t n)
{
    return n == 0 || (a && b && memcmp(a, b, n) == 0);
}

int ws_scenario_same_base(const ws_scenario *a, const ws_scenario *b)
{
    if (a == b)
        return 1;
    if (a->nnbh != b->nnbh || a->ngroups != b->ngroups ||
        a->woondeal.nprojects != b->woondeal.nprojects ||
        !same_array(a->nbh, b->nbh, sizeof *a->nbh * (size_t)a->nnbh) ||
        !same_array(a->groups, b->groups, sizeof *a->groups * (size_t)a->ngroups) ||
        !same_array(a->woondeal.projects, b->woondeal.projects,
                    sizeof *a->woondeal.projects * (size_t)a->woondeal.nprojects) ||
        (a->map == NULL) != (b->map == NULL))
        return 0;
    /* Byte copies (memcpy keeps the padding, which the reader's calloc zeroed): equal
     * bytes are equal values, so a match is never a guess; a difference in padding
     * only costs a base that could have been shared. */
    ws_scenario *x = malloc(2 * sizeof *x);
    if (!x)
        return 0;
    memcpy(&x[0], a, sizeof *a);
    memcpy(&x[1], b, sizeof *b);
    blank(&x[0]);
    blank(&x[1]);
    /* The analyser warns that padding makes byte equality differ from member equality:
     * here it may only miss a share (see above), never make a wrong one: NOLINT. */
    int same = memcmp(&x[0], &x[1], sizeof *x) == 0; // NOLINT(bugprone-suspicious-memory-comparison,cert-exp42-c,cert-flp37-c)
    free(x);
    return same;
}
