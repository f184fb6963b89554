/* The benchmarks themselves, in C, on the gbench.h shim (see cases.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "gbench.h"
#include "inputs.h"
#include "roofline.h"
#include "rectify.h"

/* In place, an iteration is BENCH_INPLACE_CALLS calls, timed by their own
 * clock (manual time), and the work buffer then gets back what it held
 * before the first, off the clock. Calls that feed their output back as
 * their input drift: leaky ReLU's negative lanes and every backward's
 * gradient shrink by the slope or the derivative each call, into the
 * subnormals within a few dozen calls (ELU's gradient at x = -4 is
 * 2^-5.8), where multiplies take a slow path on some CPUs and zeros a fast
 * one: in-place ELU backward ran at 2.5x its out-of-place time on AVX2,
 * oneDNN's at 3x. Eight calls keep every lane of these inputs normal.
 * (Google Benchmark's pause and resume read the thread's CPU clock, a
 * system call: a microsecond a pair, ten times a 1K call.) */
#define BENCH_INPLACE_CALLS 8

struct refresh {
    float *work;      /* NULL: out of place, nothing to do */
    const float *src; /* what the work buffer held before the first call */
    size_t n;
};

static void refresh(const struct refresh *r)
{
    if (r->work)
        memcpy(r->work, r->src, r->n * sizeof(float));
}

int bench_calls_per_iteration(const struct bench_case *c)
{
    return c->inplace && (c->kind == BENCH_OURS || c->kind == BENCH_PEER) ? BENCH_INPLACE_CALLS : 1;
}

/* Points in[] and *out at this size's buffers; in place, the input that the
 * arity overwrites is a fresh copy in the work buffer, and is the output
 * (and *r says how to restore it; r may be NULL). */
static int prepare(gbench_state *st, const struct bench_case *c, size_t n,
                   const float *in[BENCH_MAX_INPUTS], float **out, struct refresh *r)
{
    static const enum bench_input others[BENCH_MAX_INPUTS] = {
        BENCH_INPUT_SYMMETRIC, BENCH_INPUT_GRADIENT, BENCH_INPUT_GRADIENT_2};
    const struct bench_arity *a = c->arity;
    int ok = 1;
    for (int i = 0; i < a->inputs; i++)
        ok &= (in[i] = bench_input(n, i == 0 ? c->setup.input : others[i],
                                   bench_input_blocks(a, i))) != NULL;
    ok &= (*out = bench_output(n, a->outputs)) != NULL;
    if (ok && c->inplace) {
        float *work = bench_work(n, a->outputs);
        if ((ok = work != NULL)) {
            memcpy(work, in[a->inplace_input], n * sizeof(float));
            if (r)
                *r = (struct refresh){.work = work, .src = in[a->inplace_input], .n = n};
            in[a->inplace_input] = work;
            *out = work;
        }
    }
    if (!ok)
        gbench_skip_with_error(st, "out of memory");
    return ok;
}

static void report(gbench_state *st, const struct bench_case *c, size_t n)
{
    int64_t done = gbench_iterations(st) * (int64_t)n;
    gbench_set_items_processed(st, done);
    gbench_set_bytes_processed(st, done * c->arity->bytes_per_element);
    /* cycles/element = seconds * clock / elements: a per-iteration
     * invariant rate, inverted. The clock is Google Benchmark's estimate. */
    double hz = gbench_cycles_per_second();
    if (hz > 0)
        gbench_counter(st, "cycles_per_element", (double)n / hz,
                       GBENCH_COUNTER_RATE | GBENCH_COUNTER_PER_ITERATION | GBENCH_COUNTER_INVERT);
}

