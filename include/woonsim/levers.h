/* woonsim levers: the policy levers a scenario declares (<lever>, scenarios/schema/
 * woonsim.xsd) for a live panel, and the "save as scenario" writer that keeps what a
 * planner found. A lever is a --set with a range: its select is applied exactly as
 * ws_scenario_load applies "SELECT=VALUE", so a lever's value and the same --set give
 * the same scenario.
 *
 *   ws_levers *l = ws_levers_load(path, &err);       read and check every lever
 *   ws_lever_text(&l->lever[k], x, buf, sizeof buf);  the value text of slider value x
 *   ws_lever_set(&l->lever[k], buf, set, sizeof set); "SELECT=VALUE" for ws_scenario_load
 *   ws_levers_save(l, values, name, out, &err);      a variant with one <set> per change
 *   ws_levers_free(l); */
#ifndef WOONSIM_LEVERS_H
#define WOONSIM_LEVERS_H

#include <stddef.h>
#include "woonsim/common.h"

#define WS_LEVER_MAX 64 /* levers in a scenario */
#define WS_LEVER_MAX_VALUES 16
#define WS_LEVER_TEXT 256

typedef struct {
    char name[48];
    char select[512];
    double min, max, step;     /* a numeric lever (nvalues == 0) */
    int decimals;              /* decimals of its value text (those of min, max, step) */
    int nvalues;               /* a choice lever: values[0..nvalues-1] */
    char values[WS_LEVER_MAX_VALUES][WS_LEVER_TEXT];
    char unit[32];
    char label_nl[96], label_en[96];
    char base[WS_LEVER_TEXT];  /* the value the scenario has (the select's first node) */
    double base_x;             /* the slider position of base: a number, or a choice index
                                  (the nearest, 0 when base is none of the values) */
    int line;                  /* source line of the <lever> */
} ws_lever;

typedef struct {
    char path[1024];           /* the scenario file ("<embedded>/..." for the default) */
    int n;
    ws_lever *lever;           /* n, owned */
} ws_levers;

/* Reads the levers of the scenario at path (NULL or "": the embedded default), its
 * extends chain resolved, and checks each: a select that matches nothing, min > max,
 * step <= 0, a choice lever without values or a lever with both, and every end of its
 * range (min and max, or each value) applied like --set and read as a scenario (the
 * schema and the reader must accept it). Returns the levers (n may be 0), owned by the
 * caller, or NULL with err set ("FILE:LINE: message", WS_EINPUT; WS_ENOMEM). */
ws_levers *ws_levers_load(const char *path, ws_error *err);

/* Releases levers; NULL is allowed. */
void ws_levers_free(ws_levers *l);

/* The value text of slider position x (a number clamped to [min, max] and rounded to
 * the step from min; for a choice lever the index, clamped) into out[size]. Cannot
 * fail (the text is cut to size). */
void ws_lever_text(const ws_lever *lv, double x, char *out, size_t size);

/* The slider position of a value text (for a choice lever its index, or -1 when none;
 * for a numeric one its number, NAN when it is not one). */
double ws_lever_position(const ws_lever *lv, const char *text);

/* "SELECT=VALUE" for ws_scenario_load's sets into out[size]. Returns WS_OK, or
 * WS_EINPUT when it does not fit. */
int ws_lever_set(const ws_lever *lv, const char *value, char *out, size_t size);

/* Writes a scenario that extends l->path with one <set> per lever whose value text
 * values[k] differs from its base (values: l->n texts), named name, with the date of
 * writing in a comment, to out_path atomically (a temporary file renamed). Returns
 * WS_OK, or an error status with err set (nothing at out_path changed). */
int ws_levers_save(const ws_levers *l, const char *const *values, const char *name,
                   const char *out_path, ws_error *err);

#endif
