/* Shared, lazily made benchmark buffers (see inputs.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inputs.h"

static size_t held_n;
static float *inputs[BENCH_N_INPUT_KINDS];
static int input_blocks[BENCH_N_INPUT_KINDS];
static float *output, *work;
static int output_blocks, work_blocks;

static float *alloc_floats(size_t count)
{
    size_t bytes = (count * sizeof(float) + 63) & ~(size_t)63;
    return aligned_alloc(64, bytes ? bytes : 64);
}

void bench_buffers_release(void)
{
    for (int k = 0; k < BENCH_N_INPUT_KINDS; k++) {
        free(inputs[k]);
        inputs[k] = NULL;
        input_blocks[k] = 0;
    }
    free(output);
    free(work);
    output = work = NULL;
    output_blocks = work_blocks = 0;
    held_n = 0;
}

static void hold(size_t n)
{
    if (n != held_n) {
        bench_buffers_release();
        held_n = n;
    }
}

/* splitmix64 (Steele, Lea, Flood, OOPSLA 2014): fast, and good enough to
 * make benchmark data. */
static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static float uniform01(uint64_t *s) { return (float)(next(s) >> 40) * 0x1p-24f; }

static void fill(float *p, size_t n, enum bench_input kind)
{
    uint64_t s = 0x5eed0000u + (uint64_t)kind;
    switch (kind) {
    case BENCH_INPUT_SYMMETRIC:
        for (size_t i = 0; i < n; i++)
            p[i] = 16.0f * uniform01(&s) - 8.0f;
        break;
    case BENCH_INPUT_NORMAL:
    case BENCH_INPUT_NEGATIVE:
        /* Box-Muller, two values per pair of uniforms. */
        for (size_t i = 0; i < n; i += 2) {
            double u = 1.0 - (double)uniform01(&s), v = (double)uniform01(&s);
            double r = sqrt(-2.0 * log(u)), t = 6.283185307179586 * v;
            p[i] = (float)(r * cos(t));
            if (i + 1 < n)
                p[i + 1] = (float)(r * sin(t));
        }
        if (kind == BENCH_INPUT_NEGATIVE)
            for (size_t i = 0; i < n; i++)
                p[i] = -fabsf(p[i]);
        break;
    case BENCH_INPUT_TINY:
        /* Log-uniform magnitudes, normal floats whose product with the
         * leaky slope (0.01) is below 2^-126. */
        for (size_t i = 0; i < n; i++)
            p[i] = -ldexpf(1.0f + uniform01(&s), -126 + (int)(next(&s) % 6));
        break;
    case BENCH_INPUT_GRADIENT:
    case BENCH_INPUT_GRADIENT_2:
    case BENCH_N_INPUT_KINDS:
        for (size_t i = 0; i < n; i++)
            p[i] = 2.0f * uniform01(&s) - 1.0f;
        break;
    }
}

const float *bench_input(size_t n, enum bench_input kind, int blocks)
{
    hold(n);
    if (input_blocks[kind] < blocks) {
        free(inputs[kind]);
        inputs[kind] = alloc_floats(n * (size_t)blocks);
        input_blocks[kind] = inputs[kind] ? blocks : 0;
        if (inputs[kind])
            fill(inputs[kind], n * (size_t)blocks, kind);
    }
    return inputs[kind];
}

static float *block_buffer(float **p, int *have, size_t n, int blocks)
{
    hold(n);
    if (*have < blocks) {
        free(*p);
        *p = alloc_floats(n * (size_t)blocks);
        *have = *p ? blocks : 0;
        if (*p)
            memset(*p, 0, n * (size_t)blocks * sizeof(float));
    }
    return *p;
}

float *bench_output(size_t n, int blocks)
{
    return block_buffer(&output, &output_blocks, n, blocks);
}
float *bench_work(size_t n, int blocks) { return block_buffer(&work, &work_blocks, n, blocks); }
