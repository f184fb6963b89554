/*
 * The piecewise-linear ops: relu, leaky_relu, relu6, forward and backward.
 * Each is a per-vector function and a kernel that maps it over the buffer.
 * Operand orders are chosen for DESIGN.md's NaN and signed-zero rules; the
 * vector layer's vf_max(a, b) is exactly `a > b ? a : b` on every ISA.
 * Compiled once per storage type (storage.h): the bf16 and fp16 kernels
 * widen, run the same per-vector function, and round once; except relu and
 * relu6, whose bf16 and fp16 results are always an input's bits (or 0, or
 * 6): those work on the bit patterns (word_kernels.h), with no conversion.
 */
#include "isa.h"
#include "loop.h"

struct pointwise_consts {
    vfloat zero, six, slope;
};

static inline struct pointwise_consts pointwise_consts(const struct rectify_params *p)
{
    struct pointwise_consts k = {vf_zero(), vf_set1(6.0f), vf_set1(p->slope)};
    return k;
}

/* x > 0 ? x : x * s: x NaN takes the product, which is NaN. */
static inline vfloat leaky_fwd(vfloat x, const struct pointwise_consts *k)
{
    return vf_select(vf_gt(x, k->zero), x, vf_mul(x, k->slope));
}

static inline vfloat leaky_bwd(vfloat x, vfloat dy, const struct pointwise_consts *k)
{
    return vf_select(vf_gt(x, k->zero), dy, vf_mul(dy, k->slope));
}

#define UNARY_KERNEL(name, OP)                                                                     \
    void STORED_KERNEL(name)(const relem *x, relem *y, size_t n, const struct rectify_params *p)   \
    {                                                                                              \
        const struct pointwise_consts k = pointwise_consts(p);                                     \
        RECTIFY_MAP1_STREAM(x, y, n, OP, &k, p->stream);                                           \
    }

#define BINARY_KERNEL(name, OP)                                                                    \
    void STORED_KERNEL(name)(const relem *a, const relem *b, relem *out, size_t n,                 \
                             const struct rectify_params *p)                                       \
    {                                                                                              \
        const struct pointwise_consts k = pointwise_consts(p);                                     \
        RECTIFY_MAP2_STREAM(a, b, out, n, OP, &k, p->stream);                                      \
    }

UNARY_KERNEL(leaky_relu_forward, leaky_fwd)
BINARY_KERNEL(leaky_relu_backward, leaky_bwd)

#if RECTIFY_STORAGE == RECTIFY_STORAGE_F32
/* x < 0 ? +0 : x  ==  (0 > x) ? 0 : x: NaN and -0 fall through to x. */
static inline vfloat relu_fwd(vfloat x, const struct pointwise_consts *k)
{
    return vf_max(k->zero, x);
}

/* x <= 0 ? +0 : dy: an ordered compare, so x NaN passes dy. */
static inline vfloat relu_bwd(vfloat x, vfloat dy, const struct pointwise_consts *k)
{
    return vf_select(vf_le(x, k->zero), k->zero, dy);
}

/* min(6, x) is `6 < x ? 6 : x`, then max(0, .) is `0 > t ? 0 : t`: NaN and
 * -0 reach the output unchanged. */
static inline vfloat relu6_fwd(vfloat x, const struct pointwise_consts *k)
{
    return vf_max(k->zero, vf_min(k->six, x));
}

static inline vfloat relu6_bwd(vfloat x, vfloat dy, const struct pointwise_consts *k)
{
    vmask inside = vm_and(vf_gt(x, k->zero), vf_lt(x, k->six));
    return vf_select(inside, dy, k->zero);
}

UNARY_KERNEL(relu_forward, relu_fwd)
BINARY_KERNEL(relu_backward, relu_bwd)
UNARY_KERNEL(relu6_forward, relu6_fwd)
BINARY_KERNEL(relu6_backward, relu6_bwd)
#else
#include "word_kernels.h"
#endif
