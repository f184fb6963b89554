/*
 * ELU and SELU through the public API, on every supported ISA and in both
 * modes: DESIGN.md's special values as exact known answers at every lane
 * position, the entry points against the reference (within the ULP bound,
 * and bit for bit across ISAs in deterministic mode), and every error path
 * leaving the output untouched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "registry_walk.h"

enum { ELU_F, ELU_B, ELU_BO, SELU_F, SELU_B, SELU_BO, N_OPS };
static const char *const op_names[N_OPS] = {"elu",  "elu_backward",  "elu_backward_from_output",
                                            "selu", "selu_backward", "selu_backward_from_output"};

static rectify_status call(int op, const float *x, const float *dy, float *out, size_t n, float a)
{
    switch (op) {
    case ELU_F:
        return rectify_elu_f32(x, out, n, a);
    case ELU_B:
        return rectify_elu_backward_f32(x, dy, out, n, a);
    case ELU_BO:
        return rectify_elu_backward_from_output_f32(x, dy, out, n, a);
    case SELU_F:
        return rectify_selu_f32(x, out, n);
    case SELU_B:
        return rectify_selu_backward_f32(x, dy, out, n);
    default:
        return rectify_selu_backward_from_output_f32(x, dy, out, n);
    }
}

struct known {
    int op;
    float x, dy, alpha;
    uint32_t expect;
};

#define F(f) rt_bits(f)
#define QNAN 0x7fc12345u

static void specials_exact_in_both_modes(void **state)
{
    (void)state;
    const float qnan = rt_float(QNAN);
    const float la = 0x1.c212ccp+0f; /* lambda * alpha rounded */
    const float lambda = 1.0507009873554804934193349852946f;
    const struct known cases[] = {
        {ELU_F, -0.0f, 0, 1.0f, F(-0.0f)},
        {ELU_F, 0.0f, 0, 1.0f, F(0.0f)},
        {ELU_F, qnan, 0, 1.0f, QNAN},
        {ELU_F, -INFINITY, 0, 1.0f, F(-1.0f)},
        {ELU_F, -INFINITY, 0, 0.5f, F(-0.5f)},
        {ELU_F, INFINITY, 0, 1.0f, F(INFINITY)},
        {ELU_F, -1e-30f, 0, 1.0f, F(-1e-30f)},
        {ELU_F, -1e-45f, 0, 1.0f, F(-1e-45f)},
        {ELU_F, -FLT_MIN, 0, 1.0f, F(-FLT_MIN)},
        {ELU_F, -FLT_MAX, 0, 1.0f, F(-1.0f)},
        {ELU_F, -200.0f, 0, 2.0f, F(-2.0f)},
        {ELU_F, -20.0f, 0, 1.0f, F(-1.0f)},
        {ELU_F, 2.5f, 0, 1.0f, F(2.5f)},
        {ELU_F, 1e-45f, 0, 1.0f, F(1e-45f)},
        {ELU_F, -1.0f, 0, 0.0f, F(-0.0f)},
        {ELU_F, -1.0f, 0, 1.0f, F(-0x1.43a54ep-1f)}, /* expm1(-1) correctly rounded */
        {ELU_B, -0.0f, 3.0f, 0.5f, F(1.5f)},
        {ELU_B, 0.0f, 3.0f, 0.5f, F(1.5f)},
        {ELU_B, qnan, 3.0f, 1.0f, F(3.0f)},
        {ELU_B, 2.0f, qnan, 1.0f, QNAN},
        {ELU_B, 2.0f, -0.0f, 1.0f, F(-0.0f)},
        {ELU_B, -INFINITY, 3.0f, 1.0f, F(0.0f)},
        {ELU_B, -INFINITY, -3.0f, 1.0f, F(-0.0f)},
        {ELU_B, -1e-45f, 3.0f, 1.0f, F(3.0f)},
        {ELU_B, -100.0f, 1.0f, 1.0f, F(0x1.bp-145f)},         /* exp(-100), subnormal */
        {ELU_B, -100.0f, 0x1p100f, 1.0f, F(0x1.a8c1f2p-45f)}, /* exp(-100) * 2^100, rounded */
        /* dy * alpha * exp(x) past FLT_MAX: infinity of dy's sign, though
         * dy times the low part of alpha * exp(x) (negative) overflows too */
        {ELU_B, -0.25f, 0x1p124f, 100.0f, F(INFINITY)},
        {ELU_B, -0.25f, -0x1p124f, 100.0f, F(-INFINITY)},
        {ELU_BO, -0.5f, 2.0f, 1.0f, F(1.0f)},
        {ELU_BO, -1.0f, 2.0f, 1.0f, F(0.0f)},
        {ELU_BO, 3.0f, 2.0f, 1.0f, F(2.0f)},
        {ELU_BO, qnan, 2.0f, 1.0f, F(2.0f)},
        {SELU_F, -0.0f, 0, 0, F(-0.0f)},
        {SELU_F, qnan, 0, 0, 0x7fc12345u},
        {SELU_F, -INFINITY, 0, 0, F(-la)},
        {SELU_F, INFINITY, 0, 0, F(INFINITY)},
        {SELU_F, 2.0f, 0, 0, F(2.0f * lambda)},
        {SELU_F, -1e-30f, 0, 0, F(-0x1.1d4498p-99f)}, /* -1e-30 * lambda * alpha, rounded */
        {SELU_B, 2.0f, 2.0f, 0, F(2.0f * lambda)},
        {SELU_B, -INFINITY, 1.0f, 0, F(0.0f)},
        {SELU_BO, -la, 2.0f, 0, F(0.0f)},
        {SELU_BO, 1.0f, 2.0f, 0, F(2.0f * lambda)},
    };
    rectify_isa isas[5];
    int n_isas = rt_supported_isas(isas);
    enum { LEN = 67 };
    float x[LEN], dy[LEN], out[LEN];
    for (int det = 0; det < 2; det++) {
        assert_int_equal(rectify_set_deterministic(det), RECTIFY_OK);
        for (int i = 0; i < n_isas; i++) {
            assert_int_equal(rectify_set_isa(isas[i]), RECTIFY_OK);
            for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
                for (size_t len = 1; len <= LEN; len += LEN - 1) {
                    for (size_t j = 0; j < len; j++) {
                        /* The case at every lane, among ordinary negatives
                         * so the vector takes the exponential path. */
                        x[j] = (j % 3 == 0 || len == 1) ? cases[c].x : -0.75f;
                        dy[j] = cases[c].dy;
                    }
                    assert_int_equal(call(cases[c].op, x, dy, out, len, cases[c].alpha),
                                     RECTIFY_OK);
                    for (size_t j = 0; j < len; j += 3)
                        if (rt_bits(out[j]) != cases[c].expect)
                            fail_msg("%s (%s) on %s: x=%a dy=%a alpha=%g at [%zu] of %zu gives "
                                     "%08x (%a), expected %08x (%a)",
                                     op_names[cases[c].op], det ? "deterministic" : "default",
                                     rectify_isa_name(isas[i]), (double)cases[c].x,
                                     (double)cases[c].dy, (double)cases[c].alpha, j, len,
                                     rt_bits(out[j]), (double)out[j], cases[c].expect,
                                     (double)rt_float(cases[c].expect));
                }
        }
    }
    assert_int_equal(rectify_set_deterministic(0), RECTIFY_OK);
}

