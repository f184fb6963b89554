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
static inline void vf_store_part(float *p, vfloat v, size_t n) { if (n) *p = v; }

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
