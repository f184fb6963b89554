/*
 * rectify — SIMD kernels for the ReLU family of activations over float32.
 *
 * Conventions shared by every function below
 * -------------------------------------------
 *  - Every function returns a rectify_status. RECTIFY_OK (0) is success; any
 *    other value is an error, described by rectify_status_str().
 *  - On error nothing is written to any output buffer.
 *  - n == 0 is a no-op that succeeds, whatever the pointers.
 *  - Buffers need no alignment.
 *  - An output may be exactly the same pointer as an input (in place). Any
 *    other overlap of an output with an input is RECTIFY_ERR_OVERLAP.
 *    Inputs may overlap each other freely.
 *  - Errors, checked in this order: a byte count that overflows size_t
 *    (RECTIFY_ERR_SIZE), a NULL pointer with n > 0 (RECTIFY_ERR_NULL), a
 *    parameter that is NaN or infinite (RECTIFY_ERR_PARAM), a partial overlap
 *    (RECTIFY_ERR_OVERLAP).
 *  - "x * s" and "dy * s" below are one float multiply, rounded in the
 *    caller's rounding mode (to nearest unless changed; see "Floating-point
 *    state"): the same bits on every ISA. The piecewise-linear ops are
 *    bitwise identical to PyTorch's CPU operators (+-0 and +-inf included;
 *    the README's Semantics table lists the few NaN cases where PyTorch's own
 *    vector and scalar loops disagree, and which one rectify follows) and
 *    give the same bits on every ISA.
 *  - Concurrency: any number of threads may call any op at the same time,
 *    on any buffers (as long as no thread writes a buffer another call is
 *    reading or writing). The settings below (rectify_set_isa,
 *    rectify_set_deterministic, rectify_set_num_threads,
 *    rectify_set_parallel_for, rectify_set_nt_threshold) may be changed from
 *    any thread while calls run: each call reads each setting once, so it
 *    runs wholly under the old value or wholly under the new. The first
 *    call, from whichever threads make it at once, detects the CPU exactly
 *    once. tests/test_concurrency.c checks this under ThreadSanitizer.
 */
#ifndef RECTIFY_H
#define RECTIFY_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define RECTIFY_API
#else
#define RECTIFY_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Version                                                                  */
/* ------------------------------------------------------------------------ */

/*
 * The version of this header. rectify follows semantic versioning: PATCH
 * changes nothing in the API, MINOR only adds to it, and MAJOR is the SONAME
 * (librectify.so.MAJOR), bumped by any change that can break a program built
 * against an earlier release of the same MAJOR (see "Versioning and ABI" in
 * the README). The build checks these against CMakeLists.txt's project().
 */
#define RECTIFY_VERSION_MAJOR  0
#define RECTIFY_VERSION_MINOR  4
#define RECTIFY_VERSION_PATCH  2
#define RECTIFY_VERSION_STRING "0.4.2"

/* The version of the library actually loaded, "MAJOR.MINOR.PATCH": a static,
 * never-NULL string. Compare with RECTIFY_VERSION_STRING to find a program
 * running against a different library than the header it was built with. */
RECTIFY_API const char *rectify_version(void);

/* ------------------------------------------------------------------------ */
/* Status                                                                   */
/* ------------------------------------------------------------------------ */

typedef enum {
    RECTIFY_OK = 0,
    RECTIFY_ERR_NULL = 1,        /* a NULL buffer with a non-zero size */
    RECTIFY_ERR_OVERLAP = 2,     /* an output partially overlaps an input */
    RECTIFY_ERR_PARAM = 3,       /* a parameter is NaN or infinite, or out of range */
    RECTIFY_ERR_SIZE = 4,        /* the byte count of a buffer overflows size_t */
    RECTIFY_ERR_UNSUPPORTED = 5, /* the ISA is not built in or not usable on this CPU/OS */
    RECTIFY_ERR_INVALID = 6      /* an argument outside its enumeration */
} rectify_status;

/* A static, never-NULL English description of the status. */
RECTIFY_API const char *rectify_status_str(rectify_status status);

/* ------------------------------------------------------------------------ */
/* Dispatch                                                                 */
/* ------------------------------------------------------------------------ */

