/* Scenario reader: a scenario document -> validated ws_scenario. Turns the sections of
 * the document into the plain struct, with the semantic checks the schema cannot make.
 *
 * Steps: compile the embedded scenarios/schema/woonsim.xsd; read, validate and edit the
 * document (extends, <set>, --set: sim/scenario_edit.c, through the XML layer of
 * sim/xml.c); validate again; then read the sections. Every message is
 * "FILE:LINE: message"; values that came from a <set> or --set point at the place that
 * set them. */
#define _XOPEN_SOURCE 700
#include "woonsim/scenario.h"
#include "woonsim/map.h"
#include "scenario_int.h"
#include "goals_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

const char *const ws_type_names[WS_NTYPE] = {"terraced", "semi-detached", "detached",
                                              "apartment"};
const char *const ws_tenure_names[WS_NTENURE] = {"owner", "social", "private"};
const char *const ws_heat_names[WS_NHEAT] = {"gas", "hybrid", "heat-pump", "district"};
const char *const ws_income_names[WS_NINCOME] = {"low", "middle", "high"};
const char *const ws_label_names[WS_NLABEL] = {"A", "B", "C", "D", "E", "F", "G"};
const char *const ws_household_names[WS_NHOUSEHOLD] = {"single", "couple", "family",
                                                       "single-parent"};
const char *const ws_period_names[WS_NPERIOD] = {"pre-1945",  "1945-1964", "1965-1974",
                                                  "1975-1991", "1992-2005", "2006-2020",
                                                  "new"};

#define MAX_PROJECTS WS_XML_MAX_PROJECTS

/* The state of one reading: where messages go. */
typedef struct {
    ws_error *err;
} loader;

/* ---------------------------------------------------------------- messages */

/* Copies src into dst (size bytes), truncating. */
static void copy_str(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size)
        n = size - 1;
    memmove(dst, src, n);
    dst[n] = '\0';
}

