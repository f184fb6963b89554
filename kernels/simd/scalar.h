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
static inline vfloat vf_select(vmask m, vfloat a, vfloat b) { return m ? a : b; }

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
static inline vfloat vi_unit(vint w) { return (float)(int32_t)(w >> 8) * 0x1p-24f; }
static inline vfloat vf_neg(vfloat a) { return -a; }

/* ---- exponentials (ELU, SELU) ----------------------------------------------
 * SLEEF's scalar "purec" entry points: plain C, no FMA, any CPU. The default
 * and the deterministic (cinz_) families are the same code here. */
#include <sleef.h>

#define VF_HAS_FMA 0
static inline int vm_any(vmask m) { return m; }
static inline vfloat vf_exp(vfloat x) { return Sleef_expf1_u10purec(x); }
static inline vfloat vf_expm1(vfloat x) { return Sleef_expm1f1_u10purec(x); }
static inline vfloat vf_exp_det(vfloat x) { return Sleef_cinz_expf1_u10purec(x); }
static inline vfloat vf_expm1_det(vfloat x) { return Sleef_cinz_expm1f1_u10purec(x); }

#endif
