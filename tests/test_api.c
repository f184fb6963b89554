/*
 * The public API, on every supported ISA (forced with rectify_set_isa):
 * DESIGN.md's special values as known answers at every lane position, the
 * entry points against the reference out of place and in place, every error
 * path leaving the outputs untouched, and the dispatch and status calls.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "common.h"
#include "dispatch.h"
#include "kernel.h"

/* ---- the public ops behind one signature ---------------------------------- */

struct api_op {
    const char *name;
    int binary;    /* takes dy */
    int has_param; /* takes a float parameter that must be finite */
    rectify_status (*call)(const float *x, const float *dy, float *out, size_t n, float s);
    rectify_unary_fn ref_unary;
    rectify_binary_fn ref_binary;
};

static rectify_status relu_f(const float *x, const float *dy, float *y, size_t n, float s)
{
    (void)dy, (void)s;
    return rectify_relu_f32(x, y, n);
}
static rectify_status relu_b(const float *x, const float *dy, float *dx, size_t n, float s)
{
    (void)s;
    return rectify_relu_backward_f32(x, dy, dx, n);
}
static rectify_status leaky_f(const float *x, const float *dy, float *y, size_t n, float s)
{
    (void)dy;
    return rectify_leaky_relu_f32(x, y, n, s);
}
static rectify_status leaky_b(const float *x, const float *dy, float *dx, size_t n, float s)
{
    return rectify_leaky_relu_backward_f32(x, dy, dx, n, s);
}
static rectify_status relu6_f(const float *x, const float *dy, float *y, size_t n, float s)
{
    (void)dy, (void)s;
    return rectify_relu6_f32(x, y, n);
}
static rectify_status relu6_b(const float *x, const float *dy, float *dx, size_t n, float s)
{
    (void)s;
    return rectify_relu6_backward_f32(x, dy, dx, n);
}

static struct api_op ops[6];

static void init_ops(void)
{
    const struct rectify_kernels *r = &rectify_reference;
    struct api_op o[] = {
        {"relu", 0, 0, relu_f, r->relu_forward, NULL},
        {"relu_backward", 1, 0, relu_b, NULL, r->relu_backward},
        {"leaky_relu", 0, 1, leaky_f, r->leaky_relu_forward, NULL},
        {"leaky_relu_backward", 1, 1, leaky_b, NULL, r->leaky_relu_backward},
        {"relu6", 0, 0, relu6_f, r->relu6_forward, NULL},
        {"relu6_backward", 1, 0, relu6_b, NULL, r->relu6_backward},
    };
    memcpy(ops, o, sizeof o);
}
#define N_OPS (sizeof ops / sizeof ops[0])

static const struct api_op *op_named(const char *name)
{
    for (size_t i = 0; i < N_OPS; i++)
        if (strcmp(ops[i].name, name) == 0)
            return &ops[i];
    return NULL;
}

/* ---- known answers --------------------------------------------------------- */

#define QNAN_PAYLOAD     0x7fc12345u
#define NEG_QNAN_PAYLOAD 0xffc54321u

struct known {
    float x, dy, s;
    uint32_t expect;
};

/* Known answers straight from DESIGN.md's table; bits where sign or payload
 * matter. */
static void expect_known(const char *opname, const struct known *cases, size_t n_cases)
{
    const struct api_op *op = op_named(opname);
    assert_non_null(op);
    rectify_isa isas[5];
    int n_isas = rt_supported_isas(isas);
    enum { LEN = 67 }; /* every lane of every vector width, and a tail */
    float x[LEN], dy[LEN], out[LEN];
    for (int i = 0; i < n_isas; i++) {
        assert_int_equal(rectify_set_isa(isas[i]), RECTIFY_OK);
        for (size_t c = 0; c < n_cases; c++) {
            for (size_t len = 1; len <= LEN; len += LEN - 1) {
                for (size_t j = 0; j < len; j++) {
                    x[j] = cases[c].x;
                    dy[j] = cases[c].dy;
                    out[j] = 12345.0f;
                }
                assert_int_equal(op->call(x, dy, out, len, cases[c].s), RECTIFY_OK);
                for (size_t j = 0; j < len; j++)
                    if (rt_bits(out[j]) != cases[c].expect)
                        fail_msg("%s on %s: x=%08x dy=%08x s=%g at [%zu] of %zu gives %08x, "
                                 "expected %08x",
                                 opname, rectify_isa_name(isas[i]), rt_bits(cases[c].x),
                                 rt_bits(cases[c].dy), (double)cases[c].s, j, len, rt_bits(out[j]),
                                 cases[c].expect);
            }
        }
    }
}

