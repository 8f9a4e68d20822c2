/* The command line of docs/SPEC.md section 3 and its bad-input lines (4.1).
 * Parsing never prints or exits: it returns a status and a message, so that
 * an MPI program can let rank 0 print and every rank finalise first. */
#ifndef TRAFFIC_OPTIONS_H
#define TRAFFIC_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *prog;     /* program name for messages (basename of argv[0]) */
    int64_t cells;
    int64_t iterations;
    float density;
    int64_t seed;
    int64_t report;
    bool trace;
} traffic_options;

typedef enum {
    OPTIONS_RUN = 0,      /* options are valid: run */
    OPTIONS_HELP = 1,     /* --help: print options_usage, exit 0 */
    OPTIONS_ERROR = 2     /* bad input: print the message, exit 2 */
} options_status;

#define OPTIONS_MESSAGE_MAX 4096  /* longer lines are cut short */

/* Parse argv into o (defaults filled in). On OPTIONS_ERROR, msg holds the
 * whole error line without the newline, "<program>: <message>". */
options_status options_parse(int argc, char **argv, traffic_options *o,
                             char msg[OPTIONS_MESSAGE_MAX]);

/* For MPI: OPTIONS_ERROR with msg set when there are fewer cells than
 * processes, else OPTIONS_RUN. */
options_status options_check_procs(const traffic_options *o, int procs,
                                   char msg[OPTIONS_MESSAGE_MAX]);

/* OPTIONS_ERROR with msg set when a program would run more than 1024
 * threads (from OMP_NUM_THREADS), else OPTIONS_RUN. */
options_status options_check_threads(const traffic_options *o, int threads,
                                     char msg[OPTIONS_MESSAGE_MAX]);

/* The usage text of --help, on stdout. */
void options_usage(const traffic_options *o);

/* For a status other than OPTIONS_RUN, in the process that prints: print
 * the usage (help, on stdout) or msg (error, on stderr) and return the exit
 * status: 2 for an error, 0 for help (1 if the usage could not be written). */
int options_finish(options_status s, const traffic_options *o,
                   const char msg[OPTIONS_MESSAGE_MAX]);

/* The start of a one-process program that runs `threads` threads (1 for a
 * serial one): parse argv into o, check the thread count, check that stdout
 * is open. Returns -1 to run, else the exit status after printing the usage
 * or the error line. */
int options_serial(int argc, char **argv, traffic_options *o, int threads);

#endif
