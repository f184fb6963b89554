/* The vector layer on SSE2: 4 lanes, no VEX encoding. */
#ifndef RECTIFY_SIMD_SSE2_H
#define RECTIFY_SIMD_SSE2_H

#include <emmintrin.h>
#include <stddef.h>
#include <string.h>

typedef __m128 vfloat;
typedef __m128 vmask;
#define VLEN 4

static inline vfloat vf_load(const float *p) { return _mm_loadu_ps(p); }
static inline void vf_store(float *p, vfloat v) { _mm_storeu_ps(p, v); }
/* SSE2 has no masked load or store: the n floats that belong to the caller
 * as one movss, one movsd, or both (n = 3), never a byte past them. Not
 * through a stack vector: its wider reload of narrower stores waits for
 * them (no store forwarding), which made a call of 1 to 3 floats 10 ns. */
static inline vfloat vf_load_part(const float *p, size_t n)
{
    if (n == 1)
        return _mm_load_ss(p);
    __m128 lo = _mm_castpd_ps(_mm_load_sd((const double *)(const void *)p));
    return n == 2 ? lo : _mm_movelh_ps(lo, _mm_load_ss(p + 2));
}
static inline void vf_store_part(float *p, vfloat v, size_t n)
{
    if (n == 1) {
        _mm_store_ss(p, v);
        return;
    }
    _mm_store_sd((double *)(void *)p, _mm_castps_pd(v));
    if (n == 3)
        _mm_store_ss(p + 2, _mm_movehl_ps(v, v));
}

static inline vfloat vf_set1(float f) { return _mm_set1_ps(f); }
static inline vfloat vf_zero(void) { return _mm_setzero_ps(); }
static inline vfloat vf_add(vfloat a, vfloat b) { return _mm_add_ps(a, b); }
static inline vfloat vf_sub(vfloat a, vfloat b) { return _mm_sub_ps(a, b); }
static inline vfloat vf_mul(vfloat a, vfloat b) { return _mm_mul_ps(a, b); }
static inline vfloat vf_max(vfloat a, vfloat b) { return _mm_max_ps(a, b); }
static inline vfloat vf_min(vfloat a, vfloat b) { return _mm_min_ps(a, b); }
static inline vmask vf_lt(vfloat a, vfloat b) { return _mm_cmplt_ps(a, b); }
static inline vmask vf_le(vfloat a, vfloat b) { return _mm_cmple_ps(a, b); }
static inline vmask vf_gt(vfloat a, vfloat b) { return _mm_cmpgt_ps(a, b); }
static inline vmask vm_and(vmask m, vmask k) { return _mm_and_ps(m, k); }
/* Clang folds select(m, a * b, a) into a * select(m, b, 1), which quiets a
 * signalling NaN that should pass unchanged (dy where x > 0, backward): an
 * empty asm on each operand hides where it came from. No instruction. */
#ifdef __clang__
#define VF_OPAQUE(v) __asm__("" : "+x"(v))
#else
#define VF_OPAQUE(v) ((void)0)
#endif
static inline vfloat vf_select(vmask m, vfloat a, vfloat b)
{
    VF_OPAQUE(a);
    VF_OPAQUE(b);
    return _mm_or_ps(_mm_and_ps(m, a), _mm_andnot_ps(m, b));
}

/* ---- Philox lanes (see README.md): two 64-bit lanes, blocks in order ------ */
#include <stdint.h>

typedef __m128i vphilox;
typedef __m128i vint;
#define ULEN 2

static inline vphilox vp_set1(uint32_t w) { return _mm_set1_epi32((int32_t)w); }
static inline vphilox vp_set1_64(uint64_t v) { return _mm_set1_epi64x((int64_t)v); }
static inline vphilox vp_blocks(uint64_t b) { return _mm_set_epi64x((int64_t)(b + 1), (int64_t)b); }
static inline vphilox vp_add64(vphilox a, vphilox b) { return _mm_add_epi64(a, b); }
static inline vphilox vp_xor(vphilox a, vphilox b) { return _mm_xor_si128(a, b); }
static inline vphilox vp_xor3(vphilox a, vphilox b, vphilox c)
{
    return _mm_xor_si128(_mm_xor_si128(a, b), c);
}
/* pmuludq: the only 32x32->64 multiply SSE2 has, on the even 32-bit lanes,
 * which is where this layout keeps the words. */