static void bm_ours(gbench_state *st, void *ctx)
{
    const struct bench_case *c = ctx;
    size_t n = (size_t)gbench_get_arg(st, 0);
    const float *in[BENCH_MAX_INPUTS];
    float *out;
    struct refresh r = {0};
    if (!prepare(st, c, n, in, &out, &r))
        return;
    enum rectify_work work = bench_work_for(c->kernel);
    rectify_set_num_threads(c->threads);
    /* Once untimed: the pool's threads start now, not in the first timed call. */
    c->arity->call(c->table, c->offset, in, out, n, &c->setup.params, work);
    refresh(&r); /* and its output undone */
    if (!c->inplace) {
        while (gbench_keep_running(st))
            c->arity->call(c->table, c->offset, in, out, n, &c->setup.params, work);
    } else {
        while (gbench_keep_running(st)) {
            double t0 = gbench_now();
            for (int k = 0; k < BENCH_INPLACE_CALLS; k++)
                c->arity->call(c->table, c->offset, in, out, n, &c->setup.params, work);
            gbench_set_iteration_time(st, gbench_now() - t0);
            refresh(&r);
        }
    }
    rectify_set_num_threads(1);
    report(st, c, n * (size_t)bench_calls_per_iteration(c));
}

/* A peer computes what it says it computes: its output, out of place,
 * against the formula, before it is timed. */
static int peer_agrees(const struct bench_case *c, const float *const in[], const float *out,
                       size_t n)
{
    size_t check = n < 65536 ? n : 65536;
    for (size_t i = 0; i < check; i++) {
        float want = c->peer->expect(in[0][i], c->arity->inputs > 1 ? in[1][i] : 0.0f);
        if (!(fabsf(out[i] - want) <= 1e-5f * fmaxf(1.0f, fabsf(want))))
            return 0;
    }
    return 1;
}

static void bm_peer(gbench_state *st, void *ctx)
{
    const struct bench_case *c = ctx;
    size_t n = (size_t)gbench_get_arg(st, 0);
    const float *in[BENCH_MAX_INPUTS];
    float *out;
    struct refresh r = {0};
    if (!prepare(st, c, n, in, &out, &r))
        return;
    bench_peer_threads = c->threads;
    void *op = c->peer->create(c->peer, in, out, n);
    if (!op) {
        gbench_skip_with_error(st, "the peer could not make this operator");
        return;
    }
    if (c->peer->run(op) != 0 || (!c->inplace && !peer_agrees(c, in, out, n))) {
        gbench_skip_with_error(st, "the peer's output is not what its formula says");
        c->peer->destroy(op);
        return;
    }
    int failed = 0;
    refresh(&r); /* the checking call's output undone */
    if (!c->inplace) {
        while (gbench_keep_running(st))
            failed |= c->peer->run(op);
    } else {
        while (gbench_keep_running(st)) {
            double t0 = gbench_now();
            for (int k = 0; k < BENCH_INPLACE_CALLS; k++)
                failed |= c->peer->run(op);
            gbench_set_iteration_time(st, gbench_now() - t0);
            refresh(&r);
        }
    }
    c->peer->destroy(op);
    if (failed)
        gbench_skip_with_error(st, "the peer failed to run");
    else
        report(st, c, n * (size_t)bench_calls_per_iteration(c));
}

static void bm_copy(gbench_state *st, void *ctx)
{
    const struct bench_case *c = ctx;
    size_t n = (size_t)gbench_get_arg(st, 0);
    const float *in[BENCH_MAX_INPUTS];
    float *out;
    if (!prepare(st, c, n, in, &out, NULL))
        return;
    int stream = strcmp(c->variant, "stream") == 0;
    /* The same traffic as the arity: an input spanning several blocks reads
     * as that many n-float inputs. */
    const float *blocks[BENCH_MAX_INPUTS];
    int n_blocks = 0;
    for (int i = 0; i < c->arity->inputs; i++)
        for (int b = 0; b < bench_input_blocks(c->arity, i) && n_blocks < BENCH_MAX_INPUTS; b++)
            blocks[n_blocks++] = in[i] + (size_t)b * n;
    bench_copy_threads(c->threads, blocks, n_blocks, out, n, c->arity->outputs, n, stream);
    while (gbench_keep_running(st))
        bench_copy_threads(c->threads, blocks, n_blocks, out, n, c->arity->outputs, n, stream);
    bench_copy_release();
    report(st, c, n);
}

/* The small-call section: ours through the public API (a call as a program
 * makes it), or the plain C loop. */