static int bad(loader *ld, const void *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int bad(loader *ld, const void *node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int status = ws_xml_vbad(ld->err, node, fmt, ap);
    va_end(ap);
    return status;
}

/* ---------------------------------------------------------------- files */

const char *ws_embedded_file(const char *name, size_t *len)
{
    return ws_embedded_lookup(name, len);
}

/* ---------------------------------------------------------------- reading values */

/* The XML layer's readers (sim/xml_int.h) under the short names the sections use; the
 * enumerations, months and key:value lists below are the scenario's own. */

static int is_elem(const xmlNode *n, const char *name)
{
    return ws_xml_is_elem(n, name);
}

static char *prop(const xmlNode *n, const char *name)
{
    return ws_xml_prop(n, name);
}


static int num_attr(loader *ld, const xmlNode *n, const char *name, double lo, double hi,
                    double *out)
{
    return ws_xml_num(ld->err, n, name, lo, hi, out);
}

static int int_attr(loader *ld, const xmlNode *n, const char *name, long lo, long hi, int *out)
{
    return ws_xml_int(ld->err, n, name, lo, hi, out);
}

static int month_attr(loader *ld, const xmlNode *n, const char *name, int required,
                      ws_month *out)
{
    xmlAttr *a = xmlHasProp((xmlNode *)n, (const xmlChar *)name);
    if (!a)
        return required ? bad(ld, n, "<%s> needs %s=\"YYYY-MM\"", n->name, name) : WS_OK;
    char *v = prop(n, name);
    int st = WS_OK;
    if (!v)
        return ws_error_set(ld->err, WS_ENOMEM, "out of memory");
    if (ws_month_parse(v, out) != 0)
        st = bad(ld, a, "%s=\"%s\" is not a month YYYY-MM", name, v);
    xmlFree(v);
    return st;
}

static int bool_attr(loader *ld, const xmlNode *n, const char *name, int *out)
{
    return ws_xml_bool(ld->err, n, name, out);
}

static int name_index(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

static int enum_attr(loader *ld, const xmlNode *n, const char *name, const char *const *names,
                     int count, int required, int *out)
{
    xmlAttr *a = xmlHasProp((xmlNode *)n, (const xmlChar *)name);
    if (!a)
        return required ? bad(ld, n, "<%s> needs %s", n->name, name) : WS_OK;
    char *v = prop(n, name);
    if (!v)
        return ws_error_set(ld->err, WS_ENOMEM, "out of memory");
    int i = name_index(names, count, v), st = WS_OK;
    if (i < 0)
        st = bad(ld, a, "%s=\"%s\" is not one of the known values", name, v);
    else
        *out = i;
    xmlFree(v);
    return st;
}

static int str_attr(loader *ld, const xmlNode *n, const char *name, int required, char *out,
                    size_t size)
{
    return ws_xml_str(ld->err, n, name, required, out, size);
}

/* Parses "key:value key:value" over names[0..count-1] into out: every key exactly once
 * (a key left out would silently be 0, one given twice would silently count once).
 * sum_to_one: the values must add up to 1 (within 1e-6). */
static int list_attr(loader *ld, const xmlNode *n, const char *name, const char *const *names,
                     int count, int sum_to_one, int required, double *out)
{
    xmlAttr *a = xmlHasProp((xmlNode *)n, (const xmlChar *)name);
    if (!a)
        return required ? bad(ld, n, "<%s> needs %s", n->name, name) : WS_OK;
    char *v = prop(n, name);
    if (!v)
        return ws_error_set(ld->err, WS_ENOMEM, "out of memory");
    int st = WS_OK;
    double vals[16] = {0}, sum = 0;
    int seen[16] = {0};
    char *save = NULL;
    for (char *tok = strtok_r(v, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
        char *colon = strchr(tok, ':');
        if (!colon) {
            st = bad(ld, a, "%s: '%s' is not key:value", name, tok);
            break;
        }
        *colon = '\0';
        int k = name_index(names, count, tok);
        char *end;
        double x = strtod(colon + 1, &end);
        if (k < 0) {
            st = bad(ld, a, "%s: unknown key '%s'", name, tok);
            break;
        }
        if (end == colon + 1 || *end || !isfinite(x) || x < 0) {
            st = bad(ld, a, "%s: '%s' is not a non-negative number", name, colon + 1);
            break;
        }
        if (seen[k]++) {
            st = bad(ld, a, "%s: key '%s' given twice", name, tok);
            break;
        }
        vals[k] = x;
        sum += x;
    }
    for (int k = 0; st == WS_OK && k < count; k++)
        if (!seen[k])
            st = bad(ld, a, "%s: key '%s' missing (name each of the %d keys once)", name,
                     names[k], count);
    if (st == WS_OK && sum_to_one && fabs(sum - 1.0) > 1e-6)
        st = bad(ld, a, "%s: shares sum to %g, not 1", name, sum);
    if (st == WS_OK)
        memcpy(out, vals, sizeof(double) * (size_t)count);
    xmlFree(v);
    return st;
}

#define TRY(expr)                                                                     \
    do {                                                                              \
        int st_ = (expr);                                                             \
        if (st_ != WS_OK)                                                             \
            return st_;                                                               \
    } while (0)

/* ---------------------------------------------------------------- defaults */

/* Defaults for elements a scenario leaves out; the shipped default scenario states every
 * one of them explicitly, and sim/MODEL.md documents them. */
static void set_defaults(ws_scenario *sc)
{
    ws_energy_params *e = &sc->energy;
    e->gas_per_index = 0.0551;
    e->index_elasticity = 0.35;
    e->type_factor[WS_TYPE_TERRACED] = 1.0;
    e->type_factor[WS_TYPE_SEMI] = 1.1;
    e->type_factor[WS_TYPE_DETACHED] = 1.2;
    e->type_factor[WS_TYPE_APARTMENT] = 0.85;
    e->base_electricity = 2500;
    e->hybrid_gas_share = 0.3;
    e->heat_pump_cop = 3.5;
    e->co2_gas = 1.78;
    e->poverty_share = 0.10;
    e->income[WS_INCOME_LOW] = 24000;
    e->income[WS_INCOME_MIDDLE] = 36000;
    e->income[WS_INCOME_HIGH] = 65000;
    e->income_spread = 0.2;
    ws_quality_params *q = &sc->quality;
    q->threshold = 0.4;
    q->decay_per_year = 0.0078;
    for (int t = 0; t < WS_NTENURE; t++) {
        q->mean[t] = 0.72;
        q->sd[t] = 0.12;
        q->maintenance[t] = 0.10;
    }
    sc->liveability.base = 7.6;
    sc->liveability.w_substandard = 8;
    sc->liveability.w_poverty = 6;
    sc->liveability.w_vacancy = 10;
    ws_market_params *m = &sc->market;
    m->sale_rate = 0.045;
    m->buy_to_let_share = 0.32;
    m->protection_start = 2024 * 12 + 6;
    m->vacancy_rate = 0.10;
    m->relet_months = 1.5;
    m->corp_demolition = 0.001;
    m->landlord_portfolio = 3;
    m->private_sale_rate = 0.041;
    /* Household types per tenure (sim/MODEL.md 3.1, households). */
    static const double households[WS_NTENURE][WS_NHOUSEHOLD] = {
        [WS_TENURE_OWNER] = {0.21, 0.36, 0.38, 0.05},
        [WS_TENURE_SOCIAL] = {0.50, 0.22, 0.15, 0.13},
        [WS_TENURE_PRIVATE] = {0.55, 0.25, 0.13, 0.07},
    };
    memcpy(sc->household_mix, households, sizeof households);
    /* The corporations' programme (sim/MODEL.md 3.7): off unless a scenario has a
     * <corporations> element. */
    ws_corporation_params *cp = &sc->corporations;
    cp->enabled = 0;
    cp->efg_deadline = 2028 * 12 + 11;
    cp->efg_label = WS_LABEL_B;
    cp->insulation_per_year = 0.022;
    cp->insulation_end = 2030 * 12 + 11;
    cp->insulation_label = WS_LABEL_B;
}

/* ---------------------------------------------------------------- sections */

static int read_ids(loader *ld, const ws_scenario *sc, const xmlNode *n, const char *name,
                    int districts, int nbhs, int *out_district, int *out_nbh)
{
    char *v = prop(n, name);
    if (!v)
        return WS_OK;
    int st = WS_OK;
    char *save = NULL;
    for (char *tok = strtok_r(v, " \t\n,", &save); tok; tok = strtok_r(NULL, " \t\n,", &save)) {
        int d = districts ? ws_scenario_district(sc, tok) : -1;
        int b = nbhs ? ws_scenario_nbh(sc, tok) : -1;
        if (d >= 0) {
            if (out_district)
                out_district[d] = 1;
            if (out_nbh)
                for (int i = 0; i < sc->nnbh; i++)
                    if (sc->nbh[i].district == d)
                        out_nbh[i] = 1;
        } else if (b >= 0) {
            out_nbh[b] = 1;
        } else {
            st = bad(ld, xmlHasProp((xmlNode *)n, (const xmlChar *)name),
                     "%s: unknown %s id '%s'", name,
                     districts && nbhs ? "district or neighbourhood"
                                       : (districts ? "district" : "neighbourhood"),
                     tok);
            break;
        }
    }
    xmlFree(v);
    return st;
}

static int read_mixes(loader *ld, const xmlNode *parent, double labels[WS_NPERIOD][WS_NLABEL],
                      int *label_set, double income[WS_NTENURE][WS_NINCOME], int *income_set)
{
    for (const xmlNode *c = parent->children; c; c = c->next) {
        if (is_elem(c, "labels")) {
            int p = 0;
            TRY(enum_attr(ld, c, "period", ws_period_names, WS_NPERIOD, 1, &p));
            TRY(list_attr(ld, c, "mix", ws_label_names, WS_NLABEL, 1, 1, labels[p]));
            label_set[p] = 1;
        } else if (is_elem(c, "income")) {
            int t = 0;
            TRY(enum_attr(ld, c, "tenure", ws_tenure_names, WS_NTENURE, 1, &t));
            TRY(list_attr(ld, c, "mix", ws_income_names, WS_NINCOME, 1, 1, income[t]));
            income_set[t] = 1;
        }
    }
    return WS_OK;
}

/* One <dwellings> row of a neighbourhood's stock; *total counts the area's dwellings. */
static int read_dwellings(loader *ld, ws_scenario *sc, const xmlNode *g, const int *nlabel_set,
                          const int *nincome_set, long *total)
{
    ws_stock_group *gr = &sc->groups[sc->ngroups++];
    TRY(enum_attr(ld, g, "type", ws_type_names, WS_NTYPE, 1, &gr->type));
    TRY(enum_attr(ld, g, "tenure", ws_tenure_names, WS_NTENURE, 1, &gr->tenure));
    TRY(enum_attr(ld, g, "period", ws_period_names, WS_NPERIOD, 1, &gr->period));
    gr->count = -1;
    TRY(int_attr(ld, g, "count", 0, WS_MAX_DWELLINGS, &gr->count));
    if (gr->count < 0)
        return bad(ld, g, "<dwellings> needs count");
    gr->floor_area = 80;
    TRY(num_attr(ld, g, "floor-area", 10, 1000, &gr->floor_area));
    if (!nlabel_set[gr->period])
        return bad(ld, g, "no label mix for period %s (add <labels period=\"%s\">)",
                   ws_period_names[gr->period], ws_period_names[gr->period]);
    if (!nincome_set[gr->tenure])
        return bad(ld, g, "no income mix for tenure %s (add <income tenure=\"%s\">)",
                   ws_tenure_names[gr->tenure], ws_tenure_names[gr->tenure]);
    *total += gr->count;
    if (*total > WS_MAX_DWELLINGS)
        return bad(ld, g, "more than %ld dwellings in the area", WS_MAX_DWELLINGS);
    return WS_OK;
}

/* One <neighbourhood> of the current district: its id, its stock rows and its mixes
 * (the area's, which its <stock> may override). */
static int read_nbh(loader *ld, ws_scenario *sc, const xmlNode *b,
                    double (*labels)[WS_NLABEL], const int *label_set,
                    double (*income)[WS_NINCOME], const int *income_set, long *total)
{
    ws_neighbourhood *nb = &sc->nbh[sc->nnbh];
    TRY(str_attr(ld, b, "id", 1, nb->id, sizeof nb->id));
    copy_str(nb->name, sizeof nb->name, nb->id);
    TRY(str_attr(ld, b, "name", 0, nb->name, sizeof nb->name));
    if (ws_scenario_district(sc, nb->id) >= 0 || ws_scenario_nbh(sc, nb->id) >= 0)
        return bad(ld, b, "duplicate id '%s'", nb->id);
    nb->district = sc->ndistricts - 1;
    nb->line = (int)xmlGetLineNo((xmlNode *)b);
    nb->group0 = sc->ngroups;
    sc->nnbh++;
    double nlabels[WS_NPERIOD][WS_NLABEL], nincome[WS_NTENURE][WS_NINCOME];
    int nlabel_set[WS_NPERIOD], nincome_set[WS_NTENURE];
    memcpy(nlabels, labels, sizeof nlabels);
    memcpy(nincome, income, sizeof nincome);
    memcpy(nlabel_set, label_set, sizeof nlabel_set);
    memcpy(nincome_set, income_set, sizeof nincome_set);
    for (const xmlNode *s = b->children; s; s = s->next) {
        if (!is_elem(s, "stock"))
            continue;
        TRY(read_mixes(ld, s, nlabels, nlabel_set, nincome, nincome_set));
        for (const xmlNode *g = s->children; g; g = g->next)
            if (is_elem(g, "dwellings"))
                TRY(read_dwellings(ld, sc, g, nlabel_set, nincome_set, total));
    }
    nb->ngroups = sc->ngroups - nb->group0;
    memcpy(nb->label_mix, nlabels, sizeof nlabels);
    memcpy(nb->income_mix, nincome, sizeof nincome);
    /* New dwellings need a label mix for period "new" and income for any tenure. */
    if (!nlabel_set[WS_PERIOD_NEW])
        for (int l = 0; l < WS_NLABEL; l++)
            nb->label_mix[WS_PERIOD_NEW][l] = l == WS_LABEL_A;
    for (int t = 0; t < WS_NTENURE; t++)
        if (!nincome_set[t])
            for (int i = 0; i < WS_NINCOME; i++)
                nb->income_mix[t][i] = 1.0 / WS_NINCOME;
    return WS_OK;
}

static int read_area(loader *ld, ws_scenario *sc, const xmlNode *area)
{
    double labels[WS_NPERIOD][WS_NLABEL] = {{0}}, income[WS_NTENURE][WS_NINCOME] = {{0}};
    int label_set[WS_NPERIOD] = {0}, income_set[WS_NTENURE] = {0};
    TRY(read_mixes(ld, area, labels, label_set, income, income_set));
    /* Count first, then allocate once. */
    long ngroups = 0;
    int nnbh = 0;
    for (const xmlNode *d = area->children; d; d = d->next) {
        if (!is_elem(d, "district"))
            continue;
        for (const xmlNode *b = d->children; b; b = b->next) {
            if (!is_elem(b, "neighbourhood"))
                continue;
            if (++nnbh > WS_MAX_NEIGHBOURHOODS)
                return bad(ld, b, "more than %d neighbourhoods", WS_MAX_NEIGHBOURHOODS);
            for (const xmlNode *s = b->children; s; s = s->next)
                if (is_elem(s, "stock"))
                    for (const xmlNode *g = s->children; g; g = g->next)
                        ngroups += is_elem(g, "dwellings");
        }
    }
    if (ngroups > 1000000)
        return bad(ld, area, "more than 1000000 <dwellings> rows");
    sc->nbh = calloc((size_t)(nnbh ? nnbh : 1), sizeof *sc->nbh);
    sc->groups = calloc((size_t)(ngroups ? ngroups : 1), sizeof *sc->groups);
    if (!sc->nbh || !sc->groups)
        return ws_error_set(ld->err, WS_ENOMEM, "out of memory");
    long total = 0;
    for (const xmlNode *d = area->children; d; d = d->next) {
        if (!is_elem(d, "district"))
            continue;
        if (sc->ndistricts == WS_MAX_DISTRICTS)
            return bad(ld, d, "more than %d districts", WS_MAX_DISTRICTS);
        ws_district *dist = &sc->districts[sc->ndistricts];
        TRY(str_attr(ld, d, "id", 1, dist->id, sizeof dist->id));
        copy_str(dist->name, sizeof dist->name, dist->id);
        TRY(str_attr(ld, d, "name", 0, dist->name, sizeof dist->name));
        if (strcmp(dist->id, "total") == 0)
            return bad(ld, d, "district id 'total' is reserved for the area total");
        if (ws_scenario_district(sc, dist->id) >= 0 || ws_scenario_nbh(sc, dist->id) >= 0)
            return bad(ld, d, "duplicate id '%s'", dist->id);
        dist->line = (int)xmlGetLineNo((xmlNode *)d);
        sc->ndistricts++;
        for (const xmlNode *b = d->children; b; b = b->next)
            if (is_elem(b, "neighbourhood"))
                TRY(read_nbh(ld, sc, b, labels, label_set, income, income_set, &total));
    }
    if (sc->ndistricts == 0)
        return bad(ld, area, "<area> has no districts");
    return WS_OK;
}

static int read_prices(loader *ld, ws_scenario *sc, const xmlNode *prices)
{
    static const char *const names[] = {"gas", "electricity", "grid-co2"};
    for (const xmlNode *s = prices->children; s; s = s->next) {
        if (!is_elem(s, "series"))
            continue;
        int k = 0;
        TRY(enum_attr(ld, s, "name", names, 3, 1, &k));
        ws_series *ser = k == 0 ? &sc->gas_price : k == 1 ? &sc->elec_price : &sc->grid_co2;
        if (ser->npoints)
            return bad(ld, s, "series '%s' given twice", names[k]);
        for (const xmlNode *p = s->children; p; p = p->next) {
            if (!is_elem(p, "point"))
                continue;
            if (ser->npoints == 64)
                return bad(ld, p, "more than 64 points in a series");
            int year = 0;
            double value = -1;
            TRY(int_attr(ld, p, "year", 1900, 2200, &year));
            TRY(num_attr(ld, p, "value", 0, 1e6, &value));
            if (value < 0)
                return bad(ld, p, "<point> needs year and value");
            if (ser->npoints && year <= ser->year[ser->npoints - 1])
                return bad(ld, p, "years of a series must increase");
            ser->year[ser->npoints] = year;
            ser->value[ser->npoints++] = value;
        }
    }
    return WS_OK;
}

static int read_energy(loader *ld, ws_scenario *sc, const xmlNode *n)
{
    ws_energy_params *e = &sc->energy;
    TRY(num_attr(ld, n, "gas-per-index", 0, 1, &e->gas_per_index));
    TRY(num_attr(ld, n, "index-elasticity", 0, 2, &e->index_elasticity));
    TRY(num_attr(ld, n, "base-electricity-kwh", 0, 100000, &e->base_electricity));
    TRY(num_attr(ld, n, "hybrid-gas-share", 0, 1, &e->hybrid_gas_share));
    TRY(num_attr(ld, n, "heat-pump-cop", 1, 10, &e->heat_pump_cop));
    TRY(num_attr(ld, n, "co2-gas-kg-m3", 0, 10, &e->co2_gas));
    TRY(num_attr(ld, n, "poverty-share", 0, 1, &e->poverty_share));
    TRY(num_attr(ld, n, "income-low", 1000, 1e7, &e->income[WS_INCOME_LOW]));
    TRY(num_attr(ld, n, "income-middle", 1000, 1e7, &e->income[WS_INCOME_MIDDLE]));
    TRY(num_attr(ld, n, "income-high", 1000, 1e7, &e->income[WS_INCOME_HIGH]));
    TRY(num_attr(ld, n, "income-spread", 0, 1, &e->income_spread));
    TRY(list_attr(ld, n, "type-factor", ws_type_names, WS_NTYPE, 0, 0, e->type_factor));
    return WS_OK;
}

static int read_quality(loader *ld, ws_scenario *sc, const xmlNode *n)
{
    ws_quality_params *q = &sc->quality;
    TRY(num_attr(ld, n, "substandard-below", 0, 1, &q->threshold));
    TRY(num_attr(ld, n, "decay-per-year", 0, 1, &q->decay_per_year));
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (!is_elem(c, "condition"))
            continue;
        int t = 0;
        TRY(enum_attr(ld, c, "tenure", ws_tenure_names, WS_NTENURE, 1, &t));
        TRY(num_attr(ld, c, "mean", 0, 1, &q->mean[t]));
        TRY(num_attr(ld, c, "sd", 0, 1, &q->sd[t]));
        TRY(num_attr(ld, c, "maintenance", 0, 1, &q->maintenance[t]));
    }
    return WS_OK;
}

static int read_market(loader *ld, ws_scenario *sc, const xmlNode *n)
{
    ws_market_params *m = &sc->market;
    TRY(num_attr(ld, n, "sale-rate", 0, 1, &m->sale_rate));
    TRY(num_attr(ld, n, "buy-to-let-share", 0, 1, &m->buy_to_let_share));
    TRY(month_attr(ld, n, "protection-start", 0, &m->protection_start));
    TRY(read_ids(ld, sc, n, "protection-districts", 1, 0, m->protection_district, NULL));
    TRY(num_attr(ld, n, "vacancy-rate", 0, 1, &m->vacancy_rate));
    TRY(num_attr(ld, n, "relet-months", 0, 120, &m->relet_months));
    TRY(num_attr(ld, n, "corporation-demolition", 0, 1, &m->corp_demolition));
    TRY(num_attr(ld, n, "landlord-portfolio", 1, 10000, &m->landlord_portfolio));
    TRY(num_attr(ld, n, "private-sale-rate", 0, 1, &m->private_sale_rate));
    return WS_OK;
}

const char *const ws_plan_status_names[WS_NPLAN_STATUS] = {"hard", "soft", "idea"};

/* <plan-status status=".." dropout=".." delay-mean-months=".." delay-sd-months=".."/>,
 * each status at most once. */
static int read_plan_status(loader *ld, ws_woondeal_params *w, const xmlNode *c, int *seen)
{
    int k = 0;
    TRY(enum_attr(ld, c, "status", ws_plan_status_names, WS_NPLAN_STATUS, 1, &k));
    if (seen[k])
        return bad(ld, c, "plan status '%s' given twice", ws_plan_status_names[k]);
    seen[k] = 1;
    TRY(num_attr(ld, c, "dropout", 0, 1, &w->plan_dropout[k]));
    TRY(num_attr(ld, c, "delay-mean-months", 0, 240, &w->plan_delay_mean[k]));
    TRY(num_attr(ld, c, "delay-sd-months", 0, 240, &w->plan_delay_sd[k]));
    return WS_OK;
}

/* Adds project p (element c) to the running totals of dwellings (the initial stock
 * included) and batches, and refuses totals over their caps (docs/TESTING.md, class 6). */
static int project_caps(loader *ld, const xmlNode *c, const ws_project *p, long *dwellings,
                        long *batches)
{
    *dwellings += p->dwellings;
    *batches += p->batches;
    const xmlAttr *bat = xmlHasProp((xmlNode *)c, (const xmlChar *)"batches");
    if (*dwellings > WS_MAX_DWELLINGS)
        return bad(ld, xmlHasProp((xmlNode *)c, (const xmlChar *)"dwellings"),
                   "more than %ld dwellings with the planned ones", WS_MAX_DWELLINGS);
    if (*batches > WS_MAX_BATCHES)
        return bad(ld, bat ? (const void *)bat : (const void *)c,
                   "more than %d batches in the projects together", WS_MAX_BATCHES);
    return WS_OK;
}

static int read_woondeal(loader *ld, ws_scenario *sc, const xmlNode *n)
{
    ws_woondeal_params *w = &sc->woondeal;
    w->enabled = 1;
    w->deadline = sc->end;
    w->slip_mean = 6;
    w->slip_sd = 4;
    TRY(bool_attr(ld, n, "enabled", &w->enabled));
    TRY(int_attr(ld, n, "target", 0, WS_MAX_DWELLINGS, &w->target));
    TRY(month_attr(ld, n, "deadline", 0, &w->deadline));
    TRY(num_attr(ld, n, "slip-probability", 0, 1, &w->slip_probability));
    TRY(num_attr(ld, n, "slip-mean-months", 0, 240, &w->slip_mean));
    TRY(num_attr(ld, n, "slip-sd-months", 0, 240, &w->slip_sd));
    int np = 0, seen[WS_NPLAN_STATUS] = {0};
    for (const xmlNode *c = n->children; c; c = c->next) {
        np += is_elem(c, "project");
        if (is_elem(c, "plan-status"))
            TRY(read_plan_status(ld, w, c, seen));
    }
    if (np > MAX_PROJECTS)
        return bad(ld, n, "more than %d projects", MAX_PROJECTS);
    w->projects = calloc((size_t)(np ? np : 1), sizeof *w->projects);
    if (!w->projects)
        return ws_error_set(ld->err, WS_ENOMEM, "out of memory");
    /* Every planned dwelling gets a place in each run's stock and every batch a record:
     * both are capped with the initial stock, whatever the projects' state. */
    long dwellings = 0, batches = 0;
    for (int g = 0; g < sc->ngroups; g++)
        dwellings += sc->groups[g].count;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (!is_elem(c, "project"))
            continue;
        ws_project *p = &w->projects[w->nprojects++];
        p->line = (int)xmlGetLineNo((xmlNode *)c);
        TRY(str_attr(ld, c, "id", 1, p->id, sizeof p->id));
        for (int i = 0; i < w->nprojects - 1; i++)
            if (strcmp(w->projects[i].id, p->id) == 0)
                return bad(ld, c, "duplicate project id '%s'", p->id);
        char nbh[WS_ID_LEN] = "";
        TRY(str_attr(ld, c, "neighbourhood", 1, nbh, sizeof nbh));
        p->nbh = ws_scenario_nbh(sc, nbh);
        if (p->nbh < 0)
            return bad(ld, xmlHasProp((xmlNode *)c, (const xmlChar *)"neighbourhood"),
                       "unknown neighbourhood '%s' in project '%s'", nbh, p->id);
        p->dwellings = -1;
        TRY(int_attr(ld, c, "dwellings", 0, 1000000, &p->dwellings));
        if (p->dwellings < 0)
            return bad(ld, c, "<project> needs dwellings");
        TRY(enum_attr(ld, c, "type", ws_type_names, WS_NTYPE, 1, &p->type));
        TRY(month_attr(ld, c, "start", 1, &p->start));
        TRY(int_attr(ld, c, "demolish", 0, 1000000, &p->demolish));
        p->batches = 1;
        TRY(int_attr(ld, c, "batches", 1, 1000, &p->batches));
        TRY(project_caps(ld, c, p, &dwellings, &batches));
        p->batch_interval = -1;
        TRY(num_attr(ld, c, "batch-interval-months", 0, 600, &p->batch_interval));
        TRY(list_attr(ld, c, "tenure", ws_tenure_names, WS_NTENURE, 1, 1, p->tenure));
        p->floor_area = 80;
        TRY(num_attr(ld, c, "floor-area", 10, 1000, &p->floor_area));
        TRY(bool_attr(ld, c, "cancelled", &p->cancelled));
        TRY(enum_attr(ld, c, "status", ws_plan_status_names, WS_NPLAN_STATUS, 0, &p->status));
        for (const xmlNode *ph = c->children; ph; ph = ph->next) {
            if (!is_elem(ph, "phase"))
                continue;
            if (p->nphases == WS_MAX_PHASES)
                return bad(ld, ph, "more than %d phases", WS_MAX_PHASES);
            int k = p->nphases;
            TRY(str_attr(ld, ph, "name", 1, p->phase_name[k], sizeof p->phase_name[k]));
            p->phase_mean[k] = -1;
            TRY(num_attr(ld, ph, "mean-months", 0.01, 600, &p->phase_mean[k]));
            if (p->phase_mean[k] < 0)
                return bad(ld, ph, "<phase> needs mean-months");
            TRY(num_attr(ld, ph, "sd-months", 0, 600, &p->phase_sd[k]));
            p->nphases++;
        }
        if (p->nphases == 0)
            return bad(ld, c, "project '%s' has no phases", p->id);
    }
    return WS_OK;
}

static int read_permit(loader *ld, ws_scenario *sc, const xmlNode *n)
{
    ws_permit_params *p = &sc->permit;
    p->enabled = 1;
    p->line = (int)xmlGetLineNo((xmlNode *)n);
    p->start = sc->start;
    p->grace_months = 6;
    p->validity_years = 5;
    p->fee_eur = 350;
    p->inspections_per_month = 40;
    p->application_rate = 0.15;
    p->detection = 0.8;
    p->repair_months = 4;
    p->sell_base = 0.05;
    p->sell_per_10k = 0.15;
    p->fine_eur = 2500;
    p->tip_rate = 0.01;
    p->hours_per_inspection = 3;
    p->repair_eur_per_m2 = 1000;
    TRY(bool_attr(ld, n, "enabled", &p->enabled));
    TRY(month_attr(ld, n, "start", 0, &p->start));
    TRY(read_ids(ld, sc, n, "zones", 1, 1, NULL, p->zone_nbh));
    for (int i = 0; i < sc->nnbh; i++)
        p->nzones += p->zone_nbh[i];
    TRY(int_attr(ld, n, "grace-months", 0, 600, &p->grace_months));
    TRY(num_attr(ld, n, "validity-years", 0.1, 100, &p->validity_years));
    TRY(num_attr(ld, n, "fee-eur", 0, 1e6, &p->fee_eur));
    TRY(int_attr(ld, n, "inspections-per-month", 0, 10000000, &p->inspections_per_month));
    TRY(num_attr(ld, n, "application-rate", 0, 1, &p->application_rate));
    TRY(num_attr(ld, n, "detection", 0, 1, &p->detection));
    TRY(num_attr(ld, n, "repair-months", 0, 600, &p->repair_months));
    TRY(num_attr(ld, n, "sell-base", 0, 1, &p->sell_base));
    TRY(num_attr(ld, n, "sell-per-10k", 0, 10, &p->sell_per_10k));
    TRY(num_attr(ld, n, "fine-eur", 0, 1e7, &p->fine_eur));
    TRY(num_attr(ld, n, "tip-rate", 0, 1, &p->tip_rate));
    TRY(num_attr(ld, n, "hours-per-inspection", 0, 1000, &p->hours_per_inspection));
    TRY(num_attr(ld, n, "repair-eur-per-m2", 0, 100000, &p->repair_eur_per_m2));
    return WS_OK;
}

/* The retrofit's pilot: pilot-offers made in the first month of the offer period, the
 * other offers spread over its months from pilot-months on (sim/MODEL.md 3.6). Both
 * attributes or neither. */
static int read_pilot_schedule(loader *ld, const xmlNode *n, ws_retrofit_params *r)
{
    int has_offers = xmlHasProp((xmlNode *)n, (const xmlChar *)"pilot-offers") != NULL;
    int has_months = xmlHasProp((xmlNode *)n, (const xmlChar *)"pilot-months") != NULL;
    if (has_offers != has_months)
        return bad(ld, n, "<retrofit> needs pilot-offers and pilot-months together");
    TRY(int_attr(ld, n, "pilot-offers", 0, WS_MAX_DWELLINGS, &r->pilot_offers));
    TRY(int_attr(ld, n, "pilot-months", 0, 1200, &r->pilot_months));
    if (r->pilot_months > 0 && r->pilot_months >= r->offer_months)
        return bad(ld, n, "pilot-months (%d) must be less than offer-months (%d)",
                   r->pilot_months, r->offer_months);
    return WS_OK;
}

static int read_retrofit(loader *ld, ws_scenario *sc, const xmlNode *n)
{
    static const char *const orders[] = {"worst-label-first", "random", "by-neighbourhood"};
    static const char *const heat_or_unchanged[] = {"gas", "hybrid", "heat-pump", "district",
                                                    "unchanged"};
    ws_retrofit_params *r = &sc->retrofit;
    r->enabled = 1;
    r->line = (int)xmlGetLineNo((xmlNode *)n);
    r->start = sc->start;
    r->offer_months = 1;
    r->works_months = 2;
    r->economic_sensitivity = 1;
    r->decision_months = 24;
    r->subsidy_share = 0.8;
    r->subsidy_max = 12000;
    TRY(bool_attr(ld, n, "enabled", &r->enabled));
    TRY(int_attr(ld, n, "offers", 0, WS_MAX_DWELLINGS, &r->offers));
    TRY(month_attr(ld, n, "start", 0, &r->start));
    TRY(int_attr(ld, n, "offer-months", 1, 1200, &r->offer_months));
    TRY(read_pilot_schedule(ld, n, r));
    TRY(int_attr(ld, n, "capacity-per-month", 0, 10000000, &r->capacity));
    TRY(num_attr(ld, n, "dropout", 0, 1, &r->dropout));
    TRY(num_attr(ld, n, "works-months", 0, 120, &r->works_months));
    TRY(bool_attr(ld, n, "include-private", &r->include_private));
    r->private_share = 1;
    TRY(num_attr(ld, n, "private-share", 0, 1, &r->private_share));
    int order = r->order;
    TRY(enum_attr(ld, n, "order", orders, 3, 0, &order));
    r->order = (ws_retrofit_order)order;
    if (xmlHasProp((xmlNode *)n, (const xmlChar *)"districts"))
        TRY(read_ids(ld, sc, n, "districts", 1, 0, r->district_on, NULL));
    else
        for (int d = 0; d < sc->ndistricts; d++)
            r->district_on[d] = 1;
    double share_sum = 0;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is_elem(c, "adoption")) {
            TRY(num_attr(ld, c, "innovation", 0, 1, &r->innovation));
            TRY(num_attr(ld, c, "imitation", 0, 1, &r->imitation));
            TRY(num_attr(ld, c, "economic-sensitivity", 0, 100, &r->economic_sensitivity));
            TRY(int_attr(ld, c, "decision-months", 1, 600, &r->decision_months));
        } else if (is_elem(c, "package")) {
            if (r->npackages == WS_MAX_PACKAGES)
                return bad(ld, c, "more than %d packages", WS_MAX_PACKAGES);
            ws_package *pk = &r->packages[r->npackages++];
            TRY(str_attr(ld, c, "id", 1, pk->id, sizeof pk->id));
            TRY(list_attr(ld, c, "cost-eur", ws_type_names, WS_NTYPE, 0, 1, pk->cost));
            TRY(int_attr(ld, c, "label-steps", 0, 6, &pk->label_steps));
            pk->min_label = WS_LABEL_G;
            TRY(enum_attr(ld, c, "min-label", ws_label_names, WS_NLABEL, 0, &pk->min_label));
            TRY(num_attr(ld, c, "gas-saving", 0, 1, &pk->gas_saving));
            int h = 4;
            TRY(enum_attr(ld, c, "heating", heat_or_unchanged, 5, 0, &h));
            pk->heating = h == 4 ? -1 : h;
            pk->share = -1;
            TRY(num_attr(ld, c, "share", 0, 1, &pk->share));
            if (pk->share < 0)
                return bad(ld, c, "<package> needs share");
            share_sum += pk->share;
        } else if (is_elem(c, "subsidy")) {
            TRY(num_attr(ld, c, "share", 0, 1, &r->subsidy_share));
            TRY(num_attr(ld, c, "per-dwelling-eur", 0, 1e7, &r->subsidy_max));
            TRY(num_attr(ld, c, "budget-eur", 0, 1e12, &r->budget));
            TRY(num_attr(ld, c, "loan-uptake", 0, 1, &r->loan_uptake));
        }
    }
    if (r->npackages && fabs(share_sum - 1) > 1e-6)
        return bad(ld, n, "package shares sum to %g, not 1", share_sum);
    if (r->enabled && r->offers > 0 && r->npackages == 0)
        return bad(ld, n, "<retrofit> with offers needs at least one <package>");
    return WS_OK;
}

