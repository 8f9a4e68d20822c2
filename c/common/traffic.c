#define _DEFAULT_SOURCE  /* madvise's MADV_HUGEPAGE and sysconf under -std=c11 */

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "traffic.h"
#include "uni.h"

bool traffic_bytes(uint64_t count, size_t size, size_t *bytes)
{
    if (count > SIZE_MAX / size)
        return false;
    *bytes = (size_t)count * size;
    return true;
}

void traffic_huge_pages(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t page = 4096;
    uintptr_t first = ((uintptr_t)p + page - 1) / page * page;
    uintptr_t end = ((uintptr_t)p + bytes) / page * page;
    if (end > first)
        madvise((void *)first, end - first, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

uint64_t traffic_need(uint64_t count, uint64_t size)
{
    return size != 0 && count > UINT64_MAX / size ? UINT64_MAX : count * size;
}

uint64_t traffic_pair_need(int64_t n)
{
    return traffic_need((uint64_t)n + 2, 2 * sizeof(int));
}

uint64_t traffic_physical_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    uint64_t unknown = UINT64_MAX >> 16;
    if (pages <= 0 || size <= 0)
        return unknown;
    uint64_t bytes = traffic_need((uint64_t)pages, (uint64_t)size);
    return bytes < unknown ? bytes : unknown;
}

bool traffic_fits(uint64_t bytes)
{
    return bytes <= traffic_physical_memory();
}

int *traffic_alloc(int64_t n)
{
    size_t bytes;
    return n >= 0 && traffic_bytes((uint64_t)n + 2, sizeof(int), &bytes)
        ? malloc(bytes) : NULL;
}

bool traffic_alloc_pair(int64_t n, int **oldroad, int **newroad)
{
    bool fits = traffic_fits(traffic_pair_need(n));
    *oldroad = fits ? traffic_alloc(n) : NULL;
    *newroad = fits ? traffic_alloc(n) : NULL;
    if (*oldroad && *newroad)
        return true;
    free(*oldroad);
    free(*newroad);
    return false;
}

void traffic_halo(int *road, int64_t n)
{
    road[0] = road[n];
    road[n + 1] = road[1];
}

int64_t traffic_random_road(int *road, const traffic_options *o)
{
    uni_state gen;
    uni_seed(&gen, o->seed);
    uni_fill_road(&gen, road + 1, o->cells, o->density);
    traffic_halo(road, o->cells);
    return traffic_count(road, o->cells);
}

int64_t traffic_update(int *restrict newroad, const int *restrict oldroad, int64_t n)
{
    int64_t moves = 0;
    for (int64_t i = 1; i <= n; i++) {
        newroad[i] = traffic_cell(oldroad[i - 1], oldroad[i], oldroad[i + 1]);
        moves += traffic_moved(oldroad[i], oldroad[i + 1]);
    }
    return moves;
}

void traffic_copy(int *dst, const int *src, int64_t n)
{
    memcpy(dst + 1, src + 1, (size_t)n * sizeof(int));
}

int64_t traffic_count(const int *road, int64_t n)
{
    int64_t cars = 0;
    for (int64_t i = 1; i <= n; i++)
        cars += road[i];
    return cars;
}

report_sum traffic_checksum(const int *road, int64_t n, int64_t offset)
{
    report_sum sum = 0;
    for (int64_t i = 1; i <= n; i++)
        sum += road[i] ? (uint64_t)(offset + i) : 0;
    return sum;
}
