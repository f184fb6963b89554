/*
 * rectify._rectify: the CPython extension behind the `rectify` package.
 *
 * Each function takes float32, float16 or (as bfloat16 bit patterns) uint16
 * NumPy arrays, all of one kind, checks them (dtype, shape,
 * `out=`), makes a non-contiguous input contiguous with a copy, calls
 * librectify once and turns a status other than RECTIFY_OK into an
 * exception carrying rectify_status_str()'s message. Nothing here computes
 * an activation: every value comes from the library.
 *
 * Written against the CPython C API (METH_FASTCALL) and NumPy's C API.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <limits.h>
#include <string.h>

#include <rectify.h>

/*
 * NumPy's C API reaches its functions through a table of void pointers,
 * converted to function pointers where each is called. Every platform
 * Python runs on defines that conversion (POSIX requires it; dlsym relies on
 * it) but ISO C does not, and -Wpedantic says so at every call. So the
 * NumPy functions this file uses are wrapped here, in the one region where
 * that warning is off; the rest of the file calls the wrappers.
 */
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#include <numpy/arrayobject.h>

static int np_import(void)
{
    import_array1(-1);
    return 0;
}
static PyObject *np_from_any(PyObject *o) { return PyArray_FromAny(o, NULL, 0, 0, 0, NULL); }
static PyObject *np_copy(PyArrayObject *a) { return PyArray_NewCopy(a, NPY_CORDER); }
static PyObject *np_empty(int nd, const npy_intp *dims, int type_num)
{
    return PyArray_SimpleNew(nd, (npy_intp *)dims, type_num);
}
static PyObject *np_shape(int nd, const npy_intp *dims)
{
    return PyArray_IntTupleFromIntp(nd, (npy_intp *)dims);
}
#pragma GCC diagnostic pop

/* Calls on at least this many elements run with the GIL released: below
 * it the kernel takes about as long as releasing and retaking the lock, and
 * a thread that gives the GIL up may wait a switch interval to get it back. */
#define GIL_RELEASE_MIN_SIZE 16384

static PyObject *rectify_error;  /* rectify.RectifyError, a ValueError */
static PyObject *numpy_axis_err; /* numpy.AxisError */

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */
/* ------------------------------------------------------------------------ */

static const char *status_name(rectify_status s)
{
    switch (s) {
    case RECTIFY_OK:
        return "RECTIFY_OK";
    case RECTIFY_ERR_NULL:
        return "RECTIFY_ERR_NULL";
    case RECTIFY_ERR_OVERLAP:
        return "RECTIFY_ERR_OVERLAP";
    case RECTIFY_ERR_PARAM:
        return "RECTIFY_ERR_PARAM";
    case RECTIFY_ERR_SIZE:
        return "RECTIFY_ERR_SIZE";
    case RECTIFY_ERR_UNSUPPORTED:
        return "RECTIFY_ERR_UNSUPPORTED";
    case RECTIFY_ERR_INVALID:
        return "RECTIFY_ERR_INVALID";
    }
    return "RECTIFY_ERR_UNKNOWN";
}

/* Raises RectifyError("<fname>(): [<detail>: ]<rectify_status_str> (<name>)")
 * with the status in its `status` and `status_name` attributes. Returns NULL. */
static PyObject *raise_status(const char *fname, const char *detail, rectify_status s)
{
    PyObject *msg = PyUnicode_FromFormat("%s(): %s%s%s (%s)", fname, detail ? detail : "",
                                         detail ? ": " : "", rectify_status_str(s), status_name(s));
    if (!msg)
        return NULL;
    PyObject *exc = PyObject_CallOneArg(rectify_error, msg);
    Py_DECREF(msg);
    if (!exc)
        return NULL;
    PyObject *code = PyLong_FromLong((long)s);
    PyObject *name = PyUnicode_FromString(status_name(s));
    if (code && name && PyObject_SetAttrString(exc, "status", code) == 0 &&
        PyObject_SetAttrString(exc, "status_name", name) == 0)
        PyErr_SetObject(rectify_error, exc);
    Py_XDECREF(name);
    Py_XDECREF(code);
    Py_DECREF(exc);
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* Arguments                                                                */
/* ------------------------------------------------------------------------ */

/* Fills slots[0..count) from a METH_FASTCALL | METH_KEYWORDS call, in the
 * order of `names`; the first `required` are mandatory, the others are left
 * NULL when absent. */
static int parse_args(const char *fname, const char *const *names, int count, int required,
                      PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames, PyObject **slots)
{
    for (int i = 0; i < count; i++)
        slots[i] = NULL;
    if (nargs > count) {
        PyErr_Format(PyExc_TypeError, "%s() takes at most %d arguments (%zd given)", fname, count,
                     nargs);
        return -1;
    }
    for (Py_ssize_t i = 0; i < nargs; i++)
        slots[i] = args[i];
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (Py_ssize_t k = 0; k < nkw; k++) {
        PyObject *key = PyTuple_GET_ITEM(kwnames, k);
        int i = 0;
        while (i < count && PyUnicode_CompareWithASCIIString(key, names[i]) != 0)
            i++;
        if (i == count) {
            PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument '%U'", fname,
                         key);
            return -1;
        }
        if (slots[i]) {
            PyErr_Format(PyExc_TypeError, "%s() got multiple values for argument '%s'", fname,
                         names[i]);
            return -1;
        }
        slots[i] = args[nargs + k];
    }
    for (int i = 0; i < required; i++) {
        if (!slots[i]) {
            PyErr_Format(PyExc_TypeError, "%s() missing required argument '%s' (pos %d)", fname,
                         names[i], i + 1);
            return -1;
        }
    }
    return 0;
}

#define PARSE(fname, names, required, slots)                                                       \
    parse_args(fname, names, (int)(sizeof(names) / sizeof(names[0])), required, args, nargs,       \
               kwnames, slots)

/* `out=None` and `seed=None` mean "not given"; for every other parameter
 * None is a TypeError, as it would be in PyTorch. */
static int absent(PyObject *o) { return !o || o == Py_None; }

/* A float parameter: any real number, rounded to float as the C API takes
 * it (a finite double beyond float's range becomes infinite, which the
 * library reports as RECTIFY_ERR_PARAM). */