/* <households>: a <composition> per tenure, the shares of the household types. */
static int read_households(loader *ld, ws_scenario *sc, const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (!is_elem(c, "composition"))
            continue;
        int t = 0;
        TRY(enum_attr(ld, c, "tenure", ws_tenure_names, WS_NTENURE, 1, &t));
        TRY(list_attr(ld, c, "mix", ws_household_names, WS_NHOUSEHOLD, 1, 1,
                      sc->household_mix[t]));
    }
    return WS_OK;
}

/* <corporations>: the social landlords' own programme. */
static int read_corporations(loader *ld, ws_scenario *sc, const xmlNode *n)
{
    ws_corporation_params *cp = &sc->corporations;
    cp->enabled = 1;
    cp->start = sc->start;
    cp->line = (int)xmlGetLineNo((xmlNode *)n);
    TRY(bool_attr(ld, n, "enabled", &cp->enabled));
    TRY(month_attr(ld, n, "start", 0, &cp->start));
    TRY(month_attr(ld, n, "efg-deadline", 0, &cp->efg_deadline));
    TRY(enum_attr(ld, n, "efg-label", ws_label_names, WS_NLABEL, 0, &cp->efg_label));
    TRY(num_attr(ld, n, "insulation-per-year", 0, 1, &cp->insulation_per_year));
    TRY(month_attr(ld, n, "insulation-end", 0, &cp->insulation_end));
    TRY(enum_attr(ld, n, "insulation-label", ws_label_names, WS_NLABEL, 0,
                  &cp->insulation_label));
    if (cp->efg_label >= WS_LABEL_E)
        return bad(ld, xmlHasProp((xmlNode *)n, (const xmlChar *)"efg-label"),
                   "efg-label must be D or better (the works take E, F and G out)");
    if (cp->efg_deadline < cp->start)
        return bad(ld, xmlHasProp((xmlNode *)n, (const xmlChar *)"efg-deadline"),
                   "efg-deadline is before the programme's start");
    return WS_OK;
}

