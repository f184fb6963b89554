/* Entry points of CReLU: x is `outer` rows of `inner` floats, y (and dy)
 * `outer` rows of 2 * inner. */
#include "checks.h"

static const struct rectify_params no_params;

/* outer * inner * 2 floats fit in size_t bytes. */
static int crelu_size_ok(size_t outer, size_t inner)
{
    return inner <= SIZE_MAX / sizeof(float) / 2 && rectify_size_ok(outer, 2 * inner);
}

rectify_status rectify_crelu_f32(const float *x, float *y, size_t outer, size_t inner)
{
    if (outer == 0 || inner == 0)
        return RECTIFY_OK;
    if (!crelu_size_ok(outer, inner))
        return RECTIFY_ERR_SIZE;
    if (!x || !y)
        return RECTIFY_ERR_NULL;
    size_t n = outer * inner;
    /* y is twice x's size: not even the same pointer is allowed. */
    if (rectify_partial_overlap(y, 2 * n, x, n))
        return RECTIFY_ERR_OVERLAP;
    rectify_exec_concat(rectify_entry_kernels()->crelu_forward, x, y, outer, inner, &no_params);
    return RECTIFY_OK;
}

rectify_status rectify_crelu_backward_f32(const float *x, const float *dy, float *dx, size_t outer,
                                          size_t inner)
{
    if (outer == 0 || inner == 0)
        return RECTIFY_OK;
    if (!crelu_size_ok(outer, inner))
        return RECTIFY_ERR_SIZE;
    if (!x || !dy || !dx)
        return RECTIFY_ERR_NULL;
    size_t n = outer * inner;
    /* dx may be x exactly (in place); it may not overlap dy at all. */
    if (rectify_partial_overlap(dx, n, x, n) || rectify_partial_overlap(dx, n, dy, 2 * n))
        return RECTIFY_ERR_OVERLAP;
    rectify_exec_deconcat(rectify_entry_kernels()->crelu_backward, x, dy, dx, outer, inner,
                          &no_params);
    return RECTIFY_OK;
}