static inline vphilox vp_mul32(vphilox a, vphilox b) { return _mm_mul_epu32(a, b); }
static inline vphilox vp_hi32(vphilox a) { return _mm_shuffle_epi32(a, _MM_SHUFFLE(3, 3, 1, 1)); }
static inline void vp_pack(vphilox w0, vphilox w1, vphilox w2, vphilox w3, vint out[2])
{
    __m128i a = _mm_unpacklo_epi32(w0, w1), b = _mm_unpacklo_epi32(w2, w3);
    __m128i c = _mm_unpackhi_epi32(w0, w1), d = _mm_unpackhi_epi32(w2, w3);
    out[0] = _mm_unpacklo_epi64(a, b);
    out[1] = _mm_unpacklo_epi64(c, d);
}
static inline vfloat vi_as_float(vint w) { return _mm_castsi128_ps(w); }
static inline vfloat vi_top24(vint w) { return _mm_cvtepi32_ps(_mm_srli_epi32(w, 8)); }
static inline vfloat vf_neg(vfloat a) { return _mm_xor_ps(a, _mm_set1_ps(-0.0f)); }

/* ---- float bits as 32-bit integers (the inline exponential, simd/exp.h) --- */
static inline vint vf_as_int(vfloat v) { return _mm_castps_si128(v); }
static inline vint vi_set1(uint32_t w) { return _mm_set1_epi32((int32_t)w); }
static inline vint vi_add(vint a, vint b) { return _mm_add_epi32(a, b); }
static inline vint vi_and(vint a, vint b) { return _mm_and_si128(a, b); }
static inline vint vi_xor(vint a, vint b) { return _mm_xor_si128(a, b); }
static inline vint vi_or(vint a, vint b) { return _mm_or_si128(a, b); }
static inline vint vi_shl23(vint a) { return _mm_slli_epi32(a, 23); }

/* ---- doubles, two halves of a vfloat (FMA-free products, exponential.c) ---- */
typedef __m128d vdouble;
static inline vdouble vd_set1(double d) { return _mm_set1_pd(d); }
static inline vdouble vd_add(vdouble a, vdouble b) { return _mm_add_pd(a, b); }
static inline vdouble vd_mul(vdouble a, vdouble b) { return _mm_mul_pd(a, b); }
static inline vdouble vf_widen_lo(vfloat a) { return _mm_cvtps_pd(a); }
static inline vdouble vf_widen_hi(vfloat a) { return _mm_cvtps_pd(_mm_movehl_ps(a, a)); }
static inline vfloat vd_narrow(vdouble lo, vdouble hi)
{
    return _mm_movelh_ps(_mm_cvtpd_ps(lo), _mm_cvtpd_ps(hi));
}

/* ---- exponentials (ELU, SELU) ----------------------------------------------
 * SSE2 has no FMA: the default kernels inline their own exponential in its
 * FMA-free form (simd/exp.h). The deterministic ones use SLEEF's cinz_ sse2
 * functions, the bits of every other ISA's cinz_ functions. */
#include <sleef.h>

#define VF_HAS_FMA 0
static inline int vm_any(vmask m) { return _mm_movemask_ps(m) != 0; }
static inline int vm_count(vmask m) { return __builtin_popcount((unsigned)_mm_movemask_ps(m)); }
static inline vfloat vf_exp_det(vfloat x) { return Sleef_cinz_expf4_u10sse2(x); }
static inline vfloat vf_expm1_det(vfloat x) { return Sleef_cinz_expm1f4_u10sse2(x); }

