"""The command line of SPEC section 3: the grammar of 3.1, the usage of 3.2
and the bad-input lines of 4.1, as the C, Fortran and Swift programs read it.

Hand-written rather than argparse: the conventions take the next argument as
an option's value whatever it looks like (`--cells --trace` is a bad integer,
not a missing value), allow no abbreviations and name each fault in a fixed
line, none of which argparse does without overriding most of it.
"""

import math
import os
import re
import sys
from dataclasses import dataclass
from fractions import Fraction

import output
from uni import SEED_MAX

DEFAULT_CELLS = 10240000
DEFAULT_DENSITY = "0.52"
DEFAULT_SEED = 5743
CELL_UPDATES = 1024000000  # default iterations = this / cells
INT64_MAX = (1 << 63) - 1

# option -> (least, greatest, what is allowed) for the integer options
INTEGERS = {
    "--cells": (1, INT64_MAX, "N >= 1"),
    "--iterations": (1, INT64_MAX, "N >= 1"),
    "--seed": (0, SEED_MAX, "0 <= N <= 900000000"),
    "--report": (1, INT64_MAX, "N >= 1"),
}
DENSITY_ALLOWED = "0 <= X <= 1"
ALLOWED = {name: allowed for name, (_, _, allowed) in INTEGERS.items()}
ALLOWED["--density"] = DENSITY_ALLOWED
FLOAT32_MAX = ((1 << 24) - 1) * 2**104

USAGE = """\
usage: {prog} [--cells N] [--iterations N] [--density X] [--seed N]
       {pad} [--report N] [--trace] [--help]

Simulate the traffic cellular automaton (rule 184) on a circular road.

  --cells N       road length, N >= 1 (default 10240000)
  --iterations N  iterations, N >= 1 (default 1.024e9 / cells, at least 1)
  --density X     target density of cars, 0 <= X <= 1 (default 0.52)
  --seed N        generator seed, 0 <= N <= 900000000 (default 5743)
  --report N      print the average velocity every N iterations
                  (default iterations / 10, at least 1)
  --trace         print the machine record instead of the human output
  --help, -h      print this help
"""

# SPEC 3.1's forms, matched whole; [0-9] is ASCII digits only (int() and
# float() would also take spaces, '_', other scripts' digits and hex).
INTEGER = re.compile(r"[+-]?[0-9]+")
DECIMAL = re.compile(r"[+-]?(?:([0-9]+)(?:\.([0-9]*))?|\.([0-9]+))(?:[eE]([+-]?[0-9]+))?")
NOT_FINITE = re.compile(r"[+-]?(?:inf|infinity|nan)", re.ASCII | re.IGNORECASE)


@dataclass
class Options:
    prog: str
    cells: int = DEFAULT_CELLS
    iterations: int = 0  # 0: derived from cells
    density: float = 0.0  # the single-precision value, held exactly
    seed: int = DEFAULT_SEED
    report: int = 0  # 0: derived from iterations
    trace: bool = False


def fail(prog, message):
    """Bad input: one line on stderr, nothing on stdout, status 2."""
    print(f"{prog}: {message}", file=sys.stderr)
    sys.exit(2)


def parse_integer(prog, name, text):
    least, greatest, allowed = INTEGERS[name]
    if not INTEGER.fullmatch(text):
        fail(prog, f"{name} '{text}' is not an integer (allowed: {allowed})")
    # More than 19 digits is past 64 bits: out of range without converting
    # (int() refuses strings of more than 4300 digits).
    digits = text.lstrip("+-").lstrip("0")
    if len(digits) > 19 or not least <= int(text) <= greatest:
        fail(prog, f"{name} '{text}' is out of range (allowed: {allowed})")
    return int(text)


def bounded_exponent(text):
    """An exponent's value, capped far beyond any input's digit count so that
    absurd exponents cost nothing (int() refuses more than 4300 digits)."""
    digits = text.lstrip("+-").lstrip("0")
    value = int(digits or "0") if len(digits) <= 18 else 10**18
    return -value if text[0] == "-" else value


