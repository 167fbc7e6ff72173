/* Viewer labels in Dutch and English, dates and numbers in each language's convention.
 * All strings are static and UTF-8. */
#ifndef VW_LANG_H
#define VW_LANG_H

#include <stddef.h>
#include "woonsim/common.h"

typedef enum { VW_LANG_NL, VW_LANG_EN, VW_NLANG } vw_lang;

/* The language named "nl" or "en" (case-insensitive), or -1. */
int vw_lang_parse(const char *name);

/* String ids. */
typedef enum {
    /* indicators (order of the viewer's indicator table) */
    VW_S_IND_LABEL_B, VW_S_IND_POOR, VW_S_IND_RETRO, VW_S_IND_SUBSTANDARD,
    VW_S_IND_PRIVATE, VW_S_IND_SOCIAL, VW_S_IND_OWNER, VW_S_IND_VACANT,
    VW_S_IND_LIVEABILITY, VW_S_IND_PERMITS, VW_S_IND_DWELLINGS, VW_S_IND_NET_ADDED,
    VW_S_IND_ENERGY_COST, VW_S_IND_GAS, VW_S_IND_CO2,
    /* units */
    VW_S_U_PERCENT_DWELLINGS, VW_S_U_PERCENT_OCCUPIED, VW_S_U_PERCENT_PRIVATE_ZONE,
    VW_S_U_DWELLINGS, VW_S_U_SCORE, VW_S_U_EUR_YEAR, VW_S_U_M3_YEAR, VW_S_U_M3_YEAR_DW,
    VW_S_U_T_YEAR, VW_S_U_T_YEAR_DW, VW_S_U_PER_100,
    /* dots and categories */
    VW_S_DOTS_TENURE, VW_S_DOTS_LABEL, VW_S_DOTS_RETRO, VW_S_DWELLINGS,
    VW_S_TENURE_OWNER, VW_S_TENURE_SOCIAL, VW_S_TENURE_PRIVATE,
    VW_S_RETRO_NONE, VW_S_RETRO_DECIDING, VW_S_RETRO_WORKS, VW_S_RETRO_DONE,
    VW_S_BUILDING, VW_S_LABEL,
    /* screen */
    VW_S_WHOLE_AREA, VW_S_DISTRICT, VW_S_NEIGHBOURHOOD, VW_S_SCHEMATIC, VW_S_GML_MAP,
    VW_S_RUN, VW_S_RUNS_BAND, VW_S_MONTHS_PER_S, VW_S_PLAYING, VW_S_PAUSED,
    VW_S_PER_DWELLING, VW_S_ABSOLUTE, VW_S_CLICK_HINT, VW_S_HELP_HINT, VW_S_DISTRICT_VALUE,
    VW_S_MAP_DISTRICT_LEVEL, VW_S_NO_DWELLINGS, VW_S_LIVEABILITY_PARTS,
    VW_S_LIVEABILITY_AFTER,
    /* keyboard help */
    VW_S_HELP_TITLE, VW_S_K_PLAY, VW_S_K_STEP, VW_S_K_YEAR, VW_S_K_HOME, VW_S_K_SPEED,
    VW_S_K_IND, VW_S_K_ABS, VW_S_K_DOTS, VW_S_K_NAMES, VW_S_K_LANG, VW_S_K_PRESENT,
    VW_S_K_CONTROLS, VW_S_K_FULL, VW_S_K_SHOT, VW_S_K_HELP, VW_S_K_QUIT, VW_S_K_MOUSE,
    VW_S_SAVED,
    /* medians, differences, the presentation frame, the table (issue 18) */
    VW_S_MEDIAN_OF, VW_S_ONE_RUN_OF, VW_S_SINGLE_RUN, VW_S_DIFF_FROM, VW_S_U_POINTS,
    VW_S_SOURCE, VW_S_VERSION, VW_S_NORTH, VW_S_TARGET, VW_S_DOTS_RUN, VW_S_AREA,
    VW_S_MEDIAN, VW_S_TABLE_TITLE, VW_S_K_RUN, VW_S_K_DIFF, VW_S_K_TABLE, VW_S_DIFF_NEEDS,
    VW_S_SCENARIO, VW_S_DIFFERENCE,
    /* the lever panel's keys (issue 22) */
    VW_S_K_LEVERS, VW_S_K_SAVE_LEVERS,
    VW_S_DIFF_SCALE_MONTH, VW_S_DIFF_SCALE_FIXED,
    VW_S_MONITORED, VW_S_ON_TRACK, VW_S_BEHIND, VW_S_AHEAD, VW_S_GOAL_P,
    /* outside a scenario's period (issue 20) */
    VW_S_NO_DATA,
    VW_NSTR
} vw_str;

/* The label of id in lang; never NULL. */
const char *vw_tr(vw_lang lang, vw_str id);

/* Full month name (month 1..12). */
const char *vw_month_name(vw_lang lang, int month);

/* "maart 2031" / "March 2031" into buf. */
void vw_format_date(vw_lang lang, ws_month m, char *buf, size_t size);

/* A number with thousands grouping and the language's decimal mark ("12.345,6" in
 * Dutch, "12,345.6" in English); NaN gives "–". */
void vw_format_number(vw_lang lang, double v, int decimals, char *buf, size_t size);

#endif
