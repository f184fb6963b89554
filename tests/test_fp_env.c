/*
 * The caller's floating-point state: every op on every ISA, in both modes,
 * called under each rounding mode with and without flush-to-zero /
 * denormals-are-zero (x86 MXCSR.FTZ and DAZ, AArch64 FPCR.FZ):
 *
 *  - the control state is the same after the call (MXCSR / FPCR bits other
 *    than the exception flags, and fegetround());
 *  - under a directed rounding mode, the ops without an exponential give
 *    the scalar reference's bits computed in that mode; ELU and SELU give
 *    their round-to-nearest bits (they compute in it);
 *  - under FTZ/DAZ, each result is what the header says: the result
 *    without them, or the result with the subnormal inputs read as zeros of
 *    their sign, where a subnormal may come out as a zero of its sign, a
 *    zero from a subnormal input of either sign, and ELU/SELU results
 *    below 2^-100 within 2^-100 * 2^-20 of the exact one;
 *  - a call split across threads computes under the caller's state.
 */
#include <fenv.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "api_ops.h"
#include "common.h"

/* ---- the control state, read independently of the library ------------- */

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#define HAVE_FLUSH 1
static uint64_t control_state(void) { return _mm_getcsr() & ~0x3fu; } /* less the flags */
static void set_flush(int on)
{
    unsigned csr = _mm_getcsr();
    _mm_setcsr(on ? csr | 0x8040u : csr & ~0x8040u); /* FTZ (bit 15), DAZ (bit 6) */
}
#elif defined(__aarch64__)
#define HAVE_FLUSH 1
static uint64_t control_state(void)
{
    uint64_t s;
    __asm__ volatile("mrs %0, fpcr" : "=r"(s));
    return s; /* FPCR holds no flags (FPSR does) */
}
static void set_flush(int on)
{
    uint64_t s = control_state();
    s = on ? s | (1u << 24) : s & ~(uint64_t)(1u << 24); /* FZ */
    __asm__ volatile("msr fpcr, %0" : : "r"(s));
}
#else
#define HAVE_FLUSH 0
static uint64_t control_state(void) { return 0; }
static void set_flush(int on) { (void)on; }
#endif

static const int rounding_modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
static const char *const rounding_names[] = {"to nearest", "upward", "downward", "toward zero"};
#define N_MODES 4

/* ---- the calls ------------------------------------------------------------ */

#define SLOPE 0.01f
#define ALPHA 1.25f
#define LOWER 0.125f
#define UPPER (1.0f / 3.0f)
#define OUTER 3
#define N     (OUTER * 347) /* three CReLU rows; every ISA's tails */

/* Op o's arguments; rrelu in training (variant 0) and eval (variant 1). */
static struct rt_op_args args_for(enum rt_op o, int variant)
{
    int elu = o == RT_ELU || o == RT_ELU_BWD || o == RT_ELU_BWD_OUT;
    int rrelu = o == RT_RRELU || o == RT_RRELU_BWD;
    return (struct rt_op_args){.p1 = elu     ? ALPHA
                                     : rrelu ? LOWER
                                             : SLOPE,
                               .p2 = UPPER,
                               .training = variant == 0,
                               .seed = 0x0123456789abcdefULL,
                               .offset = 12345,
                               .outer = OUTER,
                               .inner = N / OUTER};
}

static int variants_of(enum rt_op o) { return o == RT_RRELU || o == RT_RRELU_BWD ? 2 : 1; }

struct buffers {
    float a[N], b[2 * N], a_flushed[N], b_flushed[2 * N];
    float out[2 * N], want[2 * N], want_flushed[2 * N], nearest[2 * N];
};
static struct buffers buf;

static float flushed(float f) { return fpclassify(f) == FP_SUBNORMAL ? copysignf(0.0f, f) : f; }

/* rt_fill's mix, with a third of the inputs and a fifth of dy subnormal
 * and another sixth tiny normals (subnormal results of leaky_relu and of
 * ELU's alpha * x), and their copies with the subnormals read as zeros. */
static void fill(uint64_t seed)
{
    rt_fill(buf.a, N, seed);
    rt_fill(buf.b, 2 * N, seed + 1);
    for (size_t i = 0; i < N; i += 3)
        buf.a[i] = rt_float(rt_bits(buf.a[i]) & 0x807fffffu);
    for (size_t i = 1; i < N; i += 6)
        buf.a[i] = rt_float((rt_bits(buf.a[i]) & 0x807fffffu) | (1u + (uint32_t)i % 20) << 23);
    for (size_t i = 2; i < 2 * N; i += 5)
        buf.b[i] = rt_float(rt_bits(buf.b[i]) & 0x807fffffu);
    for (size_t i = 0; i < N; i++)
        buf.a_flushed[i] = flushed(buf.a[i]);
    for (size_t i = 0; i < 2 * N; i++)
        buf.b_flushed[i] = flushed(buf.b[i]);
}

