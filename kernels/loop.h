/*
 * The one loop every elementwise kernel runs: a body unrolled by four
 * vectors, single vectors, then one masked partial vector for the tail, so
 * the tail computes with the same instructions (and gives the same bits) as
 * the body and never touches memory past the buffers.
 *
 * OP(v, k) is a function of one vector (MAP1) or two (MAP2) and a pointer k
 * to the op's constants, which the kernel sets up once before the loop.
 * The maps move the storage type's elements (storage.h: float, or bf16 and
 * fp16 widened on load and rounded on store; the body two vectors at a
 * time, vs_load2, which for bf16 may be the even and odd elements); OP
 * always sees floats.
 */
#ifndef RECTIFY_LOOP_H
#define RECTIFY_LOOP_H

#include "storage.h"

/* min(m, VLEN) floats: a whole vector, or the masked partial one. For loops
 * that are not a plain map (CReLU's rows, RReLU's Philox groups). */
static inline vfloat vf_load_upto(const float *p, size_t m)
{
    return m >= VLEN ? vf_load(p) : vf_load_part(p, m);
}

static inline void vf_store_upto(float *p, vfloat v, size_t m)
{
    if (m >= VLEN)
        vf_store(p, v);
    else
        vf_store_part(p, v, m);
}

/* The maps' bodies, four vectors at a time, two by two through LOAD2 and
 * STORE2 (storage.h's vs_load2 / vs_store2, or the _native pair). */
#define RECTIFY_MAP1_BODY(x, y, n, OP, k, STORE, LOAD2, STORE2)                                    \
    for (; i_ + 4 * VLEN <= (n); i_ += 4 * VLEN) {                                                 \
        vfloat v0_, v1_, v2_, v3_;                                                                 \
        LOAD2((x) + i_, v0_, v1_);                                                                 \
        LOAD2((x) + i_ + 2 * VLEN, v2_, v3_);                                                      \
        STORE2(STORE, (y) + i_, OP(v0_, k), OP(v1_, k));                                           \
        STORE2(STORE, (y) + i_ + 2 * VLEN, OP(v2_, k), OP(v3_, k));                                \
    }

#define RECTIFY_MAP1_WITH(x, y, n, OP, k, STORE)                                                   \
    do {                                                                                           \
        size_t i_ = 0;                                                                             \
        if (VS_HAS_NATIVE && VS_NATIVE_NOW(n))                                                     \
            RECTIFY_MAP1_BODY(x, y, n, OP, k, STORE, vs_load2_native, vs_store2_native)            \
        else                                                                                       \
            RECTIFY_MAP1_BODY(x, y, n, OP, k, STORE, vs_load2, vs_store2)                          \
        for (; i_ + VLEN <= (n); i_ += VLEN)                                                       \
            STORE((y) + i_, OP(vs_load((x) + i_), k));                                             \
        if (i_ < (n))                                                                              \
            vs_store_part((y) + i_, OP(vs_load_part((x) + i_, (n)-i_), k), (n)-i_);                \
    } while (0)

#define RECTIFY_MAP2_BODY(a, b, out, n, OP, k, STORE, LOAD2, STORE2)                               \
    for (; i_ + 4 * VLEN <= (n); i_ += 4 * VLEN) {                                                 \
        vfloat a0_, a1_, a2_, a3_, b0_, b1_, b2_, b3_;                                             \
        LOAD2((a) + i_, a0_, a1_);                                                                 \
        LOAD2((a) + i_ + 2 * VLEN, a2_, a3_);                                                      \
        LOAD2((b) + i_, b0_, b1_);                                                                 \
        LOAD2((b) + i_ + 2 * VLEN, b2_, b3_);                                                      \
        STORE2(STORE, (out) + i_, OP(a0_, b0_, k), OP(a1_, b1_, k));                               \
        STORE2(STORE, (out) + i_ + 2 * VLEN, OP(a2_, b2_, k), OP(a3_, b3_, k));                    \
    }

