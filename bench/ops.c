/* The registry, walked for the benchmarks; per-op inputs and parameters. */
#include <string.h>

#include "ops.h"

#define BENCH_DESCRIBE(name, arity)                                                                \
    {#name, &bench_arity_##arity, offsetof(struct rectify_kernels, name)},
const struct bench_kernel bench_kernels[] = {RECTIFY_KERNEL_LIST(BENCH_DESCRIBE)};
#undef BENCH_DESCRIBE
const size_t bench_n_kernels = sizeof bench_kernels / sizeof bench_kernels[0];

const struct bench_kernel *bench_find_kernel(const char *name)
{
    for (size_t i = 0; i < bench_n_kernels; i++)
        if (strcmp(bench_kernels[i].name, name) == 0)
            return &bench_kernels[i];
    return NULL;
}

/* By op, the part of a kernel's name before _forward or _backward. Ops not
 * listed get symmetric inputs and the default parameters. The ELU family is
 * fed normal pre-activations, as a network gives it. */
static const struct {
    const char *op;
    enum bench_input input;
} inputs_by_op[] = {
    {"elu", BENCH_INPUT_NORMAL},
    {"selu", BENCH_INPUT_NORMAL},
};

/* The ELU family again with every input below zero: every lane takes the
 * exponential, where a peer whose cost does not depend on the values may
 * win; leaky_relu with every output subnormal. */
static const struct {
    const char *op;
    enum bench_input input;
    const char *label;
    int forward_only;
} second_inputs_by_op[] = {
    {"elu", BENCH_INPUT_NEGATIVE, "negative", 0},
    {"selu", BENCH_INPUT_NEGATIVE, "negative", 0},
    /* Every output subnormal (x * 0.01 below 2^-126): where a CPU slows
     * down on subnormal results, this shows it. */
    {"leaky_relu", BENCH_INPUT_TINY, "subnormal", 1},
};

static size_t op_length(const char *kernel)
{
    const char *fwd = strstr(kernel, "_forward"), *bwd = strstr(kernel, "_backward");
    const char *end = fwd && (!bwd || fwd < bwd) ? fwd : bwd;
    return end ? (size_t)(end - kernel) : strlen(kernel);
}

struct bench_setup bench_setup_for(const char *kernel_name)
{
    /* RReLU's registry kernels are its training mode; PyTorch's default
     * bounds [1/8, 1/3). */
    struct bench_setup s = {BENCH_INPUT_SYMMETRIC,
                            {.slope = BENCH_LEAKY_SLOPE,
                             .alpha = BENCH_ELU_ALPHA,
                             .lower = 0.125f,
                             .upper = 1.0f / 3.0f,
                             .seed = 0x5eed}};
    size_t len = op_length(kernel_name);
    for (size_t i = 0; i < sizeof inputs_by_op / sizeof inputs_by_op[0]; i++)
        if (strlen(inputs_by_op[i].op) == len && strncmp(inputs_by_op[i].op, kernel_name, len) == 0)
            s.input = inputs_by_op[i].input;
    return s;
}

enum rectify_work bench_work_for(const char *kernel_name)
{
    size_t len = op_length(kernel_name);
    if (strstr(kernel_name, "_deterministic"))
        return RECTIFY_WORK_DETERMINISTIC;
    if (strstr(kernel_name, "from_output"))
        return RECTIFY_WORK_MEMORY;
    if ((len == 3 && strncmp(kernel_name, "elu", 3) == 0) ||
        (len == 4 && strncmp(kernel_name, "selu", 4) == 0))
        return RECTIFY_WORK_EXPONENTIAL;
    if (strncmp(kernel_name, "rrelu", 5) == 0 || strncmp(kernel_name, "philox", 6) == 0)
        return RECTIFY_WORK_RANDOM;
    return RECTIFY_WORK_MEMORY;
}

int bench_second_input(const char *kernel_name, enum bench_input *input, const char **label)
{
    size_t len = op_length(kernel_name);
    for (size_t i = 0; i < sizeof second_inputs_by_op / sizeof second_inputs_by_op[0]; i++)
        if (strlen(second_inputs_by_op[i].op) == len &&
            strncmp(second_inputs_by_op[i].op, kernel_name, len) == 0 &&
            (!second_inputs_by_op[i].forward_only || strstr(kernel_name, "_forward"))) {
            *input = second_inputs_by_op[i].input;
            *label = second_inputs_by_op[i].label;
            return 1;
        }
    return 0;
}
