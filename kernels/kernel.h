/*
 * What the entry points in src/ and the kernels in kernels/ share: the
 * parameter block every kernel takes, the two kernel signatures, and the
 * table of kernels one ISA provides. Internal; not installed.
 */
#ifndef RECTIFY_KERNEL_H
#define RECTIFY_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#include "rectify.h"

/* Everything an op may need beyond its buffers. The entry points fill in the
 * fields their op uses; a kernel reads only those. */
struct rectify_params {
    float slope;           /* leaky_relu */
    float alpha;           /* elu */
    float lower, upper;    /* rrelu (training): slopes drawn from [lower, upper) */
    uint64_t seed, offset; /* rrelu: the Philox key, and element 0's counter */
    uint64_t counter_hi;   /* philox_words: counter words 2 and 3 */
    size_t row_stride;     /* crelu: the width of a whole row when the call covers part of
                            * each (x's rows that far apart, y's twice); 0: inner */
    int stream;            /* 1: the output past the last-level cache, non-temporal stores
                            * where the kernel has them (src/parallel.c decides) */
};

/* y[i] = f(x[i]); y == x allowed. */
typedef void (*rectify_unary_fn)(const float *x, float *y, size_t n,
                                 const struct rectify_params *p);
/* out[i] = f(a[i], b[i]); out == a or out == b allowed. */
typedef void (*rectify_binary_fn)(const float *a, const float *b, float *out, size_t n,
                                  const struct rectify_params *p);

/* CReLU's shapes, over `outer` rows of `inner` floats: y is outer rows of
 * 2*inner (concat), or dx is outer rows of inner from x and a 2*inner-wide
 * dy (deconcat). No output overlaps an input, except dx == x. */
typedef void (*rectify_concat_fn)(const float *x, float *y, size_t outer, size_t inner,
                                  const struct rectify_params *p);
typedef void (*rectify_deconcat_fn)(const float *x, const float *dy, float *dx, size_t outer,
                                    size_t inner, const struct rectify_params *p);

/* The same four shapes over bf16 or fp16 buffers (registry.h's
 * RECTIFY_HALF_KERNELS): elements are uint16_t bit patterns. */
typedef void (*rectify_unary_h_fn)(const uint16_t *x, uint16_t *y, size_t n,
                                   const struct rectify_params *p);
typedef void (*rectify_binary_h_fn)(const uint16_t *a, const uint16_t *b, uint16_t *out, size_t n,
                                    const struct rectify_params *p);
typedef void (*rectify_concat_h_fn)(const uint16_t *x, uint16_t *y, size_t outer, size_t inner,
                                    const struct rectify_params *p);
typedef void (*rectify_deconcat_h_fn)(const uint16_t *x, const uint16_t *dy, uint16_t *dx,
                                      size_t outer, size_t inner, const struct rectify_params *p);

#include "registry.h"

/* SELU's constants (Klambauer et al., "Self-Normalizing Neural Networks",
 * 2017), rounded to float, and their product split exactly into two floats
 * (the product of two floats has at most 48 significant bits). */
#define RECTIFY_SELU_ALPHA           1.6732632423543772848170429916717f
#define RECTIFY_SELU_LAMBDA          1.0507009873554804934193349852946f
#define RECTIFY_SELU_LAMBDA_ALPHA_HI 0x1.c212ccp+0f
#define RECTIFY_SELU_LAMBDA_ALPHA_LO                                                               \
    ((float)((double)RECTIFY_SELU_LAMBDA * (double)RECTIFY_SELU_ALPHA -                            \
             (double)RECTIFY_SELU_LAMBDA_ALPHA_HI))

/* One ISA's kernels, one member per registry entry. */
struct rectify_kernels {
    rectify_isa isa;
    const char *f16_conversion, *bf16_narrowing; /* how this set converts (rectify-info) */
#define RECTIFY_MEMBER(name, arity) rectify_##arity##_fn name;
    RECTIFY_KERNEL_LIST(RECTIFY_MEMBER)
#undef RECTIFY_MEMBER
#define RECTIFY_HALF_MEMBER(name, arity, CLASS)                                                    \
    rectify_##arity##_h_fn name##_bf16;                                                            \
    rectify_##arity##_h_fn name##_f16;
    RECTIFY_HALF_KERNELS(RECTIFY_HALF_MEMBER)
#undef RECTIFY_HALF_MEMBER
};

/* Each ISA's table (kernels/table.c compiled once per ISA) and the scalar
 * reference (src/reference.c), which every table is tested against. */
extern const struct rectify_kernels rectify_kernels_scalar;
extern const struct rectify_kernels rectify_kernels_sse2;
extern const struct rectify_kernels rectify_kernels_avx2;
extern const struct rectify_kernels rectify_kernels_avx512;
extern const struct rectify_kernels rectify_kernels_neon;
extern const struct rectify_kernels rectify_reference;

/* The table in use, and the table for an ISA (NULL if it is not built in).
 * Defined in src/dispatch.c. The table in use is one atomic pointer, read
 * inline, so a call of a few floats pays no function call for it: until
 * the first use resolves the choice it points to a table of the same shape
 * whose every kernel resolves it (rectify_dispatch_first_use) and then
 * runs the chosen kernel. So an entry point loads it and calls, with no
 * test; what needs the table's other members (its isa) reads
 * rectify_active_kernels(), which resolves first. */
#include <stdatomic.h>
extern _Atomic(const struct rectify_kernels *) rectify_active_table;
extern const struct rectify_kernels rectify_kernels_first_use;
const struct rectify_kernels *rectify_dispatch_first_use(void);
static inline const struct rectify_kernels *rectify_entry_kernels(void)
{
    return atomic_load_explicit(&rectify_active_table, memory_order_acquire);
}
static inline const struct rectify_kernels *rectify_active_kernels(void)
{
    const struct rectify_kernels *k = rectify_entry_kernels();
    return k != &rectify_kernels_first_use ? k : rectify_dispatch_first_use();
}
const struct rectify_kernels *rectify_kernels_for(rectify_isa isa);

/* The deterministic flag as an entry point reads it: one load once the
 * start-up settings are in (-1 before; then rectify_get_deterministic
 * reads them). */
extern atomic_int rectify_deterministic_flag;
static inline int rectify_deterministic_now(void)
{
    int d = atomic_load_explicit(&rectify_deterministic_flag, memory_order_relaxed);
    return d >= 0 ? d : rectify_get_deterministic();
}

/* Whether the CPU has AVX512_BF16 (src/cpu.c; cached): the avx512 layer's
 * bf16 bodies narrow with it then (simd/avx512.h). */
int rectify_cpu_bf16_insn(void);

/* Whether the CPU has AVX512BW (src/cpu.c; cached): the avx512 set's word
 * kernels hand over to their 512-bit copies then (kernels/words_bw.c). */
int rectify_cpu_avx512bw(void);

#endif
