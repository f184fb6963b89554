/*
 * The storage types, bit by bit, in plain C: bfloat16 and IEEE binary16
 * (fp16) to float32 and back. These define the conversions (include/rectify.h,
 * "Half-precision buffers"); every ISA's vector conversions must give the
 * same bits, which tests/test_half.c checks on all 65,536 patterns.
 *
 *  - Widening is exact (every bf16 and fp16 value is a float32 value); an
 *    fp16 signalling NaN widens to the quiet one with its payload, as the
 *    hardware conversions do (no result depends on it: the narrowing
 *    quiets every NaN).
 *  - Narrowing rounds to nearest, ties to even, whatever the caller's
 *    rounding mode; finite values past the largest finite one go to +-inf
 *    (fp16: |x| >= 65520); subnormal results are kept, never flushed.
 *  - A NaN stays a NaN of its sign, quiet, with the top bits of its payload:
 *    bf16 keeps mantissa bits 22..16, fp16 bits 22..13, quiet bit set (the
 *    rule of x86's VCVTPS2PH and VCVTNEPS2BF16 and of AArch64's FCVTN).
 *
 * bfloat16 is the top half of a float32 (Intel, "BFLOAT16 - Hardware
 * Numerics Definition", 2018); binary16 is IEEE 754-2008's: 1 sign bit, 5
 * exponent bits (bias 15), 10 mantissa bits, subnormals at 2^-24 steps.
 * Internal; not installed.
 */
#ifndef RECTIFY_HALF_BITS_H
#define RECTIFY_HALF_BITS_H

#include <stdint.h>
#include <string.h>

static inline uint32_t rectify_f32_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static inline float rectify_bits_f32(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static inline float rectify_bf16_to_f32(uint16_t h) { return rectify_bits_f32((uint32_t)h << 16); }

static inline uint16_t rectify_f32_to_bf16(float f)
{
    uint32_t u = rectify_f32_bits(f);
    if ((u & 0x7fffffffu) > 0x7f800000u)
        return (uint16_t)((u >> 16) | 0x0040u);
    /* Add just under half of the dropped part, plus the kept part's lowest
     * bit: exactly the ties-to-even rounding, carries into the exponent
     * (and up to infinity) included. */
    return (uint16_t)((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
}

static inline float rectify_f16_to_f32(uint16_t h)
{
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16, e = (h >> 10) & 0x1fu, m = h & 0x3ffu;
    if (e == 0x1f) /* inf; a NaN keeps its payload and is quiet (as F16C's and FCVTL's are) */
        return rectify_bits_f32(sign | 0x7f800000u | m << 13 | (m ? 0x400000u : 0u));
    if (e != 0)
        return rectify_bits_f32(sign | (e + 112) << 23 | m << 13);
    if (m == 0)
        return rectify_bits_f32(sign);
    /* Subnormal: m * 2^-24; move its top bit into the implicit one. */
    int top = 9;
    while (!(m >> top))
        top--;
    return rectify_bits_f32(sign | (uint32_t)(top + 103) << 23 | ((m << (23 - top)) & 0x7fffffu));
}

static inline uint16_t rectify_f32_to_f16(float f)
{
    uint32_t u = rectify_f32_bits(f), a = u & 0x7fffffffu;
    uint16_t sign = (uint16_t)((u >> 16) & 0x8000u);
    if (a > 0x7f800000u)
        return (uint16_t)(sign | 0x7e00u | ((a >> 13) & 0x3ffu));
    if (a >= 0x477ff000u) /* 65520 = 65504 + half an ULP: rounds to infinity */
        return (uint16_t)(sign | 0x7c00u);
    if (a >= 0x38800000u) /* 2^-14, the smallest normal fp16: rebias and round */
        return (uint16_t)(sign | ((a - 0x38000000u + 0xfffu + ((a >> 13) & 1u)) >> 13));
    if (a <= 0x33000000u) /* 2^-25 and below: nearer 0 than 2^-24, or a tie to 0 */
        return sign;
    /* Subnormal fp16: the significand m * 2^(e - 126) in units of 2^-24,
     * rounded to nearest even. */
    uint32_t e = a >> 23, m = (a & 0x7fffffu) | 0x800000u, shift = 126 - e;
    uint32_t q = m >> shift, rest = m & ((1u << shift) - 1), half = 1u << (shift - 1);
    q += rest > half || (rest == half && (q & 1u));
    return (uint16_t)(sign | q);
}

#endif
