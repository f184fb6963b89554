/*
 * The element type a kernel source is compiled for. The build compiles
 * kernels/pointwise.c and kernels/exponential.c once per storage type and
 * ISA, with RECTIFY_STORAGE one of:
 *   RECTIFY_STORAGE_F32   float buffers (the default)
 *   RECTIFY_STORAGE_BF16  bfloat16 buffers (uint16_t), kernels named *_bf16
 *   RECTIFY_STORAGE_F16   IEEE binary16 buffers (uint16_t), kernels *_f16
 * and the loops (loop.h) move `relem`s through the verbs below: a vector of
 * VLEN elements widened to a vfloat exactly, computed on in float32, and
 * rounded once back (kernels/half_bits.h has the rules, to the bit).
 *
 *   vs_load(p), vs_store(p, v)                 VLEN elements
 *   vs_load_part(p, n), vs_store_part(p, v, n) the first n (0 < n < VLEN);
 *                                              never past p + n; the other
 *                                              lanes load as +0
 *   vs_store_stream(p, v), VS_HAS_STREAM       non-temporal stores (float only)
 *   vs_load2(p, a, b), vs_store2(STORE, p, a, b)
 *                                              2 * VLEN elements as two
 *                                              vectors, in an order of the
 *                                              layer's choosing (the maps'
 *                                              bodies: elementwise ops only)
 *   STORED_KERNEL(name)                        this copy's symbol for a kernel
 *
 * A layer gives the half verbs vh_load_bf16/vh_store_bf16 and
 * vh_load_f16/vh_store_f16 for whole vectors, or defines VH_GENERIC_BF16 /
 * VH_GENERIC_F16 to take the lane-by-lane ones here. A layer that defines
 * VH_BF16_PAIRS gives vh_load_bf16_pair / vh_store_bf16_pair: 2 * VLEN bf16
 * as the even elements and the odd ones, which a 32-bit lane's two halves
 * are (a shift and a mask each way, no narrowing across lanes). A layer
 * that defines VH_BF16_NATIVE gives vh_store_bf16x2_native, two vectors
 * narrowed by an instruction the CPU may lack (see VS_NATIVE_NOW). Internal.
 */
#ifndef RECTIFY_STORAGE_H
#define RECTIFY_STORAGE_H

#include <stdint.h>
#include <string.h>

#include "half_bits.h"

#define RECTIFY_STORAGE_F32  0
#define RECTIFY_STORAGE_BF16 1
#define RECTIFY_STORAGE_F16  2
#ifndef RECTIFY_STORAGE
#define RECTIFY_STORAGE RECTIFY_STORAGE_F32
#endif

/* Lane by lane, through kernels/half_bits.h. */
#define RECTIFY_GENERIC_HALF(T)                                                                    \
    static inline vfloat vh_load_##T(const uint16_t *p)                                            \
    {                                                                                              \
        float lanes[VLEN];                                                                         \
        for (int i = 0; i < VLEN; i++)                                                             \
            lanes[i] = rectify_##T##_to_f32(p[i]);                                                 \
        return vf_load(lanes);                                                                     \
    }                                                                                              \
    static inline void vh_store_##T(uint16_t *p, vfloat v)                                         \
    {                                                                                              \
        float lanes[VLEN];                                                                         \
        vf_store(lanes, v);                                                                        \
        for (int i = 0; i < VLEN; i++)                                                             \
            p[i] = rectify_f32_to_##T(lanes[i]);                                                   \
    }
#ifdef VH_GENERIC_BF16
#define VH_BF16_NARROWING "plain C (kernels/half_bits.h)"
RECTIFY_GENERIC_HALF(bf16)
#endif
#ifdef VH_GENERIC_F16
#define VH_F16_CONVERSION "plain C (kernels/half_bits.h)"
RECTIFY_GENERIC_HALF(f16)
#endif

/* Partial vectors through a stack vector: only the caller's n elements are
 * read or written; the rest load as +0. */