#define KNOWN(op, ...)                                                                             \
    do {                                                                                           \
        const struct known cases_[] = {__VA_ARGS__};                                               \
        expect_known(op, cases_, sizeof cases_ / sizeof cases_[0]);                                \
    } while (0)

#define F(f) rt_bits(f)

static void relu_known(void **state)
{
    (void)state;
    const float qnan = rt_float(QNAN_PAYLOAD), nqnan = rt_float(NEG_QNAN_PAYLOAD);
    KNOWN("relu", {-0.0f, 0, 0, F(-0.0f)}, {0.0f, 0, 0, F(0.0f)}, {qnan, 0, 0, QNAN_PAYLOAD},
          {nqnan, 0, 0, NEG_QNAN_PAYLOAD}, {-INFINITY, 0, 0, F(0.0f)},
          {INFINITY, 0, 0, F(INFINITY)}, {-1e-45f, 0, 0, F(0.0f)}, {1e-45f, 0, 0, F(1e-45f)},
          {-FLT_MAX, 0, 0, F(0.0f)}, {FLT_MAX, 0, 0, F(FLT_MAX)}, {-1.0f, 0, 0, F(0.0f)},
          {2.5f, 0, 0, F(2.5f)});
    KNOWN("relu_backward", {qnan, 3.0f, 0, F(3.0f)}, {-0.0f, 3.0f, 0, F(0.0f)},
          {0.0f, 3.0f, 0, F(0.0f)}, {1e-45f, 3.0f, 0, F(3.0f)}, {-1e-45f, 3.0f, 0, F(0.0f)},
          {INFINITY, -3.0f, 0, F(-3.0f)}, {-INFINITY, 3.0f, 0, F(0.0f)}, {-1.0f, qnan, 0, F(0.0f)},
          {1.0f, qnan, 0, QNAN_PAYLOAD}, {1.0f, -0.0f, 0, F(-0.0f)});
}

static void leaky_relu_known(void **state)
{
    (void)state;
    const float qnan = rt_float(QNAN_PAYLOAD);
    /* The invalid product -inf * 0 gives this platform's default NaN, the
     * same in every kernel; computed at run time, not folded. */
    volatile float zero = 0.0f;
    const uint32_t default_nan = rt_bits(-INFINITY * zero);
    KNOWN("leaky_relu", {qnan, 0, 0.01f, QNAN_PAYLOAD}, {-0.0f, 0, 0.01f, F(-0.0f)},
          {0.0f, 0, 0.01f, F(0.0f)}, {-0.0f, 0, -0.5f, F(0.0f)},
          {-INFINITY, 0, 0.01f, F(-INFINITY)}, {-INFINITY, 0, 0.0f, default_nan},
          {INFINITY, 0, 0.0f, F(INFINITY)}, {-2.0f, 0, 0.25f, F(-0.5f)}, {-2.0f, 0, -0.5f, F(1.0f)},
          {2.0f, 0, 0.25f, F(2.0f)}, {-1e-45f, 0, 0.5f, F(-0.0f)},
          {-FLT_MAX, 0, 3.0f, F(-INFINITY)}, {1e-45f, 0, 0.5f, F(1e-45f)});
    KNOWN("leaky_relu_backward", {qnan, 4.0f, 0.25f, F(1.0f)}, {0.0f, 4.0f, 0.25f, F(1.0f)},
          {-0.0f, 4.0f, 0.25f, F(1.0f)}, {1e-45f, 4.0f, 0.25f, F(4.0f)},
          {-1.0f, qnan, 0.25f, QNAN_PAYLOAD}, {-1.0f, 4.0f, 0.0f, F(0.0f)},
          {INFINITY, 4.0f, 0.25f, F(4.0f)}, {-INFINITY, 4.0f, -0.5f, F(-2.0f)});
}