/* ---- packing selected lanes (the deterministic kernels, exponential.c) ----
 * vf_compress writes the lanes of v selected by m, in lane order, to dst
 * and returns how many; vf_expand is its inverse: old with the lanes of m
 * replaced, in order, by src[0], src[1], ... Either may touch all VLEN
 * floats: the caller leaves that room. No shuffle by a variable index
 * before SSSE3: lane by lane, without branches. */
static inline size_t vf_compress(float *dst, vmask m, vfloat v)
{
    float lanes[VLEN];
    unsigned bits = (unsigned)_mm_movemask_ps(m);
    size_t count = 0;
    _mm_storeu_ps(lanes, v);
    for (int i = 0; i < VLEN; i++) {
        dst[count] = lanes[i];
        count += (bits >> i) & 1u;
    }
    return count;
}
/* Lane l takes src[the selected lanes below l], each lane's load made
 * whether selected or not: no branch on the data, which the sign of x makes
 * unpredictable. */
static inline vfloat vf_expand(const float *src, vmask m, vfloat old)
{
    unsigned bits = (unsigned)_mm_movemask_ps(m);
    unsigned b0 = bits & 1u, b1 = (bits >> 1) & 1u, b2 = (bits >> 2) & 1u;
    return vf_select(m, _mm_setr_ps(src[0], src[b0], src[b0 + b1], src[b0 + b1 + b2]), old);
}

/* Vectors the inline exponential (simd/exp.h) works on at once. */
#ifndef VF_EXP_UNROLL
#define VF_EXP_UNROLL 4
#endif

/* ---- non-temporal stores (buffers past the last-level cache, src/parallel.c) ----
 * p must be aligned to VLEN floats. The fence orders them before the
 * kernel returns. */
#define VF_HAS_STREAM 1
static inline void vf_store_stream(float *p, vfloat v) { _mm_stream_ps(p, v); }
static inline void vf_stream_fence(void) { _mm_sfence(); }

/* ---- the storage types (bf16, fp16: kernels/storage.h) ------------------
 * bf16 is the top half of a float: widening interleaves zeros below it;
 * narrowing rounds in the integer lanes (kernels/half_bits.h's rule). SSE2
 * has no fp16 conversion: the same rules in integer lanes, with the fp16
 * subnormals (rare: |x| below 2^-14) lane by lane. */
#include "half_bits.h"
#define VH_F16_CONVERSION "integer lanes (SSE2), fp16 subnormal results lane by lane"
#define VH_BF16_NARROWING "integer rounding"
static inline vfloat vh_load_bf16(const uint16_t *p)
{
    __m128i h = _mm_loadl_epi64((const __m128i *)(const void *)p);
    return _mm_castsi128_ps(_mm_unpacklo_epi16(_mm_setzero_si128(), h));
}
/* v's bits rounded to bf16 in the top half of each lane (the low half
 * left over). */
static inline __m128i rectify_sse2_bf16_round_ordered(vfloat v) /* no NaN lane */
{
    __m128i u = _mm_castps_si128(v);
    __m128i odd = _mm_and_si128(_mm_srli_epi32(u, 16), _mm_set1_epi32(1));
    return _mm_add_epi32(u, _mm_add_epi32(_mm_set1_epi32(0x7fff), odd));
}
static inline __m128i rectify_sse2_bf16_round(vfloat v)
{
    __m128i nan = _mm_castps_si128(_mm_cmpunord_ps(v, v));
    __m128i q = _mm_or_si128(_mm_castps_si128(v), _mm_set1_epi32(0x400000));
    return _mm_or_si128(_mm_and_si128(nan, q),
                        _mm_andnot_si128(nan, rectify_sse2_bf16_round_ordered(v)));
}
static inline void vh_store_bf16(uint16_t *p, vfloat v)
{
    /* The top halves, sign-extended, so the signed pack keeps them. */
    __m128i r = _mm_srai_epi32(rectify_sse2_bf16_round(v), 16);
    _mm_storel_epi64((__m128i *)(void *)p, _mm_packs_epi32(r, r));
}
/* 2 * VLEN bf16 as two vectors, the even elements and the odd ones: a
 * shift and a mask (kernels/storage.h's pairs). */
