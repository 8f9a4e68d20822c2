/* The course's road: cells 1..n with one halo cell at each end (0 and n+1),
 * int cells holding 0 (empty) or 1 (car). */
#ifndef TRAFFIC_TRAFFIC_H
#define TRAFFIC_TRAFFIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options.h"
#include "report.h"

/* Rule 184 for one cell from the old cells behind (l), at (c) and ahead (r):
 * a car stays if the cell ahead is full, an empty cell takes the car behind.
 * Branch-free on 0/1 values so that the loops vectorise. */
static inline int traffic_cell(int l, int c, int r)
{
    return (c & r) | (l & ~c);
}

/* 1 when the car at c moves (the cell ahead is empty), else 0. */
static inline int traffic_moved(int c, int r)
{
    return c & ~r;
}

/* count items of size bytes in *bytes; false when that overflows size_t,
 * which is then a failed allocation (SPEC 4.2), not a wrapped size. */
bool traffic_bytes(uint64_t count, size_t size, size_t *bytes);

/* Asks Linux for 2 MiB pages over the whole pages of a big allocation before
 * its first touch: it then faults in 512 times less often. Only a hint. */
void traffic_huge_pages(void *p, size_t bytes);

/* SPEC 4.2's memory rule: before allocating, the bytes of every array the
 * run holds, over every process on the node, against the node's physical
 * memory (Linux grants more than it has, and the OOM killer strikes once the
 * pages are touched). count items of size bytes, saturating at UINT64_MAX so
 * that a need past any memory stays past it. */
uint64_t traffic_need(uint64_t count, uint64_t size);

/* The bytes of the two roads (old and new) of n cells and their halos. */
uint64_t traffic_pair_need(int64_t n);

/* The node's physical memory in bytes (sysconf: pages times page size); a
 * bound no run reaches when the system does not say. */
uint64_t traffic_physical_memory(void);

/* Whether bytes, the need of every process on the node, fit in its memory. */
bool traffic_fits(uint64_t bytes);

/* Allocate a road of n cells plus two halo cells; NULL if out of memory. */
int *traffic_alloc(int64_t n);

/* Both roads of a one-process run when they fit (the rule above) and can be
 * allocated; else false, with nothing allocated. */
bool traffic_alloc_pair(int64_t n, int **oldroad, int **newroad);

/* Periodic halos for a road held whole by one process. */
void traffic_halo(int *road, int64_t n);

/* The whole random road of o (cells 1..o->cells) with its periodic halos, for
 * one process; returns the number of cars. */
int64_t traffic_random_road(int *road, const traffic_options *o);

/* newroad[1..n] from oldroad[0..n+1]; returns the number of cars that moved. */
int64_t traffic_update(int *restrict newroad, const int *restrict oldroad, int64_t n);

/* Copy cells 1..n of src to dst. */
void traffic_copy(int *dst, const int *src, int64_t n);

/* Number of cars in cells 1..n. */
int64_t traffic_count(const int *road, int64_t n);

/* Sum of the 1-based global positions of the cars in cells 1..n, where local
 * cell i is global position offset + i (offset 0 for a whole road); exact,
 * whatever n. */
report_sum traffic_checksum(const int *road, int64_t n, int64_t offset);

#endif
