/*
 * The shared library loaded with dlopen, as plug-in hosts and language
 * bindings load it: every symbol resolves at load (RTLD_NOW), public
 * functions are found and work, internal ones are not visible.
 *   test_dlopen <path to librectify.so>
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "rectify.h"

static int failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

/* ISO C has no conversion from void * to a function pointer; copy the bits. */
static void *lookup(void *lib, const char *name, void *fn, size_t size)
{
    void *sym = dlsym(lib, name);
    if (sym)
        memcpy(fn, &sym, size);
    return sym;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s <librectify.so>\n", argv[0]);
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }

    const char *(*version)(void) = NULL;
    rectify_status (*leaky)(const float *, float *, size_t, float) = NULL;
    rectify_isa (*get_isa)(void) = NULL;
    const char *(*isa_name)(rectify_isa) = NULL;
    CHECK(lookup(lib, "rectify_version", &version, sizeof version));
    CHECK(lookup(lib, "rectify_leaky_relu_f32", &leaky, sizeof leaky));
    CHECK(lookup(lib, "rectify_get_isa", &get_isa, sizeof get_isa));
    CHECK(lookup(lib, "rectify_isa_name", &isa_name, sizeof isa_name));
    /* Internal symbols stay hidden. */
    CHECK(dlsym(lib, "rectify_active_kernels") == NULL);
    CHECK(dlsym(lib, "rectify_kernels_scalar") == NULL);
    CHECK(dlsym(lib, "rectify_cpu_detect") == NULL);

    if (version && leaky && get_isa && isa_name) {
        CHECK(strcmp(version(), RECTIFY_VERSION_STRING) == 0);
        const float x[5] = {-4.0f, -0.0f, 0.0f, 2.5f, -1.0f};
        const float want[5] = {-1.0f, -0.0f, 0.0f, 2.5f, -0.25f};
        float y[5];
        CHECK(leaky(x, y, 5, 0.25f) == RECTIFY_OK);
        CHECK(memcmp(y, want, sizeof y) == 0);
        CHECK(leaky(x, y, 5, 1.0f / 0.0f) == RECTIFY_ERR_PARAM);
        printf("loaded rectify %s, isa %s\n", version(), isa_name(get_isa()));
    }
    CHECK(dlclose(lib) == 0);
    if (failures)
        return 1;
    printf("1 passed, 0 failed\n");
    return 0;
}
