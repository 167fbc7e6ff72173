/* Wijkpaspoort: a printable A4 PDF with one page per district (its map, key figures at
 * the start and at each milestone with 5-95 % bands over many runs, trend charts, goals,
 * the source line), drawn with cairo. Every figure comes from the library's runs
 * (ws_run_many and the world's indicators: the CSV's columns), never recomputed here. */
#ifndef VW_PASSPORT_H
#define VW_PASSPORT_H

#include "lang.h"
#include "woonsim/common.h"
#include "woonsim/scenario.h"

typedef struct {
    int district;     /* district index, or -1 for a page per district */
    int runs, jobs;   /* runs for the bands (>= 1), worker threads */
    vw_lang lang;
    const char *path; /* the PDF written */
} vw_passport_opts;

/* Simulates o->runs runs of sc (which must have a map: vw_map_prepare) and writes the
 * passport to o->path atomically (a temporary file beside it, then renamed). Returns
 * WS_OK, or an error status with err set (WS_EINPUT for a district index out of range,
 * WS_EIO when the file cannot be written, WS_ENOMEM); nothing at o->path changes on
 * failure. */
int vw_passport_write(const ws_scenario *sc, const vw_passport_opts *o, ws_error *err);

/* The index of the district with this id or name (case-insensitive), or -1. */
int vw_passport_district(const ws_scenario *sc, const char *name);

#endif
