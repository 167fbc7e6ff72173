/* woonsim-view: the viewer's command line (window, --render, --export, --bench-frames). */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <SDL.h>
#include "export.h"
#include "gml.h"
#include "table.h"
#include "passport.h"
#include "woonsim/track.h"
#include "vector.h"
#include "levers.h"
#include "view.h"
#include "window.h"

static const char usage[] =
    "usage: woonsim-view [SCENARIO.xml [OTHER.xml ...]] [options]\n"
    "\n"
    "Shows the district map of Leeuwarden Oost over time, coloured by an indicator;\n"
    "with OTHER.xml up to four scenarios side by side on one colour scale, in step.\n"
    "With several runs the map, the lines and the figures are the median over the\n"
    "runs (the band: 5-95 %%), the same numbers as woonsim compare.\n"
    "Without SCENARIO.xml the embedded default scenario is shown.\n"
    "\n"
    "view:\n"
    "  --indicator KEY     map indicator (default label-b), one of:\n"
    "                      %s\n"
    "  --absolute          absolute numbers instead of per dwelling\n"
    "  --run K             show run K alone instead of the median (key r)\n"
    "  --diff              difference map: each scenario minus the first (key m); of\n"
    "                      one scenario with --lever/--levers: the levers' result minus\n"
    "                      the loaded scenario\n"
    "  --diff-fixed        the difference map's colours on one scale for all months\n"
    "                      (without it each month has its own, said in the legend)\n"
    "  --dots MODE         dwelling dots: off, tenure, label, retrofit (default off)\n"
    "  --lang nl|en        labels in Dutch or English (default nl)\n"
    "  --date YYYY-MM      date shown first (default: the start)\n"
    "  --no-names          no district names on the map\n"
    "  --present           presentation mode: full screen, large type, no controls\n"
    "  --title TEXT        title (default: the scenario's name)\n"
    "  --size WxH          window or frame size (default 1600x900; MP4: even sizes)\n"
    "  --fullscreen        full screen window\n"
    "  --play              start playing\n"
    "simulation:\n"
    "  --runs N            simulate N runs; charts show the 5-95 %% band (default 1)\n"
    "  --jobs N            threads for the extra runs (default: all cores)\n"
    "  --set XPATH=VALUE   change the scenario(s), as woonsim run --set (repeatable)\n"
    "  --uncertain         every run draws its own <uncertain> values (woonsim run)\n"
    "  --boundaries FILE   real boundaries, any vector format GDAL reads (GML,\n"
    "                      GeoPackage, GeoJSON, Shapefile; any CRS, reprojected to\n"
    "                      RD New): matched by id or name, else by the CBS wijk code\n"
    "                      of a district (its buurten); others drawn grey\n"
    "  --gml FILE          the same (older name)\n"
    "  --gml-id FIELDS     field(s) holding the feature id, comma-separated\n"
    "                      (default buurtcode,wijkcode,statcode,code,id)\n"
    "  --actuals FILE.csv  monitored figures (date,district,indicator,value, as woonsim\n"
    "                      track reads them) as points on the charts; the scenario's\n"
    "                      goals are drawn as target lines\n"
    "without a display:\n"
    "  --render            draw one frame at --date (required) into -o OUT.png, or\n"
    "                      with -o OUT.csv write its figures: median, p5, p95 per\n"
    "                      scenario, area and indicator\n"
    "                      (OUT.svg or OUT.pdf: a vector drawing)\n"
    "  -o, --output FILE   output of --render or --passport\n"
    "  --passport [DISTRICT]  the wijkpaspoort: an A4 page per district (or one) into\n"
    "                      -o FILE.pdf, key figures with 5-95 %% bands over --runs\n"
    "                      (default 20 here)\n"
    "  --csv-format nl|en  nl: ';' and a decimal comma for Dutch spreadsheets\n"
    "                      (default en: ',' and a point)\n"
    "  --export OUT        the animation: OUT.gif, OUT.mp4 (needs ffmpeg), or DIR/\n"
    "                      for PNG frames (frame-0001.png, ...)\n"
    "  --step N            months per exported frame (default 1)\n"
    "  --from YYYY-MM, --to YYYY-MM   months exported (default: all)\n"
    "  --fps N             frames per second of GIF and MP4 (default 10; a GIF's\n"
    "                      delays are whole hundredths, so at most 50)\n"
    "  --bench-frames N    draw N frames at 1920x1080 with dots on, print ms per frame\n"
    "  --screenshot FILE   (window) save the window's pixels after a few frames, quit\n"
    "levers (the scenario's <lever> elements; key v shows the panel, S saves):\n"
    "  --levers            show the lever panel (also in presentation mode)\n"
    "  --lever NAME=VALUE  set a lever before drawing (repeatable; headless too)\n"
    "  --save-levers FILE  save the lever values as a scenario extending this one\n"
    "  --bench-levers N    change a lever N times headless, print the median ms from\n"
    "                      a change to the redrawn frame (with --runs, default 20)\n"
    "  -h, --help, --version\n"
    "\n"
    "keys in the window: h or F1 shows them all (space play/pause, arrows step,\n"
    "i next indicator, d dots, l language, p presentation, r median / one run,\n"
    "m difference map, t table, s screenshot, q quit). --render and --export always\n"
    "draw the presentation frame (no controls).\n"
    "exit status: 0 ok, 1 runtime failure, 2 bad usage or bad input\n";