#define RECTIFY_HALF_PART(T)                                                                       \
    static inline vfloat vh_load_part_##T(const uint16_t *p, size_t n)                             \
    {                                                                                              \
        uint16_t lanes[VLEN] = {0};                                                                \
        memcpy(lanes, p, n * sizeof(uint16_t));                                                    \
        return vh_load_##T(lanes);                                                                 \
    }                                                                                              \
    static inline void vh_store_part_##T(uint16_t *p, vfloat v, size_t n)                          \
    {                                                                                              \
        uint16_t lanes[VLEN];                                                                      \
        vh_store_##T(lanes, v);                                                                    \
        memcpy(p, lanes, n * sizeof(uint16_t));                                                    \
    }
RECTIFY_HALF_PART(bf16)
RECTIFY_HALF_PART(f16)

#if RECTIFY_STORAGE == RECTIFY_STORAGE_F32
typedef float relem;
#define vs_load             vf_load
#define vs_store            vf_store
#define vs_load_part        vf_load_part
#define vs_store_part       vf_store_part
#define vs_store_stream     vf_store_stream
#define VS_HAS_STREAM       VF_HAS_STREAM
#define STORED_KERNEL(name) KERNEL(name)
#elif RECTIFY_STORAGE == RECTIFY_STORAGE_BF16 || RECTIFY_STORAGE == RECTIFY_STORAGE_F16
typedef uint16_t relem;
#if RECTIFY_STORAGE == RECTIFY_STORAGE_BF16
#define RECTIFY_STORAGE_NAME bf16
#else
#define RECTIFY_STORAGE_NAME f16
#endif
#define vs_load             RECTIFY_PASTE3(vh_load_, RECTIFY_STORAGE_NAME, )
#define vs_store            RECTIFY_PASTE3(vh_store_, RECTIFY_STORAGE_NAME, )
#define vs_load_part        RECTIFY_PASTE3(vh_load_part_, RECTIFY_STORAGE_NAME, )
#define vs_store_part       RECTIFY_PASTE3(vh_store_part_, RECTIFY_STORAGE_NAME, )
#define vs_store_stream     vs_store /* never called: VS_HAS_STREAM is 0 */
#define VS_HAS_STREAM       0
#define STORED_KERNEL(name) KERNEL(RECTIFY_PASTE3(name, _, RECTIFY_STORAGE_NAME))
#else
#error "RECTIFY_STORAGE: RECTIFY_STORAGE_F32, RECTIFY_STORAGE_BF16 or RECTIFY_STORAGE_F16"
#endif

/* Two vectors' worth: bf16 as even/odd pairs where the layer has them,
 * otherwise two vectors in a row (STORE: vs_store or vs_store_stream). */
#define vs_load2_rows(p, a, b)         ((a) = vs_load(p), (b) = vs_load((p) + VLEN))
#define vs_store2_rows(STORE, p, a, b) (STORE((p), (a)), STORE((p) + VLEN, (b)))
#if RECTIFY_STORAGE == RECTIFY_STORAGE_BF16 && defined(VH_BF16_PAIRS)
#define vs_load2(p, a, b)         vh_load_bf16_pair((p), &(a), &(b))
#define vs_store2(STORE, p, a, b) vh_store_bf16_pair((p), (a), (b))
#else
#define vs_load2  vs_load2_rows
#define vs_store2 vs_store2_rows
#endif
/* A second way for the maps' bodies where the layer narrows two vectors with
 * an instruction the CPU may lack: each map asks once (VS_NATIVE_NOW, only
 * for a length that reaches the body) and runs one of two loops. */
#if RECTIFY_STORAGE == RECTIFY_STORAGE_BF16 && defined(VH_BF16_NATIVE)
#define VS_HAS_NATIVE                    1
#define VS_NATIVE_NOW(n)                 ((n) >= 4 * VLEN && rectify_cpu_bf16_insn())
#define vs_load2_native                  vs_load2_rows
#define vs_store2_native(STORE, p, a, b) vh_store_bf16x2_native((p), (a), (b))
#else
#define VS_HAS_NATIVE    0
#define VS_NATIVE_NOW(n) 0
#define vs_load2_native  vs_load2
#define vs_store2_native vs_store2
#endif

#endif