static void bm_small(gbench_state *st, void *ctx)
{
    const struct bench_case *c = ctx;
    size_t n = (size_t)gbench_get_arg(st, 0);
    const float *in[BENCH_MAX_INPUTS];
    float *out;
    if (!prepare(st, c, n, in, &out, NULL))
        return;
    if (c->kind == BENCH_API) {
        rectify_set_num_threads(1);
        if (c->small->api(in, out, n) != 0) {
            gbench_skip_with_error(st, "the call failed");
            return;
        }
        while (gbench_keep_running(st))
            c->small->api(in, out, n);
    } else {
        while (gbench_keep_running(st))
            c->small->plain(in, out, n);
    }
    report(st, c, n);
}

const char *bench_copy_name(const struct bench_arity *arity)
{
    static char names[8][32];
    static const struct bench_arity *named[8];
    for (int i = 0; i < 8; i++) {
        if (named[i] == arity)
            return names[i];
        if (!named[i]) {
            named[i] = arity;
            snprintf(names[i], sizeof names[i], "copy_%s", arity->name);
            return names[i];
        }
    }
    return "copy";
}

/* ---- registration ------------------------------------------------------- */

struct case_list {
    struct bench_case *v;
    size_t n, cap;
};

static int same_case(const struct bench_case *a, const struct bench_case *b)
{
    return a->kind == b->kind && a->n == b->n && a->inplace == b->inplace &&
           a->threads == b->threads && strcmp(a->kernel, b->kernel) == 0 &&
           strcmp(a->variant, b->variant) == 0 &&
           (a->input == b->input || (a->input && b->input && strcmp(a->input, b->input) == 0));
}

/* Adds c, unless the list has it already (a peer at a size both sections
 * run). */
static struct bench_case *add(struct case_list *l, struct bench_case c)
{
    for (size_t i = 0; i < l->n; i++)
        if (same_case(&l->v[i], &c))
            return &l->v[i];
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        struct bench_case *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            fprintf(stderr, "rectify-bench: out of memory\n");
            exit(1);
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n] = c;
    return &l->v[l->n++];
}

/* <kernel>/<variant>[/<input>][/inplace][/t<threads>], the threads only
 * above one. */
static void base_name(const struct bench_case *c, char *out, size_t size)
{
    char threads[16] = "";
    if (c->threads > 1)
        snprintf(threads, sizeof threads, "/t%d", c->threads);
    snprintf(out, size, "%s/%s%s%s%s%s", c->kernel, c->variant, c->input ? "/" : "",
             c->input ? c->input : "", c->inplace ? "/inplace" : "", threads);
}

static void name_case(struct bench_case *c)
{
    char base[96];
    base_name(c, base, sizeof base);
    snprintf(c->name, sizeof c->name, "%s/%zu", base, c->n);
}

static void register_case(struct bench_case *c, gbench_fn fn)
{
    char base[128];
    base_name(c, base, sizeof base);
    gbench_benchmark *b = gbench_register(base, fn, c);
    gbench_arg(b, (int64_t)c->n);
    if (bench_calls_per_iteration(c) > 1)
        gbench_use_manual_time(b);
}

/* The case once on the op's input and, where it has one, once on its
 * second. */
static void add_inputs(struct case_list *l, struct bench_case c)
{
    add(l, c);
    enum bench_input second;
    if (bench_second_input(c.kernel, &second, &c.input)) {
        c.setup.input = second;
        add(l, c);
    }
}

/* The benchmarks of one size on `threads` threads: on one, every ISA; on
 * more, the best ISA only (the one the library picks), where a call of
 * this size is split at all. */
