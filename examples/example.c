/*
 * A minimal rectify consumer: ReLU forward and backward on eight floats.
 * Build it against an installed rectify with CMake (CMakeLists.txt here) or
 * with pkg-config:
 *   cc example.c $(pkg-config --cflags --libs rectify) -o example
 */
#include <stdio.h>

#include <rectify.h>

#define N 8

static void print(const char *name, const float *v)
{
    printf("%-3s", name);
    for (int i = 0; i < N; i++)
        printf(" %g", v[i]);
    printf("\n");
}

int main(void)
{
    const float x[N] = {-2.0f, -0.5f, -0.0f, 0.0f, 0.5f, 1.0f, 3.0f, 7.0f};
    const float dy[N] = {1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f};
    float y[N], dx[N];

    rectify_status s = rectify_relu_f32(x, y, N);
    if (s == RECTIFY_OK)
        s = rectify_relu_backward_f32(x, dy, dx, N);
    if (s != RECTIFY_OK) {
        fprintf(stderr, "rectify: %s\n", rectify_status_str(s));
        return 1;
    }
    printf("rectify %s (header %s), isa %s\n", rectify_version(), RECTIFY_VERSION_STRING,
           rectify_isa_name(rectify_get_isa()));
    print("x", x);
    print("y", y);
    print("dx", dx);
    return 0;
}
