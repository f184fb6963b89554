/*
 * Threads and non-temporal stores: every op through the public API gives
 * the single-threaded bits for 1..8 threads (more than the cores here:
 * oversubscribed is fine for correctness), on rectify's own pool and on
 * registered parallel-fors (pthreadpool's, OpenMP's, and one that runs the
 * tasks backwards on the calling thread); with non-temporal stores forced
 * on and off; at sizes around the split thresholds and unaligned; the
 * chunks' boundaries fall on 64-byte lines of the output; the pool's
 * threads compute under the caller's MXCSR (FTZ); the settings' errors.
 *
 *   test_threads
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "common.h"
#include "parallel.h"

#ifdef RECTIFY_TEST_PTHREADPOOL
#include <pthreadpool.h>
#endif
#ifdef _OPENMP
#include <omp.h>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

/* One op through the API: out = op(a[, b]) on n elements (CReLU: n = outer
 * * inner with the shape below). */
enum { OP_UNARY, OP_BINARY, OP_CONCAT, OP_DECONCAT };
struct op {
    const char *name;
    int kind;
    rectify_status (*unary)(const float *, float *, size_t);
    rectify_status (*binary)(const float *, const float *, float *, size_t);
};

static rectify_status leaky(const float *x, float *y, size_t n)
{
    return rectify_leaky_relu_f32(x, y, n, 0.01f);
}
static rectify_status leaky_bwd(const float *x, const float *dy, float *dx, size_t n)
{
    return rectify_leaky_relu_backward_f32(x, dy, dx, n, -0.5f);
}
static rectify_status elu(const float *x, float *y, size_t n)
{
    return rectify_elu_f32(x, y, n, 1.0f);
}
static rectify_status elu25(const float *x, float *y, size_t n)
{
    return rectify_elu_f32(x, y, n, 2.5f);
}
static rectify_status elu_bwd(const float *x, const float *dy, float *dx, size_t n)
{
    return rectify_elu_backward_f32(x, dy, dx, n, 1.0f);
}
static rectify_status elu_bwd_out(const float *y, const float *dy, float *dx, size_t n)
{
    return rectify_elu_backward_from_output_f32(y, dy, dx, n, 1.0f);
}
static rectify_status rrelu_train(const float *x, float *y, size_t n)
{
    return rectify_rrelu_f32(x, y, n, 0.125f, 1.0f / 3.0f, 1, 0x1234, (1ULL << 34) - 3);
}
static rectify_status rrelu_train_bwd(const float *x, const float *dy, float *dx, size_t n)
{
    return rectify_rrelu_backward_f32(x, dy, dx, n, 0.125f, 1.0f / 3.0f, 1, 0x1234, 7);
}
static rectify_status rrelu_eval(const float *x, float *y, size_t n)
{
    return rectify_rrelu_f32(x, y, n, 0.125f, 1.0f / 3.0f, 0, 0, 0);
}

static const struct op ops[] = {
    {"relu", OP_UNARY, rectify_relu_f32, NULL},
    {"relu_backward", OP_BINARY, NULL, rectify_relu_backward_f32},
    {"leaky_relu", OP_UNARY, leaky, NULL},
    {"leaky_relu_backward", OP_BINARY, NULL, leaky_bwd},
    {"relu6", OP_UNARY, rectify_relu6_f32, NULL},
    {"relu6_backward", OP_BINARY, NULL, rectify_relu6_backward_f32},
    {"elu", OP_UNARY, elu, NULL},
    {"elu(2.5)", OP_UNARY, elu25, NULL},
    {"elu_backward", OP_BINARY, NULL, elu_bwd},
    {"elu_backward_from_output", OP_BINARY, NULL, elu_bwd_out},
    {"selu", OP_UNARY, rectify_selu_f32, NULL},
    {"selu_backward", OP_BINARY, NULL, rectify_selu_backward_f32},
    {"selu_backward_from_output", OP_BINARY, NULL, rectify_selu_backward_from_output_f32},
    {"rrelu(training)", OP_UNARY, rrelu_train, NULL},
    {"rrelu_backward(training)", OP_BINARY, NULL, rrelu_train_bwd},
    {"rrelu(eval)", OP_UNARY, rrelu_eval, NULL},
    {"crelu", OP_CONCAT, NULL, NULL},
    {"crelu_backward", OP_DECONCAT, NULL, NULL},
};
#define N_OPS (sizeof ops / sizeof ops[0])

