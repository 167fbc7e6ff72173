/* woonsim scenario: the plain, validated description of one simulation set-up.
 *
 * The reader (sim/scenario.c, with sim/scenario_edit.c for extends, <set> and --set) is
 * built on the XML layer (sim/xml.c); libxml2 appears only there and in the readers
 * (scenario, map, GML, sweep). Everything else sees this struct. All arrays are owned
 * by the scenario and released by ws_scenario_free. */
#ifndef WOONSIM_SCENARIO_H
#define WOONSIM_SCENARIO_H

#include <stdint.h>
#include "woonsim/common.h"
#include "woonsim/goals.h"

/* Enumerations (their names are the XML vocabulary, see scenarios/schema/woonsim.xsd). */
enum { WS_TYPE_TERRACED, WS_TYPE_SEMI, WS_TYPE_DETACHED, WS_TYPE_APARTMENT, WS_NTYPE };
enum { WS_TENURE_OWNER, WS_TENURE_SOCIAL, WS_TENURE_PRIVATE, WS_NTENURE };
enum { WS_HEAT_GAS, WS_HEAT_HYBRID, WS_HEAT_PUMP, WS_HEAT_DISTRICT, WS_NHEAT };
enum { WS_INCOME_LOW, WS_INCOME_MIDDLE, WS_INCOME_HIGH, WS_NINCOME };
/* Household types (CBS household composition): a single person, a couple without
 * children, a couple with children, a single parent with children. */
enum { WS_HH_SINGLE, WS_HH_COUPLE, WS_HH_FAMILY, WS_HH_SINGLE_PARENT, WS_NHOUSEHOLD };
enum { WS_LABEL_A, WS_LABEL_B, WS_LABEL_C, WS_LABEL_D, WS_LABEL_E, WS_LABEL_F, WS_LABEL_G,
       WS_NLABEL };
/* Build periods; the last one is for dwellings built during the simulation. */
enum { WS_PERIOD_PRE1945, WS_PERIOD_1945, WS_PERIOD_1965, WS_PERIOD_1975, WS_PERIOD_1992,
       WS_PERIOD_2006, WS_PERIOD_NEW, WS_NPERIOD };

extern const char *const ws_type_names[WS_NTYPE];
extern const char *const ws_tenure_names[WS_NTENURE];
extern const char *const ws_heat_names[WS_NHEAT];
extern const char *const ws_income_names[WS_NINCOME];
extern const char *const ws_label_names[WS_NLABEL];
extern const char *const ws_household_names[WS_NHOUSEHOLD];
extern const char *const ws_period_names[WS_NPERIOD];

#define WS_MAX_DISTRICTS 64
#define WS_MAX_NEIGHBOURHOODS 1024
#define WS_MAX_DWELLINGS 20000000L /* the initial stock and every planned dwelling */
#define WS_MAX_CAPTIONS 1000
#define WS_MAX_BATCHES 100000     /* batches of all projects together */
#define WS_MAX_UNCERTAIN 256
#define WS_ID_LEN 48

/* One row of a composition table: count dwellings of this type, tenure and period. */
typedef struct {
    int type, tenure, period;
    int count;
    double floor_area; /* mean floor area, m2 */
} ws_stock_group;

typedef struct {
    char id[WS_ID_LEN];
    char name[96];
    int district;          /* index into districts */
    int group0, ngroups;   /* slice of scenario->groups */
    double label_mix[WS_NPERIOD][WS_NLABEL];   /* shares per build period */
    double income_mix[WS_NTENURE][WS_NINCOME]; /* shares per tenure */
    int line;              /* source line, for messages */
} ws_neighbourhood;

typedef struct {
    char id[WS_ID_LEN];
    char name[96];
    int line;
} ws_district;

/* A yearly price or factor series, linearly interpolated, held flat outside its range. */
typedef struct {
    int npoints;
    int year[64];
    double value[64];
} ws_series;

/* Woondeal project (process 1). Phases run in order; demolition happens at the start of
 * the phase named "construction" (or of the last phase if none has that name). */
#define WS_MAX_PHASES 8
/* Plan status (planning practice's "harde" and "zachte plancapaciteit"): hard, an
 * irrevocable plan or approved zoning; soft, a plan in preparation; idea, neither. */
enum { WS_PLAN_HARD, WS_PLAN_SOFT, WS_PLAN_IDEA, WS_NPLAN_STATUS };
extern const char *const ws_plan_status_names[WS_NPLAN_STATUS];
typedef struct {
    char id[WS_ID_LEN];
    int nbh;              /* neighbourhood index */
    int dwellings;        /* built */
    int type;             /* dwelling type built */
    ws_month start;       /* planned start of the first phase */
    int demolish;         /* dwellings demolished before construction */
    int batches;          /* delivered in this many sequential batches (>= 1) */
    double batch_interval; /* months between batch starts; < 0: half the construction mean */
    double tenure[WS_NTENURE];
    double floor_area;
    int nphases;
    char phase_name[WS_MAX_PHASES][24];
    double phase_mean[WS_MAX_PHASES], phase_sd[WS_MAX_PHASES]; /* months, lognormal */
    int cancelled;        /* 1: never proceeds (variant scenarios) */
    int status;           /* WS_PLAN_*; hard unless given */
    int line;
} ws_project;

