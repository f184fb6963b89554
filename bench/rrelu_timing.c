/*
 * RReLU's cost next to leaky_relu's: training forward (and backward) against
 * leaky_relu forward (and backward) on every supported ISA, single thread,
 * medians of repeated timed batches. The full harness is rectify-bench.
 *   rectify-rrelu-timing [floats]      (default 16384)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "rectify.h"

enum { REPS = 41 };

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

enum op { LEAKY, RRELU, LEAKY_BWD, RRELU_BWD };

static void call(enum op op, const float *x, const float *dy, float *y, size_t n, uint64_t i)
{
    switch (op) {
    case LEAKY: rectify_leaky_relu_f32(x, y, n, 0.2f); break;
    case RRELU: rectify_rrelu_f32(x, y, n, 0.125f, 1.0f / 3, 1, 1234, i * n); break;
    case LEAKY_BWD: rectify_leaky_relu_backward_f32(x, dy, y, n, 0.2f); break;
    case RRELU_BWD: rectify_rrelu_backward_f32(x, dy, y, n, 0.125f, 1.0f / 3, 1, 1234, i * n); break;
    }
}

static double batch_ns(enum op op, const float *x, const float *dy, float *y, size_t n,
                       size_t inner)
{
    double t0 = now();
    for (size_t i = 0; i < inner; i++)
        call(op, x, dy, y, n, i);
    return (now() - t0) / (double)inner * 1e9 / (double)n;
}

/* Median nanoseconds per element of a and of b, and the median of the
 * per-repetition ratio b / a; a and b alternate, so a machine shared with
 * other work slows both alike. */
static void compare(enum op a, enum op b, const float *x, const float *dy, float *y, size_t n,
                    double out[3])
{
    double ta[REPS], tb[REPS], ratio[REPS];
    size_t inner = n < (1u << 22) ? (size_t)(2u << 20) / n : 1;
    batch_ns(a, x, dy, y, n, 1);
    batch_ns(b, x, dy, y, n, 1);
    for (int r = 0; r < REPS; r++) {
        ta[r] = batch_ns(a, x, dy, y, n, inner);
        tb[r] = batch_ns(b, x, dy, y, n, inner);
        ratio[r] = tb[r] / ta[r];
    }
    qsort(ta, REPS, sizeof ta[0], cmp);
    qsort(tb, REPS, sizeof tb[0], cmp);
    qsort(ratio, REPS, sizeof ratio[0], cmp);
    out[0] = ta[REPS / 2];
    out[1] = tb[REPS / 2];
    out[2] = ratio[REPS / 2];
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 16384;
    float *x = malloc(n * sizeof(float)), *dy = malloc(n * sizeof(float));
    float *y = malloc(n * sizeof(float));
    if (!x || !dy || !y || n == 0)
        return 1;
    for (size_t i = 0; i < n; i++) {
        x[i] = (float)((int)(i * 2654435761u % 2001u) - 1000) * 0.01f;
        dy[i] = (float)((int)(i * 40503u % 1001u) - 500) * 0.02f;
    }
    printf("%zu floats, median ns/element (lower is better); ratio: median of the\n"
           "per-repetition rrelu/leaky_relu time ratios, training mode\n", n);
    printf("%-8s %10s %10s %8s %10s %10s %8s\n", "isa", "leaky", "rrelu", "ratio", "leaky_bwd",
           "rrelu_bwd", "ratio");
    for (int isa = RECTIFY_ISA_SCALAR; isa <= RECTIFY_ISA_NEON; isa++) {
        if (rectify_set_isa((rectify_isa)isa) != RECTIFY_OK)
            continue;
        double f[3], b[3];
        compare(LEAKY, RRELU, x, dy, y, n, f);
        compare(LEAKY_BWD, RRELU_BWD, x, dy, y, n, b);
        printf("%-8s %10.3f %10.3f %8.2f %10.3f %10.3f %8.2f\n", rectify_isa_name((rectify_isa)isa),
               f[0], f[1], f[2], b[0], b[1], b[2]);
    }
    free(x);
    free(dy);
    free(y);
    return 0;
}
