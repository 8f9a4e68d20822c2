/* c-vec: the serial traffic model on a bit-packed road, the same algorithm as
 * Swift's PackedBlock (swift/TrafficModel/PackedBlock.swift) so that the two
 * languages are compared on one algorithm: 64 cells per word, rule 184 as
 * word operations, halos of DEPTH cells refilled every DEPTH iterations, and
 * those iterations run chunk by chunk in the L1 cache. No intrinsics: GCC
 * vectorises the word loops (popcount and shifts) for the host CPU. */
#define _POSIX_C_SOURCE 200112L  /* posix_memalign under -std=c11 */

#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "report.h"
#include "traffic.h"
#include "uni.h"

/* Iterations per halo refill, and own words per temporally blocked chunk
 * (ping and pong together fill about 2/3 of a 48 KiB L1). */
enum { DEPTH = 128, CHUNK_WORDS = 2048 };

/* Words per 64-byte cache line (one AVX-512 vector). */
enum { LINE_WORDS = 8 };

/* One bit string: own cell j at bit 64 * halo_words + j, after halo_words
 * words whose top `depth` bits are the cells -depth..-1, and followed by the
 * cells..cells+depth-1 of the right halo. Every other bit is garbage, which
 * creeps in by one cell per iteration: up to `depth` iterations after a halo
 * refill leave the own cells exact. */
typedef struct {
    int64_t cells, depth, halo_words, own_words, chunk_words;
    uint64_t *words;
    /* Chunk buffers (spare words at both ends, read, never written) and
     * the original words left of the next chunk, which the current chunk
     * overwrites before that chunk reads them. */
    uint64_t *ping, *pong, *carry;
} packed_block;

static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

/* The low `count` bits set (count >= 1), all 64 from 64 up. */
static uint64_t low_bits(int64_t count)
{
    return count >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << count) - 1;
}

static int64_t whole_lines(int64_t words)
{
    return (words + LINE_WORDS - 1) / LINE_WORDS * LINE_WORDS;
}

/* Allocates the block's memory, zeroed; false if it cannot be had or is
 * more than the machine's (SPEC 4.2). */
static bool packed_alloc(packed_block *b, int64_t cells, int64_t depth)
{
    b->cells = cells;
    b->depth = depth;
    b->halo_words = (depth + 63) / 64;
    b->own_words = (cells - 1) / 64 + 1;  /* no overflow near INT64_MAX */
    b->chunk_words = min64(CHUNK_WORDS, b->own_words);
    /* One spare word past the right halo: load_bits reads a word pair.
     * Whole 64-byte lines for each part, so that the chunk buffers are aligned. */
    int64_t storage = whole_lines(2 * b->halo_words + b->own_words + 1);
    int64_t buffer = whole_lines(b->chunk_words + 2 * b->halo_words + 2 * LINE_WORDS);
    uint64_t words = (uint64_t)(storage + 2 * buffer + b->halo_words);
    size_t bytes;
    void *base;
    if (!traffic_bytes(words, sizeof(uint64_t), &bytes) || !traffic_fits(bytes) ||
        posix_memalign(&base, 64, bytes) != 0)  /* 64: whole AVX-512 vectors */
        return false;
    memset(base, 0, bytes);
    b->words = base;
    b->ping = b->words + storage;
    b->pong = b->ping + buffer;
    b->carry = b->pong + buffer;
    return true;
}

/* Own cells from the generator's next `cells` draws. */
static void packed_fill(packed_block *b, uni_state *g, float density)
{
    uint64_t *own = b->words + b->halo_words;
    for (int64_t w = 0; w < b->own_words; w++) {
        uint64_t word = 0;
        int64_t count = min64(64, b->cells - 64 * w);
        for (int64_t j = 0; j < count; j++)
            word |= (uint64_t)(uni_next(g) < density) << j;
        own[w] = word;
    }
}

