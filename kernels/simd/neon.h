/* The vector layer on AArch64 Advanced SIMD (NEON): 4 lanes. */
#ifndef RECTIFY_SIMD_NEON_H
#define RECTIFY_SIMD_NEON_H

#include <arm_neon.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef float32x4_t vfloat;
typedef uint32x4_t vmask; /* all ones or all zeros per lane, as the compares give */
#define VLEN 4

/* ---- memory ---------------------------------------------------------- */

static inline vfloat vf_load(const float *p) { return vld1q_f32(p); }
static inline void vf_store(float *p, vfloat v) { vst1q_f32(p, v); }
/* Advanced SIMD has no masked load or store: go through a stack vector,
 * copying only the n floats that belong to the caller. */
static inline vfloat vf_load_part(const float *p, size_t n)
{
    float lanes[VLEN] = {0};
    memcpy(lanes, p, n * sizeof(float));
    return vld1q_f32(lanes);
}
static inline void vf_store_part(float *p, vfloat v, size_t n)
{
    float lanes[VLEN];
    vst1q_f32(lanes, v);
    memcpy(p, lanes, n * sizeof(float));
}

/* ---- float arithmetic ------------------------------------------------ */

static inline vfloat vf_set1(float f) { return vdupq_n_f32(f); }
static inline vfloat vf_zero(void) { return vdupq_n_f32(0.0f); }
static inline vfloat vf_add(vfloat a, vfloat b) { return vaddq_f32(a, b); }
static inline vfloat vf_sub(vfloat a, vfloat b) { return vsubq_f32(a, b); }
static inline vfloat vf_mul(vfloat a, vfloat b) { return vmulq_f32(a, b); }

/* Not vmaxq_f32/vminq_f32: those return NaN when either lane is NaN (the
 * default NaN with FPCR.DN, otherwise a quietened operand) and order the
 * zeros (max(+0, -0) = +0), and the vmaxnm forms return the number. The
 * layer's contract is the x86 rule `a > b ? a : b`, a compare and a bit
 * select, so a NaN or a tie of zeros gives b with its bits unchanged. */
static inline vfloat vf_max(vfloat a, vfloat b) { return vbslq_f32(vcgtq_f32(a, b), a, b); }
static inline vfloat vf_min(vfloat a, vfloat b) { return vbslq_f32(vcltq_f32(a, b), a, b); }

/* ---- comparisons and masks ------------------------------------------- */

/* FCMGT/FCMGE are ordered: a NaN lane compares false. */
static inline vmask vf_lt(vfloat a, vfloat b) { return vcltq_f32(a, b); }
static inline vmask vf_le(vfloat a, vfloat b) { return vcleq_f32(a, b); }
static inline vmask vf_gt(vfloat a, vfloat b) { return vcgtq_f32(a, b); }
static inline vmask vm_and(vmask m, vmask k) { return vandq_u32(m, k); }
/* Clang folds select(m, a * b, a) into a * select(m, b, 1), which quiets a
 * signalling NaN that should pass unchanged (dy where x > 0, backward): an
 * empty asm on each operand hides where it came from. No instruction. */
#ifdef __clang__
#define VF_OPAQUE(v) __asm__("" : "+w"(v))
#else
#define VF_OPAQUE(v) ((void)0)
#endif
static inline vfloat vf_select(vmask m, vfloat a, vfloat b)
{
    VF_OPAQUE(a);
    VF_OPAQUE(b);
    return vbslq_f32(m, a, b);
}

/* ---- ahead of the ops that need them ---------------------------------- */

/* a * b + c with one rounding (FMLA): FMA is architectural in AArch64. */
#define VF_HAS_FMA         1
#define VF_HAS_MERGE_MASKS 0
static inline vfloat vf_fma(vfloat a, vfloat b, vfloat c) { return vfmaq_f32(c, a, b); }

static inline vfloat vf_neg(vfloat a) { return vnegq_f32(a); } /* FNEG: the sign bit only */

/* ---- Philox lanes (see README.md): two 64-bit lanes, blocks in order ------ */

typedef uint64x2_t vphilox;
typedef uint32x4_t vint;
#define ULEN 2

