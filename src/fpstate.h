/*
 * The caller's floating-point control state: the rounding mode and
 * flush-to-zero / denormals-are-zero. On x86 that is MXCSR (the SSE and
 * AVX units; rectify uses no x87), on AArch64 FPCR; elsewhere the C
 * rounding mode alone.
 *
 * rectify never leaves it changed. The pool's threads take the caller's
 * state for the length of a call (parallel.c), so a split call computes
 * what one thread would. The exponential kernels are written for
 * round-to-nearest: ELU and SELU switch to it for the call, and back
 * (exponential.c); every other op computes in the caller's mode.
 */
#ifndef RECTIFY_FPSTATE_H
#define RECTIFY_FPSTATE_H

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>

typedef unsigned rectify_fpstate;
#define RECTIFY_FP_ROUNDING 0x6000u /* MXCSR.RC, bits 13-14; 0 is to nearest */
static inline rectify_fpstate rectify_fp_get(void) { return _mm_getcsr(); }
static inline void rectify_fp_set(rectify_fpstate s) { _mm_setcsr(s); }

#elif defined(__aarch64__)
#include <stdint.h>

typedef uint64_t rectify_fpstate;
#define RECTIFY_FP_ROUNDING 0xc00000u /* FPCR.RMode, bits 22-23; 0 is to nearest */
static inline rectify_fpstate rectify_fp_get(void)
{
    uint64_t s;
    __asm__ volatile("mrs %0, fpcr" : "=r"(s));
    return s;
}
static inline void rectify_fp_set(rectify_fpstate s)
{
    __asm__ volatile("msr fpcr, %0" : : "r"(s));
}

#else
#include <fenv.h>

/* Only the rounding mode, as fegetround() gives it (FE_TONEAREST is 0 on
 * every target this builds for; checked below). */
typedef int rectify_fpstate;
#define RECTIFY_FP_ROUNDING (~0)
static inline rectify_fpstate rectify_fp_get(void) { return fegetround(); }
static inline void rectify_fp_set(rectify_fpstate s) { fesetround(s); }
_Static_assert(FE_TONEAREST == 0, "rectify_fpstate: FE_TONEAREST is not 0 here");
#endif

/* s with its rounding mode set to round-to-nearest-even. */
static inline rectify_fpstate rectify_fp_nearest(rectify_fpstate s)
{
    return s & ~(rectify_fpstate)RECTIFY_FP_ROUNDING;
}

/* Returns `call`, run under round-to-nearest. The state is read once per
 * call (one instruction) and written only when the caller's rounding mode
 * is another. */
#define RETURN_NEAREST(call)                                                                       \
    do {                                                                                           \
        rectify_fpstate caller = rectify_fp_get(), nearest = rectify_fp_nearest(caller);           \
        if (caller != nearest)                                                                     \
            rectify_fp_set(nearest);                                                               \
        rectify_status s_ = (call);                                                                \
        if (caller != nearest)                                                                     \
            rectify_fp_set(caller);                                                                \
        return s_;                                                                                 \
    } while (0)

#endif
