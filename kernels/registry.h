/*
 * The registry: every kernel an ISA provides, as an X-macro list of
 * X(name, arity). The per-ISA tables, the dispatch table's layout, the
 * scalar reference table and the test matrix are all generated from it, so
 * an op added here is built, dispatched and tested on every ISA by
 * construction. arity is `unary` (x -> y) or `binary` (a, b -> out), or
 * one of CReLU's row shapes, `concat` and `deconcat` (kernel.h).
 */
#ifndef RECTIFY_REGISTRY_H
#define RECTIFY_REGISTRY_H

#define RECTIFY_PIECEWISE_KERNELS(X) \
    X(relu_forward, unary)           \
    X(relu_backward, binary)         \
    X(leaky_relu_forward, unary)     \
    X(leaky_relu_backward, binary)   \
    X(relu6_forward, unary)          \
    X(relu6_backward, binary)

/* RReLU in training mode (eval mode is leaky_relu), and the Philox core it
 * draws from, for the tests: philox_words writes, as bit patterns, word
 * i % 4 of the block with 128-bit counter (offset + i / 4, counter_hi). */
#define RECTIFY_RRELU_KERNELS(X) \
    X(rrelu_forward, unary)      \
    X(rrelu_backward, binary)    \
    X(philox_words, unary)

#define RECTIFY_CRELU_KERNELS(X)  \
    X(crelu_forward, concat)      \
    X(crelu_backward, deconcat)

#define RECTIFY_KERNEL_LIST(X) \
    RECTIFY_PIECEWISE_KERNELS(X) RECTIFY_RRELU_KERNELS(X) RECTIFY_CRELU_KERNELS(X)

#endif
