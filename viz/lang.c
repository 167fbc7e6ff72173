/* Viewer labels in Dutch and English; dates and numbers per language. */
#include "lang.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const strings[VW_NSTR][VW_NLANG] = {
    [VW_S_IND_LABEL_B] = {"Energielabel B of beter", "Energy label B or better"},
    [VW_S_IND_POOR] = {"Energiearmoede", "Energy poverty"},
    [VW_S_IND_RETRO] = {"Verduurzaamde woningen", "Retrofitted homes"},
    [VW_S_IND_SUBSTANDARD] = {"Woningen onder de maat", "Substandard dwellings"},
    [VW_S_IND_PRIVATE] = {"Particuliere huur", "Private rent"},
    [VW_S_IND_SOCIAL] = {"Sociale huur", "Social rent"},
    [VW_S_IND_OWNER] = {"Koopwoningen", "Owner-occupied"},
    [VW_S_IND_VACANT] = {"Leegstand", "Vacancy"},
    [VW_S_IND_LIVEABILITY] = {"Leefbaarheid", "Liveability"},
    [VW_S_IND_PERMITS] = {"Verhuurdersvergunningen", "Landlord permits"},
    [VW_S_IND_DWELLINGS] = {"Woningvoorraad", "Housing stock"},
    [VW_S_IND_NET_ADDED] = {"Woondeal: netto toegevoegd", "Woondeal: net added"},
    [VW_S_IND_ENERGY_COST] = {"Energiekosten", "Energy cost"},
    [VW_S_IND_GAS] = {"Gasverbruik", "Gas use"},
    [VW_S_IND_CO2] = {"CO\xe2\x82\x82-uitstoot", "CO\xe2\x82\x82 emissions"},

    [VW_S_U_PERCENT_DWELLINGS] = {"% van de woningen", "% of dwellings"},
    [VW_S_U_PERCENT_OCCUPIED] = {"% van de bewoonde woningen", "% of occupied dwellings"},
    [VW_S_U_PERCENT_PRIVATE_ZONE] = {"% van de particuliere huur in de zone",
                                     "% of private rent in the zone"},
    [VW_S_U_DWELLINGS] = {"woningen", "dwellings"},
    /* Liveability is a composite of ours (sim/MODEL.md 3.2), not the Leefbaarometer's
     * score: the unit and the legend's note say so. */
    [VW_S_U_SCORE] = {"eigen index 0\xe2\x80\x93" "10, geen Leefbaarometerscore",
                      "own index 0\xe2\x80\x93" "10, not a Leefbaarometer score"},
    [VW_S_U_EUR_YEAR] = {"\xe2\x82\xac per bewoonde woning per jaar",
                         "\xe2\x82\xac per occupied dwelling per year"},
    [VW_S_U_M3_YEAR] = {"m\xc2\xb3 per jaar", "m\xc2\xb3 per year"},
    [VW_S_U_M3_YEAR_DW] = {"m\xc2\xb3 per woning per jaar", "m\xc2\xb3 per dwelling per year"},
    [VW_S_U_T_YEAR] = {"ton per jaar", "tonnes per year"},
    [VW_S_U_T_YEAR_DW] = {"ton per woning per jaar", "tonnes per dwelling per year"},
    [VW_S_U_PER_100] = {"per 100 woningen", "per 100 dwellings"},

    [VW_S_DOTS_TENURE] = {"eigendom", "tenure"},
    [VW_S_DOTS_LABEL] = {"energielabel", "energy label"},
    [VW_S_DOTS_RETRO] = {"verduurzaming", "retrofit"},
    [VW_S_DWELLINGS] = {"Woningen", "Dwellings"},
    [VW_S_TENURE_OWNER] = {"koop", "owner-occupied"},
    [VW_S_TENURE_SOCIAL] = {"sociale huur", "social rent"},
    [VW_S_TENURE_PRIVATE] = {"particuliere huur", "private rent"},
    [VW_S_RETRO_NONE] = {"niet verduurzaamd", "not retrofitted"},
    [VW_S_RETRO_DECIDING] = {"aanbod / besluit", "offered / decided"},
    [VW_S_RETRO_WORKS] = {"in uitvoering", "works under way"},
    [VW_S_RETRO_DONE] = {"verduurzaamd", "retrofitted"},
    [VW_S_BUILDING] = {"in aanbouw", "under construction"},
    [VW_S_LABEL] = {"label", "label"},

    [VW_S_WHOLE_AREA] = {"Het hele gebied", "Whole area"},
    [VW_S_DISTRICT] = {"Wijk", "District"},
    [VW_S_NEIGHBOURHOOD] = {"Buurt", "Neighbourhood"},
    [VW_S_SCHEMATIC] = {"Schematische kaart, geen echte grenzen",
                        "Schematic map, not the real boundaries"},
    [VW_S_GML_MAP] = {"Grenzen uit GML", "Boundaries from GML"},
    [VW_S_RUN] = {"simulatie", "run"},
    [VW_S_RUNS_BAND] = {"simulaties, 5\xe2\x80\x93" "95 %", "runs, 5\xe2\x80\x93" "95 %"},
    [VW_S_MONTHS_PER_S] = {"mnd/s", "months/s"},
    [VW_S_PLAYING] = {"speelt", "playing"},
    [VW_S_PAUSED] = {"gepauzeerd", "paused"},
    [VW_S_PER_DWELLING] = {"per woning", "per dwelling"},
    [VW_S_ABSOLUTE] = {"absoluut", "absolute"},
    [VW_S_CLICK_HINT] = {"Wijs een buurt aan voor de cijfers; klik om een wijk te kiezen.",
                         "Point at a neighbourhood for its figures; click to pick a district."},
    [VW_S_HELP_HINT] = {"h: toetsen", "h: keys"},
    [VW_S_DISTRICT_VALUE] = {"(wijkcijfer)", "(district figure)"},
    [VW_S_MAP_DISTRICT_LEVEL] = {"kaart per wijk", "map by district"},
    [VW_S_NO_DWELLINGS] = {"nog geen woningen", "no dwellings yet"},
    [VW_S_LIVEABILITY_PARTS] = {"uit: onder de maat, energiearmoede, leegstand",
                                "from: substandard, energy poverty, vacancy"},
    [VW_S_LIVEABILITY_AFTER] = {"naar Leefbaarometer-dimensie woningvoorraad",
                                "after the Leefbaarometer's housing dimension"},

    [VW_S_HELP_TITLE] = {"Toetsen", "Keys"},
    [VW_S_K_PLAY] = {"spatie\tafspelen / pauzeren", "space\tplay / pause"},
    [VW_S_K_STEP] = {"\xe2\x86\x90 \xe2\x86\x92\teen maand terug / verder",
                     "\xe2\x86\x90 \xe2\x86\x92\tone month back / on"},
    [VW_S_K_YEAR] = {"\xe2\x86\x91 \xe2\x86\x93  PgUp PgDn\teen jaar verder / terug",
                     "\xe2\x86\x91 \xe2\x86\x93  PgUp PgDn\tone year on / back"},
    [VW_S_K_HOME] = {"Home End\tbegin / einde", "Home End\tstart / end"},
    [VW_S_K_SPEED] = {"+ \xe2\x88\x92\tsneller / langzamer", "+ \xe2\x88\x92\tfaster / slower"},
    [VW_S_K_IND] = {"i  Tab  1\xe2\x80\x93" "9\tvolgende / vorige indicator",
                    "i  Tab  1\xe2\x80\x93" "9\tnext / previous indicator"},
    [VW_S_K_ABS] = {"a\tper woning / absoluut", "a\tper dwelling / absolute"},
    [VW_S_K_DOTS] = {"d\twoningen: uit, eigendom, label, verduurzaming",
                     "d\tdwellings: off, tenure, label, retrofit"},
    [VW_S_K_NAMES] = {"n\twijknamen aan / uit", "n\tdistrict names on / off"},
    [VW_S_K_LANG] = {"l\tNederlands / English", "l\tNederlands / English"},
    [VW_S_K_PRESENT] = {"p\tpresentatiemodus", "p\tpresentation mode"},
    [VW_S_K_CONTROLS] = {"c\tbediening tonen / verbergen", "c\tshow / hide controls"},
    [VW_S_K_FULL] = {"f  F11\tvolledig scherm", "f  F11\tfull screen"},
    [VW_S_K_SHOT] = {"s  F12\tschermafdruk (PNG)", "s  F12\tscreenshot (PNG)"},
    [VW_S_K_HELP] = {"h  F1\tdeze hulp", "h  F1\tthis help"},
    [VW_S_K_QUIT] = {"q  Esc\tstoppen", "q  Esc\tquit"},
    [VW_S_K_MOUSE] = {"muis\taanwijzen: cijfers; klik: wijk; tijdlijn: slepen",
                      "mouse\tpoint: figures; click: district; timeline: drag"},
    [VW_S_SAVED] = {"opgeslagen:", "saved:"},

    /* printf formats: the run count, then (ONE_RUN_OF) the run and the count */
    [VW_S_MEDIAN_OF] = {"mediaan van %d simulaties, 5\xe2\x80\x93" "95 %%",
                        "median of %d runs, 5\xe2\x80\x93" "95 %%"},
    [VW_S_ONE_RUN_OF] = {"simulatie %d van %d (geen mediaan)", "run %d of %d (not the median)"},
    [VW_S_SINGLE_RUN] = {"\xc3\xa9\xc3\xa9n simulatie", "a single run"},
    [VW_S_DIFF_FROM] = {"verschil met %s", "difference from %s"},
    [VW_S_U_POINTS] = {"procentpunt", "percentage points"},
    [VW_S_SOURCE] = {"modelresultaat, geen prognose", "model result, not a forecast"},
    [VW_S_VERSION] = {"versie", "version"},
    [VW_S_NORTH] = {"N", "N"},
    [VW_S_TARGET] = {"doel", "target"},
    [VW_S_DOTS_RUN] = {"stippen: simulatie %d, die het dichtst bij de mediaan ligt",
                       "dots: run %d, the one closest to the median"},
    [VW_S_AREA] = {"Gebied", "Area"},
    [VW_S_MEDIAN] = {"mediaan", "median"},
    [VW_S_DIFF_SCALE_MONTH] = {"schaal van deze maand", "scale of this month"},
    [VW_S_DIFF_SCALE_FIXED] = {"\xc3\xa9\xc3\xa9n schaal voor alle maanden",
                               "one scale for all months"},
    [VW_S_MONITORED] = {"Gemeten tegen de simulaties (mediaan [5\xe2\x80\x93" "95 %])",
                        "Monitored against the runs (median [5\xe2\x80\x93" "95 %])"},
    [VW_S_ON_TRACK] = {"op koers", "on track"},
    [VW_S_BEHIND] = {"achter", "behind"},
    [VW_S_AHEAD] = {"voor", "ahead"},
    [VW_S_GOAL_P] = {"kans gehaald", "probability met"},
    [VW_S_TABLE_TITLE] = {"Cijfers per wijk", "Figures by district"},
    [VW_S_K_RUN] = {"r\tmediaan / \xc3\xa9\xc3\xa9n simulatie", "r\tmedian / a single run"},
    [VW_S_K_DIFF] = {"m\tverschilkaart aan / uit", "m\tdifference map on / off"},
    [VW_S_K_TABLE] = {"t\ttabel aan / uit", "t\ttable on / off"},
    [VW_S_DIFF_NEEDS] = {"verschilkaart: twee scenario\xe2\x80\x99s met dezelfde buurten nodig",
                         "difference map: needs two scenarios with the same neighbourhoods"},
    [VW_S_SCENARIO] = {"scenario", "scenario"},
    [VW_S_DIFFERENCE] = {"Verschil", "Difference"},
    [VW_S_K_LEVERS] = {"v	hefbomen tonen / verbergen", "v	show / hide the levers"},
    [VW_S_K_SAVE_LEVERS] = {"S	hefbomen bewaren als scenario",
                            "S	save the levers as a scenario"},
    [VW_S_NO_DATA] = {"geen gegevens", "no data"},
};

