/* MPI traffic model: the road in contiguous blocks (SPEC section 6), one halo
 * cell swapped with each neighbour per iteration, moves summed on rank 0 in
 * batches of iterations. Only rank 0 prints. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#include "options.h"
#include "report.h"
#include "traffic.h"
#include "uni.h"

#define CHUNK (1 << 20)   /* most cells rank 0 draws and sends in one message */
#define BATCH 64          /* iterations whose moves are summed in one reduction */
#define TAG_ROAD 1
#define TAG_RIGHTWARD 2
#define TAG_LEFTWARD 3

typedef struct {
    int rank, procs, left, right;
    int64_t start, size;  /* this rank's block: global cells [start, start+size) */
} layout;

static void block_of(int64_t cells, int procs, int rank, int64_t *start, int64_t *size)
{
    int64_t q = cells / procs, r = cells % procs;
    *size = q + (rank < r);
    *start = rank * q + (rank < r ? rank : r);
}

static layout make_layout(int64_t cells, int rank, int procs)
{
    layout l = {.rank = rank, .procs = procs};
    l.left = (l.rank + l.procs - 1) % l.procs;
    l.right = (l.rank + 1) % l.procs;
    block_of(cells, l.procs, l.rank, &l.start, &l.size);
    return l;
}

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

/* Rank 0 draws the whole road in order: its own block in place, then every
 * other rank's block through a buffer of at most CHUNK cells. */
static void send_road(const traffic_options *o, const layout *l, int *road, int *buffer)
{
    uni_state gen;
    uni_seed(&gen, o->seed);
    uni_fill_road(&gen, road + 1, l->size, o->density);
    for (int k = 1; k < l->procs; k++) {
        int64_t start, size;
        block_of(o->cells, l->procs, k, &start, &size);
        for (int64_t done = 0; done < size; done += CHUNK) {
            int count = (int)min64(CHUNK, size - done);
            uni_fill_road(&gen, buffer, count, o->density);
            MPI_Send(buffer, count, MPI_INT, k, TAG_ROAD, MPI_COMM_WORLD);
        }
    }
}

