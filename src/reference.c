/*
 * The scalar reference: DESIGN.md's tables written as plainly as C allows.
 * This is the specification in code; every ISA's kernels are tested against
 * it bit for bit. It is deliberately not built from the vector layer.
 */
#include <string.h>

#include "kernel.h"
#include "philox.h"

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

/* RReLU (training): element i's slope from counter offset + i (mod 2^64). */
static float rrelu_slope(const struct rectify_params *p, size_t i)
{
    uint32_t word = rectify_philox_word(p->seed, p->offset + (uint64_t)i);
    float u = (float)(word >> 8) * 0x1p-24f;
    return p->lower + u * (p->upper - p->lower);
}

static void rrelu_forward(const float *x, float *y, size_t n, const struct rectify_params *p)
{
    for (size_t i = 0; i < n; i++)
        y[i] = x[i] <= 0.0f ? x[i] * rrelu_slope(p, i) : x[i];
}

static void rrelu_backward(const float *x, const float *dy, float *dx, size_t n,
                           const struct rectify_params *p)
{
    for (size_t i = 0; i < n; i++)
        dx[i] = x[i] <= 0.0f ? dy[i] * rrelu_slope(p, i) : dy[i];
}

static void philox_words(const float *x, float *y, size_t n, const struct rectify_params *p)
{
    (void)x;
    const uint32_t key[2] = {(uint32_t)p->seed, (uint32_t)(p->seed >> 32)};
    for (size_t i = 0; i < n; i++) {
        uint64_t b = p->offset + (uint64_t)(i / 4);
        const uint32_t ctr[4] = {(uint32_t)b, (uint32_t)(b >> 32), (uint32_t)p->counter_hi,
                                 (uint32_t)(p->counter_hi >> 32)};
        uint32_t out[4];
        rectify_philox4x32_10(ctr, key, out);
        memcpy(&y[i], &out[i % 4], sizeof(float));
    }
}

/* CReLU: -x is IEEE negation (the sign bit flips, for zeros and NaNs too). */
static void crelu_forward(const float *x, float *y, size_t outer, size_t inner,
                          const struct rectify_params *p)
{
    (void)p;
    for (size_t o = 0; o < outer; o++)
        for (size_t j = 0; j < inner; j++) {
            float v = x[o * inner + j], nv = -v;
            y[2 * o * inner + j] = v < 0.0f ? 0.0f : v;
            y[2 * o * inner + inner + j] = nv < 0.0f ? 0.0f : nv;
        }
}

static void crelu_backward(const float *x, const float *dy, float *dx, size_t outer,
                           size_t inner, const struct rectify_params *p)
{
    (void)p;
    for (size_t o = 0; o < outer; o++)
        for (size_t j = 0; j < inner; j++) {
            float v = x[o * inner + j], nv = -v;
            float pos = v <= 0.0f ? 0.0f : dy[2 * o * inner + j];
            float neg = nv <= 0.0f ? 0.0f : dy[2 * o * inner + inner + j];
            dx[o * inner + j] = pos - neg;
        }
}

#define RECTIFY_ENTRY(name, arity) .name = name,
const struct rectify_kernels rectify_reference = {
    .isa = RECTIFY_ISA_SCALAR,
    RECTIFY_KERNEL_LIST(RECTIFY_ENTRY)
};
