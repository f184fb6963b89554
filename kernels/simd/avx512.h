/* The vector layer on AVX-512F: 16 lanes, k-mask tails.
 * With RECTIFY_SIMDE defined it is built on SIMDe's portable implementation
 * of the same intrinsics, so the AVX-512 kernels' logic (masks, tails, NaN
 * rules) is tested on CPUs without AVX-512. */
#ifndef RECTIFY_SIMD_AVX512_H
#define RECTIFY_SIMD_AVX512_H

#include <stddef.h>

#ifdef RECTIFY_SIMDE
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/x86/avx512.h>
typedef simde__mmask16 vmask;
/* SIMDe 0.7 has no masked unaligned load or store; model the instructions
 * lane by lane: a masked-off lane is neither read nor written. */
static inline __m512 rectify_simde_maskz_loadu_ps(vmask k, const float *p)
{
    float lanes[16] = {0};
    for (int i = 0; i < 16; i++)
        if ((k >> i) & 1)
            lanes[i] = p[i];
    return _mm512_loadu_ps(lanes);
}
static inline void rectify_simde_mask_storeu_ps(float *p, vmask k, __m512 v)
{
    float lanes[16];
    _mm512_storeu_ps(lanes, v);
    for (int i = 0; i < 16; i++)
        if ((k >> i) & 1)
            p[i] = lanes[i];
}
/* SIMDe 0.7 has no expand either: lane by lane. */
static inline __m512 rectify_simde_mask_expand_ps(__m512 old, vmask k, __m512 v)
{
    float in[16], out[16];
    int next = 0;
    _mm512_storeu_ps(in, v);
    _mm512_storeu_ps(out, old);
    for (int i = 0; i < 16; i++)
        if ((k >> i) & 1)
            out[i] = in[next++];
    return _mm512_loadu_ps(out);
}
#define _mm512_mask_expand_ps rectify_simde_mask_expand_ps
/* SIMDe 0.7.4's native alias for this one is misspelt. */
#define _mm512_cvtepu32_ps    simde_mm512_cvtepu32_ps
#define _mm512_maskz_loadu_ps rectify_simde_maskz_loadu_ps
#define _mm512_mask_storeu_ps rectify_simde_mask_storeu_ps
#else
#include <immintrin.h>
typedef __mmask16 vmask;
#endif

typedef __m512 vfloat;
#define VLEN 16

static inline vmask rectify_avx512_mask(size_t n) { return (vmask)((1u << n) - 1u); }

static inline vfloat vf_load(const float *p) { return _mm512_loadu_ps(p); }
static inline void vf_store(float *p, vfloat v) { _mm512_storeu_ps(p, v); }
/* Masked-off lanes are neither read nor written, and do not fault. */
static inline vfloat vf_load_part(const float *p, size_t n)
{
    return _mm512_maskz_loadu_ps(rectify_avx512_mask(n), p);
}
static inline void vf_store_part(float *p, vfloat v, size_t n)
{
    _mm512_mask_storeu_ps(p, rectify_avx512_mask(n), v);
}

static inline vfloat vf_set1(float f) { return _mm512_set1_ps(f); }
static inline vfloat vf_zero(void) { return _mm512_setzero_ps(); }
static inline vfloat vf_add(vfloat a, vfloat b) { return _mm512_add_ps(a, b); }
static inline vfloat vf_sub(vfloat a, vfloat b) { return _mm512_sub_ps(a, b); }
static inline vfloat vf_mul(vfloat a, vfloat b) { return _mm512_mul_ps(a, b); }
static inline vfloat vf_max(vfloat a, vfloat b) { return _mm512_max_ps(a, b); }
static inline vfloat vf_min(vfloat a, vfloat b) { return _mm512_min_ps(a, b); }
static inline vmask vf_lt(vfloat a, vfloat b) { return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ); }
static inline vmask vf_le(vfloat a, vfloat b) { return _mm512_cmp_ps_mask(a, b, _CMP_LE_OQ); }
static inline vmask vf_gt(vfloat a, vfloat b) { return _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ); }
static inline vmask vm_and(vmask m, vmask k) { return (vmask)(m & k); }
/* Clang folds select(m, a * b, a) into a * select(m, b, 1), which quiets a
 * signalling NaN that should pass unchanged (dy where x > 0, backward): an
 * empty asm on each operand hides where it came from. No instruction. */