static void print_usage(FILE *f)
{
    char keys[1024] = "";
    for (int i = 0; i < vw_nindicators; i++) {
        if (i)
            strncat(keys, i % 5 == 0 ? ",\n                      " : ", ",
                    sizeof keys - strlen(keys) - 1);
        strncat(keys, vw_indicators[i].key, sizeof keys - strlen(keys) - 1);
    }
    fprintf(f, usage, keys);
}

static int fail_usage(const char *msg, const char *arg)
{
    fprintf(stderr, "woonsim-view: %s%s%s\n(see woonsim-view --help)\n", msg,
            arg ? ": " : "", arg ? arg : "");
    return 2;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

static int parse_size(const char *s, int *w, int *h)
{
    char *end;
    long a = strtol(s, &end, 10);
    if (end == s || (*end != 'x' && *end != 'X'))
        return -1;
    const char *p = end + 1;
    long b = strtol(p, &end, 10);
    if (end == p || *end || a < 160 || b < 120 || a > 8192 || b > 8192)
        return -1;
    *w = (int)a;
    *h = (int)b;
    return 0;
}

typedef struct {
    const char *files[VW_MAX_SIM];
    int nfiles;
    const char **sets;
    int nsets;
    int runs, jobs;
    const char *indicator, *dots, *lang, *date, *title, *gml, *gml_id;
    const char *output, *export_to, *from, *to, *screenshot, *csv_format;
    int run, diff; /* --run K (0: the median), --diff */
    int diff_fixed; /* --diff-fixed */
    int absolute, no_names, present, fullscreen, play, render, step, fps, bench;
    int uncertain;
    int w, h, size_set;
    int passport;                /* --passport [DISTRICT] */
    const char *passport_district;
    const char *actuals;         /* --actuals FILE.csv */
    /* levers (viz/levers.h) */
    const char **lever_vals;
    int nlever_vals, levers, bench_levers, runs_set;
    const char *save_levers;
    /* checked (check_options) */
    int ind, dot_mode, lang_id;
    ws_month date_m, from_m, to_m;
} options;

/* Where the value of option a goes when it is a whole number (*hi: its largest), or
 * NULL. */
static int *number_slot(options *o, const char *a, int *hi)
{
    *hi = 100000;
    if (!strcmp(a, "--runs")) {
        *hi = 1000; /* every run's neighbourhood figures are kept */
        return &o->runs;
    }
    if (!strcmp(a, "--fps")) {
        *hi = 100;
        return &o->fps;
    }
    if (!strcmp(a, "--run")) {
        *hi = 1000;
        return &o->run;
    }
    return !strcmp(a, "--jobs")           ? &o->jobs
           : !strcmp(a, "--step")         ? &o->step
           : !strcmp(a, "--bench-frames") ? &o->bench
           : !strcmp(a, "--bench-levers") ? &o->bench_levers
                                          : NULL;
}

/* Where the value of option a goes when it is a string, or NULL. */
static const char **string_slot(options *o, const char *a)
{
    static const struct {
        const char *name;
        size_t off;
    } slots[] = {
        {"--indicator", offsetof(options, indicator)},
        {"--dots", offsetof(options, dots)},
        {"--lang", offsetof(options, lang)},
        {"--date", offsetof(options, date)},
        {"--title", offsetof(options, title)},
        {"--gml", offsetof(options, gml)},
        {"--boundaries", offsetof(options, gml)},
        {"--gml-id", offsetof(options, gml_id)},
        {"-o", offsetof(options, output)},
        {"--output", offsetof(options, output)},
        {"--export", offsetof(options, export_to)},
        {"--from", offsetof(options, from)},
        {"--to", offsetof(options, to)},
        {"--screenshot", offsetof(options, screenshot)},
        {"--csv-format", offsetof(options, csv_format)},
        {"--actuals", offsetof(options, actuals)},
        {"--save-levers", offsetof(options, save_levers)},
    };
    for (size_t k = 0; k < sizeof slots / sizeof slots[0]; k++)
        if (!strcmp(a, slots[k].name))
            return (const char **)(void *)((char *)o + slots[k].off);
    return NULL;
}

/* The switch a sets, or NULL. */
static int *flag_slot(options *o, const char *a)
{
    return !strcmp(a, "--absolute")     ? &o->absolute
           : !strcmp(a, "--no-names")   ? &o->no_names
           : !strcmp(a, "--present")    ? &o->present
           : !strcmp(a, "--fullscreen") ? &o->fullscreen
           : !strcmp(a, "--play")       ? &o->play
           : !strcmp(a, "--render")     ? &o->render
           : !strcmp(a, "--diff")       ? &o->diff
           : !strcmp(a, "--diff-fixed") ? &o->diff_fixed
           : !strcmp(a, "--uncertain")  ? &o->uncertain
           : !strcmp(a, "--levers")     ? &o->levers
                                        : NULL;
}

/* --passport and its optional DISTRICT: the next word when it is neither an option
 * nor a scenario file (.xml). */
static void parse_passport(int argc, char **argv, int *i, options *o)
{
    o->passport = 1;
    const char *next = *i + 1 < argc ? argv[*i + 1] : NULL;
    size_t n = next ? strlen(next) : 0;
    if (next && next[0] != '-' && !(n >= 4 && !strcmp(next + n - 4, ".xml")))
        o->passport_district = argv[++*i];
}

/* 1 when path ends in ext (".svg", ".pdf", ".csv"), in any case. */
static int has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), k = strlen(ext);
    return n > k && !strcasecmp(path + n - k, ext);
}

