"""Traffic model with numpy array operations, like the course's second
(numpy) program: whole-road slices instead of per-cell loops.
Run from anywhere: python3 python/numpy/traffic.py --help"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))

import options  # noqa: E402  (needs the path above)
import report  # noqa: E402
import uni  # noqa: E402


# Cells drawn (and summed for the checksum) at a time: the scratch arrays
# stay small whatever the road's length.
BLOCK = 1 << 20
# Bytes a cell costs: the two roads and two scratch arrays, all bool.
BYTES_PER_CELL = 4


def carries(first, n):
    """C after each of draws first..first+n-1 (uni.carry for a vector), stepped
    from a Python int so that no position overflows int64."""
    return (uni.carry(first) - np.arange(n, dtype=np.int64) * uni.C_STEP) % uni.C_MOD


def draws(seed, n):
    """Draws 0..n-1 as integers (draw * 2^24), in arrays of BLOCK at most.
    They come from the lagged sequence (uni.lagged_start): s[m] needs s[m-97]
    and s[m-33] only, so 33 terms at a time are one vector subtraction. int32
    wraps mod 2^32, a multiple of 2^24, so one mask at the end is exact."""
    long, short = uni.LONG_LAG, uni.SHORT_LAG
    last = np.array(uni.lagged_start(seed), dtype=np.int32)  # the latest 97 terms
    for first in range(0, n, BLOCK):
        count = min(BLOCK, n - first)
        s = np.empty(long + count, dtype=np.int32)
        s[:long] = last
        for m in range(long, long + count, short):
            end = min(m + short, long + count)
            np.subtract(s[m - long : end - long], s[m - short : end - short], out=s[m:end])
        last = s[-long:].copy()
        yield (s[long:] - carries(first, count)) & uni.MASK


def draw_road(road, opt):
    """Cells 1..N of the bool road, which has one halo cell at each end."""
    limit = uni.threshold(opt.density)
    first = 1
    for block in draws(opt.seed, opt.cells):
        np.less(block, limit, out=road[first : first + len(block)])
        first += len(block)


def fill_halos(road):
    """The road is circular: the first halo mirrors the last cell and back."""
    road[0] = road[-2]
    road[-1] = road[1]


def update(newroad, oldroad, moving, arriving):
    """One iteration of rule 184 into newroad; moving and arriving are scratch
    arrays of N cells. Returns the number of moves."""
    behind, here, ahead = oldroad[:-2], oldroad[1:-1], oldroad[2:]
    np.greater(here, ahead, out=moving)  # a car with an empty cell ahead
    np.greater(behind, here, out=arriving)  # an empty cell with a car behind
    new = newroad[1:-1]
    np.logical_xor(here, moving, out=new)  # cars that stay
    np.logical_or(new, arriving, out=new)
    return int(np.count_nonzero(moving))


def checksum(road):
    """Sum of the 1-based positions of the cars (the halo index is the
    position), exact: a Python int summed block by block, each block's int64
    sum of offsets being below 2^40."""
    total = 0
    for first in range(1, len(road) - 1, BLOCK):
        offsets = np.flatnonzero(road[first : min(first + BLOCK, len(road) - 1)])
        total += int(offsets.sum()) + first * len(offsets)
    return total


def main():
    opt = options.parse(sys.argv)
    n = opt.cells
    # Every array first, so that a road too big fails before any drawing.
    oldroad, newroad, moving, arriving = report.allocate(
        opt, BYTES_PER_CELL, lambda: [np.zeros(size, dtype=bool) for size in (n + 2, n + 2, n, n)]
    )
    draw_road(oldroad, opt)
    cars = int(np.count_nonzero(oldroad))
    report.start(opt, 1, "process(es)", cars)

    fill_halos(oldroad)
    start = report.clock()
    for number in range(1, opt.iterations + 1):
        moves = update(newroad, oldroad, moving, arriving)
        oldroad, newroad = newroad, oldroad
        fill_halos(oldroad)
        report.iteration(opt, number, moves, cars)
    seconds = report.clock() - start

    report.finish(opt, checksum(oldroad), seconds)


if __name__ == "__main__":
    main()
