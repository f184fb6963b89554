/*
 * RReLU and its generator: Random123's known answers for Philox4x32-10 on
 * the scalar core and on every ISA's vector core (at every lane position),
 * the same bits on every ISA, split invariance (odd cut points, blocks
 * crossing 2^32, counters wrapping 2^64), eval mode as leaky_relu at the
 * midpoint, lower == upper, backward regenerating the forward's slopes, the
 * slopes' statistics, special values and errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "common.h"
#include "kernel.h"
#include "philox.h"

/* Random123's known answers for philox4x32-10 (kat_vectors). */
struct kat {
    uint32_t ctr[4], key[2], out[4];
};
static const struct kat kats[] = {
    {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};
#define N_KATS (sizeof kats / sizeof kats[0])

static void philox_known_answers_scalar(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_KATS; i++) {
        uint32_t out[4];
        rectify_philox4x32_10(kats[i].ctr, kats[i].key, out);
        for (int w = 0; w < 4; w++)
            assert_int_equal(out[w], kats[i].out[w]);
    }
}

/* The vector core through the philox_words kernel: the known block placed
 * at each of 64 block positions of a 256-word call, so it lands in every
 * lane, in the unrolled body and in the tail, on every ISA. */
static void philox_known_answers_vector(void **state)
{
    (void)state;
    enum { BLOCKS = 64 };
    static float words[4 * BLOCKS];
    rectify_isa isas[5];
    int n_isas = rt_supported_isas(isas);
    for (int t = 0; t < n_isas; t++) {
        const struct rectify_kernels *table = rectify_kernels_for(isas[t]);
        for (size_t i = 0; i < N_KATS; i++) {
            const struct kat *k = &kats[i];
            uint64_t b = k->ctr[0] | (uint64_t)k->ctr[1] << 32;
            for (uint64_t at = 0; at < BLOCKS; at++) {
                const struct rectify_params p = {.seed = k->key[0] | (uint64_t)k->key[1] << 32,
                                                 .offset = b - at,
                                                 .counter_hi = k->ctr[2] | (uint64_t)k->ctr[3]
                                                                               << 32};
                table->philox_words(words, words, 4 * BLOCKS, &p);
                for (int w = 0; w < 4; w++)
                    if (rt_bits(words[4 * at + w]) != k->out[w])
                        fail_msg("philox on %s: known answer %zu at block %u word %d: %08x, "
                                 "expected %08x",
                                 rectify_isa_name(isas[t]), i, (unsigned)at, w,
                                 rt_bits(words[4 * at + w]), k->out[w]);
            }
        }
    }
}

/* DESIGN.md's u_k and r_k, from the scalar core, for the checks below. */
static float slope(float lower, float upper, uint64_t seed, uint64_t k)
{
    float u = (float)(rectify_philox_word(seed, k) >> 8) * 0x1p-24f;
    return lower + u * (upper - lower);
}

struct setting {
    float lower, upper;
    uint64_t seed, offset;
};
static const struct setting settings[] = {
    {0.125f, 0.33333334f, 0, 0},
    {0.125f, 0.33333334f, 0x0123456789abcdefULL, 1},
    {-0.5f, 2.0f, 42, 12345},
    {0.01f, 0.3f, 7, (1ULL << 34) - 1003},       /* blocks cross 2^32 mid-call */
    {0.2f, 0.4f, UINT64_MAX, UINT64_MAX - 2000}, /* counters wrap 2^64 mid-call */
};
#define N_SETTINGS (sizeof settings / sizeof settings[0])

enum { N = 5003 };

static void forward_backward(const struct setting *s, const float *x, const float *dy, float *y,
                             float *dx, size_t n, uint64_t offset)
{
    assert_int_equal(rectify_rrelu_f32(x, y, n, s->lower, s->upper, 1, s->seed, offset),
                     RECTIFY_OK);
    assert_int_equal(
        rectify_rrelu_backward_f32(x, dy, dx, n, s->lower, s->upper, 1, s->seed, offset),
        RECTIFY_OK);
}

