/* Entry points of RReLU: training draws slopes from the counter-based
 * generator (kernels/rrelu.c); eval mode is leaky_relu at the midpoint. */
#include "checks.h"

/* Checks in the shared order, with `training` outside {0, 1} reported as
 * RECTIFY_ERR_INVALID just before the parameters are checked. */
static rectify_status rrelu_check(int binary, const float *a, const float *b, const float *out,
                                  size_t n, float lower, float upper, int training)
{
    int params_ok = rectify_finite(lower) && rectify_finite(upper) && lower <= upper;
    rectify_status s =
        binary ? rectify_check_binary(a, b, out, n, 1) : rectify_check_unary(a, out, n, 1);
    if (s == RECTIFY_ERR_SIZE || s == RECTIFY_ERR_NULL)
        return s;
    if (training != 0 && training != 1)
        return RECTIFY_ERR_INVALID;
    if (!params_ok)
        return RECTIFY_ERR_PARAM;
    return s;
}

/* (lower + upper) / 2 in double, then rounded once to float, as PyTorch's
 * eval-mode rrelu computes it: no overflow for any finite pair. */
static float midpoint(float lower, float upper)
{
    return (float)(((double)lower + (double)upper) / 2.0);
}

rectify_status rectify_rrelu_f32(const float *x, float *y, size_t n, float lower, float upper,
                                 int training, uint64_t seed, uint64_t offset)
{
    if (n == 0)
        return RECTIFY_OK;
    rectify_status s = rrelu_check(0, x, NULL, y, n, lower, upper, training);
    if (s != RECTIFY_OK)
        return s;
    const struct rectify_kernels *k = rectify_entry_kernels();
    if (training) {
        const struct rectify_params p = {
            .lower = lower, .upper = upper, .seed = seed, .offset = offset};
        rectify_exec_unary(k->rrelu_forward, x, y, n, &p, RECTIFY_WORK_RANDOM);
    } else {
        const struct rectify_params p = {.slope = midpoint(lower, upper)};
        rectify_exec_unary(k->leaky_relu_forward, x, y, n, &p, RECTIFY_WORK_MEMORY);
    }
    return RECTIFY_OK;
}

rectify_status rectify_rrelu_backward_f32(const float *x, const float *dy, float *dx, size_t n,
                                          float lower, float upper, int training, uint64_t seed,
                                          uint64_t offset)
{
    if (n == 0)
        return RECTIFY_OK;
    rectify_status s = rrelu_check(1, x, dy, dx, n, lower, upper, training);
    if (s != RECTIFY_OK)
        return s;
    const struct rectify_kernels *k = rectify_entry_kernels();
    if (training) {
        const struct rectify_params p = {
            .lower = lower, .upper = upper, .seed = seed, .offset = offset};
        rectify_exec_binary(k->rrelu_backward, x, dy, dx, n, &p, RECTIFY_WORK_RANDOM);
    } else {
        const struct rectify_params p = {.slope = midpoint(lower, upper)};
        rectify_exec_binary(k->leaky_relu_backward, x, dy, dx, n, &p, RECTIFY_WORK_MEMORY);
    }
    return RECTIFY_OK;
}
