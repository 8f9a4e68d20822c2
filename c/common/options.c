#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "uni.h"

#define DEFAULT_CELLS 10240000
#define DEFAULT_DENSITY 0.52f
#define DEFAULT_SEED 5743
#define CELL_UPDATES 1024000000  /* default iterations = this / cells */

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

/* strtoll/strtof skip leading white space; the conventions do not. */
static bool starts_like_number(const char *s)
{
    return *s != '\0' && *s != ' ' && (*s < '\t' || *s > '\r');
}

static options_status parse_int(const char *prog, const int_option *opt,
                                const char *text, int64_t *out, char *msg)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (!starts_like_number(text) || *end != '\0' || errno == ERANGE)
        return fail(msg, prog, "%s '%s' is not an integer (allowed: %s)",
                    opt->name, text, opt->allowed);
    if (v < opt->min || v > opt->max)
        return fail(msg, prog, "%s '%s' is out of range (allowed: %s)",
                    opt->name, text, opt->allowed);
    *out = v;
    return OPTIONS_RUN;
}

static options_status parse_density(const char *prog, const char *text,
                                    float *out, char *msg)
{
    char *end;
    float v = strtof(text, &end);
    if (!starts_like_number(text) || *end != '\0')
        return fail(msg, prog, "%s '%s' is not a number (allowed: %s)",
                    DENSITY_NAME, text, DENSITY_ALLOWED);
    /* NaN fails both comparisons, infinities the range. */
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

void options_usage(FILE *out, const traffic_options *o)
{
    fprintf(out,
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
                   const char msg[OPTIONS_MESSAGE_MAX], bool prints)
{
    if (s == OPTIONS_HELP && prints)
        options_usage(stdout, o);
    if (s == OPTIONS_ERROR && prints)
        fprintf(stderr, "%s\n", msg);
    return s == OPTIONS_ERROR ? 2 : 0;
}

int options_serial(int argc, char **argv, traffic_options *o)
{
    char msg[OPTIONS_MESSAGE_MAX];
    options_status s = options_parse(argc, argv, o, msg);
    return s == OPTIONS_RUN ? -1 : options_finish(s, o, msg, true);
}
