/*
 * Argument checks shared by every entry point, in DESIGN.md's order:
 * byte-count overflow, NULL with n > 0, a non-finite parameter, a partial
 * overlap of an output with an input. Nothing is written before they pass.
 */
#ifndef RECTIFY_CHECKS_H
#define RECTIFY_CHECKS_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "kernel.h"
#include "parallel.h"

/* The checks for elements of `es` bytes (4: float; 2: bf16 and fp16). */

/* n elements of `width` values each fit in size_t bytes. */
static inline int rectify_size_ok_es(size_t n, size_t width, size_t es)
{
    return n <= SIZE_MAX / es / width;
}

/* out (out_n elements) and in (in_n) share a byte, and are not the same
 * buffer exactly (in place, which every op allows). */
static inline int rectify_partial_overlap_es(const void *out, size_t out_n, const void *in,
                                             size_t in_n, size_t es)
{
    uintptr_t o = (uintptr_t)out, i = (uintptr_t)in;
    if (o == i && out_n == in_n)
        return 0;
    return o < i + in_n * es && i < o + out_n * es;
}
static inline int rectify_partial_overlap(const float *out, size_t out_n, const float *in,
                                          size_t in_n)
{
    return rectify_partial_overlap_es(out, out_n, in, in_n, sizeof(float));
}

/* Not NaN or infinite: an exponent field short of all ones (a bit test, not
 * a libm call, which isfinite can be under -fsignaling-nans). */
static inline int rectify_finite(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return (u & 0x7f800000u) != 0x7f800000u;
}

/* x -> y, n elements each. */
static inline rectify_status rectify_check_unary_es(const void *x, const void *y, size_t n,
                                                    int params_ok, size_t es)
{
    if (!rectify_size_ok_es(n, 1, es))
        return RECTIFY_ERR_SIZE;
    if (!x || !y)
        return RECTIFY_ERR_NULL;
    if (!params_ok)
        return RECTIFY_ERR_PARAM;
    if (rectify_partial_overlap_es(y, n, x, n, es))
        return RECTIFY_ERR_OVERLAP;
    return RECTIFY_OK;
}
static inline rectify_status rectify_check_unary(const float *x, const float *y, size_t n,
                                                 int params_ok)
{
    return rectify_check_unary_es(x, y, n, params_ok, sizeof(float));
}

/* (a, b) -> out, n elements each. */
static inline rectify_status rectify_check_binary_es(const void *a, const void *b, const void *out,
                                                     size_t n, int params_ok, size_t es)
{
    if (!rectify_size_ok_es(n, 1, es))
        return RECTIFY_ERR_SIZE;
    if (!a || !b || !out)
        return RECTIFY_ERR_NULL;
    if (!params_ok)
        return RECTIFY_ERR_PARAM;
    if (rectify_partial_overlap_es(out, n, a, n, es) ||
        rectify_partial_overlap_es(out, n, b, n, es))
        return RECTIFY_ERR_OVERLAP;
    return RECTIFY_OK;
}
static inline rectify_status rectify_check_binary(const float *a, const float *b, const float *out,
                                                  size_t n, int params_ok)
{
    return rectify_check_binary_es(a, b, out, n, params_ok, sizeof(float));
}

/* RReLU's order: size, NULL, then `training` outside {0, 1}
 * (RECTIFY_ERR_INVALID), the bounds (RECTIFY_ERR_PARAM), the overlap. */
static inline rectify_status rectify_rrelu_check_es(int binary, const void *a, const void *b,
                                                    const void *out, size_t n, float lower,
                                                    float upper, int training, size_t es)
{
    int params_ok = rectify_finite(lower) && rectify_finite(upper) && lower <= upper;
    rectify_status s = binary ? rectify_check_binary_es(a, b, out, n, 1, es)
                              : rectify_check_unary_es(a, out, n, 1, es);
    if (s == RECTIFY_ERR_SIZE || s == RECTIFY_ERR_NULL)
        return s;
    if (training != 0 && training != 1)
        return RECTIFY_ERR_INVALID;
    if (!params_ok)
        return RECTIFY_ERR_PARAM;
    return s;
}

/* RReLU's mode as a call's parameters: training draws its slopes from
 * (seed, offset) (the rrelu kernels); eval is leaky_relu with the slope
 * (lower + upper) / 2 in double, then rounded once to float, as PyTorch's
 * eval-mode rrelu computes it: no overflow for any finite pair. */
static inline struct rectify_params rectify_rrelu_params(float lower, float upper, int training,
                                                         uint64_t seed, uint64_t offset)
{
    if (training)
        return (struct rectify_params){
            .lower = lower, .upper = upper, .seed = seed, .offset = offset};
    return (struct rectify_params){.slope = (float)(((double)lower + (double)upper) / 2.0)};
}
static inline enum rectify_work rectify_rrelu_work(int training)
{
    return training ? RECTIFY_WORK_RANDOM : RECTIFY_WORK_MEMORY;
}

