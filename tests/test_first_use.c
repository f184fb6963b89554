/*
 * Concurrent first use: several threads make their first rectify call at the
 * same moment. Every one must get a correct result, and all must agree on
 * the kernel set, the best one the CPU supports. Nothing in this process
 * touches rectify before the threads start.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "common.h"
#include "kernel.h"

#define THREADS 8
#define N       4099

static pthread_barrier_t start;

struct worker {
    float x[N], y[N];
    rectify_status status;
    rectify_isa isa;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    pthread_barrier_wait(&start);
    w->status = rectify_relu_f32(w->x, w->y, N);
    w->isa = rectify_get_isa();
    return NULL;
}

static void concurrent_first_use(void **state)
{
    (void)state;
    static struct worker workers[THREADS];
    pthread_t threads[THREADS];
    assert_int_equal(pthread_barrier_init(&start, NULL, THREADS), 0);
    for (int t = 0; t < THREADS; t++) {
        rt_fill(workers[t].x, N, (uint64_t)t + 1);
        assert_int_equal(pthread_create(&threads[t], NULL, work, &workers[t]), 0);
    }
    for (int t = 0; t < THREADS; t++)
        assert_int_equal(pthread_join(threads[t], NULL), 0);
    pthread_barrier_destroy(&start);

    rectify_isa isas[5];
    int n = rt_supported_isas(isas);
    rectify_isa best = isas[n - 1];
    static float expect[N];
    const struct rectify_params p = {0};
    for (int t = 0; t < THREADS; t++) {
        assert_int_equal(workers[t].status, RECTIFY_OK);
        assert_int_equal(workers[t].isa, best);
        rectify_reference.relu_forward(workers[t].x, expect, N, &p);
        assert_int_equal(rt_first_difference(workers[t].y, expect, N), -1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(concurrent_first_use)};
    return cmocka_run_group_tests_name("first_use", tests, NULL, NULL);
}
