"""The human output and the --trace record of SPEC section 5, every write
checked (output.py), and the no-memory failure of section 4.2."""

import os
import sys
import time

import output

clock = time.perf_counter  # monotonic: times the iteration loop only


def start(opt, workers, unit, cars):
    """The header, or the trace's first line; unit is "process(es)" or
    "thread(s)"."""
    if opt.trace:
        output.write(opt.prog, f"cars {cars}\n")
        return
    output.write(
        opt.prog,
        f"Length of road is {opt.cells}\n"
        f"Number of iterations is {opt.iterations}\n"
        f"Target density of cars is {opt.density:f}\n"
        f"Running on {workers} {unit}\n"
        f"Actual density of cars is {cars / opt.cells:f}\n\n",
    )


def iteration(opt, number, moves, cars):
    if opt.trace:
        output.write(opt.prog, f"moves {number} {moves}\n")
    elif number % opt.report == 0:
        velocity = moves / cars if cars > 0 else 0.0
        output.write(opt.prog, f"At iteration {number} average velocity is {velocity:f}\n")


def finish(opt, checksum, seconds):
    """The last lines, then stdout's flush and close, checked."""
    # A loop too short for the clock has an infinite rate, as in C.
    mcops = opt.cells * opt.iterations / seconds / 1e6 if seconds > 0 else float("inf")
    if opt.trace:
        output.write(opt.prog, f"checksum {checksum}\nseconds {seconds:f}\nmcops {mcops:.2f}\n")
    else:
        output.write(opt.prog, f"\nTime taken was {seconds:f} seconds\nUpdate rate was {mcops:.2f} MCOPs\n")
    output.close(opt.prog)


def physical_memory():
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):  # not known here: no limit of ours
        return float("inf")


def allocate(opt, bytes_per_cell, make):
    """make() (the road's allocation, nothing else) or, when the road cannot
    be had, the no-memory line and status 1. Linux overcommits: a size beyond
    the memory may be granted and then, once filled, swap for hours or be
    OOM-killed. So a road of more bytes than the machine's physical memory is
    refused at once: 'cannot allocate memory' then means more than it has."""
    if opt.cells * bytes_per_cell > physical_memory():
        no_memory(opt)
    try:
        return make()
    # MemoryError: malloc failed; OverflowError: a list longer than the
    # address space; ValueError: a numpy size past it ("array is too big").
    except (MemoryError, OverflowError, ValueError):
        no_memory(opt)


def no_memory(opt):
    """A road that does not fit: say so, exit 1."""
    print(f"{opt.prog}: cannot allocate memory for {opt.cells} cells", file=sys.stderr)
    sys.exit(1)
