/* Entry points of RReLU: training draws slopes from the counter-based
 * generator (kernels/rrelu.c); eval mode is leaky_relu at the midpoint. */
#include "checks.h"

rectify_status rectify_rrelu_f32(const float *x, float *y, size_t n, float lower, float upper,
                                 int training, uint64_t seed, uint64_t offset)
{
    if (n == 0)
        return RECTIFY_OK;
    rectify_status s =
        rectify_rrelu_check_es(0, x, NULL, y, n, lower, upper, training, sizeof(float));
    if (s != RECTIFY_OK)
        return s;
    const struct rectify_kernels *k = rectify_entry_kernels();
    const struct rectify_params p = rectify_rrelu_params(lower, upper, training, seed, offset);
    rectify_exec_unary(training ? k->rrelu_forward : k->leaky_relu_forward, x, y, n, &p,
                       rectify_rrelu_work(training));
    return RECTIFY_OK;
}

rectify_status rectify_rrelu_backward_f32(const float *x, const float *dy, float *dx, size_t n,
                                          float lower, float upper, int training, uint64_t seed,
                                          uint64_t offset)
{
    if (n == 0)
        return RECTIFY_OK;
    rectify_status s =
        rectify_rrelu_check_es(1, x, dy, dx, n, lower, upper, training, sizeof(float));
    if (s != RECTIFY_OK)
        return s;
    const struct rectify_kernels *k = rectify_entry_kernels();
    const struct rectify_params p = rectify_rrelu_params(lower, upper, training, seed, offset);
    rectify_exec_binary(training ? k->rrelu_backward : k->leaky_relu_backward, x, dy, dx, n, &p,
                        rectify_rrelu_work(training));
    return RECTIFY_OK;
}