static void register_size(struct case_list *l, size_t n, int threads)
{
    for (size_t a = 0; a < bench_n_arities; a++)
        for (int inplace = 0; inplace <= (bench_arities[a]->inplace_input >= 0); inplace++)
            for (int stream = 0; stream <= bench_copy_can_stream(); stream++)
                add(l, (struct bench_case){.kind = BENCH_COPY,
                                           .kernel = bench_copy_name(bench_arities[a]),
                                           .variant = stream ? "stream" : "store",
                                           .arity = bench_arities[a],
                                           .inplace = inplace,
                                           .threads = threads,
                                           .n = n});
    for (size_t k = 0; k < bench_n_kernels; k++)
        for (int isa = RECTIFY_ISA_SCALAR; isa <= RECTIFY_ISA_NEON; isa++) {
            if (!bench_isa_runs((rectify_isa)isa) ||
                (threads > 1 && (rectify_isa)isa != rectify_get_isa()))
                continue;
            for (int inplace = 0; inplace <= (bench_kernels[k].arity->inplace_input >= 0);
                 inplace++)
                add_inputs(l, (struct bench_case){.kind = BENCH_OURS,
                                                  .kernel = bench_kernels[k].name,
                                                  .variant = rectify_isa_name((rectify_isa)isa),
                                                  .arity = bench_kernels[k].arity,
                                                  .inplace = inplace,
                                                  .threads = threads,
                                                  .n = n,
                                                  .setup = bench_setup_for(bench_kernels[k].name),
                                                  .table = rectify_kernels_for((rectify_isa)isa),
                                                  .offset = bench_kernels[k].offset});
        }
    for (size_t p = 0; p < bench_n_peer_ops(); p++) {
        const struct bench_peer_op *op = bench_peer_op(p);
        for (int inplace = 0; inplace <= (op->arity->inplace_input >= 0); inplace++)
            add_inputs(l, (struct bench_case){.kind = BENCH_PEER,
                                              .kernel = op->kernel,
                                              .variant = op->peer,
                                              .arity = op->arity,
                                              .inplace = inplace,
                                              .threads = threads,
                                              .n = n,
                                              .setup = bench_setup_for(op->kernel),
                                              .peer = op});
    }
}

/* The small-call section at size n: ours through the API, the plain loop,
 * the peers. */
static void register_small(struct case_list *l, size_t n)
{
    for (size_t s = 0; s < bench_n_small_ops; s++) {
        const struct bench_small_op *op = &bench_small_ops[s];
        struct bench_case c = {.arity = op->arity,
                               .kernel = op->kernel,
                               .threads = 1,
                               .n = n,
                               .setup = bench_setup_for(op->kernel),
                               .small = op};
        c.kind = BENCH_API;
        c.variant = "api";
        add(l, c);
        c.kind = BENCH_PLAIN;
        c.variant = "plain_c";
        add(l, c);
        for (size_t p = 0; p < bench_n_peer_ops(); p++) {
            const struct bench_peer_op *peer = bench_peer_op(p);
            if (strcmp(peer->kernel, op->kernel) == 0)
                add(l, (struct bench_case){.kind = BENCH_PEER,
                                           .kernel = peer->kernel,
                                           .variant = peer->peer,
                                           .arity = peer->arity,
                                           .threads = 1,
                                           .n = n,
                                           .setup = bench_setup_for(peer->kernel),
                                           .peer = peer});
        }
    }
}

struct bench_case *bench_register_all(const size_t *sizes, size_t n_sizes, const int *threads,
                                      size_t n_threads, const size_t *small, size_t n_small,
                                      size_t *count)
{
    struct case_list l = {0};
    /* Size by size, so that the shared buffers are made once per size. */
    for (size_t s = 0; s < n_sizes; s++)
        for (size_t t = 0; t < n_threads; t++) {
            size_t first, chunk;
            if (threads[t] > 1 &&
                rectify_parallel_chunks(sizes[s], NULL, RECTIFY_WORK_DETERMINISTIC, threads[t],
                                        &first, &chunk) == 1)
                continue; /* no kind of call this small is split */
            register_size(&l, sizes[s], threads[t]);
        }
    for (size_t s = 0; s < n_small; s++)
        register_small(&l, small[s]);
    /* Registered only now: the list no longer moves. */
    static const gbench_fn fns[] = {[BENCH_OURS] = bm_ours,
                                    [BENCH_PEER] = bm_peer,
                                    [BENCH_COPY] = bm_copy,
                                    [BENCH_API] = bm_small,
                                    [BENCH_PLAIN] = bm_small};
    for (size_t i = 0; i < l.n; i++) {
        name_case(&l.v[i]);
        register_case(&l.v[i], fns[l.v[i].kind]);
    }
    *count = l.n;
    return l.v;
}
