/*
 * The bf16 and fp16 section: the _bf16/_f16 kernels on every ISA, next to
 * the 2-byte copy roofline (the harness's copy of the input's bytes: 4 bytes
 * per element, read and written) and to what an engine does without them: widen the whole
 * tensor to float32, run rectify's float kernel, narrow it back (AVX2 and
 * F16C conversion loops, the fastest this file can write portably).
 *
 * Benchmarks: half_<kernel>_<type>/<isa>/<n>, half_<kernel>_<type>/convert/<n>
 * (widen, the best ISA's float kernel, narrow), half_<kernel>_<type>/<peer>/<n>
 * (oneDNN's bf16/f16 eltwise and XNNPACK's f16 ops, where this build and
 * CPU have them: peers.h) and half_copy/copy/<n>.
 * Rates count 2 bytes per element of each input and output.
 */
#include "half.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gbench.h"
#include "half_bits.h"
#include "kernel.h"
#include "peers.h"
#include "rectify.h"
#include "roofline.h"

#if defined(__x86_64__)
#include <immintrin.h>
#define CONVERT_TARGET __attribute__((target("avx2,f16c")))
#else
#define CONVERT_TARGET
#endif

struct half_case {
    const char *kernel; /* the registry name, "relu_forward" */
    int binary;
    int units;             /* how far a peer's result may be, in units of the type's last place */
    size_t f32, bf16, f16; /* offsets in struct rectify_kernels */
};

/* The exponential ops are not correctly rounded in float, so a peer's
 * half results may differ from rectify's (close_enough); every other
 * result is exact. */
#define HALF_CASE(name, binary, units)                                                             \
    {                                                                                              \
#name, binary, units, offsetof(struct rectify_kernels, name),                              \
            offsetof(struct rectify_kernels, name##_bf16),                                         \
            offsetof(struct rectify_kernels, name##_f16)                                           \
    }
static const struct half_case half_cases[] = {
    HALF_CASE(relu_forward, 0, 0),
    HALF_CASE(leaky_relu_forward, 0, 0),
    HALF_CASE(relu6_forward, 0, 0),
    HALF_CASE(relu_backward, 1, 0),
    HALF_CASE(relu6_backward, 1, 0),
    HALF_CASE(elu_forward, 0, 1),
    HALF_CASE(selu_forward, 0, 1),
    HALF_CASE(elu_backward, 1, 1),
    HALF_CASE(elu_backward_from_output, 1, 1),
    HALF_CASE(rrelu_forward, 0, 0),
};
#define N_CASES (sizeof half_cases / sizeof half_cases[0])
static const char *const type_names[2] = {"bf16", "f16"};

/* One registered benchmark's context. */
struct half_bench {
    const struct half_case *c;
    int type; /* 0 bf16, 1 f16 */
    int isa;  /* a rectify_isa, or -1: convert, run the float kernel, narrow */
    int copy; /* the copy roofline */
    const struct bench_half_peer_op *peer; /* or NULL */
};

static const struct rectify_params params = {
    .slope = 0.01f, .alpha = 1.0f, .lower = 0.125f, .upper = 0.33333334f, .seed = 1};

/* ---- converting whole buffers (the baseline) --------------------------------------- */

CONVERT_TARGET static void widen(int type, const uint16_t *h, float *f, size_t n)
{
    size_t i = 0;
#if defined(__x86_64__)
    for (; i + 8 <= n; i += 8) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(h + i));
        __m256 w = type ? _mm256_cvtph_ps(v)
                        : _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(v), 16));
        _mm256_storeu_ps(f + i, w);
    }
#endif
    for (; i < n; i++)
        f[i] = type ? rectify_f16_to_f32(h[i]) : rectify_bf16_to_f32(h[i]);
}

CONVERT_TARGET static void narrow(int type, const float *f, uint16_t *h, size_t n)
{
    size_t i = 0;
#if defined(__x86_64__)
    for (; i + 8 <= n; i += 8) {
        __m256 v = _mm256_loadu_ps(f + i);
        __m128i r;
        if (type) {
            r = _mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        } else {
            __m256i u = _mm256_castps_si256(v);
            __m256i odd = _mm256_and_si256(_mm256_srli_epi32(u, 16), _mm256_set1_epi32(1));
            __m256i s = _mm256_add_epi32(u, _mm256_add_epi32(_mm256_set1_epi32(0x7fff), odd));
            __m256i q = _mm256_or_si256(u, _mm256_set1_epi32(0x400000));
            s = _mm256_castps_si256(_mm256_blendv_ps(_mm256_castsi256_ps(s), _mm256_castsi256_ps(q),
                                                     _mm256_cmp_ps(v, v, _CMP_UNORD_Q)));
            s = _mm256_srli_epi32(s, 16);
            r = _mm_packus_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
        }
        _mm_storeu_si128((__m128i *)(void *)(h + i), r);
    }
#endif
    for (; i < n; i++)
        h[i] = type ? rectify_f32_to_f16(f[i]) : rectify_f32_to_bf16(f[i]);
}