static void relu6_known(void **state)
{
    (void)state;
    const float qnan = rt_float(QNAN_PAYLOAD), nqnan = rt_float(NEG_QNAN_PAYLOAD);
    const float below6 = nextafterf(6.0f, 0.0f), above6 = nextafterf(6.0f, 7.0f);
    KNOWN("relu6", {-0.0f, 0, 0, F(-0.0f)}, {0.0f, 0, 0, F(0.0f)}, {qnan, 0, 0, QNAN_PAYLOAD},
          {nqnan, 0, 0, NEG_QNAN_PAYLOAD}, {INFINITY, 0, 0, F(6.0f)}, {-INFINITY, 0, 0, F(0.0f)},
          {6.0f, 0, 0, F(6.0f)}, {below6, 0, 0, F(below6)}, {above6, 0, 0, F(6.0f)},
          {-FLT_MAX, 0, 0, F(0.0f)}, {FLT_MAX, 0, 0, F(6.0f)}, {1e-45f, 0, 0, F(1e-45f)},
          {-1e-45f, 0, 0, F(0.0f)}, {3.5f, 0, 0, F(3.5f)});
    KNOWN("relu6_backward", {qnan, 2.0f, 0, F(0.0f)}, {0.0f, 2.0f, 0, F(0.0f)},
          {-0.0f, 2.0f, 0, F(0.0f)}, {6.0f, 2.0f, 0, F(0.0f)}, {below6, 2.0f, 0, F(2.0f)},
          {above6, 2.0f, 0, F(0.0f)}, {1e-45f, 2.0f, 0, F(2.0f)}, {INFINITY, 2.0f, 0, F(0.0f)},
          {-INFINITY, 2.0f, 0, F(0.0f)}, {3.0f, qnan, 0, QNAN_PAYLOAD}, {3.0f, -0.0f, 0, F(-0.0f)});
}

/* ---- entry points against the reference, out of place and in place ------- */

static void entry_points_match_reference(void **state)
{
    (void)state;
    enum { N = 1037 };
    static float x[N], dy[N], out[N], work[N], expect[N];
    const struct rectify_params p = {.slope = 0.1f};
    rectify_isa isas[5];
    int n_isas = rt_supported_isas(isas);
    rt_fill(x, N, 7);
    rt_fill(dy, N, 8);
    for (int i = 0; i < n_isas; i++) {
        assert_int_equal(rectify_set_isa(isas[i]), RECTIFY_OK);
        assert_int_equal(rectify_get_isa(), isas[i]);
        for (size_t o = 0; o < N_OPS; o++) {
            if (ops[o].binary)
                ops[o].ref_binary(x, dy, expect, N, &p);
            else
                ops[o].ref_unary(x, expect, N, &p);
            assert_int_equal(ops[o].call(x, dy, out, N, p.slope), RECTIFY_OK);
            assert_int_equal(rt_first_difference(out, expect, N), -1);
            memcpy(work, x, sizeof work);
            assert_int_equal(ops[o].call(work, dy, work, N, p.slope), RECTIFY_OK);
            assert_int_equal(rt_first_difference(work, expect, N), -1);
            if (ops[o].binary) {
                memcpy(work, dy, sizeof work);
                assert_int_equal(ops[o].call(x, work, work, N, p.slope), RECTIFY_OK);
                assert_int_equal(rt_first_difference(work, expect, N), -1);
            }
        }
    }
}

/* ---- errors ------------------------------------------------------------------ */

#define GUARD 0x7f8badc0u

