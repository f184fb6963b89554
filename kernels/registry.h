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

#define RECTIFY_PIECEWISE_KERNELS(X)                                                               \
    X(relu_forward, unary)                                                                         \
    X(relu_backward, binary)                                                                       \
    X(leaky_relu_forward, unary)                                                                   \
    X(leaky_relu_backward, binary)                                                                 \
    X(relu6_forward, unary)                                                                        \
    X(relu6_backward, binary)

/* RReLU in training mode (eval mode is leaky_relu), and the Philox core it
 * draws from, for the tests: philox_words writes, as bit patterns, word
 * i % 4 of the block with 128-bit counter (offset + i / 4, counter_hi). */
#define RECTIFY_RRELU_KERNELS(X)                                                                   \
    X(rrelu_forward, unary)                                                                        \
    X(rrelu_backward, binary)                                                                      \
    X(philox_words, unary)

#define RECTIFY_CRELU_KERNELS(X)                                                                   \
    X(crelu_forward, concat)                                                                       \
    X(crelu_backward, deconcat)

/* ELU and SELU. Each exponential kernel comes twice: the default (each
 * ISA's fastest accurate path) and *_deterministic (the same bits on every
 * ISA); the entry point picks one per call from rectify_get_deterministic().
 * Backward from the output (RECTIFY_FROM_OUTPUT_KERNELS) has no exponential
 * and one mode. */
#define RECTIFY_EXPONENTIAL_KERNELS(X)                                                             \
    X(elu_forward, unary)                                                                          \
    X(elu_forward_deterministic, unary)                                                            \
    X(elu_backward, binary)                                                                        \
    X(elu_backward_deterministic, binary)                                                          \
    X(selu_forward, unary)                                                                         \
    X(selu_forward_deterministic, unary)                                                           \
    X(selu_backward, binary)                                                                       \
    X(selu_backward_deterministic, binary)

#define RECTIFY_FROM_OUTPUT_KERNELS(X)                                                             \
    X(elu_backward_from_output, binary)                                                            \
    X(selu_backward_from_output, binary)

/* Kernels that are not bitwise equal to the scalar reference, as
 * T(name, max_ulp, same_bits) (T, not X, so the build's scan of X entries
 * does not count them twice): at most max_ulp ULP from the reference, and
 * same_bits says which ISAs must still agree bit for bit:
 * RECTIFY_SAME_BITS_ALL_ISAS (every ISA gives the scalar kernel's bits) or
 * RECTIFY_SAME_BITS_FMA_ISAS (AVX2 and AVX-512 give the same bits). Every
 * kernel not listed here is bitwise equal to the reference on every ISA. */
#define RECTIFY_SAME_BITS_ALL_ISAS 1
#define RECTIFY_SAME_BITS_FMA_ISAS 2
#define RECTIFY_KERNEL_TOLERANCES(T)                                                               \
    T(elu_forward, 2, RECTIFY_SAME_BITS_FMA_ISAS)                                                  \
    T(elu_forward_deterministic, 2, RECTIFY_SAME_BITS_ALL_ISAS)                                    \
    T(elu_backward, 2, RECTIFY_SAME_BITS_FMA_ISAS)                                                 \
    T(elu_backward_deterministic, 2, RECTIFY_SAME_BITS_ALL_ISAS)                                   \
    T(selu_forward, 2, RECTIFY_SAME_BITS_FMA_ISAS)                                                 \
    T(selu_forward_deterministic, 2, RECTIFY_SAME_BITS_ALL_ISAS)                                   \
    T(selu_backward, 2, RECTIFY_SAME_BITS_FMA_ISAS)                                                \
    T(selu_backward_deterministic, 2, RECTIFY_SAME_BITS_ALL_ISAS)

#define RECTIFY_KERNEL_LIST(X)                                                                     \
    RECTIFY_PIECEWISE_KERNELS(X)                                                                   \
    RECTIFY_EXPONENTIAL_KERNELS(X)                                                                 \
    RECTIFY_FROM_OUTPUT_KERNELS(X) RECTIFY_RRELU_KERNELS(X) RECTIFY_CRELU_KERNELS(X)

/* The bf16 and fp16 kernels, as H(name, arity, CLASS): for each, the
 * tables have name_bf16 and name_f16 over uint16_t buffers (kernel.h's
 * *_h_fn types), computing as the float kernel `name` of the same ISA and
 * rounding once (kernels/storage.h). Every kernel above but philox_words
 * (a test hook); CLASS is the op class below, which the ISA choice follows.
 * (H, not X: the build's scan of X entries counts the float kernels.) */