static const char *const months[VW_NLANG][12] = {
    {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
     "september", "oktober", "november", "december"},
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"},
};

int vw_lang_parse(const char *name)
{
    if (name && strcasecmp(name, "nl") == 0)
        return VW_LANG_NL;
    if (name && strcasecmp(name, "en") == 0)
        return VW_LANG_EN;
    return -1;
}

const char *vw_tr(vw_lang lang, vw_str id)
{
    if ((unsigned)lang >= VW_NLANG)
        lang = VW_LANG_EN;
    if ((unsigned)id >= VW_NSTR || !strings[id][lang])
        return "?";
    return strings[id][lang];
}

const char *vw_month_name(vw_lang lang, int month)
{
    if ((unsigned)lang >= VW_NLANG)
        lang = VW_LANG_EN;
    return month >= 1 && month <= 12 ? months[lang][month - 1] : "?";
}

void vw_format_date(vw_lang lang, ws_month m, char *buf, size_t size)
{
    snprintf(buf, size, "%s %d", vw_month_name(lang, ws_month_of_year(m)), ws_month_year(m));
}

void vw_format_number(vw_lang lang, double v, int decimals, char *buf, size_t size)
{
    if (size == 0)
        return;
    if (!isfinite(v)) {
        snprintf(buf, size, "\xe2\x80\x93");
        return;
    }
    char group = lang == VW_LANG_NL ? '.' : ',', point = lang == VW_LANG_NL ? ',' : '.';
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    int neg = v < 0 && strspn(raw, "0.") != strlen(raw); /* no "-0" */
    const char *dot = strchr(raw, '.');
    size_t nint = dot ? (size_t)(dot - raw) : strlen(raw);
    char out[96];
    size_t o = 0;
    if (neg)
        out[o++] = '-';
    for (size_t i = 0; i < nint; i++) {
        out[o++] = raw[i];
        size_t left = nint - i - 1;
        if (left > 0 && left % 3 == 0 && nint > 4) /* 1234 stays, 12.345 groups */
            out[o++] = group;
    }
    if (dot) {
        out[o++] = point;
        for (const char *p = dot + 1; *p && o < sizeof out - 1; p++)
            out[o++] = *p;
    }
    out[o] = '\0';
    snprintf(buf, size, "%s", out);
}
