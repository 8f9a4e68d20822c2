/* Human output and --trace record, exactly as README.md. Only the process
 * that prints (rank 0 under MPI) calls these. */
#ifndef TRAFFIC_REPORT_H
#define TRAFFIC_REPORT_H

#include <stdint.h>

#include "options.h"

/* Header (human) or the "cars" line (trace). unit is "process(es)" or
 * "thread(s)", workers how many of them. */
void report_start(const traffic_options *o, int workers, const char *unit,
                  int64_t cars);

/* After iteration (1-based) with the given moves: a "moves" line (trace) or,
 * every o->report iterations, the average velocity (human). */
void report_iteration(const traffic_options *o, int64_t iteration,
                      int64_t moves, int64_t cars);

/* Time and update rate (human) or checksum, seconds and mcops (trace). */
void report_finish(const traffic_options *o, int64_t checksum, double seconds);

/* The out-of-memory line: "<program>: cannot allocate memory for N cells". */
void report_no_memory(const traffic_options *o, int64_t cells);

/* Monotonic wall-clock seconds, for the serial programs' timing. */
double report_clock(void);

#endif