static inline vphilox vp_set1(uint32_t w) { return vreinterpretq_u64_u32(vdupq_n_u32(w)); }
static inline vphilox vp_set1_64(uint64_t v) { return vdupq_n_u64(v); }
static inline vphilox vp_blocks(uint64_t b)
{
    return vcombine_u64(vcreate_u64(b), vcreate_u64(b + 1));
}
static inline vphilox vp_add64(vphilox a, vphilox b) { return vaddq_u64(a, b); }
static inline vphilox vp_xor(vphilox a, vphilox b) { return veorq_u64(a, b); }
static inline vphilox vp_xor3(vphilox a, vphilox b, vphilox c)
{
    return veorq_u64(veorq_u64(a, b), c);
}
/* UMULL on the narrowed low halves: the full 64-bit product per lane. */
static inline vphilox vp_mul32(vphilox a, vphilox b)
{
    return vmull_u32(vmovn_u64(a), vmovn_u64(b));
}
static inline vphilox vp_hi32(vphilox a) { return vshrq_n_u64(a, 32); }
static inline void vp_pack(vphilox w0, vphilox w1, vphilox w2, vphilox w3, vint out[2])
{
    uint32x2_t n0 = vmovn_u64(w0), n1 = vmovn_u64(w1), n2 = vmovn_u64(w2), n3 = vmovn_u64(w3);
    out[0] = vcombine_u32(vzip1_u32(n0, n1), vzip1_u32(n2, n3));
    out[1] = vcombine_u32(vzip2_u32(n0, n1), vzip2_u32(n2, n3));
}
static inline vfloat vi_as_float(vint w) { return vreinterpretq_f32_u32(w); }
/* (w >> 8) < 2^24 converts exactly. */
static inline vfloat vi_top24(vint w) { return vcvtq_f32_u32(vshrq_n_u32(w, 8)); }

/* ---- float bits as 32-bit integers (the inline exponential, simd/exp.h) --- */
static inline vint vf_as_int(vfloat v) { return vreinterpretq_u32_f32(v); }
static inline vint vi_set1(uint32_t w) { return vdupq_n_u32(w); }
static inline vint vi_add(vint a, vint b) { return vaddq_u32(a, b); }
static inline vint vi_and(vint a, vint b) { return vandq_u32(a, b); }
static inline vint vi_xor(vint a, vint b) { return veorq_u32(a, b); }
static inline vint vi_or(vint a, vint b) { return vorrq_u32(a, b); }
static inline vint vi_shl23(vint a) { return vshlq_n_u32(a, 23); }

/* ---- doubles, two halves of a vfloat (FMA-free products, exponential.c) ---- */
typedef float64x2_t vdouble;
static inline vdouble vd_set1(double d) { return vdupq_n_f64(d); }
static inline vdouble vd_add(vdouble a, vdouble b) { return vaddq_f64(a, b); }
static inline vdouble vd_mul(vdouble a, vdouble b) { return vmulq_f64(a, b); }
static inline vdouble vf_widen_lo(vfloat a) { return vcvt_f64_f32(vget_low_f32(a)); }
static inline vdouble vf_widen_hi(vfloat a) { return vcvt_high_f64_f32(a); }
static inline vfloat vd_narrow(vdouble lo, vdouble hi)
{
    return vcvt_high_f32_f64(vcvt_f32_f64(lo), hi);
}

/* ---- exponentials (ELU, SELU) ----------------------------------------------
 * The default kernels inline their own (simd/exp.h) on the FMA. The
 * deterministic ones use SLEEF's FMA-free cinz_ advsimdnofma functions, the
 * same bits as every other ISA's cinz_ functions. */
#include <sleef.h>

static inline int vm_any(vmask m) { return vmaxvq_u32(m) != 0; }
static inline int vm_count(vmask m) { return (int)vaddvq_u32(vshrq_n_u32(m, 31)); }
static inline vfloat vf_exp_det(vfloat x) { return Sleef_cinz_expf4_u10advsimdnofma(x); }
static inline vfloat vf_expm1_det(vfloat x) { return Sleef_cinz_expm1f4_u10advsimdnofma(x); }

/* ---- packing selected lanes (the deterministic kernels, exponential.c) ----
 * vf_compress writes the lanes of v selected by m, in lane order, to dst
 * and returns how many; vf_expand is its inverse: old with the lanes of m
 * replaced, in order, by src[0], src[1], ... Either may touch all VLEN
 * floats: the caller leaves that room. Lane by lane, without branches. */
static inline size_t vf_compress(float *dst, vmask m, vfloat v)
{
    float lanes[VLEN];
    uint32_t bits[VLEN];
    size_t count = 0;
    vst1q_f32(lanes, v);
    vst1q_u32(bits, m);
    for (int i = 0; i < VLEN; i++) {
        dst[count] = lanes[i];
        count += bits[i] & 1u;
    }
    return count;
}
/* Lane l takes src[the selected lanes below l], each lane's load made
 * whether selected or not: no branch on the data, which the sign of x makes
 * unpredictable. */
static inline vfloat vf_expand(const float *src, vmask m, vfloat old)
{
    uint32_t bits[VLEN];
    vst1q_u32(bits, m);
    uint32_t b0 = bits[0] & 1u, b1 = bits[1] & 1u, b2 = bits[2] & 1u;
    const float got[VLEN] = {src[0], src[b0], src[b0 + b1], src[b0 + b1 + b2]};
    return vbslq_f32(m, vld1q_f32(got), old);
}

/* Vectors the inline exponential (simd/exp.h) works on at once. */
#ifndef VF_EXP_UNROLL
#define VF_EXP_UNROLL 4
#endif

