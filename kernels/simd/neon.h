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
static inline vfloat vf_select(vmask m, vfloat a, vfloat b) { return vbslq_f32(m, a, b); }

/* ---- ahead of the ops that need them ---------------------------------- */
/* Not yet in the other layers or in kernels/simd/README.md; names and
 * signatures to be aligned when an op first uses them. */

/* a * b + c with one rounding (FMLA). */
static inline vfloat vf_fma(vfloat a, vfloat b, vfloat c) { return vfmaq_f32(c, a, b); }

/* 32-bit unsigned integer lanes, for counter-based random numbers. */
typedef uint32x4_t vuint;
static inline vuint vu_load(const uint32_t *p) { return vld1q_u32(p); }
static inline vuint vu_set1(uint32_t u) { return vdupq_n_u32(u); }
static inline vuint vu_add(vuint a, vuint b) { return vaddq_u32(a, b); }
static inline vuint vu_xor(vuint a, vuint b) { return veorq_u32(a, b); }
/* a >> s, logical, 0 <= s < 32: USHL shifts right for a negative count. */
static inline vuint vu_shr(vuint a, int s) { return vshlq_u32(a, vdupq_n_s32(-s)); }
/* The low and the high 32 bits of each lane's 64-bit product a * b. */
static inline vuint vu_mul_lo(vuint a, vuint b) { return vmulq_u32(a, b); }
static inline vuint vu_mul_hi(vuint a, vuint b)
{
    uint64x2_t lo = vmull_u32(vget_low_u32(a), vget_low_u32(b));
    uint64x2_t hi = vmull_high_u32(a, b);
    return vuzp2q_u32(vreinterpretq_u32_u64(lo), vreinterpretq_u32_u64(hi));
}
/* Rounded to nearest; exact below 2^24. */
static inline vfloat vu_to_float(vuint u) { return vcvtq_f32_u32(u); }

#endif