/* Reads the command line into o (o->sets has room for argc entries). Returns -1 to go
 * on, or the exit status: 0 after --help or --version, 2 for bad usage (said). */
static int parse_args(int argc, char **argv, options *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int hi, *num = number_slot(o, a, &hi), *flag = flag_slot(o, a);
        const char **str = string_slot(o, a);
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            print_usage(stdout);
            return 0;
        } else if (!strcmp(a, "--version")) {
            printf("woonsim-view %s (commit %s)\n", WS_VERSION, ws_commit());
            return 0;
        } else if (!strcmp(a, "--passport")) {
            parse_passport(argc, argv, &i, o);
        } else if (flag) {
            *flag = 1;
        } else if (a[0] == '-' && a[1] && !num && !str && strcmp(a, "--size") &&
                   strcmp(a, "--set") && strcmp(a, "--lever")) {
            return fail_usage("unknown option", a);
        } else if (a[0] != '-' || !a[1]) {
            if (o->nfiles == VW_MAX_SIM)
                return fail_usage("at most four scenarios", a);
            o->files[o->nfiles++] = a;
        } else if (i + 1 >= argc) {
            return fail_usage("option needs a value", a);
        } else if (num) {
            if (parse_int(argv[++i], 1, hi, num) != 0)
                return fail_usage("needs a whole number in range", a);
            o->runs_set |= num == &o->runs;
        } else if (str) {
            *str = argv[++i];
        } else if (!strcmp(a, "--size")) {
            if (parse_size(argv[++i], &o->w, &o->h) != 0)
                return fail_usage("--size wants WxH, from 160x120 to 8192x8192", argv[i]);
            o->size_set = 1;
        } else if (!strcmp(a, "--lever")) {
            o->lever_vals[o->nlever_vals++] = argv[++i];
        } else {
            o->sets[o->nsets++] = argv[++i]; /* --set */
        }
    }
    return -1;
}

