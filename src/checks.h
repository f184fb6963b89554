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

/* n elements of `width` floats each fit in size_t bytes. */
static inline int rectify_size_ok(size_t n, size_t width)
{
    return n <= SIZE_MAX / sizeof(float) / width;
}

/* out (out_n floats) and in (in_n floats) share a byte, and are not the
 * same buffer exactly (in place, which every op allows). */
static inline int rectify_partial_overlap(const float *out, size_t out_n, const float *in,
                                          size_t in_n)
{
    uintptr_t o = (uintptr_t)out, i = (uintptr_t)in;
    if (o == i && out_n == in_n)
        return 0;
    return o < i + in_n * sizeof(float) && i < o + out_n * sizeof(float);
}

/* Not NaN or infinite: an exponent field short of all ones (a bit test, not
 * a libm call, which isfinite can be under -fsignaling-nans). */
static inline int rectify_finite(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return (u & 0x7f800000u) != 0x7f800000u;
}

/* x -> y, n floats each. */
static inline rectify_status rectify_check_unary(const float *x, const float *y, size_t n,
                                                 int params_ok)
{
    if (!rectify_size_ok(n, 1))
        return RECTIFY_ERR_SIZE;
    if (!x || !y)
        return RECTIFY_ERR_NULL;
    if (!params_ok)
        return RECTIFY_ERR_PARAM;
    if (rectify_partial_overlap(y, n, x, n))
        return RECTIFY_ERR_OVERLAP;
    return RECTIFY_OK;
}

/* (a, b) -> out, n floats each. */
static inline rectify_status rectify_check_binary(const float *a, const float *b, const float *out,
                                                  size_t n, int params_ok)
{
    if (!rectify_size_ok(n, 1))
        return RECTIFY_ERR_SIZE;
    if (!a || !b || !out)
        return RECTIFY_ERR_NULL;
    if (!params_ok)
        return RECTIFY_ERR_PARAM;
    if (rectify_partial_overlap(out, n, a, n) || rectify_partial_overlap(out, n, b, n))
        return RECTIFY_ERR_OVERLAP;
    return RECTIFY_OK;
}

/* Check, then run the kernel (split across threads if large, parallel.h):
 * the shape of every elementwise entry point. */
static inline rectify_status rectify_run_unary(rectify_unary_fn f, const float *x, float *y,
                                               size_t n, const struct rectify_params *p,
                                               int params_ok, enum rectify_work work)
{
    if (n == 0)
        return RECTIFY_OK;
    rectify_status s = rectify_check_unary(x, y, n, params_ok);
    if (s == RECTIFY_OK)
        rectify_exec_unary(f, x, y, n, p, work);
    return s;
}

static inline rectify_status rectify_run_binary(rectify_binary_fn f, const float *a, const float *b,
                                                float *out, size_t n,
                                                const struct rectify_params *p, int params_ok,
                                                enum rectify_work work)
{
    if (n == 0)
        return RECTIFY_OK;
    rectify_status s = rectify_check_binary(a, b, out, n, params_ok);
    if (s == RECTIFY_OK)
        rectify_exec_binary(f, a, b, out, n, p, work);
    return s;
}

#endif
