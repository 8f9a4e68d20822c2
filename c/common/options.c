#define _POSIX_C_SOURCE 200112L  /* strcasecmp under -std=c11 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "options.h"
#include "report.h"
#include "uni.h"

#define DEFAULT_CELLS 10240000
#define DEFAULT_DENSITY 0.52f
#define DEFAULT_SEED 5743
#define CELL_UPDATES 1024000000  /* default iterations = this / cells */
#define THREADS_MAX 1024         /* most threads a program runs (SPEC 4.1) */

/* One integer option: its name, what is allowed, said and as a range. */
typedef struct {
    const char *name;
    const char *allowed;
    int64_t min, max;
} int_option;

static const int_option CELLS = {"--cells", "N >= 1", 1, INT64_MAX};
static const int_option ITERATIONS = {"--iterations", "N >= 1", 1, INT64_MAX};
static const int_option SEED = {"--seed", "0 <= N <= 900000000", 0, UNI_SEED_MAX};
static const int_option REPORT = {"--report", "N >= 1", 1, INT64_MAX};
static const char DENSITY_NAME[] = "--density";
static const char DENSITY_ALLOWED[] = "0 <= X <= 1";

static options_status fail(char *msg, const char *prog, const char *fmt, ...)
{
    int used = snprintf(msg, OPTIONS_MESSAGE_MAX, "%s: ", prog);
    if (used < 0 || used >= OPTIONS_MESSAGE_MAX)
        return OPTIONS_ERROR;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + used, OPTIONS_MESSAGE_MAX - used, fmt, ap);
    va_end(ap);
    return OPTIONS_ERROR;
}

/* Past an optional sign. */
static const char *skip_sign(const char *s)
{
    return *s == '+' || *s == '-' ? s + 1 : s;
}

/* Past a run of ASCII digits, adding their number to *count. */
static const char *skip_digits(const char *s, size_t *count)
{
    size_t n = strspn(s, "0123456789");
    *count += n;
    return s + n;
}

/* The integer syntax of SPEC 3.1: [+-]digits, nothing else. strtoll alone
 * would also take leading spaces. */
static bool is_integer(const char *s)
{
    size_t digits = 0;
    s = skip_digits(skip_sign(s), &digits);
    return digits > 0 && *s == '\0';
}

/* The density syntax of SPEC 3.1: [+-](digits[.[digits]] | .digits)
 * [(e|E)[+-]digits], or [+-]nan, inf, infinity in any case. strtof alone
 * would also take hex floats, "nan(...)" and leading spaces. */
static bool is_decimal(const char *s)
{
    s = skip_sign(s);
    if (strcasecmp(s, "nan") == 0 || strcasecmp(s, "inf") == 0 ||
        strcasecmp(s, "infinity") == 0)
        return true;
    size_t digits = 0, exponent = 0;
    s = skip_digits(s, &digits);
    if (*s == '.')
        s = skip_digits(s + 1, &digits);
    if (digits == 0)
        return false;
    if (*s == 'e' || *s == 'E') {
        s = skip_digits(skip_sign(s + 1), &exponent);
        if (exponent == 0)
            return false;
    }
    return *s == '\0';
}

static options_status parse_int(const char *prog, const int_option *opt,
                                const char *text, int64_t *out, char *msg)
{
    if (!is_integer(text))
        return fail(msg, prog, "%s '%s' is not an integer (allowed: %s)",
                    opt->name, text, opt->allowed);
    errno = 0;
    long long v = strtoll(text, NULL, 10);  /* ERANGE: past 64 bits */
    if (errno == ERANGE || v < opt->min || v > opt->max)
        return fail(msg, prog, "%s '%s' is out of range (allowed: %s)",
                    opt->name, text, opt->allowed);
    *out = v;
    return OPTIONS_RUN;
}

static options_status parse_density(const char *prog, const char *text,
                                    float *out, char *msg)
{
    if (!is_decimal(text))
        return fail(msg, prog, "%s '%s' is not a number (allowed: %s)",
                    DENSITY_NAME, text, DENSITY_ALLOWED);
    /* Rounded once, to float. NaN fails both comparisons, infinities and
     * overflows (HUGE_VALF) the range. */
    float v = strtof(text, NULL);
    if (!(v >= 0.0f && v <= 1.0f))
        return fail(msg, prog, "%s '%s' is out of range (allowed: %s)",
                    DENSITY_NAME, text, DENSITY_ALLOWED);
    *out = v;
    return OPTIONS_RUN;
}

static const char *basename_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* If arg names option name, as "--name" or "--name=value", return true and
 * set *inline_value to the text after '=' (NULL for the bare form). */
static bool matches(const char *arg, const char *name, const char **inline_value)
{
    size_t len = strlen(name);
    if (strncmp(arg, name, len) != 0)
        return false;
    if (arg[len] == '\0') {
        *inline_value = NULL;
        return true;
    }
    if (arg[len] == '=') {
        *inline_value = arg + len + 1;
        return true;
    }
    return false;
}

/* The value of the option at argv[*i]: inline, or the next argument. */
static const char *take_value(int argc, char **argv, int *i, const char *inline_value)
{
    if (inline_value)
        return inline_value;
    if (*i + 1 < argc)
        return argv[++*i];
    return NULL;
}

static void set_defaults(traffic_options *o, const char *argv0)
{
    o->prog = basename_of(argv0 ? argv0 : "traffic");
    o->cells = DEFAULT_CELLS;
    o->iterations = 0;    /* 0: derived from cells after parsing */
    o->density = DEFAULT_DENSITY;
    o->seed = DEFAULT_SEED;
    o->report = 0;        /* 0: derived from iterations after parsing */
    o->trace = false;
}