typedef struct {
    int enabled;
    int target;
    ws_month deadline;
    double slip_probability; /* chance that a phase slips once */
    double slip_mean, slip_sd; /* extra months when it slips (lognormal) */
    /* Per plan status: the chance that the plan falls away (the project builds nothing)
     * and a lognormal extra delay of its start (months); all 0 unless given. */
    double plan_dropout[WS_NPLAN_STATUS];
    double plan_delay_mean[WS_NPLAN_STATUS], plan_delay_sd[WS_NPLAN_STATUS];
    int nprojects;
    ws_project *projects;
} ws_woondeal_params;

typedef struct {
    int enabled;
    ws_month start;
    int nzones;
    int zone_nbh[WS_MAX_NEIGHBOURHOODS]; /* 1 if the neighbourhood is in a zone */
    int grace_months;
    double validity_years;
    double fee_eur;
    int inspections_per_month;
    double application_rate;    /* monthly probability that an unpermitted landlord applies */
    double detection;           /* probability that an inspection finds a substandard dwelling */
    double repair_months;
    double sell_base, sell_per_10k; /* P(sell) = sell_base + sell_per_10k * cost/10000, capped */
    double fine_eur;
    double tip_rate;            /* monthly probability that an unpermitted let is reported */
    double hours_per_inspection;
    double repair_eur_per_m2;   /* repair cost per m2 for a condition gap of 1 */
    int line;
} ws_permit_params;

#define WS_MAX_PACKAGES 8
typedef struct {
    char id[WS_ID_LEN];
    double cost[WS_NTYPE];  /* EUR per dwelling by type */
    int label_steps;
    int min_label;          /* label reached at least (WS_LABEL_*) */
    double gas_saving;      /* share of remaining gas use saved beyond the label change */
    int heating;            /* heating after the works, or -1 unchanged */
    double share;           /* share of adopters choosing this package */
} ws_package;

/* The order in which the retrofit programme makes its offers (sim/retrofit.c has one
 * ranking function per order). */
typedef enum {
    WS_ORDER_WORST_FIRST,      /* worst energy index (label) first */
    WS_ORDER_RANDOM,           /* at random */
    WS_ORDER_BY_NEIGHBOURHOOD  /* in waves by neighbourhood, worst mean index first */
} ws_retrofit_order;

typedef struct {
    int enabled;
    int offers;
    ws_month start;
    int offer_months;
    int pilot_offers;       /* offers in the first pilot_months months (at most offers) */
    int pilot_months;       /* 0 = one even schedule over offer_months */
    int capacity;           /* works started per month, 0 = unlimited */
    double dropout;
    double works_months;    /* mean duration of works */
    int include_private;    /* offers also to private-landlord homes */
    double private_share;   /* at most this share of the offers to private-landlord homes */
    int decision_months;    /* an offered owner decides within this many months, or declines */
    int district_on[WS_MAX_DISTRICTS];
    ws_retrofit_order order; /* the order offers are made in */
    double innovation, imitation, economic_sensitivity;
    int npackages;
    ws_package packages[WS_MAX_PACKAGES];
    double subsidy_share, subsidy_max, budget;
    double loan_uptake;
    int line;
} ws_retrofit_params;

typedef struct {
    double sale_rate;        /* yearly share of owner homes sold */
    double buy_to_let_share; /* share of sales bought by landlords */
    ws_month protection_start;
    int protection_district[WS_MAX_DISTRICTS];
    double vacancy_rate;     /* yearly probability that a tenancy ends */
    double relet_months;     /* mean vacancy duration */
    double corp_demolition;  /* yearly share of social stock demolished outside projects */
    double landlord_portfolio; /* mean dwellings per private landlord */
    double private_sale_rate; /* yearly share of private rentals sold to owner-occupiers */
} ws_market_params;

typedef struct {
    double gas_per_index;    /* m3 gas per (kWh/m2.yr energy index x m2) at the reference index */
    double index_elasticity; /* actual use ~ index^elasticity around the reference (prebound) */
    double type_factor[WS_NTYPE];
    double base_electricity; /* kWh/yr of an average household */
    double hybrid_gas_share; /* share of gas use left with a hybrid heat pump */
    double heat_pump_cop;
    double co2_gas;          /* kg per m3 */
    double poverty_share;    /* energy-poor: low income and cost above this share */
    double income[WS_NINCOME]; /* mean yearly disposable income per band */
    double income_spread;    /* relative sd within a band */
} ws_energy_params;

typedef struct {
    double threshold;        /* condition below this is substandard */
    double mean[WS_NTENURE], sd[WS_NTENURE];
    double decay_per_year;   /* condition lost a year without maintenance */
    double maintenance[WS_NTENURE]; /* yearly probability of maintenance restoring it */
} ws_quality_params;

typedef struct {
    double base;
    double w_substandard, w_poverty, w_vacancy;
} ws_liveability_params;

/* The corporations' own programme (process 3b, sim/corporations.c): the national
 * performance agreements of 2022 for the social stock. */