/*
 * On first use (from any thread; concurrent first use is safe) the library
 * detects the CPU — CPUID, and XGETBV for the OS's AVX and AVX-512 state —
 * and picks the best kernel set that is built in and usable:
 *   x86-64:  avx512 (AVX-512F) > avx2 (AVX2, FMA and F16C) > sse2 > scalar
 *   aarch64: neon > scalar
 * The environment variable RECTIFY_ISA (one of the names below) caps that
 * choice at start-up, like oneDNN's ONEDNN_MAX_CPU_ISA. An unknown value, or
 * one that names the other architecture, is reported once on stderr and
 * ignored. rectify_set_isa() overrides both at any time.
 *
 * The start-up choice is made per class of op (memory-bound, exponential,
 * random): on a CPU family where a class was measured faster on a narrower
 * ISA, that class runs on it (never above the RECTIFY_ISA cap). The README
 * lists the table and its measurements.
 */
typedef enum {
    RECTIFY_ISA_SCALAR,
    RECTIFY_ISA_SSE2,
    RECTIFY_ISA_AVX2,
    RECTIFY_ISA_AVX512,
    RECTIFY_ISA_NEON
} rectify_isa;

/* The kernel set in use: the widest one, when the classes of op differ. */
RECTIFY_API rectify_isa rectify_get_isa(void);
/* 1 if the ISA's kernels are built into this library AND usable on this CPU
 * and OS; 0 otherwise (also for values outside the enumeration). */
RECTIFY_API int rectify_isa_supported(rectify_isa isa);
/* Use this kernel set, for every op, from now on, in every thread. RECTIFY_ERR_UNSUPPORTED
 * if rectify_isa_supported(isa) is 0, RECTIFY_ERR_INVALID outside the enum. */
RECTIFY_API rectify_status rectify_set_isa(rectify_isa isa);
/* "scalar", "sse2", "avx2", "avx512", "neon"; "unknown" outside the enum. */
RECTIFY_API const char *rectify_isa_name(rectify_isa isa);

/* ------------------------------------------------------------------------ */
/* Reproducibility                                                          */
/* ------------------------------------------------------------------------ */

/*
 * Piecewise-linear ops, RReLU and CReLU give the same bits on every ISA
 * always. With deterministic mode on, the exponential ops (ELU, SELU) do too;
 * with it off (the default) each ISA uses its fastest accurate path. The
 * environment variable RECTIFY_DETERMINISTIC=1 turns it on at start-up.
 * rectify_set_deterministic returns RECTIFY_ERR_INVALID for values other
 * than 0 and 1.
 */
RECTIFY_API rectify_status rectify_set_deterministic(int on);
RECTIFY_API int rectify_get_deterministic(void);

/* ------------------------------------------------------------------------ */
/* Floating-point state                                                     */
/* ------------------------------------------------------------------------ */

/*
 * rectify never changes the caller's floating-point control state (MXCSR on
 * x86, FPCR on AArch64): a call returns with it as it found it. Threads
 * that compute part of a split call take the caller's state for that call.
 *
 * Rounding mode. The ops without an exponential compute in the caller's
 * mode: each product and sum above is rounded in it (under round-upward,
 * leaky_relu's x * slope is the product rounded upward). ELU and SELU (forward and
 * backward from x, both modes) switch to round-to-nearest for the call and
 * back before returning: their results, and their accuracy, are the same
 * whatever the caller's mode. (Backward from the output is one add and one
 * multiply, so it follows the caller's mode like the piecewise ops.)
 *
 * Flush-to-zero and denormals-are-zero (x86 MXCSR.FTZ and DAZ, AArch64
 * FPCR.FZ) are the caller's to set, and rectify computes under them, as
 * any float code on that thread would:
 *   - with DAZ (FZ), a subnormal input reads as a zero of its sign in every
 *     comparison and arithmetic operation: leaky_relu_backward at
 *     x = +1e-40 gives dy * slope (as at x = +0), not dy; a result that is
 *     a subnormal input passed through (relu of a positive subnormal) may
 *     keep its bits or be read as that zero;
 *   - with FTZ (FZ), a subnormal result becomes a zero of its sign: the
 *     denormal outputs of leaky_relu (x * slope for tiny x), of ELU
 *     (alpha * x for x near -1e-38) and of ELU's backward below x = -87;
 *   - a zero that comes from a subnormal input may have either sign;
 *   - ELU and SELU results of magnitude below 2^-100 may lose accuracy,
 *     to within 2^-120 absolute (their small intermediate terms flush);
 *     every other result is as without FTZ/DAZ.
 * tests/test_fp_env.c checks all of this on every ISA and op.
 */

