/*
 * CReLU through the public API on every supported ISA: against the
 * reference for every inner 1..70 (each row ends in its own tail) and
 * several outer, backward in place; the two documented layouts built by
 * hand; special values; errors leaving the outputs untouched. The registry
 * matrix and the guard-page test run the kernels too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "common.h"
#include "kernel.h"

static const struct rectify_params none;

static void matches_reference_for_every_shape(void **state)
{
    (void)state;
    enum { MAX_INNER = 70, MAX_OUTER = 9 };
    static const size_t outers[] = {1, 2, 3, 5, MAX_OUTER};
    static float x[MAX_OUTER * MAX_INNER], dy[2 * MAX_OUTER * MAX_INNER];
    static float y[2 * MAX_OUTER * MAX_INNER + 1], ref[2 * MAX_OUTER * MAX_INNER];
    static float dx[MAX_OUTER * MAX_INNER], work[MAX_OUTER * MAX_INNER];
    rectify_isa isas[5];
    int n_isas = rt_supported_isas(isas);
    for (int t = 0; t < n_isas; t++) {
        assert_int_equal(rectify_set_isa(isas[t]), RECTIFY_OK);
        for (size_t oi = 0; oi < sizeof outers / sizeof outers[0]; oi++)
            for (size_t inner = 1; inner <= MAX_INNER; inner++) {
                size_t outer = outers[oi], n = outer * inner;
                rt_fill(x, n, inner * 100 + outer);
                rt_fill(dy, 2 * n, inner * 100 + outer + 7);
                y[2 * n] = rt_float(0x7f8badc0u);
                rectify_reference.crelu_forward(x, ref, outer, inner, &none);
                assert_int_equal(rectify_crelu_f32(x, y, outer, inner), RECTIFY_OK);
                long d = rt_first_difference(y, ref, 2 * n);
                if (d >= 0)
                    fail_msg("crelu on %s: outer %zu inner %zu: element %ld is %08x, "
                             "reference %08x",
                             rectify_isa_name(isas[t]), outer, inner, d, rt_bits(y[d]),
                             rt_bits(ref[d]));
                assert_int_equal(rt_bits(y[2 * n]), 0x7f8badc0u);

                rectify_reference.crelu_backward(x, dy, ref, outer, inner, &none);
                assert_int_equal(rectify_crelu_backward_f32(x, dy, dx, outer, inner), RECTIFY_OK);
                d = rt_first_difference(dx, ref, n);
                if (d >= 0)
                    fail_msg("crelu_backward on %s: outer %zu inner %zu: element %ld",
                             rectify_isa_name(isas[t]), outer, inner, d);
                memcpy(work, x, n * sizeof(float));
                assert_int_equal(rectify_crelu_backward_f32(work, dy, work, outer, inner),
                                 RECTIFY_OK);
                assert_int_equal(rt_first_difference(work, ref, n), -1);
            }
    }
}

/* The header's two mappings, against a concat written out by index. */
static void documented_layouts(void **state)
{
    (void)state;
    enum { N = 2, C = 3, H = 2, W = 5, ROWS = 4 };
    float x[N * C * H * W], y[2 * N * C * H * W];
    for (size_t i = 0; i < N * C * H * W; i++)
        x[i] = (float)i - 30.5f;
    /* NCHW, channel concat: y is N x 2C x H x W. */
    assert_int_equal(rectify_crelu_f32(x, y, N, C * H * W), RECTIFY_OK);
    for (size_t n = 0; n < N; n++)
        for (size_t c = 0; c < 2 * C; c++)
            for (size_t hw = 0; hw < H * W; hw++) {
                float v = x[(n * C + c % C) * H * W + hw];
                float want = c < C ? fmaxf(v, 0.0f) : fmaxf(-v, 0.0f);
                assert_true(y[(n * 2 * C + c) * H * W + hw] == want);
            }
    /* Last axis: ROWS x C in, ROWS x 2C out. */
    assert_int_equal(rectify_crelu_f32(x, y, ROWS, C), RECTIFY_OK);
    for (size_t r = 0; r < ROWS; r++)
        for (size_t c = 0; c < 2 * C; c++) {
            float v = x[r * C + c % C];
            assert_true(y[r * 2 * C + c] == (c < C ? fmaxf(v, 0.0f) : fmaxf(-v, 0.0f)));
        }
}

