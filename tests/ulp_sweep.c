/*
 * The accuracy sweep: ELU and SELU, forward and both backwards, on every
 * supported ISA, in both modes, against MPFR, over every negative float (or
 * every stride-th one) and a sample of the positive ones. Reports the max
 * error in ULPs and the input that gives it; fails if any exceeds 2.
 *
 *   ulp_sweep [stride] [alpha ...]
 *
 * stride 1 is every negative float (2^31 patterns; `scripts/ulp_sweep.sh`);
 * ctest runs a stride of 997. The alphas (ELU's; SELU has its own constants)
 * default to 1; SELU's rows are run with the first.
 *
 * Method. The error of a result y against the exact value v of the formula
 * (the float parameters taken exactly) is |y - v| / ulp(v), where ulp(v) is
 * the spacing of floats at v (2^-149 below FLT_MIN). v is first estimated
 * in double: glibc's expm1/exp are within one double ULP and the products
 * of floats are exact or rounded once, so the estimate's relative error is
 * below 2^-51 and the error in ULPs is off by less than 2^-27. Every result
 * whose estimated error exceeds 1 ULP is re-measured with MPFR at 160 bits,
 * so the maxima reported above 1 ULP (the ones that matter for the bound)
 * are exact, and those below 1 are within 1e-8 of exact.
 * Backward from the input is measured with dy = 1 (so dx = c * exp(x));
 * backward from the output with dy = 1 on the correctly rounded forward
 * output y, against y + c exactly.
 */
#include <float.h>
#include <math.h>
#include <mpfr.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"

enum op { ELU_FWD, ELU_BWD, ELU_BWD_OUT, SELU_FWD, SELU_BWD, SELU_BWD_OUT, N_OPS };
static const char *const op_names[N_OPS] = {"elu forward",           "elu backward (input)",
                                            "elu backward (output)", "selu forward",
                                            "selu backward (input)", "selu backward (output)"};

#define CHUNK      65536
#define MAX_TABLES 5

struct worst {
    double ulp;
    float x;
};

