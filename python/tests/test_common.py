"""Checks of python/common and the numpy road generator.
Run from the repository root: python3 -m unittest discover -s python/tests"""

import importlib.util
import itertools
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "python", "common"))

import options  # noqa: E402
import uni  # noqa: E402

VECTORS = os.path.join(ROOT, "tests", "vectors", "uni-draws.txt")


def known_draws():
    """{seed: {index: integer draw}} from the contract's vectors file."""
    table, seed = {}, None
    with open(VECTORS) as f:
        for line in f:
            line = line.strip()
            if line.startswith("seed "):
                seed = int(line.split()[1])
                table[seed] = {}
            elif ":" in line and not line.startswith("#"):
                index, value = line.split(":")
                table[seed][int(index)] = int(value)
    return table


def numpy_traffic():
    path = os.path.join(ROOT, "python", "numpy", "traffic.py")
    spec = importlib.util.spec_from_file_location("numpy_traffic", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Generator(unittest.TestCase):
    def test_scalar_draws_match_vectors(self):
        for seed, expected in known_draws().items():
            got = list(itertools.islice(uni.draws(seed), max(expected) + 1))
            for index, value in expected.items():
                self.assertEqual(got[index], value, f"seed {seed} draw {index}")

    def test_vector_draws_match_scalar(self):
        traffic = numpy_traffic()
        for seed in (0, 5743, 900000000):
            n = 1000
            vector = (traffic.lagged_terms(seed, n) - traffic.carries(n)) & uni.MASK
            self.assertEqual(vector.tolist(), list(itertools.islice(uni.draws(seed), n)))

    def test_threshold_is_single_precision(self):
        # 0.52 in single precision is 8724152 / 2^24 (in double, 8724152.32 / 2^24)
        self.assertEqual(uni.threshold(options.parse_float32("0.52")), 8724152)
        self.assertEqual(uni.threshold(options.parse_float32("0x1p-30")), 1)


class Density(unittest.TestCase):
    def test_rounds_straight_to_single(self):
        # halfway between 1 and the next single plus 1e-28: a double would
        # round it to the halfway point and then to even (1.0)
        self.assertEqual(options.parse_float32("1.0000000596046447753906250001"), 1.00000011920928955078125)
        self.assertEqual(options.parse_float32("1.000000059604644775390625"), 1.0)
        self.assertEqual(options.parse_float32("0x1p-1"), 0.5)
        self.assertEqual(options.parse_float32("7e-46"), 0.0)
        self.assertIsNone(options.parse_float32("1e"))


class CommandLine(unittest.TestCase):
    def run_ser(self, *args):
        program = os.path.join(ROOT, "python", "ser", "traffic.py")
        return subprocess.run([sys.executable, program, *args], capture_output=True, text=True)

    def test_bad_input_is_one_line_and_status_2(self):
        result = self.run_ser("--cells", "--trace")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stdout, "")
        self.assertEqual(result.stderr, "traffic.py: --cells '--trace' is not an integer (allowed: N >= 1)\n")

    def test_trace_record(self):
        result = self.run_ser("--cells=10", "--iterations", "2", "--seed", "42", "--trace")
        lines = result.stdout.splitlines()
        keys = [line.split()[0] for line in lines]
        self.assertEqual(keys, ["cars", "moves", "moves", "checksum", "seconds", "mcops"])


if __name__ == "__main__":
    unittest.main()