/* ------------------------------------------------------------------------ */
/* Threads and large buffers                                                */
/* ------------------------------------------------------------------------ */

/*
 * Every op splits a large buffer across threads: into chunks of whole
 * vectors whose boundaries fall on 64-byte lines of the output (no two
 * threads write one line), each computed exactly as a single call would
 * compute it, so the results are the same bits for every thread count and
 * every split (RReLU's slopes follow element i's counter offset + i). A call
 * below a work threshold, measured per kind of op (the README gives them;
 * about 64K floats for the piecewise ops), runs on the calling thread: small
 * calls pay nothing for threads.
 *
 * The threads are the caller's pool's when it registers that pool's
 * parallel-for: a function that runs task(context, i) once for every i in
 * [0, n), in any order and on any of its threads, and returns when all have
 * returned. That is pthreadpool_parallelize_1d's convention (pass a
 * pthreadpool_t as `pool` and a three-line wrapper as `fn`); the README has
 * adapters for PyTorch's at::parallel_for, TBB and OpenMP. `threads` is how
 * many tasks the pool runs at once (rectify makes at least that many);
 * fn = NULL goes back to rectify's own pool. The pool must stay usable until
 * no call that may use it is running.
 *
 * rectify's own pool is pthreadpool's (libpthreadpool), created on the first
 * call that needs it, with RECTIFY_NUM_THREADS threads (read once, at
 * start-up), by default as many as the CPUs this process may run on
 * (sched_getaffinity); rectify_set_num_threads changes it (0: back to that
 * default; 1: every call on the calling thread). Calls from several threads
 * at once take turns on it. A build without libpthreadpool runs every call
 * on the calling thread unless a pool is registered.
 *
 * Errors: rectify_set_parallel_for gives RECTIFY_ERR_PARAM for threads < 1
 * with a non-NULL fn; rectify_set_num_threads RECTIFY_ERR_PARAM for a
 * negative count.
 */
typedef void (*rectify_task_fn)(void *context, size_t i);
typedef void (*rectify_parallel_for_fn)(void *pool, rectify_task_fn task, void *context, size_t n);

RECTIFY_API rectify_status rectify_set_parallel_for(rectify_parallel_for_fn fn, void *pool,
                                                    int threads);
RECTIFY_API rectify_status rectify_set_num_threads(int threads);
/* The threads a large call is split across: the registered pool's count,
 * or rectify's own pool's. */
RECTIFY_API int rectify_get_num_threads(void);

/*
 * Non-temporal stores: a call out of place whose buffers (the bytes it reads
 * and writes) are at least this many bytes writes its output with
 * non-temporal stores, which bypass the caches (x86; other ISAs store as
 * usual), so a buffer larger than the last-level cache does not first read
 * every output line it is about to overwrite. In place, never: the loads
 * have brought the output's lines into the cache already. The default is the size of the last-level
 * cache (CPUID leaf 4 or 0x8000001D, else sysfs); the environment variable RECTIFY_NT_THRESHOLD
 * (bytes, read once at start-up) and this call change it, 0 meaning never. The piecewise ops, ELU
 * and SELU (default mode) and backward from the output have such stores; the results are the same
 * bits either way.
 */
RECTIFY_API rectify_status rectify_set_nt_threshold(size_t bytes);
RECTIFY_API size_t rectify_get_nt_threshold(void);

/* ------------------------------------------------------------------------ */
/* ReLU                                                                     */
/* ------------------------------------------------------------------------ */

/*
 * Forward:  y = x < 0 ? +0 : x
 *   NaN passes through (same bits); -0 passes through as -0; +inf stays +inf;
 *   -inf gives +0; negative denormals give +0.
 * Errors: RECTIFY_ERR_SIZE, RECTIFY_ERR_NULL, RECTIFY_ERR_OVERLAP.
 */
RECTIFY_API rectify_status rectify_relu_f32(const float *x, float *y, size_t n);

