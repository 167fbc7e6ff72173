/* Goals reader: <goals><goal indicator district target by direction name/></goals> ->
 * sc->goals (woonsim/goals.h), with FILE:LINE messages for what the schema cannot check. */
#include "goals_int.h"
#include "woonsim/world.h"

#include <string.h>

/* The CSV column called name, or -1. */
static int indicator_index(const char *name)
{
    for (int k = 0; k < WS_NIND; k++)
        if (strcmp(ws_indicator_table[k].name, name) == 0)
            return k;
    return -1;
}

/* The attribute node of name on n (for messages that point at the value). */
static const void *attr(const xmlNode *n, const char *name)
{
    xmlAttr *a = xmlHasProp((xmlNode *)n, (const xmlChar *)name);
    return a ? (const void *)a : (const void *)n;
}

/* Reads one <goal> into g. */
static int read_goal(const ws_scenario *sc, const xmlNode *n, ws_goal *g, ws_error *err)
{
    char ind[64] = "", dist[WS_ID_LEN] = "", by[16] = "", dir[16] = "at-least";
    int st;
    memset(g, 0, sizeof *g);
    g->line = (int)ws_xml_line(n);
    if ((st = ws_xml_str(err, n, "indicator", 1, ind, sizeof ind)) != WS_OK ||
        (st = ws_xml_str(err, n, "district", 1, dist, sizeof dist)) != WS_OK ||
        (st = ws_xml_str(err, n, "by", 1, by, sizeof by)) != WS_OK ||
        (st = ws_xml_str(err, n, "direction", 0, dir, sizeof dir)) != WS_OK ||
        (st = ws_xml_str(err, n, "name", 0, g->name, sizeof g->name)) != WS_OK)
        return st;
    if (!xmlHasProp((xmlNode *)n, (const xmlChar *)"target"))
        return ws_xml_bad(err, n, "<goal> needs target");
    if ((st = ws_xml_num(err, n, "target", -1e15, 1e15, &g->target)) != WS_OK)
        return st;
    g->indicator = indicator_index(ind);
    if (g->indicator < 0)
        return ws_xml_bad(err, attr(n, "indicator"),
                          "goal indicator \"%s\" is not a CSV column (see the CSV header)",
                          ind);
    if (strcmp(dist, "total") == 0)
        g->district = WS_GOAL_TOTAL;
    else if ((g->district = ws_scenario_district(sc, dist)) < 0)
        return ws_xml_bad(err, attr(n, "district"),
                          "goal district \"%s\" is not a district of the scenario (or "
                          "\"total\")", dist);
    if (ws_month_parse(by, &g->by) != 0)
        return ws_xml_bad(err, attr(n, "by"), "by=\"%s\" is not a month YYYY-MM", by);
    if (g->by < sc->start || g->by > sc->end) {
        char s[8], e[8];
        ws_month_format(sc->start, s);
        ws_month_format(sc->end, e);
        return ws_xml_bad(err, attr(n, "by"),
                          "goal month %s is outside the scenario (%s to %s)", by, s, e);
    }
    if (strcmp(dir, "at-least") == 0)
        g->direction = WS_GOAL_AT_LEAST;
    else if (strcmp(dir, "at-most") == 0)
        g->direction = WS_GOAL_AT_MOST;
    else
        return ws_xml_bad(err, attr(n, "direction"),
                          "direction=\"%s\" must be at-least or at-most", dir);
    if (!g->name[0])
        strcpy(g->name, ws_indicator_table[g->indicator].name);
    return WS_OK;
}

int ws_goals_read(ws_scenario *sc, const xmlNode *n, ws_error *err)
{
    ws_goals *gs = &sc->goals;
    gs->n = 0;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (!ws_xml_is_elem(c, "goal"))
            continue;
        if (gs->n == WS_MAX_GOALS)
            return ws_xml_bad(err, c, "more than %d goals", WS_MAX_GOALS);
        ws_goal *g = &gs->goal[gs->n];
        int st = read_goal(sc, c, g, err);
        if (st != WS_OK)
            return st;
        for (int i = 0; i < gs->n; i++)
            if (strcmp(gs->goal[i].name, g->name) == 0)
                return ws_xml_bad(err, c, "a second goal named \"%s\" (line %d has it; "
                                  "give name=\"...\")", g->name, gs->goal[i].line);
        gs->n++;
    }
    return WS_OK;
}