#if defined(__clang__) && defined(RECTIFY_SIMDE)
#define VF_OPAQUE(v) __asm__("" : "+m"(v))
#elif defined(__clang__)
#define VF_OPAQUE(v) __asm__("" : "+v"(v))
#else
#define VF_OPAQUE(v) ((void)0)
#endif
static inline vfloat vf_select(vmask m, vfloat a, vfloat b)
{
    VF_OPAQUE(a);
    VF_OPAQUE(b);
    return _mm512_mask_blend_ps(m, b, a);
}
/* Merge masking: m ? a - b : c, m ? a * b : c and m ? a * b + c : c, the
 * blend free. */
#define VF_HAS_MERGE_MASKS 1
static inline vfloat vf_sub_where(vmask m, vfloat a, vfloat b, vfloat c)
{
    return _mm512_mask_sub_ps(c, m, a, b);
}
static inline vfloat vf_mul_where(vmask m, vfloat a, vfloat b, vfloat c)
{
    return _mm512_mask_mul_ps(c, m, a, b);
}

/* ---- Philox lanes (see README.md): eight 64-bit lanes --------------------- */
#include <stdint.h>

typedef __m512i vphilox;
typedef __m512i vint;
#define ULEN 8

static inline vphilox vp_set1(uint32_t w) { return _mm512_set1_epi32((int32_t)w); }
static inline vphilox vp_set1_64(uint64_t v) { return _mm512_set1_epi64((int64_t)v); }
/* vp_pack's in-lane unpacks put 64-bit lanes 0, 2, 4, 6 in out[0] and 1, 3,
 * 5, 7 in out[1]; this order makes that the blocks' order. */
static inline vphilox vp_blocks(uint64_t b)
{
    return _mm512_set_epi64((int64_t)(b + 7), (int64_t)(b + 3), (int64_t)(b + 6), (int64_t)(b + 2),
                            (int64_t)(b + 5), (int64_t)(b + 1), (int64_t)(b + 4), (int64_t)b);
}
static inline vphilox vp_add64(vphilox a, vphilox b) { return _mm512_add_epi64(a, b); }
/* 0x96 is the truth table of a ^ b ^ c. */
static inline vphilox vp_xor(vphilox a, vphilox b) { return _mm512_xor_si512(a, b); }
static inline vphilox vp_xor3(vphilox a, vphilox b, vphilox c)
{
    return _mm512_ternarylogic_epi64(a, b, c, 0x96);
}
static inline vphilox vp_mul32(vphilox a, vphilox b) { return _mm512_mul_epu32(a, b); }
#ifdef RECTIFY_SIMDE
/* SIMDe 0.7 has no _mm512_shuffle_epi32. */
static inline vphilox vp_hi32(vphilox a) { return _mm512_srli_epi64(a, 32); }
#else
static inline vphilox vp_hi32(vphilox a) { return _mm512_shuffle_epi32(a, _MM_PERM_DDBB); }
#endif
static inline void vp_pack(vphilox w0, vphilox w1, vphilox w2, vphilox w3, vint out[2])
{
    __m512i a = _mm512_unpacklo_epi32(w0, w1), b = _mm512_unpacklo_epi32(w2, w3);
    __m512i c = _mm512_unpackhi_epi32(w0, w1), d = _mm512_unpackhi_epi32(w2, w3);
    out[0] = _mm512_unpacklo_epi64(a, b);
    out[1] = _mm512_unpacklo_epi64(c, d);
}
static inline vfloat vi_as_float(vint w) { return _mm512_castsi512_ps(w); }
/* (w >> 8) < 2^24 converts exactly either way; SIMDe 0.7 has only the
 * unsigned conversion. */
static inline vfloat vi_top24(vint w) { return _mm512_cvtepu32_ps(_mm512_srli_epi32(w, 8)); }
static inline vfloat vf_neg(vfloat a)
{
    return _mm512_castsi512_ps(
        _mm512_xor_si512(_mm512_castps_si512(a), _mm512_set1_epi32((int32_t)0x80000000u)));
}

/* ---- float bits as 32-bit integers (the inline exponential, simd/exp.h) --- */
static inline vint vf_as_int(vfloat v) { return _mm512_castps_si512(v); }
static inline vint vi_set1(uint32_t w) { return _mm512_set1_epi32((int32_t)w); }
static inline vint vi_add(vint a, vint b) { return _mm512_add_epi32(a, b); }
static inline vint vi_and(vint a, vint b) { return _mm512_and_si512(a, b); }
static inline vint vi_xor(vint a, vint b) { return _mm512_xor_si512(a, b); }
static inline vint vi_or(vint a, vint b) { return _mm512_or_si512(a, b); }
static inline vint vi_shl23(vint a) { return _mm512_slli_epi32(a, 23); }