/* The input an output element depends on (CReLU's second half: x's). */
static float input_of(enum rt_op o, const float *a, size_t i)
{
    size_t w = N / OUTER;
    return rt_ops[o].shape == RT_SHAPE_CONCAT ? a[i % (2 * w) % w + i / (2 * w) * w] : a[i];
}

/* One case of the matrix: an op with its arguments, on an ISA, in a mode. */
struct fp_case {
    rectify_isa isa;
    int det;
    enum rt_op op;
    struct rt_op_args args;
};

static rectify_status run_api(const struct fp_case *c, float *out)
{
    return rt_op_call(c->op, buf.a, buf.b, out, N, &c->args);
}

static const char *describe(const struct fp_case *c)
{
    static char text[160];
    snprintf(text, sizeof text, "%s%s on %s (%s)", rt_ops[c->op].name,
             variants_of(c->op) == 2 ? (c->args.training ? " training" : " eval") : "",
             rectify_isa_name(c->isa), c->det ? "deterministic" : "default");
    return text;
}

/* Runs check(c) for every supported ISA, mode, op and variant. */
static void for_every_case(void (*check)(const struct fp_case *c))
{
    rectify_isa isas[5];
    int n_isas = rt_supported_isas(isas);
    for (int t = 0; t < n_isas; t++) {
        assert_int_equal(rectify_set_isa(isas[t]), RECTIFY_OK);
        for (int det = 0; det < 2; det++) {
            assert_int_equal(rectify_set_deterministic(det), RECTIFY_OK);
            for (int o = 0; o < RT_N_OPS; o++)
                for (int v = 0; v < variants_of((enum rt_op)o); v++) {
                    struct fp_case c = {isas[t], det, (enum rt_op)o, args_for((enum rt_op)o, v)};
                    check(&c);
                }
        }
    }
    rectify_set_deterministic(0);
}

/* ---- the tests ------------------------------------------------------------ */

/* Every rounding mode and FTZ setting: the control state survives. */
static void check_state(const struct fp_case *c)
{
    for (int m = 0; m < N_MODES; m++)
        for (int flush = 0; flush <= HAVE_FLUSH; flush++) {
            assert_int_equal(fesetround(rounding_modes[m]), 0);
            set_flush(flush);
            uint64_t before = control_state();
            rectify_status s = run_api(c, buf.out);
            uint64_t after = control_state();
            int round_after = fegetround();
            set_flush(0);
            fesetround(FE_TONEAREST);
            assert_int_equal(s, RECTIFY_OK);
            if (after != before || round_after != rounding_modes[m])
                fail_msg("%s, rounding %s, flush %d: the FP control state went from %#llx to "
                         "%#llx",
                         describe(c), rounding_names[m], flush, (unsigned long long)before,
                         (unsigned long long)after);
        }
}

static void state_is_unchanged(void **state)
{
    (void)state;
    fill(1);
    for_every_case(check_state);
}

/* Directed rounding, no flushing: the reference's bits in that mode, or,
 * for ELU and SELU, their own round-to-nearest bits. */
static void check_directed(const struct fp_case *c)
{
    size_t on = rt_op_out_len(c->op, N);
    assert_int_equal(run_api(c, buf.nearest), RECTIFY_OK);
    for (int m = 1; m < N_MODES; m++) {
        fesetround(rounding_modes[m]);
        rt_op_reference(c->op, buf.a, buf.b, buf.want, N, &c->args);
        rectify_status s = run_api(c, buf.out);
        fesetround(FE_TONEAREST);
        assert_int_equal(s, RECTIFY_OK);
        const float *expect = rt_ops[c->op].exponential ? buf.nearest : buf.want;
        long i = rt_first_difference(buf.out, expect, on);
        if (i >= 0)
            fail_msg("%s, rounding %s: element %ld is %a, want %a", describe(c), rounding_names[m],
                     i, (double)buf.out[i], (double)expect[i]);
    }
}

static void directed_rounding(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 3; seed++) {
        fill(seed);
        for_every_case(check_directed);
    }
}

#if HAVE_FLUSH
/* ULPs between two non-NaN floats. */
static uint32_t ulps(float a, float b)
{
    int64_t ia = rt_bits(a) >> 31 ? -(int64_t)(rt_bits(a) & 0x7fffffffu) : (int64_t)rt_bits(a);
    int64_t ib = rt_bits(b) >> 31 ? -(int64_t)(rt_bits(b) & 0x7fffffffu) : (int64_t)rt_bits(b);
    int64_t d = ia > ib ? ia - ib : ib - ia;
    return d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;
}

/* With flushing, got against one expectation e computed without it. */
static int flush_matches(enum rt_op o, float got, float e, float input)
{
    float g = flushed(got), w = flushed(e);
    if (rt_bits(g) == rt_bits(w))
        return 1;
    if (g == 0.0f && w == 0.0f && fpclassify(input) == FP_SUBNORMAL)
        return 1; /* a zero from a subnormal input: either sign */
    if (!rt_ops[o].exponential)
        return 0;
    if (isnan(g) || isnan(w))
        return isnan(g) && isnan(w);
    if (g == 0.0f && w == 0.0f)
        return 0;
    if (ulps(g, w) <= 2)
        return 1;
    /* The inline exponential's small terms flush below 2^-100. */
    return fabsf(w) < 0x1p-100f && fabsf(g - w) <= 0x1p-120f;
}

