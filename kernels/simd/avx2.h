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
static inline vfloat vf_select(vmask m, vfloat a, vfloat b) { return _mm256_blendv_ps(b, a, m); }

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
static inline vfloat vi_unit(vint w)
{
    return _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_srli_epi32(w, 8)), _mm256_set1_ps(0x1p-24f));
}
static inline vfloat vf_neg(vfloat a) { return _mm256_xor_ps(a, _mm256_set1_ps(-0.0f)); }

/* ---- exponentials (ELU, SELU) ----------------------------------------------
 * Default: SLEEF's AVX2 functions, which use FMA. Deterministic: its
 * FMA-free cinz_ AVX functions (AVX is a subset of AVX2), the same bits as
 * every other ISA's cinz_ functions. */
#include <sleef.h>

#define VF_HAS_FMA 1
static inline vfloat vf_fma(vfloat a, vfloat b, vfloat c) { return _mm256_fmadd_ps(a, b, c); }
static inline int vm_any(vmask m) { return _mm256_movemask_ps(m) != 0; }
static inline vfloat vf_exp(vfloat x) { return Sleef_expf8_u10avx2(x); }
static inline vfloat vf_expm1(vfloat x) { return Sleef_expm1f8_u10avx2(x); }
static inline vfloat vf_exp_det(vfloat x) { return Sleef_cinz_expf8_u10avx(x); }
static inline vfloat vf_expm1_det(vfloat x) { return Sleef_cinz_expm1f8_u10avx(x); }

#endif