/*
 * Backward: dx = x <= 0 ? +0 : dy
 *   x NaN passes dy; x = +-0 gives +0 (the subgradient at 0 is 0, as in
 *   PyTorch's threshold_backward). dy is passed bit for bit where x > 0.
 * dx may be the same pointer as x or as dy.
 * Errors: RECTIFY_ERR_SIZE, RECTIFY_ERR_NULL, RECTIFY_ERR_OVERLAP.
 */
RECTIFY_API rectify_status rectify_relu_backward_f32(const float *x, const float *dy, float *dx,
                                                     size_t n);

/* ------------------------------------------------------------------------ */
/* Leaky ReLU                                                               */
/* ------------------------------------------------------------------------ */

/*
 * Forward:  y = x > 0 ? x : x * negative_slope
 *   NaN gives NaN (x's payload, quieted); -0 gives -0 * s; -inf gives
 *   -inf * s (NaN when s == 0, as in PyTorch). Any finite slope is allowed,
 *   negative and greater than one included.
 * Errors: RECTIFY_ERR_SIZE, RECTIFY_ERR_NULL, RECTIFY_ERR_PARAM (slope NaN or
 * infinite), RECTIFY_ERR_OVERLAP.
 */
RECTIFY_API rectify_status rectify_leaky_relu_f32(const float *x, float *y, size_t n,
                                                  float negative_slope);

/*
 * Backward: dx = x > 0 ? dy : dy * negative_slope
 *   x NaN gives dy * s; x = +-0 gives dy * s.
 * Errors: as the forward.
 */
RECTIFY_API rectify_status rectify_leaky_relu_backward_f32(const float *x, const float *dy,
                                                           float *dx, size_t n,
                                                           float negative_slope);

/* ------------------------------------------------------------------------ */
/* ReLU6                                                                    */
/* ------------------------------------------------------------------------ */

/*
 * Forward:  y = x < 0 ? +0 : (x > 6 ? 6 : x)
 *   NaN passes through (same bits); -0 passes through as -0; +inf gives 6;
 *   -inf gives +0.
 * Errors: RECTIFY_ERR_SIZE, RECTIFY_ERR_NULL, RECTIFY_ERR_OVERLAP.
 */
RECTIFY_API rectify_status rectify_relu6_f32(const float *x, float *y, size_t n);

/*
 * Backward: dx = (x > 0 && x < 6) ? dy : +0
 *   x NaN gives +0; x = 0 and x = 6 give +0 (PyTorch's vectorised
 *   hardtanh_backward; its scalar tail disagrees for NaN, this table decides).
 * Errors: as the forward.
 */
RECTIFY_API rectify_status rectify_relu6_backward_f32(const float *x, const float *dy, float *dx,
                                                      size_t n);

/* ------------------------------------------------------------------------ */
/* RReLU (randomized leaky ReLU)                                            */
/* ------------------------------------------------------------------------ */

/*
 * Forward, training (training == 1):  y = x <= 0 ? x * r_k : x
 * Forward, eval     (training == 0):  y = leaky_relu(x, s), s = (lower + upper) / 2
 *
 * Slopes. Element i uses counter k = offset + i, taken mod 2^64 (a call whose
 * counters pass 2^64 - 1 continues from 0). With w = word k % 4 of the
 * Philox4x32-10 block (Salmon et al., SC'11; Random123's algorithm) whose
 * counter is (b & 0xffffffff, b >> 32, 0, 0), b = k / 4, under the key
 * (seed & 0xffffffff, seed >> 32):
 *     u_k = (w >> 8) * 2^-24              in [0, 1), 24 random bits
 *     r_k = lower + u_k * (upper - lower) one float subtraction, multiply
 *                                         and add, each rounded; no FMA
 * so r_k lies in [lower, upper] and the output bits are the same on every
 * ISA. Each element's slope depends only on (seed, k): splitting a buffer
 * into slices, each called with offset + its start index, gives the same
 * bits as one call (this is how to run it on many threads), and the backward
 * pass regenerates r_k from (seed, offset); no noise buffer is kept. Slopes
 * are drawn for every element, so the counters advance by n whatever the
 * signs. In eval mode s is computed in double and rounded once to float (as
 * PyTorch does), and seed and offset are unused.
 *   x NaN passes through (same bits); x = -0 gives -0 * r_k; -inf gives
 *   -inf * r_k (NaN when r_k == 0); +inf stays +inf. Eval mode has
 *   leaky_relu's special values exactly.
 * Errors, in this order: RECTIFY_ERR_SIZE, RECTIFY_ERR_NULL,
 * RECTIFY_ERR_INVALID (training is neither 0 nor 1), RECTIFY_ERR_PARAM
 * (lower or upper NaN or infinite, or lower > upper; checked in eval mode
 * too), RECTIFY_ERR_OVERLAP. lower == upper is allowed: every r_k is lower,
 * and training mode is leaky_relu with that slope except that NaN passes
 * unchanged (leaky_relu returns x * s, which quiets a signalling NaN). If
 * upper - lower overflows, r_k can be infinite or NaN.
 */
