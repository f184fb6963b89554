/* Entry points of the piecewise-linear ops: relu, leaky_relu, relu6. */
#include "checks.h"

static const struct rectify_params no_params;

rectify_status rectify_relu_f32(const float *x, float *y, size_t n)
{
    return rectify_run_unary(rectify_entry_kernels()->relu_forward, x, y, n, &no_params, 1,
                             RECTIFY_WORK_MEMORY);
}

rectify_status rectify_relu_backward_f32(const float *x, const float *dy, float *dx, size_t n)
{
    return rectify_run_binary(rectify_entry_kernels()->relu_backward, x, dy, dx, n, &no_params, 1,
                              RECTIFY_WORK_MEMORY);
}

rectify_status rectify_leaky_relu_f32(const float *x, float *y, size_t n, float negative_slope)
{
    const struct rectify_params p = {.slope = negative_slope};
    return rectify_run_unary(rectify_entry_kernels()->leaky_relu_forward, x, y, n, &p,
                             rectify_finite(negative_slope), RECTIFY_WORK_MEMORY);
}

rectify_status rectify_leaky_relu_backward_f32(const float *x, const float *dy, float *dx, size_t n,
                                               float negative_slope)
{
    const struct rectify_params p = {.slope = negative_slope};
    return rectify_run_binary(rectify_entry_kernels()->leaky_relu_backward, x, dy, dx, n, &p,
                              rectify_finite(negative_slope), RECTIFY_WORK_MEMORY);
}

rectify_status rectify_relu6_f32(const float *x, float *y, size_t n)
{
    return rectify_run_unary(rectify_entry_kernels()->relu6_forward, x, y, n, &no_params, 1,
                             RECTIFY_WORK_MEMORY);
}

rectify_status rectify_relu6_backward_f32(const float *x, const float *dy, float *dx, size_t n)
{
    return rectify_run_binary(rectify_entry_kernels()->relu6_backward, x, dy, dx, n, &no_params, 1,
                              RECTIFY_WORK_MEMORY);
}