/* Folds the map's bytes into the scenario's source hash (after the map was read, so its
 * size is known to be within the reader's limit). */
static int hash_map(ws_scenario *sc, ws_error *err)
{
    size_t len;
    if (strncmp(sc->map_path, WS_XML_EMBED_PREFIX "/", sizeof WS_XML_EMBED_PREFIX) == 0) {
        const char *data = ws_embedded_file(sc->map_path + sizeof WS_XML_EMBED_PREFIX, &len);
        if (data)
            ws_xml_hash(&sc->source_hash, data, len);
        return WS_OK;
    }
    char *buf = ws_xml_read_file(sc->map_path, WS_XML_MAP, &len, err);
    if (!buf)
        return WS_EIO;
    ws_xml_hash(&sc->source_hash, buf, len);
    free(buf);
    return WS_OK;
}

static int read_map(loader *ld, ws_scenario *sc, const xmlNode *area)
{
    char *rel = prop(area, "map");
    if (!rel)
        return WS_OK;
    const char *doc_path = "";
    int line;
    ws_xml_place(xmlHasProp((xmlNode *)area, (const xmlChar *)"map"), &doc_path, &line);
    /* A map named in a <set> or --set resolves against the scenario file itself. */
    if (strchr(doc_path, ':') &&
        strncmp(doc_path, WS_XML_EMBED_PREFIX, sizeof WS_XML_EMBED_PREFIX - 1) != 0)
        doc_path = area->doc->URL ? (const char *)area->doc->URL : "";
    if (strncmp(doc_path, "--set", 5) == 0)
        doc_path = sc->path;
    const xmlAttr *at = xmlHasProp((xmlNode *)area, (const xmlChar *)"map");
    if (!*rel) {
        xmlFree(rel);
        return bad(ld, at, "map=\"\" names no file");
    }
    int too_long = ws_xml_resolve_path(doc_path, rel, sc->map_path, sizeof sc->map_path);
    xmlFree(rel);
    if (too_long)
        return bad(ld, at, "map path longer than %zu bytes", sizeof sc->map_path - 1);
    ws_map *map = NULL;
    if (strncmp(sc->map_path, WS_XML_EMBED_PREFIX "/", sizeof WS_XML_EMBED_PREFIX) == 0) {
        size_t len;
        const char *data = ws_embedded_file(sc->map_path + sizeof WS_XML_EMBED_PREFIX, &len);
        if (!data)
            return bad(ld, area, "map '%s' is not embedded", sc->map_path);
        map = ws_map_parse(data, len, sc->map_path, ld->err);
    } else if (ws_xml_not_regular(sc->map_path)) {
        return bad(ld, xmlHasProp((xmlNode *)area, (const xmlChar *)"map"),
                   "map '%s': not a regular file", sc->map_path);
    } else {
        map = ws_map_load(sc->map_path, ld->err);
    }
    if (!map)
        return ws_xml_refer(ld->err, at, "map", sc->map_path);
    if (hash_map(sc, ld->err) != WS_OK) {
        ws_map_free(map);
        return ld->err ? ld->err->status : WS_EIO;
    }
    int st = WS_OK;
    for (int i = 0; i < sc->nnbh && st == WS_OK; i++) {
        int a = ws_map_find(map, sc->nbh[i].id);
        if (a < 0)
            st = ws_error_set(ld->err, WS_EINPUT,
                              "%s:%d: neighbourhood '%s' has no polygon in the map %s",
                              sc->path, sc->nbh[i].line, sc->nbh[i].id, sc->map_path);
        else if (map->areas[a].area <= 0)
            st = ws_error_set(ld->err, WS_EINPUT, "%s: area '%s' has no surface",
                              sc->map_path, sc->nbh[i].id);
    }
    if (st == WS_OK)
        sc->map = map;
    else
        ws_map_free(map);
    return st;
}

