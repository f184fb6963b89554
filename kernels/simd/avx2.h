/* The vector layer on AVX2 with FMA: 8 lanes. */
#ifndef RECTIFY_SIMD_AVX2_H
#define RECTIFY_SIMD_AVX2_H

#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>

typedef __m256 vfloat;
typedef __m256 vmask;
#define VLEN 8

/* Lane masks for the tails: 8 - n leading all-ones words, read from
 * rectify_avx2_tail + 8 - n. */
static const int32_t rectify_avx2_tail[16] = {-1, -1, -1, -1, -1, -1, -1, -1,
                                              0,  0,  0,  0,  0,  0,  0,  0};

static inline __m256i rectify_avx2_mask(size_t n)
{
    return _mm256_loadu_si256((const __m256i *)(const void *)(rectify_avx2_tail + 8 - n));
}

static inline vfloat vf_load(const float *p) { return _mm256_loadu_ps(p); }
static inline void vf_store(float *p, vfloat v) { _mm256_storeu_ps(p, v); }
/* vmaskmovps neither reads nor faults on masked-off lanes (Intel SDM vol. 2,
 * VMASKMOV: "faults ... are not reported for masked elements"); the
 * guard-page tests hold it to that. */
static inline vfloat vf_load_part(const float *p, size_t n)
{
    return _mm256_maskload_ps(p, rectify_avx2_mask(n));
}
static inline void vf_store_part(float *p, vfloat v, size_t n)
{
    _mm256_maskstore_ps(p, rectify_avx2_mask(n), v);
}

static inline vfloat vf_set1(float f) { return _mm256_set1_ps(f); }
static inline vfloat vf_zero(void) { return _mm256_setzero_ps(); }
static inline vfloat vf_add(vfloat a, vfloat b) { return _mm256_add_ps(a, b); }
static inline vfloat vf_sub(vfloat a, vfloat b) { return _mm256_sub_ps(a, b); }
static inline vfloat vf_mul(vfloat a, vfloat b) { return _mm256_mul_ps(a, b); }
static inline vfloat vf_max(vfloat a, vfloat b) { return _mm256_max_ps(a, b); }
static inline vfloat vf_min(vfloat a, vfloat b) { return _mm256_min_ps(a, b); }
static inline vmask vf_lt(vfloat a, vfloat b) { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
static inline vmask vf_le(vfloat a, vfloat b) { return _mm256_cmp_ps(a, b, _CMP_LE_OQ); }
static inline vmask vf_gt(vfloat a, vfloat b) { return _mm256_cmp_ps(a, b, _CMP_GT_OQ); }
static inline vmask vm_and(vmask m, vmask k) { return _mm256_and_ps(m, k); }
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
    return _mm256_blendv_ps(b, a, m);
}

/* ---- Philox lanes (see README.md): four 64-bit lanes ---------------------- */
typedef __m256i vphilox;
typedef __m256i vint;
#define ULEN 4

static inline vphilox vp_set1(uint32_t w) { return _mm256_set1_epi32((int32_t)w); }
static inline vphilox vp_set1_64(uint64_t v) { return _mm256_set1_epi64x((int64_t)v); }
/* vp_pack's in-lane unpacks put 64-bit lanes 0 and 2 in out[0], 1 and 3 in
 * out[1]; this order makes that the blocks' order. */
static inline vphilox vp_blocks(uint64_t b)
{
    return _mm256_set_epi64x((int64_t)(b + 3), (int64_t)(b + 1), (int64_t)(b + 2), (int64_t)b);
}
static inline vphilox vp_add64(vphilox a, vphilox b) { return _mm256_add_epi64(a, b); }
static inline vphilox vp_xor(vphilox a, vphilox b) { return _mm256_xor_si256(a, b); }
static inline vphilox vp_xor3(vphilox a, vphilox b, vphilox c)
{
    return _mm256_xor_si256(_mm256_xor_si256(a, b), c);
}
static inline vphilox vp_mul32(vphilox a, vphilox b) { return _mm256_mul_epu32(a, b); }
static inline vphilox vp_hi32(vphilox a)
{
    return _mm256_shuffle_epi32(a, _MM_SHUFFLE(3, 3, 1, 1));
}
static inline void vp_pack(vphilox w0, vphilox w1, vphilox w2, vphilox w3, vint out[2])
{
    __m256i a = _mm256_unpacklo_epi32(w0, w1), b = _mm256_unpacklo_epi32(w2, w3);
    __m256i c = _mm256_unpackhi_epi32(w0, w1), d = _mm256_unpackhi_epi32(w2, w3);
    out[0] = _mm256_unpacklo_epi64(a, b);
    out[1] = _mm256_unpacklo_epi64(c, d);
}
static inline vfloat vi_as_float(vint w) { return _mm256_castsi256_ps(w); }
static inline vfloat vi_top24(vint w) { return _mm256_cvtepi32_ps(_mm256_srli_epi32(w, 8)); }
static inline vfloat vf_neg(vfloat a) { return _mm256_xor_ps(a, _mm256_set1_ps(-0.0f)); }

