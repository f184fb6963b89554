/* The bf16 and fp16 section of rectify-bench (half.c). */
#ifndef RECTIFY_BENCH_HALF_H
#define RECTIFY_BENCH_HALF_H

#include <stddef.h>
#include <stdio.h>

#include "gbench.h"

/* Registers half_<kernel>_<type>/<isa>/<n>, .../convert/<n> and
 * half_copy/copy/<n> for each size. */
void bench_register_half(const size_t *sizes, size_t n_sizes);
/* The section's summary table, from a run's results. */
void bench_print_half(FILE *f, const struct gbench_results *r, const size_t *sizes, size_t n_sizes);

#endif
