"""The command line of SPEC sections 3.1 and 4.1, read in-process (the usage
and the programs' other failures are in test_programs.py).
Run from the repository root: python3 -m unittest discover -s python/tests"""

import contextlib
import io
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "common"))

import options  # noqa: E402

CELLS = "(allowed: N >= 1)"
SEED = "(allowed: 0 <= N <= 900000000)"
DENSITY = "(allowed: 0 <= X <= 1)"

# arguments -> the one line on stderr (after "traffic.py: ")
BAD_INPUT = [
    (["--foo"], "unknown option '--foo'"),
    (["--cell", "5"], "unknown option '--cell'"),
    (["--trace=yes"], "unknown option '--trace=yes'"),
    (["--help=1"], "unknown option '--help=1'"),
    (["-c", "5"], "unknown option '-c'"),
    (["--"], "unknown option '--'"),
    (["foo"], "unexpected argument 'foo'"),
    (["-"], "unexpected argument '-'"),
    ([""], "unexpected argument ''"),
    (["--cells"], f"--cells needs a value {CELLS}"),
    (["--trace", "--seed"], f"--seed needs a value {SEED}"),
    (["--cells", "--trace"], f"--cells '--trace' is not an integer {CELLS}"),
    (["--cells="], f"--cells '' is not an integer {CELLS}"),
    (["--cells", "abc"], f"--cells 'abc' is not an integer {CELLS}"),
    (["--cells", "1_000"], f"--cells '1_000' is not an integer {CELLS}"),
    (["--cells", " 5"], f"--cells ' 5' is not an integer {CELLS}"),
    (["--cells", "5 "], f"--cells '5 ' is not an integer {CELLS}"),
    (["--cells", "\u0663"], f"--cells '\u0663' is not an integer {CELLS}"),  # Arabic-Indic 3
    (["--cells", "0x10"], f"--cells '0x10' is not an integer {CELLS}"),
    (["--cells", "1e3"], f"--cells '1e3' is not an integer {CELLS}"),
    (["--cells", "+-1"], f"--cells '+-1' is not an integer {CELLS}"),
    (["--cells", "0"], f"--cells '0' is out of range {CELLS}"),
    (["--cells", "-5"], f"--cells '-5' is out of range {CELLS}"),
    (["--cells", "9223372036854775808"], f"--cells '9223372036854775808' is out of range {CELLS}"),
    (["--cells", "99999999999999999999"], f"--cells '99999999999999999999' is out of range {CELLS}"),
    (["--cells", "-" + "9" * 5000], f"--cells '-{'9' * 5000}' is out of range {CELLS}"),
    (["--iterations=0"], f"--iterations '0' is out of range {CELLS}"),
    (["--report", "0"], f"--report '0' is out of range {CELLS}"),
    (["--seed", "-1"], f"--seed '-1' is out of range {SEED}"),
    (["--seed", "900000001"], f"--seed '900000001' is out of range {SEED}"),
    (["--density", "x"], f"--density 'x' is not a number {DENSITY}"),
    (["--density="], f"--density '' is not a number {DENSITY}"),
    (["--density", "0x1p-1"], f"--density '0x1p-1' is not a number {DENSITY}"),
    (["--density", "1,5"], f"--density '1,5' is not a number {DENSITY}"),
    (["--density", "1.5d0"], f"--density '1.5d0' is not a number {DENSITY}"),
    (["--density", " 0.5"], f"--density ' 0.5' is not a number {DENSITY}"),
    (["--density", "0.5 "], f"--density '0.5 ' is not a number {DENSITY}"),
    (["--density", "1_0"], f"--density '1_0' is not a number {DENSITY}"),
    (["--density", "."], f"--density '.' is not a number {DENSITY}"),
    (["--density", "1e"], f"--density '1e' is not a number {DENSITY}"),
    (["--density", "nan(1)"], f"--density 'nan(1)' is not a number {DENSITY}"),
    (["--density", "infin"], f"--density 'infin' is not a number {DENSITY}"),
    (["--density", "\uff10.5"], f"--density '\uff10.5' is not a number {DENSITY}"),  # fullwidth 0
    (["--density", "nan"], f"--density 'nan' is out of range {DENSITY}"),
    (["--density", "-NaN"], f"--density '-NaN' is out of range {DENSITY}"),
    (["--density", "INF"], f"--density 'INF' is out of range {DENSITY}"),
    (["--density", "+Infinity"], f"--density '+Infinity' is out of range {DENSITY}"),
    (["--density", "1.5"], f"--density '1.5' is out of range {DENSITY}"),
    (["--density", "-0.1"], f"--density '-0.1' is out of range {DENSITY}"),
    (["--density", "1.0000001"], f"--density '1.0000001' is out of range {DENSITY}"),
    (["--density", "1e999999999999999999999"], f"--density '1e999999999999999999999' is out of range {DENSITY}"),
    # left to right, stopping at the first error; every repeated value checked
    (["--cells", "abc", "--help"], f"--cells 'abc' is not an integer {CELLS}"),
    (["--cells", "abc", "--cells", "5"], f"--cells 'abc' is not an integer {CELLS}"),
    (["--cells", "5", "--cells", "abc"], f"--cells 'abc' is not an integer {CELLS}"),
    (["--seed", "-1", "foo"], f"--seed '-1' is out of range {SEED}"),
    (["foo", "--seed", "-1"], "unexpected argument 'foo'"),
]


