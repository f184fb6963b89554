/*
 * What the header promises of concurrent use, run under ThreadSanitizer by
 * scripts/sanitize.sh (and as an ordinary test everywhere):
 *
 *  1. many threads make the process's first rectify calls at the same
 *     moment, while other threads switch the ISA, the deterministic mode,
 *     the thread count and the non-temporal threshold;
 *  2. calls split across a caller's pool (plain pthreads, which the
 *     sanitizer sees) run from several threads at once.
 *
 * Every result must be one the settings allow: relu's formula (the same
 * bits on every ISA), and for ELU the bits of one of the ISAs in one of the
 * modes.
 *
 *   test_concurrency [caller-pool]
 *
 * caller-pool registers the pthreads pool before the first calls too, so
 * rectify's own pool (pthreadpool, which the sanitizer cannot see into) is
 * never used: the ThreadSanitizer run passes it.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define CALLERS  6
#define SWITCHES 3
#define N        (256 * 1024 + 3)
#define ROUNDS   20

static float *x, *relu_want, *elu_got[CALLERS], *elu_want[2][5];
static int n_wants;
static atomic_int go, failures;

static void fail(const char *what, long i)
{
    fprintf(stderr, "FAIL: %s (%ld)\n", what, i);
    atomic_fetch_add(&failures, 1);
}

static int elu_allowed(const float *y)
{
    for (int det = 0; det < 2; det++)
        for (int i = 0; i < n_wants; i++)
            if (rt_first_difference(y, elu_want[det][i], N) < 0)
                return 1;
    return 0;
}

/* relu checked as it goes; ELU's last result kept for later (phase 1) or
 * checked at once (phase 2, once elu_want is made). */
static void *caller(void *arg)
{
    int id = (int)(intptr_t)arg;
    float *y = malloc(N * sizeof(float));
    if (!y) {
        fail("malloc", id);
        return NULL;
    }
    while (!atomic_load(&go))
        ;
    for (int r = 0; r < ROUNDS; r++) {
        if (rectify_relu_f32(x, y, N) != RECTIFY_OK)
            fail("relu status", r);
        long d = rt_first_difference(y, relu_want, N);
        if (d >= 0)
            fail("relu bits", d);
        if (rectify_elu_f32(x, elu_got[id], N, 1.0f) != RECTIFY_OK)
            fail("elu status", r);
        if (n_wants && !elu_allowed(elu_got[id]))
            fail("elu bits", r);
        if (rectify_get_isa() > RECTIFY_ISA_NEON)
            fail("rectify_get_isa", r);
    }
    free(y);
    return NULL;
}

static void *switcher(void *arg)
{
    int id = (int)(intptr_t)arg;
    while (!atomic_load(&go))
        ;
    for (int r = 0; r < 4 * ROUNDS; r++) {
        switch (id) {
        case 0: {
            rectify_isa isas[5];
            int n = rt_supported_isas(isas);
            if (rectify_set_isa(isas[r % n]) != RECTIFY_OK)
                fail("rectify_set_isa", r);
            break;
        }
        case 1:
            if (rectify_set_deterministic(r % 2) != RECTIFY_OK)
                fail("rectify_set_deterministic", r);
            (void)rectify_get_deterministic();
            break;
        default:
            rectify_set_num_threads(1 + r % 3);
            rectify_set_nt_threshold(r % 2 ? 1 : (size_t)1 << 40);
            (void)rectify_get_num_threads();
            break;
        }
    }
    return NULL;
}

/* A caller's pool of plain pthreads: a thread per task, joined. */
struct task_arg {
    rectify_task_fn task;
    void *context;
    size_t i;
};

static void *task_thread(void *p)
{
    struct task_arg *a = p;
    a->task(a->context, a->i);
    return NULL;
}

static void threads_for(void *pool, rectify_task_fn task, void *context, size_t n)
{
    (void)pool;
    pthread_t t[16];
    struct task_arg args[16];
    size_t made = 0;
    for (size_t i = 0; i < n; i++) {
        args[made] = (struct task_arg){task, context, i};
        if (made == 16 || pthread_create(&t[made], NULL, task_thread, &args[made]) != 0)
            task(context, i); /* no thread to spare: on this one */
        else
            made++;
    }
    for (size_t i = 0; i < made; i++)
        pthread_join(t[i], NULL);
}

static void run_phase(int callers, int switchers)
{
    pthread_t c[CALLERS], s[SWITCHES];
    atomic_store(&go, 0);
    for (int i = 0; i < callers; i++)
        pthread_create(&c[i], NULL, caller, (void *)(intptr_t)i);
    for (int i = 0; i < switchers; i++)
        pthread_create(&s[i], NULL, switcher, (void *)(intptr_t)i);
    atomic_store(&go, 1);
    for (int i = 0; i < callers; i++)
        pthread_join(c[i], NULL);
    for (int i = 0; i < switchers; i++)
        pthread_join(s[i], NULL);
}

int main(int argc, char **argv)
{
    int caller_pool = argc > 1 && strcmp(argv[1], "caller-pool") == 0;
    x = malloc(N * sizeof(float));
    relu_want = malloc(N * sizeof(float));
    if (!x || !relu_want)
        return 1;
    for (int i = 0; i < CALLERS; i++)
        if (!(elu_got[i] = malloc(N * sizeof(float))))
            return 1;
    rt_fill(x, N, 99);
    for (long i = 0; i < N; i++)
        relu_want[i] = x[i] < 0.0f ? 0.0f : x[i]; /* the formula, not rectify */

    /* 1: the first calls of the process, all at once, with the switchers. */
    if (caller_pool)
        rectify_set_parallel_for(threads_for, NULL, 3);
    run_phase(CALLERS, SWITCHES);
    rectify_set_parallel_for(NULL, NULL, 0);

    /* What ELU may give: every ISA, both modes, one thread. */
    rectify_isa isas[5];
    n_wants = 0;
    int n = rt_supported_isas(isas);
    for (int det = 0; det < 2; det++)
        for (int i = 0; i < n; i++) {
            if (!(elu_want[det][i] = malloc(N * sizeof(float))))
                return 1;
            rectify_set_isa(isas[i]);
            rectify_set_deterministic(det);
            rectify_set_num_threads(1);
            if (rectify_elu_f32(x, elu_want[det][i], N, 1.0f) != RECTIFY_OK)
                return 1;
        }
    n_wants = n;
    for (int i = 0; i < CALLERS; i++)
        if (!elu_allowed(elu_got[i]))
            fail("elu bits during first use", i);

    /* 2: split calls on a caller's pool from several threads, with the
     * switchers again. */
    rectify_set_parallel_for(threads_for, NULL, 4);
    run_phase(4, SWITCHES);
    rectify_set_parallel_for(NULL, NULL, 0);

    int f = atomic_load(&failures);
    printf("%s: %d callers and %d switchers at first use, then split calls; %d failures\n",
           f ? "FAIL" : "ok", CALLERS, SWITCHES, f);
    return f != 0;
}
