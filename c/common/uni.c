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