static void expect_error(const struct api_op *op, const float *x, const float *dy, float *out,
                         float *watch, size_t watch_n, size_t n, float s, rectify_status want)
{
    for (size_t i = 0; i < watch_n; i++)
        watch[i] = rt_float(GUARD);
    rectify_status got = op->call(x, dy, out, n, s);
    if (got != want)
        fail_msg("%s: expected status %d (%s), got %d (%s)", op->name, want,
                 rectify_status_str(want), got, rectify_status_str(got));
    for (size_t i = 0; i < watch_n; i++)
        if (rt_bits(watch[i]) != GUARD)
            fail_msg("%s: wrote output element %zu on error %s", op->name, i,
                     rectify_status_str(want));
}

static void errors_leave_outputs_untouched(void **state)
{
    (void)state;
    enum { N = 64 };
    static float buf[4 * N], x[N], dy[N], out[N];
    rectify_isa isas[5];
    int n_isas = rt_supported_isas(isas);
    rt_fill(x, N, 3);
    rt_fill(dy, N, 4);
    for (int i = 0; i < n_isas; i++) {
        assert_int_equal(rectify_set_isa(isas[i]), RECTIFY_OK);
        for (size_t o = 0; o < N_OPS; o++) {
            const struct api_op *op = &ops[o];
            /* n == 0 succeeds whatever the pointers. */
            assert_int_equal(op->call(NULL, NULL, NULL, 0, 1.0f), RECTIFY_OK);
            if (op->has_param)
                assert_int_equal(op->call(NULL, NULL, NULL, 0, NAN), RECTIFY_OK);
            /* Byte count overflow comes first. */
            expect_error(op, x, dy, out, out, N, SIZE_MAX / 2, 0.5f, RECTIFY_ERR_SIZE);
            expect_error(op, x, dy, out, out, N, SIZE_MAX / sizeof(float) + 1, 0.5f,
                         RECTIFY_ERR_SIZE);
            /* NULL pointers. */
            expect_error(op, NULL, dy, out, out, N, N, 0.5f, RECTIFY_ERR_NULL);
            expect_error(op, x, dy, NULL, out, N, N, 0.5f, RECTIFY_ERR_NULL);
            if (op->binary)
                expect_error(op, x, NULL, out, out, N, N, 0.5f, RECTIFY_ERR_NULL);
            /* Parameters. */
            if (op->has_param) {
                expect_error(op, x, dy, out, out, N, N, NAN, RECTIFY_ERR_PARAM);
                expect_error(op, x, dy, out, out, N, N, INFINITY, RECTIFY_ERR_PARAM);
                expect_error(op, x, dy, out, out, N, N, -INFINITY, RECTIFY_ERR_PARAM);
            }
            /* Partial overlap of the output with an input, either side. */
            static const int shifts[] = {-N + 1, -33, -8, -1, 1, 2, 31, N - 1};
            for (size_t si = 0; si < sizeof shifts / sizeof shifts[0]; si++) {
                int shift = shifts[si];
                float *in = buf + 2 * N, *o2 = in + shift;
                rt_fill(in, N, 5);
                expect_error(op, in, dy, o2, o2, N, N, 0.5f, RECTIFY_ERR_OVERLAP);
                if (op->binary) {
                    float *d = buf + 2 * N;
                    expect_error(op, x, d, d + shift, d + shift, N, N, 0.5f, RECTIFY_ERR_OVERLAP);
                }
            }
            /* Adjacent buffers do not overlap. */
            float *in = buf + N;
            rt_fill(in, N, 6);
            assert_int_equal(op->call(in, dy, in + N, N, 0.5f), RECTIFY_OK);
            assert_int_equal(op->call(in, dy, in - N, N, 0.5f), RECTIFY_OK);
        }
    }
}

/* ---- dispatch and status ------------------------------------------------------- */

