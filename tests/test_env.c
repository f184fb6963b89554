/*
 * Start-up configuration from the environment, one process per setting
 * (ctest sets the variables):
 *   test_env <cap|best> <warn|quiet> <deterministic 0|1>
 * checks that the kernel set chosen on first use is the best supported one
 * at or below the cap, that stderr got one "rectify:" line exactly when a
 * warning is due, and the deterministic flag; and that each op class runs
 * the kernels of the ISA the choice table gave it, never above the cap.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "common.h"
#include "dispatch.h"

/* Each class's kernels in the table in use are those of the ISA the
 * dispatcher reports for the class: supported, and not above `top`. */
static void expect_classes(rectify_isa top)
{
    const struct rectify_kernels *active = rectify_active_kernels();
    assert_int_equal(active->isa, top);
    for (int c = 0; c < RECTIFY_N_CLASSES; c++) {
        rectify_isa isa = rectify_dispatch_class_isa((enum rectify_op_class)c);
        const struct rectify_kernels *from = rectify_kernels_for(isa);
        if (!rectify_isa_supported(isa) || (int)isa > (int)top || !from)
            fail_msg("op class %s on %s, chosen %s",
                     rectify_op_class_name((enum rectify_op_class)c), rectify_isa_name(isa),
                     rectify_isa_name(top));
        int same = 1;
#define RECTIFY_SAME(name, arity) same &= active->name == from->name;
        RECTIFY_FOR_CLASS((enum rectify_op_class)c, RECTIFY_SAME)
#undef RECTIFY_SAME
        if (!same)
            fail_msg("op class %s: not %s's kernels",
                     rectify_op_class_name((enum rectify_op_class)c), rectify_isa_name(isa));
    }
}

static const char *want_cap, *want_warn;
static int want_det;

static void environment(void **state)
{
    (void)state;
    /* Capture stderr across the first call, which reads the environment. */
    fflush(stderr);
    int saved = dup(2);
    FILE *log = tmpfile();
    assert_non_null(log);
    dup2(fileno(log), 2);
    rectify_isa chosen = rectify_get_isa();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char text[512] = {0};
    rewind(log);
    size_t len = fread(text, 1, sizeof text - 1, log);
    fclose(log);

    rectify_isa cap = RECTIFY_ISA_NEON;
    if (strcmp(want_cap, "best") != 0) {
        int found = 0;
        for (int i = 0; i <= RECTIFY_ISA_NEON; i++)
            if (strcmp(rectify_isa_name((rectify_isa)i), want_cap) == 0)
                cap = (rectify_isa)i, found = 1;
        assert_true(found);
    }
    /* On both architectures the preference order is the enum order. */
    rectify_isa expect = RECTIFY_ISA_SCALAR;
    for (int i = 0; i <= (int)cap; i++)
        if (rectify_isa_supported((rectify_isa)i))
            expect = (rectify_isa)i;
    if (chosen != expect)
        fail_msg("cap %s: chose %s, expected %s", want_cap, rectify_isa_name(chosen),
                 rectify_isa_name(expect));
    expect_classes(chosen);
    /* rectify_set_isa puts every class on the ISA it names. */
    for (int i = 0; i <= RECTIFY_ISA_NEON; i++)
        if (rectify_isa_supported((rectify_isa)i)) {
            assert_int_equal(rectify_set_isa((rectify_isa)i), RECTIFY_OK);
            assert_ptr_equal(rectify_active_kernels(), rectify_kernels_for((rectify_isa)i));
            for (int c = 0; c < RECTIFY_N_CLASSES; c++)
                assert_int_equal(rectify_dispatch_class_isa((enum rectify_op_class)c), i);
        }

    if (strcmp(want_warn, "warn") == 0) {
        assert_true(len > 0);
        assert_non_null(strstr(text, "rectify: RECTIFY_ISA="));
        assert_non_null(strstr(text, "ignored"));
    } else {
        assert_int_equal(len, 0);
    }
    assert_int_equal(rectify_get_deterministic(), want_det);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: test_env <cap|best> <warn|quiet> <0|1>\n");
        return 2;
    }
    want_cap = argv[1];
    want_warn = argv[2];
    want_det = atoi(argv[3]);
    const struct CMUnitTest tests[] = {cmocka_unit_test(environment)};
    return cmocka_run_group_tests_name("env", tests, NULL, NULL);
}