/* The kernel pointer at `off` in table t, as its type. */
#define GETTER(name, type)                                                                         \
    static type name(const struct rectify_kernels *t, size_t off)                                  \
    {                                                                                              \
        type f;                                                                                    \
        memcpy(&f, (const char *)t + off, sizeof f);                                               \
        return f;                                                                                  \
    }
GETTER(get_unary, rectify_unary_fn)
GETTER(get_binary, rectify_binary_fn)
GETTER(get_unary_h, rectify_unary_h_fn)
GETTER(get_binary_h, rectify_binary_h_fn)

/* The widest ISA here, whose float kernels the baseline runs. */
static const struct rectify_kernels *best_table(void)
{
    for (int isa = RECTIFY_ISA_NEON; isa >= RECTIFY_ISA_SCALAR; isa--)
        if (bench_isa_runs((rectify_isa)isa))
            return rectify_kernels_for((rectify_isa)isa);
    return rectify_kernels_for(RECTIFY_ISA_SCALAR);
}

/* ---- the benchmark ------------------------------------------------------------------ */

/* Whether got is want: bit for bit, or (units > 0) that many steps of the
 * type's last place away with the same sign, or as close as the float
 * section asks of a peer (cases.c: 1e-5 relative, absolute below 1). */
static int close_enough(const uint16_t *want, const uint16_t *got, size_t n, int type, int units)
{
    for (size_t i = 0; i < n; i++) {
        int d = (int)want[i] - (int)got[i];
        if (d == 0 || (d <= units && d >= -units && !((want[i] ^ got[i]) & 0x8000)))
            continue;
        float w = type ? rectify_f16_to_f32(want[i]) : rectify_bf16_to_f32(want[i]);
        float g = type ? rectify_f16_to_f32(got[i]) : rectify_bf16_to_f32(got[i]);
        if (!units || !(fabsf(g - w) <= 1e-5f * fmaxf(1.0f, fabsf(w))))
            return 0;
    }
    return 1;
}

/* Times b's peer on (x, dy) -> y once its output equals rectify's own
 * kernel for the type (the widest ISA's): bit for bit, or within the
 * case's units. */
static void run_peer(gbench_state *st, const struct half_bench *b, const uint16_t *x,
                     const uint16_t *dy, uint16_t *y, size_t n)
{
    const struct rectify_kernels *t = best_table();
    size_t off = b->type ? b->c->f16 : b->c->bf16;
    uint16_t *want = malloc(n * 2 + 2);
    const uint16_t *in[2] = {x, dy};
    void *op = want ? b->peer->create(b->peer, in, y, n) : NULL;
    if (!op) {
        gbench_skip_with_error(st,
                               want ? "the peer could not make this operator" : "out of memory");
        free(want);
        return;
    }
    if (b->c->binary)
        get_binary_h(t, off)(x, dy, want, n, &params);
    else
        get_unary_h(t, off)(x, want, n, &params);
    if (b->peer->run(op) || !close_enough(want, y, n, b->type, b->c->units)) {
        gbench_skip_with_error(st, "the peer's output is not rectify's");
    } else {
        while (gbench_keep_running(st))
            b->peer->run(op);
    }
    b->peer->destroy(op);
    free(want);
}