/* The entry points pick the kernel of the mode: deterministic calls give the
 * scalar bits on every ISA; both are within 2 ULP of the reference. */
static void modes_through_the_entry_points(void **state)
{
    (void)state;
    enum { N = 1037 };
    static float x[N], dy[N], out[N], scalar[N], expect[N];
    rt_fill(x, N, 11);
    rt_fill(dy, N, 12);
    const struct rt_tolerance tol = {"api", 2, 0};
    rectify_isa isas[5];
    int n_isas = rt_supported_isas(isas);
    const struct rectify_kernels *r = &rectify_reference;
    const struct rectify_params p = {.alpha = 1.25f};
    for (int op = 0; op < N_OPS; op++) {
        switch (op) {
        case ELU_F:
            r->elu_forward(x, expect, N, &p);
            break;
        case ELU_B:
            r->elu_backward(x, dy, expect, N, &p);
            break;
        case ELU_BO:
            r->elu_backward_from_output(x, dy, expect, N, &p);
            break;
        case SELU_F:
            r->selu_forward(x, expect, N, &p);
            break;
        case SELU_B:
            r->selu_backward(x, dy, expect, N, &p);
            break;
        default:
            r->selu_backward_from_output(x, dy, expect, N, &p);
            break;
        }
        for (int det = 0; det < 2; det++) {
            assert_int_equal(rectify_set_deterministic(det), RECTIFY_OK);
            for (int i = 0; i < n_isas; i++) {
                assert_int_equal(rectify_set_isa(isas[i]), RECTIFY_OK);
                assert_int_equal(call(op, x, dy, out, N, p.alpha), RECTIFY_OK);
                long d = rt_first_mismatch(&tol, out, expect, N);
                if (d >= 0)
                    fail_msg("%s on %s: element %ld is %a, reference %a", op_names[op],
                             rectify_isa_name(isas[i]), d, (double)out[d], (double)expect[d]);
                if (i == 0)
                    memcpy(scalar, out, sizeof scalar);
                else if (det || op == ELU_BO || op == SELU_BO)
                    assert_int_equal(rt_first_difference(out, scalar, N), -1);
            }
        }
    }
    assert_int_equal(rectify_set_deterministic(0), RECTIFY_OK);
}