/* CReLU's shape for n elements: rows of `inner` (one long row, or many). */
static void crelu_shape(size_t n, size_t *outer, size_t *inner)
{
    static const size_t inners[] = {1, 3, 70, 4099};
    size_t w = inners[n % 4];
    while (n % w)
        w--;
    *inner = w;
    *outer = n / w;
}

static void run_op(const struct op *o, const float *a, const float *b, float *out, size_t n)
{
    size_t outer, inner;
    rectify_status s = RECTIFY_OK;
    switch (o->kind) {
    case OP_UNARY:
        s = o->unary(a, out, n);
        break;
    case OP_BINARY:
        s = o->binary(a, b, out, n);
        break;
    case OP_CONCAT:
        crelu_shape(n, &outer, &inner);
        s = rectify_crelu_f32(a, out, outer, inner);
        break;
    case OP_DECONCAT:
        crelu_shape(n, &outer, &inner);
        s = rectify_crelu_backward_f32(a, b, out, outer, inner);
        break;
    }
    assert_int_equal(s, RECTIFY_OK);
}

static size_t out_len(const struct op *o, size_t n) { return o->kind == OP_CONCAT ? 2 * n : n; }
static size_t b_len(const struct op *o, size_t n) { return o->kind == OP_DECONCAT ? 2 * n : n; }

/* Sizes: below, at and above the split thresholds, odd, and large. */
static const size_t sizes[] = {1000,           16 * 1024,        32 * 1024 + 5,
                               128 * 1024 - 1, 256 * 1024 + 999, 1000003};
#define N_SIZES (sizeof sizes / sizeof sizes[0])
#define MAX_N   1000003

struct bufs {
    float *a, *b, *out, *want;
};

static struct bufs make(void)
{
    struct bufs s = {malloc((MAX_N + 16) * 4), malloc((2 * MAX_N + 16) * 4),
                     malloc((2 * MAX_N + 16) * 4), malloc((2 * MAX_N + 16) * 4)};
    assert_non_null(s.a);
    assert_non_null(s.b);
    assert_non_null(s.out);
    assert_non_null(s.want);
    rt_fill(s.a, MAX_N + 16, 11);
    rt_fill(s.b, 2 * MAX_N + 16, 12);
    return s;
}

static void release(struct bufs *s)
{
    free(s->a);
    free(s->b);
    free(s->out);
    free(s->want);
}

/* Under emulation (ctest passes "quick"): fewer thread counts and
 * misalignments. */
static int quick;

/* Every op, every size, a few misalignments: the current threading setup
 * against the reference run (one thread, no streaming) in want. */
static void check_all(const char *setup, void (*configure)(int), int threads)
{
    struct bufs s = make();
    for (size_t oi = 0; oi < N_OPS; oi++) {
        const struct op *o = &ops[oi];
        for (size_t si = 0; si < N_SIZES; si++) {
            size_t n = sizes[si];
            if (quick && (si == 1 || si == 3 || si == N_SIZES - 1))
                continue; /* 1000, 32K + 5 and 256K + 999 still cross the thresholds */
            for (size_t mis = 0; mis < 16; mis += quick ? 15 : 5) {
                const float *a = s.a + mis, *b = s.b + (mis * 3) % 16;
                float *out = s.out + (mis * 7) % 16;
                rectify_set_num_threads(1);
                rectify_set_parallel_for(NULL, NULL, 0);
                rectify_set_nt_threshold(0);
                run_op(o, a, b, s.want, n);
                configure(threads);
                run_op(o, a, b, out, n);
                long d = rt_first_difference(out, s.want, out_len(o, n));
                if (d >= 0)
                    fail_msg("%s with %s, %d threads: n=%zu misalign=%zu: element %ld is %08x, "
                             "one thread gives %08x",
                             o->name, setup, threads, n, mis, d, rt_bits(out[d]),
                             rt_bits(s.want[d]));
                (void)b_len;
            }
        }
    }
    rectify_set_num_threads(0);
    rectify_set_parallel_for(NULL, NULL, 0);
    rectify_set_nt_threshold(SIZE_MAX);
    release(&s);
}

static void own_pool(int threads)
{
    rectify_set_parallel_for(NULL, NULL, 0);
    rectify_set_num_threads(threads);
    rectify_set_nt_threshold(0);
}

static void own_pool_streaming(int threads)
{
    own_pool(threads);
    rectify_set_nt_threshold(1);
}

/* A parallel-for on the calling thread, backwards: the order of the tasks
 * must not matter. It counts the calls that were split. */
static size_t split_calls;
static void backwards_for(void *pool, rectify_task_fn task, void *context, size_t n)
{
    (void)pool;
    split_calls += n > 1;
    for (size_t i = n; i-- > 0;)
        task(context, i);
}