/* ---- float bits as 32-bit integers (the inline exponential, simd/exp.h) --- */
static inline vint vf_as_int(vfloat v) { return _mm256_castps_si256(v); }
static inline vint vi_set1(uint32_t w) { return _mm256_set1_epi32((int32_t)w); }
static inline vint vi_add(vint a, vint b) { return _mm256_add_epi32(a, b); }
static inline vint vi_and(vint a, vint b) { return _mm256_and_si256(a, b); }
static inline vint vi_xor(vint a, vint b) { return _mm256_xor_si256(a, b); }
static inline vint vi_or(vint a, vint b) { return _mm256_or_si256(a, b); }
static inline vint vi_shl23(vint a) { return _mm256_slli_epi32(a, 23); }

/* ---- doubles, two halves of a vfloat (FMA-free products, exponential.c) ---- */
typedef __m256d vdouble;
static inline vdouble vd_set1(double d) { return _mm256_set1_pd(d); }
static inline vdouble vd_add(vdouble a, vdouble b) { return _mm256_add_pd(a, b); }
static inline vdouble vd_mul(vdouble a, vdouble b) { return _mm256_mul_pd(a, b); }
static inline vdouble vf_widen_lo(vfloat a) { return _mm256_cvtps_pd(_mm256_castps256_ps128(a)); }
static inline vdouble vf_widen_hi(vfloat a) { return _mm256_cvtps_pd(_mm256_extractf128_ps(a, 1)); }
static inline vfloat vd_narrow(vdouble lo, vdouble hi)
{
    return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(lo)), _mm256_cvtpd_ps(hi),
                                1);
}

/* ---- exponentials (ELU, SELU) ----------------------------------------------
 * The default kernels inline their own (simd/exp.h) on the FMA. The
 * deterministic ones use SLEEF's FMA-free cinz_ AVX functions (AVX is a
 * subset of AVX2), the same bits as every other ISA's cinz_ functions. */
#include <sleef.h>

#define VF_HAS_FMA         1
#define VF_HAS_MERGE_MASKS 0
static inline vfloat vf_fma(vfloat a, vfloat b, vfloat c) { return _mm256_fmadd_ps(a, b, c); }
static inline int vm_any(vmask m) { return _mm256_movemask_ps(m) != 0; }
static inline int vm_count(vmask m) { return __builtin_popcount((unsigned)_mm256_movemask_ps(m)); }
static inline vfloat vf_exp_det(vfloat x) { return Sleef_cinz_expf8_u10avx(x); }
static inline vfloat vf_expm1_det(vfloat x) { return Sleef_cinz_expm1f8_u10avx(x); }

/* ---- packing selected lanes (the deterministic kernels, exponential.c) ----
 * vf_compress writes the lanes of v selected by m, in lane order, to dst
 * and returns how many; vf_expand is its inverse: old with the lanes of m
 * replaced, in order, by src[0], src[1], ... Each moves all VLEN floats
 * (the caller leaves that room), through one vpermps whose indices come from
 * a table by the mask's 8 bits, 3 bits a lane from bit 0. Compressing, lane
 * k of the result takes the k-th selected lane; expanding, lane l takes
 * element (the number of selected lanes below l) of src. The tables are
 * built here by the preprocessor. */
#define RECTIFY_BIT(m, i)   (((m) >> (i)) & 1u)
#define RECTIFY_BELOW(m, l) /* selected lanes below lane l */                                      \
    (((l) > 0 ? RECTIFY_BIT(m, 0) : 0) + ((l) > 1 ? RECTIFY_BIT(m, 1) : 0) +                       \
     ((l) > 2 ? RECTIFY_BIT(m, 2) : 0) + ((l) > 3 ? RECTIFY_BIT(m, 3) : 0) +                       \
     ((l) > 4 ? RECTIFY_BIT(m, 4) : 0) + ((l) > 5 ? RECTIFY_BIT(m, 5) : 0) +                       \
     ((l) > 6 ? RECTIFY_BIT(m, 6) : 0))
