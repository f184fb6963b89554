/*
 * Small calls: what a call of a few floats costs, from the caller's side.
 * Ours goes through the public API (the argument checks, the dispatch, the
 * split decision: all of it); next to it a plain C loop, in a function of
 * its own as a library's would be, and the peers' run call on an operator
 * made beforehand. Timed per call, in ns.
 */
#ifndef RECTIFY_BENCH_SMALL_H
#define RECTIFY_BENCH_SMALL_H

#include <stddef.h>

#include "arity.h"

struct bench_small_op {
    const char *kernel; /* the registry kernel it times: "relu_forward" */
    const struct bench_arity *arity;
    /* rectify's entry point, with the harness's parameters */
    int (*api)(const float *const in[], float *out, size_t n);
    /* the plain C loop */
    void (*plain)(const float *const in[], float *out, size_t n);
};

extern const struct bench_small_op bench_small_ops[];
extern const size_t bench_n_small_ops;

/* The sizes, in floats, by default. */
extern const size_t bench_small_sizes[];
extern const size_t bench_n_small_sizes;

#endif