/* Every ISA gives the scalar ISA's bits, which are the reference's. */
static void same_bits_on_every_isa(void **state)
{
    (void)state;
    static float x[N], dy[N], y0[N], dx0[N], y[N], dx[N], ref[N];
    rt_fill(x, N, 11);
    rt_fill(dy, N, 12);
    rectify_isa isas[5];
    int n_isas = rt_supported_isas(isas);
    for (size_t si = 0; si < N_SETTINGS; si++) {
        const struct setting *s = &settings[si];
        const struct rectify_params p = {
            .lower = s->lower, .upper = s->upper, .seed = s->seed, .offset = s->offset};
        rectify_reference.rrelu_forward(x, ref, N, &p);
        assert_int_equal(rectify_set_isa(RECTIFY_ISA_SCALAR), RECTIFY_OK);
        forward_backward(s, x, dy, y0, dx0, N, s->offset);
        assert_int_equal(rt_first_difference(y0, ref, N), -1);
        for (int t = 0; t < n_isas; t++) {
            assert_int_equal(rectify_set_isa(isas[t]), RECTIFY_OK);
            forward_backward(s, x, dy, y, dx, N, s->offset);
            long d = rt_first_difference(y, y0, N);
            if (d >= 0)
                fail_msg("rrelu on %s, setting %zu: element %ld differs from scalar",
                         rectify_isa_name(isas[t]), si, d);
            d = rt_first_difference(dx, dx0, N);
            if (d >= 0)
                fail_msg("rrelu_backward on %s, setting %zu: element %ld differs from scalar",
                         rectify_isa_name(isas[t]), si, d);
        }
    }
}

/* Slices called with offset + start give one call's bits. */
static void split_invariance(void **state)
{
    (void)state;
    static float x[N], dy[N], y1[N], dx1[N], y[N], dx[N];
    static const size_t cuts[][4] = {{1, 2, 3, 4},
                                     {3, 10, 17, 4001},
                                     {5, 1000, 1001, 2999},
                                     {63, 64, 65, 4097},
                                     {7, 31, 32, 33}};
    rt_fill(x, N, 21);
    rt_fill(dy, N, 22);
    rectify_isa isas[5];
    int n_isas = rt_supported_isas(isas);
    for (int t = 0; t < n_isas; t++) {
        assert_int_equal(rectify_set_isa(isas[t]), RECTIFY_OK);
        for (size_t si = 0; si < N_SETTINGS; si++) {
            const struct setting *s = &settings[si];
            forward_backward(s, x, dy, y1, dx1, N, s->offset);
            for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
                size_t start = 0;
                for (size_t j = 0; j <= 4; j++) {
                    size_t end = j < 4 ? cuts[c][j] : N;
                    forward_backward(s, x + start, dy + start, y + start, dx + start, end - start,
                                     s->offset + start);
                    start = end;
                }
                if (rt_first_difference(y, y1, N) >= 0 || rt_first_difference(dx, dx1, N) >= 0)
                    fail_msg("rrelu on %s, setting %zu, cuts %zu: slices differ from one call",
                             rectify_isa_name(isas[t]), si, c);
            }
        }
    }
}

/* The slopes by themselves: x = -1 gives y = -r_k exactly, and backward with
 * dy = 1 gives r_k: the same r_k, regenerated from (seed, offset). */
static void backward_regenerates_the_slopes(void **state)
{
    (void)state;
    static float x[N], ones[N], y[N], dx[N];
    for (size_t i = 0; i < N; i++) {
        x[i] = -1.0f;
        ones[i] = 1.0f;
    }
    rectify_isa isas[5];
    int n_isas = rt_supported_isas(isas);
    for (int t = 0; t < n_isas; t++) {
        assert_int_equal(rectify_set_isa(isas[t]), RECTIFY_OK);
        for (size_t si = 0; si < N_SETTINGS; si++) {
            const struct setting *s = &settings[si];
            forward_backward(s, x, ones, y, dx, N, s->offset);
            for (size_t i = 0; i < N; i++) {
                float r = slope(s->lower, s->upper, s->seed, s->offset + i);
                if (rt_bits(dx[i]) != rt_bits(r) || rt_bits(y[i]) != rt_bits(-r))
                    fail_msg("rrelu on %s, setting %zu, element %zu: y %08x dx %08x, r_k %08x",
                             rectify_isa_name(isas[t]), si, i, rt_bits(y[i]), rt_bits(dx[i]),
                             rt_bits(r));
            }
        }
    }
}