/* ---- doubles, two halves of a vfloat (FMA-free products, exponential.c) ---- */
typedef __m512d vdouble;
static inline vdouble vd_set1(double d) { return _mm512_set1_pd(d); }
static inline vdouble vd_add(vdouble a, vdouble b) { return _mm512_add_pd(a, b); }
static inline vdouble vd_mul(vdouble a, vdouble b) { return _mm512_mul_pd(a, b); }
#ifdef RECTIFY_SIMDE
/* SIMDe 0.7 has no float <-> double conversions at this width: lane by lane
 * (the same conversions, exact widening and one rounding). */
static inline vdouble rectify_simde_widen(vfloat a, int half)
{
    float l[16];
    double d[8];
    _mm512_storeu_ps(l, a);
    for (int i = 0; i < 8; i++)
        d[i] = (double)l[8 * half + i];
    return _mm512_loadu_pd(d);
}
static inline vdouble vf_widen_lo(vfloat a) { return rectify_simde_widen(a, 0); }
static inline vdouble vf_widen_hi(vfloat a) { return rectify_simde_widen(a, 1); }
static inline vfloat vd_narrow(vdouble lo, vdouble hi)
{
    double d[16];
    float l[16];
    _mm512_storeu_pd(d, lo);
    _mm512_storeu_pd(d + 8, hi);
    for (int i = 0; i < 16; i++)
        l[i] = (float)d[i];
    return _mm512_loadu_ps(l);
}
#else
static inline vdouble vf_widen_lo(vfloat a) { return _mm512_cvtps_pd(_mm512_castps512_ps256(a)); }
static inline vdouble vf_widen_hi(vfloat a)
{
    return _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(a), 1)));
}
static inline vfloat vd_narrow(vdouble lo, vdouble hi)
{
    __m512d l = _mm512_castps_pd(_mm512_castps256_ps512(_mm512_cvtpd_ps(lo)));
    return _mm512_castpd_ps(_mm512_insertf64x4(l, _mm256_castps_pd(_mm512_cvtpd_ps(hi)), 1));
}
#endif

/* ---- exponentials (ELU, SELU) ----------------------------------------------
 * The default kernels inline their own (simd/exp.h) on the FMA. The
 * deterministic ones use SLEEF's FMA-free cinz_ avx512fnofma functions, the
 * same bits as every other ISA's cinz_. */
#define VF_HAS_FMA 1
static inline int vm_any(vmask m) { return m != 0; }
static inline int vm_count(vmask m) { return __builtin_popcount((unsigned)m); }

#ifdef RECTIFY_SIMDE
/* SIMDe has no SLEEF: stand in lane by lane with SLEEF's scalar cinz_
 * functions (the same bits), and with fmaf for the fused multiply-add SIMDe
 * would otherwise round twice. */
#include <math.h>
/* sleef.h pulls in the compiler's x86 intrinsics, which clash with SIMDe's
 * native aliases: declare the scalar functions used here instead. */
float Sleef_cinz_expf1_u10purec(float);
float Sleef_cinz_expm1f1_u10purec(float);
double Sleef_cinz_expd1_u10purec(double);

static inline vfloat rectify_simde_map(vfloat x, float (*f)(float))
{
    float lanes[16];
    _mm512_storeu_ps(lanes, x);
    for (int i = 0; i < 16; i++)
        lanes[i] = f(lanes[i]);
    return _mm512_loadu_ps(lanes);
}
static inline vfloat vf_fma(vfloat a, vfloat b, vfloat c)
{
    float la[16], lb[16], lc[16];
    _mm512_storeu_ps(la, a);
    _mm512_storeu_ps(lb, b);
    _mm512_storeu_ps(lc, c);
    for (int i = 0; i < 16; i++)
        la[i] = fmaf(la[i], lb[i], lc[i]);
    return _mm512_loadu_ps(la);
}
static inline vfloat vf_fma_where(vmask m, vfloat a, vfloat b, vfloat c)
{
    return _mm512_mask_mov_ps(c, m, vf_fma(a, b, c)); /* SIMDe 0.7 has no mask3_fmadd */
}
static inline vfloat vf_exp_det(vfloat x)
{
    return rectify_simde_map(x, Sleef_cinz_expf1_u10purec);
}
static inline vfloat vf_expm1_det(vfloat x)
{
    return rectify_simde_map(x, Sleef_cinz_expm1f1_u10purec);
}
#else
#include <sleef.h>
static inline vfloat vf_fma(vfloat a, vfloat b, vfloat c) { return _mm512_fmadd_ps(a, b, c); }
/* Merge-masked: the blend comes free with the operation. */
static inline vfloat vf_fma_where(vmask m, vfloat a, vfloat b, vfloat c)
{
    return _mm512_mask3_fmadd_ps(a, b, c, m);
}
static inline vfloat vf_exp_det(vfloat x) { return Sleef_cinz_expf16_u10avx512fnofma(x); }
static inline vfloat vf_expm1_det(vfloat x) { return Sleef_cinz_expm1f16_u10avx512fnofma(x); }
#endif

