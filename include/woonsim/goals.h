/* woonsim goals: the programme's quantified targets in a scenario (<goals><goal .../>),
 * and whether a run meets them.
 *
 * A goal names one CSV indicator in one district (or the area's total), a target, a
 * month and a direction: "net_added in total at least 1500 by 2035-12". The scenario
 * reader (sim/goals_xml.c) fills sc->goals; the functions below judge a run's results,
 * as kept by ws_run_many (woonsim/run.h: a run's `at` array holds nat months x
 * (ndistricts + 1) rows x WS_NIND indicators, the area total last). Nothing here
 * allocates or fails except where said. */
#ifndef WOONSIM_GOALS_H
#define WOONSIM_GOALS_H

#include "woonsim/common.h"

#define WS_MAX_GOALS 32
#define WS_GOAL_NAME_LEN 48
/* The district index of a goal on the area's total. */
#define WS_GOAL_TOTAL (-1)

/* Whether the indicator must reach the target (at least) or stay at or below it. */
typedef enum { WS_GOAL_AT_LEAST, WS_GOAL_AT_MOST } ws_goal_direction;

extern const char *const ws_goal_direction_names[2]; /* "at-least", "at-most" */

typedef struct {
    char name[WS_GOAL_NAME_LEN]; /* the goal's id ("woondeal"); the indicator's name when
                                    the scenario gives none */
    int indicator;               /* WS_I_* (woonsim/world.h) */
    int district;                /* district index, or WS_GOAL_TOTAL */
    double target;
    ws_month by;                 /* judged at the end of this month (inside the scenario) */
    int direction;               /* ws_goal_direction */
    int line;                    /* source line, for messages */
} ws_goal;

/* The goals of a scenario, in the order the file gives them. */
typedef struct {
    int n;
    ws_goal goal[WS_MAX_GOALS];
} ws_goals;

struct ws_scenario;

/* Adds every goal's month to at[0..*nat) unless it is there already; at must have room
 * for *nat + sc->goals.n months. *nat grows by the number added. Cannot fail. */
void ws_goals_add_months(const struct ws_scenario *sc, ws_month *at, int *nat);

/* The value of the goal's indicator in one run: values is that run's kept indicators
 * (ws_run_result.at) at the months at[0..nat). NAN when the goal's month is not among
 * them. */
double ws_goal_value(const struct ws_scenario *sc, const ws_goal *g, const ws_month *at,
                     int nat, const double *values);

/* 1 if value meets the goal (value >= target, or <= for at-most), else 0 (NAN: 0). */
int ws_goal_met(const ws_goal *g, double value);

/* How far value falls short of the goal: target - value for at-least, value - target for
 * at-most, 0 when it is met. */
double ws_goal_gap(const ws_goal *g, double value);

/* The probability that the goal is met over n runs whose goal values are v[0..n): the
 * share of the weight w[0..n) (NULL: equal weights) on runs that meet it. 0 when n is
 * 0 or the weights sum to 0. */
double ws_goal_probability(const ws_goal *g, const double *v, const double *w, int n);

/* The goal's district id as written in the scenario ("total" for the area). */
const char *ws_goal_district_id(const struct ws_scenario *sc, const ws_goal *g);

#endif