static int get_float(const char *fname, const char *name, PyObject *o, float dflt, float *v)
{
    if (!o) {
        *v = dflt;
        return 0;
    }
    if (!PyNumber_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s() argument '%s' must be a real number, not %.100s", fname,
                     name, Py_TYPE(o)->tp_name);
        return -1;
    }
    double d = PyFloat_AsDouble(o);
    if (d == -1.0 && PyErr_Occurred())
        return -1;
    *v = (float)d;
    return 0;
}

/* An integer passed to the library as an int (RReLU's training flag, the
 * deterministic switch): the library itself rejects values other than 0 and
 * 1, so values beyond int's range are clamped (still rejected), not wrapped. */
static int get_int(const char *fname, const char *name, PyObject *o, int dflt, int *v)
{
    if (!o) {
        *v = dflt;
        return 0;
    }
    PyObject *i = PyNumber_Index(o);
    if (!i) {
        PyErr_Format(PyExc_TypeError, "%s() argument '%s' must be an integer or a bool, not %.100s",
                     fname, name, Py_TYPE(o)->tp_name);
        return -1;
    }
    int overflow;
    long long ll = PyLong_AsLongLongAndOverflow(i, &overflow);
    Py_DECREF(i);
    if (ll == -1 && PyErr_Occurred())
        return -1;
    if (overflow > 0 || ll > INT_MAX)
        *v = INT_MAX;
    else if (overflow < 0 || ll < INT_MIN)
        *v = INT_MIN;
    else
        *v = (int)ll;
    return 0;
}

/* A counter or key: an integer in [0, 2**64). */
static int get_u64(const char *fname, const char *name, PyObject *o, uint64_t dflt, uint64_t *v)
{
    if (!o) {
        *v = dflt;
        return 0;
    }
    PyObject *i = PyNumber_Index(o);
    if (!i) {
        PyErr_Format(PyExc_TypeError, "%s() argument '%s' must be an integer, not %.100s", fname,
                     name, Py_TYPE(o)->tp_name);
        return -1;
    }
    unsigned long long u = PyLong_AsUnsignedLongLong(i);
    Py_DECREF(i);
    if (u == (unsigned long long)-1 && PyErr_Occurred()) {
        if (!PyErr_ExceptionMatches(PyExc_OverflowError))
            return -1;
        PyErr_Clear();
        PyErr_Format(PyExc_ValueError, "%s() argument '%s' must be in [0, 2**64)", fname, name);
        return -1;
    }
    *v = (uint64_t)u;
    return 0;
}