/* The timed captions (<caption date="YYYY-MM">text</caption>): within the scenario's
 * months, dates not decreasing. */
static int read_captions(loader *ld, ws_scenario *sc, const xmlNode *root)
{
    int n = 0;
    for (const xmlNode *c = root->children; c; c = c->next)
        if (is_elem(c, "caption") && ++n > WS_MAX_CAPTIONS)
            return bad(ld, c, "more than %d captions", WS_MAX_CAPTIONS);
    if (n == 0)
        return WS_OK;
    sc->captions = calloc((size_t)n, sizeof *sc->captions);
    if (!sc->captions)
        return ws_error_set(ld->err, WS_ENOMEM, "out of memory");
    for (const xmlNode *c = root->children; c; c = c->next) {
        if (!is_elem(c, "caption"))
            continue;
        ws_caption *cap = &sc->captions[sc->ncaptions];
        TRY(month_attr(ld, c, "date", 1, &cap->date));
        if (cap->date < sc->start || cap->date > sc->end)
            return bad(ld, c, "<caption> date is outside the scenario's months");
        if (sc->ncaptions > 0 && cap->date < sc->captions[sc->ncaptions - 1].date)
            return bad(ld, c, "<caption> dates must not decrease");
        xmlChar *text = xmlNodeGetContent(c);
        if (!text)
            return ws_error_set(ld->err, WS_ENOMEM, "out of memory");
        copy_str(cap->text, sizeof cap->text, (const char *)text);
        xmlFree(text);
        sc->ncaptions++;
    }
    return WS_OK;
}

