/*
 * The scalar reference: DESIGN.md's tables written as plainly as C allows.
 * This is the specification in code; every ISA's kernels are tested against
 * it bit for bit. It is deliberately not built from the vector layer.
 */
#include <math.h>
#include <string.h>

#include "half_bits.h"
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
    size_t w = p->row_stride ? p->row_stride : inner; /* rows this wide, the first inner done */
    for (size_t o = 0; o < outer; o++)
        for (size_t j = 0; j < inner; j++) {
            float v = x[o * w + j], nv = -v;
            y[2 * o * w + j] = v < 0.0f ? 0.0f : v;
            y[2 * o * w + w + j] = nv < 0.0f ? 0.0f : nv;
        }
}

static void crelu_backward(const float *x, const float *dy, float *dx, size_t outer, size_t inner,
                           const struct rectify_params *p)
{
    size_t w = p->row_stride ? p->row_stride : inner;
    for (size_t o = 0; o < outer; o++)
        for (size_t j = 0; j < inner; j++) {
            float v = x[o * w + j], nv = -v;
            float pos = v <= 0.0f ? 0.0f : dy[2 * o * w + j];
            float neg = nv <= 0.0f ? 0.0f : dy[2 * o * w + w + j];
            dx[o * w + j] = pos - neg;
        }
}

/* ---- ELU and SELU ----------------------------------------------------------
 * DESIGN.md's formulas evaluated in double and rounded once to float: the
 * products of float parameters and inputs are exact in double and glibc's
 * expm1/exp are accurate to about one double ULP, so these are the
 * correctly rounded results except within ~2^-28 ULP of a rounding
 * boundary. The vector kernels are held to within their ULP tolerance of
 * these (kernels/registry.h); tests/ulp_sweep.c measures them against MPFR.
 * The deterministic kernels have the same definition. */

static float elu_of(double c, double s, float x)
{
    return x > 0.0f ? (float)(s * x) : (float)(c * expm1((double)x));
}

static void elu_forward(const float *x, float *y, size_t n, const struct rectify_params *p)
{
    for (size_t i = 0; i < n; i++)
        y[i] = elu_of(p->alpha, 1.0, x[i]);
}

static void elu_backward(const float *x, const float *dy, float *dx, size_t n,
                         const struct rectify_params *p)
{
    for (size_t i = 0; i < n; i++)
        dx[i] = x[i] <= 0.0f ? (float)((double)dy[i] * p->alpha * exp((double)x[i])) : dy[i];
}

static void elu_backward_from_output(const float *y, const float *dy, float *dx, size_t n,
                                     const struct rectify_params *p)
{
    for (size_t i = 0; i < n; i++)
        dx[i] = y[i] <= 0.0f ? dy[i] * (y[i] + p->alpha) : dy[i];
}

static const double selu_lambda_alpha = (double)RECTIFY_SELU_LAMBDA * (double)RECTIFY_SELU_ALPHA;

static void selu_forward(const float *x, float *y, size_t n, const struct rectify_params *p)
{
    (void)p;
    for (size_t i = 0; i < n; i++)
        y[i] = elu_of(selu_lambda_alpha, RECTIFY_SELU_LAMBDA, x[i]);
}

static void selu_backward(const float *x, const float *dy, float *dx, size_t n,
                          const struct rectify_params *p)
{
    (void)p;
    for (size_t i = 0; i < n; i++)
        dx[i] = x[i] <= 0.0f ? (float)((double)dy[i] * selu_lambda_alpha * exp((double)x[i]))
                             : dy[i] * RECTIFY_SELU_LAMBDA;
}

/* y + lambda*alpha with lambda*alpha rounded to float: one add, one multiply. */
static void selu_backward_from_output(const float *y, const float *dy, float *dx, size_t n,
                                      const struct rectify_params *p)
{
    (void)p;
    for (size_t i = 0; i < n; i++)
        dx[i] = y[i] <= 0.0f ? dy[i] * (y[i] + RECTIFY_SELU_LAMBDA_ALPHA_HI)
                             : dy[i] * RECTIFY_SELU_LAMBDA;
}

static void elu_forward_deterministic(const float *x, float *y, size_t n,
                                      const struct rectify_params *p)
{
    elu_forward(x, y, n, p);
}
static void elu_backward_deterministic(const float *x, const float *dy, float *dx, size_t n,
                                       const struct rectify_params *p)
{
    elu_backward(x, dy, dx, n, p);
}
static void selu_forward_deterministic(const float *x, float *y, size_t n,
                                       const struct rectify_params *p)
{
    selu_forward(x, y, n, p);
}
static void selu_backward_deterministic(const float *x, const float *dy, float *dx, size_t n,
                                        const struct rectify_params *p)
{
    selu_backward(x, dy, dx, n, p);
}

