/* Viewer colour scales: a colour-blind-safe sequential ramp (viridis), categorical
 * palettes (Okabe-Ito) and nice axis ranges. Pure functions, no state. */
#ifndef VW_SCALE_H
#define VW_SCALE_H

#include <stdint.h>

/* A colour as 0xRRGGBB. */
typedef uint32_t vw_rgb;

/* Number of discrete steps of the sequential ramp (legend and fills use the same). */
#define VW_RAMP_STEPS 256

/* The sequential ramp at t in [0,1] (clamped; NaN gives the "no data" grey), quantised
 * to VW_RAMP_STEPS steps so that the legend and the map use identical colours. */
vw_rgb vw_ramp(double t);

/* The diverging ramp at t in [0,1] (0.5 is the neutral middle), quantised like vw_ramp:
 * for signed quantities and differences on a range symmetric around zero. */
vw_rgb vw_ramp_diverging(double t);

/* Colour for missing values. */
#define VW_NODATA_RGB 0xbdbdbdu

/* A value range of a scale or an axis. */
typedef struct {
    double lo, hi;
} vw_range;

/* Position of v in r as 0..1 (clamped); NaN for NaN. */
double vw_range_t(vw_range r, double v);

/* The ramp colour of v in r. */
vw_rgb vw_range_color(vw_range r, double v);

/* A range with round ends covering [mn, mx] with about nticks ticks; *step receives the
 * tick spacing. An empty or degenerate input gives a small range around it. */
vw_range vw_nice_range(double mn, double mx, int nticks, double *step);

/* Decimals that show every tick of this spacing exactly (0 for 25, 1 for 2.5). */
int vw_tick_decimals(double step);

/* Linear mix of two colours: t = 0 gives a, 1 gives b. */
vw_rgb vw_mix(vw_rgb a, vw_rgb b, double t);

/* Dwelling-dot palettes: tenure (owner, social, private), energy label (A..G),
 * retrofit class (none, offered/adopted, works, done), under construction. */
extern const vw_rgb vw_tenure_rgb[3];
extern const vw_rgb vw_label_rgb[7];
extern const vw_rgb vw_retro_rgb[4];
#define VW_BUILDING_RGB 0xffffffu

/* Line colours of scenarios A to D in charts and captions (Okabe-Ito blue, vermillion,
 * bluish green, reddish purple). */
extern const vw_rgb vw_series_rgb[4];

#endif