static int read_scenario(loader *ld, ws_scenario *sc, xmlDocPtr doc)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    set_defaults(sc);
    TRY(str_attr(ld, root, "name", 1, sc->name, sizeof sc->name));
    TRY(month_attr(ld, root, "start", 1, &sc->start));
    TRY(month_attr(ld, root, "end", 1, &sc->end));
    if (sc->end < sc->start)
        return bad(ld, xmlHasProp(root, (const xmlChar *)"end"), "end is before start");
    if (sc->end - sc->start >= 12 * 200)
        return bad(ld, xmlHasProp(root, (const xmlChar *)"end"),
                   "a scenario spans at most 200 years");
    double seed = 0;
    if (!xmlHasProp(root, (const xmlChar *)"seed"))
        return bad(ld, root, "<scenario> needs seed");
    TRY(num_attr(ld, root, "seed", 0, 4294967295.0, &seed));
    if (seed != floor(seed))
        return bad(ld, xmlHasProp(root, (const xmlChar *)"seed"), "seed must be a whole number");
    sc->seed = (unsigned long)seed;
    const xmlNode *area = NULL;
    for (const xmlNode *c = root->children; c; c = c->next)
        if (is_elem(c, "area"))
            area = c;
    if (!area)
        return bad(ld, root, "<scenario> has no <area>");
    TRY(read_area(ld, sc, area));
    for (const xmlNode *c = root->children; c; c = c->next) {
        if (is_elem(c, "prices"))
            TRY(read_prices(ld, sc, c));
        else if (is_elem(c, "energy"))
            TRY(read_energy(ld, sc, c));
        else if (is_elem(c, "quality"))
            TRY(read_quality(ld, sc, c));
        else if (is_elem(c, "liveability")) {
            TRY(num_attr(ld, c, "base", 0, 10, &sc->liveability.base));
            TRY(num_attr(ld, c, "w-substandard", 0, 100, &sc->liveability.w_substandard));
            TRY(num_attr(ld, c, "w-poverty", 0, 100, &sc->liveability.w_poverty));
            TRY(num_attr(ld, c, "w-vacancy", 0, 100, &sc->liveability.w_vacancy));
        } else if (is_elem(c, "market"))
            TRY(read_market(ld, sc, c));
        else if (is_elem(c, "woondeal"))
            TRY(read_woondeal(ld, sc, c));
        else if (is_elem(c, "landlord-permit"))
            TRY(read_permit(ld, sc, c));
        else if (is_elem(c, "retrofit"))
            TRY(read_retrofit(ld, sc, c));
        else if (is_elem(c, "households"))
            TRY(read_households(ld, sc, c));
        else if (is_elem(c, "corporations"))
            TRY(read_corporations(ld, sc, c));
        else if (is_elem(c, "goals"))
            TRY(ws_goals_read(sc, c, ld->err));
    }
    if (sc->gas_price.npoints == 0 || sc->elec_price.npoints == 0)
        return bad(ld, root, "<prices> needs a gas and an electricity series");
    TRY(read_captions(ld, sc, root));
    return read_map(ld, sc, area);
}

