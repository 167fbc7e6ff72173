/* Status codes, error messages and month arithmetic shared by all modules. */
#include "woonsim/common.h"

#include <stdarg.h>
#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

int ws_error_set(ws_error *err, int status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return status;
}

int ws_exit_status(int status)
{
    if (status == WS_OK)
        return 0;
    return status == WS_EINPUT ? 2 : 1;
}

int ws_month_parse(const char *text, ws_month *out)
{
    int y = 0, m = 0;
    for (int i = 0; i < 7; i++) {
        char c = text[i];
        if (i == 4 ? c != '-' : (c < '0' || c > '9'))
            return -1;
    }
    if (text[7] != '\0')
        return -1;
    for (int i = 0; i < 4; i++)
        y = y * 10 + (text[i] - '0');
    m = (text[5] - '0') * 10 + (text[6] - '0');
    if (y < 1900 || y > 2200 || m < 1 || m > 12)
        return -1;
    *out = y * 12 + (m - 1);
    return 0;
}

void ws_month_format(ws_month m, char *buf)
{
    unsigned y = (unsigned)ws_month_year(m) % 10000u, mo = (unsigned)(m % 12 + 12) % 12 + 1;
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + mo / 10);
    buf[6] = (char)('0' + mo % 10);
    buf[7] = '\0';
}

void ws_keep_freed_memory(void)
{
#ifdef __GLIBC__
    /* Fixed thresholds also end glibc's own adjustment of the mmap threshold. */
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}