static void isa_names(void **state)
{
    (void)state;
    assert_string_equal(rectify_isa_name(RECTIFY_ISA_SCALAR), "scalar");
    assert_string_equal(rectify_isa_name(RECTIFY_ISA_SSE2), "sse2");
    assert_string_equal(rectify_isa_name(RECTIFY_ISA_AVX2), "avx2");
    assert_string_equal(rectify_isa_name(RECTIFY_ISA_AVX512), "avx512");
    assert_string_equal(rectify_isa_name(RECTIFY_ISA_NEON), "neon");
    assert_string_equal(rectify_isa_name((rectify_isa)42), "unknown");
    assert_string_equal(rectify_isa_name((rectify_isa)-1), "unknown");
}

static void isa_selection(void **state)
{
    (void)state;
    assert_true(rectify_isa_supported(RECTIFY_ISA_SCALAR));
    assert_false(rectify_isa_supported((rectify_isa)42));
    assert_int_equal(rectify_set_isa((rectify_isa)42), RECTIFY_ERR_INVALID);
    assert_int_equal(rectify_set_isa((rectify_isa)-1), RECTIFY_ERR_INVALID);
#if defined(__x86_64__)
    /* Detection agrees with the compiler's own CPU model (which also checks
     * the OS state through XGETBV). */
    __builtin_cpu_init();
    assert_int_equal(rectify_isa_supported(RECTIFY_ISA_SSE2), 1);
    assert_int_equal(rectify_isa_supported(RECTIFY_ISA_AVX2),
                     __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"));
    assert_int_equal(rectify_isa_supported(RECTIFY_ISA_AVX512),
                     __builtin_cpu_supports("avx512f") != 0);
    assert_false(rectify_isa_supported(RECTIFY_ISA_NEON));
    rectify_isa absent = RECTIFY_ISA_NEON;
#elif defined(__aarch64__)
    assert_true(rectify_isa_supported(RECTIFY_ISA_NEON));
    assert_false(rectify_isa_supported(RECTIFY_ISA_AVX2));
    assert_false(rectify_isa_supported(RECTIFY_ISA_SSE2));
    rectify_isa absent = RECTIFY_ISA_AVX2;
#endif
    rectify_isa before = rectify_get_isa();
    assert_int_equal(rectify_set_isa(absent), RECTIFY_ERR_UNSUPPORTED);
    assert_int_equal(rectify_get_isa(), before);
    rectify_isa isas[5];
    int n = rt_supported_isas(isas);
    for (int i = 0; i < n; i++) {
        assert_int_equal(rectify_set_isa(isas[i]), RECTIFY_OK);
        assert_int_equal(rectify_get_isa(), isas[i]);
    }
}

/* How many of one class's members in `t` are the same as in `from`, and
 * how many the class has. */
static void count_class(const struct rectify_kernels *t, const struct rectify_kernels *from,
                        enum rectify_op_class c, int *same, int *members)
{
    *same = *members = 0;
#define RECTIFY_COUNT(name, arity) (*members)++, *same += t->name == from->name;
    RECTIFY_FOR_CLASS(c, RECTIFY_COUNT)
#undef RECTIFY_COUNT
}

/* The per-class composition, with choice rows of the test's own: a row for
 * the family moves its class to a narrower supported ISA; rows for another
 * family, above the top, or for an unsupported ISA change nothing. */
static void isa_per_class(void **state)
{
    (void)state;
    rectify_isa best = RECTIFY_ISA_SCALAR;
    for (int i = 0; i <= RECTIFY_ISA_NEON; i++)
        if (rectify_isa_supported((rectify_isa)i))
            best = (rectify_isa)i;
    rectify_isa absent = RECTIFY_ISA_NEON;
#ifdef __aarch64__
    absent = RECTIFY_ISA_AVX2;
#endif
    const enum rectify_cpu_family f = RECTIFY_CPU_AMD_ZEN4;
    const struct rectify_isa_choice rows[] = {
        {f, RECTIFY_CLASS_MEMORY, RECTIFY_ISA_SCALAR},
        {RECTIFY_CPU_OTHER, RECTIFY_CLASS_EXPONENTIAL, RECTIFY_ISA_SCALAR},
        {f, RECTIFY_CLASS_RANDOM, absent},
    };
    struct rectify_kernels t;
    rectify_isa class_isa[RECTIFY_N_CLASSES];
    rectify_compose_kernels(&t, class_isa, f, best, rows, 3);
    assert_int_equal(t.isa, best);
    assert_int_equal(class_isa[RECTIFY_CLASS_MEMORY], RECTIFY_ISA_SCALAR);
    assert_int_equal(class_isa[RECTIFY_CLASS_EXPONENTIAL], best);
    assert_int_equal(class_isa[RECTIFY_CLASS_RANDOM], best);
    const struct rectify_kernels *scalar = rectify_kernels_for(RECTIFY_ISA_SCALAR);
    const struct rectify_kernels *top = rectify_kernels_for(best);
    for (int c = 0; c < RECTIFY_N_CLASSES; c++) {
        int same, members;
        count_class(&t, rectify_kernels_for(class_isa[c]), (enum rectify_op_class)c, &same,
                    &members);
        assert_true(members > 0);
        assert_int_equal(same, members);
    }
    if (best != RECTIFY_ISA_SCALAR) { /* the moved class really left the top's kernels */
        int same, members;
        count_class(&t, top, RECTIFY_CLASS_MEMORY, &same, &members);
        assert_int_equal(same, 0);
        assert_ptr_equal(t.relu_forward, scalar->relu_forward);
        assert_ptr_equal(t.elu_forward, top->elu_forward);
    }

    /* A row above the top is not taken: RECTIFY_ISA's cap holds. */
    const struct rectify_isa_choice up[] = {{f, RECTIFY_CLASS_EXPONENTIAL, best}};
    rectify_compose_kernels(&t, class_isa, f, RECTIFY_ISA_SCALAR, up, 1);
    for (int c = 0; c < RECTIFY_N_CLASSES; c++)
        assert_int_equal(class_isa[c], RECTIFY_ISA_SCALAR);
    assert_ptr_equal(t.elu_forward, scalar->elu_forward);

    /* Every class has a name. (The start-up table, from registry.h's rows,
     * is test_env's.) */
    for (int c = 0; c < RECTIFY_N_CLASSES; c++)
        assert_string_not_equal(rectify_op_class_name((enum rectify_op_class)c), "unknown");
    assert_string_equal(rectify_op_class_name(RECTIFY_N_CLASSES), "unknown");
}

static void status_strings(void **state)
{
    (void)state;
    const char *seen[8] = {0};
    for (int s = RECTIFY_OK; s <= RECTIFY_ERR_INVALID; s++) {
        seen[s] = rectify_status_str((rectify_status)s);
        assert_non_null(seen[s]);
        assert_true(strlen(seen[s]) > 5);
        for (int t = 0; t < s; t++)
            assert_string_not_equal(seen[s], seen[t]);
    }
    assert_string_equal(rectify_status_str((rectify_status)99), "unknown status");
}

static void deterministic_flag(void **state)
{
    (void)state;
    int before = rectify_get_deterministic();
    assert_int_equal(rectify_set_deterministic(1), RECTIFY_OK);
    assert_int_equal(rectify_get_deterministic(), 1);
    assert_int_equal(rectify_set_deterministic(0), RECTIFY_OK);
    assert_int_equal(rectify_get_deterministic(), 0);
    assert_int_equal(rectify_set_deterministic(2), RECTIFY_ERR_INVALID);
    assert_int_equal(rectify_set_deterministic(-1), RECTIFY_ERR_INVALID);
    assert_int_equal(rectify_get_deterministic(), 0);
    assert_int_equal(rectify_set_deterministic(before), RECTIFY_OK);
}

int main(void)
{
    init_ops();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(relu_known),
        cmocka_unit_test(leaky_relu_known),
        cmocka_unit_test(relu6_known),
        cmocka_unit_test(entry_points_match_reference),
        cmocka_unit_test(errors_leave_outputs_untouched),
        cmocka_unit_test(isa_names),
        cmocka_unit_test(isa_selection),
        cmocka_unit_test(isa_per_class),
        cmocka_unit_test(status_strings),
        cmocka_unit_test(deterministic_flag),
    };
    return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