static float as_float(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static uint32_t as_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

/* The spacing of floats at |v|. */
static double float_ulp(double v)
{
    v = fabs(v);
    if (v < FLT_MIN)
        return 0x1p-149;
    int e;
    frexp(v, &e); /* v = m * 2^e, m in [0.5, 1) */
    return ldexp(1.0, e - 24);
}

static double lambda_alpha(void)
{
    return (double)RECTIFY_SELU_LAMBDA * (double)RECTIFY_SELU_ALPHA;
}

/* The constant c and whether the op is the exponential one (forward,
 * backward from the input) or the one from the output. */
static double op_c(enum op o, float alpha)
{
    return o >= SELU_FWD ? lambda_alpha() : (double)alpha;
}

/* Double estimate of the exact value at x <= 0 (dy = 1). */
static double estimate(enum op o, float alpha, float x)
{
    double c = op_c(o, alpha);
    switch (o) {
    case ELU_FWD:
    case SELU_FWD:
        return c * expm1((double)x);
    case ELU_BWD:
    case SELU_BWD:
        return c * exp((double)x);
    case ELU_BWD_OUT:
        return (double)(float)(c * expm1((double)x)) + (double)alpha;
    case SELU_BWD_OUT:
        return (double)(float)(c * expm1((double)x)) + (double)RECTIFY_SELU_LAMBDA_ALPHA_HI;
    default:
        return 0.0;
    }
}

/* The exact error of y in ULPs, with MPFR. */
static double exact_error(enum op o, float alpha, float x, float y)
{
    mpfr_t v, t, c;
    mpfr_inits2(160, v, t, c, (mpfr_ptr)0);
    if (o >= SELU_FWD) {
        mpfr_set_flt(c, RECTIFY_SELU_LAMBDA, MPFR_RNDN);
        mpfr_set_flt(t, RECTIFY_SELU_ALPHA, MPFR_RNDN);
        mpfr_mul(c, c, t, MPFR_RNDN); /* exact: 48 bits */
    } else {
        mpfr_set_flt(c, alpha, MPFR_RNDN);
    }
    mpfr_set_flt(t, x, MPFR_RNDN);
    if (o == ELU_FWD || o == SELU_FWD) {
        mpfr_expm1(v, t, MPFR_RNDN);
        mpfr_mul(v, v, c, MPFR_RNDN);
    } else if (o == ELU_BWD || o == SELU_BWD) {
        mpfr_exp(v, t, MPFR_RNDN);
        mpfr_mul(v, v, c, MPFR_RNDN);
    } else {
        /* y + c on the correctly rounded forward output. */
        mpfr_expm1(v, t, MPFR_RNDN);
        mpfr_mul(v, v, c, MPFR_RNDN);
        float yf = mpfr_get_flt(v, MPFR_RNDN);
        mpfr_set_flt(v, yf, MPFR_RNDN);
        mpfr_set_flt(t, o == ELU_BWD_OUT ? alpha : RECTIFY_SELU_LAMBDA_ALPHA_HI, MPFR_RNDN);
        mpfr_add(v, v, t, MPFR_RNDN);
    }
    double ulp = float_ulp(mpfr_get_d(v, MPFR_RNDN));
    mpfr_set_flt(t, y, MPFR_RNDN);
    mpfr_sub(t, t, v, MPFR_RNDN);
    double err = fabs(mpfr_get_d(t, MPFR_RNDN)) / ulp;
    mpfr_clears(v, t, c, (mpfr_ptr)0);
    return err;
}

static void run_op(const struct rectify_kernels *t, int det, enum op o, float alpha, const float *x,
                   const float *ones, float *y, float *fwd, size_t n)
{
    struct rectify_params p = {.alpha = alpha};
    switch (o) {
    case ELU_FWD:
        (det ? t->elu_forward_deterministic : t->elu_forward)(x, y, n, &p);
        break;
    case ELU_BWD:
        (det ? t->elu_backward_deterministic : t->elu_backward)(x, ones, y, n, &p);
        break;
    case ELU_BWD_OUT:
        t->elu_backward_from_output(fwd, ones, y, n, &p);
        break;
    case SELU_FWD:
        (det ? t->selu_forward_deterministic : t->selu_forward)(x, y, n, &p);
        break;
    case SELU_BWD:
        (det ? t->selu_backward_deterministic : t->selu_backward)(x, ones, y, n, &p);
        break;
    case SELU_BWD_OUT:
        t->selu_backward_from_output(fwd, ones, y, n, &p);
        break;
    default:
        break;
    }
}

int main(int argc, char **argv)
{
    uint64_t stride = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
    if (stride == 0)
        stride = 1;
    float alphas[8] = {1.0f};
    int n_alphas = 1;
    if (argc > 2)
        n_alphas = 0;
    for (int i = 2; i < argc && n_alphas < 8; i++)
        alphas[n_alphas++] = strtof(argv[i], NULL);

    const struct rectify_kernels *tables[MAX_TABLES];
    int n_tables = 0;
    for (int i = RECTIFY_ISA_SCALAR; i <= RECTIFY_ISA_NEON; i++)
        if (rectify_isa_supported((rectify_isa)i))
            tables[n_tables++] = rectify_kernels_for((rectify_isa)i);

    /* Rows: (alpha, op, table, mode). SELU and the extra alphas' from-output
     * rows are run for the first alpha only. */
    static struct worst worst[8][N_OPS][MAX_TABLES][2];
    static float x[CHUNK], ones[CHUNK], y[CHUNK], fwd[CHUNK];
    static double est[CHUNK];
    for (size_t i = 0; i < CHUNK; i++)
        ones[i] = 1.0f;
    uint64_t mpfr_calls = 0, inputs = 0;

    /* Every stride-th negative float from -0 down to -inf, then every
     * (stride * 61)-th positive one (the positive side is one multiply). */
    for (int side = 0; side < 2; side++) {
        uint64_t start = side == 0 ? 0x80000000u : 0u, end = side == 0 ? 0xff800001u : 0x7f800001u;
        uint64_t step = side == 0 ? stride : stride * 61;
        uint64_t u = start;
        while (u < end) {
            size_t n = 0;
            for (; n < CHUNK && u < end; u += step)
                x[n++] = as_float((uint32_t)u);
            inputs += n;
            for (int a = 0; a < n_alphas; a++)
                for (int o = 0; o < N_OPS; o++) {
                    if (a > 0 && o >= SELU_FWD)
                        continue;
                    double c = op_c((enum op)o, alphas[a]);
                    int from_output = o == ELU_BWD_OUT || o == SELU_BWD_OUT;
                    for (size_t i = 0; i < n; i++) {
                        if (from_output)
                            fwd[i] =
                                x[i] <= 0.0f
                                    ? (float)(c * expm1((double)x[i]))
                                    : (float)((o >= SELU_FWD ? (double)RECTIFY_SELU_LAMBDA : 1.0) *
                                              x[i]);
                        if (from_output && !(fwd[i] <= 0.0f)) {
                            /* The formula on y: y > 0 (or NaN) passes s * dy. */
                            est[i] = o >= SELU_FWD ? (double)RECTIFY_SELU_LAMBDA : 1.0;
                        } else if (x[i] <= 0.0f) {
                            est[i] = estimate((enum op)o, alphas[a], x[i]);
                        } else {
                            double s = o >= SELU_FWD ? (double)RECTIFY_SELU_LAMBDA : 1.0;
                            est[i] = (o == ELU_FWD || o == SELU_FWD) ? s * x[i] : s;
                        }
                    }
                    for (int t = 0; t < n_tables; t++)
                        for (int det = 0; det < 2; det++) {
                            if (from_output && det)
                                continue; /* one mode */
                            run_op(tables[t], det, (enum op)o, alphas[a], x, ones, y, fwd, n);
                            struct worst *w = &worst[a][o][t][det];
                            for (size_t i = 0; i < n; i++) {
                                double err;
                                if (isinf((float)est[i]) || isnan(est[i]))
                                    err = (isinf(y[i]) && y[i] == (float)est[i]) ? 0.0 : INFINITY;
                                else
                                    err = fabs((double)y[i] - est[i]) / float_ulp(est[i]);
                                if (err > 1.0 && x[i] <= 0.0f && isfinite(err) &&
                                    !(from_output && !(fwd[i] <= 0.0f))) {
                                    err = exact_error((enum op)o, alphas[a], x[i], y[i]);
                                    mpfr_calls++;
                                }
                                if (err > w->ulp || (w->ulp == 0.0 && w->x == 0.0f)) {
                                    w->ulp = err;
                                    w->x = x[i];
                                }
                            }
                        }
                }
        }
    }

    int bad = 0;
    printf("inputs: %llu (every %llu-th negative float, every %llu-th positive), MPFR "
           "re-measurements: %llu\n",
           (unsigned long long)inputs, (unsigned long long)stride,
           (unsigned long long)(stride * 61), (unsigned long long)mpfr_calls);
    printf(
        "| op | alpha | mode | isa | max ULP | worst x |\n| --- | --- | --- | --- | --- | --- |\n");
    for (int a = 0; a < n_alphas; a++)
        for (int o = 0; o < N_OPS; o++) {
            if (a > 0 && o >= SELU_FWD)
                continue;
            for (int det = 0; det < 2; det++)
                for (int t = 0; t < n_tables; t++) {
                    if ((o == ELU_BWD_OUT || o == SELU_BWD_OUT) && det)
                        continue;
                    const struct worst *w = &worst[a][o][t][det];
                    char alpha[32] = "-";
                    if (o < SELU_FWD)
                        snprintf(alpha, sizeof alpha, "%g", (double)alphas[a]);
                    printf("| %s | %s | %s | %s | %.3f | %a (%08x) |\n", op_names[o], alpha,
                           det ? "deterministic" : "default", rectify_isa_name(tables[t]->isa),
                           w->ulp, (double)w->x, as_bits(w->x));
                    if (!(w->ulp <= 2.0))
                        bad = 1;
                }
        }
    return bad;
}