#define RECTIFY_MAP2_WITH(a, b, out, n, OP, k, STORE)                                              \
    do {                                                                                           \
        size_t i_ = 0;                                                                             \
        if (VS_HAS_NATIVE && VS_NATIVE_NOW(n))                                                     \
            RECTIFY_MAP2_BODY(a, b, out, n, OP, k, STORE, vs_load2_native, vs_store2_native)       \
        else                                                                                       \
            RECTIFY_MAP2_BODY(a, b, out, n, OP, k, STORE, vs_load2, vs_store2)                     \
        for (; i_ + VLEN <= (n); i_ += VLEN)                                                       \
            STORE((out) + i_, OP(vs_load((a) + i_), vs_load((b) + i_), k));                        \
        if (i_ < (n)) {                                                                            \
            size_t r_ = (n)-i_;                                                                    \
            vs_store_part((out) + i_,                                                              \
                          OP(vs_load_part((a) + i_, r_), vs_load_part((b) + i_, r_), k), r_);      \
        }                                                                                          \
    } while (0)

/* The loops of the kernels that work on several vectors at once, step by
 * step across them (the inline exponential, simd/exp.h): OPN(m, v, k)
 * transforms the m vectors v[0..m) in place (MAPN2: OPN(m, a, b, k) writes
 * into a). U vectors at a time, then one, then the masked tail; every lane
 * gets the same operations. All U are loaded before any is stored, so the
 * output may be an input. An even U moves them two at a time (vs_load2). */
#define RECTIFY_MAPN1_BODY(x, y, n, U, OPN, k, STORE, LOAD2, STORE2)                               \
    for (; i_ + (U)*VLEN <= (n); i_ += (U)*VLEN) {                                                 \
        if ((U) % 2 == 0) {                                                                        \
            _Pragma("GCC unroll 16") for (int j_ = 0; j_ < (U); j_ += 2)                           \
                LOAD2((x) + i_ + (size_t)j_ * VLEN, v_[j_], v_[j_ + 1]);                           \
        } else {                                                                                   \
            _Pragma("GCC unroll 16") for (int j_ = 0; j_ < (U); j_++) v_[j_] =                     \
                vs_load((x) + i_ + (size_t)j_ * VLEN);                                             \
        }                                                                                          \
        OPN((U), v_, k);                                                                           \
        if ((U) % 2 == 0) {                                                                        \
            _Pragma("GCC unroll 16") for (int j_ = 0; j_ < (U); j_ += 2)                           \
                STORE2(STORE, (y) + i_ + (size_t)j_ * VLEN, v_[j_], v_[j_ + 1]);                   \
        } else {                                                                                   \
            _Pragma("GCC unroll 16") for (int j_ = 0; j_ < (U); j_++)                              \
                STORE((y) + i_ + (size_t)j_ * VLEN, v_[j_]);                                       \
        }                                                                                          \
    }

#define RECTIFY_MAPN1_WITH(x, y, n, U, OPN, k, STORE)                                              \
    do {                                                                                           \
        size_t i_ = 0;                                                                             \
        vfloat v_[U];                                                                              \
        if (VS_HAS_NATIVE && VS_NATIVE_NOW(n))                                                     \
            RECTIFY_MAPN1_BODY(x, y, n, U, OPN, k, STORE, vs_load2_native, vs_store2_native)       \
        else                                                                                       \
            RECTIFY_MAPN1_BODY(x, y, n, U, OPN, k, STORE, vs_load2, vs_store2)                     \
        for (; i_ + VLEN <= (n); i_ += VLEN) {                                                     \
            v_[0] = vs_load((x) + i_);                                                             \
            OPN(1, v_, k);                                                                         \
            STORE((y) + i_, v_[0]);                                                                \
        }                                                                                          \
        if (i_ < (n)) {                                                                            \
            v_[0] = vs_load_part((x) + i_, (n)-i_);                                                \
            OPN(1, v_, k);                                                                         \
            vs_store_part((y) + i_, v_[0], (n)-i_);                                                \
        }                                                                                          \
    } while (0)

