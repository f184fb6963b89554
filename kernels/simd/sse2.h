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