/* ---- non-temporal stores (buffers past the last-level cache, src/parallel.c) ----
 * none here: ordinary stores. */
#define VF_HAS_STREAM 0
static inline void vf_store_stream(float *p, vfloat v) { vf_store(p, v); }
static inline void vf_stream_fence(void) {}

/* ---- the storage types (bf16, fp16: kernels/storage.h) ------------------
 * fp16 through FCVTL/FCVTN (which round in FPCR's mode: to nearest even
 * unless the caller changed it); bf16 is the top half of a float: widening
 * shifts it up (USHLL), narrowing rounds in the integer lanes
 * (kernels/half_bits.h's rule) and keeps the top halves (SHRN). */
#define VH_F16_CONVERSION "fcvtl/fcvtn"
#define VH_BF16_NARROWING "integer rounding"
static inline vfloat vh_load_bf16(const uint16_t *p)
{
    return vreinterpretq_f32_u32(vshll_n_u16(vld1_u16(p), 16));
}
/* v's bits rounded to bf16 in the top half of each lane (the low half
 * left over). */
static inline uint32x4_t rectify_neon_bf16_round(vfloat v)
{
    uint32x4_t u = vreinterpretq_u32_f32(v);
    uint32x4_t odd = vandq_u32(vshrq_n_u32(u, 16), vdupq_n_u32(1));
    uint32x4_t r = vaddq_u32(u, vaddq_u32(vdupq_n_u32(0x7fff), odd));
    uint32x4_t q = vorrq_u32(u, vdupq_n_u32(0x400000));
    return vbslq_u32(vceqq_f32(v, v), r, q); /* v == v: not NaN */
}
static inline void vh_store_bf16(uint16_t *p, vfloat v)
{
    vst1_u16(p, vshrn_n_u32(rectify_neon_bf16_round(v), 16));
}
/* 2 * VLEN bf16 as two vectors, the even elements and the odd ones: a
 * shift and a mask; the store's shift-right-and-insert merges them back
 * (kernels/storage.h's pairs). */
#define VH_BF16_PAIRS 1
static inline void vh_load_bf16_pair(const uint16_t *p, vfloat *even, vfloat *odd)
{
    uint32x4_t w = vreinterpretq_u32_u16(vld1q_u16(p));
    *even = vreinterpretq_f32_u32(vshlq_n_u32(w, 16));
    *odd = vreinterpretq_f32_u32(vandq_u32(w, vdupq_n_u32(0xffff0000u)));
}
static inline void vh_store_bf16_pair(uint16_t *p, vfloat even, vfloat odd)
{
    uint32x4_t w = vsriq_n_u32(rectify_neon_bf16_round(odd), rectify_neon_bf16_round(even), 16);
    vst1q_u16(p, vreinterpretq_u16_u32(w));
}
static inline vfloat vh_load_f16(const uint16_t *p)
{
    return vcvt_f32_f16(vreinterpret_f16_u16(vld1_u16(p)));
}
static inline void vh_store_f16(uint16_t *p, vfloat v)
{
    vst1_u16(p, vreinterpret_u16_f16(vcvt_f16_f32(v)));
}

/* ---- 16-bit words (kernels/words.h) ------------------------------------ */
typedef uint16x8_t vword;
#define VWLEN 8
static inline vword vw_load(const uint16_t *p) { return vld1q_u16(p); }
static inline void vw_store(uint16_t *p, vword v) { vst1q_u16(p, v); }
static inline vword vw_set1(uint16_t w) { return vdupq_n_u16(w); }
static inline vword vw_and(vword a, vword b) { return vandq_u16(a, b); }
static inline vword vw_or(vword a, vword b) { return vorrq_u16(a, b); }
static inline vword vw_andnot(vword m, vword b) { return vbicq_u16(b, m); }
static inline vword vw_gt(vword a, vword b)
{
    return vcgtq_s16(vreinterpretq_s16_u16(a), vreinterpretq_s16_u16(b));
}
static inline vword vw_eq(vword a, vword b) { return vceqq_u16(a, b); }
static inline vword vw_min(vword a, vword b)
{
    return vreinterpretq_u16_s16(vminq_s16(vreinterpretq_s16_u16(a), vreinterpretq_s16_u16(b)));
}
static inline vword vw_max(vword a, vword b)
{
    return vreinterpretq_u16_s16(vmaxq_s16(vreinterpretq_s16_u16(a), vreinterpretq_s16_u16(b)));
}
static inline int vwm_any(vword m) { return vmaxvq_u16(m) != 0; }
#define VW_PLAIN_BLOCKS 1
static inline vword vw_sub(vword a, vword b) { return vsubq_u16(a, b); }
static inline vword vw_select(vword m, vword a, vword b) { return vbslq_u16(m, a, b); }
#define VW_HAS_STREAM 0
static inline void vw_store_stream(uint16_t *p, vword v) { vw_store(p, v); }

#endif
