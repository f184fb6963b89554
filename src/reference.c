/*
 * The scalar reference: DESIGN.md's tables written as plainly as C allows.
 * This is the specification in code; every ISA's kernels are tested against
 * it bit for bit. It is deliberately not built from the vector layer.
 */
#include "kernel.h"

static void relu_forward(const float *x, float *y, size_t n, const struct rectify_params *p)
{
    (void)p;
    for (size_t i = 0; i < n; i++)
        y[i] = x[i] < 0.0f ? 0.0f : x[i];
}

static void relu_backward(const float *x, const float *dy, float *dx, size_t n,
                          const struct rectify_params *p)
{
    (void)p;
    for (size_t i = 0; i < n; i++)
        dx[i] = x[i] <= 0.0f ? 0.0f : dy[i];
}

static void leaky_relu_forward(const float *x, float *y, size_t n, const struct rectify_params *p)
{
    for (size_t i = 0; i < n; i++)
        y[i] = x[i] > 0.0f ? x[i] : x[i] * p->slope;
}

static void leaky_relu_backward(const float *x, const float *dy, float *dx, size_t n,
                                const struct rectify_params *p)
{
    for (size_t i = 0; i < n; i++)
        dx[i] = x[i] > 0.0f ? dy[i] : dy[i] * p->slope;
}

static void relu6_forward(const float *x, float *y, size_t n, const struct rectify_params *p)
{
    (void)p;
    for (size_t i = 0; i < n; i++)
        y[i] = x[i] < 0.0f ? 0.0f : (x[i] > 6.0f ? 6.0f : x[i]);
}

static void relu6_backward(const float *x, const float *dy, float *dx, size_t n,
                           const struct rectify_params *p)
{
    (void)p;
    for (size_t i = 0; i < n; i++)
        dx[i] = (x[i] > 0.0f && x[i] < 6.0f) ? dy[i] : 0.0f;
}

#define RECTIFY_ENTRY(name, arity) .name = name,
const struct rectify_kernels rectify_reference = {
    .isa = RECTIFY_ISA_SCALAR,
    RECTIFY_KERNEL_LIST(RECTIFY_ENTRY)
};