static void eval_is_leaky_relu_at_the_midpoint(void **state)
{
    (void)state;
    static float x[N], dy[N], y[N], expect[N];
    static const float pairs[][2] = {
        {0.125f, 0.33333334f}, {-1.0f, 3.0f},       {0.3f, 0.3f},    {FLT_MAX, FLT_MAX},
        {-FLT_MAX, FLT_MAX},   {1.0f, 1.00000012f}, {1e-45f, 1e-45f}};
    rt_fill(x, N, 31);
    rt_fill(dy, N, 32);
    rectify_isa isas[5];
    int n_isas = rt_supported_isas(isas);
    for (int t = 0; t < n_isas; t++) {
        assert_int_equal(rectify_set_isa(isas[t]), RECTIFY_OK);
        for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
            float lo = pairs[i][0], hi = pairs[i][1];
            float s = (float)(((double)lo + (double)hi) / 2.0);
            assert_true(isfinite(s));
            assert_int_equal(rectify_leaky_relu_f32(x, expect, N, s), RECTIFY_OK);
            assert_int_equal(rectify_rrelu_f32(x, y, N, lo, hi, 0, 99, 5), RECTIFY_OK);
            assert_int_equal(rt_first_difference(y, expect, N), -1);
            assert_int_equal(rectify_leaky_relu_backward_f32(x, dy, expect, N, s), RECTIFY_OK);
            assert_int_equal(rectify_rrelu_backward_f32(x, dy, y, N, lo, hi, 0, 99, 5), RECTIFY_OK);
            assert_int_equal(rt_first_difference(y, expect, N), -1);
        }
    }
}

/* lower == upper: every slope is lower exactly, so training mode is
 * leaky_relu with that slope, except that a NaN x passes unchanged (x, or
 * dy backward) where leaky_relu multiplies it by the slope. */
static void expect_leaky_but_nan(const float *x, const float *got, const float *leaky,
                                 const float *nan_gives, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t want = isnan(x[i]) ? rt_bits(nan_gives[i]) : rt_bits(leaky[i]);
        if (rt_bits(got[i]) != want)
            fail_msg("element %zu (x %08x): %08x, expected %08x", i, rt_bits(x[i]), rt_bits(got[i]),
                     want);
    }
}

static void lower_equal_to_upper(void **state)
{
    (void)state;
    static float x[N], dy[N], y[N], expect[N];
    rt_fill(x, N, 41);
    rt_fill(dy, N, 42);
    rectify_isa isas[5];
    int n_isas = rt_supported_isas(isas);
    for (int t = 0; t < n_isas; t++) {
        assert_int_equal(rectify_set_isa(isas[t]), RECTIFY_OK);
        assert_int_equal(rectify_leaky_relu_f32(x, expect, N, 0.3f), RECTIFY_OK);
        assert_int_equal(rectify_rrelu_f32(x, y, N, 0.3f, 0.3f, 1, 5, 3), RECTIFY_OK);
        expect_leaky_but_nan(x, y, expect, x, N);
        assert_int_equal(rectify_leaky_relu_backward_f32(x, dy, expect, N, 0.3f), RECTIFY_OK);
        assert_int_equal(rectify_rrelu_backward_f32(x, dy, y, N, 0.3f, 0.3f, 1, 5, 3), RECTIFY_OK);
        expect_leaky_but_nan(x, y, expect, dy, N);
    }
}

/* A secondary check that the slopes look uniform on [lower, upper): 10^6
 * draws, their range, mean and a ten-bin histogram. */
