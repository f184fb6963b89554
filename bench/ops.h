/*
 * The kernels to benchmark: every entry of kernels/registry.h, by
 * construction, and what realistic data each op gets. An op that needs
 * other inputs or parameters than the default (symmetric inputs, about half
 * negative; leaky slope 0.01) gets one line in ops.c's table.
 */
#ifndef RECTIFY_BENCH_OPS_H
#define RECTIFY_BENCH_OPS_H

#include <stddef.h>

#include "arity.h"
#include "inputs.h"
#include "kernel.h"

/* The parameters the peers are configured with too. */
#define BENCH_LEAKY_SLOPE 0.01f
#define BENCH_ELU_ALPHA   1.0f

struct bench_kernel {
    const char *name; /* "relu6_forward" */
    const struct bench_arity *arity;
    size_t offset; /* of its pointer in struct rectify_kernels */
};

extern const struct bench_kernel bench_kernels[];
extern const size_t bench_n_kernels;

/* The registry kernel called `name`, or NULL. */
const struct bench_kernel *bench_find_kernel(const char *name);

/* The realistic first input and the parameters for kernel `name` (which
 * need not be in the registry yet: peers use this too). */
struct bench_setup {
    enum bench_input input;
    struct rectify_params params;
};
struct bench_setup bench_setup_for(const char *kernel_name);

/* What kernel `name` costs per element, as its entry point tells the
 * library (src/parallel.h): where splitting it pays. */
enum rectify_work bench_work_for(const char *kernel_name);

/* A second input some ops are benchmarked on too, where their speed depends
 * on the values (the ELU family's on how many lanes need the exponential):
 * 1 and its kind and label ("negative") if kernel `name` has one. */
int bench_second_input(const char *kernel_name, enum bench_input *input, const char **label);

#endif
