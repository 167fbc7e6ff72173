/* Viewer indicators: what the map can be coloured by, each one formula over the figure
 * fields (timeline.h) so that it gives the same kind of value per neighbourhood,
 * district and area; per dwelling (a share, in %) or absolute. */
#ifndef VW_IND_H
#define VW_IND_H

#include "lang.h"
#include "scale.h"
#include "timeline.h"

typedef struct {
    const char *key;  /* short English name, for --indicator */
    vw_str label;
    int num;          /* VW_F_* numerator */
    int den;          /* VW_F_* denominator of the per-dwelling form, or -1 */
    double factor;    /* per-dwelling multiplier (100 for %) */
    vw_str unit_rel;  /* unit of the per-dwelling form */
    vw_str unit_abs;  /* unit of the absolute form */
    int dec_rel, dec_abs; /* decimals shown */
} vw_indicator;

extern const vw_indicator vw_indicators[];
extern const int vw_nindicators;

/* Index of the indicator named key, or -1. */
int vw_indicator_find(const char *key);

/* 1 when the indicator has a value per neighbourhood (else the map shows its district's
 * value in each of its neighbourhoods). */
int vw_indicator_nbh_level(int ind);

/* The value of indicator ind from a figure vector f; rel selects the per-dwelling form
 * (ignored for indicators without one). NaN when the level lacks a field. */
double vw_indicator_value(int ind, int rel, const double *f);

/* Unit and decimals of the form shown. */
vw_str vw_indicator_unit(int ind, int rel);
int vw_indicator_decimals(int ind, int rel);

/* The map's value for neighbourhood b of s at index t: its own, or its district's. */
double vw_map_value(const vw_timeline *s, int ind, int rel, int t, int b);

/* Colour range over every month and map unit of the n timelines (one scale for the
 * compared scenarios), with round ends. */
vw_range vw_map_range(const vw_timeline *const *s, int n, int ind, int rel);

/* The series of district d (nd = area) for run r: out[0..months-1]. */
void vw_series(const vw_timeline *s, int ind, int rel, int d, int r, double *out);

/* The 5 % and 95 % quantiles over the runs per month (linear interpolation between
 * order statistics); lo and hi have months entries. Needs scratch of runs doubles.
 * With one run both equal the run's series. */
void vw_band(const vw_timeline *s, int ind, int rel, int d, double *lo, double *hi,
             double *scratch);

#endif