static void slope_statistics(void **state)
{
    (void)state;
    enum { DRAWS = 1000000 };
    const float lower = 0.125f, upper = 0.33333334f;
    float *x = malloc(DRAWS * sizeof(float)), *r = malloc(DRAWS * sizeof(float));
    assert_non_null(x);
    assert_non_null(r);
    for (size_t i = 0; i < DRAWS; i++)
        x[i] = -1.0f;
    assert_int_equal(rectify_rrelu_backward_f32(x, x, r, DRAWS, lower, upper, 1, 2024, 17),
                     RECTIFY_OK);
    double sum = 0, lo = 1e9, hi = -1e9;
    size_t bins[10] = {0};
    for (size_t i = 0; i < DRAWS; i++) {
        double v = -(double)r[i]; /* dy = -1, so dx = -r_k */
        sum += v;
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
        int b = (int)((v - lower) / (upper - lower) * 10);
        assert_true(b >= 0 && b <= 10);
        bins[b < 10 ? b : 9]++;
    }
    double mean = sum / DRAWS, mid = (lower + upper) / 2.0, width = upper - lower;
    /* The mean's standard error is width / sqrt(12 * 10^6), about 6e-5. */
    if (fabs(mean - mid) > 5 * width / sqrt(12.0 * DRAWS))
        fail_msg("mean slope %.6f, expected %.6f", mean, mid);
    assert_true(lo >= lower && hi <= upper);
    assert_true(lo - lower < 1e-4 && upper - hi < 1e-4);
    for (int b = 0; b < 10; b++)
        if (fabs((double)bins[b] - DRAWS / 10.0) > 1500) /* about 5 standard deviations */
            fail_msg("bin %d holds %zu of %d draws", b, bins[b], DRAWS);
    free(x);
    free(r);
}

static void special_values(void **state)
{
    (void)state;
    enum { LEN = 67 };
    const float qnan = rt_float(0x7fc12345u);
    static const float in[] = {0.0f, -0.0f, INFINITY, -INFINITY, 1e-45f, -1e-45f, FLT_MAX};
    float x[LEN], y[LEN], dx[LEN], dy[LEN];
    rectify_isa isas[5];
    int n_isas = rt_supported_isas(isas);
    for (int t = 0; t < n_isas; t++) {
        assert_int_equal(rectify_set_isa(isas[t]), RECTIFY_OK);
        for (size_t c = 0; c <= sizeof in / sizeof in[0]; c++) {
            float v = c < sizeof in / sizeof in[0] ? in[c] : qnan;
            for (size_t i = 0; i < LEN; i++) {
                x[i] = v;
                dy[i] = 2.0f;
            }
            forward_backward(&settings[2], x, dy, y, dx, LEN, 6);
            for (size_t i = 0; i < LEN; i++) {
                float r = slope(settings[2].lower, settings[2].upper, settings[2].seed, 6 + i);
                float ey = v <= 0.0f ? v * r : v, edx = v <= 0.0f ? 2.0f * r : 2.0f;
                if (rt_bits(y[i]) != rt_bits(ey) || rt_bits(dx[i]) != rt_bits(edx))
                    fail_msg("rrelu on %s: x %08x at %zu: y %08x dx %08x, expected %08x %08x",
                             rectify_isa_name(isas[t]), rt_bits(v), i, rt_bits(y[i]),
                             rt_bits(dx[i]), rt_bits(ey), rt_bits(edx));
            }
        }
        /* NaN passes through with its payload; -0 gives -0 for positive slopes. */
        x[0] = qnan;
        x[1] = -0.0f;
        assert_int_equal(rectify_rrelu_f32(x, y, 2, 0.1f, 0.2f, 1, 1, 0), RECTIFY_OK);
        assert_int_equal(rt_bits(y[0]), 0x7fc12345u);
        assert_int_equal(rt_bits(y[1]), 0x80000000u);
    }
}

#define GUARD 0x7f8badc0u

static void expect_status(rectify_status got, rectify_status want, const float *out, size_t n)
{
    if (got != want)
        fail_msg("expected %s, got %s", rectify_status_str(want), rectify_status_str(got));
    for (size_t i = 0; i < n; i++)
        if (rt_bits(out[i]) != GUARD)
            fail_msg("output element %zu written on %s", i, rectify_status_str(want));
}

