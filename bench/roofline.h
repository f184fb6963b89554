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
 * 64-byte aligned, the second `second` floats after the first. `stream`
 * asks for non-temporal stores. */
void bench_copy(const float *const in[], int inputs, float *out, size_t second, int outputs,
                size_t n, int stream);

/* The same, split across `threads` threads as rectify splits a call of
 * that size (1: bench_copy); each thread's part starts on a 64-byte line of
 * the output. Without a thread pool in this build, one thread. */
void bench_copy_threads(int threads, const float *const in[], int inputs, float *out, size_t second,
                        int outputs, size_t n, int stream);
/* Ends bench_copy_threads's threads (after each benchmark: none left spinning
 * into the next). */
void bench_copy_release(void);

/* The vector width the copy uses ("avx512", "avx", "sse2" or "scalar"), and
 * whether it has non-temporal stores at all. */
const char *bench_copy_isa(void);
int bench_copy_can_stream(void);

#endif