RECTIFY_API rectify_status rectify_rrelu_f32(const float *x, float *y, size_t n, float lower,
                                             float upper, int training, uint64_t seed,
                                             uint64_t offset);

/*
 * Backward, training: dx = x <= 0 ? dy * r_k : dy, with the forward's r_k
 *                     for the same (lower, upper, seed, offset)
 * Backward, eval:     dx = leaky_relu_backward(x, dy, s), s as the forward
 *   x NaN passes dy; x = +-0 gives dy * r_k.
 * dx may be the same pointer as x or as dy.
 * Errors: as the forward.
 */
RECTIFY_API rectify_status rectify_rrelu_backward_f32(const float *x, const float *dy, float *dx,
                                                      size_t n, float lower, float upper,
                                                      int training, uint64_t seed, uint64_t offset);

/* ------------------------------------------------------------------------ */
/* CReLU (concatenated ReLU)                                                */
/* ------------------------------------------------------------------------ */

/*
 * Forward: x is `outer` rows of `inner` floats; y is `outer` rows of
 * 2 * inner floats, row i of y being [relu(x_i), relu(-x_i)]:
 *     y[i][j] = relu(x[i][j]),  y[i][inner + j] = relu(-x[i][j])
 * Mapping a concat along any axis onto (outer, inner):
 *   - NCHW, concat along channels (the output is N x 2C x H x W):
 *       outer = N, inner = C * H * W
 *   - concat along the last axis (TensorFlow's default; rows x C in,
 *     rows x 2C out): outer = rows, inner = C
 *   - in general: outer = the product of the dimensions before the concat
 *     axis, inner = the product of the concat axis and those after it.
 * -x flips the sign bit: crelu(+0) = [+0, -0], crelu(-0) = [-0, +0];
 * a NaN gives [NaN, NaN with its sign flipped], payloads kept; +inf gives
 * [+inf, +0]; -inf gives [+0, +inf].
 * y may not overlap x at all (not even in place: it is twice the size).
 * outer == 0 or inner == 0 is a no-op that succeeds, whatever the pointers.
 * Errors, in this order: RECTIFY_ERR_SIZE (outer * inner * 2 floats overflow
 * size_t bytes), RECTIFY_ERR_NULL, RECTIFY_ERR_OVERLAP.
 */
RECTIFY_API rectify_status rectify_crelu_f32(const float *x, float *y, size_t outer, size_t inner);

/*
 * Backward: dy is shaped like the forward's y (outer rows of 2 * inner);
 * dx like x:
 *     dx = relu_backward(x, dy_pos) - relu_backward(-x, dy_neg)
 *        = (x <= 0 ? +0 : dy[i][j]) - (-x <= 0 ? +0 : dy[i][inner + j])
 * one float subtraction, so x > 0 gives dy_pos exactly, x < 0 gives
 * +0 - dy_neg (+0 when dy_neg is +0 or -0), x = +-0 gives +0, and x NaN
 * gives dy_pos - dy_neg.
 * dx may be the same pointer as x (in place); it may not overlap dy at all.
 * Errors: as the forward.
 */
RECTIFY_API rectify_status rectify_crelu_backward_f32(const float *x, const float *dy, float *dx,
                                                      size_t outer, size_t inner);

/* ------------------------------------------------------------------------ */
/* ELU and SELU                                                             */
/* ------------------------------------------------------------------------ */