/* Lane l selected puts l at position RECTIFY_BELOW(m, l). */
#define RECTIFY_PUT(m, l) (RECTIFY_BIT(m, l) * ((uint32_t)(l) << (3 * RECTIFY_BELOW(m, l))))
#define RECTIFY_COMPRESS(m)                                                                        \
    (RECTIFY_PUT(m, 0) | RECTIFY_PUT(m, 1) | RECTIFY_PUT(m, 2) | RECTIFY_PUT(m, 3) |               \
     RECTIFY_PUT(m, 4) | RECTIFY_PUT(m, 5) | RECTIFY_PUT(m, 6) | RECTIFY_PUT(m, 7))
#define RECTIFY_EXPAND(m)                                                                          \
    (((uint32_t)RECTIFY_BELOW(m, 1) << 3) | ((uint32_t)RECTIFY_BELOW(m, 2) << 6) |                 \
     ((uint32_t)RECTIFY_BELOW(m, 3) << 9) | ((uint32_t)RECTIFY_BELOW(m, 4) << 12) |                \
     ((uint32_t)RECTIFY_BELOW(m, 5) << 15) | ((uint32_t)RECTIFY_BELOW(m, 6) << 18) |               \
     ((uint32_t)RECTIFY_BELOW(m, 7) << 21))
#define RECTIFY_TABLE4(F, m) F(m), F(m + 1), F(m + 2), F(m + 3)
#define RECTIFY_TABLE16(F, m)                                                                      \
    RECTIFY_TABLE4(F, m), RECTIFY_TABLE4(F, m + 4), RECTIFY_TABLE4(F, m + 8),                      \
        RECTIFY_TABLE4(F, m + 12)
#define RECTIFY_TABLE64(F, m)                                                                      \
    RECTIFY_TABLE16(F, m), RECTIFY_TABLE16(F, m + 16), RECTIFY_TABLE16(F, m + 32),                 \
        RECTIFY_TABLE16(F, m + 48)
static const uint32_t rectify_avx2_compress[256] = {
    RECTIFY_TABLE64(RECTIFY_COMPRESS, 0u), RECTIFY_TABLE64(RECTIFY_COMPRESS, 64u),
    RECTIFY_TABLE64(RECTIFY_COMPRESS, 128u), RECTIFY_TABLE64(RECTIFY_COMPRESS, 192u)};
static const uint32_t rectify_avx2_expand[256] = {
    RECTIFY_TABLE64(RECTIFY_EXPAND, 0u), RECTIFY_TABLE64(RECTIFY_EXPAND, 64u),
    RECTIFY_TABLE64(RECTIFY_EXPAND, 128u), RECTIFY_TABLE64(RECTIFY_EXPAND, 192u)};

static inline __m256i rectify_avx2_lanes(uint32_t packed)
{
    return _mm256_and_si256(_mm256_srlv_epi32(_mm256_set1_epi32((int32_t)packed),
                                              _mm256_setr_epi32(0, 3, 6, 9, 12, 15, 18, 21)),
                            _mm256_set1_epi32(7));
}
static inline size_t vf_compress(float *dst, vmask m, vfloat v)
{
    unsigned bits = (unsigned)_mm256_movemask_ps(m);
    _mm256_storeu_ps(dst,
                     _mm256_permutevar8x32_ps(v, rectify_avx2_lanes(rectify_avx2_compress[bits])));
    return (size_t)__builtin_popcount(bits);
}
static inline vfloat vf_expand(const float *src, vmask m, vfloat old)
{
    __m256i perm = rectify_avx2_lanes(rectify_avx2_expand[_mm256_movemask_ps(m)]);
    return _mm256_blendv_ps(old, _mm256_permutevar8x32_ps(_mm256_loadu_ps(src), perm), m);
}

/* Vectors the inline exponential (simd/exp.h) works on at once. */
#ifndef VF_EXP_UNROLL
#define VF_EXP_UNROLL 6
#endif

