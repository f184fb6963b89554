/*
 * Peer libraries' equivalents of our kernels, benchmarked on the same
 * buffers in the same run, single-threaded. Each peer op names the registry
 * kernel it competes with (which may not exist yet: it is benchmarked
 * anyway, and the ratio appears once ours does) and the formula it computes,
 * which the harness checks the peer's output against before timing it.
 * Adapters: peer_onednn.c (oneDNN's C API), peer_xnnpack.c (XNNPACK's),
 * each built only when its library was found at configure time.
 */
#ifndef RECTIFY_BENCH_PEERS_H
#define RECTIFY_BENCH_PEERS_H

#include <stddef.h>
#include <stdint.h>

#include "arity.h"
#include "rectify.h"

struct bench_peer_op {
    const char *peer;   /* "onednn" */
    const char *kernel; /* the registry kernel it stands next to: "relu6_forward" */
    const char *what;   /* the peer's own words: "eltwise_clip(0, 6) forward" */
    const struct bench_arity *arity;
    float (*expect)(float a, float b); /* what element i should be, from in[0][i], in[1][i] */
    /* Makes the peer's operator for these buffers; NULL on failure. */
    void *(*create)(const struct bench_peer_op *op, const float *const in[], float *out, size_t n);
    int (*run)(void *state); /* 0 on success */
    void (*destroy)(void *state);
    const void *data; /* the adapter's own description of the op */
};

/* A peer's bf16 or fp16 op (bench/half.c): the same shape over uint16_t
 * buffers of the type's bits; in[1] only for binary ops. Its output is
 * checked against rectify's own kernel for the type, bit for bit (both
 * round the float32 result once), before it is timed. */
struct bench_half_peer_op {
    const char *peer, *kernel, *what;
    int type;   /* 0 bf16, 1 fp16 */
    int binary; /* (x, dy) -> dx */
    void *(*create)(const struct bench_half_peer_op *op, const uint16_t *const in[], uint16_t *out,
                    size_t n);
    int (*run)(void *state);
    void (*destroy)(void *state);
    const void *data;
};

/* The threads the next create() runs its operator on (1 by default): set by
 * the harness before each benchmark; oneDNN's OpenMP and XNNPACK's
 * pthreadpool take that many. */
extern int bench_peer_threads;

/* Every peer op this build has, and the peers' names and versions
 * ("onednn 2.6.3, xnnpack"; "" without peers), for the record. */
size_t bench_n_peer_ops(void);
const struct bench_peer_op *bench_peer_op(size_t i);
const char *bench_peers_description(void);
size_t bench_n_half_peer_ops(void);
const struct bench_half_peer_op *bench_half_peer_op(size_t i);

/* The formulas the peers are checked against (DESIGN.md's, with the
 * peers' parameters: leaky slope BENCH_LEAKY_SLOPE, ELU alpha
 * BENCH_ELU_ALPHA). Binary ones take (x or y, dy). */
float bench_expect_relu(float x, float unused);
float bench_expect_leaky_relu(float x, float unused);
float bench_expect_relu6(float x, float unused);
float bench_expect_elu(float x, float unused);
float bench_expect_relu_backward(float x, float dy);
float bench_expect_leaky_relu_backward(float x, float dy);
float bench_expect_relu6_backward(float x, float dy);
float bench_expect_elu_backward(float x, float dy);
float bench_expect_elu_backward_from_output(float y, float dy);

/* The ISA cap of a run. RECTIFY_ISA below the best set this CPU has makes
 * the run the comparison a CPU without the sets above would see: rectify's
 * kernels above the cap are not benchmarked, and the peers are capped at
 * the same set (oneDNN through dnnl_set_max_cpu_isa, XNNPACK by clearing
 * the cpuinfo flags it reads at xnn_initialize). bench_isa_cap_init (before
 * any peer op is made) returns what was done, for the record ("" when
 * nothing is capped); bench_isa_runs says whether rectify's kernels for an
 * ISA are benchmarked. */
const char *bench_isa_cap_init(void);
const char *bench_isa_cap(void);
int bench_isa_runs(rectify_isa isa);

/* Each adapter's cap: what it did, for the record. */
const char *bench_onednn_cap(rectify_isa isa);
const char *bench_xnnpack_cap(rectify_isa isa);

/* Each adapter's list. */
const struct bench_peer_op *bench_onednn_ops(size_t *count, const char **version);
const struct bench_peer_op *bench_xnnpack_ops(size_t *count, const char **version);
const struct bench_half_peer_op *bench_onednn_half_ops(size_t *count);
const struct bench_half_peer_op *bench_xnnpack_half_ops(size_t *count);

#endif
