/*
 * One benchmark of rectify-bench: a kernel of ours on one ISA, a peer's
 * equivalent, or a roofline copy, at one size, out of place or in place,
 * on the op's input or its second one (bench_second_input), on one thread
 * or several. Named "<kernel>/<isa or peer>[/<input>][/inplace][/t<threads>]/<n>"
 * and "copy_<arity>/<store or stream>[/inplace][/t<threads>]/<n>" (no /t on
 * one thread), so --benchmark_filter=relu6 picks one op. The
 * roofline of a kernel is the faster copy of its arity and mode (in place
 * or not) at its size.
 */
#ifndef RECTIFY_BENCH_CASES_H
#define RECTIFY_BENCH_CASES_H

#include <stddef.h>
#include <stdio.h>

#include "arity.h"
#include "ops.h"
#include "peers.h"
#include "small.h"

/* BENCH_API and BENCH_PLAIN: the small-call section (small.h). */
enum bench_case_kind { BENCH_OURS, BENCH_PEER, BENCH_COPY, BENCH_API, BENCH_PLAIN };

struct bench_case {
    enum bench_case_kind kind;
    const char *kernel;  /* registry kernel (ours, peers); the arity's name for copies */
    const char *variant; /* ISA name, peer name, "store" or "stream" */
    const struct bench_arity *arity;
    int inplace;
    const char *input; /* the second input's label, or NULL for the op's own */
    int threads;       /* 1, or split across this many (timed by the wall clock) */
    size_t n;
    struct bench_setup setup;
    const struct rectify_kernels *table; /* ours */
    size_t offset;                       /* ours */
    const struct bench_peer_op *peer;    /* peers */
    const struct bench_small_op *small;  /* the small-call section's api and plain */
    char name[128];                      /* the full benchmark name */
    double gbps;                         /* after the run: GB/s (median), 0 if none */
    double ns;                           /* after the run: ns per call (median), 0 if none */
};

/* Registers every benchmark for these sizes, on one thread and on each of
 * `threads` (counts above 1: the best ISA, the peers and the copies, at the
 * sizes a call is split at), and the small-call section at `small` sizes
 * (none if n_small is 0), named "<kernel>/api/<n>", "<kernel>/plain_c/<n>"
 * and the peers' "<kernel>/<peer>/<n>"; returns the cases (kept alive for
 * the whole run) and their count. */
struct bench_case *bench_register_all(const size_t *sizes, size_t n_sizes, const int *threads,
                                      size_t n_threads, const size_t *small, size_t n_small,
                                      size_t *count);

/* How many calls one of the case's iterations makes: 1, or in place
 * BENCH_INPLACE_CALLS (8), timed by manual time (cases.c says why). */
int bench_calls_per_iteration(const struct bench_case *c);

/* The roofline copy's name for an arity: "copy_unary". */
const char *bench_copy_name(const struct bench_arity *arity);

/* Prints the summary: for each kernel and size, the best ISA's GB/s, its
 * share of the copy roofline at that size and its speed relative to the
 * fastest peer. */
void bench_print_table(FILE *out, const struct bench_case *cases, size_t count, const size_t *sizes,
                       size_t n_sizes);

/* Prints the small-call section: ns per call of ours through the API, the
 * plain C loop and the peers, at each small size. */
void bench_print_small(FILE *out, const struct bench_case *cases, size_t count, const size_t *small,
                       size_t n_small);

#endif
