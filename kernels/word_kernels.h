/*
 * relu and relu6 on bf16 and fp16 bit patterns, forward and backward,
 * giving exactly the bits of "widen, the f32 build's functions
 * (pointwise.c), round": a result is an input unchanged (a NaN quiet: its
 * quiet bit set, which is what the round trip does), +0, or 6. Signed
 * 16-bit compares order the patterns: sign clear is 0..0x7fff in value
 * order (+inf at INF, NaNs above); sign set is -32768 + magnitude, so the
 * negative numbers, -0 excluded, are -32767 .. -32768 + INF.
 *
 * Included by pointwise.c in its bf16 and fp16 objects, and by words_bw.c,
 * which builds the same kernels on AVX512BW's 512-bit words. The AVX-512
 * set's own copies (256-bit words: the set requires AVX-512F only) hand
 * every call over to those where the CPU has AVX512BW
 * (RECTIFY_WORDS_HAND_OVER, set by the build for the avx512 objects).
 */
#ifndef RECTIFY_WORD_KERNELS_H
#define RECTIFY_WORD_KERNELS_H

#include "isa.h"
#include "storage.h"
#include "words.h"

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

/* Where h is a NaN. */
static inline vwmask word_nan(vword h, const struct word_consts *k)
{
    return vw_gt(vw_and(h, k->magnitude), k->inf);
}

/* h, its quiet bit set if it is a NaN. */
static inline vword word_quiet(vword h, const struct word_consts *k)
{
    return vw_or_where(word_nan(h, k), h, k->quiet);
}

/* Where h < 0 (so not -0, not a NaN): h is one of the patterns
 * 0x8001 .. 0x8000 + INF, which h - 1 (wrapping) maps to the lowest INF
 * signed words, -32768 .. -32768 + INF - 1; every other pattern lands at
 * or above -32768 + INF. One subtraction and one compare. */
static inline vwmask word_negative(vword h, const struct word_consts *k)
{
    return vw_gt(k->negative_top, vw_sub(h, k->one));
}

/* No lane of the four vectors is a NaN: their magnitudes' maximum is at
 * most INF (a signed maximum: the magnitudes are below 0x8000). NaNs are
 * rare, and where there are none, quieting is the identity: the maps run
 * each op's _plain form, which skips it, on four vectors at a time that
 * pass this test (relu forward: 3 operations a vector and 9 per four for
 * the test, against 7 a vector). A layer whose masked operations make the
 * quieting cheap enough leaves VW_PLAIN_BLOCKS 0 (simd/README.md), and
 * its maps never take the plain form. */
static inline int word_plain4(vword a, vword b, vword c, vword d, const struct word_consts *k)
{
    if (!VW_PLAIN_BLOCKS)
        return 0;
    vword m = vw_max(vw_max(vw_and(a, k->magnitude), vw_and(b, k->magnitude)),
                     vw_max(vw_and(c, k->magnitude), vw_and(d, k->magnitude)));
    return !vwm_any(vw_gt(m, k->inf));
}

/* x < 0 ? +0 : x */
static inline vword relu_fwd_words_plain(vword x, const struct word_consts *k)
{
    return vw_zero_where(word_negative(x, k), x);
}
static inline vword relu_fwd_words(vword x, const struct word_consts *k)
{
    return relu_fwd_words_plain(word_quiet(x, k), k); /* a NaN is not negative */
}

/* x <= 0 ? +0 : dy: x is +0, or has its sign set and is not a NaN. */
static inline vword relu_bwd_words_plain(vword x, vword dy, const struct word_consts *k)
{
    vwmask at_most_zero = vwm_or(vw_eq(x, k->zero), vw_gt(k->negative_end, x));
    return vw_zero_where(at_most_zero, dy);
}
static inline vword relu_bwd_words(vword x, vword dy, const struct word_consts *k)
{
    return relu_bwd_words_plain(x, word_quiet(dy, k), k);
}

/* x < 0 ? +0 : (x > 6 ? 6 : x): the signed minimum with 6 clamps the
 * positive side (+inf and the positive NaNs too, which the full form puts
 * back) and leaves the negative side as it is. */
static inline vword relu6_fwd_words_plain(vword x, const struct word_consts *k)
{
    return vw_zero_where(word_negative(x, k), vw_min(x, k->six));
}
static inline vword relu6_fwd_words(vword x, const struct word_consts *k)
{
    return vw_select(word_nan(x, k), vw_or(x, k->quiet), relu6_fwd_words_plain(x, k));
}

/* (x > 0 && x < 6) ? dy : +0: x is one of the patterns 1 .. 6's - 1. */
static inline vword relu6_bwd_words_plain(vword x, vword dy, const struct word_consts *k)
{
    vwmask inside = vwm_and(vw_gt(x, k->zero), vw_gt(k->six, x));
    return vw_keep_where(inside, dy);
}
static inline vword relu6_bwd_words(vword x, vword dy, const struct word_consts *k)
{
    return relu6_bwd_words_plain(x, word_quiet(dy, k), k);
}

/* The 512-bit copy of a kernel (words_bw.c's symbols), and the hand-over
 * to it at the top of the 256-bit one: one cached load and a branch. */
#define WORD_BW_KERNEL(name)                                                                       \
    RECTIFY_PASTE3(                                                                                \
        rectify_, name,                                                                            \
        RECTIFY_PASTE3(_, RECTIFY_STORAGE_NAME, RECTIFY_PASTE3(_, RECTIFY_KERNEL_SUFFIX, bw)))
#ifdef RECTIFY_WORDS_HAND_OVER
#define WORD_BW_DECLARE(name, params) void WORD_BW_KERNEL(name) params;
#define WORD_BW_TAKE(name, args)                                                                   \
    if (rectify_cpu_avx512bw()) {                                                                  \
        WORD_BW_KERNEL(name) args;                                                                 \
        return;                                                                                    \
    }
#else
#define WORD_BW_DECLARE(name, params)
#define WORD_BW_TAKE(name, args)
#endif

#define UNARY_WORD_KERNEL(name, OP)                                                                \
    WORD_BW_DECLARE(name, (const relem *, relem *, size_t, const struct rectify_params *))         \
    void STORED_KERNEL(name)(const relem *x, relem *y, size_t n, const struct rectify_params *p)   \
    {                                                                                              \
        WORD_BW_TAKE(name, (x, y, n, p))                                                           \
        const struct word_consts k = word_consts();                                                \
        RECTIFY_WMAP1(x, y, n, OP, OP##_plain, word_plain4, &k, p->stream);                        \
    }

#define BINARY_WORD_KERNEL(name, OP)                                                               \
    WORD_BW_DECLARE(                                                                               \
        name, (const relem *, const relem *, relem *, size_t, const struct rectify_params *))      \
    void STORED_KERNEL(name)(const relem *a, const relem *b, relem *out, size_t n,                 \
                             const struct rectify_params *p)                                       \
    {                                                                                              \
        WORD_BW_TAKE(name, (a, b, out, n, p))                                                      \
        const struct word_consts k = word_consts();                                                \
        RECTIFY_WMAP2(a, b, out, n, OP, OP##_plain, word_plain4, &k, p->stream);                   \
    }

UNARY_WORD_KERNEL(relu_forward, relu_fwd_words)
BINARY_WORD_KERNEL(relu_backward, relu_bwd_words)
UNARY_WORD_KERNEL(relu6_forward, relu6_fwd_words)
BINARY_WORD_KERNEL(relu6_backward, relu6_bwd_words)

#endif