/* The passport's options: -o FILE.pdf, nothing of the window's or the exports'. */
static int check_passport(const options *o)
{
    if (!o->output || !has_ext(o->output, ".pdf"))
        return fail_usage("--passport needs -o FILE.pdf", o->output);
    if (o->render || o->export_to || o->bench || o->nfiles > 1)
        return fail_usage("--passport takes one scenario and no --render, --export or "
                          "--bench-frames", NULL);
    return -1;
}

/* Checks the options before the (slower) simulation and turns the names into values.
 * Returns -1 to go on, or 2 (said). */
static int check_options(options *o)
{
    o->ind = o->indicator ? vw_indicator_find(o->indicator) : 0;
    if (o->ind < 0)
        return fail_usage("unknown indicator (see --help)", o->indicator);
    o->dot_mode = VW_DOTS_OFF;
    if (o->dots) {
        static const char *const names[VW_NDOTS] = {"off", "tenure", "label", "retrofit"};
        o->dot_mode = -1;
        for (int k = 0; k < VW_NDOTS; k++)
            if (!strcmp(o->dots, names[k]))
                o->dot_mode = k;
        if (o->dot_mode < 0)
            return fail_usage("--dots wants off, tenure, label or retrofit", o->dots);
    }
    o->lang_id = o->lang ? vw_lang_parse(o->lang) : VW_LANG_NL;
    if (o->lang_id < 0)
        return fail_usage("--lang wants nl or en", o->lang);
    if ((o->date && ws_month_parse(o->date, &o->date_m) != 0) ||
        (o->from && ws_month_parse(o->from, &o->from_m) != 0) ||
        (o->to && ws_month_parse(o->to, &o->to_m) != 0))
        return fail_usage("a date wants YYYY-MM",
                          o->date ? o->date : o->from ? o->from : o->to);
    if (o->render && !o->output)
        return fail_usage("--render needs -o OUT.png or -o OUT.csv", NULL);
    if (o->csv_format && strcmp(o->csv_format, "nl") && strcmp(o->csv_format, "en"))
        return fail_usage("--csv-format wants nl or en", o->csv_format);
    if (o->csv_format && !(o->output && has_ext(o->output, ".csv")))
        return fail_usage("--csv-format goes with --render -o OUT.csv", o->csv_format);
    if (o->run > o->runs)
        return fail_usage("--run K needs K <= --runs", NULL);
    if (o->diff && o->nfiles < 2 && !o->nlever_vals && !o->levers)
        return fail_usage("--diff needs two or more scenarios, or levers", NULL);
    if (o->render && !o->date)
        return fail_usage("--render needs --date YYYY-MM", NULL);
    if (o->passport)
        return check_passport(o);
    if (o->output && !o->render)
        return fail_usage("-o goes with --render (use --export for animations)", o->output);
    if (o->render && o->export_to)
        return fail_usage("--render and --export exclude each other", NULL);
    return -1;
}

static vw_timeline *load(const options *o, int k, ws_error *err)
{
    ws_scenario *sc = ws_scenario_load(o->nfiles > k ? o->files[k] : NULL, o->sets, o->nsets, err);
    if (sc && o->uncertain) { /* run 1's own values; the band's runs draw theirs */
        ws_scenario *d = ws_scenario_draw(sc, 1, err);
        ws_scenario_free(sc);
        sc = d;
    }
    if (!sc)
        return NULL;
    int rc = vw_map_prepare(sc, o->gml, o->gml_id, err);
    if (rc != WS_OK) {
        ws_scenario_free(sc);
        return NULL;
    }
    return vw_timeline_alloc(sc, o->runs, o->jobs, err);
}

/* The third and fourth scenarios (small multiples), then the view's run and difference
 * options. Returns -1 to go on, or the exit status (said; *v cleared). */
