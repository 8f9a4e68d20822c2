/* Checks uni.c against the known draws of tests/vectors/uni-draws.txt:
 * lines "seed S", then "index:integer" (a draw is integer * 2^-24).
 * Usage: uni_check FILE; prints each mismatch, exits 1 on any. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "uni.h"

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
    return failed || checked == 0;
}
