/*
 * Entry points over bf16 and fp16 buffers: every op of the float API, with
 * the same arguments, checks and errors, over uint16_t bit patterns. Each
 * computes what "widen, run the f32 op, round" gives (include/rectify.h,
 * "Half-precision buffers"); the kernels are the registry's *_bf16 and
 * *_f16 (kernels/storage.h).
 */
#include "checks.h"
#include "fpstate.h"

static const struct rectify_params no_params;

#define ES sizeof(uint16_t)

static rectify_status run_unary(rectify_unary_h_fn f, const uint16_t *x, uint16_t *y, size_t n,
                                const struct rectify_params *p, int params_ok,
                                enum rectify_work work)
{
    if (RECTIFY_LIKELY(rectify_fast_ok_es(y, x, x, n, params_ok, 2, ES))) {
        f(x, y, n, p);
        return RECTIFY_OK;
    }
    if (n == 0)
        return RECTIFY_OK;
    rectify_status s = rectify_check_unary_es(x, y, n, params_ok, ES);
    if (s == RECTIFY_OK)
        rectify_exec_unary_h(f, x, y, n, p, work);
    return s;
}

static rectify_status run_binary(rectify_binary_h_fn f, const uint16_t *a, const uint16_t *b,
                                 uint16_t *out, size_t n, const struct rectify_params *p,
                                 int params_ok, enum rectify_work work)
{
    if (RECTIFY_LIKELY(rectify_fast_ok_es(out, a, b, n, params_ok, 3, ES))) {
        f(a, b, out, n, p);
        return RECTIFY_OK;
    }
    if (n == 0)
        return RECTIFY_OK;
    rectify_status s = rectify_check_binary_es(a, b, out, n, params_ok, ES);
    if (s == RECTIFY_OK)
        rectify_exec_binary_h(f, a, b, out, n, p, work);
    return s;
}

