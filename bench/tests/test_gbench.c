/*
 * The C shim over Google Benchmark: a benchmark written in C is registered
 * with its context and arguments, runs, sees its arguments, can pause the
 * clock and report an error, and its results come back to C.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "gbench.h"

struct trivial {
    int calls;
    int64_t iterations;
    int64_t args[2];
};

static void bm_trivial(gbench_state *st, void *ctx)
{
    struct trivial *t = ctx;
    volatile float sink = 0;
    t->calls++;
    t->args[0] = gbench_get_arg(st, 0);
    t->args[1] = gbench_get_arg(st, 1);
    while (gbench_keep_running(st)) {
        gbench_pause(st);
        sink = sink + 1.0f;
        gbench_resume(st);
        for (int i = 0; i < 64; i++)
            sink = sink + (float)i;
    }
    t->iterations += gbench_iterations(st);
    gbench_set_items_processed(st, gbench_iterations(st) * 64);
    gbench_set_bytes_processed(st, gbench_iterations(st) * 256);
    gbench_counter(st, "per_item", 64.0, GBENCH_COUNTER_RATE | GBENCH_COUNTER_PER_ITERATION);
    gbench_set_label(st, "trivial");
}

static void bm_ranged(gbench_state *st, void *ctx)
{
    struct trivial *t = ctx;
    t->args[0] |= gbench_get_arg(st, 0);
    while (gbench_keep_running(st))
        t->calls++;
}

static void bm_failing(gbench_state *st, void *ctx)
{
    (void)ctx;
    gbench_skip_with_error(st, "on purpose");
}

static const struct gbench_result *find(const struct gbench_results *r, const char *name)
{
    for (size_t i = 0; i < r->count; i++)
        if (strcmp(r->runs[i].name, name) == 0 && !r->runs[i].aggregate[0])
            return &r->runs[i];
    return NULL;
}

static void registers_runs_and_reports(void **state)
{
    (void)state;
    static struct trivial t, ranged_t;
    int64_t args[2] = {3, 5};
    gbench_args(gbench_register("shim_trivial", bm_trivial, &t), args, 2);
    gbench_arg(gbench_register("shim_failing", bm_failing, NULL), 7);
    gbench_benchmark *ranged = gbench_register("shim_ranged", bm_ranged, &ranged_t);
    gbench_range_multiplier(ranged, 4);
    gbench_range(ranged, 1, 16); /* 1, 4, 16 */
    gbench_add_context("shim_test", "yes");

    char *argv[] = {"test_gbench", "--benchmark_filter=^shim_", "--benchmark_min_time=0.001", NULL};
    int argc = 3;
    assert_int_equal(gbench_initialize(&argc, argv), 0);

    struct gbench_results r;
    size_t ran = gbench_run(&r, 0, NULL);
    assert_int_equal(ran, 5); /* trivial, failing, ranged x3 */
    assert_true(t.calls >= 1);
    assert_true(t.iterations > 0);
    assert_int_equal(t.args[0], 3);
    assert_int_equal(t.args[1], 5);
    assert_int_equal(ranged_t.args[0], 1 | 4 | 16); /* each argument of the range seen */

    const struct gbench_result *ok = find(&r, "shim_trivial/3/5");
    assert_non_null(ok);
    assert_null(ok->error);
    assert_true(ok->iterations > 0);
    assert_true(ok->seconds > 0 && ok->cpu_seconds > 0);
    /* 64 items and 256 bytes an iteration: their rates keep that ratio. */
    assert_true(ok->items_per_second > 0);
    double ratio = ok->bytes_per_second / ok->items_per_second;
    assert_true(ratio > 3.999 && ratio < 4.001);

    for (int64_t n = 1; n <= 16; n *= 4) {
        char name[32];
        snprintf(name, sizeof name, "shim_ranged/%lld", (long long)n);
        assert_non_null(find(&r, name));
    }

    const struct gbench_result *failed = find(&r, "shim_failing/7");
    assert_non_null(failed);
    assert_non_null(failed->error);
    assert_string_equal(failed->error, "on purpose");

    gbench_results_free(&r);
    assert_null(r.runs);

    int level;
    int64_t bytes;
    if (gbench_cache(0, &level, &bytes))
        assert_true(level >= 1 && bytes > 0);
    gbench_shutdown();
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(registers_runs_and_reports)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