/* CReLU: outer * inner * 2 elements fit in size_t bytes. */
static inline int rectify_crelu_size_ok_es(size_t outer, size_t inner, size_t es)
{
    return inner <= SIZE_MAX / es / 2 && rectify_size_ok_es(outer, 2 * inner, es);
}

/* out and in (bytes each) are the same buffer or share no byte. */
static inline int rectify_apart(const void *out, const void *in, uintptr_t bytes)
{
    uintptr_t d = (uintptr_t)out - (uintptr_t)in; /* apart: d = 0, or bytes <= d <= -bytes */
    return (d - bytes <= (uintptr_t)0 - 2 * bytes) | (d == 0);
}

/* The common small call in one test: 0 < n < RECTIFY_SPLIT_MIN (so no byte
 * count overflows), no NULL, good parameters, each input the output or
 * apart from it, and the call's bytes (at most `ways` buffers of n
 * elements of `es` bytes) below the ordinary-store limit: the checks of
 * rectify_check_* and rectify_direct, all passed, computed without a
 * branch each (a call of a few floats spends most of its time in the
 * entry's taken branches otherwise). Where it is 0 the full checks run, in
 * their order. */
static inline int rectify_fast_ok_es(const void *out, const void *a, const void *b, size_t n,
                                     int params_ok, size_t ways, size_t es)
{
    uintptr_t bytes = n * es;
    return (n - 1 < RECTIFY_SPLIT_MIN - 1) & (out != NULL) & (a != NULL) & (b != NULL) &
           (params_ok != 0) & rectify_apart(out, a, bytes) & rectify_apart(out, b, bytes) &
           (ways * bytes <
            atomic_load_explicit(&rectify_parallel_direct_bytes, memory_order_acquire));
}
static inline int rectify_fast_ok(const float *out, const float *a, const float *b, size_t n,
                                  int params_ok, size_t ways)
{
    return rectify_fast_ok_es(out, a, b, n, params_ok, ways, sizeof(float));
}

#if defined(__GNUC__)
#define RECTIFY_LIKELY(c)   __builtin_expect(!!(c), 1)
#define RECTIFY_OUT_OF_LINE static __attribute__((noinline))
#else
#define RECTIFY_LIKELY(c)   (c)
#define RECTIFY_OUT_OF_LINE static
#endif

/* Every check in its order, then the kernel, split across threads if large
 * (parallel.h): out of line, so that the entry's fast path below saves and
 * restores no registers for it. */
RECTIFY_OUT_OF_LINE rectify_status rectify_run_unary_checked(rectify_unary_fn f, const float *x,
                                                             float *y, size_t n,
                                                             const struct rectify_params *p,
                                                             int params_ok, enum rectify_work work)
{
    if (n == 0)
        return RECTIFY_OK;
    rectify_status s = rectify_check_unary(x, y, n, params_ok);
    if (s == RECTIFY_OK)
        rectify_exec_unary(f, x, y, n, p, work);
    return s;
}

RECTIFY_OUT_OF_LINE rectify_status rectify_run_binary_checked(rectify_binary_fn f, const float *a,
                                                              const float *b, float *out, size_t n,
                                                              const struct rectify_params *p,
                                                              int params_ok, enum rectify_work work)
{
    if (n == 0)
        return RECTIFY_OK;
    rectify_status s = rectify_check_binary(a, b, out, n, params_ok);
    if (s == RECTIFY_OK)
        rectify_exec_binary(f, a, b, out, n, p, work);
    return s;
}

/* The shape of every elementwise entry point: a small call that passes
 * every check runs the kernel at once; anything else takes the checks one
 * by one (the first failing one's status), then the kernel. */
static inline rectify_status rectify_run_unary(rectify_unary_fn f, const float *x, float *y,
                                               size_t n, const struct rectify_params *p,
                                               int params_ok, enum rectify_work work)
{
    if (RECTIFY_LIKELY(rectify_fast_ok(y, x, x, n, params_ok, 2))) {
        f(x, y, n, p);
        return RECTIFY_OK;
    }
    return rectify_run_unary_checked(f, x, y, n, p, params_ok, work);
}

static inline rectify_status rectify_run_binary(rectify_binary_fn f, const float *a, const float *b,
                                                float *out, size_t n,
                                                const struct rectify_params *p, int params_ok,
                                                enum rectify_work work)
{
    if (RECTIFY_LIKELY(rectify_fast_ok(out, a, b, n, params_ok, 3))) {
        f(a, b, out, n, p);
        return RECTIFY_OK;
    }
    return rectify_run_binary_checked(f, a, b, out, n, p, params_ok, work);
}

#endif