static void bm_half(gbench_state *st, void *ctx)
{
    const struct half_bench *b = ctx;
    size_t n = (size_t)gbench_get_arg(st, 0);
    int binary = b->c && b->c->binary;
    /* 64-byte aligned (the copy needs it), whole lines. */
    size_t h = (n * 2 + 63) / 64 * 64, w = (n * 4 + 63) / 64 * 64;
    uint16_t *x = aligned_alloc(64, h), *dy = aligned_alloc(64, h), *y = aligned_alloc(64, h);
    float *fx = NULL, *fdy = NULL;
    if (b->isa < 0 && !b->copy) {
        fx = aligned_alloc(64, w);
        fdy = aligned_alloc(64, w);
    }
    if (!x || !dy || !y || (b->isa < 0 && !b->copy && (!fx || !fdy))) {
        gbench_skip_with_error(st, "out of memory");
        goto done;
    }
    /* About half negative, |x| up to 8: xorshift, rounded to the type. */
    uint64_t s = 0x9E3779B97F4A7C15ULL;
    for (size_t i = 0; i < n; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        float v = (float)((double)(int32_t)(s >> 32) / 2147483648.0 * 8.0);
        x[i] = b->type ? rectify_f32_to_f16(v) : rectify_f32_to_bf16(v);
        dy[i] = b->type ? rectify_f32_to_f16(0.5f * v) : rectify_f32_to_bf16(0.5f * v);
    }
    /* Every page touched before the clock starts. */
    memset(y, 0, n * 2);
    if (fx) {
        memset(fx, 0, n * 4);
        memset(fdy, 0, n * 4);
    }
    rectify_set_num_threads(1);
    if (b->peer) {
        bench_peer_threads = 1;
        run_peer(st, b, x, dy, y, n);
    } else if (b->copy) {
        /* The harness's own copy (roofline.c, the widest vectors, ordinary
         * stores) over the same bytes: n / 2 floats' worth. */
        const float *in[1] = {(const float *)(const void *)x};
        float *out = (float *)(void *)y;
        while (gbench_keep_running(st))
            bench_copy(in, 1, out, 0, 1, n / 2, 0);
    } else if (b->isa >= 0) {
        const struct rectify_kernels *t = rectify_kernels_for((rectify_isa)b->isa);
        size_t off = b->type ? b->c->f16 : b->c->bf16;
        if (binary) {
            rectify_binary_h_fn f = get_binary_h(t, off);
            while (gbench_keep_running(st))
                f(x, dy, y, n, &params);
        } else {
            rectify_unary_h_fn f = get_unary_h(t, off);
            while (gbench_keep_running(st))
                f(x, y, n, &params);
        }
    } else {
        const struct rectify_kernels *t = best_table();
        while (gbench_keep_running(st)) {
            widen(b->type, x, fx, n);
            if (binary) {
                widen(b->type, dy, fdy, n);
                get_binary(t, b->c->f32)(fx, fdy, fx, n, &params);
            } else {
                get_unary(t, b->c->f32)(fx, fx, n, &params);
            }
            narrow(b->type, fx, y, n);
        }
    }
    int64_t done = gbench_iterations(st) * (int64_t)n;
    gbench_set_items_processed(st, done);
    gbench_set_bytes_processed(st, done * (binary ? 6 : 4));
done:
    free(x);
    free(dy);
    free(y);
    free(fx);
    free(fdy);
}

/* The benchmark's name for case c, type and who runs it (an ISA, "convert",
 * a peer). */
static void half_name(char *out, size_t cap, size_t c, int type, const char *who)
{
    snprintf(out, cap, "half_%s_%s/%s", half_cases[c].kernel, type_names[type], who);
}

/* Whether peer is an op for case c and type. */
static int peer_runs(const struct bench_half_peer_op *peer, size_t c, int type)
{
    return peer->type == type && strcmp(peer->kernel, half_cases[c].kernel) == 0;
}

static struct half_bench *benches;
static size_t n_benches;

static void add(struct half_bench b, const char *name, const size_t *sizes, size_t n_sizes)
{
    benches[n_benches] = b;
    gbench_benchmark *g = gbench_register(name, bm_half, &benches[n_benches]);
    for (size_t s = 0; s < n_sizes; s++)
        gbench_arg(g, (int64_t)sizes[s]);
    n_benches++;
}

void bench_register_half(const size_t *sizes, size_t n_sizes)
{
    benches = calloc(1 + 2 * N_CASES * 7 + bench_n_half_peer_ops(), sizeof *benches);
    if (!benches)
        return;
    char name[128];
    add((struct half_bench){.copy = 1}, "half_copy/copy", sizes, n_sizes);
    for (int type = 0; type < 2; type++)
        for (size_t c = 0; c < N_CASES; c++) {
            for (int isa = RECTIFY_ISA_SSE2; isa <= RECTIFY_ISA_NEON; isa++) {
                if (!bench_isa_runs((rectify_isa)isa))
                    continue;
                half_name(name, sizeof name, c, type, rectify_isa_name((rectify_isa)isa));
                add((struct half_bench){.c = &half_cases[c], .type = type, .isa = isa}, name, sizes,
                    n_sizes);
            }
            half_name(name, sizeof name, c, type, "convert");
            add((struct half_bench){.c = &half_cases[c], .type = type, .isa = -1}, name, sizes,
                n_sizes);
            for (size_t p = 0; p < bench_n_half_peer_ops(); p++) {
                const struct bench_half_peer_op *peer = bench_half_peer_op(p);
                if (!peer_runs(peer, c, type))
                    continue;
                half_name(name, sizeof name, c, type, peer->peer);
                add((struct half_bench){.c = &half_cases[c], .type = type, .peer = peer}, name,
                    sizes, n_sizes);
            }
        }
}

