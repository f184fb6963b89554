/*
 * A small stand-alone timing program: relu forward on every supported ISA at
 * an L1-resident and a DRAM-sized buffer, next to memcpy of the same bytes.
 * Medians of repeated runs, single thread. The full harness is rectify-bench.
 *   rectify-quickbench [floats...]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rectify.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median seconds per call of fn over `reps` timed batches. */
static double median_time(void (*fn)(const float *, float *, size_t), const float *x, float *y,
                          size_t n)
{
    enum { REPS = 15 };
    double t[REPS];
    size_t inner = n < 65536 ? (size_t)(4u << 20) / n : 1;
    fn(x, y, n);
    for (int r = 0; r < REPS; r++) {
        double t0 = now();
        for (size_t i = 0; i < inner; i++)
            fn(x, y, n);
        t[r] = (now() - t0) / (double)inner;
    }
    qsort(t, REPS, sizeof t[0], cmp);
    return t[REPS / 2];
}

static void run_relu(const float *x, float *y, size_t n) { rectify_relu_f32(x, y, n); }
static void run_copy(const float *x, float *y, size_t n) { memcpy(y, x, n * sizeof(float)); }

int main(int argc, char **argv)
{
    size_t sizes[8] = {4096, 16u << 20};
    int n_sizes = 2;
    if (argc > 1) {
        n_sizes = 0;
        for (int i = 1; i < argc && n_sizes < 8; i++)
            sizes[n_sizes++] = (size_t)strtoull(argv[i], NULL, 10);
    }
    printf("%-8s %10s %10s %10s %12s\n", "isa", "floats", "ns/elem", "GB/s", "% of memcpy");
    for (int s = 0; s < n_sizes; s++) {
        size_t n = sizes[s];
        float *x = malloc(n * sizeof(float)), *y = malloc(n * sizeof(float));
        if (!x || !y)
            return 1;
        for (size_t i = 0; i < n; i++)
            x[i] = (float)((int)(i * 2654435761u % 2001u) - 1000) * 0.01f;
        double copy = median_time(run_copy, x, y, n);
        printf("%-8s %10zu %10.3f %10.2f %12s\n", "memcpy", n, copy * 1e9 / (double)n,
               8.0 * (double)n / copy * 1e-9, "100");
        for (int isa = RECTIFY_ISA_SCALAR; isa <= RECTIFY_ISA_NEON; isa++) {
            if (rectify_set_isa((rectify_isa)isa) != RECTIFY_OK)
                continue;
            double t = median_time(run_relu, x, y, n);
            printf("%-8s %10zu %10.3f %10.2f %12.0f\n", rectify_isa_name((rectify_isa)isa), n,
                   t * 1e9 / (double)n, 8.0 * (double)n / t * 1e-9, 100.0 * copy / t);
        }
        free(x);
        free(y);
    }
    return 0;
}
