/* The library's one worker pool: n numbered tasks on up to jobs threads, for the runs of
 * ws_run_many and the runs of a sweep. Internal to the library (sim/ only). */
#ifndef WS_POOL_H
#define WS_POOL_H

#include <stddef.h>

/* One task: k is its number (0 <= k < n); local is the calling worker's own state
 * (local_size zeroed bytes, kept from task to task of that worker). A task reports its
 * result through ctx, at index k: the pool does not look at it. */
typedef void (*ws_pool_task)(void *ctx, int k, void *local);

typedef struct {
    ws_pool_task task;
    void *ctx;
    size_t local_size;                /* bytes of per-worker state, 0 for none */
    void (*local_clear)(void *local); /* releases that state when its worker ends, or NULL */
} ws_pool_work;

typedef struct ws_pool ws_pool;

/* Starts n tasks on jobs threads (jobs <= 1, or no thread could start: the tasks run in
 * the thread that calls ws_pool_wait, one a call). Tasks are handed out in order of k,
 * so with jobs == 1 they run in that order. Returns the pool, owned by the caller, or
 * NULL when out of memory. */
ws_pool *ws_pool_alloc(int n, int jobs, const ws_pool_work *work);

/* Waits for the next finished task and returns its number, in order of finishing; -1
 * when every task handed out has been returned and none is left (all done, or
 * ws_pool_stop was called). Only one thread may call it. */
int ws_pool_wait(ws_pool *p);

/* Hands out no further tasks; those running finish. */
void ws_pool_stop(ws_pool *p);

/* Stops the pool, waits for its threads and releases it. p may be NULL. */
void ws_pool_free(ws_pool *p);

/* Runs all n tasks and returns when they are done: 0, or -1 when out of memory (then
 * no task ran). */
int ws_pool_run(int n, int jobs, const ws_pool_work *work);

#endif