/* ---------------------------------------------------------------- public */

/* The end of every load: validates doc (the file with its overrides applied) against
 * schema, reads it into sc and its <uncertain> declarations. Frees doc, *origins and, on
 * failure, sc; returns sc or NULL with ld->err set. */
static ws_scenario *read_doc(loader *ld, ws_scenario *sc, xmlDocPtr doc,
                             const ws_xml_schema *schema, const char *const *sets, int nsets,
                             ws_xml_origin **origins)
{
    int st = doc && schema ? ws_xml_validate(schema, doc, ld->err) : WS_EINPUT;
    if (st == WS_OK)
        st = read_scenario(ld, sc, doc);
    if (st == WS_OK) /* last: it changes doc */
        st = ws_uncertain_read(sc, doc, schema, sets, nsets, origins, ld->err);
    xmlFreeDoc(doc);
    ws_xml_origins_free(*origins);
    *origins = NULL;
    if (st != WS_OK) {
        ws_scenario_free(sc);
        return NULL;
    }
    return sc;
}

ws_scenario *ws_scenario_load(const char *path, const char *const *sets, int nsets,
                              ws_error *err)
{
    loader ld;
    ws_error local = {0, ""};
    ld.err = err ? err : &local;
    ld.err->status = WS_OK;
    ld.err->msg[0] = '\0';
    const char *file = (path && *path) ? path : WS_XML_EMBED_PREFIX "/leeuwarden-oost.xml";
    ws_scenario *sc = calloc(1, sizeof *sc);
    if (!sc) {
        ws_error_set(ld.err, WS_ENOMEM, "out of memory");
        return NULL;
    }
    snprintf(sc->path, sizeof sc->path, "%s", file);
    sc->source_hash = WS_XML_HASH_INIT;
    ws_xml_origin *origins = NULL;
    xmlDocPtr doc = NULL;
    ws_xml_schema *schema = ws_xml_schema_alloc("schema/woonsim.xsd", ld.err);
    if (schema)
        doc = ws_scenario_edit_read(file, sets, nsets, schema, &origins, &sc->source_hash,
                                    ld.err);
    sc = read_doc(&ld, sc, doc, schema, sets, nsets, &origins);
    ws_xml_schema_free(schema);
    return sc;
}

