/* Checks uni.c against the known draws of tests/vectors/uni-draws.txt:
 * lines "seed S", then "index:integer" (a draw is integer * 2^-24); and
 * uni_pack_road against uni_next, draw for draw, from starts and for lengths
 * around a word, the lags and the line's batch, the generator going on alike.
 * Usage: uni_check FILE; prints each mismatch, exits 1 on any. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uni.h"

/* Packs n draws after `start` and compares them, the sentinel word after
 * them and the next 200 draws with uni_next's; returns the mismatches. */
static int check_pack(int64_t seed, int start, int64_t n, float density)
{
    static uint64_t words[200];
    uni_state packed, single;
    uni_seed(&packed, seed);
    uni_seed(&single, seed);
    for (int i = 0; i < start; i++) {
        uni_next(&packed);
        uni_next(&single);
    }
    int64_t count = (n + 63) / 64;
    memset(words, 0xff, sizeof words);
    uni_pack_road(&packed, words, n, density);
    int wrong = words[count] != ~UINT64_C(0);
    for (int64_t w = 0; w < count; w++) {
        uint64_t word = 0;
        for (int64_t j = 0; j < 64 && 64 * w + j < n; j++)
            word |= (uint64_t)(uni_next(&single) < density) << j;
        wrong += words[w] != word;
    }
    for (int i = 0; i < 200; i++)
        wrong += uni_next(&packed) != uni_next(&single);
    if (wrong)
        printf("seed %" PRId64 " start %d cells %" PRId64 " density %g: packed road differs\n",
               seed, start, n, density);
    return wrong;
}

static int check_packs(void)
{
    static const int starts[] = {0, 1, 33, 64, 97, 130, 2047};
    static const int64_t lengths[] = {0, 1, 63, 64, 65, 129, 2047, 2048, 2049, 64 * 33 + 5, 10000};
    static const float densities[] = {0.0f, 0.52f, 1.0f, 0.3f};
    int failed = 0, checked = 0;
    for (int s = 0; s < 7; s++)
        for (int l = 0; l < 11; l++)
            for (int d = 0; d < 4; d++, checked++)
                failed += check_pack(d == 3 ? 900000000 : 5743, starts[s], lengths[l], densities[d]) != 0;
    printf("%d packed roads checked, %d wrong\n", checked, failed);
    return failed;
}

int main(int argc, char **argv)
{
    FILE *f = argc == 2 ? fopen(argv[1], "r") : NULL;
    if (!f) {
        fprintf(stderr, "usage: uni_check uni-draws.txt\n");
        return 2;
    }
    char line[256];
    uni_state g;
    int64_t next = 0, seed = -1;
    int checked = 0, failed = 0;
    while (fgets(line, sizeof line, f)) {
        int64_t index, expected;
        if (sscanf(line, "seed %" SCNd64, &seed) == 1) {
            uni_seed(&g, seed);
            next = 0;
        } else if (seed >= 0 &&
                   sscanf(line, "%" SCNd64 ":%" SCNd64, &index, &expected) == 2) {
            float draw = 0.0f;
            while (next <= index) {
                draw = uni_next(&g);
                next++;
            }
            int64_t got = (int64_t)(draw * 16777216.0f);
            checked++;
            if (got != expected) {
                failed++;
                printf("seed %" PRId64 " draw %" PRId64 ": got %" PRId64
                       ", expected %" PRId64 "\n", seed, index, got, expected);
            }
        }
    }
    fclose(f);
    printf("%d draws checked, %d wrong\n", checked, failed);
    int packs_wrong = check_packs();
    return failed || checked == 0 || packs_wrong;
}