static int add_scenarios(const options *o, vw_view *v)
{
    for (int k = 2; k < o->nfiles; k++) {
        ws_error err = {0};
        vw_timeline *s = load(o, k, &err);
        if (!s || vw_view_add(v, s) != WS_OK) {
            fprintf(stderr, "%s\n", s ? "woonsim-view: out of memory" : err.msg);
            vw_view_clear(v);
            return s ? 1 : ws_exit_status(err.status);
        }
    }
    v->run = o->run > 0 ? o->run - 1 : -1;
    v->diff = o->diff;
    v->diff_fixed = o->diff_fixed;
    if (o->diff && o->nfiles >= 2 && !vw_view_can_diff(v)) { /* levers: see setup_levers */
        fprintf(stderr, "woonsim-view: --diff needs scenarios with the same neighbourhoods "
                        "and the same --runs\n");
        vw_view_clear(v);
        return 2;
    }
    return -1;
}

/* Simulates the scenario(s) and sets up the view as the options say. Returns -1 with
 * *v ready, or the exit status (said; *v cleared or never set up). */
static int open_view(const options *o, vw_view *v)
{
    ws_error err = {0};
    vw_text *text = vw_text_alloc(NULL, &err);
    if (!text) {
        fprintf(stderr, "woonsim-view: %s\n", err.msg);
        return ws_exit_status(err.status);
    }
    vw_timeline *sa = load(o, 0, &err), *sb = NULL;
    if (sa && o->nfiles >= 2)
        sb = load(o, 1, &err);
    if (!sa || (o->nfiles >= 2 && !sb)) {
        fprintf(stderr, "%s\n", err.msg);
        vw_timeline_free(sa);
        vw_text_free(text);
        return ws_exit_status(err.status);
    }
    if (vw_view_init(v, sa, sb, text, (vw_lang)o->lang_id) != WS_OK) {
        vw_view_clear(v);
        fprintf(stderr, "woonsim-view: out of memory\n");
        return 1;
    }
    int rc = add_scenarios(o, v);
    if (rc >= 0)
        return rc;
    v->ind = o->ind;
    v->rel = !o->absolute;
    v->dots = o->dot_mode;
    v->names = !o->no_names;
    v->present = o->present;
    v->controls = !o->present;
    if (o->title)
        snprintf(v->title, sizeof v->title, "%s", o->title);
    if (o->date) {
        if (o->date_m < v->first || o->date_m > v->last) {
            char a[8], b[8];
            ws_month_format(v->first, a);
            ws_month_format(v->last, b);
            fprintf(stderr, "woonsim-view: --date %s is outside the scenario (%s to %s)\n",
                    o->date, a, b);
            vw_view_clear(v);
            return 2;
        }
        v->month = o->date_m;
    }
    return -1;
}

/* Exports always draw the presentation frame: no play button, key hints, help or
 * status line, whatever the window would show. */
static void presentation_frame(vw_view *v)
{
    v->present = 1;
    v->controls = 0;
    v->help = 0;
    v->status[0] = '\0';
    v->hover_nbh = v->hover_panel = v->hover_chart = -1;
}

/* A GIF's frame delay is whole hundredths of a second: says the rate it really plays
 * at when that is not the one asked for. */
static void say_gif_rate(const char *out, int fps)
{
    size_t n = strlen(out);
    if (n < 4 || strcasecmp(out + n - 4, ".gif") != 0 || fps <= 0)
        return;
    int cs = (100 + fps / 2) / fps;
    if (cs * fps != 100)
        printf("note: GIF frame delays are whole hundredths of a second: %d/100 s per frame, "
               "%.1f frames/s instead of %d\n", cs, 100.0 / cs, fps);
}

/* --render -o FILE.csv: the figures of the view's date, written atomically. */
static int render_csv(const options *o, const vw_view *v, ws_error *err)
{
    ws_buf b = {0};
    int nl = o->csv_format && !strcmp(o->csv_format, "nl");
    int rc = vw_table_csv(v, v->month, nl, &b);
    if (rc != WS_OK) {
        rc = ws_error_set(err, WS_ENOMEM, "out of memory");
    } else {
        const ws_buf *bufs[1] = {&b};
        rc = ws_write_atomic(o->output, bufs, 1, err);
    }
    ws_buf_clear(&b);
    if (rc == WS_OK)
        printf("wrote %s\n", o->output);
    return rc;
}

/* Whether this invocation uses the lever panel: the window, or a lever option. */
static int wants_levers(const options *o)
{
    return o->levers || o->nlever_vals || o->save_levers || o->bench_levers ||
           (!o->render && !o->export_to && !o->bench);
}

