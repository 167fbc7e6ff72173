/* The library's one worker pool (sim/pool.h): a counter hands out task numbers under a
 * mutex, finished numbers queue up for the one waiting thread. */
#define _POSIX_C_SOURCE 200809L
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>

struct ws_pool {
    ws_pool_work work;
    int n;
    int next;      /* next task to hand out */
    int stop;      /* 1: hand out no more */
    int *done;     /* finished tasks in order of finishing (n of them at most) */
    int ndone;     /* finished */
    int taken;     /* finished and returned by ws_pool_wait */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pthread_t *threads;
    int nthreads;  /* started, to join */
    int nlive;     /* still running; 0: the remaining tasks run in the waiting thread */
    void *local;   /* the waiting thread's state when there are no threads */
};

/* The next task number to run, or -1 (under the lock). */
static int hand_out(ws_pool *p)
{
    return p->stop || p->next >= p->n ? -1 : p->next++;
}

static void *worker(void *arg)
{
    ws_pool *p = arg;
    void *local = p->work.local_size ? calloc(1, p->work.local_size) : NULL;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        /* Without its state (out of memory) a worker takes no task; the others, or the
         * waiting thread, do them. */
        int k = local || !p->work.local_size ? hand_out(p) : -1;
        pthread_mutex_unlock(&p->lock);
        if (k < 0)
            break;
        p->work.task(p->work.ctx, k, local);
        pthread_mutex_lock(&p->lock);
        p->done[p->ndone++] = k;
        pthread_cond_signal(&p->cond);
        pthread_mutex_unlock(&p->lock);
    }
    if (local && p->work.local_clear)
        p->work.local_clear(local);
    free(local);
    pthread_mutex_lock(&p->lock);
    p->nlive--;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

ws_pool *ws_pool_alloc(int n, int jobs, const ws_pool_work *work)
{
    ws_pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->work = *work;
    p->n = n > 0 ? n : 0;
    p->done = malloc(sizeof *p->done * (size_t)(p->n ? p->n : 1));
    p->local = work->local_size ? calloc(1, work->local_size) : NULL;
    if (!p->done || (work->local_size && !p->local)) {
        free(p->done);
        free(p->local);
        free(p);
        return NULL;
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->cond, NULL);
    if (jobs > p->n)
        jobs = p->n;
    if (jobs > 1 && (p->threads = calloc((size_t)jobs, sizeof *p->threads))) {
        pthread_mutex_lock(&p->lock);
        for (int i = 0; i < jobs; i++, p->nthreads++)
            if (pthread_create(&p->threads[i], NULL, worker, p) != 0)
                break;
        p->nlive = p->nthreads;
        pthread_mutex_unlock(&p->lock);
    }
    return p;
}

int ws_pool_wait(ws_pool *p)
{
    pthread_mutex_lock(&p->lock);
    for (;;) {
        if (p->taken < p->ndone) {
            int k = p->done[p->taken++];
            pthread_mutex_unlock(&p->lock);
            return k;
        }
        if (p->nlive == 0)
            break;
        pthread_cond_wait(&p->cond, &p->lock);
    }
    /* No worker is left: whatever remains runs here, one task a call (this is the whole
     * pool when jobs <= 1 or no thread started). */
    int k = hand_out(p);
    pthread_mutex_unlock(&p->lock);
    if (k >= 0)
        p->work.task(p->work.ctx, k, p->local);
    return k;
}

void ws_pool_stop(ws_pool *p)
{
    pthread_mutex_lock(&p->lock);
    p->stop = 1;
    pthread_mutex_unlock(&p->lock);
}

void ws_pool_free(ws_pool *p)
{
    if (!p)
        return;
    ws_pool_stop(p);
    for (int i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);
    free(p->threads);
    if (p->local && p->work.local_clear)
        p->work.local_clear(p->local);
    free(p->local);
    free(p->done);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->cond);
    free(p);
}

int ws_pool_run(int n, int jobs, const ws_pool_work *work)
{
    ws_pool *p = ws_pool_alloc(n, jobs, work);
    if (!p)
        return -1;
    while (ws_pool_wait(p) >= 0)
        ;
    ws_pool_free(p);
    return 0;
}