/* GB/s of the benchmark `name` at size n (median of repetitions; CPU
 * time), 0 if it did not run. */
static double gbps(const struct gbench_results *r, const char *name, size_t n, int bytes)
{
    char full[192];
    snprintf(full, sizeof full, "%s/%zu", name, n);
    const struct gbench_result *use = gbench_find(r, full);
    return use && use->cpu_seconds > 0 ? (double)bytes * (double)n / use->cpu_seconds * 1e-9 : 0;
}

/* The fastest peer's GB/s for case c and type at size n, 0 if none ran. */
static double best_peer(const struct gbench_results *r, size_t c, int type, size_t n, int bytes)
{
    double best = 0;
    char name[160];
    for (size_t p = 0; p < bench_n_half_peer_ops(); p++) {
        const struct bench_half_peer_op *peer = bench_half_peer_op(p);
        if (!peer_runs(peer, c, type))
            continue;
        half_name(name, sizeof name, c, type, peer->peer);
        double g = gbps(r, name, n, bytes);
        best = g > best ? g : best;
    }
    return best;
}

/* One row: `who`'s GB/s per size, with % of the copy (unary ops), the
 * speed over convert-run-convert and, for rectify's rows, over the
 * fastest peer. Nothing when it did not run at any size. */
static void print_row(FILE *f, const struct gbench_results *r, const size_t *sizes, size_t n_sizes,
                      size_t c, int type, const char *who, int ours)
{
    int bytes = half_cases[c].binary ? 6 : 4;
    char name[160], conv_name[160];
    half_name(name, sizeof name, c, type, who);
    half_name(conv_name, sizeof conv_name, c, type, "convert");
    int ran = 0;
    for (size_t s = 0; s < n_sizes; s++)
        ran |= gbps(r, name, sizes[s], bytes) > 0;
    if (!ran)
        return; /* filtered out, or a peer without this op */
    char row[96];
    snprintf(row, sizeof row, "%s_%s %s", half_cases[c].kernel, type_names[type], who);
    fprintf(f, "%-34s", row);
    for (size_t s = 0; s < n_sizes; s++) {
        double g = gbps(r, name, sizes[s], bytes);
        double conv = gbps(r, conv_name, sizes[s], bytes);
        double copy = gbps(r, "half_copy/copy", sizes[s], 4);
        double peer = ours ? best_peer(r, c, type, sizes[s], bytes) : 0;
        char cell[64];
        int used = snprintf(cell, sizeof cell, "%.1f", g);
        if (bytes == 4)
            used += snprintf(cell + used, sizeof cell - (size_t)used, " %3.0f%%",
                             copy > 0 ? 100 * g / copy : 0);
        used +=
            snprintf(cell + used, sizeof cell - (size_t)used, " %.1fx", conv > 0 ? g / conv : 0);
        if (peer > 0)
            snprintf(cell + used, sizeof cell - (size_t)used, " %.2fp", g / peer);
        fprintf(f, " %24s", cell);
    }
    fprintf(f, "\n");
}

void bench_print_half(FILE *f, const struct gbench_results *r, const size_t *sizes, size_t n_sizes)
{
    if (!n_benches)
        return;
    fprintf(f, "\nbf16 and fp16 (GB/s at 2 bytes per element read and written; one thread;\n"
               "copy: the input's bytes copied, 4 B/element; x: over widen, the float kernel, "
               "narrow;\np: over the fastest peer's bf16/f16 op, where one ran)\n");
    fprintf(f, "%-34s", "kernel");
    for (size_t s = 0; s < n_sizes; s++)
        fprintf(f, " %24zu", sizes[s]);
    fprintf(f, "\n%-34s", "half_copy (4 B/element)");
    for (size_t s = 0; s < n_sizes; s++)
        fprintf(f, " %24.1f", gbps(r, "half_copy/copy", sizes[s], 4));
    fprintf(f, "\n");
    for (int type = 0; type < 2; type++)
        for (size_t c = 0; c < N_CASES; c++) {
            for (int isa = RECTIFY_ISA_SSE2; isa <= RECTIFY_ISA_NEON; isa++)
                if (bench_isa_runs((rectify_isa)isa))
                    print_row(f, r, sizes, n_sizes, c, type, rectify_isa_name((rectify_isa)isa), 1);
            for (size_t p = 0; p < bench_n_half_peer_ops(); p++) {
                const struct bench_half_peer_op *peer = bench_half_peer_op(p);
                if (peer_runs(peer, c, type))
                    print_row(f, r, sizes, n_sizes, c, type, peer->peer, 0);
            }
        }
}
