/*
 * The memory roofline: a copy that reads `inputs` n-float buffers and writes
 * `outputs` n-float blocks (the sum of the inputs), as wide as the CPU
 * allows, with ordinary stores or with non-temporal (streaming) stores that
 * bypass the caches. The faster of the two at a size is what a kernel of
 * that shape could reach at best.
 */
#ifndef RECTIFY_BENCH_ROOFLINE_H
#define RECTIFY_BENCH_ROOFLINE_H

#include <stddef.h>

/* in: `inputs` (1..3) buffers; out: `outputs` (1..2) blocks of n floats,
 * 64-byte aligned. `stream` asks for non-temporal stores. */
void bench_copy(const float *const in[], int inputs, float *out, int outputs, size_t n, int stream);

/* The vector width the copy uses ("avx512", "avx", "sse2" or "scalar"), and
 * whether it has non-temporal stores at all. */
const char *bench_copy_isa(void);
int bench_copy_can_stream(void);

#endif
