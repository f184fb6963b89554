/* Entry points of the exponential ops: elu and selu. Each call reads the
 * deterministic flag once and runs that mode's kernel, in round-to-nearest
 * (fpstate.h): the exponentials' accuracy holds whatever the caller's
 * rounding mode, which is put back before returning. */
#include "checks.h"
#include "fpstate.h"

static const struct rectify_params no_params;

rectify_status rectify_elu_f32(const float *x, float *y, size_t n, float alpha)
{
    const struct rectify_kernels *k = rectify_entry_kernels();
    const struct rectify_params p = {.alpha = alpha};
    int det = rectify_deterministic_now();
    RETURN_NEAREST(rectify_run_unary(det ? k->elu_forward_deterministic : k->elu_forward, x, y, n,
                                     &p, rectify_finite(alpha), rectify_exponential_work(det)));
}

rectify_status rectify_elu_backward_f32(const float *x, const float *dy, float *dx, size_t n,
                                        float alpha)
{
    const struct rectify_kernels *k = rectify_entry_kernels();
    const struct rectify_params p = {.alpha = alpha};
    int det = rectify_deterministic_now();
    RETURN_NEAREST(rectify_run_binary(det ? k->elu_backward_deterministic : k->elu_backward, x, dy,
                                      dx, n, &p, rectify_finite(alpha),
                                      rectify_exponential_work(det)));
}

rectify_status rectify_elu_backward_from_output_f32(const float *y, const float *dy, float *dx,
                                                    size_t n, float alpha)
{
    const struct rectify_params p = {.alpha = alpha};
    return rectify_run_binary(rectify_entry_kernels()->elu_backward_from_output, y, dy, dx, n, &p,
                              rectify_finite(alpha), RECTIFY_WORK_MEMORY);
}

rectify_status rectify_selu_f32(const float *x, float *y, size_t n)
{
    const struct rectify_kernels *k = rectify_entry_kernels();
    int det = rectify_deterministic_now();
    RETURN_NEAREST(rectify_run_unary(det ? k->selu_forward_deterministic : k->selu_forward, x, y, n,
                                     &no_params, 1, rectify_exponential_work(det)));
}

rectify_status rectify_selu_backward_f32(const float *x, const float *dy, float *dx, size_t n)
{
    const struct rectify_kernels *k = rectify_entry_kernels();
    int det = rectify_deterministic_now();
    RETURN_NEAREST(rectify_run_binary(det ? k->selu_backward_deterministic : k->selu_backward, x,
                                      dy, dx, n, &no_params, 1, rectify_exponential_work(det)));
}

rectify_status rectify_selu_backward_from_output_f32(const float *y, const float *dy, float *dx,
                                                     size_t n)
{
    return rectify_run_binary(rectify_entry_kernels()->selu_backward_from_output, y, dy, dx, n,
                              &no_params, 1, RECTIFY_WORK_MEMORY);
}
