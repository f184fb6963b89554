/* 16-bit integer lanes on AVX2 (the half-precision ops that work on bit
 * patterns, kernels/words.h), for the AVX2 layer and the AVX-512 one: the
 * avx512 set requires AVX-512F, not AVX512BW, so its words are 256 bits
 * wide too (Zen 4 runs 256-bit integer operations at the same rate per
 * element as 512-bit ones). Included by a layer, after its intrinsics. */
#ifndef RECTIFY_SIMD_WORDS_AVX2_H
#define RECTIFY_SIMD_WORDS_AVX2_H

#include <stdint.h>

typedef __m256i vword;
#define VWLEN 16

static inline vword vw_load(const uint16_t *p)
{
    return _mm256_loadu_si256((const __m256i *)(const void *)p);
}
static inline void vw_store(uint16_t *p, vword v) { _mm256_storeu_si256((__m256i *)(void *)p, v); }
static inline vword vw_set1(uint16_t w) { return _mm256_set1_epi16((short)w); }
static inline vword vw_and(vword a, vword b) { return _mm256_and_si256(a, b); }
static inline vword vw_or(vword a, vword b) { return _mm256_or_si256(a, b); }
static inline vword vw_andnot(vword m, vword b) { return _mm256_andnot_si256(m, b); }
static inline vword vw_gt(vword a, vword b) { return _mm256_cmpgt_epi16(a, b); }
static inline vword vw_eq(vword a, vword b) { return _mm256_cmpeq_epi16(a, b); }
static inline vword vw_min(vword a, vword b) { return _mm256_min_epi16(a, b); }
static inline vword vw_max(vword a, vword b) { return _mm256_max_epi16(a, b); }
/* (A movemask, not vptest: SIMDe 0.7.2's _mm256_testz_si256 is 1 for some
 * nonzero masks.) */
static inline int vwm_any(vword m) { return _mm256_movemask_epi8(m) != 0; }
#define VW_PLAIN_BLOCKS 1
static inline vword vw_sub(vword a, vword b) { return _mm256_sub_epi16(a, b); }
static inline vword vw_select(vword m, vword a, vword b) { return _mm256_blendv_epi8(b, a, m); }

/* Non-temporal: p aligned to 32 bytes; vf_stream_fence orders them. */
#define VW_HAS_STREAM 1
static inline void vw_store_stream(uint16_t *p, vword v)
{
    _mm256_stream_si256((__m256i *)(void *)p, v);
}

#endif
