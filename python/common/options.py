"""The command line of SPEC section 3 with the README's option syntax and
error lines, as the C, Fortran and Swift programs read it.

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

# strtof's forms (C locale), matched whole; ASCII digits only.
DECIMAL = re.compile(r"[+-]?(?:([0-9]+)(?:\.([0-9]*))?|\.([0-9]+))(?:[eE]([+-]?[0-9]+))?", re.ASCII)
HEX = re.compile(
    r"[+-]?0[xX](?:([0-9a-fA-F]+)(?:\.([0-9a-fA-F]*))?|\.([0-9a-fA-F]+))(?:[pP]([+-]?[0-9]+))?", re.ASCII
)
NOT_FINITE = re.compile(r"[+-]?(?:inf(?:inity)?|nan(?:\([0-9A-Za-z_]*\))?)", re.ASCII | re.IGNORECASE)
INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)


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
    # More than 19 digits cannot be a 64-bit integer (strtoll's ERANGE).
    if not INTEGER.fullmatch(text) or len(text.lstrip("+-").lstrip("0")) > 19:
        fail(prog, f"{name} '{text}' is not an integer (allowed: {allowed})")
    value = int(text)
    if not -INT64_MAX - 1 <= value <= INT64_MAX:
        fail(prog, f"{name} '{text}' is not an integer (allowed: {allowed})")
    if not least <= value <= greatest:
        fail(prog, f"{name} '{text}' is out of range (allowed: {allowed})")
    return value


def bounded_exponent(text):
    """An exponent's value, capped far beyond any single-precision range so
    that absurd exponents cost nothing."""
    digits = (text or "0").lstrip("+-").lstrip("0")
    value = int(digits or "0") if len(digits) <= 6 else 10**6
    return -value if text and text[0] == "-" else value


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


def exact_value(digits, fraction_digits, exponent, radix, base):
    """The value of a literal's digits (radix 10 or 16; fraction_digits of
    them after the point) times base ** exponent, as a Fraction; inf or 0 when
    it lies far outside single precision, which also keeps absurd inputs cheap."""
    per_digit = round(math.log(radix, base))  # exponent steps per digit: 1 or 4
    power = bounded_exponent(exponent) - per_digit * fraction_digits
    digits = digits.lstrip("0")
    if not digits:
        return Fraction(0)
    if len(digits) > 200:  # enough to round right, with a sticky last digit
        power += per_digit * (len(digits) - 201)
        digits = digits[:200] + ("1" if digits[200:].strip("0") else "0")
    low = (len(digits) - 1) * math.log2(radix) + power * math.log2(base)  # log2 of a lower bound
    if low > 130:
        return math.inf
    if low + math.log2(radix) < -160:
        return Fraction(0)
    return Fraction(int(digits, radix)) * Fraction(base) ** power


def parse_float32(text):
    """What strtof reads from the whole of text, or None if it is not a
    number: parsed straight to single precision, never through a double."""
    negative = text[:1] == "-"
    if NOT_FINITE.fullmatch(text):
        return math.nan if "nan" in text.lower() else (-math.inf if negative else math.inf)
    for pattern, radix, base in ((HEX, 16, 2), (DECIMAL, 10, 10)):
        match = pattern.fullmatch(text)
        if match:
            whole, fraction, bare_fraction, exponent = match.groups()
            fraction = (fraction if whole is not None else bare_fraction) or ""
            exact = exact_value((whole or "") + fraction, len(fraction), exponent, radix, base)
            value = nearest_float32(exact)
            return -value if negative else value
    return None


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
            sys.stdout.write(USAGE.format(prog=opt.prog, pad=" " * len(opt.prog)))
            sys.exit(0)
        elif arg.startswith("-") and arg != "-":
            fail(opt.prog, f"unknown option '{arg}'")
        else:
            fail(opt.prog, f"unexpected argument '{arg}'")
    derive_defaults(opt)
    return opt
