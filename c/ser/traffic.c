/* Serial traffic model, structured like the course's serial C code. */
#include <stdio.h>
#include <stdlib.h>

#include "options.h"
#include "report.h"
#include "traffic.h"

int main(int argc, char **argv)
{
    traffic_options opt;
    int stop = options_serial(argc, argv, &opt, 1);
    if (stop >= 0)
        return stop;

    int64_t n = opt.cells;
    int *oldroad, *newroad;
    if (!traffic_alloc_pair(n, &oldroad, &newroad)) {
        report_no_memory(&opt);
        return 1;
    }

    int64_t cars = traffic_random_road(oldroad, &opt);
    report_start(&opt, 1, "process(es)", cars);

    double start = report_clock();
    for (int64_t iter = 1; iter <= opt.iterations; iter++) {
        int64_t moves = traffic_update(newroad, oldroad, n);
        traffic_copy(oldroad, newroad, n);
        traffic_halo(oldroad, n);
        report_iteration(&opt, iter, moves, cars);
    }
    double seconds = report_clock() - start;

    report_finish(&opt, traffic_checksum(oldroad, n, 0), seconds);
    free(oldroad);
    free(newroad);
    return report_close(&opt);
}
