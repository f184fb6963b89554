/*
 * Maps over 16-bit words: the bf16 and fp16 kernels that never need the
 * value in float32 work on the bit patterns themselves (word_kernels.h:
 * relu and relu6, forward and backward), VWLEN words at a time (the layer's
 * vword, simd/README.md). The same loop shape as loop.h: four vectors, one,
 * then the tail through a stack vector or the layer's masked loads and
 * stores, which read and write only the caller's elements; every element
 * gets the same operations.
 *
 * OP(v, k) / OP(a, b, k) maps vwords; k points to its constants. The
 * four-vector body asks PLAIN4(v0, v1, v2, v3, k) of the four vectors of
 * the input (a binary op: of the second input, b) whether they are plain,
 * and where they are maps them with FAST, which must give OP's bits on
 * such vectors (word_kernels.h: plain is no NaN, which OP would quiet);
 * elsewhere OP. Where `stream` is set and the layer has them, the body
 * uses non-temporal stores from the first output address aligned to a
 * vector.
 */
#ifndef RECTIFY_WORDS_H
#define RECTIFY_WORDS_H

#include <stdint.h>
#include <string.h>

#include "loop.h"

/* Masks: where the layer's comparisons give vectors of all ones or zero
 * (every layer but AVX512BW's, which has mask registers), these verbs are
 * the bitwise ops on them. */
#ifndef VW_MASKS
typedef vword vwmask;
static inline vwmask vwm_or(vwmask a, vwmask b) { return vw_or(a, b); }
static inline vwmask vwm_and(vwmask a, vwmask b) { return vw_and(a, b); }
static inline vword vw_zero_where(vwmask m, vword v) { return vw_andnot(m, v); }
static inline vword vw_keep_where(vwmask m, vword v) { return vw_and(m, v); }
static inline vword vw_or_where(vwmask m, vword v, vword w) { return vw_or(v, vw_and(m, w)); }
#endif

/* The first n words, 0 < n < VWLEN, through a stack vector (the lanes past
 * n read as 0), unless the layer has masked loads and stores. */
#ifndef VW_HAS_PART
static inline vword vw_load_part(const uint16_t *p, size_t n)
{
    uint16_t lanes[VWLEN] = {0};
    memcpy(lanes, p, n * sizeof(uint16_t));
    return vw_load(lanes);
}

static inline void vw_store_part(uint16_t *p, vword v, size_t n)
{
    uint16_t lanes[VWLEN];
    vw_store(lanes, v);
    memcpy(p, lanes, n * sizeof(uint16_t));
}
#endif

/* Elements before y reaches a whole vector's alignment (loop.h). */
static inline size_t vw_stream_head(const uint16_t *y, size_t n)
{
    return rectify_stream_head_of(y, n, sizeof(uint16_t), VWLEN);
}

#define RECTIFY_WMAP1_BODY(y, i, OP, v0, v1, v2, v3, k, STORE)                                     \
    do {                                                                                           \
        STORE((y) + (i), OP(v0, k));                                                               \
        STORE((y) + (i) + VWLEN, OP(v1, k));                                                       \
        STORE((y) + (i) + 2 * VWLEN, OP(v2, k));                                                   \
        STORE((y) + (i) + 3 * VWLEN, OP(v3, k));                                                   \
    } while (0)

#define RECTIFY_WMAP1_WITH(x, y, n, OP, FAST, PLAIN4, k, STORE)                                    \
    do {                                                                                           \
        size_t i_ = 0;                                                                             \
        for (; i_ + 4 * VWLEN <= (n); i_ += 4 * VWLEN) {                                           \
            vword v0_ = vw_load((x) + i_), v1_ = vw_load((x) + i_ + VWLEN);                        \
            vword v2_ = vw_load((x) + i_ + 2 * VWLEN), v3_ = vw_load((x) + i_ + 3 * VWLEN);        \
            if (__builtin_expect(PLAIN4(v0_, v1_, v2_, v3_, k), 1))                                \
                RECTIFY_WMAP1_BODY(y, i_, FAST, v0_, v1_, v2_, v3_, k, STORE);                     \
            else                                                                                   \
                RECTIFY_WMAP1_BODY(y, i_, OP, v0_, v1_, v2_, v3_, k, STORE);                       \
        }                                                                                          \
        for (; i_ + VWLEN <= (n); i_ += VWLEN)                                                     \
            STORE((y) + i_, OP(vw_load((x) + i_), k));                                             \
        if (i_ < (n))                                                                              \
            vw_store_part((y) + i_, OP(vw_load_part((x) + i_, (n)-i_), k), (n)-i_);                \
    } while (0)

