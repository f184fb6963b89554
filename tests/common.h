/* Helpers shared by the tests: ISA iteration, input generation, bitwise
 * comparison. */
#ifndef RECTIFY_TESTS_COMMON_H
#define RECTIFY_TESTS_COMMON_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rectify.h"

/* Every ISA the library reports as usable here, best last. */
static inline int rt_supported_isas(rectify_isa out[5])
{
    int n = 0;
    for (int i = RECTIFY_ISA_SCALAR; i <= RECTIFY_ISA_NEON; i++)
        if (rectify_isa_supported((rectify_isa)i))
            out[n++] = (rectify_isa)i;
    return n;
}

static inline uint32_t rt_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static inline float rt_float(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* xorshift64*: a fixed, portable stream of test inputs. */
static inline uint64_t rt_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1DULL;
}

/* Values every kernel must get right, mixed into the random inputs. */
static const float rt_specials[] = {
    0.0f,   -0.0f,   INFINITY, -INFINITY, NAN,  -NAN,       FLT_MIN,    -FLT_MIN,
    1e-45f, -1e-45f, FLT_MAX,  -FLT_MAX,  6.0f, 5.9999995f, 6.0000005f, -6.0f,
    1.0f,   -1.0f,   0.5f,     -0.5f,     3.0f, -3.0f,      1e-30f,     -1e-30f,
};
#define RT_N_SPECIALS (sizeof rt_specials / sizeof rt_specials[0])

/* About half negative, magnitudes from denormal to huge, specials
 * sprinkled in, and a NaN with a payload to catch payload changes. */
static inline void rt_fill(float *p, size_t n, uint64_t seed)
{
    uint64_t s = seed * 0x9E3779B97F4A7C15ULL + 1;
    for (size_t i = 0; i < n; i++) {
        uint64_t r = rt_next(&s);
        switch (r % 8) {
        case 0:
            p[i] = rt_specials[(r >> 8) % RT_N_SPECIALS];
            break;
        case 1:
            p[i] = rt_float((uint32_t)(r >> 32));
            break; /* any bit pattern */
        case 2:
            p[i] = rt_float(0x7fc12345u | ((uint32_t)(r >> 40) & 0x80000000u));
            break;
        default:
            p[i] = (float)((double)(int32_t)(r >> 32) / 2147483648.0 * 8.0);
            break;
        }
    }
}

/* Index of the first float whose bits differ, or -1. */
static inline long rt_first_difference(const float *a, const float *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (rt_bits(a[i]) != rt_bits(b[i]))
            return (long)i;
    return -1;
}

#endif
