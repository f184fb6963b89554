/*
 * How a call runs once its arguments are checked: on the calling thread or
 * split across threads (the caller's pool, or rectify's own), with ordinary
 * or non-temporal stores. Internal.
 *
 * A call is split into chunks of whole vectors whose boundaries fall on
 * 64-byte lines of the output, so no two threads write one line; every
 * element is computed by the same kernel with the same operations whatever
 * the split, so the bits do not depend on it (RReLU's slopes come from the
 * counter offset + i: each chunk passes its own offset). Below a work
 * threshold per kind of op (rectify_work) a call stays on the calling
 * thread.
 */
#ifndef RECTIFY_PARALLEL_H
#define RECTIFY_PARALLEL_H

#include "kernel.h"

/* What a call costs per element, which sets where splitting it pays. */
enum rectify_work {
    RECTIFY_WORK_MEMORY,        /* the piecewise ops, CReLU, backward from the output */
    RECTIFY_WORK_EXPONENTIAL,   /* ELU and SELU's default kernels */
    RECTIFY_WORK_DETERMINISTIC, /* ELU and SELU's deterministic kernels (SLEEF) */
    RECTIFY_WORK_RANDOM,        /* RReLU in training (Philox) */
    RECTIFY_N_WORK
};

/* What ELU and SELU's kernels cost per element in a mode (det: deterministic). */
static inline enum rectify_work rectify_exponential_work(int det)
{
    return det ? RECTIFY_WORK_DETERMINISTIC : RECTIFY_WORK_EXPONENTIAL;
}

/* The settings (parallel.c): the non-temporal store threshold in bytes (0:
 * never), and what the inline check below reads, one load: the bytes below
 * which a call stores as usual, 0 until the start-up settings are in place
 * (SIZE_MAX when the threshold is 0). */
#include <stdatomic.h>
extern atomic_size_t rectify_parallel_nt_bytes;
extern atomic_size_t rectify_parallel_direct_bytes;

/* Below this many elements no call of any kind is split (twice the smallest
 * grain, parallel.c's min_chunk). */
#define RECTIFY_SPLIT_MIN (2 * 4 * 1024)

/* The bytes the non-temporal threshold is compared with: all the call's
 * buffers' when the output is a buffer of its own, 0 in place (the loads
 * have brought the output's lines into the cache, so an ordinary store
 * reads nothing more; measured faster than streaming, past the cache too). */
static inline size_t rectify_unary_bytes(const float *x, const float *y, size_t n)
{
    return x == y ? 0 : 2 * n * sizeof(float);
}
static inline size_t rectify_binary_bytes(const float *a, const float *b, const float *out,
                                          size_t n)
{
    return out == a || out == b ? 0 : (a == b ? 2 : 3) * n * sizeof(float);
}
static inline size_t rectify_deconcat_bytes(const float *x, const float *dx, size_t n)
{
    return x == dx ? 0 : 4 * n * sizeof(float); /* dy is 2n */
}

/* Whether a call of n elements moving `bytes` runs on the calling thread
 * with ordinary stores, as every small call does: then it is the kernel
 * call alone, checked inline (a call of a few floats costs a few ns). */
static inline int rectify_direct(size_t n, size_t bytes)
{
    return n < RECTIFY_SPLIT_MIN &&
           bytes < atomic_load_explicit(&rectify_parallel_direct_bytes, memory_order_acquire);
}

/* The rest: split across threads, or non-temporal stores, or before the
 * settings are read. */
void rectify_split_unary(rectify_unary_fn f, const float *x, float *y, size_t n,
                         const struct rectify_params *p, enum rectify_work work);
void rectify_split_binary(rectify_binary_fn f, const float *a, const float *b, float *out, size_t n,
                          const struct rectify_params *p, enum rectify_work work);
void rectify_split_concat(rectify_concat_fn f, const float *x, float *y, size_t outer, size_t inner,
                          const struct rectify_params *p);
void rectify_split_deconcat(rectify_deconcat_fn f, const float *x, const float *dy, float *dx,
                            size_t outer, size_t inner, const struct rectify_params *p);

static inline void rectify_exec_unary(rectify_unary_fn f, const float *x, float *y, size_t n,
                                      const struct rectify_params *p, enum rectify_work work)
{
    if (rectify_direct(n, rectify_unary_bytes(x, y, n)))
        f(x, y, n, p);
    else
        rectify_split_unary(f, x, y, n, p, work);
}

