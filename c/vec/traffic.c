/* c-vec: the serial traffic model on a bit-packed road, the same algorithm as
 * Swift's PackedBlock (swift/TrafficModel/PackedBlock.swift) so that the two
 * languages are compared on one algorithm: 64 cells per word, halos of DEPTH
 * cells refilled every DEPTH iterations, and those iterations run chunk by
 * chunk in cache, each chunk as 256 strips side by side (README: the
 * bit-packed kernel). No intrinsics: GCC's vector types, which GCC and clang
 * turn into the host CPU's vector instructions. */
#define _POSIX_C_SOURCE 200112L  /* posix_memalign under -std=c11 */

#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "report.h"
#include "traffic.h"
#include "uni.h"

/* Iterations per halo refill (and per transpose of each chunk into strips
 * and back), and most own words per temporally blocked chunk (254 strips of
 * 8,192 cells; with its two halo strips, 256 KiB, it stays in L2): as
 * PackedBlock's. */
enum { DEPTH = 2048, CHUNK_WORDS = 32512 };

/* Words per strip vector (4: AVX2's 256 bits), and strips per chunk. */
enum { LANES = 4, STRIPS = 64 * LANES };

/* Words per 64-byte cache line (one AVX-512 vector). */
enum { LINE_WORDS = 8 };

/* One bit string: own cell j at bit 64 * halo_words + j, after halo_words
 * words whose top `depth` bits are the cells -depth..-1, and followed by the
 * cells..cells+depth-1 of the right halo. Every other bit is garbage, which
 * creeps in by one cell per iteration: up to `depth` iterations after a halo
 * refill leave the own cells exact. */