/* bf16 and fp16: "convert, run the float op, convert", one element at a
 * time, with kernels/half_bits.h's conversions (the contract itself). */
#define REFERENCE_HALF_unary(name, T)                                                              \
    static void name##_##T(const uint16_t *x, uint16_t *y, size_t n,                               \
                           const struct rectify_params *p)                                         \
    {                                                                                              \
        struct rectify_params q = *p;                                                              \
        for (size_t i = 0; i < n; i++) {                                                           \
            float a = rectify_##T##_to_f32(x[i]), r;                                               \
            q.offset = p->offset + i;                                                              \
            name(&a, &r, 1, &q);                                                                   \
            y[i] = rectify_f32_to_##T(r);                                                          \
        }                                                                                          \
    }
#define REFERENCE_HALF_binary(name, T)                                                             \
    static void name##_##T(const uint16_t *a, const uint16_t *b, uint16_t *out, size_t n,          \
                           const struct rectify_params *p)                                         \
    {                                                                                              \
        struct rectify_params q = *p;                                                              \
        for (size_t i = 0; i < n; i++) {                                                           \
            float u = rectify_##T##_to_f32(a[i]), v = rectify_##T##_to_f32(b[i]), r;               \
            q.offset = p->offset + i;                                                              \
            name(&u, &v, &r, 1, &q);                                                               \
            out[i] = rectify_f32_to_##T(r);                                                        \
        }                                                                                          \
    }
#define REFERENCE_HALF_concat(name, T)                                                             \
    static void name##_##T(const uint16_t *x, uint16_t *y, size_t outer, size_t inner,             \
                           const struct rectify_params *p)                                         \
    {                                                                                              \
        const struct rectify_params q = {0};                                                       \
        size_t w = p->row_stride ? p->row_stride : inner;                                          \
        for (size_t o = 0; o < outer; o++)                                                         \
            for (size_t j = 0; j < inner; j++) {                                                   \
                float a = rectify_##T##_to_f32(x[o * w + j]), r[2];                                \
                name(&a, r, 1, 1, &q);                                                             \
                y[2 * o * w + j] = rectify_f32_to_##T(r[0]);                                       \
                y[2 * o * w + w + j] = rectify_f32_to_##T(r[1]);                                   \
            }                                                                                      \
    }
#define REFERENCE_HALF_deconcat(name, T)                                                           \
    static void name##_##T(const uint16_t *x, const uint16_t *dy, uint16_t *dx, size_t outer,      \
                           size_t inner, const struct rectify_params *p)                           \
    {                                                                                              \
        const struct rectify_params q = {0};                                                       \
        size_t w = p->row_stride ? p->row_stride : inner;                                          \
        for (size_t o = 0; o < outer; o++)                                                         \
            for (size_t j = 0; j < inner; j++) {                                                   \
                float a = rectify_##T##_to_f32(x[o * w + j]), r;                                   \
                float d[2] = {rectify_##T##_to_f32(dy[2 * o * w + j]),                             \
                              rectify_##T##_to_f32(dy[2 * o * w + w + j])};                        \
                name(&a, d, &r, 1, 1, &q);                                                         \
                dx[o * w + j] = rectify_f32_to_##T(r);                                             \
            }                                                                                      \
    }
#define REFERENCE_HALF(name, arity, CLASS)                                                         \
    REFERENCE_HALF_##arity(name, bf16) REFERENCE_HALF_##arity(name, f16)
RECTIFY_HALF_KERNELS(REFERENCE_HALF)

#define RECTIFY_ENTRY(name, arity)             .name = name,
#define RECTIFY_HALF_ENTRY(name, arity, CLASS) .name##_bf16 = name##_bf16, .name##_f16 = name##_f16,
const struct rectify_kernels rectify_reference = {.isa = RECTIFY_ISA_SCALAR,
                                                  .f16_conversion = "plain C (kernels/half_bits.h)",
                                                  .bf16_narrowing = "plain C (kernels/half_bits.h)",
                                                  RECTIFY_KERNEL_LIST(RECTIFY_ENTRY)
                                                      RECTIFY_HALF_KERNELS(RECTIFY_HALF_ENTRY)};