static inline void rectify_exec_binary(rectify_binary_fn f, const float *a, const float *b,
                                       float *out, size_t n, const struct rectify_params *p,
                                       enum rectify_work work)
{
    if (rectify_direct(n, rectify_binary_bytes(a, b, out, n)))
        f(a, b, out, n, p);
    else
        rectify_split_binary(f, a, b, out, n, p, work);
}

static inline void rectify_exec_concat(rectify_concat_fn f, const float *x, float *y, size_t outer,
                                       size_t inner, const struct rectify_params *p)
{
    if (rectify_direct(outer * inner, outer * inner * 3 * sizeof(float)))
        f(x, y, outer, inner, p);
    else
        rectify_split_concat(f, x, y, outer, inner, p);
}

static inline void rectify_exec_deconcat(rectify_deconcat_fn f, const float *x, const float *dy,
                                         float *dx, size_t outer, size_t inner,
                                         const struct rectify_params *p)
{
    if (rectify_direct(outer * inner, rectify_deconcat_bytes(x, dx, outer * inner)))
        f(x, dy, dx, outer, inner, p);
    else
        rectify_split_deconcat(f, x, dy, dx, outer, inner, p);
}

/* bf16 and fp16 (2-byte elements): the same, with ordinary stores at every
 * size (their kernels have no streaming stores); a call below
 * RECTIFY_SPLIT_MIN elements is the kernel call alone. */
void rectify_split_unary_h(rectify_unary_h_fn f, const uint16_t *x, uint16_t *y, size_t n,
                           const struct rectify_params *p, enum rectify_work work);
void rectify_split_binary_h(rectify_binary_h_fn f, const uint16_t *a, const uint16_t *b,
                            uint16_t *out, size_t n, const struct rectify_params *p,
                            enum rectify_work work);
void rectify_split_concat_h(rectify_concat_h_fn f, const uint16_t *x, uint16_t *y, size_t outer,
                            size_t inner, const struct rectify_params *p);
void rectify_split_deconcat_h(rectify_deconcat_h_fn f, const uint16_t *x, const uint16_t *dy,
                              uint16_t *dx, size_t outer, size_t inner,
                              const struct rectify_params *p);

static inline void rectify_exec_unary_h(rectify_unary_h_fn f, const uint16_t *x, uint16_t *y,
                                        size_t n, const struct rectify_params *p,
                                        enum rectify_work work)
{
    if (n < RECTIFY_SPLIT_MIN)
        f(x, y, n, p);
    else
        rectify_split_unary_h(f, x, y, n, p, work);
}

static inline void rectify_exec_binary_h(rectify_binary_h_fn f, const uint16_t *a,
                                         const uint16_t *b, uint16_t *out, size_t n,
                                         const struct rectify_params *p, enum rectify_work work)
{
    if (n < RECTIFY_SPLIT_MIN)
        f(a, b, out, n, p);
    else
        rectify_split_binary_h(f, a, b, out, n, p, work);
}

static inline void rectify_exec_concat_h(rectify_concat_h_fn f, const uint16_t *x, uint16_t *y,
                                         size_t outer, size_t inner, const struct rectify_params *p)
{
    if (outer * inner < RECTIFY_SPLIT_MIN)
        f(x, y, outer, inner, p);
    else
        rectify_split_concat_h(f, x, y, outer, inner, p);
}

static inline void rectify_exec_deconcat_h(rectify_deconcat_h_fn f, const uint16_t *x,
                                           const uint16_t *dy, uint16_t *dx, size_t outer,
                                           size_t inner, const struct rectify_params *p)
{
    if (outer * inner < RECTIFY_SPLIT_MIN)
        f(x, dy, dx, outer, inner, p);
    else
        rectify_split_deconcat_h(f, x, dy, dx, outer, inner, p);
}

/* The split a call of n elements would get with `threads` threads: how
 * many chunks, and their size in elements (the first is cut to end on a
 * line of out). For the tests. */
size_t rectify_parallel_chunks(size_t n, const float *out, enum rectify_work work, int threads,
                               size_t *first, size_t *chunk);
size_t rectify_parallel_chunks_h(size_t n, const uint16_t *out, enum rectify_work work, int threads,
                                 size_t *first, size_t *chunk);

#endif