/*
 * Accuracy: the forward and the backward from the input are within 2 ULP of
 * the correctly rounded value of the formula (with the float parameters),
 * for every float input, on every ISA, in both modes (see "Reproducibility";
 * README.md has the measured table and the sweep that measures it). They use
 * expm1, never exp(x) - 1, so they stay accurate near zero:
 * elu(-1e-30) = -1e-30. In deterministic mode every ISA gives the same bits;
 * by default each uses its fastest accurate path (FMA where it has it), and
 * results may differ between ISAs by an ULP or two.
 * SELU's constants are alpha = 1.6732632423543772848170429916717 and
 * lambda = 1.0507009873554804934193349852946, each rounded to float.
 */

/*
 * Forward:  y = x > 0 ? x : alpha * expm1(x)
 *   NaN passes through (same bits); -0 gives alpha * -0 (-0 for alpha > 0);
 *   +inf stays +inf; -inf gives -alpha; inputs below about -17 give -alpha
 *   (rounded); negative denormals give alpha * x, rounded.
 *   Any finite alpha is allowed (as in PyTorch): 0 and negative ones too.
 * Errors: RECTIFY_ERR_SIZE, RECTIFY_ERR_NULL, RECTIFY_ERR_PARAM (alpha NaN or
 * infinite), RECTIFY_ERR_OVERLAP.
 */
RECTIFY_API rectify_status rectify_elu_f32(const float *x, float *y, size_t n, float alpha);

/*
 * Backward from the input: dx = x <= 0 ? dy * alpha * exp(x) : dy
 *   x NaN passes dy; x = +-0 gives dy * alpha; x = -inf gives dy * alpha * 0
 *   (a signed zero; NaN when dy is infinite). Below x = -87.3, exp(x) is
 *   subnormal in float: the bound holds for |dy * alpha| <= 1 there (exp's
 *   absolute error is scaled by dy * alpha).
 * dx may be the same pointer as x or as dy.
 * Errors: as the forward.
 */
RECTIFY_API rectify_status rectify_elu_backward_f32(const float *x, const float *dy, float *dx,
                                                    size_t n, float alpha);

/*
 * Backward from the output: dx = y <= 0 ? dy * (y + alpha) : dy
 *   y is the forward's output; this needs no exponential (it runs at memory
 *   speed) and is exactly one add and one multiply, each rounded, on every
 *   ISA, in both modes. y NaN passes dy.
 *   Caveat: it inherits y's rounding. Where y is within an ULP or so of
 *   -alpha (x below about -15 for alpha = 1) y + alpha loses every digit of
 *   the true derivative alpha * exp(x): it can be wrong by millions of ULP
 *   (2.1e6 measured; oneDNN and PyTorch do the same). Where that matters,
 *   use rectify_elu_backward_f32, which is within 2 ULP everywhere.
 * Errors: as the forward.
 */
RECTIFY_API rectify_status rectify_elu_backward_from_output_f32(const float *y, const float *dy,
                                                                float *dx, size_t n, float alpha);

/*
 * Forward:  y = lambda * (x > 0 ? x : alpha * expm1(x))
 *   (lambda * alpha taken exactly, not rounded to float first.)
 *   NaN gives NaN; -0 gives -0; +inf stays +inf; -inf gives
 *   -lambda * alpha rounded (-1.7580993).
 * Errors: RECTIFY_ERR_SIZE, RECTIFY_ERR_NULL, RECTIFY_ERR_OVERLAP.
 */
RECTIFY_API rectify_status rectify_selu_f32(const float *x, float *y, size_t n);

/*
 * Backward from the input: dx = x <= 0 ? dy * lambda * alpha * exp(x) : dy * lambda
 *   x NaN gives dy * lambda. Subnormal exp(x) as for ELU.
 * Errors: as the forward.
 */
RECTIFY_API rectify_status rectify_selu_backward_f32(const float *x, const float *dy, float *dx,
                                                     size_t n);

/*
 * Backward from the output: dx = y <= 0 ? dy * (y + la) : dy * lambda
 *   with la = lambda * alpha rounded to float (1.7580993): one add and one
 *   multiply, each rounded, on every ISA. Same caveat as ELU's: near
 *   y = -la (x below about -15) use rectify_selu_backward_f32.
 * Errors: as the forward.
 */