#define RECTIFY_MAPN2_BODY(a, b, out, n, U, OPN, k, STORE, LOAD2, STORE2)                          \
    for (; i_ + (U)*VLEN <= (n); i_ += (U)*VLEN) {                                                 \
        if ((U) % 2 == 0) {                                                                        \
            _Pragma("GCC unroll 16") for (int j_ = 0; j_ < (U); j_ += 2)                           \
            {                                                                                      \
                LOAD2((a) + i_ + (size_t)j_ * VLEN, a_[j_], a_[j_ + 1]);                           \
                LOAD2((b) + i_ + (size_t)j_ * VLEN, b_[j_], b_[j_ + 1]);                           \
            }                                                                                      \
        } else {                                                                                   \
            _Pragma("GCC unroll 16") for (int j_ = 0; j_ < (U); j_++)                              \
            {                                                                                      \
                a_[j_] = vs_load((a) + i_ + (size_t)j_ * VLEN);                                    \
                b_[j_] = vs_load((b) + i_ + (size_t)j_ * VLEN);                                    \
            }                                                                                      \
        }                                                                                          \
        OPN((U), a_, b_, k);                                                                       \
        if ((U) % 2 == 0) {                                                                        \
            _Pragma("GCC unroll 16") for (int j_ = 0; j_ < (U); j_ += 2)                           \
                STORE2(STORE, (out) + i_ + (size_t)j_ * VLEN, a_[j_], a_[j_ + 1]);                 \
        } else {                                                                                   \
            _Pragma("GCC unroll 16") for (int j_ = 0; j_ < (U); j_++)                              \
                STORE((out) + i_ + (size_t)j_ * VLEN, a_[j_]);                                     \
        }                                                                                          \
    }

#define RECTIFY_MAPN2_WITH(a, b, out, n, U, OPN, k, STORE)                                         \
    do {                                                                                           \
        size_t i_ = 0;                                                                             \
        vfloat a_[U], b_[U];                                                                       \
        if (VS_HAS_NATIVE && VS_NATIVE_NOW(n))                                                     \
            RECTIFY_MAPN2_BODY(a, b, out, n, U, OPN, k, STORE, vs_load2_native, vs_store2_native)  \
        else                                                                                       \
            RECTIFY_MAPN2_BODY(a, b, out, n, U, OPN, k, STORE, vs_load2, vs_store2)                \
        for (; i_ + VLEN <= (n); i_ += VLEN) {                                                     \
            a_[0] = vs_load((a) + i_);                                                             \
            b_[0] = vs_load((b) + i_);                                                             \
            OPN(1, a_, b_, k);                                                                     \
            STORE((out) + i_, a_[0]);                                                              \
        }                                                                                          \
        if (i_ < (n)) {                                                                            \
            size_t r_ = (n)-i_;                                                                    \
            a_[0] = vs_load_part((a) + i_, r_);                                                    \
            b_[0] = vs_load_part((b) + i_, r_);                                                    \
            OPN(1, a_, b_, k);                                                                     \
            vs_store_part((out) + i_, a_[0], r_);                                                  \
        }                                                                                          \
    } while (0)

/* The maps as the kernels use them: ordinary stores, or, where `stream` is
 * set and the layer has them, non-temporal stores for the body from the
 * first output address aligned to a vector (ordinary ones before it and for
 * the tail), then the fence. Every element gets the same operations. */
/* Elements of `size` bytes before y reaches a vector of `lanes` of them's
 * alignment (all n when y is not aligned to one element). */
static inline size_t rectify_stream_head_of(const void *y, size_t n, size_t size, size_t lanes)
{
    size_t mis = (size_t)(((uintptr_t)y / size) % lanes);
    size_t head = mis ? lanes - mis : 0;
    return ((uintptr_t)y % size) ? n : (head < n ? head : n);
}

static inline size_t rectify_stream_head(const relem *y, size_t n)
{
    return rectify_stream_head_of(y, n, sizeof(relem), VLEN);
}

/* 0 < n < VLEN: the whole call is one partial vector (the maps below take
 * it first, so that a call of a few elements makes one test and no other;
 * n = 0 and the scalar layer never). */
static inline int rectify_one_part(size_t n)
{
    return VLEN > 1 && n - 1 < (size_t)(VLEN > 1 ? VLEN - 1 : 1);
}

#define RECTIFY_MAP1(x, y, n, OP, k)      RECTIFY_MAP1_WITH(x, y, n, OP, k, vs_store)
#define RECTIFY_MAP2(a, b, out, n, OP, k) RECTIFY_MAP2_WITH(a, b, out, n, OP, k, vs_store)