static void special_values(void **state)
{
    (void)state;
    enum { INNER = 37 };
    struct {
        float x;
        uint32_t pos, neg;
    } cases[] = {
        {0.0f, 0x00000000u, 0x80000000u},
        {-0.0f, 0x80000000u, 0x00000000u},
        {INFINITY, 0x7f800000u, 0x00000000u},
        {-INFINITY, 0x00000000u, 0x7f800000u},
        {rt_float(0x7fc12345u), 0x7fc12345u, 0xffc12345u},
        {rt_float(0xffc54321u), 0xffc54321u, 0x7fc54321u},
        {-2.5f, 0x00000000u, 0x40200000u},
        {1e-45f, 0x00000001u, 0x00000000u},
    };
    /* backward: (x, dy_pos, dy_neg) -> dx */
    const float qnan = rt_float(0x7fc12345u);
    struct {
        float x, dp, dn;
        uint32_t dx;
    } bcases[] = {
        {-1.0f, 5.0f, 0.0f, 0x00000000u}, {-1.0f, 5.0f, -0.0f, 0x00000000u},
        {-1.0f, 5.0f, 3.0f, 0xc0400000u}, {2.0f, -0.0f, 3.0f, 0x80000000u},
        {0.0f, 5.0f, 3.0f, 0x00000000u},  {-0.0f, 5.0f, 3.0f, 0x00000000u},
        {qnan, 5.0f, 3.0f, 0x40000000u},  {2.0f, qnan, 3.0f, 0x7fc12345u},
    };
    float x[2 * INNER], y[4 * INNER], dy[4 * INNER], dx[2 * INNER];
    rectify_isa isas[5];
    int n_isas = rt_supported_isas(isas);
    for (int t = 0; t < n_isas; t++) {
        assert_int_equal(rectify_set_isa(isas[t]), RECTIFY_OK);
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            for (size_t i = 0; i < 2 * INNER; i++)
                x[i] = cases[c].x;
            assert_int_equal(rectify_crelu_f32(x, y, 2, INNER), RECTIFY_OK);
            for (size_t r = 0; r < 2; r++)
                for (size_t i = 0; i < INNER; i++)
                    if (rt_bits(y[2 * r * INNER + i]) != cases[c].pos ||
                        rt_bits(y[2 * r * INNER + INNER + i]) != cases[c].neg)
                        fail_msg("crelu on %s: x %08x gives [%08x, %08x]",
                                 rectify_isa_name(isas[t]), rt_bits(cases[c].x),
                                 rt_bits(y[2 * r * INNER + i]),
                                 rt_bits(y[2 * r * INNER + INNER + i]));
        }
        for (size_t c = 0; c < sizeof bcases / sizeof bcases[0]; c++) {
            for (size_t r = 0; r < 2; r++)
                for (size_t i = 0; i < INNER; i++) {
                    x[r * INNER + i] = bcases[c].x;
                    dy[2 * r * INNER + i] = bcases[c].dp;
                    dy[2 * r * INNER + INNER + i] = bcases[c].dn;
                }
            assert_int_equal(rectify_crelu_backward_f32(x, dy, dx, 2, INNER), RECTIFY_OK);
            for (size_t i = 0; i < 2 * INNER; i++)
                if (rt_bits(dx[i]) != bcases[c].dx)
                    fail_msg("crelu_backward on %s: case %zu gives %08x, expected %08x",
                             rectify_isa_name(isas[t]), c, rt_bits(dx[i]), bcases[c].dx);
        }
    }
}

#define GUARD 0x7f8badc0u

static void fill_guard(float *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = rt_float(GUARD);
}

static void untouched(const float *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_int_equal(rt_bits(p[i]), GUARD);
}