#define GUARD 0x7f8badc0u

static void expect_error(int op, const float *x, const float *dy, float *out, size_t n, float a,
                         rectify_status want)
{
    enum { W = 64 };
    float *watch = out ? out : NULL;
    if (watch)
        for (size_t i = 0; i < W; i++)
            watch[i] = rt_float(GUARD);
    rectify_status got = call(op, x, dy, out, n, a);
    if (got != want)
        fail_msg("%s: expected %s, got %s", op_names[op], rectify_status_str(want),
                 rectify_status_str(got));
    if (watch)
        for (size_t i = 0; i < W; i++)
            if (rt_bits(watch[i]) != GUARD)
                fail_msg("%s: wrote output element %zu on error", op_names[op], i);
}

static void errors_leave_outputs_untouched(void **state)
{
    (void)state;
    enum { N = 64 };
    static float buf[4 * N], x[N], dy[N], out[N];
    rt_fill(x, N, 3);
    rt_fill(dy, N, 4);
    for (int det = 0; det < 2; det++) {
        rectify_set_deterministic(det);
        for (int op = 0; op < N_OPS; op++) {
            int elu = op < SELU_F, binary = op != ELU_F && op != SELU_F;
            assert_int_equal(call(op, NULL, NULL, NULL, 0, NAN), RECTIFY_OK);
            expect_error(op, x, dy, out, SIZE_MAX / 2, 1.0f, RECTIFY_ERR_SIZE);
            expect_error(op, NULL, dy, out, N, 1.0f, RECTIFY_ERR_NULL);
            expect_error(op, x, dy, NULL, N, 1.0f, RECTIFY_ERR_NULL);
            if (binary)
                expect_error(op, x, NULL, out, N, 1.0f, RECTIFY_ERR_NULL);
            if (elu) {
                expect_error(op, x, dy, out, N, NAN, RECTIFY_ERR_PARAM);
                expect_error(op, x, dy, out, N, INFINITY, RECTIFY_ERR_PARAM);
                expect_error(op, x, dy, out, N, -INFINITY, RECTIFY_ERR_PARAM);
            }
            static const int shifts[] = {-N + 1, -8, -1, 1, 31, N - 1};
            for (size_t si = 0; si < sizeof shifts / sizeof shifts[0]; si++) {
                float *in = buf + 2 * N;
                rt_fill(in, N, 5);
                expect_error(op, in, dy, in + shifts[si], N, 1.0f, RECTIFY_ERR_OVERLAP);
                if (binary)
                    expect_error(op, x, in, in + shifts[si], N, 1.0f, RECTIFY_ERR_OVERLAP);
            }
        }
    }
    rectify_set_deterministic(0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(specials_exact_in_both_modes),
        cmocka_unit_test(modes_through_the_entry_points),
        cmocka_unit_test(errors_leave_outputs_untouched),
    };
    return cmocka_run_group_tests_name("elu_api", tests, NULL, NULL);
}
