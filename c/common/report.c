#define _POSIX_C_SOURCE 199309L  /* clock_gettime under -std=c11 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "report.h"

/* errno of the first failed write to stdout; 0 while all have succeeded. */
static int write_error;

static void note_failure(int error)
{
    if (write_error == 0)
        write_error = error != 0 ? error : EIO;
}

void report_open(void)
{
    if (fcntl(STDOUT_FILENO, F_GETFD) != -1)
        return;
    note_failure(errno);
    /* Hold fd 1 with /dev/null, so that no file opened later (by the MPI
     * library, say) becomes stdout and receives the output. */
    int fd = open("/dev/null", O_WRONLY);
    if (fd >= 0 && fd != STDOUT_FILENO) {
        dup2(fd, STDOUT_FILENO);
        close(fd);
    }
}

void report_printf(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    if (vprintf(format, ap) < 0)
        note_failure(errno);
    va_end(ap);
}

bool report_ok(void)
{
    return write_error == 0;
}

int report_close(const traffic_options *o)
{
    /* Buffered output is written only now, so this is where most failures
     * show (>/dev/full). */
    if (fflush(stdout) != 0)
        note_failure(errno);
    if (fclose(stdout) != 0)
        note_failure(errno);
    if (write_error == 0)
        return 0;
    fprintf(stderr, "%s: cannot write output: %s\n", o->prog, strerror(write_error));
    return 1;
}

/* v in decimal: 2^128 - 1 has 39 digits. */
static const char *decimal(report_sum v, char text[40])
{
    char *p = text + 39;
    *p = '\0';
    do {
        *--p = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v != 0);
    return p;
}

void report_start(const traffic_options *o, int workers, const char *unit,
                  int64_t cars)
{
    if (o->trace) {
        report_printf("cars %" PRId64 "\n", cars);
        return;
    }
    report_printf("Length of road is %" PRId64 "\n", o->cells);
    report_printf("Number of iterations is %" PRId64 "\n", o->iterations);
    report_printf("Target density of cars is %f\n", (double)o->density);
    report_printf("Running on %d %s\n", workers, unit);
    report_printf("Actual density of cars is %f\n\n", (double)cars / (double)o->cells);
}

void report_iteration(const traffic_options *o, int64_t iteration,
                      int64_t moves, int64_t cars)
{
    if (o->trace) {
        report_printf("moves %" PRId64 " %" PRId64 "\n", iteration, moves);
    } else if (iteration % o->report == 0) {
        double velocity = cars > 0 ? (double)moves / (double)cars : 0.0;
        report_printf("At iteration %" PRId64 " average velocity is %f\n",
                      iteration, velocity);
    }
}

void report_finish(const traffic_options *o, report_sum checksum, double seconds)
{
    double mcops = (double)o->cells * (double)o->iterations / seconds / 1.0e6;
    if (o->trace) {
        char text[40];
        report_printf("checksum %s\n", decimal(checksum, text));
        report_printf("seconds %f\n", seconds);
        report_printf("mcops %.2f\n", mcops);
    } else {
        report_printf("\nTime taken was %f seconds\n", seconds);
        report_printf("Update rate was %.2f MCOPs\n", mcops);
    }
}

void report_no_memory(const traffic_options *o)
{
    fprintf(stderr, "%s: cannot allocate memory for %" PRId64 " cells\n",
            o->prog, o->cells);
}

double report_clock(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1.0e-9 * (double)t.tv_nsec;
}
