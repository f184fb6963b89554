/* The version macros, rectify_version() and the build's project() version
 * (RECTIFY_PROJECT_VERSION, from CMake) agree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rectify.h"

static void version(void **state)
{
    (void)state;
    char built[32];
    snprintf(built, sizeof built, "%d.%d.%d", RECTIFY_VERSION_MAJOR, RECTIFY_VERSION_MINOR,
             RECTIFY_VERSION_PATCH);
    assert_string_equal(built, RECTIFY_VERSION_STRING);
    assert_string_equal(rectify_version(), RECTIFY_VERSION_STRING);
    assert_string_equal(rectify_version(), RECTIFY_PROJECT_VERSION);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(version)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
