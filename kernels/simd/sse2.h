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
/* SSE2 has no masked load or store: go through a stack vector, copying only
 * the n floats that belong to the caller. */
static inline vfloat vf_load_part(const float *p, size_t n)
{
    float lanes[VLEN] = {0};
    memcpy(lanes, p, n * sizeof(float));
    return _mm_loadu_ps(lanes);
}
static inline void vf_store_part(float *p, vfloat v, size_t n)
{
    float lanes[VLEN];
    _mm_storeu_ps(lanes, v);
    memcpy(p, lanes, n * sizeof(float));
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
static inline vfloat vf_select(vmask m, vfloat a, vfloat b)
{
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
static inline vfloat vi_unit(vint w)
{
    return _mm_mul_ps(_mm_cvtepi32_ps(_mm_srli_epi32(w, 8)), _mm_set1_ps(0x1p-24f));
}
static inline vfloat vf_neg(vfloat a) { return _mm_xor_ps(a, _mm_set1_ps(-0.0f)); }

/* ---- exponentials (ELU, SELU) ----------------------------------------------
 * SSE2 has no FMA: SLEEF's sse2 functions are FMA-free, and the cinz_ ones
 * give the bits of every other ISA's cinz_ functions. */
#include <sleef.h>

#define VF_HAS_FMA 0
static inline int vm_any(vmask m) { return _mm_movemask_ps(m) != 0; }
static inline vfloat vf_exp(vfloat x) { return Sleef_expf4_u10sse2(x); }
static inline vfloat vf_expm1(vfloat x) { return Sleef_expm1f4_u10sse2(x); }
static inline vfloat vf_exp_det(vfloat x) { return Sleef_cinz_expf4_u10sse2(x); }
static inline vfloat vf_expm1_det(vfloat x) { return Sleef_cinz_expm1f4_u10sse2(x); }

#endif
