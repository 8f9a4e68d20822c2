#include <string.h>

#include "uni.h"

/* One table entry: 24 bits from the combined Fibonacci/congruential sequence
 * carried in i, j, k, l. */
static float seed_entry(int *i, int *j, int *k, int *l)
{
    float s = 0.0f, t = 0.5f;
    for (int bit = 0; bit < 24; bit++) {
        int m = ((*i * *j) % 179 * *k) % 179;
        *i = *j;
        *j = *k;
        *k = m;
        *l = (53 * *l + 1) % 169;
        if ((*l * m) % 64 >= 32)
            s += t;
        t *= 0.5f;
    }
    return s;
}

void uni_seed(uni_state *g, int64_t seed)
{
    int ij = (int)(seed / 30082);
    int kl = (int)(seed - 30082 * (int64_t)ij);
    int i = (ij / 177) % 177 + 2;
    int j = ij % 177 + 2;
    int k = (kl / 169) % 178 + 1;
    int l = kl % 169;

    g->u[0] = 0.0f;
    for (int n = 1; n <= 97; n++)
        g->u[n] = seed_entry(&i, &j, &k, &l);
    g->c = 362436.0f / 16777216.0f;
    g->cd = 7654321.0f / 16777216.0f;
    g->cm = 16777213.0f / 16777216.0f;
    g->p = 97;
    g->q = 33;
}

float uni_next(uni_state *g)
{
    float r = g->u[g->p] - g->u[g->q];
    if (r < 0.0f)
        r += 1.0f;
    g->u[g->p] = r;
    if (--g->p == 0)
        g->p = 97;
    if (--g->q == 0)
        g->q = 97;
    g->c -= g->cd;
    if (g->c < 0.0f)
        g->c += g->cm;
    r -= g->c;
    if (r < 0.0f)
        r += 1.0f;
    return r;
}

void uni_fill_road(uni_state *g, int *road, int64_t n, float density)
{
    for (int64_t i = 0; i < n; i++)
        road[i] = uni_next(g) < density;
}

/* The packed road: the generator's integer form (SPEC section 2, values times
 * 2^24) laid out in a line, the same algorithm as Swift's UniWords.swift. The
 * table is extended as x(n) = x(n-97) + x(n-66) - x(n-130), the recurrence
 * applied to x(n-33) too, so that a word's 64 new values depend only on values
 * of earlier words (a lag of 33 makes each word wait for the stores of the
 * one before); the carries of a word are the carry before it minus
 * (j + 1) * cd mod cm; each draw is compared with the integer threshold and
 * the bits are OR-ed 32 to a lane. */
enum {
    LINE_REACH = 130,       /* history kept: x(n-130) .. x(n-1) */
    LINE_BATCH = 32,        /* words between moves of the history to the start */
    UNI_MASK = 0xFFFFFF,
    UNI_CD = 7654321,
    UNI_CM = 16777213
};

/* The line's history from g: u[p] is x(n-97), u[p-1] x(n-96) and so on round
 * the table; the 33 values before from the recurrence run backwards,
 * x(m) = x(m+97) + x(m+64). */
static void line_load(const uni_state *g, int32_t *line)
{
    int k = g->p;
    for (int i = 0; i < 97; i++) {
        line[LINE_REACH - 97 + i] = (int32_t)(g->u[k] * 16777216.0f);
        k = k == 1 ? 97 : k - 1;
    }
    for (int m = 0; m < LINE_REACH - 97; m++)
        line[m] = (line[m + 97] + line[m + 64]) & UNI_MASK;
}

/* g from the line's last 97 values, as if freshly seeded at this position. */
static void line_store(uni_state *g, const int32_t *line, int32_t carry)
{
    for (int k = 1; k <= 97; k++)
        g->u[k] = (float)line[LINE_REACH - k] / 16777216.0f;
    g->p = 97;
    g->q = 33;
    g->c = (float)carry / 16777216.0f;
}

/* value in -cm .. cm-1 brought to 0 .. cm-1, without a branch. */
static inline int32_t mod_cm(int32_t value)
{
    return value + ((value >> 31) & UNI_CM);
}

/* One word after the history starting at s: its 64 table values, then their
 * draws (each minus its carry) compared with the threshold. *carry is the
 * carry of the draw before, and becomes the word's last. */
static inline uint64_t line_word(int32_t *s, int32_t *carry, const int32_t *steps, int32_t threshold)
{
    for (int j = 0; j < 64; j++)
        s[LINE_REACH + j] = (s[LINE_REACH - 97 + j] + s[LINE_REACH - 66 + j] - s[j]) & UNI_MASK;
    int32_t before = *carry;
    uint64_t word = 0;
    for (int h = 0; h < 64; h += 32) {
        uint32_t bits = 0;
        for (int j = 0; j < 32; j++) {
            int32_t draw = (s[LINE_REACH + h + j] - mod_cm(before - steps[h + j])) & UNI_MASK;
            bits |= (uint32_t)(draw < threshold) << j;
        }
        word |= (uint64_t)bits << h;
    }
    *carry = mod_cm(before - steps[63]);
    return word;
}

/* The first `count` whole words of draws; g moves on past them. */
static void pack_words(uni_state *g, uint64_t *words, int64_t count, int32_t threshold)
{
    int32_t line[LINE_REACH + 64 * LINE_BATCH], steps[64];
    for (int j = 0; j < 64; j++)
        steps[j] = (int32_t)((int64_t)(j + 1) * UNI_CD % UNI_CM);
    line_load(g, line);
    int32_t carry = (int32_t)(g->c * 16777216.0f);
    for (int64_t done = 0; done < count;) {
        int64_t batch = count - done < LINE_BATCH ? count - done : LINE_BATCH;
        for (int64_t w = 0; w < batch; w++)
            words[done + w] = line_word(line + 64 * w, &carry, steps, threshold);
        memmove(line, line + 64 * batch, LINE_REACH * sizeof line[0]);
        done += batch;
    }
    line_store(g, line, carry);
}

void uni_pack_road(uni_state *g, uint64_t *words, int64_t n, float density)
{
    /* The integer threshold t: a draw m * 2^-24 is below density exactly when
     * m < t, the ceiling of density * 2^24 (exact in single precision). */
    float scaled = density * 16777216.0f;
    int32_t threshold = (int32_t)scaled;
    if ((float)threshold < scaled)
        threshold++;
    int64_t whole = n / 64;
    pack_words(g, words, whole, threshold);
    if (n > 64 * whole) {
        uint64_t word = 0;
        for (int64_t j = 0; j < n - 64 * whole; j++)
            word |= (uint64_t)(uni_next(g) < density) << j;
        words[whole] = word;
    }
}