static void backwards(int threads)
{
    rectify_set_parallel_for(backwards_for, NULL, threads);
    rectify_set_nt_threshold(0);
}

#ifdef RECTIFY_TEST_PTHREADPOOL
/* The README's pthreadpool adapter. */
static void pthreadpool_for(void *pool, rectify_task_fn task, void *context, size_t n)
{
    pthreadpool_parallelize_1d((pthreadpool_t)pool, (pthreadpool_task_1d_t)task, context, n, 0);
}

static pthreadpool_t test_pool;
static void caller_pthreadpool(int threads)
{
    if (test_pool)
        pthreadpool_destroy(test_pool);
    test_pool = pthreadpool_create((size_t)threads);
    rectify_set_parallel_for(pthreadpool_for, test_pool, threads);
    rectify_set_nt_threshold(1);
}
#endif

#ifdef _OPENMP
/* The README's OpenMP adapter. */
static void openmp_for(void *pool, rectify_task_fn task, void *context, size_t n)
{
    (void)pool;
#pragma omp parallel for schedule(static)
    for (long i = 0; i < (long)n; i++)
        task(context, (size_t)i);
}

static void caller_openmp(int threads)
{
    omp_set_num_threads(threads);
    rectify_set_parallel_for(openmp_for, NULL, threads);
    rectify_set_nt_threshold(0);
}
#endif

static void bits_own_pool(void **state)
{
    (void)state;
    for (int t = 1; t <= 8; t += quick ? 4 : 1)
        check_all("rectify's pool", own_pool, t);
}

/* The deterministic ELU and SELU split too (in finer chunks). */
static void bits_own_pool_deterministic(void **state)
{
    (void)state;
    assert_int_equal(rectify_set_deterministic(1), RECTIFY_OK);
    for (int t = 2; t <= 7; t += 5)
        check_all("rectify's pool, deterministic mode", own_pool, t);
    assert_int_equal(rectify_set_deterministic(0), RECTIFY_OK);
}

static void bits_own_pool_streaming(void **state)
{
    (void)state;
    for (int t = 1; t <= 4; t += 3)
        check_all("rectify's pool, streaming stores", own_pool_streaming, t);
}

static void bits_registered_backwards(void **state)
{
    (void)state;
    split_calls = 0;
    for (int t = 2; t <= 8; t += 3)
        check_all("a backwards parallel-for", backwards, t);
    /* Every op but the smallest sizes was split: not a test that cannot fail. */
    assert_true(split_calls >= 3 * N_OPS * (quick ? 2 : 4));
}

static void bits_registered_pthreadpool(void **state)
{
    (void)state;
#ifdef RECTIFY_TEST_PTHREADPOOL
    for (int t = 2; t <= 8; t += 6)
        check_all("the caller's pthreadpool", caller_pthreadpool, t);
    rectify_set_parallel_for(NULL, NULL, 0);
    pthreadpool_destroy(test_pool);
    test_pool = NULL;
#else
    skip();
#endif
}

static void bits_registered_openmp(void **state)
{
    (void)state;
#ifdef _OPENMP
    for (int t = 3; t <= 7; t += 4)
        check_all("OpenMP", caller_openmp, t);
#else
    skip();
#endif
}

/* Every chunk but the first starts on a 64-byte line of the output, the
 * chunks cover the buffer, and small calls stay whole. */
/* The bytes the non-temporal threshold is compared with: every buffer's
 * out of place, 0 in place (never streamed: the output's lines are in the
 * cache already). */
static void stream_bytes(void **state)
{
    (void)state;
    static float a[4], b[4], c[4];
    const size_t n = 1000, f = sizeof(float);
    assert_int_equal(rectify_unary_bytes(a, b, n), 2 * n * f);
    assert_int_equal(rectify_unary_bytes(a, a, n), 0);
    assert_int_equal(rectify_binary_bytes(a, b, c, n), 3 * n * f);
    assert_int_equal(rectify_binary_bytes(a, a, c, n), 2 * n * f);
    assert_int_equal(rectify_binary_bytes(a, b, a, n), 0);
    assert_int_equal(rectify_binary_bytes(a, b, b, n), 0);
    assert_int_equal(rectify_binary_bytes(a, a, a, n), 0);
    assert_int_equal(rectify_deconcat_bytes(a, b, n), 4 * n * f);
    assert_int_equal(rectify_deconcat_bytes(a, a, n), 0);
}

