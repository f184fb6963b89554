/*
 * The NEON vector layer, verb by verb, against the plain C each verb is
 * defined as (kernels/simd/README.md), lane by lane and bit for bit: the
 * NaN and signed-zero rules of vf_max/vf_min, ordered compares, partial
 * loads and stores, and the integer verbs. Built on aarch64 only; the
 * kernel matrix covers the layer through the kernels as well.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "common.h"
#include "simd/neon.h"

#define N_VALUES 4096

/* Inputs: every pair of specials, then random floats with NaN payloads. */
static void pairs(float *a, float *b, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < RT_N_SPECIALS; i++)
        for (size_t j = 0; j < RT_N_SPECIALS && k < n; j++, k++)
            a[k] = rt_specials[i], b[k] = rt_specials[j];
    rt_fill(a + k, n - k, 11);
    rt_fill(b + k, n - k, 12);
    /* Some equal pairs and some with NaN payloads on both sides. */
    for (size_t i = k; i + 1 < n; i += 7)
        b[i] = a[i];
    for (size_t i = k + 3; i < n; i += 61)
        a[i] = rt_float(0xffc0beefu), b[i] = rt_float(0x7fc0cafeu);
}

static float ref_max(float a, float b) { return a > b ? a : b; }
static float ref_min(float a, float b) { return a < b ? a : b; }

static void check_binary(const char *verb, vfloat (*f)(vfloat, vfloat), float (*ref)(float, float))
{
    static float a[N_VALUES], b[N_VALUES];
    pairs(a, b, N_VALUES);
    for (size_t i = 0; i < N_VALUES; i += VLEN) {
        float got[VLEN];
        vf_store(got, f(vf_load(a + i), vf_load(b + i)));
        for (size_t l = 0; l < VLEN; l++) {
            float want = ref(a[i + l], b[i + l]);
            if (rt_bits(got[l]) != rt_bits(want))
                fail_msg("%s(%08x, %08x) = %08x, want %08x", verb, rt_bits(a[i + l]),
                         rt_bits(b[i + l]), rt_bits(got[l]), rt_bits(want));
        }
    }
}

static void max_min_are_compare_and_select(void **state)
{
    (void)state;
    check_binary("vf_max", vf_max, ref_max);
    check_binary("vf_min", vf_min, ref_min);
    /* The cases that rule out FMAX/FMIN and FMAXNM/FMINNM, spelled out. */
    float got[VLEN];
    vf_store(got, vf_max(vf_zero(), vf_set1(-0.0f)));
    assert_int_equal(rt_bits(got[0]), 0x80000000u); /* max(+0, -0) is b = -0 */
    vf_store(got, vf_max(vf_zero(), vf_set1(rt_float(0xffc12345u))));
    assert_int_equal(rt_bits(got[0]), 0xffc12345u); /* NaN b: b, payload kept */
    vf_store(got, vf_max(vf_set1(NAN), vf_set1(1.0f)));
    assert_int_equal(rt_bits(got[0]), rt_bits(1.0f)); /* NaN a: b */
    vf_store(got, vf_min(vf_set1(-0.0f), vf_zero()));
    assert_int_equal(rt_bits(got[0]), 0u);
}

static float ref_add(float a, float b) { return a + b; }
static float ref_sub(float a, float b) { return a - b; }
static float ref_mul(float a, float b) { return a * b; }
static float ref_lt(float a, float b) { return a < b ? 1.0f : 0.0f; }
static float ref_le(float a, float b) { return a <= b ? 1.0f : 0.0f; }
static float ref_gt(float a, float b) { return a > b ? 1.0f : 0.0f; }
static float ref_gt_and_lt6(float a, float b) { return a > b && a < 6.0f ? a : b; }
static vfloat ones_where(vmask m) { return vf_select(m, vf_set1(1.0f), vf_zero()); }
static vfloat v_lt(vfloat a, vfloat b) { return ones_where(vf_lt(a, b)); }
static vfloat v_le(vfloat a, vfloat b) { return ones_where(vf_le(a, b)); }
static vfloat v_gt(vfloat a, vfloat b) { return ones_where(vf_gt(a, b)); }
static vfloat v_gt_and_lt6(vfloat a, vfloat b)
{
    return vf_select(vm_and(vf_gt(a, b), vf_lt(a, vf_set1(6.0f))), a, b);
}

static void arithmetic_and_ordered_compares(void **state)
{
    (void)state;
    check_binary("vf_add", vf_add, ref_add);
    check_binary("vf_sub", vf_sub, ref_sub);
    check_binary("vf_mul", vf_mul, ref_mul);
    check_binary("vf_lt", v_lt, ref_lt);
    check_binary("vf_le", v_le, ref_le);
    check_binary("vf_gt", v_gt, ref_gt);
    check_binary("vm_and/vf_select", v_gt_and_lt6, ref_gt_and_lt6);
}