/* A flag (from_output): a bool, NumPy's included, or an integer. */
static int get_bool(const char *fname, const char *name, PyObject *o, int *v)
{
    if (!o) {
        *v = 0;
        return 0;
    }
    if (!PyBool_Check(o) && !PyLong_Check(o) && !PyArray_IsScalar(o, Bool)) {
        PyErr_Format(PyExc_TypeError, "%s() argument '%s' must be a bool, not %.100s", fname, name,
                     Py_TYPE(o)->tp_name);
        return -1;
    }
    int t = PyObject_IsTrue(o);
    if (t < 0)
        return -1;
    *v = t;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Arrays                                                                   */
/* ------------------------------------------------------------------------ */

/* The element types: float32, float16 (rectify's _f16 functions) and
 * uint16 arrays holding bfloat16 bit patterns (_bf16: NumPy has no bfloat16
 * dtype; a bf16 tensor's bytes viewed as uint16). */
enum kind { KIND_F32, KIND_F16, KIND_BF16, KIND_NONE };
static const int kind_type_num[] = {NPY_FLOAT32, NPY_FLOAT16, NPY_UINT16};
static const char *const kind_names[] = {"float32", "float16", "uint16 (bfloat16 bits)"};

static enum kind kind_of(PyArrayObject *a)
{
    PyArray_Descr *d = PyArray_DESCR(a);
    if (!PyArray_ISNBO(d->byteorder) && d->elsize > 1)
        return KIND_NONE;
    switch (d->type_num) {
    case NPY_FLOAT32:
        return KIND_F32;
    case NPY_FLOAT16:
        return KIND_F16;
    case NPY_UINT16:
        return KIND_BF16;
    }
    return KIND_NONE;
}

static void raise_dtype(const char *fname, const char *name, PyArrayObject *a)
{
    PyArray_Descr *d = PyArray_DESCR(a);
    if (d->type_num == NPY_FLOAT32 || d->type_num == NPY_FLOAT16 || d->type_num == NPY_UINT16)
        PyErr_Format(PyExc_TypeError,
                     "%s(): %s is %R in non-native byte order; rectify needs native float32, "
                     "float16 or uint16 (%s.astype(%s.dtype.newbyteorder('=')))",
                     fname, name, (PyObject *)d, name, name);
    else
        PyErr_Format(PyExc_TypeError,
                     "%s(): %s must be a float32, float16 or uint16 (bfloat16 bits) array, not "
                     "%R; rectify converts nothing: pass %s.astype(numpy.float32)",
                     fname, name, (PyObject *)d, name);
}

/* Every array of a call is of the first one's kind. */
static int check_kind(const char *fname, const char *name, PyArrayObject *a, enum kind want)
{
    enum kind k = kind_of(a);
    if (k == want)
        return 0;
    if (k == KIND_NONE)
        raise_dtype(fname, name, a);
    else
        PyErr_Format(PyExc_TypeError,
                     "%s(): %s is %s but the input is %s; rectify mixes no types (convert one)",
                     fname, name, kind_names[k], kind_names[want]);
    return -1;
}

/* `o` as a C-contiguous array: `o` itself (a new reference) when it is one
 * already, else a contiguous copy. Anything NumPy turns into an array is
 * accepted; its dtype must be one of the kinds (the first input's, when
 * *kind is not KIND_NONE; else *kind becomes its), never converted. */
static PyArrayObject *input_array(const char *fname, const char *name, PyObject *o, enum kind *kind)
{
    PyArrayObject *a;
    if (PyArray_Check(o)) {
        Py_INCREF(o);
        a = (PyArrayObject *)o;
    } else {
        a = (PyArrayObject *)np_from_any(o);
        if (!a)
            return NULL;
    }
    if (*kind == KIND_NONE && kind_of(a) != KIND_NONE)
        *kind = kind_of(a);
    if (check_kind(fname, name, a, *kind == KIND_NONE ? KIND_F32 : *kind) < 0) {
        Py_DECREF(a);
        return NULL;
    }
    if (!PyArray_IS_C_CONTIGUOUS(a)) {
        PyArrayObject *c = (PyArrayObject *)np_copy(a);
        Py_DECREF(a);
        return c;
    }
    return a;
}

static int same_shape(int nd, const npy_intp *a, int nd_b, const npy_intp *b)
{
    return nd == nd_b && (nd == 0 || memcmp(a, b, (size_t)nd * sizeof(npy_intp)) == 0);
}

static PyObject *shape_tuple(int nd, const npy_intp *dims) { return np_shape(nd, dims); }

/* The output: a new C-contiguous array of the inputs' kind and shape
 * `dims`, or `out` (a new reference) after checking that rectify can write
 * it directly. */
static PyArrayObject *output_array(const char *fname, PyObject *out, int nd, const npy_intp *dims,
                                   enum kind kind)
{
    if (absent(out))
        return (PyArrayObject *)np_empty(nd, dims, kind_type_num[kind]);
    if (!PyArray_Check(out)) {
        PyErr_Format(PyExc_TypeError, "%s(): out must be a numpy.ndarray, not %.100s", fname,
                     Py_TYPE(out)->tp_name);
        return NULL;
    }
    PyArrayObject *a = (PyArrayObject *)out;
    if (check_kind(fname, "out", a, kind) < 0)
        return NULL;
    if (!same_shape(PyArray_NDIM(a), PyArray_DIMS(a), nd, dims)) {
        PyObject *got = shape_tuple(PyArray_NDIM(a), PyArray_DIMS(a));
        PyObject *want = shape_tuple(nd, dims);
        if (got && want)
            PyErr_Format(PyExc_ValueError, "%s(): out has shape %R, the result has shape %R", fname,
                         got, want);
        Py_XDECREF(got);
        Py_XDECREF(want);
        return NULL;
    }
    if (!PyArray_IS_C_CONTIGUOUS(a)) {
        PyErr_Format(PyExc_ValueError,
                     "%s(): out must be C-contiguous (rectify writes it directly, never through a "
                     "copy)",
                     fname);
        return NULL;
    }
    if (!PyArray_ISWRITEABLE(a)) {
        PyErr_Format(PyExc_ValueError, "%s(): out is read-only", fname);
        return NULL;
    }
    Py_INCREF(out);
    return a;
}

/* The element count; PyArray_SIZE without NumPy's function table. */
static size_t elements(PyArrayObject *a)
{
    size_t n = 1;
    for (int k = 0; k < PyArray_NDIM(a); k++)
        n *= (size_t)PyArray_DIMS(a)[k];
    return n;
}

static const void *cdata(PyArrayObject *a) { return PyArray_DATA(a); }
static void *wdata(PyArrayObject *a) { return PyArray_DATA(a); }

/* rectify_<fn>_f32, _f16 or _bf16 for the kind (the data pointers are void *). */
#define BY_KIND(kind, fn, ...)                                                                     \
    ((kind) == KIND_F16    ? rectify_##fn##_f16(__VA_ARGS__)                                       \
     : (kind) == KIND_BF16 ? rectify_##fn##_bf16(__VA_ARGS__)                                      \
                           : rectify_##fn##_f32(__VA_ARGS__))

/* ------------------------------------------------------------------------ */
/* The elementwise ops                                                      */
/* ------------------------------------------------------------------------ */

enum op {
    RELU,
    RELU_BWD,
    LEAKY,
    LEAKY_BWD,
    RELU6,
    RELU6_BWD,
    ELU,
    ELU_BWD,
    ELU_BWD_OUT,
    SELU,
    SELU_BWD,
    SELU_BWD_OUT,
    RRELU,
    RRELU_BWD
};

struct params {
    float a, b; /* slope, alpha, or RReLU's lower and upper */
    int training;
    uint64_t seed, offset;
};

/* x is the forward's input (or output, for the *_OUT ops); dy is NULL for a
 * forward. One library call. */
static rectify_status kernel(enum op op, enum kind kind, const void *x, const void *dy, void *out,
                             size_t n, const struct params *p)
{
    switch (op) {
    case RELU:
        return BY_KIND(kind, relu, x, out, n);
    case RELU_BWD:
        return BY_KIND(kind, relu_backward, x, dy, out, n);
    case LEAKY:
        return BY_KIND(kind, leaky_relu, x, out, n, p->a);
    case LEAKY_BWD:
        return BY_KIND(kind, leaky_relu_backward, x, dy, out, n, p->a);
    case RELU6:
        return BY_KIND(kind, relu6, x, out, n);
    case RELU6_BWD:
        return BY_KIND(kind, relu6_backward, x, dy, out, n);
    case ELU:
        return BY_KIND(kind, elu, x, out, n, p->a);
    case ELU_BWD:
        return BY_KIND(kind, elu_backward, x, dy, out, n, p->a);
    case ELU_BWD_OUT:
        return BY_KIND(kind, elu_backward_from_output, x, dy, out, n, p->a);
    case SELU:
        return BY_KIND(kind, selu, x, out, n);
    case SELU_BWD:
        return BY_KIND(kind, selu_backward, x, dy, out, n);
    case SELU_BWD_OUT:
        return BY_KIND(kind, selu_backward_from_output, x, dy, out, n);
    case RRELU:
        return BY_KIND(kind, rrelu, x, out, n, p->a, p->b, p->training, p->seed, p->offset);
    case RRELU_BWD:
        return BY_KIND(kind, rrelu_backward, x, dy, out, n, p->a, p->b, p->training, p->seed,
                       p->offset);
    }
    return RECTIFY_ERR_INVALID;
}

/* forward: elementwise(op, "relu", x, NULL, out, p)
 * backward: elementwise(op, "relu_backward", x, dy, out, p)
 * Returns the output array (`out` itself when given). */
static PyObject *elementwise(enum op op, const char *fname, PyObject *x_obj, const char *x_name,
                             PyObject *dy_obj, PyObject *out_obj, const struct params *p)
{
    PyArrayObject *dy = NULL, *out = NULL;
    enum kind kind = KIND_NONE;
    PyArrayObject *x = input_array(fname, x_name, x_obj, &kind);
    if (!x)
        return NULL;
    if (dy_obj) {
        dy = input_array(fname, "dy", dy_obj, &kind);
        if (!dy)
            goto fail;
        if (!same_shape(PyArray_NDIM(dy), PyArray_DIMS(dy), PyArray_NDIM(x), PyArray_DIMS(x))) {
            PyObject *a = shape_tuple(PyArray_NDIM(dy), PyArray_DIMS(dy));
            PyObject *b = shape_tuple(PyArray_NDIM(x), PyArray_DIMS(x));
            if (a && b)
                PyErr_Format(PyExc_ValueError,
                             "%s(): dy has shape %R and %s has shape %R; they must be equal (no "
                             "broadcasting)",
                             fname, a, x_name, b);
            Py_XDECREF(a);
            Py_XDECREF(b);
            goto fail;
        }
    }
    out = output_array(fname, out_obj, PyArray_NDIM(x), PyArray_DIMS(x), kind);
    if (!out)
        goto fail;

    size_t n = elements(x);
    const void *dyp = dy ? cdata(dy) : NULL;
    rectify_status s;
    if (n >= GIL_RELEASE_MIN_SIZE) {
        Py_BEGIN_ALLOW_THREADS s = kernel(op, kind, cdata(x), dyp, wdata(out), n, p);
        Py_END_ALLOW_THREADS
    } else {
        s = kernel(op, kind, cdata(x), dyp, wdata(out), n, p);
    }
    Py_DECREF(x);
    Py_XDECREF(dy);
    if (s != RECTIFY_OK) {
        Py_DECREF(out);
        return raise_status(fname, NULL, s);
    }
    return (PyObject *)out;

fail:
    Py_DECREF(x);
    Py_XDECREF(dy);
    return NULL;
}

/* ---- forward ------------------------------------------------------------ */

static PyObject *py_relu(PyObject *m, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    (void)m;
    static const char *const names[] = {"x", "out"};
    PyObject *a[2];
    struct params p = {0};
    if (PARSE("relu", names, 1, a) < 0)
        return NULL;
    return elementwise(RELU, "relu", a[0], "x", NULL, a[1], &p);
}

static PyObject *py_relu6(PyObject *m, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    (void)m;
    static const char *const names[] = {"x", "out"};
    PyObject *a[2];
    struct params p = {0};
    if (PARSE("relu6", names, 1, a) < 0)
        return NULL;
    return elementwise(RELU6, "relu6", a[0], "x", NULL, a[1], &p);
}

static PyObject *py_leaky_relu(PyObject *m, PyObject *const *args, Py_ssize_t nargs,
                               PyObject *kwnames)
{
    (void)m;
    static const char *const names[] = {"x", "negative_slope", "out"};
    PyObject *a[3];
    struct params p = {0};
    if (PARSE("leaky_relu", names, 1, a) < 0 ||
        get_float("leaky_relu", "negative_slope", a[1], 0.01f, &p.a) < 0)
        return NULL;
    return elementwise(LEAKY, "leaky_relu", a[0], "x", NULL, a[2], &p);
}

static PyObject *py_elu(PyObject *m, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    (void)m;
    static const char *const names[] = {"x", "alpha", "out"};
    PyObject *a[3];
    struct params p = {0};
    if (PARSE("elu", names, 1, a) < 0 || get_float("elu", "alpha", a[1], 1.0f, &p.a) < 0)
        return NULL;
    return elementwise(ELU, "elu", a[0], "x", NULL, a[2], &p);
}

static PyObject *py_selu(PyObject *m, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    (void)m;
    static const char *const names[] = {"x", "out"};
    PyObject *a[2];
    struct params p = {0};
    if (PARSE("selu", names, 1, a) < 0)
        return NULL;
    return elementwise(SELU, "selu", a[0], "x", NULL, a[1], &p);
}

/* RReLU's bounds, mode and counters; in training mode the seed must be
 * given (backward regenerates the slopes from it). */
static int get_rrelu_params(const char *fname, PyObject *const *a, struct params *p)
{
    if (get_float(fname, "lower", a[0], 1.0f / 8.0f, &p->a) < 0 ||
        get_float(fname, "upper", a[1], 1.0f / 3.0f, &p->b) < 0 ||
        get_int(fname, "training", a[2], 0, &p->training) < 0 ||
        get_u64(fname, "seed", a[3] == Py_None ? NULL : a[3], 0, &p->seed) < 0 ||
        get_u64(fname, "offset", a[4], 0, &p->offset) < 0)
        return -1;
    if (p->training == 1 && absent(a[3])) {
        PyErr_Format(PyExc_ValueError,
                     "%s(): training mode needs a seed (an integer in [0, 2**64)): the slopes are "
                     "drawn from (seed, offset), and the backward pass regenerates them from the "
                     "same pair",
                     fname);
        return -1;
    }
    return 0;
}

static PyObject *py_rrelu(PyObject *m, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    (void)m;
    static const char *const names[] = {"x", "lower", "upper", "training", "seed", "offset", "out"};
    PyObject *a[7];
    struct params p = {0};
    if (PARSE("rrelu", names, 1, a) < 0 || get_rrelu_params("rrelu", a + 1, &p) < 0)
        return NULL;
    return elementwise(RRELU, "rrelu", a[0], "x", NULL, a[6], &p);
}

/* ---- backward ----------------------------------------------------------- */

static PyObject *py_relu_backward(PyObject *m, PyObject *const *args, Py_ssize_t nargs,
                                  PyObject *kwnames)
{
    (void)m;
    static const char *const names[] = {"dy", "x", "out"};
    PyObject *a[3];
    struct params p = {0};
    if (PARSE("relu_backward", names, 2, a) < 0)
        return NULL;
    return elementwise(RELU_BWD, "relu_backward", a[1], "x", a[0], a[2], &p);
}

static PyObject *py_relu6_backward(PyObject *m, PyObject *const *args, Py_ssize_t nargs,
                                   PyObject *kwnames)
{
    (void)m;
    static const char *const names[] = {"dy", "x", "out"};
    PyObject *a[3];
    struct params p = {0};
    if (PARSE("relu6_backward", names, 2, a) < 0)
        return NULL;
    return elementwise(RELU6_BWD, "relu6_backward", a[1], "x", a[0], a[2], &p);
}

static PyObject *py_leaky_relu_backward(PyObject *m, PyObject *const *args, Py_ssize_t nargs,
                                        PyObject *kwnames)
{
    (void)m;
    static const char *const names[] = {"dy", "x", "negative_slope", "out"};
    PyObject *a[4];
    struct params p = {0};
    if (PARSE("leaky_relu_backward", names, 2, a) < 0 ||
        get_float("leaky_relu_backward", "negative_slope", a[2], 0.01f, &p.a) < 0)
        return NULL;
    return elementwise(LEAKY_BWD, "leaky_relu_backward", a[1], "x", a[0], a[3], &p);
}

static PyObject *py_elu_backward(PyObject *m, PyObject *const *args, Py_ssize_t nargs,
                                 PyObject *kwnames)
{
    (void)m;
    static const char *const names[] = {"dy", "x_or_y", "alpha", "from_output", "out"};
    PyObject *a[5];
    struct params p = {0};
    int from_output;
    if (PARSE("elu_backward", names, 2, a) < 0 ||
        get_float("elu_backward", "alpha", a[2], 1.0f, &p.a) < 0 ||
        get_bool("elu_backward", "from_output", a[3], &from_output) < 0)
        return NULL;
    return elementwise(from_output ? ELU_BWD_OUT : ELU_BWD, "elu_backward", a[1], "x_or_y", a[0],
                       a[4], &p);
}

static PyObject *py_selu_backward(PyObject *m, PyObject *const *args, Py_ssize_t nargs,
                                  PyObject *kwnames)
{
    (void)m;
    static const char *const names[] = {"dy", "x_or_y", "from_output", "out"};
    PyObject *a[4];
    struct params p = {0};
    int from_output;
    if (PARSE("selu_backward", names, 2, a) < 0 ||
        get_bool("selu_backward", "from_output", a[2], &from_output) < 0)
        return NULL;
    return elementwise(from_output ? SELU_BWD_OUT : SELU_BWD, "selu_backward", a[1], "x_or_y", a[0],
                       a[3], &p);
}

static PyObject *py_rrelu_backward(PyObject *m, PyObject *const *args, Py_ssize_t nargs,
                                   PyObject *kwnames)
{
    (void)m;
    static const char *const names[] = {"dy",       "x",    "lower",  "upper",
                                        "training", "seed", "offset", "out"};
    PyObject *a[8];
    struct params p = {0};
    if (PARSE("rrelu_backward", names, 2, a) < 0 ||
        get_rrelu_params("rrelu_backward", a + 2, &p) < 0)
        return NULL;
    return elementwise(RRELU_BWD, "rrelu_backward", a[1], "x", a[0], a[7], &p);
}

/* ------------------------------------------------------------------------ */
/* CReLU                                                                    */
/* ------------------------------------------------------------------------ */

/* axis (may be negative) checked against x's dimensions; numpy.AxisError
 * (a ValueError and an IndexError) when out of range, as NumPy raises. */
static int get_axis(const char *fname, PyObject *o, int nd, int *axis)
{
    if (nd == 0) {
        PyErr_Format(PyExc_ValueError, "%s(): x is 0-d: there is no axis to concatenate along",
                     fname);
        return -1;
    }
    PyObject *i = PyNumber_Index(o);
    if (!i) {
        PyErr_Format(PyExc_TypeError, "%s() argument 'axis' must be an integer, not %.100s", fname,
                     Py_TYPE(o)->tp_name);
        return -1;
    }
    int overflow;
    long long v = PyLong_AsLongLongAndOverflow(i, &overflow);
    Py_DECREF(i);
    if (v == -1 && PyErr_Occurred())
        return -1;
    if (overflow || v < -nd || v >= nd) {
        PyObject *e =
            PyObject_CallFunction(numpy_axis_err, "Lis", overflow ? (long long)nd : v, nd, NULL);
        if (e) {
            PyErr_SetObject(numpy_axis_err, e);
            Py_DECREF(e);
        }
        return -1;
    }
    *axis = (int)(v < 0 ? v + nd : v);
    return 0;
}

/* x's layout as CReLU's (outer, inner) for a concat along `axis`, and the
 * shape of y (x's with `axis` doubled). */
static int crelu_layout(const char *fname, PyArrayObject *x, int axis, size_t *outer, size_t *inner,
                        npy_intp *ydims)
{
    int nd = PyArray_NDIM(x);
    const npy_intp *d = PyArray_DIMS(x);
    size_t o = 1, i = 1;
    for (int k = 0; k < nd; k++) {
        ydims[k] = d[k];
        if (k < axis)
            o *= (size_t)d[k];
        else
            i *= (size_t)d[k];
    }
    if (d[axis] > NPY_MAX_INTP / 2 || (i && elements(x) > (size_t)NPY_MAX_INTP / 2)) {
        PyErr_Format(PyExc_ValueError, "%s(): the output would have too many elements", fname);
        return -1;
    }
    ydims[axis] = 2 * d[axis];
    *outer = o;
    *inner = i;
    return 0;
}

static PyObject *py_crelu(PyObject *m, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    (void)m;
    static const char *const names[] = {"x", "axis", "out"};
    PyObject *a[3];
    int axis;
    size_t outer, inner;
    npy_intp ydims[NPY_MAXDIMS];
    if (PARSE("crelu", names, 2, a) < 0)
        return NULL;
    enum kind kind = KIND_NONE;
    PyArrayObject *x = input_array("crelu", "x", a[0], &kind);
    if (!x)
        return NULL;
    PyArrayObject *y = NULL;
    if (get_axis("crelu", a[1], PyArray_NDIM(x), &axis) < 0 ||
        crelu_layout("crelu", x, axis, &outer, &inner, ydims) < 0 ||
        !(y = output_array("crelu", a[2], PyArray_NDIM(x), ydims, kind))) {
        Py_DECREF(x);
        return NULL;
    }
    rectify_status s;
    if (outer * inner >= GIL_RELEASE_MIN_SIZE) {
        Py_BEGIN_ALLOW_THREADS s = BY_KIND(kind, crelu, cdata(x), wdata(y), outer, inner);
        Py_END_ALLOW_THREADS
    } else {
        s = BY_KIND(kind, crelu, cdata(x), wdata(y), outer, inner);
    }
    Py_DECREF(x);
    if (s != RECTIFY_OK) {
        Py_DECREF(y);
        return raise_status("crelu", NULL, s);
    }
    return (PyObject *)y;
}

static PyObject *py_crelu_backward(PyObject *m, PyObject *const *args, Py_ssize_t nargs,
                                   PyObject *kwnames)
{
    (void)m;
    static const char *const names[] = {"dy", "x", "axis", "out"};
    PyObject *a[4];
    int axis;
    size_t outer, inner;
    npy_intp ydims[NPY_MAXDIMS];
    if (PARSE("crelu_backward", names, 3, a) < 0)
        return NULL;
    enum kind kind = KIND_NONE;
    PyArrayObject *x = input_array("crelu_backward", "x", a[1], &kind);
    if (!x)
        return NULL;
    PyArrayObject *dy = NULL, *dx = NULL;
    if (get_axis("crelu_backward", a[2], PyArray_NDIM(x), &axis) < 0 ||
        crelu_layout("crelu_backward", x, axis, &outer, &inner, ydims) < 0 ||
        !(dy = input_array("crelu_backward", "dy", a[0], &kind)))
        goto fail;
    if (!same_shape(PyArray_NDIM(dy), PyArray_DIMS(dy), PyArray_NDIM(x), ydims)) {
        PyObject *got = shape_tuple(PyArray_NDIM(dy), PyArray_DIMS(dy));
        PyObject *xs = shape_tuple(PyArray_NDIM(x), PyArray_DIMS(x));
        PyObject *want = shape_tuple(PyArray_NDIM(x), ydims);
        if (got && xs && want)
            PyErr_Format(PyExc_ValueError,
                         "crelu_backward(): dy has shape %R; for x of shape %R and axis %d it "
                         "must be %R (the forward output's)",
                         got, xs, axis, want);
        Py_XDECREF(got);
        Py_XDECREF(xs);
        Py_XDECREF(want);
        goto fail;
    }
    if (!(dx = output_array("crelu_backward", a[3], PyArray_NDIM(x), PyArray_DIMS(x), kind)))
        goto fail;
    rectify_status s;
    if (outer * inner >= GIL_RELEASE_MIN_SIZE) {
        Py_BEGIN_ALLOW_THREADS s =
            BY_KIND(kind, crelu_backward, cdata(x), cdata(dy), wdata(dx), outer, inner);
        Py_END_ALLOW_THREADS
    } else {
        s = BY_KIND(kind, crelu_backward, cdata(x), cdata(dy), wdata(dx), outer, inner);
    }
    Py_DECREF(x);
    Py_DECREF(dy);
    if (s != RECTIFY_OK) {
        Py_DECREF(dx);
        return raise_status("crelu_backward", NULL, s);
    }
    return (PyObject *)dx;

fail:
    Py_DECREF(x);
    Py_XDECREF(dy);
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* Dispatch, reproducibility, version                                       */
/* ------------------------------------------------------------------------ */

/* The ISAs the library names, in enumeration order: every value up to the
 * first that rectify_isa_name() calls "unknown". */
static int isa_count(void)
{
    int n = 0;
    while (strcmp(rectify_isa_name((rectify_isa)n), "unknown") != 0)
        n++;
    return n;
}

static PyObject *py_isa(PyObject *m, PyObject *unused)
{
    (void)m;
    (void)unused;
    return PyUnicode_FromString(rectify_isa_name(rectify_get_isa()));
}

static PyObject *py_supported_isas(PyObject *m, PyObject *unused)
{
    (void)m;
    (void)unused;
    PyObject *names = PyList_New(0);
    if (!names)
        return NULL;
    for (int i = 0, n = isa_count(); i < n; i++) {
        if (!rectify_isa_supported((rectify_isa)i))
            continue;
        PyObject *s = PyUnicode_FromString(rectify_isa_name((rectify_isa)i));
        if (!s || PyList_Append(names, s) < 0) {
            Py_XDECREF(s);
            Py_DECREF(names);
            return NULL;
        }
        Py_DECREF(s);
    }
    PyObject *t = PyList_AsTuple(names);
    Py_DECREF(names);
    return t;
}

static PyObject *py_set_isa(PyObject *m, PyObject *name)
{
    (void)m;
    if (!PyUnicode_Check(name))
        return PyErr_Format(PyExc_TypeError,
                            "set_isa() argument must be an ISA name (str), not %.100s",
                            Py_TYPE(name)->tp_name);
    int n = isa_count();
    for (int i = 0; i < n; i++) {
        if (PyUnicode_CompareWithASCIIString(name, rectify_isa_name((rectify_isa)i)) != 0)
            continue;
        rectify_status s = rectify_set_isa((rectify_isa)i);
        if (s != RECTIFY_OK)
            return raise_status("set_isa", rectify_isa_name((rectify_isa)i), s);
        Py_RETURN_NONE;
    }
    PyObject *known = PyUnicode_FromString("");
    for (int i = 0; known && i < n; i++) {
        PyObject *k =
            PyUnicode_FromFormat("%U%s%s", known, i ? ", " : "", rectify_isa_name((rectify_isa)i));
        Py_DECREF(known);
        known = k;
    }
    if (known) {
        PyErr_Format(PyExc_ValueError, "set_isa(): unknown ISA %R (the library knows: %U)", name,
                     known);
        Py_DECREF(known);
    }
    return NULL;
}

static PyObject *py_deterministic(PyObject *m, PyObject *unused)
{
    (void)m;
    (void)unused;
    return PyBool_FromLong(rectify_get_deterministic());
}

static PyObject *py_set_deterministic(PyObject *m, PyObject *on)
{
    (void)m;
    int v;
    if (get_int("set_deterministic", "on", on, 0, &v) < 0)
        return NULL;
    rectify_status s = rectify_set_deterministic(v);
    if (s != RECTIFY_OK)
        return raise_status("set_deterministic", NULL, s);
    Py_RETURN_NONE;
}

static PyObject *py_version(PyObject *m, PyObject *unused)
{
    (void)m;
    (void)unused;
    return PyUnicode_FromString(rectify_version());
}

/* ------------------------------------------------------------------------ */
/* The module                                                               */
/* ------------------------------------------------------------------------ */

#define ARRAYS_NOTE                                                                                \
    "Arrays are float32, float16, or uint16 holding bfloat16 bit patterns,\n"                      \
    "all of one kind (never converted: another dtype is a TypeError); half\n"                      \
    "precision computes in float32 and rounds once (rectify's _f16/_bf16). A\n"                    \
    "non-C-contiguous input is copied to a contiguous one first. `out`, if\n"                      \
    "given, must be a writeable C-contiguous array of the inputs' dtype and the\n"                 \
    "result's shape; it is returned. `out` may be an input itself (in place); any\n"               \
    "other overlap is rectify's RECTIFY_ERR_OVERLAP. On any error nothing is\n"                    \
    "written to `out`.\n"

#define BACKWARD_NOTE                                                                              \
    "Arguments are (dy, x), gradient first, as in PyTorch's aten backward ops\n"                   \
    "(threshold_backward(grad_output, self, ...)); the C API takes (x, dy, dx).\n"                 \
    "dy and x must have the same shape (no broadcasting).\n"

PyDoc_STRVAR(relu_doc, "relu($module, /, x, out=None)\n--\n\n"
                       "ReLU: y = x < 0 ? +0 : x (NaN and -0 pass through; -inf gives +0).\n\n"
                       "Bitwise identical to torch.nn.functional.relu.\n" ARRAYS_NOTE);
PyDoc_STRVAR(
    relu_backward_doc,
    "relu_backward($module, /, dy, x, out=None)\n--\n\n"
    "ReLU's gradient: dx = x <= 0 ? +0 : dy (x NaN passes dy; x = +-0 gives +0).\n\n" BACKWARD_NOTE
        ARRAYS_NOTE);
PyDoc_STRVAR(
    leaky_relu_doc,
    "leaky_relu($module, /, x, negative_slope=0.01, out=None)\n--\n\n"
    "Leaky ReLU: y = x > 0 ? x : x * negative_slope (one float multiply).\n\n"
    "negative_slope is rounded to float32; NaN or infinite is a RectifyError.\n" ARRAYS_NOTE);
PyDoc_STRVAR(
    leaky_relu_backward_doc,
    "leaky_relu_backward($module, /, dy, x, negative_slope=0.01, out=None)\n--\n\n"
    "Leaky ReLU's gradient: dx = x > 0 ? dy : dy * negative_slope.\n\n" BACKWARD_NOTE ARRAYS_NOTE);
PyDoc_STRVAR(relu6_doc, "relu6($module, /, x, out=None)\n--\n\n"
                        "ReLU6: y = x < 0 ? +0 : (x > 6 ? 6 : x) (NaN and -0 pass through).\n\n"
                        "Bitwise identical to torch.nn.functional.relu6.\n" ARRAYS_NOTE);
PyDoc_STRVAR(
    relu6_backward_doc,
    "relu6_backward($module, /, dy, x, out=None)\n--\n\n"
    "ReLU6's gradient: dx = (x > 0 && x < 6) ? dy : +0 (x NaN gives +0, like\n"
    "PyTorch 1.13's vectorised hardtanh_backward; its scalar path passes dy).\n\n" BACKWARD_NOTE
        ARRAYS_NOTE);
PyDoc_STRVAR(elu_doc, "elu($module, /, x, alpha=1.0, out=None)\n--\n\n"
                      "ELU: y = x > 0 ? x : alpha * expm1(x), within 2 ULP of the correctly\n"
                      "rounded value (same bits on every ISA in deterministic mode). Uses expm1,\n"
                      "so elu(-1e-30) = -1e-30 and elu(-0) = -0 (PyTorch 1.13 gives +0 for both).\n"
                      "alpha is rounded to float32; any finite value is allowed.\n" ARRAYS_NOTE);
PyDoc_STRVAR(
    elu_backward_doc,
    "elu_backward($module, /, dy, x_or_y, alpha=1.0, from_output=False, out=None)\n--\n\n"
    "ELU's gradient. From the input x (default): dx = x <= 0 ? dy * alpha * exp(x) : dy,\n"
    "within 2 ULP. From the output y (from_output=True): dx = y <= 0 ? dy * (y + alpha) : dy,\n"
    "one add and one multiply; it inherits y's rounding, so near y = -alpha (x below\n"
    "about -15) it loses the derivative: use the input there.\n\n" BACKWARD_NOTE ARRAYS_NOTE);
PyDoc_STRVAR(
    selu_doc,
    "selu($module, /, x, out=None)\n--\n\n"
    "SELU: y = lambda * (x > 0 ? x : alpha * expm1(x)) with PyTorch's constants\n"
    "rounded to float32, within 2 ULP (selu(-0) = -0; PyTorch 1.13 gives +0).\n" ARRAYS_NOTE);
PyDoc_STRVAR(
    selu_backward_doc,
    "selu_backward($module, /, dy, x_or_y, from_output=False, out=None)\n--\n\n"
    "SELU's gradient. From the input: dx = x <= 0 ? dy * lambda * alpha * exp(x) : dy * lambda;\n"
    "from the output (from_output=True): dx = y <= 0 ? dy * (y + la) : dy * lambda, with\n"
    "la = lambda * alpha rounded to float32 (same caveat near y = -la as ELU's).\n\n" BACKWARD_NOTE
        ARRAYS_NOTE);
PyDoc_STRVAR(rrelu_doc,
             "rrelu($module, /, x, lower=0.125, upper=0.3333333333333333, training=0, seed=None, "
             "offset=0, out=None)\n--\n\n"
             "Randomized leaky ReLU. Eval mode (training=0): leaky_relu with slope\n"
             "(lower + upper) / 2. Training mode (training=1): y = x <= 0 ? x * r_k : x with\n"
             "r_k drawn from Philox4x32-10 keyed by seed at counter k = offset + i, the same\n"
             "bits on every ISA and for any split; seed is required in training mode.\n"
             "lower and upper are rounded to float32; lower > upper, a non-finite bound or\n"
             "training other than 0/1 is a RectifyError. PyTorch draws its slopes from its\n"
             "own generator: training-mode values differ from torch's, the distribution is\n"
             "the same.\n" ARRAYS_NOTE);
PyDoc_STRVAR(rrelu_backward_doc,
             "rrelu_backward($module, /, dy, x, lower=0.125, upper=0.3333333333333333, "
             "training=0, seed=None, offset=0, out=None)\n--\n\n"
             "RReLU's gradient: dx = x <= 0 ? dy * r_k : dy, regenerating the forward's\n"
             "slopes from the same (lower, upper, seed, offset); in eval mode\n"
             "leaky_relu_backward with (lower + upper) / 2.\n\n" BACKWARD_NOTE ARRAYS_NOTE);
PyDoc_STRVAR(crelu_doc,
             "crelu($module, /, x, axis, out=None)\n--\n\n"
             "CReLU: concatenate([relu(x), relu(-x)], axis). The result has x's shape with\n"
             "`axis` doubled (PyTorch: torch.cat([relu(t), relu(-t)], dim=axis)). Runs as\n"
             "rectify_crelu_f32 with outer = prod(shape[:axis]), inner = prod(shape[axis:]).\n"
             "`out` may not overlap x at all.\n" ARRAYS_NOTE);
PyDoc_STRVAR(crelu_backward_doc,
             "crelu_backward($module, /, dy, x, axis, out=None)\n--\n\n"
             "CReLU's gradient: dy has the forward output's shape (x's with `axis`\n"
             "doubled); dx = relu_backward(dy_pos, x) - relu_backward(dy_neg, -x), one\n"
             "float subtraction. `out` may be x (in place), never overlap dy.\n" ARRAYS_NOTE);
PyDoc_STRVAR(isa_doc, "isa($module, /)\n--\n\n"
                      "The name of the kernel set in use: 'scalar', 'sse2', 'avx2', 'avx512' or "
                      "'neon'.");
PyDoc_STRVAR(supported_isas_doc,
             "supported_isas($module, /)\n--\n\n"
             "The kernel sets built into the library and usable on this CPU and OS, as a\n"
             "tuple of names, in the library's order (best last).");
PyDoc_STRVAR(set_isa_doc,
             "set_isa($module, name, /)\n--\n\n"
             "Use this kernel set from now on, in every thread of the process. An unknown\n"
             "name is a ValueError; a known one not supported here a RectifyError\n"
             "(RECTIFY_ERR_UNSUPPORTED). The environment variable RECTIFY_ISA caps the\n"
             "choice at start-up instead.");
PyDoc_STRVAR(deterministic_doc, "deterministic($module, /)\n--\n\n"
                                "True when deterministic mode is on: ELU and SELU give the same "
                                "bits on every ISA.");
PyDoc_STRVAR(set_deterministic_doc,
             "set_deterministic($module, on, /)\n--\n\n"
             "Turn deterministic mode on (True/1) or off (False/0) for the process; other\n"
             "values are a RectifyError (RECTIFY_ERR_INVALID). RECTIFY_DETERMINISTIC=1 sets\n"
             "it at start-up.");
PyDoc_STRVAR(version_doc, "version($module, /)\n--\n\n"
                          "The loaded librectify's version, 'MAJOR.MINOR.PATCH' "
                          "(rectify_version()).");

#define FASTCALL(name)                                                                             \
    {                                                                                              \
#name, (PyCFunction)(void (*)(void))py_##name, METH_FASTCALL | METH_KEYWORDS, name##_doc   \
    }

static PyMethodDef methods[] = {
    FASTCALL(relu),
    FASTCALL(relu_backward),
    FASTCALL(leaky_relu),
    FASTCALL(leaky_relu_backward),
    FASTCALL(relu6),
    FASTCALL(relu6_backward),
    FASTCALL(elu),
    FASTCALL(elu_backward),
    FASTCALL(selu),
    FASTCALL(selu_backward),
    FASTCALL(rrelu),
    FASTCALL(rrelu_backward),
    FASTCALL(crelu),
    FASTCALL(crelu_backward),
    {"isa", py_isa, METH_NOARGS, isa_doc},
    {"supported_isas", py_supported_isas, METH_NOARGS, supported_isas_doc},
    {"set_isa", py_set_isa, METH_O, set_isa_doc},
    {"deterministic", py_deterministic, METH_NOARGS, deterministic_doc},
    {"set_deterministic", py_set_deterministic, METH_O, set_deterministic_doc},
    {"version", py_version, METH_NOARGS, version_doc},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "rectify._rectify",
    "The C extension behind the rectify package: librectify over float32 NumPy arrays.",
    -1,
    methods,
    NULL,
    NULL,
    NULL,
    NULL};

PyMODINIT_FUNC PyInit__rectify(void)
{
    if (np_import() < 0)
        return NULL;

    PyObject *np = PyImport_ImportModule("numpy");
    if (!np)
        return NULL;
    numpy_axis_err = PyObject_GetAttrString(np, "AxisError");
    Py_DECREF(np);
    if (!numpy_axis_err)
        return NULL;

    PyObject *m = PyModule_Create(&module);
    if (!m)
        return NULL;
    rectify_error = PyErr_NewExceptionWithDoc(
        "rectify.RectifyError",
        "An error status from librectify. A ValueError; `status` is the\n"
        "rectify_status value and `status_name` its name (e.g. 'RECTIFY_ERR_OVERLAP');\n"
        "the message is rectify_status_str()'s.",
        PyExc_ValueError, NULL);
    if (!rectify_error || PyModule_AddObjectRef(m, "RectifyError", rectify_error) < 0 ||
        PyModule_AddStringConstant(m, "HEADER_VERSION", RECTIFY_VERSION_STRING) < 0 ||
        PyModule_AddIntConstant(m, "GIL_RELEASE_MIN_SIZE", GIL_RELEASE_MIN_SIZE) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