#define VH_BF16_PAIRS 1
static inline void vh_load_bf16_pair(const uint16_t *p, vfloat *even, vfloat *odd)
{
    __m128i w = _mm_loadu_si128((const __m128i *)(const void *)p);
    *even = _mm_castsi128_ps(_mm_slli_epi32(w, 16));
    *odd = _mm_castsi128_ps(_mm_and_si128(w, _mm_set1_epi32((int)0xffff0000u)));
}
/* Without a NaN among the two vectors' lanes (one unordered compare of
 * the one with the other finds any), the rounding needs no NaN select. */
static inline void vh_store_bf16_pair(uint16_t *p, vfloat even, vfloat odd)
{
    __m128i e, o;
    if (__builtin_expect(_mm_movemask_ps(_mm_cmpunord_ps(even, odd)) == 0, 1)) {
        e = rectify_sse2_bf16_round_ordered(even);
        o = rectify_sse2_bf16_round_ordered(odd);
    } else {
        e = rectify_sse2_bf16_round(even);
        o = rectify_sse2_bf16_round(odd);
    }
    e = _mm_srli_epi32(e, 16);
    o = _mm_and_si128(o, _mm_set1_epi32((int)0xffff0000u));
    _mm_storeu_si128((__m128i *)(void *)p, _mm_or_si128(o, e));
}
static inline __m128i rectify_sse2_select(__m128i m, __m128i a, __m128i b)
{
    return _mm_or_si128(_mm_and_si128(m, a), _mm_andnot_si128(m, b));
}
/* Normal halves: the exponent rebiased (+112) under the mantissa; zeros
 * and subnormals: m * 2^-24 as (2^-14 + m * 2^-24) - 2^-14, exact, both
 * operands normal; inf and NaN: the all-ones exponent, NaNs quiet. */
static inline vfloat vh_load_f16(const uint16_t *p)
{
    __m128i h =
        _mm_unpacklo_epi16(_mm_loadl_epi64((const __m128i *)(const void *)p), _mm_setzero_si128());
    __m128i sign = _mm_slli_epi32(_mm_and_si128(h, _mm_set1_epi32(0x8000)), 16);
    __m128i em = _mm_slli_epi32(_mm_and_si128(h, _mm_set1_epi32(0x7fff)), 13);
    __m128i e = _mm_and_si128(h, _mm_set1_epi32(0x7c00));
    __m128i normal = _mm_add_epi32(em, _mm_set1_epi32(112 << 23));
    __m128 tiny = _mm_sub_ps(_mm_castsi128_ps(_mm_add_epi32(em, _mm_set1_epi32(113 << 23))),
                             _mm_set1_ps(0x1p-14f));
    __m128i quiet =
        _mm_and_si128(_mm_cmpgt_epi32(em, _mm_set1_epi32(0x0f800000)), _mm_set1_epi32(0x400000));
    __m128i special = _mm_or_si128(_mm_or_si128(em, _mm_set1_epi32(0x70000000)), quiet);
    __m128i r = rectify_sse2_select(_mm_cmpeq_epi32(e, _mm_setzero_si128()), _mm_castps_si128(tiny),
                                    normal);
    r = rectify_sse2_select(_mm_cmpeq_epi32(e, _mm_set1_epi32(0x7c00)), special, r);
    return _mm_castsi128_ps(_mm_or_si128(r, sign));
}
/* |x| >= 2^-14 (normal fp16), overflow, inf, NaN and |x| <= 2^-25 (zero) in
 * the integer lanes (kernels/half_bits.h's cases); a vector with a lane
 * that rounds to an fp16 subnormal takes half_bits.h lane by lane. */