typedef struct {
    int64_t cells, depth, halo_words, own_words;
    /* Own words per chunk (the last may have fewer), and its shape as
     * strips (chunk_layout). */
    int64_t chunk_words, strip_words, halo_strips;
    uint64_t *words;
    /* A chunk's staged words, its strips, and the original words left of
     * the next chunk, which the current chunk overwrites before that chunk
     * reads them. */
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

/* A chunk's shape (README: the bit-packed kernel): STRIPS strips of
 * 64 * strip_words cells, the first and last halo_strips of them holding its
 * halos and the rest its own cells, as few words per strip as hold
 * chunk_words own words with halo_words words of halo either side. */
static void chunk_layout(packed_block *b, int64_t chunk_words)
{
    for (int64_t k = 1;; k++) {
        int64_t h = (b->halo_words + k - 1) / k;
        if (STRIPS - 2 * h > 0 && (STRIPS - 2 * h) * k >= chunk_words) {
            b->strip_words = k;
            b->halo_strips = h;
            return;
        }
    }
}

/* Allocates the block's memory, zeroed; false if it cannot be had or is
 * more than the machine's (SPEC 4.2). */
static bool packed_alloc(packed_block *b, int64_t cells, int64_t depth)
{
    b->cells = cells;
    b->depth = depth;
    b->halo_words = (depth + 63) / 64;
    b->own_words = (cells - 1) / 64 + 1;  /* no overflow near INT64_MAX */
    /* Chunks of about equal size, so that the last one, which may be partly
     * past the own cells and counts them under masks, is not most of a chunk. */
    int64_t chunks = (b->own_words + CHUNK_WORDS - 1) / CHUNK_WORDS;
    chunk_layout(b, (b->own_words + chunks - 1) / chunks);
    b->chunk_words = min64(CHUNK_WORDS, (STRIPS - 2 * b->halo_strips) * b->strip_words);
    /* One spare word past the right halo: load_bits reads a word pair.
     * Whole 64-byte lines for each part, so that the strips are aligned.
     * The strips have a vector either side for the helix's ends. */
    int64_t storage = whole_lines(2 * b->halo_words + b->own_words + 1);
    int64_t staged = STRIPS * b->strip_words;
    int64_t strips = whole_lines((64 * b->strip_words + 2) * LANES);
    uint64_t words = (uint64_t)(storage + staged + strips + b->halo_words);
    size_t bytes;
    void *base;
    if (!traffic_bytes(words, sizeof(uint64_t), &bytes) || !traffic_fits(bytes) ||
        posix_memalign(&base, 64, bytes) != 0)  /* 64: whole AVX-512 vectors */
        return false;
    traffic_huge_pages(base, bytes);
    memset(base, 0, bytes);
    b->words = base;
    b->ping = b->words + storage;
    b->pong = b->ping + staged;
    b->carry = b->pong + strips;
    return true;
}

/* Own cells from the generator's next `cells` draws, packed straight into the
 * words (uni_pack_road: vectorised, bits past the last cell cleared). */
static void packed_fill(packed_block *b, uni_state *g, float density)
{
    uni_pack_road(g, b->words + b->halo_words, b->cells, density);
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

/* A vector of LANES words: bit i of lane g is strip 64 g + i. GCC and clang
 * turn the operators on it into vector instructions; no intrinsics. */
typedef uint64_t strip_vec __attribute__((vector_size(8 * LANES)));

static strip_vec splat(uint64_t x)
{
    strip_vec v;
    for (int g = 0; g < LANES; g++)
        v[g] = x;
    return v;
}

/* The first `count` strips' bits set. */
static strip_vec first_strips(int64_t count)
{
    strip_vec v;
    for (int g = 0; g < LANES; g++) {
        int64_t n = count - 64 * g;
        v[g] = n <= 0 ? 0 : low_bits(n);
    }
    return v;
}

static int64_t popcount_vec(strip_vec v)
{
    int64_t n = 0;
    for (int g = 0; g < LANES; g++)
        n += __builtin_popcountll(v[g]);
    return n;
}

/* Transposes LANES 64x64 bit matrices at once, one per lane: bit j of x[i]
 * trades places with bit i of x[j] (six rounds of block swaps). */
static void transpose64(strip_vec x[64])
{
    static const uint64_t masks[6] = {
        0x00000000FFFFFFFF, 0x0000FFFF0000FFFF, 0x00FF00FF00FF00FF,
        0x0F0F0F0F0F0F0F0F, 0x3333333333333333, 0x5555555555555555,
    };
    for (int r = 0, j = 32; j > 0; r++, j >>= 1) {
        strip_vec m = splat(masks[r]);
        for (int base = 0; base < 64; base += 2 * j)
            for (int k = base; k < base + j; k++) {
                strip_vec t = ((x[k] >> j) ^ x[k + j]) & m;
                x[k + j] ^= t;
                x[k] ^= t << j;
            }
    }
}

/* Carry-save adder: a + b + c = 2 * high + low, bit by bit. */
static inline void csa(strip_vec *high, strip_vec *low, strip_vec a, strip_vec b, strip_vec c)
{
    strip_vec u = a ^ b;
    *high = (a & b) | (u & c);
    *low = u ^ c;
}

/* Rule 184 at one strip position, from the cars that move: the cells behind
 * and ahead are the same bits of the vectors before and after. A car moves
 * when the cell ahead is empty; a cell changes when its car moves out or the
 * car behind moves in, never both (a car moves only into an empty cell).
 * `here` and `ahead` are the old vectors at p and p+1, *moved holds the cars
 * moving at p-1 and moves on to those at p. Returns the new vector at p and
 * sets *changed to the cars moving out of p-1 or p: never the same strip,
 * so their union counts both. Three operations. */
static inline strip_vec rule184(strip_vec here, strip_vec ahead, strip_vec *moved, strip_vec *changed)
{
    strip_vec out = here & ~ahead;
    *changed = out ^ *moved;
    *moved = out;
    return here ^ *changed;
}

/* One iteration at position p, in place: *w holds the old vector at p and
 * moves on one position; returns the cars moving out of p-1 or p. */
static inline strip_vec step(strip_vec *v, int64_t p, strip_vec *moved, strip_vec *w)
{
    strip_vec ahead = v[p + 1], changed;
    v[p] = rule184(*w, ahead, moved, &changed);
    *w = ahead;
    return changed;
}

/* Two positions from p; returns the cars moving out of either. */
static inline strip_vec step_pair(strip_vec *v, int64_t p, strip_vec *moved, strip_vec *w)
{
    step(v, p, moved, w);
    return step(v, p + 1, moved, w);
}

/* Moving cars summed bit-sliced through carry-save adders (Harley-Seal):
 * pairs go into the ones, which carry into the twos, the fours and the
 * eights; the sixteens carried out of those are popcounted. */
typedef struct {
    strip_vec ones, twos, fours, eights;
} counter;

/* Adds four vectors of moving cars; returns the fours carried out. */
static inline strip_vec counter_add(counter *c, strip_vec p0, strip_vec p1, strip_vec p2, strip_vec p3)
{
    strip_vec twos_a, twos_b, carried;
    csa(&twos_a, &c->ones, c->ones, p0, p1);
    csa(&twos_b, &c->ones, c->ones, p2, p3);
    csa(&carried, &c->twos, c->twos, twos_a, twos_b);
    return carried;
}

/* Adds two fours carried out; returns the eights carried out. */
static inline strip_vec counter_add_fours(counter *c, strip_vec a, strip_vec b)
{
    strip_vec carried;
    csa(&carried, &c->fours, c->fours, a, b);
    return carried;
}

/* Adds two eights carried out; returns the sixteens carried out. */
static inline strip_vec counter_add_eights(counter *c, strip_vec a, strip_vec b)
{
    strip_vec carried;
    csa(&carried, &c->eights, c->eights, a, b);
    return carried;
}

/* The cars counted in the strips under `mask`: each bit of the counters
 * counts its own strip. */
static int64_t counter_total(const counter *c, strip_vec mask)
{
    return 8 * popcount_vec(c->eights & mask) + 4 * popcount_vec(c->fours & mask)
         + 2 * popcount_vec(c->twos & mask) + popcount_vec(c->ones & mask);
}

/* One iteration of positions from..to-1, returning the cars that move there
 * under `mask`: sixteen positions make eight pairs. *moved holds the cars
 * moving at from-1, and on return those at to-1. */
static inline int64_t sweep_counting(strip_vec *v, int64_t from, int64_t to, strip_vec *moved,
                                     strip_vec mask)
{
    strip_vec w = v[from];
    counter c = {0};
    int64_t p = from, eights = 0, rest = 0;
    for (; p + 16 <= to; p += 16) {
        strip_vec pairs[8];
        for (int k = 0; k < 8; k++)  /* in order: each step moves *moved and w on */
            pairs[k] = step_pair(v, p + 2 * k, moved, &w);
        strip_vec fours_a = counter_add(&c, pairs[0], pairs[1], pairs[2], pairs[3]);
        strip_vec fours_b = counter_add(&c, pairs[4], pairs[5], pairs[6], pairs[7]);
        eights += popcount_vec(counter_add_fours(&c, fours_a, fours_b) & mask);
    }
    for (; p < to; p++) {
        step(v, p, moved, &w);
        rest += popcount_vec(*moved & mask);
    }
    return 8 * eights + counter_total(&c, mask) + rest;
}

/* Two iterations in one pass (a wavefront): the first at p, the second at
 * p-1 from the first's vectors, which stay in registers, so that the strips
 * are loaded and stored once per two iterations. */
typedef struct {
    strip_vec moved, here;    /* first iteration: moves at p-1, old vector at p */
    strip_vec moved2, here2;  /* second: moves at p-2, first's vector at p-1 */
} wave;

/* The wavefront at p; *changed and *changed2 are each iteration's cars
 * moving out of the position it is at or the one before. */
static inline void step_two(strip_vec *v, int64_t p, wave *s, strip_vec *changed, strip_vec *changed2)
{
    strip_vec ahead = v[p + 1];
    strip_vec first = rule184(s->here, ahead, &s->moved, changed);
    s->here = ahead;
    v[p - 1] = rule184(s->here2, first, &s->moved2, changed2);
    s->here2 = first;
}

/* The wavefront at p..p+7, its pairs (at p, p+2, p+4 and p+6) added to
 * each iteration's counter; sets the fours carried out of each. */
static inline void add_eight(strip_vec *v, int64_t p, wave *s, counter c[2], strip_vec fours[2])
{
    strip_vec pairs[4], pairs2[4], ignored, ignored2;
    for (int k = 0; k < 4; k++) {
        step_two(v, p + 2 * k, s, &pairs[k], &pairs2[k]);
        step_two(v, p + 2 * k + 1, s, &ignored, &ignored2);
    }
    fours[0] = counter_add(&c[0], pairs[0], pairs[1], pairs[2], pairs[3]);
    fours[1] = counter_add(&c[1], pairs2[0], pairs2[1], pairs2[2], pairs2[3]);
}

/* The wavefront at p..p+31 through add_eight, adding the sixteens carried
 * out of each iteration's counter under `mask` to sixteens[]. */
static inline void add_thirty_two(strip_vec *v, int64_t p, wave *s, strip_vec mask, counter c[2],
                                  int64_t sixteens[2])
{
    strip_vec fours[4][2];
    for (int k = 0; k < 4; k++)
        add_eight(v, p + 8 * k, s, c, fours[k]);
    for (int j = 0; j < 2; j++) {
        strip_vec eights_a = counter_add_fours(&c[j], fours[0][j], fours[1][j]);
        strip_vec eights_b = counter_add_fours(&c[j], fours[2][j], fours[3][j]);
        sixteens[j] += popcount_vec(counter_add_eights(&c[j], eights_a, eights_b) & mask);
    }
}

/* The strips counted at each position: `low` before `mid`, `high` from it
 * (a chunk's own cells end inside a strip). */
typedef struct {
    strip_vec low, high;
    int64_t mid;
} strip_masks;

static inline strip_vec mask_at(const strip_masks *m, int64_t p)
{
    return p < m->mid ? m->low : m->high;
}

/* The strips are one helix: strip s ends where strip s+1 begins. The
 * vectors before position 0 and after the last are the last and the first
 * shifted by one strip, set in v[-1] and v[length] before each pass. */
static strip_vec shift_up(strip_vec x)
{
    strip_vec r;
    for (int g = 0; g < LANES; g++)
        r[g] = (x[g] << 1) | (g > 0 ? x[g - 1] >> 63 : 0);
    return r;
}

static strip_vec shift_down(strip_vec x)
{
    strip_vec r;
    for (int g = 0; g < LANES; g++)
        r[g] = (x[g] >> 1) | (g + 1 < LANES ? x[g + 1] << 63 : 0);
    return r;
}

/* Sets both ends of the helix from the strips; returns the cars moving out
 * of the cell behind each strip. */
static strip_vec close_helix(strip_vec *v, int64_t length)
{
    v[-1] = shift_up(v[length - 1]);
    v[length] = shift_down(v[0]);
    return v[-1] & ~v[0];
}

/* One iteration of the strips, returning its moving cars under the masks. */
static int64_t pass_one(strip_vec *v, int64_t length, const strip_masks *m)
{
    strip_vec moved = close_helix(v, length);
    int64_t low = sweep_counting(v, 0, m->mid, &moved, m->low);
    return low + sweep_counting(v, m->mid, length, &moved, m->high);
}

/* A pass's counts so far: after the wavefront at p, the first iteration's
 * cars moving at 0..p and the second's at 0..p-1. Single steps count the
 * new ones; blocks of 32 steps from b count the same through pairs one
 * position behind (b-1..b+30 and b-2..b+29), put right on entering and
 * leaving a run of blocks, which runs where one mask covers its positions. */
typedef struct {
    int64_t p, moves[2];
} pass_count;

static inline void count_single(strip_vec *v, wave *s, const strip_masks *m, pass_count *n)
{
    strip_vec ignored, ignored2;
    step_two(v, n->p, s, &ignored, &ignored2);
    n->moves[0] += popcount_vec(s->moved & mask_at(m, n->p));
    n->moves[1] += popcount_vec(s->moved2 & mask_at(m, n->p - 1));
    n->p++;
}

/* Inlined, so that the counters stay in registers. */
__attribute__((always_inline))
static inline void count_blocks(strip_vec *v, wave *s, strip_vec mask, int64_t end, pass_count *n)
{
    if (n->p + 32 > end)
        return;
    counter c[2] = {0};
    int64_t sixteens[2] = {0, 0};
    n->moves[0] -= popcount_vec(s->moved & mask);
    n->moves[1] -= popcount_vec(s->moved2 & mask);
    for (; n->p + 32 <= end; n->p += 32)
        add_thirty_two(v, n->p, s, mask, c, sixteens);
    n->moves[0] += 16 * sixteens[0] + counter_total(&c[0], mask) + popcount_vec(s->moved & mask);
    n->moves[1] += 16 * sixteens[1] + counter_total(&c[1], mask) + popcount_vec(s->moved2 & mask);
}

/* Two iterations of the strips in one pass, adding their moving cars under
 * the masks to moves[0] and moves[1]. The first runs alone at 0 and 1, then
 * both go through 2..length-1 as a wavefront; the second ends at the last
 * position and at 0, whose neighbours behind are the first's last vector. */
static void pass_two(strip_vec *v, int64_t length, const strip_masks *m, int64_t moves[2])
{
    strip_vec moved = close_helix(v, length), w = v[0];
    step(v, 0, &moved, &w);
    pass_count n = {.p = 2, .moves = {popcount_vec(moved & mask_at(m, 0)), 0}};
    step(v, 1, &moved, &w);
    n.moves[0] += popcount_vec(moved & mask_at(m, 1));
    strip_vec first0 = v[0], first1 = v[1];
    wave s = {moved, w, first0 & ~first1, first1};
    n.moves[1] = popcount_vec(s.moved2 & mask_at(m, 0));
    count_blocks(v, &s, m->low, m->mid, &n);
    while (n.p < length && n.p - 2 < m->mid)
        count_single(v, &s, m, &n);
    count_blocks(v, &s, m->high, length, &n);
    while (n.p < length)
        count_single(v, &s, m, &n);
    v[length] = shift_down(first0);
    strip_vec last = s.here2;
    step(v, length - 1, &s.moved2, &s.here2);
    n.moves[1] += popcount_vec(s.moved2 & mask_at(m, length - 1));
    v[0] = first0 ^ ((shift_up(last) & ~first0) ^ (first0 & ~first1));
    moves[0] += n.moves[0];
    moves[1] += n.moves[1];
}

/* Staged words into strips: row s of the bit matrix is the staged words
 * s * row_words.., and strip position p is column p, transposed 64 x 64 at
 * a time. */
static void stage_to_strips(const uint64_t *staged, strip_vec *v, int64_t row_words)
{
    strip_vec x[64];
    for (int64_t c = 0; c < row_words; c++) {
        for (int i = 0; i < 64; i++)
            for (int g = 0; g < LANES; g++)
                x[i][g] = staged[(64 * g + i) * row_words + c];
        transpose64(x);
        for (int j = 0; j < 64; j++)
            v[64 * c + j] = x[j];
    }
}

/* The own strips (all but the first and last `halo_strips`) back into own
 * words 0..count-1 of the chunk (the last chunk writes only the words it
 * owns). */
static void strips_to_words(const strip_vec *v, uint64_t *own, int64_t count, int64_t row_words,
                            int64_t halo_strips)
{
    strip_vec x[64];
    for (int64_t c = 0; c < row_words; c++) {
        for (int j = 0; j < 64; j++)
            x[j] = v[64 * c + j];
        transpose64(x);
        for (int i = 0; i < 64; i++)
            for (int g = 0; g < LANES; g++) {
                int64_t w = (64 * g + i - halo_strips) * row_words + c;
                if (w >= 0 && w < count && 64 * g + i < STRIPS - halo_strips)
                    own[w] = x[i][g];
            }
    }
}

/* Strips lo..hi-1's bits set. */
static strip_vec strips_between(int64_t lo, int64_t hi)
{
    return first_strips(hi) & ~first_strips(lo);
}

/* Own words start.. (a whole chunk, or what is left) with `halo` words each
 * side, iterated in strips. */
static void advance_chunk(packed_block *b, int64_t start, int64_t halo, int64_t iterations,
                          int64_t *moves)
{
    uint64_t *own = b->words + b->halo_words;
    int64_t count = min64(b->chunk_words, b->own_words - start);
    int64_t row_words = b->strip_words, length = 64 * row_words;
    int64_t staged_words = STRIPS * row_words, first = b->halo_strips * row_words;
    /* Staged: zeros, the carry, then own words and the right halo as far as
     * they go (the storage has halo_words + 1 words past the own ones), then
     * zeros. */
    uint64_t *staged = b->ping;
    int64_t present = min64(staged_words - first, b->own_words + b->halo_words + 1 - start);
    memset(staged, 0, (first - halo) * sizeof(uint64_t));
    memcpy(staged + first - halo, b->carry, halo * sizeof(uint64_t));
    memcpy(staged + first, own + start, present * sizeof(uint64_t));
    memset(staged + first + present, 0, (staged_words - first - present) * sizeof(uint64_t));
    memcpy(b->carry, staged + first + count - halo, halo * sizeof(uint64_t));

    strip_vec *v = (strip_vec *)b->pong + 1;
    stage_to_strips(staged, v, row_words);
    /* Own cells are the strip cells halo_strips * length.. up to own_cells of
     * them; strip s position p is staged cell s * length + p. */
    int64_t own_cells = min64(b->cells - 64 * start, 64 * count);
    int64_t end = b->halo_strips * length + own_cells;
    strip_masks m = {strips_between(b->halo_strips, end / length + 1),
                     strips_between(b->halo_strips, end / length), end % length};
    int64_t t = 0;
    for (; t + 2 <= iterations; t += 2)
        pass_two(v, length, &m, moves + t);
    if (t < iterations)
        moves[t] += pass_one(v, length, &m);
    strips_to_words(v, own + start, count, row_words, b->halo_strips);
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
        advance_chunk(b, start, halo, iterations, moves);
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