static void errors_leave_outputs_untouched(void **state)
{
    (void)state;
    enum { M = 64 };
    static float x[M], dy[M], out[M], buf[3 * M];
    rt_fill(x, M, 1);
    rt_fill(dy, M, 2);
    struct bad {
        float lower, upper;
        int training;
        rectify_status want;
    };
    static const struct bad bads[] = {
        {0.3f, 0.2f, 1, RECTIFY_ERR_PARAM},      {0.3f, 0.2f, 0, RECTIFY_ERR_PARAM},
        {NAN, 0.2f, 1, RECTIFY_ERR_PARAM},       {0.1f, NAN, 1, RECTIFY_ERR_PARAM},
        {-INFINITY, 0.2f, 1, RECTIFY_ERR_PARAM}, {0.1f, INFINITY, 0, RECTIFY_ERR_PARAM},
        {0.1f, 0.2f, 2, RECTIFY_ERR_INVALID},    {0.1f, 0.2f, -1, RECTIFY_ERR_INVALID},
        {0.3f, 0.2f, 2, RECTIFY_ERR_INVALID}, /* INVALID is checked before PARAM */
    };
    for (size_t i = 0; i < M; i++)
        out[i] = rt_float(GUARD);
    for (size_t b = 0; b < sizeof bads / sizeof bads[0]; b++) {
        const struct bad *e = &bads[b];
        expect_status(rectify_rrelu_f32(x, out, M, e->lower, e->upper, e->training, 1, 0), e->want,
                      out, M);
        expect_status(
            rectify_rrelu_backward_f32(x, dy, out, M, e->lower, e->upper, e->training, 1, 0),
            e->want, out, M);
        /* n == 0 succeeds whatever the arguments. */
        assert_int_equal(rectify_rrelu_f32(NULL, NULL, 0, e->lower, e->upper, e->training, 1, 0),
                         RECTIFY_OK);
        assert_int_equal(
            rectify_rrelu_backward_f32(NULL, NULL, NULL, 0, e->lower, e->upper, e->training, 1, 0),
            RECTIFY_OK);
        /* NULL comes first. */
        expect_status(rectify_rrelu_f32(NULL, out, M, e->lower, e->upper, e->training, 1, 0),
                      RECTIFY_ERR_NULL, out, M);
    }
    expect_status(rectify_rrelu_f32(x, out, SIZE_MAX / 2, 0.1f, 0.2f, 7, 1, 0), RECTIFY_ERR_SIZE,
                  out, M);
    expect_status(rectify_rrelu_backward_f32(x, NULL, out, M, 0.1f, 0.2f, 1, 1, 0),
                  RECTIFY_ERR_NULL, out, M);
    /* Partial overlaps; exact in place is allowed. */
    float *in = buf + M;
    for (int shift = -M + 1; shift < M; shift += 9) {
        if (shift == 0)
            continue;
        for (size_t i = 0; i < 3 * M; i++)
            buf[i] = rt_float(GUARD);
        assert_int_equal(rectify_rrelu_f32(in, in + shift, M, 0.1f, 0.2f, 1, 1, 0),
                         RECTIFY_ERR_OVERLAP);
        assert_int_equal(rectify_rrelu_backward_f32(x, in, in + shift, M, 0.1f, 0.2f, 1, 1, 0),
                         RECTIFY_ERR_OVERLAP);
        for (size_t i = 0; i < 3 * M; i++)
            assert_int_equal(rt_bits(buf[i]), GUARD);
    }
    rt_fill(in, M, 3);
    assert_int_equal(rectify_rrelu_f32(in, in, M, 0.1f, 0.2f, 1, 1, 0), RECTIFY_OK);
    assert_int_equal(rectify_rrelu_backward_f32(x, in, in, M, 0.1f, 0.2f, 1, 1, 0), RECTIFY_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(philox_known_answers_scalar),
        cmocka_unit_test(philox_known_answers_vector),
        cmocka_unit_test(same_bits_on_every_isa),
        cmocka_unit_test(split_invariance),
        cmocka_unit_test(backward_regenerates_the_slopes),
        cmocka_unit_test(eval_is_leaky_relu_at_the_midpoint),
        cmocka_unit_test(lower_equal_to_upper),
        cmocka_unit_test(slope_statistics),
        cmocka_unit_test(special_values),
        cmocka_unit_test(errors_leave_outputs_untouched),
    };
    return cmocka_run_group_tests_name("rrelu", tests, NULL, NULL);
}
