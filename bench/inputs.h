/*
 * The buffers every benchmark of one size shares: realistic inputs,
 * generated once per size with a fixed seed, and the output and in-place
 * work buffers. All 64-byte aligned; one size is held at a time (the
 * benchmarks run size by size), so the largest size costs a few buffers.
 */
#ifndef RECTIFY_BENCH_INPUTS_H
#define RECTIFY_BENCH_INPUTS_H

#include <stddef.h>

enum bench_input {
    BENCH_INPUT_SYMMETRIC,  /* uniform in [-8, 8): half negative, an eighth above 6 */
    BENCH_INPUT_NORMAL,     /* standard normal: pre-activations */
    BENCH_INPUT_GRADIENT,   /* uniform in [-1, 1): incoming gradients */
    BENCH_INPUT_GRADIENT_2, /* another one, for a third input */
    BENCH_INPUT_NEGATIVE,   /* minus the absolute value of a standard normal: every lane below 0 */
    BENCH_INPUT_TINY,       /* negative, 2^-126 to 2^-120: leaky_relu's x * 0.01 all subnormal */
    BENCH_N_INPUT_KINDS
};

/* Pristine inputs of n * `blocks` floats: never write to them. NULL if out
 * of memory. */
const float *bench_input(size_t n, enum bench_input kind, int blocks);
/* n * `blocks` floats for outputs (zero-filled when first made). */
float *bench_output(size_t n, int blocks);
/* n * `blocks` floats to run in place on; the caller fills it. */
float *bench_work(size_t n, int blocks);
/* Frees everything. */
void bench_buffers_release(void);

#endif