#define RECTIFY_HALF_KERNELS(H)                                                                    \
    H(relu_forward, unary, MEMORY)                                                                 \
    H(relu_backward, binary, MEMORY)                                                               \
    H(leaky_relu_forward, unary, MEMORY)                                                           \
    H(leaky_relu_backward, binary, MEMORY)                                                         \
    H(relu6_forward, unary, MEMORY)                                                                \
    H(relu6_backward, binary, MEMORY)                                                              \
    H(elu_forward, unary, EXPONENTIAL)                                                             \
    H(elu_forward_deterministic, unary, EXPONENTIAL)                                               \
    H(elu_backward, binary, EXPONENTIAL)                                                           \
    H(elu_backward_deterministic, binary, EXPONENTIAL)                                             \
    H(selu_forward, unary, EXPONENTIAL)                                                            \
    H(selu_forward_deterministic, unary, EXPONENTIAL)                                              \
    H(selu_backward, binary, EXPONENTIAL)                                                          \
    H(selu_backward_deterministic, binary, EXPONENTIAL)                                            \
    H(elu_backward_from_output, binary, MEMORY)                                                    \
    H(selu_backward_from_output, binary, MEMORY)                                                   \
    H(rrelu_forward, unary, RANDOM)                                                                \
    H(rrelu_backward, binary, RANDOM)                                                              \
    H(crelu_forward, concat, MEMORY)                                                               \
    H(crelu_backward, deconcat, MEMORY)

/* The op classes, by what bounds their speed, for the ISA choice below:
 * memory (a few operations per float: the piecewise ops, CReLU, backward
 * from the output), exponential (ELU and SELU from the input, both modes)
 * and random (RReLU in training, Philox). */
#define RECTIFY_CLASS_MEMORY(X)                                                                    \
    RECTIFY_PIECEWISE_KERNELS(X) RECTIFY_CRELU_KERNELS(X) RECTIFY_FROM_OUTPUT_KERNELS(X)
#define RECTIFY_CLASS_EXPONENTIAL(X) RECTIFY_EXPONENTIAL_KERNELS(X)
#define RECTIFY_CLASS_RANDOM(X)      RECTIFY_RRELU_KERNELS(X)
#define RECTIFY_OP_CLASSES(K)        K(MEMORY, memory) K(EXPONENTIAL, exponential) K(RANDOM, random)

/* The ISA choice per op class, in one place: C(family, CLASS, isa) runs
 * CLASS's kernels on `isa` on a CPU of that family (src/cpu.h), where the
 * harness measured it faster than the widest ISA the CPU has; a class
 * without an entry runs on the widest. The choice is made once, at start-up
 * (src/dispatch.c): RECTIFY_ISA caps every class (a choice above the cap
 * falls to the cap), and rectify_set_isa puts every class on the ISA it
 * names. See the README's "ISA per op class" for the measurements. */
/* AMD Zen 4 (one thread; AVX2's time over AVX-512's, the geometric mean
 * over a class's kernels, at each of 16K, 256K, 4M and 16M floats): memory
 * 0.97-1.03, a tie within the noise (with streaming stores past the cache;
 * AVX-512's masked tail is also the cheaper for a call of a few floats),
 * exponential 1.27-1.49, random 1.59-1.69: AVX-512 for all three. AMD Zen 5
 * (the same measure): memory 1.22, 1.07, 0.95 and 0.99 (past the cache a
 * tie within the noise, in it AVX-512), exponential 1.51-1.95, random
 * 2.71-3.05: AVX-512 for all three. */
#define RECTIFY_ISA_CHOICES(C)                                                                     \
    C(RECTIFY_CPU_AMD_ZEN4, MEMORY, RECTIFY_ISA_AVX512)                                            \
    C(RECTIFY_CPU_AMD_ZEN4, EXPONENTIAL, RECTIFY_ISA_AVX512)                                       \
    C(RECTIFY_CPU_AMD_ZEN4, RANDOM, RECTIFY_ISA_AVX512)                                            \
    C(RECTIFY_CPU_AMD_ZEN5, MEMORY, RECTIFY_ISA_AVX512)                                            \
    C(RECTIFY_CPU_AMD_ZEN5, EXPONENTIAL, RECTIFY_ISA_AVX512)                                       \
    C(RECTIFY_CPU_AMD_ZEN5, RANDOM, RECTIFY_ISA_AVX512)

#endif
