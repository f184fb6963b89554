/*
 * What a kernel's arity (the second column of kernels/registry.h) means to
 * the benchmarks: how many n-float buffers it reads and writes, so how many
 * bytes an element costs, which input an in-place call overwrites, and how
 * to call a kernel of that shape. A new arity in the registry is one more
 * descriptor here, named bench_arity_<arity>.
 */
#ifndef RECTIFY_BENCH_ARITY_H
#define RECTIFY_BENCH_ARITY_H

#include <stddef.h>

#include "kernel.h"
#include "parallel.h"

#define BENCH_MAX_INPUTS  3
#define BENCH_MAX_OUTPUTS 2

/* Calls the kernel at byte `offset` of table t on in[0..inputs) -> out, as
 * the library's entry points run a kernel once its arguments are checked
 * (src/parallel.h: split across the threads rectify_set_num_threads gives,
 * non-temporal stores past the threshold). */
typedef void (*bench_call_fn)(const struct rectify_kernels *t, size_t offset,
                              const float *const in[], float *out, size_t n,
                              const struct rectify_params *p, enum rectify_work work);

struct bench_arity {
    const char *name;      /* as in the registry */
    int inputs;            /* n-float buffers read */
    int outputs;           /* n-float blocks written (contiguous in one buffer) */
    int bytes_per_element; /* memory traffic per element: 4 * (inputs + outputs) */
    int inplace_input;     /* the input an in-place call writes over; -1: none */
    bench_call_fn call;
    int input_blocks[BENCH_MAX_INPUTS]; /* n-float blocks each input spans; 0 means 1 */
};

/* n-float blocks input i of arity a spans. */
static inline int bench_input_blocks(const struct bench_arity *a, int i)
{
    return a->input_blocks[i] > 0 ? a->input_blocks[i] : 1;
}

extern const struct bench_arity bench_arity_unary;    /* x -> y: 8 B/element */
extern const struct bench_arity bench_arity_binary;   /* (x, dy) -> dx: 12 B/element */
extern const struct bench_arity bench_arity_concat;   /* x -> [relu(x), relu(-x)]: 12 B/element */
extern const struct bench_arity bench_arity_deconcat; /* (x, 2n-wide dy) -> dx: 16 B/element */

/* Every arity, for the roofline (one copy per arity). */
extern const struct bench_arity *const bench_arities[];
extern const size_t bench_n_arities;

#endif