def decimal_value(digits, exponent):
    """int(digits) * 10**exponent exactly, as a Fraction; 0 or inf when it is
    far outside single precision, which also keeps absurd inputs cheap."""
    digits = digits.lstrip("0")
    if not digits:
        return Fraction(0)
    if len(digits) > 200:  # enough to round right, with a sticky last digit
        exponent += len(digits) - 201
        digits = digits[:200] + ("1" if digits[200:].strip("0") else "0")
    magnitude = len(digits) + exponent  # 10**(magnitude-1) <= value < 10**magnitude
    if magnitude > 40:  # at least 1e40, past the largest single (3.4e38)
        return math.inf
    if magnitude < -45:  # below 1e-46, under half the least single (1.4e-45)
        return Fraction(0)
    return Fraction(int(digits)) * Fraction(10) ** exponent


def nearest_float32(x):
    """Non-negative x (a Fraction, or inf) rounded to single precision, ties
    to even, as an (exact) Python float; inf beyond the largest single."""
    if x == 0 or x == math.inf:
        return float(x)
    e = x.numerator.bit_length() - x.denominator.bit_length()
    if x < Fraction(2) ** e:
        e -= 1  # now 2^e <= x < 2^(e+1)
    step = max(e, -126) - 23  # 24 significant bits; subnormals below 2^-126
    m = round(x / Fraction(2) ** step)  # Fraction rounding is ties-to-even
    if m * Fraction(2) ** step > FLOAT32_MAX:
        return math.inf
    return math.ldexp(m, step)


def parse_float32(text):
    """A density as SPEC 3.1 reads it: the nearest single-precision value
    (exact in a Python float), rounded once straight from the decimal digits,
    never through a double; nan or +-inf for the words; None if it is not a
    number."""
    negative = text[:1] == "-"
    if NOT_FINITE.fullmatch(text):
        return math.nan if "nan" in text.lower() else (-math.inf if negative else math.inf)
    match = DECIMAL.fullmatch(text)
    if not match:
        return None
    whole, fraction, bare_fraction, exponent = match.groups()
    fraction = (fraction if whole is not None else bare_fraction) or ""
    exact = decimal_value((whole or "") + fraction, bounded_exponent(exponent or "0") - len(fraction))
    value = nearest_float32(exact)
    return -value if negative else value


def parse_density(prog, text):
    value = parse_float32(text)
    if value is None:
        fail(prog, f"--density '{text}' is not a number (allowed: {DENSITY_ALLOWED})")
    if not 0.0 <= value <= 1.0:  # NaN fails too
        fail(prog, f"--density '{text}' is out of range (allowed: {DENSITY_ALLOWED})")
    return value


def split_option(arg):
    """('--name', inline value or None) for a value option, else None."""
    name, equals, value = arg.partition("=")
    if name in ALLOWED:
        return name, value if equals else None
    return None


def set_value(opt, name, text):
    if name == "--density":
        opt.density = parse_density(opt.prog, text)
    else:
        setattr(opt, name[2:], parse_integer(opt.prog, name, text))


def derive_defaults(opt):
    if opt.iterations == 0:
        opt.iterations = max(CELL_UPDATES // opt.cells, 1)
    if opt.report == 0:
        opt.report = max(opt.iterations // 10, 1)


def parse(argv):
    """Options from argv (argv[0] is the program); prints the usage and exits
    0 for --help, exits 2 with one line on stderr for bad input."""
    opt = Options(prog=os.path.basename(argv[0]) if argv else "traffic")
    opt.density = parse_float32(DEFAULT_DENSITY)
    args = iter(argv[1:])
    for arg in args:
        value_option = split_option(arg)
        if value_option:
            name, value = value_option
            value = value if value is not None else next(args, None)
            if value is None:
                fail(opt.prog, f"{name} needs a value (allowed: {ALLOWED[name]})")
            set_value(opt, name, value)
        elif arg == "--trace":
            opt.trace = True
        elif arg in ("--help", "-h"):
            output.write(opt.prog, USAGE.format(prog=opt.prog, pad=" " * len(opt.prog)))
            output.close(opt.prog)
            sys.exit(0)
        elif arg.startswith("-") and arg != "-":
            fail(opt.prog, f"unknown option '{arg}'")
        else:
            fail(opt.prog, f"unexpected argument '{arg}'")
    derive_defaults(opt)
    return opt