void ws_scenario_free(ws_scenario *sc)
{
    if (!sc)
        return;
    free(sc->nbh);
    free(sc->groups);
    free(sc->woondeal.projects);
    ws_map_free(sc->map);
    free(sc->captions);
    ws_uncertain_free(sc->uncertainty);
    free(sc);
}

int ws_scenario_district(const ws_scenario *sc, const char *id)
{
    for (int i = 0; i < sc->ndistricts; i++)
        if (strcmp(sc->districts[i].id, id) == 0)
            return i;
    return -1;
}

int ws_scenario_nbh(const ws_scenario *sc, const char *id)
{
    for (int i = 0; i < sc->nnbh; i++)
        if (strcmp(sc->nbh[i].id, id) == 0)
            return i;
    return -1;
}

double ws_series_at(const ws_series *s, double year)
{
    if (s->npoints == 0)
        return 0;
    if (year <= s->year[0])
        return s->value[0];
    for (int i = 1; i < s->npoints; i++) {
        if (year <= s->year[i]) {
            double f = (year - s->year[i - 1]) / (s->year[i] - s->year[i - 1]);
            return s->value[i - 1] + f * (s->value[i] - s->value[i - 1]);
        }
    }
    return s->value[s->npoints - 1];
}

/* ---------------------------------------------------------------- prepared loads */

/* A scenario file read once for many loads with different overrides (a sweep's
 * points): the schema compiled, the file parsed, validated and its extends chain
 * resolved. Each load copies the document, so that a load is the same as
 * ws_scenario_load's with the same sets, to the byte: the same document edited the
 * same way, validated and read by the same code (read_doc). */
struct ws_scenario_prep {
    char *given; /* the path as given, NULL as "" */
    char *file;  /* the file read: given, or the embedded default */
    ws_xml_schema *schema;
    xmlDocPtr doc;
    ws_xml_origin *origins; /* of doc's nodes from other files (variants) */
    uint64_t hash;          /* the sources' hash so far (the map's is added per load) */
    unsigned long xpath_ops;
};

ws_scenario_prep *ws_scenario_prep_alloc(const char *path, ws_error *err)
{
    ws_scenario_prep *p = calloc(1, sizeof *p);
    if (!p) {
        ws_error_set(err, WS_ENOMEM, "out of memory");
        return NULL;
    }
    p->given = strdup(path ? path : "");
    p->file = strdup((path && *path) ? path : WS_XML_EMBED_PREFIX "/leeuwarden-oost.xml");
    p->hash = WS_XML_HASH_INIT;
    if (!p->given || !p->file)
        ws_error_set(err, WS_ENOMEM, "out of memory");
    else if ((p->schema = ws_xml_schema_alloc("schema/woonsim.xsd", err)))
        p->doc = ws_scenario_edit_resolve(p->file, p->schema, &p->origins, &p->hash,
                                          &p->xpath_ops, err);
    if (!p->doc) {
        ws_scenario_prep_free(p);
        return NULL;
    }
    return p;
}

ws_scenario *ws_scenario_prep_load(const ws_scenario_prep *p, const char *const *sets,
                                   int nsets, ws_error *err)
{
    loader ld;
    ws_error local = {0, ""};
    ld.err = err ? err : &local;
    ld.err->status = WS_OK;
    ld.err->msg[0] = '\0';
    ws_scenario *sc = calloc(1, sizeof *sc);
    if (!sc) {
        ws_error_set(ld.err, WS_ENOMEM, "out of memory");
        return NULL;
    }
    snprintf(sc->path, sizeof sc->path, "%s", p->file);
    sc->source_hash = p->hash;
    ws_xml_origin *origins = NULL; /* what the sets add; p's stay p's */
    xmlDocPtr doc = ws_scenario_edit_copy(p->doc, 1, p->xpath_ops, sets, nsets, &origins, ld.err);
    return read_doc(&ld, sc, doc, p->schema, sets, nsets, &origins);
}

int ws_scenario_prep_is(const ws_scenario_prep *p, const char *path)
{
    return strcmp(p->given, path ? path : "") == 0;
}

void ws_scenario_prep_free(ws_scenario_prep *p)
{
    if (!p)
        return;
    xmlFreeDoc(p->doc);
    ws_xml_schema_free(p->schema);
    ws_xml_origins_free(p->origins);
    free(p->given);
    free(p->file);
    free(p);
}