static void errors_leave_outputs_untouched(void **state)
{
    (void)state;
    enum { OUTER = 3, INNER = 8, M = OUTER * INNER };
    static float x[M], dy[2 * M], out[2 * M], buf[8 * M];
    rt_fill(x, M, 1);
    rt_fill(dy, 2 * M, 2);
    fill_guard(out, 2 * M);
    /* Empty shapes succeed whatever the pointers. */
    assert_int_equal(rectify_crelu_f32(NULL, NULL, 0, 5), RECTIFY_OK);
    assert_int_equal(rectify_crelu_f32(NULL, NULL, 5, 0), RECTIFY_OK);
    assert_int_equal(rectify_crelu_backward_f32(NULL, NULL, NULL, 0, 5), RECTIFY_OK);
    assert_int_equal(rectify_crelu_backward_f32(NULL, NULL, NULL, 5, 0), RECTIFY_OK);
    /* outer * inner * 2 floats overflowing size_t bytes, before NULL. */
    static const size_t big[][2] = {{SIZE_MAX / 8 + 1, 1},
                                    {1, SIZE_MAX / 8 + 1},
                                    {SIZE_MAX / 16, 3},
                                    {(size_t)1 << 32, (size_t)1 << 32},
                                    {SIZE_MAX, SIZE_MAX}};
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
        assert_int_equal(rectify_crelu_f32(x, out, big[i][0], big[i][1]), RECTIFY_ERR_SIZE);
        assert_int_equal(rectify_crelu_backward_f32(x, dy, out, big[i][0], big[i][1]),
                         RECTIFY_ERR_SIZE);
        assert_int_equal(rectify_crelu_f32(NULL, NULL, big[i][0], big[i][1]), RECTIFY_ERR_SIZE);
    }
    untouched(out, 2 * M);
    assert_int_equal(rectify_crelu_f32(NULL, out, OUTER, INNER), RECTIFY_ERR_NULL);
    assert_int_equal(rectify_crelu_f32(x, NULL, OUTER, INNER), RECTIFY_ERR_NULL);
    assert_int_equal(rectify_crelu_backward_f32(NULL, dy, out, OUTER, INNER), RECTIFY_ERR_NULL);
    assert_int_equal(rectify_crelu_backward_f32(x, NULL, out, OUTER, INNER), RECTIFY_ERR_NULL);
    assert_int_equal(rectify_crelu_backward_f32(x, dy, NULL, OUTER, INNER), RECTIFY_ERR_NULL);
    untouched(out, 2 * M);
    /* Forward: y (2M floats) may not touch x (M) at all, in place included. */
    float *in = buf + 3 * M;
    for (int shift = -2 * M + 1; shift < M; shift++) {
        fill_guard(buf, 8 * M);
        assert_int_equal(rectify_crelu_f32(in, in + shift, OUTER, INNER), RECTIFY_ERR_OVERLAP);
        untouched(buf, 8 * M);
    }
    rt_fill(in, M, 4);
    assert_int_equal(rectify_crelu_f32(in, in + M, OUTER, INNER), RECTIFY_OK);
    assert_int_equal(rectify_crelu_f32(in, in - 2 * M, OUTER, INNER), RECTIFY_OK);
    /* Backward: dx may be x exactly; it may not touch dy (2M) at all, nor
     * overlap x partially. */
    float *d = buf + 3 * M;
    for (int shift = -M + 1; shift < 2 * M; shift++) {
        fill_guard(buf, 8 * M);
        assert_int_equal(rectify_crelu_backward_f32(x, d, d + shift, OUTER, INNER),
                         RECTIFY_ERR_OVERLAP);
        untouched(buf, 8 * M);
        if (shift != 0 && shift > -M && shift < M) {
            assert_int_equal(rectify_crelu_backward_f32(d, dy, d + shift, OUTER, INNER),
                             RECTIFY_ERR_OVERLAP);
            untouched(buf, 8 * M);
        }
    }
    rt_fill(d, M, 5);
    assert_int_equal(rectify_crelu_backward_f32(d, dy, d, OUTER, INNER), RECTIFY_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matches_reference_for_every_shape),
        cmocka_unit_test(documented_layouts),
        cmocka_unit_test(special_values),
        cmocka_unit_test(errors_leave_outputs_untouched),
    };
    return cmocka_run_group_tests_name("crelu", tests, NULL, NULL);
}