/* Attaches the lever panel (the first scenario's levers), applies --lever values and
 * saves them when asked. Returns -1 to go on, or the exit status (said). */
static int setup_levers(const options *o, vw_view *v)
{
    if (!wants_levers(o))
        return -1;
    ws_error err = {0, ""};
    vw_levers_opts lo = {o->nfiles ? o->files[0] : NULL, o->sets, o->nsets, o->gml,
                         o->gml_id, v->sim[0]->runs, o->jobs};
    int rc = vw_levers_attach(v, &lo, o->levers, &err);
    for (int i = 0; rc == WS_OK && i < o->nlever_vals; i++) {
        const char *eq = strchr(o->lever_vals[i], '=');
        char name[64];
        if (!eq || eq - o->lever_vals[i] >= (long)sizeof name) {
            rc = ws_error_set(&err, WS_EINPUT, "--lever wants NAME=VALUE: %s",
                              o->lever_vals[i]);
            break;
        }
        snprintf(name, sizeof name, "%.*s", (int)(eq - o->lever_vals[i]), o->lever_vals[i]);
        rc = vw_levers_set_text(v, name, eq + 1, &err);
    }
    if (rc == WS_OK && o->nlever_vals)
        rc = vw_levers_apply(v, &err);
    if (rc == WS_OK && o->save_levers) {
        rc = vw_levers_save(v, o->save_levers, &err);
        if (rc == WS_OK)
            printf("wrote %s\n", o->save_levers);
    }
    if (rc != WS_OK) {
        fprintf(stderr, "woonsim-view: %s\n", err.msg);
        return ws_exit_status(rc);
    }
    return -1;
}

/* Does what the options ask of the view: the frame benchmark, one PNG, an animation or
 * the window. Returns the exit status (a failure said). */
static int run_view(const options *o, vw_view *v)
{
    ws_error err = {0};
    int rc = WS_OK;
    if (o->bench_levers) {
        int bw = o->size_set ? o->w : 1600, bh = o->size_set ? o->h : 900;
        double cpu = 0, ms = vw_levers_bench(v, o->bench_levers, bw, bh, &cpu, &err);
        if (ms < 0)
            rc = err.status;
        else
            printf("lever change to redrawn frame: median %.1f ms over %d changes (%d runs "
                   "each, %d jobs, %dx%d frame); CPU %.1f ms per change, all threads\n",
                   ms, o->bench_levers, v->sim[0]->runs, o->jobs, bw, bh, cpu);
    } else if (o->save_levers && !o->levers && !o->render && !o->export_to && !o->bench) {
        rc = WS_OK; /* only the saving asked: done in setup_levers */
    } else if (o->bench) {
        v->dots = v->dots ? v->dots : VW_DOTS_TENURE;
        int bw = o->size_set ? o->w : 1920, bh = o->size_set ? o->h : 1080;
        double ms = vw_bench(v, o->bench, bw, bh);
        if (ms < 0)
            rc = ws_error_set(&err, WS_ENOMEM, "out of memory");
        else
            printf("frame time: %.2f ms per frame at %dx%d with dwelling dots (%ld "
                   "dwellings, software drawing), %.0f frames/s\n",
                   ms, bw, bh, v->sim[0]->ndw, ms > 0 ? 1000 / ms : 0);
    } else if (o->render && has_ext(o->output, ".csv")) {
        rc = render_csv(o, v, &err);
    } else if (o->render) {
        presentation_frame(v);
        rc = has_ext(o->output, ".svg") || has_ext(o->output, ".pdf")
                 ? vw_render_vector(v, v->month, o->w, o->h, o->output, &err)
                 : vw_render_png(v, v->month, o->w, o->h, o->output, &err);
        if (rc == WS_OK)
            printf("wrote %s\n", o->output);
    } else if (o->export_to) {
        presentation_frame(v);
        vw_export_opts eo = {o->size_set ? o->w : 1280, o->size_set ? o->h : 720, o->step,
                             o->from ? o->from_m : v->first, o->to ? o->to_m : v->last,
                             o->fps, isatty(2)};
        if (eo.from < v->first || eo.to > v->last || eo.to < eo.from) {
            fprintf(stderr, "woonsim-view: --from/--to must lie within the scenario and in "
                            "order\n");
            return 2;
        }
        rc = vw_export(v, o->export_to, &eo, &err);
        if (rc == WS_OK)
            printf("wrote %s (%d frames, %dx%d)\n", o->export_to, vw_export_nframes(&eo),
                   eo.w, eo.h);
        if (rc == WS_OK)
            say_gif_rate(o->export_to, eo.fps);
    } else {
        vw_window_opts wo = {o->w, o->h, o->fullscreen, o->play, o->screenshot, 4};
        rc = vw_window_run(v, &wo, &err);
    }
    if (rc != WS_OK) {
        fprintf(stderr, "woonsim-view: %s\n", err.msg);
        return ws_exit_status(rc);
    }
    return 0;
}