/* Bit position of cell `cell` (negative in the left halo). */
static int64_t bit(const packed_block *b, int64_t cell) { return 64 * b->halo_words + cell; }

/* The 64 bits from bit position p. */
static uint64_t load_bits(const packed_block *b, int64_t p)
{
    int64_t w = p >> 6, s = p & 63;
    return s == 0 ? b->words[w] : (b->words[w] >> s) | (b->words[w + 1] << (64 - s));
}

/* Replaces the `count` (1..64) bits at bit position p with value's low bits. */
static void store_bits(packed_block *b, uint64_t value, int64_t p, int64_t count)
{
    int64_t w = p >> 6, s = p & 63;
    uint64_t mask = low_bits(count), v = value & mask;
    b->words[w] = (b->words[w] & ~(mask << s)) | (v << s);
    if (s + count > 64)
        b->words[w + 1] = (b->words[w + 1] & ~(mask >> (64 - s))) | (v >> (64 - s));
}

/* Both halos from the block's own ends (the whole circular road), in runs of
 * at most `cells` cells copied from cells already in place, so that a road
 * shorter than the halo wraps round several times. */
static void packed_periodic_halos(packed_block *b)
{
    int64_t run = min64(b->cells, 64);
    for (int64_t done = 0; done < b->depth; done += run) {  /* cell n+m is cell m */
        int64_t count = min64(run, b->depth - done);
        store_bits(b, load_bits(b, bit(b, done)), bit(b, b->cells + done), count);
    }
    for (int64_t done = 0; done < b->depth; done += run) {  /* right to left: cell -m is n-m */
        int64_t count = min64(run, b->depth - done);
        store_bits(b, load_bits(b, bit(b, b->cells - done - count)), bit(b, -done - count), count);
    }
}

/* Rule 184 on word w between words `before` and `after` (funnel shifts bring
 * in the neighbour cells): a car stays if the cell ahead is full, an empty
 * cell takes the car behind. *moved gets the bits of the cars that move. */
static inline uint64_t rule(uint64_t before, uint64_t w, uint64_t after, uint64_t *moved)
{
    uint64_t ahead = (w >> 1) | (after << 63);
    uint64_t behind = (w << 1) | (before >> 63);
    *moved = w & ~ahead;
    return (w & ahead) | (~w & behind);
}

static void step_words(const uint64_t *restrict old, uint64_t *restrict new,
                       int64_t from, int64_t to)
{
    uint64_t moved;
    for (int64_t i = from; i < to; i++)
        new[i] = rule(old[i - 1], old[i], old[i + 1], &moved);
}

static int64_t step_words_counting_moves(const uint64_t *restrict old, uint64_t *restrict new,
                                         int64_t from, int64_t to)
{
    int64_t total = 0;
    for (int64_t i = from; i < to; i++) {
        uint64_t moved;
        new[i] = rule(old[i - 1], old[i], old[i + 1], &moved);
        total += __builtin_popcountll(moved);
    }
    return total;
}

