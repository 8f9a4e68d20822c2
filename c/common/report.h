/* Everything the programs print on stdout, as SPEC section 5, and the check
 * of every write to it (SPEC 4.3). Only the process that prints (rank 0
 * under MPI) calls the writers and report_close. */
#ifndef TRAFFIC_REPORT_H
#define TRAFFIC_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "options.h"

/* The checksum: up to N(N+1)/2, past 64 bits for N above about 6e9. */
__extension__ typedef unsigned __int128 report_sum;

/* First thing in main, before any file is opened (before MPI_Init): a closed
 * stdout counts as a failed write. */
void report_open(void);

/* printf to stdout; a failure is remembered for report_close. */
void report_printf(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* False once a write to stdout has failed. */
bool report_ok(void);

/* Flushes and closes stdout. Returns 0, or 1 after printing
 * "<program>: cannot write output: <reason>" when any write failed. */
int report_close(const traffic_options *o);

/* Header (human) or the "cars" line (trace). unit is "process(es)" or
 * "thread(s)", workers how many of them. */
void report_start(const traffic_options *o, int workers, const char *unit,
                  int64_t cars);

/* After iteration (1-based) with the given moves: a "moves" line (trace) or,
 * every o->report iterations, the average velocity (human). */
void report_iteration(const traffic_options *o, int64_t iteration,
                      int64_t moves, int64_t cars);

/* Time and update rate (human) or checksum, seconds and mcops (trace). */
void report_finish(const traffic_options *o, report_sum checksum, double seconds);

/* The out-of-memory line: "<program>: cannot allocate memory for N cells",
 * N the whole road whatever part of it failed. */
void report_no_memory(const traffic_options *o);

/* Monotonic wall-clock seconds, for the serial programs' timing. */
double report_clock(void);

#endif