static void partial_loads_and_stores(void **state)
{
    (void)state;
    const float src[VLEN] = {1.0f, -2.0f, rt_float(0x7fc00001u), -0.0f};
    for (size_t n = 1; n < VLEN; n++) {
        float got[VLEN];
        vf_store(got, vf_load_part(src, n));
        for (size_t l = 0; l < VLEN; l++)
            assert_int_equal(rt_bits(got[l]), l < n ? rt_bits(src[l]) : 0u);
        float dst[VLEN + 1];
        for (size_t l = 0; l <= VLEN; l++)
            dst[l] = 42.0f;
        vf_store_part(dst, vf_load(src), n);
        for (size_t l = 0; l <= VLEN; l++)
            assert_int_equal(rt_bits(dst[l]), l < n ? rt_bits(src[l]) : rt_bits(42.0f));
    }
}

static void fused_multiply_add(void **state)
{
    (void)state;
    static float a[N_VALUES], b[N_VALUES], c[N_VALUES];
    pairs(a, b, N_VALUES);
    rt_fill(c, N_VALUES, 13);
    for (size_t i = 0; i < N_VALUES; i += VLEN) {
        float got[VLEN];
        vf_store(got, vf_fma(vf_load(a + i), vf_load(b + i), vf_load(c + i)));
        for (size_t l = 0; l < VLEN; l++) {
            float want = fmaf(a[i + l], b[i + l], c[i + l]);
            /* Any NaN is right for a NaN result; otherwise every bit. */
            if (isnan(want) ? !isnan(got[l]) : rt_bits(got[l]) != rt_bits(want))
                fail_msg("vf_fma(%08x, %08x, %08x) = %08x, want %08x", rt_bits(a[i + l]),
                         rt_bits(b[i + l]), rt_bits(c[i + l]), rt_bits(got[l]), rt_bits(want));
        }
    }
    /* One rounding, not two: (1 + 2^-12)^2 - 1 keeps the 2^-24 term that
     * rounding the product alone would drop. */
    float e = 0x1.001p0f, got[VLEN];
    vf_store(got, vf_fma(vf_set1(e), vf_set1(e), vf_set1(-1.0f)));
    assert_true(got[0] == 0x1p-11f + 0x1p-24f);
}

/* The Philox lanes: two 64-bit lanes, each 32-bit word in a low half. */
static void philox_lanes(void **state)
{
    (void)state;
    uint64_t s = 99;
    for (int iter = 0; iter < 4096; iter++) {
        uint64_t a[ULEN], b[ULEN], got[ULEN];
        for (size_t l = 0; l < ULEN; l++) {
            a[l] = rt_next(&s);
            b[l] = rt_next(&s);
        }
        if (iter == 0)
            a[0] = b[0] = 0xffffffffu, a[1] = 0x80000000u, b[1] = 2;
        vphilox va = vld1q_u64(a), vb = vld1q_u64(b);
        vst1q_u64(got, vp_mul32(va, vb));
        for (size_t l = 0; l < ULEN; l++)
            assert_true(got[l] == (uint64_t)(uint32_t)a[l] * (uint32_t)b[l]);
        vst1q_u64(got, vp_hi32(va));
        for (size_t l = 0; l < ULEN; l++)
            assert_true((uint32_t)got[l] == (uint32_t)(a[l] >> 32));
        vst1q_u64(got, vp_add64(va, vb));
        for (size_t l = 0; l < ULEN; l++)
            assert_true(got[l] == a[l] + b[l]);
        vst1q_u64(got, vp_xor3(va, vb, vp_set1_64(a[0])));
        for (size_t l = 0; l < ULEN; l++)
            assert_true(got[l] == (a[l] ^ b[l] ^ a[0]));
        vst1q_u64(got, vp_blocks(a[0]));
        assert_true(got[0] == a[0] && got[1] == a[0] + 1);
        vst1q_u64(got, vp_set1((uint32_t)b[1]));
        for (size_t l = 0; l < ULEN; l++)
            assert_true((uint32_t)got[l] == (uint32_t)b[1]);
        /* vp_pack: word w of block j to position 4j + w. */
        vphilox w[4] = {va, vb, vp_hi32(va), vp_hi32(vb)};
        vint packed[2];
        vp_pack(w[0], w[1], w[2], w[3], packed);
        uint32_t words[8];
        vst1q_u32(words, packed[0]);
        vst1q_u32(words + 4, packed[1]);
        for (size_t j = 0; j < ULEN; j++) {
            uint32_t want[4] = {(uint32_t)a[j], (uint32_t)b[j], (uint32_t)(a[j] >> 32),
                                (uint32_t)(b[j] >> 32)};
            for (size_t k = 0; k < 4; k++)
                assert_int_equal(words[4 * j + k], want[k]);
        }
        float f[VLEN];
        vf_store(f, vi_top24(packed[0]));
        for (size_t k = 0; k < VLEN; k++)
            assert_true(f[k] == (float)(words[k] >> 8));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(max_min_are_compare_and_select),
        cmocka_unit_test(arithmetic_and_ordered_compares),
        cmocka_unit_test(partial_loads_and_stores),
        cmocka_unit_test(fused_multiply_add),
        cmocka_unit_test(philox_lanes),
    };
    return cmocka_run_group_tests_name("simd_neon", tests, NULL, NULL);
}
