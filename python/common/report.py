"""The human output and the --trace record of SPEC section 5, in the README's
exact form."""

import signal
import sys
import time

# Output into a closed pipe (`| head`) ends the program quietly, as in C.
signal.signal(signal.SIGPIPE, signal.SIG_DFL)

clock = time.perf_counter  # monotonic: times the iteration loop only


def start(opt, workers, unit, cars):
    """The header, or the trace's first line; unit is "process(es)" or
    "thread(s)"."""
    if opt.trace:
        print(f"cars {cars}")
        return
    print(f"Length of road is {opt.cells}")
    print(f"Number of iterations is {opt.iterations}")
    print("Target density of cars is %f" % opt.density)
    print(f"Running on {workers} {unit}")
    print("Actual density of cars is %f\n" % (cars / opt.cells))


def iteration(opt, number, moves, cars):
    if opt.trace:
        print(f"moves {number} {moves}")
    elif number % opt.report == 0:
        velocity = moves / cars if cars > 0 else 0.0
        print("At iteration %d average velocity is %f" % (number, velocity))


def finish(opt, checksum, seconds):
    # A loop too short for the clock has an infinite rate, as in C.
    mcops = opt.cells * opt.iterations / seconds / 1e6 if seconds > 0 else float("inf")
    if opt.trace:
        print(f"checksum {checksum}")
        print("seconds %f" % seconds)
        print("mcops %.2f" % mcops)
    else:
        print("\nTime taken was %f seconds" % seconds)
        print("Update rate was %.2f MCOPs" % mcops)


def no_memory(opt):
    """A road that does not fit: say so, exit 1."""
    print(f"{opt.prog}: cannot allocate memory for {opt.cells} cells", file=sys.stderr)
    sys.exit(1)
