/*
 * The piecewise-linear ops: relu, leaky_relu, relu6, forward and backward.
 * Each is a per-vector function and a kernel that maps it over the buffer.
 * Operand orders are chosen for DESIGN.md's NaN and signed-zero rules; the
 * vector layer's vf_max(a, b) is exactly `a > b ? a : b` on every ISA.
 * Compiled once per storage type (storage.h): the bf16 and fp16 kernels
 * widen, run the same per-vector function, and round once; except relu and
 * relu6, whose bf16 and fp16 results are always an input's bits (or 0, or
 * 6): those work on the bit patterns (words.h), with no conversion.
 */
#include "isa.h"
#include "loop.h"
#include "words.h"

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
/* relu and relu6 on bf16 and fp16 bit patterns, giving exactly the bits of
 * "widen, the f32 build's functions above, round": a result is an input
 * unchanged (a NaN quiet: its quiet bit set, which is what the round trip
 * does), +0, or 6. Signed 16-bit compares order the patterns: sign clear is 0..0x7fff
 * in value order (+inf at INF, NaNs above); sign set is -32768 + magnitude,
 * so the negative numbers, -0 excluded, are -32767 .. -32768 + INF. */
#if RECTIFY_STORAGE == RECTIFY_STORAGE_BF16
#define WORD_INF   0x7f80u /* +inf */
#define WORD_QUIET 0x0040u /* a NaN's quiet bit */
#define WORD_SIX   0x40c0u /* 6.0 */
#else
#define WORD_INF   0x7c00u
#define WORD_QUIET 0x0200u
#define WORD_SIX   0x4600u
#endif

struct word_consts {
    vword zero, one, magnitude, inf, quiet, six, negative_top, negative_end;
};

static inline struct word_consts word_consts(void)
{
    struct word_consts k = {vw_set1(0),
                            vw_set1(1),
                            vw_set1(0x7fffu),
                            vw_set1(WORD_INF),
                            vw_set1(WORD_QUIET),
                            vw_set1(WORD_SIX),
                            vw_set1((uint16_t)(0x8000u + WORD_INF)),
                            vw_set1((uint16_t)(0x8000u + WORD_INF + 1u))};
    return k;
}

/* All ones where h is a NaN. */
static inline vword word_nan(vword h, const struct word_consts *k)
{
    return vw_gt(vw_and(h, k->magnitude), k->inf);
}

/* h, its quiet bit set if it is a NaN. */
static inline vword word_quiet(vword h, const struct word_consts *k)
{
    return vw_or(h, vw_and(word_nan(h, k), k->quiet));
}

/* All ones where h < 0 (so not -0, not a NaN): h is one of the patterns
 * 0x8001 .. 0x8000 + INF, which h - 1 (wrapping) maps to the lowest INF
 * signed words, -32768 .. -32768 + INF - 1; every other pattern lands at
 * or above -32768 + INF. One subtraction and one compare. */
static inline vword word_negative(vword h, const struct word_consts *k)
{
    return vw_gt(k->negative_top, vw_sub(h, k->one));
}

/* x < 0 ? +0 : x */
static inline vword relu_fwd_words(vword x, const struct word_consts *k)
{
    return vw_andnot(word_negative(x, k), word_quiet(x, k));
}

/* x <= 0 ? +0 : dy: x is +0, or has its sign set and is not a NaN. */
static inline vword relu_bwd_words(vword x, vword dy, const struct word_consts *k)
{
    vword at_most_zero = vw_or(vw_eq(x, k->zero), vw_gt(k->negative_end, x));
    return vw_andnot(at_most_zero, word_quiet(dy, k));
}

/* x < 0 ? +0 : (x > 6 ? 6 : x): the signed minimum with 6 clamps the
 * positive side (+inf and the positive NaNs too, which the last step puts
 * back) and leaves the negative side as it is. */
static inline vword relu6_fwd_words(vword x, const struct word_consts *k)
{
    vword clamped = vw_andnot(word_negative(x, k), vw_min(x, k->six));
    return vw_select(word_nan(x, k), vw_or(x, k->quiet), clamped);
}

/* (x > 0 && x < 6) ? dy : +0: x is one of the patterns 1 .. 6's - 1. */
static inline vword relu6_bwd_words(vword x, vword dy, const struct word_consts *k)
{
    vword inside = vw_and(vw_gt(x, k->zero), vw_gt(k->six, x));
    return vw_and(inside, word_quiet(dy, k));
}

#define UNARY_WORD_KERNEL(name, OP)                                                                \
    void STORED_KERNEL(name)(const relem *x, relem *y, size_t n, const struct rectify_params *p)   \
    {                                                                                              \
        const struct word_consts k = word_consts();                                                \
        RECTIFY_WMAP1(x, y, n, OP, &k, p->stream);                                                 \
    }

#define BINARY_WORD_KERNEL(name, OP)                                                               \
    void STORED_KERNEL(name)(const relem *a, const relem *b, relem *out, size_t n,                 \
                             const struct rectify_params *p)                                       \
    {                                                                                              \
        const struct word_consts k = word_consts();                                                \
        RECTIFY_WMAP2(a, b, out, n, OP, &k, p->stream);                                            \
    }

UNARY_WORD_KERNEL(relu_forward, relu_fwd_words)
BINARY_WORD_KERNEL(relu_backward, relu_bwd_words)
UNARY_WORD_KERNEL(relu6_forward, relu6_fwd_words)
BINARY_WORD_KERNEL(relu6_backward, relu6_bwd_words)
#endif