RECTIFY_API rectify_status rectify_selu_backward_from_output_f32(const float *y, const float *dy,
                                                                 float *dx, size_t n);

/* ------------------------------------------------------------------------ */
/* Half-precision buffers: bf16 and fp16                                    */
/* ------------------------------------------------------------------------ */

/*
 * Every op above also takes buffers of bfloat16 (_bf16) or IEEE binary16
 * (_f16) elements, passed as uint16_t bit patterns (a C23 _Float16 or
 * __bf16 array, or a framework's half tensor, is the same bytes), with the
 * same arguments, checks, errors, threads and in-place rules; sizes count
 * elements, overlaps are of bytes. Parameters (slopes, alpha, bounds) stay
 * float. Mixed types (a bf16 input with a float gradient) are not offered.
 *
 * Semantics, to the bit: each element is widened exactly to float32, the
 * float32 op computes its result as above, and that result is rounded once
 * to the storage type, to nearest with ties to even. So every _bf16 and
 * _f16 call gives exactly what "widen the inputs, run the _f32 op, narrow
 * the output" gives on the same ISA (bitwise on every ISA where the _f32
 * op is, deterministic ELU/SELU included):
 *   - NaN stays NaN: its sign, the top bits of its payload, quiet
 *     (bf16 0x7fc1 in, ReLU out: 0x7fc1; a signalling NaN comes out quiet);
 *   - fp16 overflow goes to +-inf: a finite float result of magnitude
 *     65520 or more (SELU of x above about 62360, ELU with |alpha| above
 *     65504, a leaky slope or RReLU bound above 1); bf16 has float's range;
 *   - subnormal storage values are kept, in and out: the conversions never
 *     flush (fp16 leaky_relu of -3 * 2^-24 with slope 0.5 is -1.5 * 2^-24,
 *     a tie, which rounds to even: -2 * 2^-24, 0x8002);
 *   - ELU/SELU keep their float accuracy (2 ULP of float) before the one
 *     rounding, so they are within half an ULP of the storage type plus
 *     that, and equal the correctly rounded value wherever the float result
 *     is not within 2 float ULPs of a rounding boundary.
 * The narrowing is round-to-nearest-even whatever the caller's rounding
 * mode on x86 (the conversions say so in the instruction) and in the
 * plain-C conversions; on AArch64 the fp16 narrowing (FCVTN) follows
 * FPCR's rounding mode, to nearest unless the caller changed it. Under
 * FTZ/DAZ (see "Floating-point state") the float computation is as
 * described there (a bf16 subnormal is a float subnormal, which DAZ reads
 * as zero); the conversions themselves keep subnormals.
 * bf16 and fp16 calls use ordinary stores at every size (no non-temporal
 * stores). The README has the conversion instructions each ISA uses and
 * their speed.
 */
/* bfloat16 */
RECTIFY_API rectify_status rectify_relu_bf16(const uint16_t *x, uint16_t *y, size_t n);
RECTIFY_API rectify_status rectify_relu_backward_bf16(const uint16_t *x, const uint16_t *dy,
                                                      uint16_t *dx, size_t n);
RECTIFY_API rectify_status rectify_leaky_relu_bf16(const uint16_t *x, uint16_t *y, size_t n,
                                                   float negative_slope);
RECTIFY_API rectify_status rectify_leaky_relu_backward_bf16(const uint16_t *x, const uint16_t *dy,
                                                            uint16_t *dx, size_t n,
                                                            float negative_slope);
RECTIFY_API rectify_status rectify_relu6_bf16(const uint16_t *x, uint16_t *y, size_t n);
RECTIFY_API rectify_status rectify_relu6_backward_bf16(const uint16_t *x, const uint16_t *dy,
                                                       uint16_t *dx, size_t n);
RECTIFY_API rectify_status rectify_rrelu_bf16(const uint16_t *x, uint16_t *y, size_t n, float lower,
                                              float upper, int training, uint64_t seed,
                                              uint64_t offset);
RECTIFY_API rectify_status rectify_rrelu_backward_bf16(const uint16_t *x, const uint16_t *dy,
                                                       uint16_t *dx, size_t n, float lower,
                                                       float upper, int training, uint64_t seed,
                                                       uint64_t offset);