typedef struct {
    int enabled;
    ws_month start;          /* first month of works */
    ws_month efg_deadline;   /* every social E, F or G dwelling upgraded by this month */
    int efg_label;           /* label reached by those works (WS_LABEL_*) */
    double insulation_per_year; /* further social dwellings insulated a year, as a share
                                   of the social stock at the start */
    ws_month insulation_end; /* last month of that insulation pace */
    int insulation_label;    /* label reached by it (WS_LABEL_*) */
    int line;
} ws_corporation_params;

struct ws_map;
struct ws_uncertainty;

typedef struct ws_scenario {
    char name[128];
    char path[1024];  /* the file it came from ("<embedded>/..." for embedded files) */
    char map_path[1024];
    struct ws_map *map;      /* neighbourhood polygons, or NULL (synthetic layout) */
    ws_month start, end;
    unsigned long seed;
    int ndistricts, nnbh, ngroups;
    ws_district districts[WS_MAX_DISTRICTS];
    ws_neighbourhood *nbh;   /* nnbh */
    ws_stock_group *groups;  /* ngroups */
    ws_series gas_price, elec_price, grid_co2;
    ws_energy_params energy;
    ws_quality_params quality;
    ws_liveability_params liveability;
    ws_market_params market;
    ws_woondeal_params woondeal;
    ws_permit_params permit;
    ws_retrofit_params retrofit;
    /* Household-type shares per tenure, drawn with every household (sim/stock.c). */
    double household_mix[WS_NTENURE][WS_NHOUSEHOLD];
    ws_corporation_params corporations;
    ws_goals goals;          /* the programme's goals (<goals>, woonsim/goals.h) */
    /* Timed captions for presentations (<caption date="YYYY-MM">), dates not
     * decreasing; no effect on the model. */
    int ncaptions;
    struct ws_caption *captions; /* ncaptions, owned */
    /* FNV-1a 64 over the bytes of the scenario file, its extends chain and its map: what
     * the results were made from (the sweep store's scenario_hash). */
    uint64_t source_hash;
    /* The <uncertain> declarations (sim/uncertain.c), or NULL when there are none. */
    struct ws_uncertainty *uncertainty;
} ws_scenario;

/* A caption shown from its month (the viewer's playback and exports). */
typedef struct ws_caption {
    ws_month date;
    char text[304];
} ws_caption;

/* Reads, validates and resolves a scenario file (extends chains, <set> edits, then the
 * command-line overrides sets[0..nsets-1], each "XPATH=VALUE"). path NULL or "" means
 * the embedded default scenario. Returns a new scenario owned by the caller, or NULL with
 * err set ("FILE:LINE: message", status WS_EINPUT for bad input). */
ws_scenario *ws_scenario_load(const char *path, const char *const *sets, int nsets,
                              ws_error *err);

/* Releases a scenario; NULL is allowed. */
void ws_scenario_free(ws_scenario *sc);

/* Index of a district or neighbourhood id, or -1. */
int ws_scenario_district(const ws_scenario *sc, const char *id);
int ws_scenario_nbh(const ws_scenario *sc, const char *id);

/* Number of months from start to end inclusive. */
static inline int ws_scenario_months(const ws_scenario *sc) { return sc->end - sc->start + 1; }

/* Value of a series in a year (linear interpolation; flat outside; 0 if empty). */
double ws_series_at(const ws_series *s, double year);

/* The embedded copy of a shipped file ("leeuwarden-oost.xml", "maps/leeuwarden-oost.xml",
 * "schema/woonsim.xsd"), or NULL. *len receives its size. */
const char *ws_embedded_file(const char *name, size_t *len);

/* Parameter uncertainty (<uncertain>, sim/uncertain.c). A scenario may declare a
 * distribution for any attribute; a run "with uncertainty" draws one value for each from
 * its own stream, derived from (seed, run) apart from the model's streams, so the same
 * run draws the same values whatever the threads and whichever scenario of a comparison
 * shares the declarations and seed. */

/* Number of <uncertain> declarations of sc. */
int ws_scenario_nuncertain(const ws_scenario *sc);

/* The values run draws for the declarations into out[0..ws_scenario_nuncertain(sc)-1].
 * Cannot fail. */
void ws_scenario_uncertain_values(const ws_scenario *sc, int run, double *out);

/* With on = 1, the runs of sc (ws_run_many) each draw their own values: run k runs
 * ws_scenario_draw(sc, k). Without declarations it changes nothing. Cannot fail. */
void ws_scenario_uncertain_set(ws_scenario *sc, int on);

/* 1 if the runs of sc draw their own values (set, and sc declares some), else 0. */
int ws_scenario_uncertain_on(const ws_scenario *sc);

/* A new scenario: sc (as read, with its overrides) with the values run draws set. The
 * result stands for the uncertain family too: its runs draw their own values (on, as
 * above), the same as sc's. Owned by the caller (ws_scenario_free); NULL with err set
 * when out of memory or a drawn value is refused ("...: message", WS_EINPUT). */
ws_scenario *ws_scenario_draw(const ws_scenario *sc, int run, ws_error *err);

#endif
