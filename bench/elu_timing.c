/*
 * ELU and SELU timing: forward, backward from the input and from the output
 * on every supported ISA, in both modes, single thread, next to memcpy of
 * the same bytes. ns per element, median of 15 timed batches. Inputs are
 * uniform in [-4, 4] (half of them negative, as after a normalisation).
 *   rectify-elu-timing [floats]        (default 16384)
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

enum which { ELU_F, SELU_F, ELU_B, SELU_B, ELU_BO, COPY, N_WHICH };
static const char *const names[N_WHICH] = {"elu forward",   "selu forward",
                                           "elu backward",  "selu backward",
                                           "elu backward from output", "memcpy (8 B/elem)"};

static void call(enum which w, const float *x, const float *dy, float *out, size_t n)
{
    switch (w) {
    case ELU_F: rectify_elu_f32(x, out, n, 1.0f); break;
    case SELU_F: rectify_selu_f32(x, out, n); break;
    case ELU_B: rectify_elu_backward_f32(x, dy, out, n, 1.0f); break;
    case SELU_B: rectify_selu_backward_f32(x, dy, out, n); break;
    case ELU_BO: rectify_elu_backward_from_output_f32(x, dy, out, n, 1.0f); break;
    default: memcpy(out, x, n * sizeof(float)); break;
    }
}

/* Median ns per element. */
static double median_ns(enum which w, const float *x, const float *dy, float *out, size_t n)
{
    enum { REPS = 15 };
    double t[REPS];
    size_t inner = (size_t)(16u << 20) / n + 1;
    call(w, x, dy, out, n);
    for (int r = 0; r < REPS; r++) {
        double t0 = now();
        for (size_t i = 0; i < inner; i++)
            call(w, x, dy, out, n);
        t[r] = (now() - t0) / (double)inner / (double)n * 1e9;
    }
    qsort(t, REPS, sizeof t[0], cmp);
    return t[REPS / 2];
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoull(argv[1], NULL, 0) : 16384;
    float *x = malloc(n * sizeof(float)), *dy = malloc(n * sizeof(float)),
          *out = malloc(n * sizeof(float));
    if (!x || !dy || !out)
        return 1;
    uint64_t s = 88172645463325252ull;
    for (size_t i = 0; i < n; i++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        x[i] = (float)((double)(s >> 11) * 0x1p-53 * 8.0 - 4.0);
        dy[i] = (float)((double)(s & 0xffff) / 65536.0);
    }
    printf("%zu floats, ns/element (median of 15)\n| op | mode |", n);
    rectify_isa isas[5];
    int n_isas = 0;
    for (int i = RECTIFY_ISA_SCALAR; i <= RECTIFY_ISA_NEON; i++)
        if (rectify_isa_supported((rectify_isa)i)) {
            isas[n_isas++] = (rectify_isa)i;
            printf(" %s |", rectify_isa_name((rectify_isa)i));
        }
    printf("\n| --- | --- |");
    for (int i = 0; i < n_isas; i++)
        printf(" --- |");
    printf("\n");
    for (int w = 0; w < N_WHICH; w++)
        for (int det = 0; det < 2; det++) {
            if ((w == ELU_BO || w == COPY) && det)
                continue;
            rectify_set_deterministic(det);
            printf("| %s | %s |", names[w], w >= ELU_BO ? "-" : det ? "deterministic" : "default");
            for (int i = 0; i < n_isas; i++) {
                rectify_set_isa(isas[i]);
                printf(" %.3f |", median_ns((enum which)w, x, dy, out, n));
                fflush(stdout);
            }
            printf("\n");
        }
    free(x);
    free(dy);
    free(out);
    return 0;
}
