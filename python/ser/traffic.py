"""Traffic model in plain Python: lists and per-cell loops, like the course's
first (serial Python) program. The baseline the compiled versions are
measured against. Run from anywhere: python3 python/ser/traffic.py --help"""

import itertools
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))

import options  # noqa: E402  (needs the path above)
import report  # noqa: E402
import uni  # noqa: E402


# Bytes a cell costs: two lists of 8-byte slots (0 and 1 are shared objects).
BYTES_PER_CELL = 16


def draw_road(road, opt):
    """Cells 1..N of the list, which has one halo cell at each end (0, N+1)."""
    limit = uni.threshold(opt.density)
    for i, draw in enumerate(itertools.islice(uni.draws(opt.seed), opt.cells), start=1):
        if draw < limit:
            road[i] = 1


def fill_halos(road, n):
    """The road is circular: cell 0 mirrors N, cell N+1 mirrors 1."""
    road[0] = road[n]
    road[n + 1] = road[1]


def update(newroad, oldroad, n):
    """One iteration of rule 184 into newroad; returns the number of moves."""
    moves = 0
    for i in range(1, n + 1):
        if oldroad[i] == 1:
            if oldroad[i + 1] == 1:
                newroad[i] = 1
            else:
                newroad[i] = 0
                moves += 1
        elif oldroad[i - 1] == 1:
            newroad[i] = 1
        else:
            newroad[i] = 0
    return moves


def copy(oldroad, newroad, n):
    for i in range(1, n + 1):
        oldroad[i] = newroad[i]


def checksum(road, n):
    """Sum of the 1-based positions of the cars (the halo index is the position)."""
    return sum(i for i in range(1, n + 1) if road[i] == 1)


def main():
    opt = options.parse(sys.argv)
    n = opt.cells
    # Both roads first, so that a road too big fails before any drawing.
    oldroad, newroad = report.allocate(opt, BYTES_PER_CELL, lambda: ([0] * (n + 2), [0] * (n + 2)))
    draw_road(oldroad, opt)
    cars = sum(oldroad)
    report.start(opt, 1, "process(es)", cars)

    fill_halos(oldroad, n)
    start = report.clock()
    for number in range(1, opt.iterations + 1):
        moves = update(newroad, oldroad, n)
        copy(oldroad, newroad, n)
        fill_halos(oldroad, n)
        report.iteration(opt, number, moves, cars)
    seconds = report.clock() - start

    report.finish(opt, checksum(oldroad, n), seconds)


if __name__ == "__main__":
    main()
