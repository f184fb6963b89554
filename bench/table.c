/* The summary table printed after a run (see cases.h). */
#include <stdio.h>
#include <string.h>

#include "cases.h"
#include "gbench.h"

static void size_label(size_t n, char *out, size_t len)
{
    if (n >= (1u << 20) && n % (1u << 20) == 0)
        snprintf(out, len, "%zuM", n >> 20);
    else if (n >= 1024 && n % 1024 == 0)
        snprintf(out, len, "%zuK", n >> 10);
    else
        snprintf(out, len, "%zu", n);
}

/* The smallest cache level that holds a forward pass's working set
 * (8 B/element) twice over, as Google Benchmark reads the caches; "DRAM"
 * past them. Twice: a working set the size of a cache already misses. */
static void level_label(size_t n, char *out, size_t len)
{
    int level, best = 0;
    int64_t bytes;
    for (size_t i = 0; gbench_cache(i, &level, &bytes); i++)
        if ((int64_t)(16 * n) <= bytes && (best == 0 || level < best))
            best = level;
    if (best)
        snprintf(out, len, "L%d", best);
    else
        snprintf(out, len, "DRAM");
}

static int same_input(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* The threads of the rows being printed (the table is printed one thread
 * count at a time). */
static int table_threads = 1;
static FILE *table_out;

/* The best GB/s of the cases of this kind, kernel, mode, input and size,
 * on table_threads. */
static const struct bench_case *best(const struct bench_case *cases, size_t count,
                                     enum bench_case_kind kind, const char *kernel, int inplace,
                                     const char *input, size_t n)
{
    const struct bench_case *b = NULL;
    for (size_t i = 0; i < count; i++) {
        const struct bench_case *c = &cases[i];
        if (c->kind == kind && c->n == n && c->inplace == inplace && c->gbps > 0 &&
            c->threads == table_threads && same_input(c->input, input) &&
            strcmp(c->kernel, kernel) == 0 && (!b || c->gbps > b->gbps))
            b = c;
    }
    return b;
}

static double roofline(const struct bench_case *cases, size_t count,
                       const struct bench_arity *arity, int inplace, size_t n)
{
    const struct bench_case *b =
        best(cases, count, BENCH_COPY, bench_copy_name(arity), inplace, NULL, n);
    return b ? b->gbps : 0;
}

enum { NAME_WIDTH = 45, CELL_WIDTH = 19 };

/* "GB/s  %roof  ratio", or for a row without ours, "GB/s  %roof  peer". */
static void print_cell(const struct bench_case *cases, size_t count, const struct bench_case *c,
                       const struct bench_case *peer)
{
    char cell[64] = "-";
    if (c) {
        double roof = roofline(cases, count, c->arity, c->inplace, c->n);
        int len = snprintf(cell, sizeof cell, "%6.1f", c->gbps);
        len += roof > 0 ? snprintf(cell + len, sizeof cell - (size_t)len, " %4.0f%%",
                                   100.0 * c->gbps / roof)
                        : snprintf(cell + len, sizeof cell - (size_t)len, "      ");
        if (c->kind == BENCH_PEER)
            snprintf(cell + len, sizeof cell - (size_t)len, " %s", c->variant);
        else if (peer)
            snprintf(cell + len, sizeof cell - (size_t)len, " %5.2fx", c->gbps / peer->gbps);
    }
    fprintf(table_out, " %-*s", CELL_WIDTH, cell);
}

/* One row: ours (or, where we have no such kernel, the best peer). */
static void print_row(const struct bench_case *cases, size_t count, enum bench_case_kind kind,
                      const char *kernel, int inplace, const char *input, const size_t *sizes,
                      size_t n_sizes)
{
    int any = 0;
    for (size_t s = 0; s < n_sizes; s++)
        any |= best(cases, count, kind, kernel, inplace, input, sizes[s]) != NULL;
    if (!any) /* filtered out, or failed everywhere */
        return;
    char label[64];
    snprintf(label, sizeof label, "%s%s%s%s", kernel, input ? " " : "", input ? input : "",
             inplace ? " inplace" : "");
    fprintf(table_out, "%-*s", NAME_WIDTH, label);
    for (size_t s = 0; s < n_sizes; s++)
        print_cell(cases, count, best(cases, count, kind, kernel, inplace, input, sizes[s]),
                   best(cases, count, BENCH_PEER, kernel, inplace, input, sizes[s]));
    fprintf(table_out, "\n");
}

static void print_section(const struct bench_case *cases, size_t count, const size_t *sizes,
                          size_t n_sizes)
{
    if (table_threads == 1)
        fprintf(table_out,
                "\nrectify-bench, one thread. Per kernel and size: the fastest ISA's GB/s,\n"
                "its share of the copy roofline (same bytes, same size, in place or not)\n"
                "and its speed over the fastest peer (>1: faster). Sizes in floats, and the\n"
                "cache level that holds 8 B/float twice. Per ISA: the JSON, plot.py, --each.\n\n");
    else
        fprintf(table_out,
                "\n%d threads: the library's ISA, the peers and the copy on %d threads each,\n"
                "rates by the wall clock; sizes a call of which is split.\n\n",
                table_threads, table_threads);
    if (bench_isa_cap()[0])
        fprintf(table_out, "Capped at %s.\n\n", bench_isa_cap());
    fprintf(table_out, "%-*s", NAME_WIDTH, "kernel");
    for (size_t s = 0; s < n_sizes; s++) {
        char size[24], level[8], head[48];
        size_label(sizes[s], size, sizeof size);
        level_label(sizes[s], level, sizeof level);
        snprintf(head, sizeof head, "%s %s", size, level);
        fprintf(table_out, " %-*s", CELL_WIDTH, head);
    }
    fprintf(table_out, "\n");

    /* The roofline rows: the faster of ordinary and streaming stores. */
    for (size_t a = 0; a < bench_n_arities; a++)
        for (int inplace = 0; inplace <= (bench_arities[a]->inplace_input >= 0); inplace++) {
            const char *copy = bench_copy_name(bench_arities[a]);
            char label[64];
            snprintf(label, sizeof label, "%s%s (%d B)", copy, inplace ? " inplace" : "",
                     bench_arities[a]->bytes_per_element);
            fprintf(table_out, "%-*s", NAME_WIDTH, label);
            for (size_t s = 0; s < n_sizes; s++) {
                const struct bench_case *b =
                    best(cases, count, BENCH_COPY, copy, inplace, NULL, sizes[s]);
                char cell[32] = "-";
                if (b)
                    snprintf(cell, sizeof cell, "%6.1f %s", b->gbps, b->variant);
                fprintf(table_out, " %-*s", CELL_WIDTH, cell);
            }
            fprintf(table_out, "\n");
        }

    for (size_t k = 0; k < bench_n_kernels; k++) {
        enum bench_input second;
        const char *inputs[2] = {NULL, NULL};
        int n_inputs = 1 + bench_second_input(bench_kernels[k].name, &second, &inputs[1]);
        for (int i = 0; i < n_inputs; i++)
            for (int inplace = 0; inplace <= (bench_kernels[k].arity->inplace_input >= 0);
                 inplace++)
                print_row(cases, count, BENCH_OURS, bench_kernels[k].name, inplace, inputs[i],
                          sizes, n_sizes);
    }

    /* Kernels only the peers have so far, out of place. */
    for (size_t i = 0; i < count; i++) {
        const struct bench_case *c = &cases[i];
        if (c->kind != BENCH_PEER || c->inplace || c->n != sizes[0] || bench_find_kernel(c->kernel))
            continue;
        int first = 1;
        for (size_t j = 0; j < i; j++)
            if (cases[j].kind == BENCH_PEER && strcmp(cases[j].kernel, c->kernel) == 0)
                first = 0;
        if (first)
            print_row(cases, count, BENCH_PEER, c->kernel, 0, NULL, sizes, n_sizes);
    }
}

void bench_print_table(FILE *out, const struct bench_case *cases, size_t count, const size_t *sizes,
                       size_t n_sizes)
{
    table_out = out;
    /* One section per thread count, in increasing order. */
    int done = 0;
    for (;;) {
        int next = 0;
        for (size_t i = 0; i < count; i++)
            if (cases[i].threads > done && (next == 0 || cases[i].threads < next))
                next = cases[i].threads;
        if (next == 0)
            break;
        table_threads = next;
        size_t n_used = 0, used[64];
        for (size_t s = 0; s < n_sizes && n_used < 64; s++)
            for (size_t i = 0; i < count; i++)
                if (cases[i].threads == next && cases[i].n == sizes[s]) {
                    used[n_used++] = sizes[s];
                    break;
                }
        print_section(cases, count, used, n_used);
        done = next;
    }
    table_threads = 1;
}

/* ---- small calls ------------------------------------------------------- */

static const struct bench_case *find_small(const struct bench_case *cases, size_t count,
                                           enum bench_case_kind kind, const char *kernel,
                                           const char *variant, size_t n)
{
    for (size_t i = 0; i < count; i++) {
        const struct bench_case *c = &cases[i];
        if (c->kind == kind && c->n == n && c->threads == 1 && !c->inplace && !c->input &&
            c->ns > 0 && strcmp(c->kernel, kernel) == 0 &&
            (!variant || strcmp(c->variant, variant) == 0))
            return c;
    }
    return NULL;
}

void bench_print_small(FILE *out, const struct bench_case *cases, size_t count, const size_t *small,
                       size_t n_small)
{
    if (n_small == 0)
        return;
    fprintf(out, "\nSmall calls, one thread: ns per call (median). api: rectify's public entry\n"
                 "point, checks and dispatch included; plain_c: a plain C loop in a function of\n"
                 "its own; the peers: their run call on an operator made beforehand. x: api's\n"
                 "time over plain_c's (<1: faster).\n\n");
    fprintf(out, "%-22s %-9s", "kernel", "");
    for (size_t s = 0; s < n_small; s++)
        fprintf(out, " %9zu", small[s]);
    fprintf(out, "\n");
    for (size_t k = 0; k < bench_n_small_ops; k++) {
        const char *kernel = bench_small_ops[k].kernel;
        const char *variants[8] = {"api", "plain_c"};
        enum bench_case_kind kinds[8] = {BENCH_API, BENCH_PLAIN};
        size_t n_variants = 2;
        for (size_t p = 0; p < bench_n_peer_ops() && n_variants < 8; p++)
            if (strcmp(bench_peer_op(p)->kernel, kernel) == 0) {
                variants[n_variants] = bench_peer_op(p)->peer;
                kinds[n_variants++] = BENCH_PEER;
            }
        int any = 0;
        for (size_t s = 0; s < n_small; s++)
            any |= find_small(cases, count, BENCH_API, kernel, "api", small[s]) != NULL;
        if (!any)
            continue;
        for (size_t v = 0; v < n_variants; v++) {
            fprintf(out, "%-22s %-9s", v == 0 ? kernel : "", variants[v]);
            for (size_t s = 0; s < n_small; s++) {
                const struct bench_case *c =
                    find_small(cases, count, kinds[v], kernel, variants[v], small[s]);
                char cell[24] = "-";
                if (c)
                    snprintf(cell, sizeof cell, "%.1f", c->ns);
                fprintf(out, " %9s", cell);
            }
            fprintf(out, "\n");
            if (v == 1) { /* api over plain_c */
                fprintf(out, "%-22s %-9s", "", "x");
                for (size_t s = 0; s < n_small; s++) {
                    const struct bench_case *a =
                        find_small(cases, count, BENCH_API, kernel, "api", small[s]);
                    const struct bench_case *b =
                        find_small(cases, count, BENCH_PLAIN, kernel, "plain_c", small[s]);
                    char cell[24] = "-";
                    if (a && b)
                        snprintf(cell, sizeof cell, "%.2fx", a->ns / b->ns);
                    fprintf(out, " %9s", cell);
                }
                fprintf(out, "\n");
            }
        }
    }
}
