/* 16-bit integer lanes 512 bits wide, with AVX512BW (the half-precision ops
 * that work on bit patterns, kernels/words.h). Only kernels/words_bw.c's
 * objects see this header (built with -mavx512bw and RECTIFY_WORDS_BW,
 * where simd/avx512.h picks it over words_avx2.h); the AVX-512 set calls
 * their kernels only where rectify_cpu_avx512bw() says the CPU has
 * AVX512BW. Comparisons give mask registers, so a select or a zeroing is
 * one masked move. */
#ifndef RECTIFY_SIMD_WORDS_AVX512BW_H
#define RECTIFY_SIMD_WORDS_AVX512BW_H

#include <stdint.h>

#ifdef RECTIFY_SIMDE
typedef simde__mmask32 vwmask;
/* SIMDe 0.7 has neither the 16-bit compares into masks nor the masked
 * 16-bit loads and stores: the same from what it has, lane by lane. */
static inline vwmask rectify_cmpgt_epi16_mask(__m512i a, __m512i b)
{
    return (vwmask)~_mm512_cmple_epi16_mask(a, b);
}
static inline vwmask rectify_cmpeq_epi16_mask(__m512i a, __m512i b)
{
    return _mm512_cmple_epi16_mask(a, b) & _mm512_cmpge_epi16_mask(a, b);
}
static inline __m512i rectify_maskz_loadu_epi16(vwmask k, const uint16_t *p)
{
    uint16_t lanes[32] = {0};
    for (int i = 0; i < 32; i++)
        if ((k >> i) & 1)
            lanes[i] = p[i];
    return _mm512_loadu_si512((const void *)lanes);
}
static inline void rectify_mask_storeu_epi16(uint16_t *p, vwmask k, __m512i v)
{
    uint16_t lanes[32];
    _mm512_storeu_si512((void *)lanes, v);
    for (int i = 0; i < 32; i++)
        if ((k >> i) & 1)
            p[i] = lanes[i];
}
static inline void rectify_stream_si512(void *p, __m512i v) { _mm512_storeu_si512(p, v); }
#else
typedef __mmask32 vwmask;
#define rectify_cmpgt_epi16_mask  _mm512_cmpgt_epi16_mask
#define rectify_cmpeq_epi16_mask  _mm512_cmpeq_epi16_mask
#define rectify_maskz_loadu_epi16 _mm512_maskz_loadu_epi16
#define rectify_mask_storeu_epi16 _mm512_mask_storeu_epi16
#define rectify_stream_si512      _mm512_stream_si512
#endif

typedef __m512i vword;
#define VWLEN    32
#define VW_MASKS 1

static inline vword vw_load(const uint16_t *p) { return _mm512_loadu_si512((const void *)p); }
static inline void vw_store(uint16_t *p, vword v) { _mm512_storeu_si512((void *)p, v); }
static inline vword vw_set1(uint16_t w) { return _mm512_set1_epi16((short)w); }
static inline vword vw_and(vword a, vword b) { return _mm512_and_si512(a, b); }
static inline vword vw_or(vword a, vword b) { return _mm512_or_si512(a, b); }
static inline vword vw_andnot(vword m, vword b) { return _mm512_andnot_si512(m, b); }
static inline vwmask vw_gt(vword a, vword b) { return rectify_cmpgt_epi16_mask(a, b); }
static inline vwmask vw_eq(vword a, vword b) { return rectify_cmpeq_epi16_mask(a, b); }
static inline vword vw_min(vword a, vword b) { return _mm512_min_epi16(a, b); }
static inline vword vw_max(vword a, vword b) { return _mm512_max_epi16(a, b); }
static inline vword vw_sub(vword a, vword b) { return _mm512_sub_epi16(a, b); }
static inline vword vw_select(vwmask m, vword a, vword b)
{
    return _mm512_mask_blend_epi16(m, b, a);
}

static inline vwmask vwm_or(vwmask a, vwmask b) { return (vwmask)(a | b); }
static inline vwmask vwm_and(vwmask a, vwmask b) { return (vwmask)(a & b); }
static inline int vwm_any(vwmask m) { return m != 0; }
/* The quieting of NaNs is three masked operations a vector here, and the
 * maps' NaN-free blocks (word_kernels.h) measured slower on Zen 5 at 16K
 * words (L2: relu forward bf16 0.74-0.92x) though faster at 1K (1.1-1.2x):
 * not taken. */
#define VW_PLAIN_BLOCKS 0
static inline vword vw_zero_where(vwmask m, vword v)
{
    return _mm512_mask_mov_epi16(v, m, _mm512_setzero_si512());
}
static inline vword vw_keep_where(vwmask m, vword v) { return _mm512_maskz_mov_epi16(m, v); }
static inline vword vw_or_where(vwmask m, vword v, vword w)
{
    return _mm512_mask_mov_epi16(v, m, _mm512_or_si512(v, w));
}

/* The first n words, 0 < n < VWLEN: masked, so the lanes past n are never
 * touched (AVX-512 suppresses faults on masked-off lanes). */
#define VW_HAS_PART 1
static inline vwmask vw_first(size_t n) { return (vwmask)((1ull << n) - 1u); }
static inline vword vw_load_part(const uint16_t *p, size_t n)
{
    return rectify_maskz_loadu_epi16(vw_first(n), p);
}
static inline void vw_store_part(uint16_t *p, vword v, size_t n)
{
    rectify_mask_storeu_epi16(p, vw_first(n), v);
}

/* Non-temporal: p aligned to 64 bytes; vf_stream_fence orders them. */
#define VW_HAS_STREAM 1
static inline void vw_store_stream(uint16_t *p, vword v) { rectify_stream_si512((void *)p, v); }

#endif
