/*
 * The kernel matrix: every registry kernel on every supported ISA, against
 * the scalar reference bit for bit (or within the kernel's ULP tolerance,
 * and then bit for bit against the ISA whose bits it must give; see
 * RECTIFY_KERNEL_TOLERANCES), for every length 0..300 and some large
 * ones, every start misalignment 0..15 floats, out of place (checking the
 * floats around the output are untouched) and in place on each input.
 *
 *   test_kernels [kernel-name]   runs one kernel's entries, or all of them.
 */
#include <stdlib.h>

#include "registry_walk.h"

#define MAX_SMALL 300
#define PAD       32 /* floats of sentinel on each side of every output */

static const size_t large_sizes[] = {1000, 4096 + 7, 65536 + 13};

struct buffers {
    float *a, *b, *out, *expect, *work, *twin;
    size_t cap;
};

static const uint32_t sentinel = 0x7f8badc0u; /* a signalling NaN no kernel produces */

static void check_case(const struct rt_entry *e, struct buffers *buf, size_t n, size_t mis,
                       const struct rectify_params *p, uint64_t seed)
{
    const struct rt_kernel *k = e->kernel;
    const struct rectify_kernels *t = e->table.table;
    const struct rt_tolerance tol = rt_tolerance_of(k->name);
    const struct rectify_kernels *twin = rt_twin_table(&tol, t);
    float *a = buf->a + mis, *b = buf->b + (mis * 7) % 16;
    size_t out_n = rt_out_len(k, n);
    rt_fill(a, n, seed);
    rt_fill(b, rt_b_len(k, n), seed ^ 0xabcdef);
    rt_run(&rectify_reference, k, a, b, buf->expect, n, p);

    /* Out of place, with sentinels around the output. */
    float *out = buf->out + PAD + (mis * 3) % 16;
    for (size_t i = 0; i < out_n + 2 * PAD + 16; i++)
        buf->out[i] = rt_float(sentinel);
    rt_run(t, k, a, b, out, n, p);
    long d = rt_first_mismatch(&tol, out, buf->expect, out_n);
    if (d >= 0)
        fail_msg("%s on %s: n=%zu misalign=%zu slope=%g alpha=%g: element %ld is %08x, "
                 "reference %08x (input %08x)",
                 k->name, e->table.label, n, mis, (double)p->slope, (double)p->alpha, d,
                 rt_bits(out[d]), rt_bits(buf->expect[d]), rt_bits(a[d]));
    if (twin) {
        rt_run(twin, k, a, b, buf->twin, n, p);
        d = rt_first_difference(out, buf->twin, out_n);
        if (d >= 0)
            fail_msg("%s on %s: n=%zu misalign=%zu alpha=%g: element %ld is %08x, the %s "
                     "kernel gives %08x (input %08x)",
                     k->name, e->table.label, n, mis, (double)p->alpha, d, rt_bits(out[d]),
                     rectify_isa_name(twin->isa), rt_bits(buf->twin[d]), rt_bits(a[d]));
    }
    for (float *q = buf->out; q < buf->out + out_n + 2 * PAD + 16; q++)
        if ((q < out || q >= out + out_n) && rt_bits(*q) != sentinel)
            fail_msg("%s on %s: n=%zu misalign=%zu wrote outside its output at offset %td", k->name,
                     e->table.label, n, mis, q - out);

    /* In place on the first input, then (binary ops) on the second. */
    float *w = buf->work + mis;
    if (rt_in_place_ok(k, 0)) {
        memcpy(w, a, n * sizeof(float));
        rt_run(t, k, w, b, w, n, p);
        d = rt_first_mismatch(&tol, w, buf->expect, n);
        if (d >= 0)
            fail_msg("%s on %s in place: n=%zu misalign=%zu: element %ld is %08x, reference %08x",
                     k->name, e->table.label, n, mis, d, rt_bits(w[d]), rt_bits(buf->expect[d]));
    }
    if (rt_in_place_ok(k, 1)) {
        memcpy(w, b, n * sizeof(float));
        rt_run(t, k, a, w, w, n, p);
        d = rt_first_mismatch(&tol, w, buf->expect, n);
        if (d >= 0)
            fail_msg("%s on %s in place on the 2nd input: n=%zu misalign=%zu: element %ld", k->name,
                     e->table.label, n, mis, d);
    }
}

static void matrix(void **state)
{
    const struct rt_entry *e = *state;
    /* Twice the largest size: CReLU's wide buffers. */
    size_t cap = 2 * large_sizes[sizeof large_sizes / sizeof large_sizes[0] - 1] + 2 * PAD + 64;
    struct buffers buf = {malloc(cap * 4),
                          malloc(cap * 4),
                          malloc(cap * 4),
                          malloc(cap * 4),
                          malloc(cap * 4),
                          malloc(cap * 4),
                          cap};
    assert_non_null(buf.a);
    assert_non_null(buf.b);
    assert_non_null(buf.out);
    assert_non_null(buf.expect);
    assert_non_null(buf.work);
    assert_non_null(buf.twin);
    uint64_t seed = 1;
    for (size_t pi = 0; pi < RT_N_PARAMS; pi++) {
        for (size_t n = 0; n <= MAX_SMALL; n++)
            for (size_t mis = 0; mis < 16; mis++)
                check_case(e, &buf, n, mis, &rt_params[pi], seed++);
        for (size_t i = 0; i < sizeof large_sizes / sizeof large_sizes[0]; i++)
            for (size_t mis = 0; mis < 16; mis += 5)
                check_case(e, &buf, large_sizes[i], mis, &rt_params[pi], seed++);
    }
    free(buf.a);
    free(buf.b);
    free(buf.out);
    free(buf.expect);
    free(buf.work);
    free(buf.twin);
}

int main(int argc, char **argv)
{
    return rt_run_per_kernel("kernels", matrix, argc > 1 ? argv[1] : NULL);
}
