#define _POSIX_C_SOURCE 199309L  /* clock_gettime under -std=c11 */

#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "report.h"

void report_start(const traffic_options *o, int workers, const char *unit,
                  int64_t cars)
{
    if (o->trace) {
        printf("cars %" PRId64 "\n", cars);
        return;
    }
    printf("Length of road is %" PRId64 "\n", o->cells);
    printf("Number of iterations is %" PRId64 "\n", o->iterations);
    printf("Target density of cars is %f\n", (double)o->density);
    printf("Running on %d %s\n", workers, unit);
    printf("Actual density of cars is %f\n\n", (double)cars / (double)o->cells);
}

void report_iteration(const traffic_options *o, int64_t iteration,
                      int64_t moves, int64_t cars)
{
    if (o->trace) {
        printf("moves %" PRId64 " %" PRId64 "\n", iteration, moves);
    } else if (iteration % o->report == 0) {
        double velocity = cars > 0 ? (double)moves / (double)cars : 0.0;
        printf("At iteration %" PRId64 " average velocity is %f\n",
               iteration, velocity);
    }
}

void report_finish(const traffic_options *o, int64_t checksum, double seconds)
{
    double mcops = (double)o->cells * (double)o->iterations / seconds / 1.0e6;
    if (o->trace) {
        printf("checksum %" PRId64 "\n", checksum);
        printf("seconds %f\n", seconds);
        printf("mcops %.2f\n", mcops);
    } else {
        printf("\nTime taken was %f seconds\n", seconds);
        printf("Update rate was %.2f MCOPs\n", mcops);
    }
}

void report_no_memory(const traffic_options *o, int64_t cells)
{
    fprintf(stderr, "%s: cannot allocate memory for %" PRId64 " cells\n",
            o->prog, cells);
}

double report_clock(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1.0e-9 * (double)t.tv_nsec;
}