RECTIFY_API rectify_status rectify_crelu_bf16(const uint16_t *x, uint16_t *y, size_t outer,
                                              size_t inner);
RECTIFY_API rectify_status rectify_crelu_backward_bf16(const uint16_t *x, const uint16_t *dy,
                                                       uint16_t *dx, size_t outer, size_t inner);
RECTIFY_API rectify_status rectify_elu_bf16(const uint16_t *x, uint16_t *y, size_t n, float alpha);
RECTIFY_API rectify_status rectify_elu_backward_bf16(const uint16_t *x, const uint16_t *dy,
                                                     uint16_t *dx, size_t n, float alpha);
RECTIFY_API rectify_status rectify_elu_backward_from_output_bf16(const uint16_t *y,
                                                                 const uint16_t *dy, uint16_t *dx,
                                                                 size_t n, float alpha);
RECTIFY_API rectify_status rectify_selu_bf16(const uint16_t *x, uint16_t *y, size_t n);
RECTIFY_API rectify_status rectify_selu_backward_bf16(const uint16_t *x, const uint16_t *dy,
                                                      uint16_t *dx, size_t n);
RECTIFY_API rectify_status rectify_selu_backward_from_output_bf16(const uint16_t *y,
                                                                  const uint16_t *dy, uint16_t *dx,
                                                                  size_t n);

/* IEEE binary16 (fp16) */
RECTIFY_API rectify_status rectify_relu_f16(const uint16_t *x, uint16_t *y, size_t n);
RECTIFY_API rectify_status rectify_relu_backward_f16(const uint16_t *x, const uint16_t *dy,
                                                     uint16_t *dx, size_t n);
RECTIFY_API rectify_status rectify_leaky_relu_f16(const uint16_t *x, uint16_t *y, size_t n,
                                                  float negative_slope);
RECTIFY_API rectify_status rectify_leaky_relu_backward_f16(const uint16_t *x, const uint16_t *dy,
                                                           uint16_t *dx, size_t n,
                                                           float negative_slope);
RECTIFY_API rectify_status rectify_relu6_f16(const uint16_t *x, uint16_t *y, size_t n);
RECTIFY_API rectify_status rectify_relu6_backward_f16(const uint16_t *x, const uint16_t *dy,
                                                      uint16_t *dx, size_t n);
RECTIFY_API rectify_status rectify_rrelu_f16(const uint16_t *x, uint16_t *y, size_t n, float lower,
                                             float upper, int training, uint64_t seed,
                                             uint64_t offset);
RECTIFY_API rectify_status rectify_rrelu_backward_f16(const uint16_t *x, const uint16_t *dy,
                                                      uint16_t *dx, size_t n, float lower,
                                                      float upper, int training, uint64_t seed,
                                                      uint64_t offset);
RECTIFY_API rectify_status rectify_crelu_f16(const uint16_t *x, uint16_t *y, size_t outer,
                                             size_t inner);
RECTIFY_API rectify_status rectify_crelu_backward_f16(const uint16_t *x, const uint16_t *dy,
                                                      uint16_t *dx, size_t outer, size_t inner);
RECTIFY_API rectify_status rectify_elu_f16(const uint16_t *x, uint16_t *y, size_t n, float alpha);
RECTIFY_API rectify_status rectify_elu_backward_f16(const uint16_t *x, const uint16_t *dy,
                                                    uint16_t *dx, size_t n, float alpha);
RECTIFY_API rectify_status rectify_elu_backward_from_output_f16(const uint16_t *y,
                                                                const uint16_t *dy, uint16_t *dx,
                                                                size_t n, float alpha);
RECTIFY_API rectify_status rectify_selu_f16(const uint16_t *x, uint16_t *y, size_t n);
RECTIFY_API rectify_status rectify_selu_backward_f16(const uint16_t *x, const uint16_t *dy,
                                                     uint16_t *dx, size_t n);
RECTIFY_API rectify_status rectify_selu_backward_from_output_f16(const uint16_t *y,
                                                                 const uint16_t *dy, uint16_t *dx,
                                                                 size_t n);

#ifdef __cplusplus
}
#endif

#endif /* RECTIFY_H */