static inline void vh_store_f16(uint16_t *p, vfloat v)
{
    __m128i u = _mm_castps_si128(v);
    __m128i a = _mm_and_si128(u, _mm_set1_epi32(0x7fffffff));
    __m128i sign = _mm_and_si128(_mm_srli_epi32(u, 16), _mm_set1_epi32(0x8000));
    __m128i sub = _mm_and_si128(_mm_cmpgt_epi32(a, _mm_set1_epi32(0x33000000)),
                                _mm_cmplt_epi32(a, _mm_set1_epi32(0x38800000)));
    if (_mm_movemask_epi8(sub)) {
        float lanes[4];
        _mm_storeu_ps(lanes, v);
        for (int i = 0; i < 4; i++)
            p[i] = rectify_f32_to_f16(lanes[i]);
        return;
    }
    __m128i odd = _mm_and_si128(_mm_srli_epi32(a, 13), _mm_set1_epi32(1));
    __m128i r = _mm_srli_epi32(_mm_add_epi32(_mm_sub_epi32(a, _mm_set1_epi32(0x38000000)),
                                             _mm_add_epi32(_mm_set1_epi32(0xfff), odd)),
                               13);
    __m128i nan = _mm_or_si128(_mm_set1_epi32(0x7e00),
                               _mm_and_si128(_mm_srli_epi32(a, 13), _mm_set1_epi32(0x3ff)));
    r = rectify_sse2_select(_mm_cmpgt_epi32(a, _mm_set1_epi32(0x477fefff)), _mm_set1_epi32(0x7c00),
                            r);
    r = rectify_sse2_select(_mm_cmpgt_epi32(a, _mm_set1_epi32(0x7f800000)), nan, r);
    r = rectify_sse2_select(_mm_cmplt_epi32(a, _mm_set1_epi32(0x38800000)), _mm_setzero_si128(), r);
    r = _mm_or_si128(r, sign);
    /* Below 0x10000 each: sign-extend, so the signed pack keeps the bits. */
    r = _mm_srai_epi32(_mm_slli_epi32(r, 16), 16);
    _mm_storel_epi64((__m128i *)(void *)p, _mm_packs_epi32(r, r));
}
/* ---- 16-bit words (kernels/words.h) ------------------------------------ */
typedef __m128i vword;
#define VWLEN 8
static inline vword vw_load(const uint16_t *p)
{
    return _mm_loadu_si128((const __m128i *)(const void *)p);
}
static inline void vw_store(uint16_t *p, vword v) { _mm_storeu_si128((__m128i *)(void *)p, v); }
static inline vword vw_set1(uint16_t w) { return _mm_set1_epi16((short)w); }
static inline vword vw_and(vword a, vword b) { return _mm_and_si128(a, b); }
static inline vword vw_or(vword a, vword b) { return _mm_or_si128(a, b); }
static inline vword vw_andnot(vword m, vword b) { return _mm_andnot_si128(m, b); }
static inline vword vw_gt(vword a, vword b) { return _mm_cmpgt_epi16(a, b); }
static inline vword vw_eq(vword a, vword b) { return _mm_cmpeq_epi16(a, b); }
static inline vword vw_min(vword a, vword b) { return _mm_min_epi16(a, b); }
static inline vword vw_max(vword a, vword b) { return _mm_max_epi16(a, b); }
static inline int vwm_any(vword m) { return _mm_movemask_epi8(m) != 0; }
#define VW_PLAIN_BLOCKS 1
static inline vword vw_sub(vword a, vword b) { return _mm_sub_epi16(a, b); }
static inline vword vw_select(vword m, vword a, vword b)
{
    return _mm_or_si128(_mm_and_si128(m, a), _mm_andnot_si128(m, b));
}
/* Non-temporal: p aligned to 16 bytes; vf_stream_fence orders them. */
#define VW_HAS_STREAM 1
static inline void vw_store_stream(uint16_t *p, vword v)
{
    _mm_stream_si128((__m128i *)(void *)p, v);
}

#endif
