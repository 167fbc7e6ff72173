/* The build's git commit, given by the Makefile (-DWS_COMMIT) to this file alone. */
#include "woonsim/common.h"

#ifndef WS_COMMIT
#define WS_COMMIT "unknown"
#endif

const char *ws_commit(void)
{
    return WS_COMMIT;
}