/* Every op, for storage type T (bf16 or f16). */
#define HALF_ENTRY_POINTS(T)                                                                       \
    rectify_status rectify_relu_##T(const uint16_t *x, uint16_t *y, size_t n)                      \
    {                                                                                              \
        return run_unary(rectify_entry_kernels()->relu_forward_##T, x, y, n, &no_params, 1,        \
                         RECTIFY_WORK_MEMORY);                                                     \
    }                                                                                              \
    rectify_status rectify_relu_backward_##T(const uint16_t *x, const uint16_t *dy, uint16_t *dx,  \
                                             size_t n)                                             \
    {                                                                                              \
        return run_binary(rectify_entry_kernels()->relu_backward_##T, x, dy, dx, n, &no_params, 1, \
                          RECTIFY_WORK_MEMORY);                                                    \
    }                                                                                              \
    rectify_status rectify_leaky_relu_##T(const uint16_t *x, uint16_t *y, size_t n,                \
                                          float negative_slope)                                    \
    {                                                                                              \
        const struct rectify_params p = {.slope = negative_slope};                                 \
        return run_unary(rectify_entry_kernels()->leaky_relu_forward_##T, x, y, n, &p,             \
                         rectify_finite(negative_slope), RECTIFY_WORK_MEMORY);                     \
    }                                                                                              \
    rectify_status rectify_leaky_relu_backward_##T(const uint16_t *x, const uint16_t *dy,          \
                                                   uint16_t *dx, size_t n, float negative_slope)   \
    {                                                                                              \
        const struct rectify_params p = {.slope = negative_slope};                                 \
        return run_binary(rectify_entry_kernels()->leaky_relu_backward_##T, x, dy, dx, n, &p,      \
                          rectify_finite(negative_slope), RECTIFY_WORK_MEMORY);                    \
    }                                                                                              \
    rectify_status rectify_relu6_##T(const uint16_t *x, uint16_t *y, size_t n)                     \
    {                                                                                              \
        return run_unary(rectify_entry_kernels()->relu6_forward_##T, x, y, n, &no_params, 1,       \
                         RECTIFY_WORK_MEMORY);                                                     \
    }                                                                                              \
    rectify_status rectify_relu6_backward_##T(const uint16_t *x, const uint16_t *dy, uint16_t *dx, \
                                              size_t n)                                            \
    {                                                                                              \
        return run_binary(rectify_entry_kernels()->relu6_backward_##T, x, dy, dx, n, &no_params,   \
                          1, RECTIFY_WORK_MEMORY);                                                 \
    }                                                                                              \
    rectify_status rectify_rrelu_##T(const uint16_t *x, uint16_t *y, size_t n, float lower,        \
                                     float upper, int training, uint64_t seed, uint64_t offset)    \
    {                                                                                              \
        if (n == 0)                                                                                \
            return RECTIFY_OK;                                                                     \
        rectify_status s = rectify_rrelu_check_es(0, x, NULL, y, n, lower, upper, training, ES);   \
        if (s != RECTIFY_OK)                                                                       \
            return s;                                                                              \
        const struct rectify_kernels *k = rectify_entry_kernels();                                 \
        const struct rectify_params p =                                                            \
            rectify_rrelu_params(lower, upper, training, seed, offset);                            \
        rectify_exec_unary_h(training ? k->rrelu_forward_##T : k->leaky_relu_forward_##T, x, y, n, \
                             &p, rectify_rrelu_work(training));                                    \
        return RECTIFY_OK;                                                                         \
    }                                                                                              \
    rectify_status rectify_rrelu_backward_##T(const uint16_t *x, const uint16_t *dy, uint16_t *dx, \
                                              size_t n, float lower, float upper, int training,    \
                                              uint64_t seed, uint64_t offset)                      \
    {                                                                                              \
        if (n == 0)                                                                                \
            return RECTIFY_OK;                                                                     \
        rectify_status s = rectify_rrelu_check_es(1, x, dy, dx, n, lower, upper, training, ES);    \
        if (s != RECTIFY_OK)                                                                       \
            return s;                                                                              \
        const struct rectify_kernels *k = rectify_entry_kernels();                                 \
        const struct rectify_params p =                                                            \
            rectify_rrelu_params(lower, upper, training, seed, offset);                            \
        rectify_exec_binary_h(training ? k->rrelu_backward_##T : k->leaky_relu_backward_##T, x,    \
                              dy, dx, n, &p, rectify_rrelu_work(training));                        \
        return RECTIFY_OK;                                                                         \
    }                                                                                              \
    rectify_status rectify_crelu_##T(const uint16_t *x, uint16_t *y, size_t outer, size_t inner)   \
    {                                                                                              \
        if (outer == 0 || inner == 0)                                                              \
            return RECTIFY_OK;                                                                     \
        if (!rectify_crelu_size_ok_es(outer, inner, ES))                                           \
            return RECTIFY_ERR_SIZE;                                                               \
        if (!x || !y)                                                                              \
            return RECTIFY_ERR_NULL;                                                               \
        size_t n = outer * inner;                                                                  \
        if (rectify_partial_overlap_es(y, 2 * n, x, n, ES))                                        \
            return RECTIFY_ERR_OVERLAP;                                                            \
        rectify_exec_concat_h(rectify_entry_kernels()->crelu_forward_##T, x, y, outer, inner,      \
                              &no_params);                                                         \
        return RECTIFY_OK;                                                                         \
    }                                                                                              \
    rectify_status rectify_crelu_backward_##T(const uint16_t *x, const uint16_t *dy, uint16_t *dx, \
                                              size_t outer, size_t inner)                          \
    {                                                                                              \
        if (outer == 0 || inner == 0)                                                              \
            return RECTIFY_OK;                                                                     \
        if (!rectify_crelu_size_ok_es(outer, inner, ES))                                           \
            return RECTIFY_ERR_SIZE;                                                               \
        if (!x || !dy || !dx)                                                                      \
            return RECTIFY_ERR_NULL;                                                               \
        size_t n = outer * inner;                                                                  \
        if (rectify_partial_overlap_es(dx, n, x, n, ES) ||                                         \
            rectify_partial_overlap_es(dx, n, dy, 2 * n, ES))                                      \
            return RECTIFY_ERR_OVERLAP;                                                            \
        rectify_exec_deconcat_h(rectify_entry_kernels()->crelu_backward_##T, x, dy, dx, outer,     \
                                inner, &no_params);                                                \
        return RECTIFY_OK;                                                                         \
    }                                                                                              \
    rectify_status rectify_elu_##T(const uint16_t *x, uint16_t *y, size_t n, float alpha)          \
    {                                                                                              \
        const struct rectify_kernels *k = rectify_entry_kernels();                                 \
        const struct rectify_params p = {.alpha = alpha};                                          \
        int det = rectify_deterministic_now();                                                     \
        RETURN_NEAREST(run_unary(det ? k->elu_forward_deterministic_##T : k->elu_forward_##T, x,   \
                                 y, n, &p, rectify_finite(alpha), rectify_exponential_work(det))); \
    }                                                                                              \
    rectify_status rectify_elu_backward_##T(const uint16_t *x, const uint16_t *dy, uint16_t *dx,   \
                                            size_t n, float alpha)                                 \
    {                                                                                              \
        const struct rectify_kernels *k = rectify_entry_kernels();                                 \
        const struct rectify_params p = {.alpha = alpha};                                          \
        int det = rectify_deterministic_now();                                                     \
        RETURN_NEAREST(run_binary(det ? k->elu_backward_deterministic_##T : k->elu_backward_##T,   \
                                  x, dy, dx, n, &p, rectify_finite(alpha),                         \
                                  rectify_exponential_work(det)));                                 \
    }                                                                                              \
    rectify_status rectify_elu_backward_from_output_##T(const uint16_t *y, const uint16_t *dy,     \
                                                        uint16_t *dx, size_t n, float alpha)       \
    {                                                                                              \
        const struct rectify_params p = {.alpha = alpha};                                          \
        return run_binary(rectify_entry_kernels()->elu_backward_from_output_##T, y, dy, dx, n, &p, \
                          rectify_finite(alpha), RECTIFY_WORK_MEMORY);                             \
    }                                                                                              \
    rectify_status rectify_selu_##T(const uint16_t *x, uint16_t *y, size_t n)                      \
    {                                                                                              \
        const struct rectify_kernels *k = rectify_entry_kernels();                                 \
        int det = rectify_deterministic_now();                                                     \
        RETURN_NEAREST(run_unary(det ? k->selu_forward_deterministic_##T : k->selu_forward_##T, x, \
                                 y, n, &no_params, 1, rectify_exponential_work(det)));             \
    }                                                                                              \
    rectify_status rectify_selu_backward_##T(const uint16_t *x, const uint16_t *dy, uint16_t *dx,  \
                                             size_t n)                                             \
    {                                                                                              \
        const struct rectify_kernels *k = rectify_entry_kernels();                                 \
        int det = rectify_deterministic_now();                                                     \
        RETURN_NEAREST(run_binary(det ? k->selu_backward_deterministic_##T : k->selu_backward_##T, \
                                  x, dy, dx, n, &no_params, 1, rectify_exponential_work(det)));    \
    }                                                                                              \
    rectify_status rectify_selu_backward_from_output_##T(const uint16_t *y, const uint16_t *dy,    \
                                                         uint16_t *dx, size_t n)                   \
    {                                                                                              \
        return run_binary(rectify_entry_kernels()->selu_backward_from_output_##T, y, dy, dx, n,    \
                          &no_params, 1, RECTIFY_WORK_MEMORY);                                     \
    }

HALF_ENTRY_POINTS(bf16)
HALF_ENTRY_POINTS(f16)