/* Own words start..end-1 with `halo` words each side, iterated in L1. */
static void advance_chunk(packed_block *b, int64_t start, int64_t end, int64_t halo,
                          int64_t iterations, int64_t *moves)
{
    uint64_t *own = b->words + b->halo_words;
    int64_t count = end - start, length = count + 2 * halo;
    /* The chunk's first own word on a line boundary: aligned loads and stores
     * for the middle word; at least one spare word before the halo. */
    int64_t lead = LINE_WORDS - halo % LINE_WORDS;
    uint64_t *src = b->ping + lead, *dst = b->pong + lead;
    memcpy(src, b->carry, halo * sizeof(uint64_t));
    memcpy(src + halo, own + start, (count + halo) * sizeof(uint64_t));
    memcpy(b->carry, src + count, halo * sizeof(uint64_t));
    /* Bits past the last own cell are not counted. */
    uint64_t tail = end == b->own_words ? ~low_bits(b->cells - 64 * (b->own_words - 1)) : 0;
    int64_t last = halo + count - 1;
    for (int64_t s = 0; s < iterations; s++) {
        step_words(src, dst, 0, halo);
        int64_t moved = step_words_counting_moves(src, dst, halo, halo + count);
        step_words(src, dst, halo + count, length);
        uint64_t tail_moved;
        rule(src[last - 1], src[last], src[last + 1], &tail_moved);
        moves[s] += moved - __builtin_popcountll(tail_moved & tail);
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    memcpy(own + start, src + halo, count * sizeof(uint64_t));
}

/* Runs `iterations` (1..depth) iterations on freshly filled halos, writing
 * each one's moves in the own cells to moves[0..iterations-1]. */
static void packed_advance(packed_block *b, int64_t iterations, int64_t *moves)
{
    /* A chunk needs one halo cell per iteration on each side: whole words. */
    int64_t halo = (iterations + 63) / 64;
    memset(moves, 0, iterations * sizeof(int64_t));
    memcpy(b->carry, b->words + b->halo_words - halo, halo * sizeof(uint64_t));
    for (int64_t start = 0; start < b->own_words; start += b->chunk_words)
        advance_chunk(b, start, min64(start + b->chunk_words, b->own_words), halo, iterations, moves);
}

/* The own words with the bits past the last cell cleared. */
static uint64_t own_word(const packed_block *b, int64_t w)
{
    return b->words[b->halo_words + w] & low_bits(b->cells - 64 * w);
}

static int64_t packed_cars(const packed_block *b)
{
    int64_t cars = 0;
    for (int64_t w = 0; w < b->own_words; w++)
        cars += __builtin_popcountll(own_word(b, w));
    return cars;
}

/* Sum of the indices of the set bits: bit k of an index adds 2^k for every
 * set bit whose index has it. */
static int64_t bit_index_sum(uint64_t word)
{
    static const uint64_t index_bits[6] = {
        0xAAAAAAAAAAAAAAAA, 0xCCCCCCCCCCCCCCCC, 0xF0F0F0F0F0F0F0F0,
        0xFF00FF00FF00FF00, 0xFFFF0000FFFF0000, 0xFFFFFFFF00000000,
    };
    int64_t sum = 0;
    for (int k = 0; k < 6; k++)
        sum += (int64_t)__builtin_popcountll(word & index_bits[k]) << k;
    return sum;
}

/* Sum of the 1-based positions of the cars (the whole road: offset 0); a
 * word's cars times its first position passes 64 bits for huge roads. */
static report_sum packed_checksum(const packed_block *b)
{
    report_sum sum = 0;
    for (int64_t w = 0; w < b->own_words; w++) {
        uint64_t word = own_word(b, w);
        sum += (report_sum)__builtin_popcountll(word) * (uint64_t)(64 * w + 1)
             + (uint64_t)bit_index_sum(word);
    }
    return sum;
}

int main(int argc, char **argv)
{
    traffic_options opt;
    int stop = options_serial(argc, argv, &opt, 1);
    if (stop >= 0)
        return stop;

    packed_block road;
    if (!packed_alloc(&road, opt.cells, DEPTH)) {
        report_no_memory(&opt);
        return 1;
    }
    uni_state gen;
    uni_seed(&gen, opt.seed);
    packed_fill(&road, &gen, opt.density);
    int64_t cars = packed_cars(&road);
    report_start(&opt, 1, "process(es)", cars);

    int64_t moves[DEPTH];
    double start = report_clock();
    for (int64_t done = 0; done < opt.iterations;) {
        int64_t batch = min64(DEPTH, opt.iterations - done);
        packed_periodic_halos(&road);
        packed_advance(&road, batch, moves);
        for (int64_t s = 0; s < batch; s++)
            report_iteration(&opt, done + s + 1, moves[s], cars);
        done += batch;
    }
    double seconds = report_clock() - start;

    report_finish(&opt, packed_checksum(&road), seconds);
    free(road.words);
    return report_close(&opt);
}
