/* The vector layer with one lane: plain C, runs on any CPU. */
#ifndef RECTIFY_SIMD_SCALAR_H
#define RECTIFY_SIMD_SCALAR_H

#include <stddef.h>

typedef float vfloat;
typedef int vmask;
#define VLEN 1

static inline vfloat vf_load(const float *p) { return *p; }
static inline void vf_store(float *p, vfloat v) { *p = v; }
/* With one lane there is never a partial vector; these exist so the shared
 * loops compile. */
static inline vfloat vf_load_part(const float *p, size_t n) { return n ? *p : 0.0f; }
static inline void vf_store_part(float *p, vfloat v, size_t n)
{
    if (n)
        *p = v;
}

static inline vfloat vf_set1(float f) { return f; }
static inline vfloat vf_zero(void) { return 0.0f; }
static inline vfloat vf_add(vfloat a, vfloat b) { return a + b; }
static inline vfloat vf_sub(vfloat a, vfloat b) { return a - b; }
static inline vfloat vf_mul(vfloat a, vfloat b) { return a * b; }
static inline vfloat vf_max(vfloat a, vfloat b) { return a > b ? a : b; }
static inline vfloat vf_min(vfloat a, vfloat b) { return a < b ? a : b; }
static inline vmask vf_lt(vfloat a, vfloat b) { return a < b; }
static inline vmask vf_le(vfloat a, vfloat b) { return a <= b; }
static inline vmask vf_gt(vfloat a, vfloat b) { return a > b; }
static inline vmask vm_and(vmask m, vmask k) { return m && k; }
/* Clang folds select(m, a * b, a) into a * select(m, b, 1), which quiets a
 * signalling NaN that should pass unchanged (dy where x > 0, backward): an
 * empty asm on each operand hides where it came from. No instruction. */
#if defined(__clang__) && (defined(__x86_64__) || defined(__i386__))
#define VF_OPAQUE(v) __asm__("" : "+x"(v))
#elif defined(__clang__) && defined(__aarch64__)
#define VF_OPAQUE(v) __asm__("" : "+w"(v))
#elif defined(__clang__)
#define VF_OPAQUE(v) __asm__("" : "+m"(v))
#else
#define VF_OPAQUE(v) ((void)0)
#endif
static inline vfloat vf_select(vmask m, vfloat a, vfloat b)
{
    VF_OPAQUE(a);
    VF_OPAQUE(b);
    return m ? a : b;
}

/* ---- Philox lanes (see README.md): one 64-bit lane ------------------------ */
#include <stdint.h>
#include <string.h>

typedef uint64_t vphilox;
typedef uint32_t vint;
#define ULEN 1

static inline vphilox vp_set1(uint32_t w) { return w; }
static inline vphilox vp_set1_64(uint64_t v) { return v; }
static inline vphilox vp_blocks(uint64_t b) { return b; }
static inline vphilox vp_add64(vphilox a, vphilox b) { return a + b; }
static inline vphilox vp_xor(vphilox a, vphilox b) { return a ^ b; }
static inline vphilox vp_xor3(vphilox a, vphilox b, vphilox c) { return a ^ b ^ c; }
static inline vphilox vp_mul32(vphilox a, vphilox b) { return (uint64_t)(uint32_t)a * (uint32_t)b; }
static inline vphilox vp_hi32(vphilox a) { return a >> 32; }
static inline void vp_pack(vphilox w0, vphilox w1, vphilox w2, vphilox w3, vint out[4])
{
    out[0] = (uint32_t)w0;
    out[1] = (uint32_t)w1;
    out[2] = (uint32_t)w2;
    out[3] = (uint32_t)w3;
}
static inline vfloat vi_as_float(vint w)
{
    float f;
    memcpy(&f, &w, sizeof f);
    return f;
}
static inline vfloat vi_top24(vint w) { return (float)(int32_t)(w >> 8); }
static inline vfloat vf_neg(vfloat a) { return -a; }

/* ---- float bits as 32-bit integers (the inline exponential, simd/exp.h) --- */
static inline vint vf_as_int(vfloat v)
{
    vint w;
    memcpy(&w, &v, sizeof w);
    return w;
}
static inline vint vi_set1(uint32_t w) { return w; }
static inline vint vi_add(vint a, vint b) { return a + b; }
static inline vint vi_and(vint a, vint b) { return a & b; }
static inline vint vi_xor(vint a, vint b) { return a ^ b; }
static inline vint vi_or(vint a, vint b) { return a | b; }
static inline vint vi_shl23(vint a) { return a << 23; }