/* FTZ/DAZ (FPCR.FZ), round-to-nearest: each result as the header says. */
static void check_flush(const struct fp_case *c)
{
    size_t on = rt_op_out_len(c->op, N);
    rt_op_reference(c->op, buf.a, buf.b, buf.want, N, &c->args);
    rt_op_reference(c->op, buf.a_flushed, buf.b_flushed, buf.want_flushed, N, &c->args);
    set_flush(1);
    rectify_status s = run_api(c, buf.out);
    set_flush(0);
    assert_int_equal(s, RECTIFY_OK);
    for (size_t i = 0; i < on; i++) {
        float in = input_of(c->op, buf.a, i), g = buf.out[i];
        if (flush_matches(c->op, g, buf.want[i], in) ||
            flush_matches(c->op, g, buf.want_flushed[i], in))
            continue;
        fail_msg("%s, FTZ/DAZ: element %zu (x %a) is %a, want %a or, inputs flushed, %a",
                 describe(c), i, (double)in, (double)g, (double)buf.want[i],
                 (double)buf.want_flushed[i]);
    }
}

static void flush_to_zero(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 3; seed++) {
        fill(seed);
        for_every_case(check_flush);
    }
}
#endif

/* ---- split calls -------------------------------------------------------- */

/* A caller's parallel-for of plain threads, one per task. */
struct task_args {
    rectify_task_fn fn;
    void *context;
    size_t index;
};

static void *task_main(void *p)
{
    struct task_args *a = p;
    a->fn(a->context, a->index);
    return NULL;
}

static void thread_per_task(void *pool, rectify_task_fn fn, void *context, size_t tasks)
{
    (void)pool;
    pthread_t th[16];
    struct task_args args[16];
    assert_true(tasks <= 16);
    for (size_t i = 0; i < tasks; i++) {
        args[i] = (struct task_args){fn, context, i};
        assert_int_equal(pthread_create(&th[i], NULL, task_main, &args[i]), 0);
    }
    for (size_t i = 0; i < tasks; i++)
        pthread_join(th[i], NULL);
}

/* Threads that start in the default state compute a split call in the
 * caller's: upward rounding (leaky_relu's products), FTZ (its subnormal
 * products flushed), and ELU's round-to-nearest. */
static void split_calls_take_the_callers_state(void **state)
{
    (void)state;
    size_t n = 1 << 20;
    float *x = malloc(n * sizeof(float)), *one = malloc(n * sizeof(float)),
          *many = malloc(n * sizeof(float));
    assert_non_null(x);
    assert_non_null(one);
    assert_non_null(many);
    for (size_t i = 0; i < n; i++)
        x[i] = (i % 3 ? -FLT_MIN : -1.1f) * (float)(1 + i % 7);
    float *want = malloc(n * sizeof(float));
    assert_non_null(want);
    const struct rectify_params p = {.slope = 0.3f};
    for (int flush = 0; flush <= HAVE_FLUSH; flush++)
        for (int op = 0; op < 2; op++) {
            /* One task: the calling thread. */
            assert_int_equal(rectify_set_parallel_for(thread_per_task, NULL, 1), RECTIFY_OK);
            set_flush(flush);
            assert_int_equal(op ? rectify_elu_f32(x, want, n, ALPHA) : RECTIFY_OK, RECTIFY_OK);
            fesetround(FE_UPWARD);
            if (op == 0)
                rectify_reference.leaky_relu_forward(x, want, n, &p);
            rectify_status s1 =
                op ? rectify_elu_f32(x, one, n, ALPHA) : rectify_leaky_relu_f32(x, one, n, p.slope);
            assert_int_equal(rectify_set_parallel_for(thread_per_task, NULL, 4), RECTIFY_OK);
            rectify_status s2 = op ? rectify_elu_f32(x, many, n, ALPHA)
                                   : rectify_leaky_relu_f32(x, many, n, p.slope);
            set_flush(0);
            fesetround(FE_TONEAREST);
            assert_int_equal(s1, RECTIFY_OK);
            assert_int_equal(s2, RECTIFY_OK);
            /* leaky_relu: the reference in the caller's state; ELU: its
             * round-to-nearest bits (with the caller's flushing). */
            assert_int_equal(rt_first_difference(one, want, n), -1);
            assert_int_equal(rt_first_difference(many, want, n), -1);
        }
    assert_int_equal(rectify_set_parallel_for(NULL, NULL, 1), RECTIFY_OK);
    rectify_set_num_threads(0);
    free(x);
    free(one);
    free(many);
    free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(state_is_unchanged),
        cmocka_unit_test(directed_rounding),
#if HAVE_FLUSH
        cmocka_unit_test(flush_to_zero),
#endif
        cmocka_unit_test(split_calls_take_the_callers_state),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