#define RECTIFY_MAP1_STREAM(x, y, n, OP, k, stream)                                                \
    do {                                                                                           \
        const relem *xs_ = (x);                                                                    \
        relem *ys_ = (y);                                                                          \
        size_t ns_ = (n);                                                                          \
        if (rectify_one_part(ns_)) {                                                               \
            vs_store_part(ys_, OP(vs_load_part(xs_, ns_), k), ns_);                                \
        } else if (VS_HAS_STREAM && (stream)) {                                                    \
            size_t hs_ = rectify_stream_head(ys_, ns_);                                            \
            RECTIFY_MAP1_WITH(xs_, ys_, hs_, OP, k, vs_store);                                     \
            RECTIFY_MAP1_WITH(xs_ + hs_, ys_ + hs_, ns_ - hs_, OP, k, vs_store_stream);            \
            vf_stream_fence();                                                                     \
        } else {                                                                                   \
            RECTIFY_MAP1_WITH(xs_, ys_, ns_, OP, k, vs_store);                                     \
        }                                                                                          \
    } while (0)

#define RECTIFY_MAP2_STREAM(a, b, out, n, OP, k, stream)                                           \
    do {                                                                                           \
        const relem *as_ = (a), *bs_ = (b);                                                        \
        relem *os_ = (out);                                                                        \
        size_t ns_ = (n);                                                                          \
        if (rectify_one_part(ns_)) {                                                               \
            vs_store_part(os_, OP(vs_load_part(as_, ns_), vs_load_part(bs_, ns_), k), ns_);        \
        } else if (VS_HAS_STREAM && (stream)) {                                                    \
            size_t hs_ = rectify_stream_head(os_, ns_);                                            \
            RECTIFY_MAP2_WITH(as_, bs_, os_, hs_, OP, k, vs_store);                                \
            RECTIFY_MAP2_WITH(as_ + hs_, bs_ + hs_, os_ + hs_, ns_ - hs_, OP, k, vs_store_stream); \
            vf_stream_fence();                                                                     \
        } else {                                                                                   \
            RECTIFY_MAP2_WITH(as_, bs_, os_, ns_, OP, k, vs_store);                                \
        }                                                                                          \
    } while (0)

#define RECTIFY_MAPN1_STREAM(x, y, n, U, OPN, k, stream)                                           \
    do {                                                                                           \
        const relem *xs_ = (x);                                                                    \
        relem *ys_ = (y);                                                                          \
        size_t ns_ = (n);                                                                          \
        if (VS_HAS_STREAM && (stream)) {                                                           \
            size_t hs_ = rectify_stream_head(ys_, ns_);                                            \
            RECTIFY_MAPN1_WITH(xs_, ys_, hs_, U, OPN, k, vs_store);                                \
            RECTIFY_MAPN1_WITH(xs_ + hs_, ys_ + hs_, ns_ - hs_, U, OPN, k, vs_store_stream);       \
            vf_stream_fence();                                                                     \
        } else {                                                                                   \
            RECTIFY_MAPN1_WITH(xs_, ys_, ns_, U, OPN, k, vs_store);                                \
        }                                                                                          \
    } while (0)

#define RECTIFY_MAPN2_STREAM(a, b, out, n, U, OPN, k, stream)                                      \
    do {                                                                                           \
        const relem *as_ = (a), *bs_ = (b);                                                        \
        relem *os_ = (out);                                                                        \
        size_t ns_ = (n);                                                                          \
        if (VS_HAS_STREAM && (stream)) {                                                           \
            size_t hs_ = rectify_stream_head(os_, ns_);                                            \
            RECTIFY_MAPN2_WITH(as_, bs_, os_, hs_, U, OPN, k, vs_store);                           \
            RECTIFY_MAPN2_WITH(as_ + hs_, bs_ + hs_, os_ + hs_, ns_ - hs_, U, OPN, k,              \
                               vs_store_stream);                                                   \
            vf_stream_fence();                                                                     \
        } else {                                                                                   \
            RECTIFY_MAPN2_WITH(as_, bs_, os_, ns_, U, OPN, k, vs_store);                           \
        }                                                                                          \
    } while (0)

#endif