/* ---- packing selected lanes (the deterministic kernels, exponential.c) ----
 * vf_compress writes the lanes of v selected by m, in lane order, to dst
 * and returns how many; vf_expand is its inverse: old with the lanes of m
 * replaced, in order, by src[0], src[1], ... Each moves all VLEN floats
 * (the caller leaves that room): a compress or expand in a register and a
 * plain store or load, not the memory forms, which are slow on some CPUs. */
static inline size_t vf_compress(float *dst, vmask m, vfloat v)
{
    _mm512_storeu_ps(dst, _mm512_maskz_compress_ps(m, v));
    unsigned c = m;
    c = c - ((c >> 1) & 0x5555u);
    c = (c & 0x3333u) + ((c >> 2) & 0x3333u);
    c = (c + (c >> 4)) & 0x0f0fu;
    return (c + (c >> 8)) & 0x1fu;
}
static inline vfloat vf_expand(const float *src, vmask m, vfloat old)
{
    return _mm512_mask_expand_ps(old, m, _mm512_loadu_ps(src));
}

/* Vectors the inline exponential (simd/exp.h) works on at once. */
#ifndef VF_EXP_UNROLL
#define VF_EXP_UNROLL 8
#endif

/* ---- non-temporal stores (buffers past the last-level cache, src/parallel.c) ----
 * p must be aligned to VLEN floats. The fence orders them before the
 * kernel returns. */
#define VF_HAS_STREAM 1
#ifdef RECTIFY_SIMDE
static inline void vf_store_stream(float *p, vfloat v) { _mm512_storeu_ps(p, v); }
static inline void vf_stream_fence(void) {}
#else
static inline void vf_store_stream(float *p, vfloat v) { _mm512_stream_ps(p, v); }
static inline void vf_stream_fence(void) { _mm_sfence(); }
#endif

/* ---- the storage types (bf16, fp16: kernels/storage.h) ------------------
 * fp16 through AVX-512F's VCVTPH2PS/VCVTPS2PH (round-to-nearest-even in the
 * instruction); bf16 is the top half of a float: widening shifts it up,
 * narrowing rounds in the integer lanes (kernels/half_bits.h's rule), or
 * with AVX512_BF16 where the CPU has it (vh_store_bf16x2_native below).
 * The SIMDe build converts lane by lane. */
#ifdef RECTIFY_SIMDE
#define VH_GENERIC_BF16 1
#define VH_GENERIC_F16  1
#else
#define VH_F16_CONVERSION "AVX-512F vcvtph2ps/vcvtps2ph (zmm)"
static inline vfloat vh_load_bf16(const uint16_t *p)
{
    __m512i w = _mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)(const void *)p));
    return _mm512_castsi512_ps(_mm512_slli_epi32(w, 16));
}
#define VH_BF16_NARROWING "integer rounding"
/* v's bits rounded to bf16 in the top half of each lane (the low half
 * left over). */
static inline __m512i rectify_avx512_bf16_round_ordered(vfloat v) /* no NaN lane */
{
    __m512i u = _mm512_castps_si512(v);
    __m512i odd = _mm512_and_si512(_mm512_srli_epi32(u, 16), _mm512_set1_epi32(1));
    return _mm512_add_epi32(u, _mm512_add_epi32(_mm512_set1_epi32(0x7fff), odd));
}
static inline __m512i rectify_avx512_bf16_round(vfloat v)
{
    __mmask16 nan = _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
    return _mm512_mask_or_epi32(rectify_avx512_bf16_round_ordered(v), nan, _mm512_castps_si512(v),
                                _mm512_set1_epi32(0x400000));
}
static inline void vh_store_bf16(uint16_t *p, vfloat v)
{
    __m512i r = _mm512_srli_epi32(rectify_avx512_bf16_round(v), 16);
    _mm256_storeu_si256((__m256i *)(void *)p, _mm512_cvtepi32_epi16(r));
}
/* 2 * VLEN bf16 as two vectors, the even elements and the odd ones: a
 * shift and a mask, no lane crossing (kernels/storage.h's pairs). */
