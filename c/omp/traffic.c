/* OpenMP traffic model: the serial program with the update, its count of
 * moves and the copy back shared among OMP_NUM_THREADS threads (at most
 * 1024, checked before the first parallel region). Each cell's
 * new value depends only on the old road, so results do not depend on the
 * number of threads. */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#include "options.h"
#include "report.h"
#include "traffic.h"

static int64_t update(int *restrict newroad, const int *restrict oldroad, int64_t n)
{
    int64_t moves = 0;
#pragma omp parallel for schedule(static) reduction(+:moves)
    for (int64_t i = 1; i <= n; i++) {
        newroad[i] = traffic_cell(oldroad[i - 1], oldroad[i], oldroad[i + 1]);
        moves += traffic_moved(oldroad[i], oldroad[i + 1]);
    }
    return moves;
}

static void copy(int *restrict dst, const int *restrict src, int64_t n)
{
#pragma omp parallel for schedule(static)
    for (int64_t i = 1; i <= n; i++)
        dst[i] = src[i];
}

int main(int argc, char **argv)
{
    traffic_options opt;
    int stop = options_serial(argc, argv, &opt, omp_get_max_threads());
    if (stop >= 0)
        return stop;

    int64_t n = opt.cells;
    int *oldroad, *newroad;
    if (!traffic_alloc_pair(n, &oldroad, &newroad)) {
        report_no_memory(&opt);
        return 1;
    }

    int64_t cars = traffic_random_road(oldroad, &opt);
    report_start(&opt, omp_get_max_threads(), "thread(s)", cars);

    double start = omp_get_wtime();
    for (int64_t iter = 1; iter <= opt.iterations; iter++) {
        int64_t moves = update(newroad, oldroad, n);
        copy(oldroad, newroad, n);
        traffic_halo(oldroad, n);
        report_iteration(&opt, iter, moves, cars);
    }
    double seconds = omp_get_wtime() - start;

    report_finish(&opt, traffic_checksum(oldroad, n, 0), seconds);
    free(oldroad);
    free(newroad);
    return report_close(&opt);
}