static void chunks_on_lines(void **state)
{
    (void)state;
    static float buf[64];
    for (int w = 0; w < RECTIFY_N_WORK; w++)
        for (int threads = 1; threads <= 16; threads++)
            for (size_t n = 1; n < (size_t)1 << 24; n = n * 3 + 7)
                for (int mis = 0; mis < 16; mis++) {
                    size_t first, chunk;
                    const float *out = buf + mis;
                    size_t tasks = rectify_parallel_chunks(n, out, (enum rectify_work)w, threads,
                                                           &first, &chunk);
                    assert_true(tasks >= 1 && tasks <= (size_t)threads);
                    assert_true(first >= 1 && first <= n);
                    if (tasks == 1) {
                        assert_int_equal(first, n);
                        continue;
                    }
                    assert_int_equal((uintptr_t)(out + first) % 64, 0);
                    assert_int_equal(chunk % 16, 0);
                    assert_true(first + (tasks - 2) * chunk < n);
                    assert_true(first + (tasks - 1) * chunk >= n);
                }
}

#if defined(__x86_64__) || defined(__i386__)
/* The pool's threads take the caller's MXCSR: with FTZ set, a large
 * leaky_relu whose outputs are all subnormal gives the same (flushed)
 * results threaded as on the calling thread alone. */
static void threads_take_the_callers_mxcsr(void **state)
{
    (void)state;
    size_t n = 1 << 20;
    float *x = malloc(n * 4), *one = malloc(n * 4), *many = malloc(n * 4);
    assert_non_null(x);
    assert_non_null(one);
    assert_non_null(many);
    for (size_t i = 0; i < n; i++)
        x[i] = -FLT_MIN * (float)(1 + i % 7);
    unsigned csr = _mm_getcsr();
    _mm_setcsr(csr | 0x8040); /* FTZ and DAZ */
    rectify_set_num_threads(1);
    assert_int_equal(rectify_leaky_relu_f32(x, one, n, 0.25f), RECTIFY_OK);
    rectify_set_num_threads(4);
    assert_int_equal(rectify_leaky_relu_f32(x, many, n, 0.25f), RECTIFY_OK);
    _mm_setcsr(csr);
    rectify_set_num_threads(0);
    assert_int_equal(rt_first_difference(one, many, n), -1);
    assert_true(rt_bits(one[0]) == 0x80000000u); /* flushed, as the caller asked */
    free(x);
    free(one);
    free(many);
}
#endif

static void settings_and_errors(void **state)
{
    (void)state;
    assert_int_equal(rectify_set_num_threads(-1), RECTIFY_ERR_PARAM);
    assert_int_equal(rectify_set_num_threads(3), RECTIFY_OK);
#ifdef RECTIFY_TEST_PTHREADPOOL
    assert_int_equal(rectify_get_num_threads(), 3);
#else
    assert_int_equal(rectify_get_num_threads(), 1); /* no pool of its own in this build */
#endif
    assert_int_equal(rectify_set_parallel_for(backwards_for, NULL, 0), RECTIFY_ERR_PARAM);
    assert_int_equal(rectify_set_parallel_for(backwards_for, NULL, 5), RECTIFY_OK);
    assert_int_equal(rectify_get_num_threads(), 5);
    assert_int_equal(rectify_set_parallel_for(NULL, NULL, 0), RECTIFY_OK);
#ifdef RECTIFY_TEST_PTHREADPOOL
    assert_int_equal(rectify_get_num_threads(), 3);
#endif
    assert_int_equal(rectify_set_num_threads(0), RECTIFY_OK);
    assert_true(rectify_get_num_threads() >= 1);
    size_t nt = rectify_get_nt_threshold();
    assert_true(nt > 0); /* the last-level cache's size */
    assert_int_equal(rectify_set_nt_threshold(12345), RECTIFY_OK);
    assert_int_equal(rectify_get_nt_threshold(), 12345);
    assert_int_equal(rectify_set_nt_threshold(nt), RECTIFY_OK);
}

int main(int argc, char **argv)
{
    quick = argc > 1 && strcmp(argv[1], "quick") == 0;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(settings_and_errors),
        cmocka_unit_test(stream_bytes),
        cmocka_unit_test(chunks_on_lines),
        cmocka_unit_test(bits_own_pool),
        cmocka_unit_test(bits_own_pool_deterministic),
        cmocka_unit_test(bits_own_pool_streaming),
        cmocka_unit_test(bits_registered_backwards),
        cmocka_unit_test(bits_registered_pthreadpool),
        cmocka_unit_test(bits_registered_openmp),
#if defined(__x86_64__) || defined(__i386__)
        cmocka_unit_test(threads_take_the_callers_mxcsr),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