/* The wijkpaspoort: loads the scenario (and --gml), writes the PDF. Returns the exit
 * status (a failure said). */
static int run_passport(const options *o, int runs_set)
{
    ws_error err = {0};
    ws_scenario *sc = ws_scenario_load(o->nfiles ? o->files[0] : NULL, o->sets, o->nsets, &err);
    int rc = sc ? vw_map_prepare(sc, o->gml, o->gml_id, &err) : err.status;
    vw_passport_opts po = {-1, runs_set ? o->runs : 20, o->jobs, (vw_lang)o->lang_id,
                           o->output};
    if (rc == WS_OK && o->passport_district) {
        po.district = vw_passport_district(sc, o->passport_district);
        if (po.district < 0)
            rc = ws_error_set(&err, WS_EINPUT, "woonsim-view: --passport: no district "
                              "'%s' in the scenario", o->passport_district);
    }
    if (rc == WS_OK)
        rc = vw_passport_write(sc, &po, &err);
    if (rc == WS_OK)
        printf("wrote %s\n", o->output);
    else
        fprintf(stderr, "%s\n", err.msg);
    ws_scenario_free(sc);
    return rc == WS_OK ? 0 : ws_exit_status(rc);
}

/* 1 when --runs was given (the passport's default differs from the view's). */
static int runs_given(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i++)
        if (!strcmp(argv[i], "--runs"))
            return 1;
    return 0;
}

/* Reads --actuals into the view (the points on its charts). Returns -1 to go on, or
 * the exit status (said: FILE:LINE for bad input). */
static int load_actuals(const options *o, vw_view *v)
{
    if (!o->actuals)
        return -1;
    ws_error err = {0};
    v->actuals = ws_actuals_load(o->actuals, v->sim[0]->sc, &err);
    if (v->actuals)
        return -1;
    fprintf(stderr, "%s\n", err.msg);
    return ws_exit_status(err.status);
}

/* Command line, then the view: parse, check, simulate, show (raylib's shape). */
int main(int argc, char **argv)
{
    /* Over a file size limit a write fails with EFBIG (reported, nothing half-made)
     * instead of the signal killing the viewer mid-file. */
    signal(SIGXFSZ, SIG_IGN);
    options o = {0};
    o.runs = 1;
    o.step = 1;
    o.fps = 10;
    o.w = 1600;
    o.h = 900;
    o.sets = calloc((size_t)argc + 1, sizeof *o.sets);
    o.lever_vals = calloc((size_t)argc + 1, sizeof *o.lever_vals);
    if (!o.sets || !o.lever_vals) {
        fprintf(stderr, "woonsim-view: out of memory\n");
        return 1;
    }
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    o.jobs = ncpu > 0 && ncpu < 1024 ? (int)ncpu : 1;
    vw_view v;
    int status = parse_args(argc, argv, &o);
    if (status < 0)
        status = check_options(&o);
    if (status < 0 && o.passport)
        status = run_passport(&o, runs_given(argc, argv));
    if (status < 0 && o.bench_levers && !o.runs_set)
        o.runs = 20; /* the benchmark's default */
    if (status < 0)
        status = open_view(&o, &v);
    if (status < 0 && (status = load_actuals(&o, &v)) >= 0)
        vw_view_clear(&v);
    if (status < 0 && (status = setup_levers(&o, &v)) >= 0)
        vw_view_clear(&v);
    if (status < 0) {
        status = run_view(&o, &v);
        vw_view_clear(&v);
    }
    SDL_Quit();
    free(o.sets);
    free(o.lever_vals);
    return status;
}
