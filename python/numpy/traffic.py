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


def lagged_terms(seed, n):
    """Terms s[97..97+n) of the lagged sequence (uni.lagged_start), i.e. the
    table entries of draws 0..n-1, mod 2^24. s[m] needs s[m-97] and s[m-33]
    only, so 33 terms at a time are one vector subtraction. int32 wraps mod
    2^32, a multiple of 2^24, so one mask at the end is exact."""
    long, short = uni.LONG_LAG, uni.SHORT_LAG
    s = np.empty(long + n, dtype=np.int32)
    s[:long] = uni.lagged_start(seed)
    for m in range(long, long + n, short):
        end = min(m + short, long + n)
        np.subtract(s[m - long : end - long], s[m - short : end - short], out=s[m:end])
    return s[long:] & uni.MASK


def carries(n):
    """C after each of draws 0..n-1 (uni.carry for a whole vector)."""
    steps = np.arange(1, n + 1, dtype=np.int64) * uni.C_STEP
    return (uni.C_START - steps) % uni.C_MOD


def make_road(opt):
    """Cells 1..N of a bool array with one halo cell at each end."""
    draws = (lagged_terms(opt.seed, opt.cells) - carries(opt.cells)) & uni.MASK
    road = np.zeros(opt.cells + 2, dtype=bool)
    road[1:-1] = draws < uni.threshold(opt.density)
    return road


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
    """Sum of the 1-based positions of the cars (the halo index is the position)."""
    return int(np.flatnonzero(road[1:-1]).sum(dtype=np.int64)) + int(np.count_nonzero(road[1:-1]))


def main():
    opt = options.parse(sys.argv)
    try:
        oldroad = make_road(opt)
        newroad = np.zeros_like(oldroad)
        moving = np.empty(opt.cells, dtype=bool)
        arriving = np.empty(opt.cells, dtype=bool)
    except MemoryError:
        report.no_memory(opt)
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