def parse(*args):
    return options.parse(["/some/path/traffic.py", *args])


class BadInput(unittest.TestCase):
    def test_each_fault_is_its_line_and_status_2(self):
        for args, message in BAD_INPUT:
            with self.subTest(args=args):
                stderr = io.StringIO()
                with contextlib.redirect_stderr(stderr), self.assertRaises(SystemExit) as exit:
                    parse(*args)
                self.assertEqual(exit.exception.code, 2)
                self.assertEqual(stderr.getvalue(), f"traffic.py: {message}\n")


class GoodInput(unittest.TestCase):
    def test_defaults(self):
        opt = parse()
        values = (opt.cells, opt.iterations, opt.seed, opt.report, opt.trace)
        self.assertEqual(values, (10240000, 100, 5743, 10, False))
        self.assertEqual(opt.density, 0.519999980926513671875)  # 0.52 in single precision

    def test_forms_and_last_value(self):
        opt = parse("--cells=+0003", "--cells", "7", "--seed", "-0", "--iterations=5", "--report", "2", "--trace")
        values = (opt.cells, opt.iterations, opt.seed, opt.report, opt.trace)
        self.assertEqual(values, (7, 5, 0, 2, True))
        self.assertEqual(parse("--cells", "9223372036854775807").cells, 2**63 - 1)
        self.assertEqual(parse("--seed", "900000000").seed, 900000000)

    def test_derived_defaults(self):
        self.assertEqual(parse("--cells", "2048000000").iterations, 1)
        self.assertEqual(parse("--cells", "1000").iterations, 1024000)
        self.assertEqual(parse("--iterations", "9").report, 1)

    def test_density_forms(self):
        for text, value in [
            ("0.5", 0.5), (".5", 0.5), ("5e-1", 0.5), ("+0.5", 0.5), ("0.5e+0", 0.5), ("50E-2", 0.5),
            ("1", 1.0), ("1.", 1.0), ("0", 0.0), ("-0", 0.0), ("000.25000", 0.25),
            ("1.00000001", 1.0),  # rounds to 1 in single precision: in range
            ("1e-99999999999999999999999", 0.0),
            ("0." + "0" * 300 + "1", 0.0),
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse("--density", text).density, value)


class Density(unittest.TestCase):
    def test_rounds_once_straight_to_single(self):
        # halfway between 1 and the next single, plus 1e-28: through a double
        # it would round to the halfway point and then to even (1.0)
        above_halfway = "1.0000000596046447753906250001"
        self.assertEqual(options.parse_float32(above_halfway), 1.00000011920928955078125)
        self.assertEqual(options.parse_float32("1.000000059604644775390625"), 1.0)
        self.assertEqual(options.parse_float32("1" + "0" * 250 + "e-250"), 1.0)  # long digit strings
        self.assertEqual(options.parse_float32("0.1"), 0.100000001490116119384765625)
        self.assertEqual(options.parse_float32("7e-46"), 0.0)  # below half the least subnormal
        self.assertEqual(options.parse_float32("8e-46"), 2**-149)
        self.assertEqual(options.parse_float32("3.4028235e38"), 3.4028234663852886e38)
        self.assertEqual(options.parse_float32("3.5e38"), float("inf"))

    def test_words_and_other_text(self):
        self.assertEqual(options.parse_float32("-inf"), float("-inf"))
        self.assertNotEqual(options.parse_float32("NAN"), options.parse_float32("NAN"))  # a NaN
        for text in ("0x1p-1", "0X.8", "nan()", "1e+", "e1", "+", "", "1.5f", "١"):
            with self.subTest(text=text):
                self.assertIsNone(options.parse_float32(text))


if __name__ == "__main__":
    unittest.main()