#define VH_BF16_PAIRS     1
static inline void vh_load_bf16_pair(const uint16_t *p, vfloat *even, vfloat *odd)
{
    __m512i w = _mm512_loadu_si512((const void *)p);
    *even = _mm512_castsi512_ps(_mm512_slli_epi32(w, 16));
    *odd = _mm512_castsi512_ps(_mm512_and_si512(w, _mm512_set1_epi32((int)0xffff0000u)));
}
/* Without a NaN among the two vectors' lanes (one unordered compare of
 * the one with the other finds any), the rounding needs no NaN merge. */
static inline void vh_store_bf16_pair(uint16_t *p, vfloat even, vfloat odd)
{
    __m512i e, o;
    if (__builtin_expect(_mm512_cmp_ps_mask(even, odd, _CMP_UNORD_Q) == 0, 1)) {
        e = rectify_avx512_bf16_round_ordered(even);
        o = rectify_avx512_bf16_round_ordered(odd);
    } else {
        e = rectify_avx512_bf16_round(even);
        o = rectify_avx512_bf16_round(odd);
    }
    e = _mm512_srli_epi32(e, 16);
    /* 0xca: the first operand's bits choose the second's, else the third's. */
    __m512i w = _mm512_ternarylogic_epi32(_mm512_set1_epi32((int)0xffff0000u), o, e, 0xca);
    _mm512_storeu_si512((void *)p, w);
}
/* With AVX512_BF16: VCVTNE2PS2BF16 narrows two vectors in one instruction,
 * rounding to nearest even and quieting NaNs as kernels/half_bits.h does,
 * but it reads subnormal inputs as zero; a pair with a subnormal lane takes
 * the integer rounding instead (a float that is not subnormal never rounds
 * to a subnormal bf16: they share the exponent range). The maps call it
 * only where rectify_cpu_bf16_insn() says the CPU has it
 * (kernels/storage.h). The instruction is written in assembly, not through
 * -mavx512bf16: that flag implies AVX512BW to the compiler, which then may
 * (and GCC 12 does) use AVX512BW encodings anywhere in the object, on a
 * set that asks the CPU for AVX-512F only (tests/no_bw.sh checks). */
#define VH_BF16_NATIVE    1
static inline void vh_store_bf16x2_native(uint16_t *p, vfloat a, vfloat b)
{
    __m512i ua = _mm512_castps_si512(a), ub = _mm512_castps_si512(b);
    __m512i exponent = _mm512_set1_epi32(0x7f800000), mantissa = _mm512_set1_epi32(0x7fffff);
    __mmask16 sa = _mm512_mask_test_epi32_mask(_mm512_testn_epi32_mask(ua, exponent), ua, mantissa);
    __mmask16 sb = _mm512_mask_test_epi32_mask(_mm512_testn_epi32_mask(ub, exponent), ub, mantissa);
    if (__builtin_expect((sa | sb) != 0, 0)) {
        vh_store_bf16(p, a);
        vh_store_bf16(p + VLEN, b);
        return;
    }
    /* AT&T order: the last source, a, fills the low 16 words; b the high. */
    __m512i r;
    __asm__("vcvtne2ps2bf16 %2, %1, %0" : "=v"(r) : "v"(b), "v"(a));
    _mm512_storeu_si512((void *)p, r);
}
static inline vfloat vh_load_f16(const uint16_t *p)
{
    return _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(const void *)p));
}
static inline void vh_store_f16(uint16_t *p, vfloat v)
{
    _mm256_storeu_si256((__m256i *)(void *)p,
                        _mm512_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
}
#endif

/* ---- 16-bit words (kernels/words.h): 256 bits wide, see words_avx2.h;
 * 512 in kernels/words_bw.c's objects (AVX512BW) ---- */
#ifdef RECTIFY_WORDS_BW
#include "words_avx512bw.h"
#else
#include "words_avx2.h"
#endif

#endif
