/* The peer ops this build has (see peers.h), and the formulas they are
 * checked against. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ops.h"
#include "peers.h"

int bench_peer_threads = 1;

enum { MAX_PEER_OPS = 64 };
static const struct bench_peer_op *ops[MAX_PEER_OPS];
static size_t n_ops;
static const struct bench_half_peer_op *half_ops[MAX_PEER_OPS];
static size_t n_half_ops;
static char description[128];
static int listed;

static void add(const struct bench_peer_op *list, size_t count, const char *name)
{
    for (size_t i = 0; i < count && n_ops < MAX_PEER_OPS; i++)
        ops[n_ops++] = &list[i];
    size_t used = 0;
    while (description[used])
        used++;
    snprintf(description + used, sizeof description - used, "%s%s", used ? ", " : "", name);
}

static void add_half(const struct bench_half_peer_op *list, size_t count)
{
    for (size_t i = 0; i < count && n_half_ops < MAX_PEER_OPS; i++)
        half_ops[n_half_ops++] = &list[i];
}

static void list(void)
{
    if (listed)
        return;
    listed = 1;
    size_t count;
    const char *version;
    const struct bench_peer_op *l;
#ifdef RECTIFY_BENCH_HAVE_ONEDNN
    l = bench_onednn_ops(&count, &version);
    add(l, count, version);
    add_half(bench_onednn_half_ops(&count), count);
#endif
#ifdef RECTIFY_BENCH_HAVE_XNNPACK
    l = bench_xnnpack_ops(&count, &version);
    add(l, count, version);
    add_half(bench_xnnpack_half_ops(&count), count);
#endif
    (void)add;
    (void)add_half;
    (void)l;
    (void)count;
    (void)version;
}

size_t bench_n_peer_ops(void)
{
    list();
    return n_ops;
}

const struct bench_peer_op *bench_peer_op(size_t i)
{
    list();
    return i < n_ops ? ops[i] : NULL;
}

size_t bench_n_half_peer_ops(void)
{
    list();
    return n_half_ops;
}

const struct bench_half_peer_op *bench_half_peer_op(size_t i)
{
    list();
    return i < n_half_ops ? half_ops[i] : NULL;
}

const char *bench_peers_description(void)
{
    list();
    return description;
}

static rectify_isa isa_limit = RECTIFY_ISA_NEON;

int bench_isa_runs(rectify_isa isa) { return rectify_isa_supported(isa) && isa <= isa_limit; }

static char what[160];

const char *bench_isa_cap(void) { return what; }

const char *bench_isa_cap_init(void)
{
    rectify_isa best = RECTIFY_ISA_SCALAR, chosen = rectify_get_isa();
    for (int isa = RECTIFY_ISA_SCALAR; isa <= RECTIFY_ISA_NEON; isa++)
        if (rectify_isa_supported((rectify_isa)isa))
            best = (rectify_isa)isa;
    if (chosen == best)
        return "";
    isa_limit = chosen;
    snprintf(what, sizeof what, "%s (RECTIFY_ISA): rectify's sets above it are not run",
             rectify_isa_name(chosen));
#ifdef RECTIFY_BENCH_HAVE_ONEDNN
    snprintf(what + strlen(what), sizeof what - strlen(what), "; onednn %s",
             bench_onednn_cap(chosen));
#endif
#ifdef RECTIFY_BENCH_HAVE_XNNPACK
    snprintf(what + strlen(what), sizeof what - strlen(what), "; xnnpack %s",
             bench_xnnpack_cap(chosen));
#endif
    return what;
}

float bench_expect_relu(float x, float unused)
{
    (void)unused;
    return x > 0 ? x : 0.0f;
}
float bench_expect_leaky_relu(float x, float unused)
{
    (void)unused;
    return x > 0 ? x : x * BENCH_LEAKY_SLOPE;
}
float bench_expect_relu6(float x, float unused)
{
    (void)unused;
    return x < 0 ? 0.0f : (x > 6 ? 6.0f : x);
}
float bench_expect_elu(float x, float unused)
{
    (void)unused;
    return x > 0 ? x : BENCH_ELU_ALPHA * expm1f(x);
}
float bench_expect_relu_backward(float x, float dy) { return x > 0 ? dy : 0.0f; }
float bench_expect_leaky_relu_backward(float x, float dy)
{
    return x > 0 ? dy : dy * BENCH_LEAKY_SLOPE;
}
float bench_expect_relu6_backward(float x, float dy) { return x > 0 && x < 6 ? dy : 0.0f; }
float bench_expect_elu_backward(float x, float dy)
{
    return x > 0 ? dy : dy * BENCH_ELU_ALPHA * expf(x);
}
float bench_expect_elu_backward_from_output(float y, float dy)
{
    return y > 0 ? dy : dy * (y + BENCH_ELU_ALPHA);
}
