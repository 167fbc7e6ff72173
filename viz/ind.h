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
    int is_signed;    /* 1: can be negative; a diverging scale with zero in the middle */
    double fix_lo, fix_hi; /* a documented range shown whole (an index), when hi > lo */
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

/* Median, 5 % and 95 % quantile (q[0..2]) of the n values v, NaN left out; v is
 * reordered. The same definition as woonsim compare: GSL's
 * gsl_stats_quantile_from_sorted_data (linear interpolation at (n - 1) p). Returns the
 * number of values used (0: all NaN, q NaN). */
int vw_quantiles(double *v, int n, double q[3]);

/* The map's value for neighbourhood b of s at index t: its own, or its district's; in
 * run run (0-based), or with run < 0 the median over the runs. Uses s->tmp. */
double vw_map_value_run(const vw_timeline *s, int ind, int rel, int run, int t, int b);

/* The median over the runs (vw_map_value_run with run -1). */
double vw_map_value(const vw_timeline *s, int ind, int rel, int t, int b);

/* Indicator of district d (nd = area) at index t: run run's value, or with run < 0 the
 * median; q receives median, 5 % and 95 % (all the run's value for one run). Returns
 * q[0]. Uses s->tmp. */
double vw_district_value(const vw_timeline *s, int ind, int rel, int run, int t, int d,
                         double q[3]);

/* Colour range over every month and map unit of the n timelines (one scale for the
 * compared scenarios) as the map shows them (run, or the median with run < 0), with
 * round ends. */
vw_range vw_map_range(const vw_timeline *const *s, int n, int ind, int rel, int run);

/* Difference scenario b minus scenario a of map unit nb at index t (clamped to each
 * timeline): the run's difference, or with run < 0 the median of the differences
 * paired by run (as woonsim compare). Uses a->tmp. */
double vw_diff_value(const vw_timeline *a, const vw_timeline *b, int ind, int rel, int run,
                     int t, int nb);

/* Range of the differences of s[1..n-1] minus s[0], symmetric around zero: at index t
 * alone (the month's own scale, so that small late differences show), or over all
 * months when t < 0 (one fixed scale). */
vw_range vw_diff_range(const vw_timeline *const *s, int n, int ind, int rel, int run, int t);

/* The series of district d (nd = area) for run r (r < 0: the median over the runs):
 * out[0..months-1]. */
void vw_series(const vw_timeline *s, int ind, int rel, int d, int r, double *out);

/* The 5 % and 95 % quantiles over the runs per month (vw_quantiles); lo and hi have months entries. Needs scratch of runs doubles.
 * With one run both equal the run's series. */
void vw_band(const vw_timeline *s, int ind, int rel, int d, double *lo, double *hi,
             double *scratch);

#endif
