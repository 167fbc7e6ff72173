/* Viewer colour scales: viridis ramp, Okabe-Ito palettes, nice ranges. */
#include "scale.h"

#include <math.h>

/* Viridis (van der Walt and Smith, CC0) at ten evenly spaced stops; linear interpolation
 * between them stays within a few units of the full table. Perceptually uniform,
 * readable in grey and for the common colour-vision deficiencies. */
static const vw_rgb viridis_stops[10] = {0x440154, 0x482878, 0x3e4a89, 0x31688e, 0x26828e,
                                         0x1f9e89, 0x35b779, 0x6dcd59, 0xb4de2c, 0xfde725};

/* Okabe and Ito (2008), a palette distinguishable with every common colour deficiency. */
const vw_rgb vw_tenure_rgb[3] = {0x56b4e9, 0xe69f00, 0xcc79a7};
/* Labels: a diverging blue-to-red (ColorBrewer RdYlBu, colour-blind safe), A blue. */
const vw_rgb vw_label_rgb[7] = {0x4575b4, 0x91bfdb, 0xe0f3f8, 0xffffbf,
                                0xfee090, 0xfc8d59, 0xd73027};
const vw_rgb vw_retro_rgb[4] = {0x8c8c8c, 0xf0e442, 0xe69f00, 0x009e73};
const vw_rgb vw_series_rgb[4] = {0x0072b2, 0xd55e00, 0x009e73, 0xcc79a7};

vw_rgb vw_mix(vw_rgb a, vw_rgb b, double t)
{
    if (!(t > 0))
        return a;
    if (t >= 1)
        return b;
    vw_rgb out = 0;
    for (int sh = 0; sh <= 16; sh += 8) {
        double ca = (a >> sh) & 0xff, cb = (b >> sh) & 0xff;
        out |= (vw_rgb)lround(ca + (cb - ca) * t) << sh;
    }
    return out;
}

/* A ramp of n stops at t in [0,1], quantised to VW_RAMP_STEPS steps. */
static vw_rgb ramp_of(const vw_rgb *stops, int n, double t)
{
    if (isnan(t))
        return VW_NODATA_RGB;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double q = floor(t * (VW_RAMP_STEPS - 1) + 0.5) / (VW_RAMP_STEPS - 1);
    double f = q * (n - 1);
    int k = (int)f;
    if (k >= n - 1)
        return stops[n - 1];
    return vw_mix(stops[k], stops[k + 1], f - k);
}

vw_rgb vw_ramp(double t)
{
    return ramp_of(viridis_stops, 10, t);
}

/* ColorBrewer PuOr (Brewer, colorbrewer2.org; colour-blind safe), 7 classes: orange
 * below zero, near-white at zero, purple above. */
static const vw_rgb puor_stops[7] = {0xb35806, 0xf1a340, 0xfee0b6, 0xf7f7f7,
                                     0xd8daeb, 0x998ec3, 0x542788};

vw_rgb vw_ramp_diverging(double t)
{
    return ramp_of(puor_stops, 7, t);
}

double vw_range_t(vw_range r, double v)
{
    if (isnan(v))
        return NAN;
    double span = r.hi - r.lo;
    double t = span > 0 ? (v - r.lo) / span : 0.5;
    return t < 0 ? 0 : t > 1 ? 1 : t;
}

vw_rgb vw_range_color(vw_range r, double v)
{
    return vw_ramp(vw_range_t(r, v));
}

/* The "nice" number near x (1, 2, 2.5 or 5 times a power of ten). */
static double nice_step(double x)
{
    double p = pow(10, floor(log10(x)));
    double f = x / p;
    return (f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? 2.5 : f < 7.5 ? 5 : 10) * p;
}

vw_range vw_nice_range(double mn, double mx, int nticks, double *step)
{
    if (!isfinite(mn) || !isfinite(mx)) {
        mn = 0;
        mx = 1;
    }
    if (mx < mn) {
        double t = mn;
        mn = mx;
        mx = t;
    }
    if (mx - mn < 1e-9 * (fabs(mx) + fabs(mn)) || mx - mn < 1e-12) {
        double pad = fabs(mx) > 0 ? fabs(mx) * 0.05 : 1;
        int nonneg = mn >= 0;
        mn -= pad;
        mx += pad;
        if (nonneg && mn < 0)
            mn = 0; /* keep counts and shares from going below zero */
    }
    if (nticks < 2)
        nticks = 2;
    double st = nice_step((mx - mn) / nticks);
    vw_range r = {floor(mn / st + 1e-9) * st, ceil(mx / st - 1e-9) * st};
    if (r.hi <= r.lo)
        r.hi = r.lo + st;
    if (step)
        *step = st;
    return r;
}

int vw_tick_decimals(double step)
{
    for (int d = 0; d < 4; d++) {
        double x = step * pow(10, d);
        if (fabs(x - floor(x + 0.5)) < 1e-6)
            return d;
    }
    return 4;
}
