/* The viewer's strings table in Dutch mode: every string Dutch and idiomatic (no English
 * words the issue found, "Het hele gebied", "simulaties"), every one present. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "check.h"
#include "lang.h"

/* Whether word occurs in s as a whole word (case-insensitive). */
static int has_word(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = s; *p; p++) {
        if (strncasecmp(p, word, n) != 0)
            continue;
        int before = p == s || !isalpha((unsigned char)p[-1]);
        int after = !isalpha((unsigned char)p[n]);
        if (before && after)
            return 1;
    }
    return 0;
}

int main(void)
{
    /* English words that must not show in Dutch mode ("of" and "band" excepted where
     * Dutch: "B of beter"; "band" is checked, the Dutch say "5-95 %") */
    static const char *const english[] = {"run", "runs", "band", "median", "the", "and",
                                          "difference", "target", "dwelling", "dwellings",
                                          "whole", "area", "keys", "map", "step", "speed",
                                          "playing", "paused", "source", "version"};
    /* strings that are the same in both languages on purpose */
    static const vw_str same[] = {VW_S_LABEL, VW_S_K_LANG, VW_S_NORTH, VW_S_SCENARIO};
    for (int id = 0; id < VW_NSTR; id++) {
        const char *nl = vw_tr(VW_LANG_NL, (vw_str)id), *en = vw_tr(VW_LANG_EN, (vw_str)id);
        CHECK(strcmp(nl, "?") != 0 && strcmp(en, "?") != 0, "string %d has both languages", id);
        for (size_t w = 0; w < sizeof english / sizeof english[0]; w++)
            CHECK(!has_word(nl, english[w]), "Dutch string %d (%s) has the English word '%s'",
                  id, nl, english[w]);
        int allowed = 0;
        for (size_t k = 0; k < sizeof same / sizeof same[0]; k++)
            allowed |= same[k] == (vw_str)id;
        CHECK(allowed || strcmp(nl, en) != 0, "Dutch string %d is the English one: %s", id, nl);
    }
    CHECK(strcmp(vw_tr(VW_LANG_NL, VW_S_WHOLE_AREA), "Het hele gebied") == 0,
          "the whole area is 'Het hele gebied'");
    char buf[200];
    snprintf(buf, sizeof buf, vw_tr(VW_LANG_NL, VW_S_MEDIAN_OF), 20);
    CHECK(strcmp(buf, "mediaan van 20 simulaties, 5\xe2\x80\x93" "95 %") == 0,
          "the median's label in Dutch: %s", buf);
    snprintf(buf, sizeof buf, vw_tr(VW_LANG_EN, VW_S_MEDIAN_OF), 20);
    CHECK(strcmp(buf, "median of 20 runs, 5\xe2\x80\x93" "95 %") == 0,
          "the median's label in English: %s", buf);
    CHECK(has_word("20 runs", "runs") && !has_word("simulaties", "run"), "has_word itself");
    return CHECK_DONE("view_lang");
}