/* ---- non-temporal stores (buffers past the last-level cache, src/parallel.c) ----
 * p must be aligned to VLEN floats. The fence orders them before the
 * kernel returns. */
#define VF_HAS_STREAM 1
static inline void vf_store_stream(float *p, vfloat v) { _mm256_stream_ps(p, v); }
static inline void vf_stream_fence(void) { _mm_sfence(); }

/* ---- the storage types (bf16, fp16: kernels/storage.h) ------------------
 * fp16 through F16C (VCVTPH2PS, VCVTPS2PH with round-to-nearest-even in the
 * instruction, whatever MXCSR says); bf16 is the top half of a float:
 * widening shifts it up, narrowing rounds in the integer lanes
 * (kernels/half_bits.h's rule). */
#define VH_F16_CONVERSION "F16C vcvtph2ps/vcvtps2ph"
#define VH_BF16_NARROWING "integer rounding"
static inline vfloat vh_load_bf16(const uint16_t *p)
{
    __m256i w = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(const void *)p));
    return _mm256_castsi256_ps(_mm256_slli_epi32(w, 16));
}
/* v's bits rounded to bf16 in the top half of each lane (the low half
 * left over). */
static inline __m256i rectify_avx2_bf16_round_ordered(vfloat v) /* no NaN lane */
{
    __m256i u = _mm256_castps_si256(v);
    __m256i odd = _mm256_and_si256(_mm256_srli_epi32(u, 16), _mm256_set1_epi32(1));
    return _mm256_add_epi32(u, _mm256_add_epi32(_mm256_set1_epi32(0x7fff), odd));
}
static inline __m256i rectify_avx2_bf16_round(vfloat v)
{
    __m256i q = _mm256_or_si256(_mm256_castps_si256(v), _mm256_set1_epi32(0x400000));
    return _mm256_castps_si256(
        _mm256_blendv_ps(_mm256_castsi256_ps(rectify_avx2_bf16_round_ordered(v)),
                         _mm256_castsi256_ps(q), _mm256_cmp_ps(v, v, _CMP_UNORD_Q)));
}
static inline void vh_store_bf16(uint16_t *p, vfloat v)
{
    __m256i r = _mm256_srli_epi32(rectify_avx2_bf16_round(v), 16);
    __m128i h = _mm_packus_epi32(_mm256_castsi256_si128(r), _mm256_extracti128_si256(r, 1));
    _mm_storeu_si128((__m128i *)(void *)p, h);
}
/* 2 * VLEN bf16 as two vectors, the even elements and the odd ones: a
 * shift and a mask, no lane crossing (kernels/storage.h's pairs). */
#define VH_BF16_PAIRS 1
static inline void vh_load_bf16_pair(const uint16_t *p, vfloat *even, vfloat *odd)
{
    __m256i w = _mm256_loadu_si256((const __m256i *)(const void *)p);
    *even = _mm256_castsi256_ps(_mm256_slli_epi32(w, 16));
    *odd = _mm256_castsi256_ps(_mm256_and_si256(w, _mm256_set1_epi32((int)0xffff0000u)));
}
/* Without a NaN among the two vectors' lanes (one unordered compare of
 * the one with the other finds any), the rounding needs no NaN blend: the
 * two blends and two compares become one compare and a branch. */
static inline void vh_store_bf16_pair(uint16_t *p, vfloat even, vfloat odd)
{
    __m256 nan = _mm256_cmp_ps(even, odd, _CMP_UNORD_Q);
    __m256i e, o;
    if (__builtin_expect(_mm256_testz_ps(nan, nan), 1)) {
        e = rectify_avx2_bf16_round_ordered(even);
        o = rectify_avx2_bf16_round_ordered(odd);
    } else {
        e = rectify_avx2_bf16_round(even);
        o = rectify_avx2_bf16_round(odd);
    }
    e = _mm256_srli_epi32(e, 16);
    o = _mm256_and_si256(o, _mm256_set1_epi32((int)0xffff0000u));
    _mm256_storeu_si256((__m256i *)(void *)p, _mm256_or_si256(o, e));
}
static inline vfloat vh_load_f16(const uint16_t *p)
{
    return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)p));
}
static inline void vh_store_f16(uint16_t *p, vfloat v)
{
    _mm_storeu_si128((__m128i *)(void *)p,
                     _mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
}

/* ---- 16-bit words (kernels/words.h) ---- */
#include "words_avx2.h"

#endif
