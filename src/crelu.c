/* Entry points of CReLU: x is `outer` rows of `inner` floats, y (and dy)
 * `outer` rows of 2 * inner. */
#include "checks.h"

static const struct rectify_params no_params;

rectify_status rectify_crelu_f32(const float *x, float *y, size_t outer, size_t inner)
{
    if (outer == 0 || inner == 0)
        return RECTIFY_OK;
    if (!rectify_crelu_size_ok_es(outer, inner, sizeof(float)))
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
    if (!rectify_crelu_size_ok_es(outer, inner, sizeof(float)))
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