#define RECTIFY_WMAP2_BODY(out, i, OP, a0, a1, a2, a3, b0, b1, b2, b3, k, STORE)                   \
    do {                                                                                           \
        STORE((out) + (i), OP(a0, b0, k));                                                         \
        STORE((out) + (i) + VWLEN, OP(a1, b1, k));                                                 \
        STORE((out) + (i) + 2 * VWLEN, OP(a2, b2, k));                                             \
        STORE((out) + (i) + 3 * VWLEN, OP(a3, b3, k));                                             \
    } while (0)

#define RECTIFY_WMAP2_WITH(a, b, out, n, OP, FAST, PLAIN4, k, STORE)                               \
    do {                                                                                           \
        size_t i_ = 0;                                                                             \
        for (; i_ + 4 * VWLEN <= (n); i_ += 4 * VWLEN) {                                           \
            vword a0_ = vw_load((a) + i_), a1_ = vw_load((a) + i_ + VWLEN);                        \
            vword a2_ = vw_load((a) + i_ + 2 * VWLEN), a3_ = vw_load((a) + i_ + 3 * VWLEN);        \
            vword b0_ = vw_load((b) + i_), b1_ = vw_load((b) + i_ + VWLEN);                        \
            vword b2_ = vw_load((b) + i_ + 2 * VWLEN), b3_ = vw_load((b) + i_ + 3 * VWLEN);        \
            if (__builtin_expect(PLAIN4(b0_, b1_, b2_, b3_, k), 1))                                \
                RECTIFY_WMAP2_BODY(out, i_, FAST, a0_, a1_, a2_, a3_, b0_, b1_, b2_, b3_, k,       \
                                   STORE);                                                         \
            else                                                                                   \
                RECTIFY_WMAP2_BODY(out, i_, OP, a0_, a1_, a2_, a3_, b0_, b1_, b2_, b3_, k, STORE); \
        }                                                                                          \
        for (; i_ + VWLEN <= (n); i_ += VWLEN)                                                     \
            STORE((out) + i_, OP(vw_load((a) + i_), vw_load((b) + i_), k));                        \
        if (i_ < (n)) {                                                                            \
            size_t r_ = (n)-i_;                                                                    \
            vw_store_part((out) + i_,                                                              \
                          OP(vw_load_part((a) + i_, r_), vw_load_part((b) + i_, r_), k), r_);      \
        }                                                                                          \
    } while (0)

#define RECTIFY_WMAP1(x, y, n, OP, FAST, PLAIN4, k, stream)                                        \
    do {                                                                                           \
        const uint16_t *xs_ = (x);                                                                 \
        uint16_t *ys_ = (y);                                                                       \
        size_t ns_ = (n);                                                                          \
        if (VW_HAS_STREAM && (stream)) {                                                           \
            size_t hs_ = vw_stream_head(ys_, ns_);                                                 \
            RECTIFY_WMAP1_WITH(xs_, ys_, hs_, OP, FAST, PLAIN4, k, vw_store);                      \
            RECTIFY_WMAP1_WITH(xs_ + hs_, ys_ + hs_, ns_ - hs_, OP, FAST, PLAIN4, k,               \
                               vw_store_stream);                                                   \
            vf_stream_fence();                                                                     \
        } else {                                                                                   \
            RECTIFY_WMAP1_WITH(xs_, ys_, ns_, OP, FAST, PLAIN4, k, vw_store);                      \
        }                                                                                          \
    } while (0)

#define RECTIFY_WMAP2(a, b, out, n, OP, FAST, PLAIN4, k, stream)                                   \
    do {                                                                                           \
        const uint16_t *as_ = (a), *bs_ = (b);                                                     \
        uint16_t *os_ = (out);                                                                     \
        size_t ns_ = (n);                                                                          \
        if (VW_HAS_STREAM && (stream)) {                                                           \
            size_t hs_ = vw_stream_head(os_, ns_);                                                 \
            RECTIFY_WMAP2_WITH(as_, bs_, os_, hs_, OP, FAST, PLAIN4, k, vw_store);                 \
            RECTIFY_WMAP2_WITH(as_ + hs_, bs_ + hs_, os_ + hs_, ns_ - hs_, OP, FAST, PLAIN4, k,    \
                               vw_store_stream);                                                   \
            vf_stream_fence();                                                                     \
        } else {                                                                                   \
            RECTIFY_WMAP2_WITH(as_, bs_, os_, ns_, OP, FAST, PLAIN4, k, vw_store);                 \
        }                                                                                          \
    } while (0)

#endif
