/*
 * The registry: every kernel an ISA provides, as an X-macro list of
 * X(name, arity). The per-ISA tables, the dispatch table's layout, the
 * scalar reference table and the test matrix are all generated from it, so
 * an op added here is built, dispatched and tested on every ISA by
 * construction. arity is `unary` (x -> y) or `binary` (a, b -> out).
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

#define RECTIFY_KERNEL_LIST(X) RECTIFY_PIECEWISE_KERNELS(X)

#endif