static void derive_defaults(traffic_options *o)
{
    if (o->iterations == 0)
        o->iterations = CELL_UPDATES / o->cells > 0 ? CELL_UPDATES / o->cells : 1;
    if (o->report == 0)
        o->report = o->iterations / 10 > 0 ? o->iterations / 10 : 1;
}

/* Parse one value option at argv[*i] into the field it names. */
static options_status parse_value_option(int argc, char **argv, int *i,
                                         traffic_options *o, char *msg,
                                         bool *matched)
{
    const struct { const int_option *opt; int64_t *field; } ints[] = {
        {&CELLS, &o->cells}, {&ITERATIONS, &o->iterations},
        {&SEED, &o->seed}, {&REPORT, &o->report},
    };
    const char *inline_value, *value;
    *matched = true;
    for (size_t n = 0; n < sizeof ints / sizeof ints[0]; n++) {
        if (!matches(argv[*i], ints[n].opt->name, &inline_value))
            continue;
        value = take_value(argc, argv, i, inline_value);
        if (!value)
            return fail(msg, o->prog, "%s needs a value (allowed: %s)",
                        ints[n].opt->name, ints[n].opt->allowed);
        return parse_int(o->prog, ints[n].opt, value, ints[n].field, msg);
    }
    if (matches(argv[*i], DENSITY_NAME, &inline_value)) {
        value = take_value(argc, argv, i, inline_value);
        if (!value)
            return fail(msg, o->prog, "%s needs a value (allowed: %s)",
                        DENSITY_NAME, DENSITY_ALLOWED);
        return parse_density(o->prog, value, &o->density, msg);
    }
    *matched = false;
    return OPTIONS_RUN;
}

options_status options_parse(int argc, char **argv, traffic_options *o,
                             char msg[OPTIONS_MESSAGE_MAX])
{
    set_defaults(o, argc > 0 ? argv[0] : NULL);
    msg[0] = '\0';
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        bool matched;
        options_status s = parse_value_option(argc, argv, &i, o, msg, &matched);
        if (s != OPTIONS_RUN)
            return s;
        if (matched)
            continue;
        if (strcmp(arg, "--trace") == 0)
            o->trace = true;
        else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
            return OPTIONS_HELP;
        else if (arg[0] == '-' && arg[1] != '\0')
            return fail(msg, o->prog, "unknown option '%s'", arg);
        else
            return fail(msg, o->prog, "unexpected argument '%s'", arg);
    }
    derive_defaults(o);
    return OPTIONS_RUN;
}

options_status options_check_procs(const traffic_options *o, int procs,
                                   char msg[OPTIONS_MESSAGE_MAX])
{
    if (o->cells >= procs)
        return OPTIONS_RUN;
    return fail(msg, o->prog,
                "--cells '%lld' is less than the number of processes, %d "
                "(allowed: N >= %d)", (long long)o->cells, procs, procs);
}

options_status options_check_threads(const traffic_options *o, int threads,
                                     char msg[OPTIONS_MESSAGE_MAX])
{
    if (threads <= THREADS_MAX)
        return OPTIONS_RUN;
    /* Quoted as given; the count itself only if it came from elsewhere. */
    char count[16];
    const char *given = getenv("OMP_NUM_THREADS");
    if (!given) {
        snprintf(count, sizeof count, "%d", threads);
        given = count;
    }
    return fail(msg, o->prog, "OMP_NUM_THREADS '%s' is out of range "
                "(allowed: 1 <= N <= %d)", given, THREADS_MAX);
}

void options_usage(const traffic_options *o)
{
    report_printf(
            "usage: %s [--cells N] [--iterations N] [--density X] [--seed N]\n"
            "       %*s [--report N] [--trace] [--help]\n"
            "\n"
            "Simulate the traffic cellular automaton (rule 184) on a circular road.\n"
            "\n"
            "  --cells N       road length, N >= 1 (default %d)\n"
            "  --iterations N  iterations, N >= 1 (default 1.024e9 / cells, at least 1)\n"
            "  --density X     target density of cars, 0 <= X <= 1 (default 0.52)\n"
            "  --seed N        generator seed, 0 <= N <= 900000000 (default %d)\n"
            "  --report N      print the average velocity every N iterations\n"
            "                  (default iterations / 10, at least 1)\n"
            "  --trace         print the machine record instead of the human output\n"
            "  --help, -h      print this help\n",
            o->prog, (int)strlen(o->prog), "", DEFAULT_CELLS, DEFAULT_SEED);
}

int options_finish(options_status s, const traffic_options *o,
                   const char msg[OPTIONS_MESSAGE_MAX])
{
    if (s == OPTIONS_ERROR) {
        fprintf(stderr, "%s\n", msg);
        return 2;
    }
    options_usage(o);
    return report_close(o);
}

int options_serial(int argc, char **argv, traffic_options *o, int threads)
{
    char msg[OPTIONS_MESSAGE_MAX];
    report_open();
    options_status s = options_parse(argc, argv, o, msg);
    if (s == OPTIONS_RUN)
        s = options_check_threads(o, threads, msg);
    if (s != OPTIONS_RUN)
        return options_finish(s, o, msg);
    /* A stdout closed from the start fails now, not after the run. */
    return report_ok() ? -1 : report_close(o);
}
