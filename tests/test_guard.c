/*
 * Guard pages: every registry kernel on every supported ISA, for every
 * length 1..70 (each tail shape of every vector width), with its inputs and
 * output ending exactly at an inaccessible page, then starting exactly after
 * one; out of place and in place, with ordinary and with non-temporal
 * stores. A read or write outside the buffers kills
 * the test with SIGSEGV. Results are checked against the reference too.
 */
#define _DEFAULT_SOURCE
#include <stdlib.h>

#include "guard.h"
#include "registry_walk.h"

#define MAX_N 70

static void guarded(void **state)
{
    const struct rt_entry *e = *state;
    const struct rt_kernel *k = e->kernel;
    const struct rt_tolerance tol = rt_tolerance_of(k->name);
    float expect[2 * MAX_N];
    /* rrelu's set that starts inside a block, so its first elements take
     * their own path too; then again with non-temporal stores. */
    struct rectify_params sets[2] = {rt_params[4], rt_params[4]};
    sets[1].stream = 1;
    for (int pass = 0; pass < 4; pass++)
        for (size_t n = 1; n <= MAX_N; n++) {
            struct rt_guarded a = {0}, b = {0}, out = {0};
            size_t out_n = rt_out_len(k, n);
            const struct rectify_params *p = &sets[pass / 2];
            assert_int_equal(rt_guarded_alloc(&a, n, pass % 2), 0);
            assert_int_equal(rt_guarded_alloc(&b, rt_b_len(k, n), pass % 2), 0);
            assert_int_equal(rt_guarded_alloc(&out, out_n, pass % 2), 0);
            rt_fill(a.p, n, n);
            rt_fill(b.p, rt_b_len(k, n), n + 1000);
            rt_run(&rectify_reference, k, a.p, b.p, expect, n, p);

            rt_run(e->table.table, k, a.p, b.p, out.p, n, p);
            if (rt_first_mismatch(&tol, out.p, expect, out_n) >= 0)
                fail_msg("%s on %s: n=%zu guard %s%s: wrong result", k->name, e->table.label, n,
                         pass % 2 ? "before" : "after", p->stream ? ", streaming" : "");
            if (rt_in_place_ok(k, 0)) {
                rt_run(e->table.table, k, a.p, b.p, a.p, n, p); /* in place */
                if (rt_first_mismatch(&tol, a.p, expect, n) >= 0)
                    fail_msg("%s on %s: n=%zu guard %s, in place%s: wrong result", k->name,
                             e->table.label, n, pass % 2 ? "before" : "after",
                             p->stream ? ", streaming" : "");
            }
            rt_guarded_free(&a);
            rt_guarded_free(&b);
            rt_guarded_free(&out);
        }
}

int main(int argc, char **argv)
{
    return rt_run_per_kernel("guard_pages", guarded, argc > 1 ? argv[1] : NULL);
}
