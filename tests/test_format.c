/* The CSV's figure formatting without printf (ws_format_fixed) against snprintf's "%.*f",
 * byte for byte: random values of every magnitude and sign, exact halves and their
 * neighbours (x.xx5, which binary doubles mostly miss by a hair), -0, values that round
 * to a negative zero, large values, infinities and NaN; and the decimal comma of the
 * Dutch CSV. Then ws_csv_rows_as in its formats against the default rows. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "woonsim/run.h"

static long mismatches;

/* Checks one value at one precision against the C library. */
static void same(double v, int d)
{
    char want[WS_FIXED_MAX + 8], got[WS_FIXED_MAX + 8];
    int n = snprintf(want, sizeof want, "%.*f", d, v);
    size_t k = ws_format_fixed(got, v, d, '.');
    got[k] = '\0';
    if ((size_t)n != k || strcmp(want, got) != 0) {
        if (mismatches++ < 10)
            CHECK(0, "%.17g with %d decimals: '%s', printf '%s'", v, d, got, want);
    }
}

/* Checks one count against lround and "%ld". */
static void same_count(double v)
{
    char want[32], got[32];
    int n = snprintf(want, sizeof want, "%ld", lround(v));
    size_t k = ws_format_count(got, v);
    got[k] = '\0';
    if ((size_t)n != k || strcmp(want, got) != 0) {
        if (mismatches++ < 10)
            CHECK(0, "count %.17g: '%s', lround and printf '%s'", v, got, want);
    }
}

/* A deterministic 64-bit generator (splitmix64) for the random values. */
static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void random_values(void)
{
    uint64_t s = 42;
    for (long i = 0; i < 400000; i++) {
        double u = (double)(next(&s) >> 11) / 9007199254740992.0;
        int e = (int)(next(&s) % 40) - 20; /* 1e-20 .. 1e20 */
        double v = u * pow(10, e) * (next(&s) & 1 ? -1 : 1);
        same(v, (int)(i % 7));
        if (e < 17)
            same_count(v);
    }
    /* Arbitrary bit patterns: every exponent, subnormals, NaN payloads. */
    for (long i = 0; i < 200000; i++) {
        uint64_t bits = next(&s);
        double v;
        memcpy(&v, &bits, sizeof v);
        same(v, (int)(i % 7));
    }
}

static void rounding_edges(void)
{
    static const double scale[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
    for (int d = 0; d <= 6; d++)
        for (long m = -40000; m <= 40000; m++) {
            /* m + 0.5 units of the last digit: x.xx5 in decimal; and its neighbours. */
            double v = ((double)m + 0.5) / scale[d];
            same(v, d);
            same(nextafter(v, INFINITY), d);
            same(nextafter(v, -INFINITY), d);
            same((double)m / scale[d], d);
            if (d == 1) /* halves of counts and their neighbours */
                same_count(v), same_count(nextafter(v, INFINITY)),
                    same_count(nextafter(v, -INFINITY)), same_count((double)m);
        }
    for (int m = -64; m <= 64; m++)
        same_count(m / 8.0), same_count(m * 1e15 + 0.5), same_count(m * 4503599627370496.0);
    same_count(0.49999999999999994), same_count(-0.49999999999999994), same_count(-0.0);
    for (int d = 0; d <= 6; d++) {
        /* Exact binary halves (0.5, 2.5, 0.125, ...): printf rounds them to even. */
        for (int m = -64; m <= 64; m++)
            same(m / 8.0, d), same(m / 64.0, d), same(m / 1024.0, d);
        same(0.0, d), same(-0.0, d), same(-0.001, d), same(-1e-9, d), same(-0.4999, d);
        same(1e15, d), same(-1e15, d), same(999999999999999.9, d), same(123456789012.345, d);
        same(4503599627370495.5, d), same(9007199254740993.0, d), same(1e300, d);
        same(-DBL_MAX, d), same(DBL_MIN, d), same(DBL_TRUE_MIN, d);
        same(INFINITY, d), same(-INFINITY, d), same(NAN, d), same(-NAN, d);
    }
    CHECK(mismatches == 0, "%ld values formatted unlike printf", mismatches);
}

static void decimal_comma(void)
{
    char got[WS_FIXED_MAX];
    size_t k = ws_format_fixed(got, -1234.5678, 2, ',');
    CHECK(k == 8 && memcmp(got, "-1234,57", 8) == 0, "'%.*s'", (int)k, got);
    k = ws_format_fixed(got, 2.5, 0, ',');
    CHECK(k == 1 && got[0] == '2', "'%.*s'", (int)k, got);
    k = ws_format_fixed(got, 1e20, 1, ','); /* the slow path too */
    CHECK(k == 23 && memcmp(got, "100000000000000000000,0", 23) == 0, "'%.*s'", (int)k, got);
}

/* The Dutch rows are the default rows with ; for , and , for the decimal point; chosen
 * columns and districts keep only those. */
static void csv_formats(void)
{
    ws_error err;
    ws_scenario *sc = ws_scenario_load(NULL, NULL, 0, &err);
    CHECK(sc != NULL, "default scenario: %s", err.msg);
    if (!sc)
        return;
    ws_world *w = ws_world_alloc(sc, 1, &err);
    CHECK(w != NULL, "world: %s", err.msg);
    for (int m = 0; w && m < 30; m++)
        ws_world_step(w);
    ws_buf a = {0}, b = {0}, c = {0};
    ws_csv_format nl = {';', ',', 0, {0}, NULL};
    ws_csv_header(&a);
    ws_csv_rows(&a, w, 7);
    ws_csv_header_as(&b, &nl);
    ws_csv_rows_as(&b, w, 7, &nl);
    int ok = a.len == b.len;
    for (size_t i = 0; ok && i < a.len; i++) {
        char x = a.data[i], y = b.data[i];
        ok = x == ',' ? y == ';' : x == '.' ? y == ',' : x == y;
    }
    CHECK(ok && a.len > 1000, "Dutch rows differ from the default beyond , . and ;");
    unsigned char pick[64] = {0};
    pick[sc->ndistricts] = 1; /* total only */
    ws_csv_format few = {',', '.', 2, {WS_I_LIVEABILITY, WS_I_DWELLINGS}, pick};
    ws_csv_header_as(&c, &few);
    ws_csv_rows_as(&c, w, 7, &few);
    const double *v = ws_world_indicators(w, sc->ndistricts);
    char want[256];
    snprintf(want, sizeof want, "run,date,district,liveability,dwellings\r\n7,%s,total,%.2f,%ld\r\n",
             "2025-07", v[WS_I_LIVEABILITY], lround(v[WS_I_DWELLINGS]));
    char date[8];
    ws_month_format(ws_world_month(w), date);
    memcpy(strstr(want, "2025-07"), date, 7);
    CHECK(c.data && strcmp(c.data, want) == 0, "chosen columns: '%s', want '%s'",
          c.data ? c.data : "", want);
    ws_buf_clear(&a);
    ws_buf_clear(&b);
    ws_buf_clear(&c);
    ws_world_free(w);
    ws_scenario_free(sc);
}

int main(void)
{
    random_values();
    rounding_edges();
    decimal_comma();
    csv_formats();
    return CHECK_DONE("test_format");
}