/* ---- doubles, two halves of a vfloat (FMA-free products, exponential.c) ---- */
/* One lane: the low half is the lane, the high half is empty. */
typedef double vdouble;
static inline vdouble vd_set1(double d) { return d; }
static inline vdouble vd_add(vdouble a, vdouble b) { return a + b; }
static inline vdouble vd_mul(vdouble a, vdouble b) { return a * b; }
static inline vdouble vf_widen_lo(vfloat a) { return (double)a; }
static inline vdouble vf_widen_hi(vfloat a)
{
    (void)a;
    return 0.0;
}
static inline vfloat vd_narrow(vdouble lo, vdouble hi)
{
    (void)hi;
    return (float)lo;
}

/* ---- exponentials (ELU, SELU) ----------------------------------------------
 * The default kernels inline their own exponential (simd/exp.h). The
 * deterministic ones use SLEEF's scalar cinz_ "purec" functions: plain C,
 * no FMA, any CPU. */
#include <sleef.h>

/* A fused multiply-add where the target has one in hardware (AArch64;
 * __FP_FAST_FMAF says so): then the scalar kernels run the same FMA
 * arithmetic as the vector ones. x86-64's baseline has none, and fmaf would
 * be a slow library call there: the FMA-free forms are used instead. */
#ifdef __FP_FAST_FMAF
#define VF_HAS_FMA         1
#define VF_HAS_MERGE_MASKS 0
static inline vfloat vf_fma(vfloat a, vfloat b, vfloat c) { return __builtin_fmaf(a, b, c); }
#else
#define VF_HAS_FMA 0
#endif
static inline int vm_any(vmask m) { return m; }
static inline int vm_count(vmask m) { return m ? 1 : 0; }
static inline vfloat vf_exp_det(vfloat x) { return Sleef_cinz_expf1_u10purec(x); }
static inline vfloat vf_expm1_det(vfloat x) { return Sleef_cinz_expm1f1_u10purec(x); }

/* ---- packing selected lanes (the deterministic kernels, exponential.c) ----
 * vf_compress writes the lanes of v selected by m, in lane order, to dst
 * and returns how many; vf_expand is its inverse: old with the lanes of m
 * replaced, in order, by src[0], src[1], ... Either may touch all VLEN
 * floats: the caller leaves that room. */
static inline size_t vf_compress(float *dst, vmask m, vfloat v)
{
    dst[0] = v;
    return m ? 1 : 0;
}
static inline vfloat vf_expand(const float *src, vmask m, vfloat old) { return m ? src[0] : old; }

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
 * plain C, kernels/half_bits.h's definitions. */
#define VH_GENERIC_BF16 1
#define VH_GENERIC_F16  1

/* ---- 16-bit words (kernels/words.h): one lane; a mask is 0 or 0xffff ---- */
typedef uint16_t vword;
#define VWLEN 1
static inline vword vw_load(const uint16_t *p) { return *p; }
static inline void vw_store(uint16_t *p, vword v) { *p = v; }
static inline vword vw_set1(uint16_t w) { return w; }
static inline vword vw_and(vword a, vword b) { return (vword)(a & b); }
static inline vword vw_or(vword a, vword b) { return (vword)(a | b); }
static inline vword vw_andnot(vword m, vword b) { return (vword)(~m & b); }
static inline vword vw_gt(vword a, vword b) { return (int16_t)a > (int16_t)b ? 0xffffu : 0u; }
static inline vword vw_eq(vword a, vword b) { return a == b ? 0xffffu : 0u; }
static inline vword vw_min(vword a, vword b) { return (int16_t)a < (int16_t)b ? a : b; }
static inline vword vw_max(vword a, vword b) { return (int16_t)a > (int16_t)b ? a : b; }
static inline int vwm_any(vword m) { return m != 0; }
#define VW_PLAIN_BLOCKS 1
static inline vword vw_sub(vword a, vword b) { return (vword)(a - b); }
static inline vword vw_select(vword m, vword a, vword b) { return m ? a : b; }
#define VW_HAS_STREAM 0
static inline void vw_store_stream(uint16_t *p, vword v) { vw_store(p, v); }

#endif
