/*
 * The bf16 and fp16 kernels that are not a plain map (RReLU's Philox
 * groups, CReLU's rows, ELU and SELU's deterministic SLEEF path): each
 * widens a block of the buffer into a float block on the stack (L1-sized),
 * runs this ISA's float32 kernel on it in place, and rounds the block back.
 * That is exactly "convert, run the f32 kernel, convert" (the
 * half-precision contract), block by block; RReLU's counter follows the
 * element (offset + i), so the blocks change no bit. Internal; included by
 * kernels/exponential.c and kernels/half.c in their bf16/fp16 copies.
 */
#ifndef RECTIFY_CHUNKED_H
#define RECTIFY_CHUNKED_H

#include "loop.h"

#define RECTIFY_CHUNK 512 /* floats per block: 2 KiB */

static inline void chunk_widen(float *buf, const relem *x, size_t m)
{
    size_t i = 0;
    for (; i + VLEN <= m; i += VLEN)
        vf_store(buf + i, vs_load(x + i));
    if (i < m)
        vf_store_part(buf + i, vs_load_part(x + i, m - i), m - i);
}

static inline void chunk_narrow(relem *y, const float *buf, size_t m)
{
    size_t i = 0;
    for (; i + VLEN <= m; i += VLEN)
        vs_store(y + i, vf_load(buf + i));
    if (i < m)
        vs_store_part(y + i, vf_load_part(buf + i, m - i), m - i);
}

static inline size_t chunk_len(size_t n, size_t i)
{
    return n - i < RECTIFY_CHUNK ? n - i : RECTIFY_CHUNK;
}

/* Inputs of a block are read before its output is written, and blocks do
 * not overlap: in place (y == x, out == a or b) works. */
static inline void via_f32_unary(rectify_unary_fn f, const relem *x, relem *y, size_t n,
                                 const struct rectify_params *p)
{
    float buf[RECTIFY_CHUNK];
    struct rectify_params q = *p;
    q.stream = 0;
    for (size_t i = 0; i < n; i += RECTIFY_CHUNK) {
        size_t m = chunk_len(n, i);
        chunk_widen(buf, x + i, m);
        q.offset = p->offset + i;
        f(buf, buf, m, &q);
        chunk_narrow(y + i, buf, m);
    }
}

static inline void via_f32_binary(rectify_binary_fn f, const relem *a, const relem *b, relem *out,
                                  size_t n, const struct rectify_params *p)
{
    float ba[RECTIFY_CHUNK], bb[RECTIFY_CHUNK];
    struct rectify_params q = *p;
    q.stream = 0;
    for (size_t i = 0; i < n; i += RECTIFY_CHUNK) {
        size_t m = chunk_len(n, i);
        chunk_widen(ba, a + i, m);
        chunk_widen(bb, b + i, m);
        q.offset = p->offset + i;
        f(ba, bb, ba, m, &q);
        chunk_narrow(out + i, ba, m);
    }
}

#endif
