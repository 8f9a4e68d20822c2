/* Marsaglia and Zaman's UNI generator, seeded as in RMARIN (SPEC section 2).
 * Single precision throughout: every value is a multiple of 2^-24, so the
 * float arithmetic is exact and identical in every language. */
#ifndef TRAFFIC_UNI_H
#define TRAFFIC_UNI_H

#include <stdint.h>

#define UNI_SEED_MAX 900000000

typedef struct {
    float u[98];          /* u[1..97]; u[0] unused, as in the spec */
    float c, cd, cm;
    int p, q;
} uni_state;

/* Seed from 0 <= seed <= UNI_SEED_MAX. */
void uni_seed(uni_state *g, int64_t seed);

/* The next draw, in [0, 1). */
float uni_next(uni_state *g);

/* Fill road[0..n) with the next n draws: 1 (car) iff draw < density.
 * Calling it on consecutive chunks gives the same road as one call. */
void uni_fill_road(uni_state *g, int *road, int64_t n, float density);

/* Sets bit j % 64 of words[j / 64] to 1 when the draw j of the next n is
 * below density (a car), clears the bits past the last one of the last word,
 * and moves g on by n draws: the same as n calls of uni_next, but vectorised
 * (the lagged table in a line, 64 draws a word; see uni.c). */
void uni_pack_road(uni_state *g, uint64_t *words, int64_t n, float density);

#endif