static void receive_road(const layout *l, int *road)
{
    for (int64_t done = 0; done < l->size; done += CHUNK) {
        int count = (int)min64(CHUNK, l->size - done);
        MPI_Recv(road + 1 + done, count, MPI_INT, 0, TAG_ROAD, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
    }
}

/* Periodic: rank 0's left neighbour is rank P-1; with P = 1 a rank is its
 * own neighbour. */
static void halo_swap(int *road, const layout *l)
{
    int64_t n = l->size;
    MPI_Sendrecv(&road[n], 1, MPI_INT, l->right, TAG_RIGHTWARD,
                 &road[0], 1, MPI_INT, l->left, TAG_RIGHTWARD,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Sendrecv(&road[1], 1, MPI_INT, l->left, TAG_LEFTWARD,
                 &road[n + 1], 1, MPI_INT, l->right, TAG_LEFTWARD,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

/* Cells of rank 0's buffer for the other ranks' blocks (none if alone). */
static int64_t buffer_cells(const layout *l)
{
    return l->rank == 0 && l->procs > 1 ? min64(CHUNK, l->size) : 0;
}

/* SPEC 4.2: whether the arrays of all this node's ranks fit in its memory.
 * Each need is capped just past the memory, so that the sum cannot wrap. */
static int node_fits(const layout *l)
{
    uint64_t cap = traffic_physical_memory() + 1;
    uint64_t need = traffic_pair_need(l->size) + traffic_need((uint64_t)buffer_cells(l), sizeof(int));
    uint64_t mine = need < cap ? need : cap, total;
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
    MPI_Allreduce(&mine, &total, 1, MPI_UINT64_T, MPI_SUM, node);
    MPI_Comm_free(&node);
    return traffic_fits(total);
}

/* Allocate on every rank and agree on the outcome, so that no rank waits
 * for one that has given up; rank 0 names the whole road. Returns 1 when
 * every rank has its memory. */
static int allocate(const traffic_options *o, const layout *l,
                    int **oldroad, int **newroad, int **buffer)
{
    *oldroad = *newroad = *buffer = NULL;
    int ok = node_fits(l);
    if (ok) {
        *oldroad = traffic_alloc(l->size);
        *newroad = traffic_alloc(l->size);
        ok = *oldroad && *newroad;
    }
    if (ok && buffer_cells(l) > 0) {
        *buffer = malloc((size_t)buffer_cells(l) * sizeof(int));
        ok = *buffer != NULL;
    }
    int all_ok;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
    if (!all_ok && l->rank == 0)
        report_no_memory(o);
    return all_ok;
}

/* The iteration loop; returns its time on rank 0. */
static double iterate(const traffic_options *o, const layout *l,
                      int *oldroad, int *newroad, int64_t cars)
{
    int64_t local[BATCH], global[BATCH];
    MPI_Barrier(MPI_COMM_WORLD);
    double start = MPI_Wtime();
    for (int64_t first = 1; first <= o->iterations; first += BATCH) {
        int batch = (int)min64(BATCH, o->iterations - first + 1);
        for (int b = 0; b < batch; b++) {
            local[b] = traffic_update(newroad, oldroad, l->size);
            traffic_copy(oldroad, newroad, l->size);
            halo_swap(oldroad, l);
        }
        MPI_Reduce(local, global, batch, MPI_INT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
        for (int b = 0; l->rank == 0 && b < batch; b++)
            report_iteration(o, first + b, global[b], cars);
    }
    return MPI_Wtime() - start;
}

static int64_t sum_on_root(int64_t local)
{
    int64_t global = 0;
    MPI_Reduce(&local, &global, 1, MPI_INT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
    return global;
}

/* The exact 128-bit sum on rank 0: each value as four 32-bit limbs summed in
 * 64-bit words, which cannot carry out for fewer than 2^32 ranks. */
static report_sum sum128_on_root(report_sum local)
{
    uint64_t limbs[4], sums[4] = {0};
    for (int k = 0; k < 4; k++)
        limbs[k] = (uint64_t)(local >> (32 * k)) & UINT32_MAX;
    MPI_Reduce(limbs, sums, 4, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
    report_sum global = 0;
    for (int k = 0; k < 4; k++)
        global += (report_sum)sums[k] << (32 * k);
    return global;
}

static int run(const traffic_options *o, const layout *l)
{
    int *oldroad, *newroad, *buffer;
    if (!allocate(o, l, &oldroad, &newroad, &buffer)) {
        free(oldroad);
        free(newroad);
        free(buffer);
        return 1;
    }
    if (l->rank == 0)
        send_road(o, l, oldroad, buffer);
    else
        receive_road(l, oldroad);
    free(buffer);

    int64_t cars = sum_on_root(traffic_count(oldroad, l->size));
    if (l->rank == 0)
        report_start(o, l->procs, "process(es)", cars);
    halo_swap(oldroad, l);
    double seconds = iterate(o, l, oldroad, newroad, cars);
    report_sum checksum = sum128_on_root(traffic_checksum(oldroad, l->size, l->start));
    if (l->rank == 0)
        report_finish(o, checksum, seconds);
    free(oldroad);
    free(newroad);
    return 0;
}

int main(int argc, char **argv)
{
    report_open();  /* before MPI_Init opens any file */
    MPI_Init(&argc, &argv);
    int rank, procs;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &procs);

    /* Every rank parses the same argv and reaches the same verdict; rank 0
     * prints it, or finds its stdout closed, and every rank exits with rank
     * 0's status (-1: run). */
    traffic_options opt;
    char msg[OPTIONS_MESSAGE_MAX];
    options_status status = options_parse(argc, argv, &opt, msg);
    if (status == OPTIONS_RUN)
        status = options_check_procs(&opt, procs, msg);
    int code = -1;
    if (rank == 0 && status != OPTIONS_RUN)
        code = options_finish(status, &opt, msg);
    else if (rank == 0 && !report_ok())
        code = report_close(&opt);
    MPI_Bcast(&code, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (code < 0) {
        layout l = make_layout(opt.cells, rank, procs);
        code = run(&opt, &l);
        /* Only rank 0's output can fail: its status makes the job's. */
        if (rank == 0 && code == 0)
            code = report_close(&opt);
    }
    MPI_Finalize();
    return code;
}
