"""Checks of the generator (python/common/uni.py and the numpy program's
vector form) and of the numpy checksum.
Run from the repository root: python3 -m unittest discover -s python/tests"""

import importlib.util
import itertools
import os
import sys
import unittest

import numpy as np

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
        for traffic.BLOCK in (30, 100, 2**20):  # each block carries 97 terms into the next
            for seed in (0, 5743, 900000000):
                for n in (1, 96, 97, 100, 1000):
                    vector = np.concatenate(list(traffic.draws(seed, n)))
                    scalar = list(itertools.islice(uni.draws(seed), n))
                    self.assertEqual(vector.tolist(), scalar, f"seed {seed}, {n} draws, block {traffic.BLOCK}")

    def test_carry_far_away(self):
        # a position whose C * step is past int64 still steps exactly
        traffic = numpy_traffic()
        first = 2**62
        self.assertEqual(traffic.carries(first, 3).tolist(), [uni.carry(first + k) for k in range(3)])

    def test_threshold_is_single_precision(self):
        # 0.52 in single precision is 8724152 / 2^24 (in double, 8724152.32 / 2^24)
        self.assertEqual(uni.threshold(options.parse_float32("0.52")), 8724152)
        # 2^-30: only a draw of 0 is below it
        self.assertEqual(uni.threshold(options.parse_float32("9.3132257e-10")), 1)


class Checksum(unittest.TestCase):
    def test_blocks_add_up(self):
        traffic = numpy_traffic()
        traffic.BLOCK = 7
        road = np.zeros(52, dtype=bool)
        road[[1, 7, 8, 14, 15, 50]] = True  # cells 1..50, halos 0 and 51 empty
        self.assertEqual(traffic.checksum(road), 1 + 7 + 8 + 14 + 15 + 50)

    def test_exact_past_64_bits(self):
        # a full road of 2^32 + 2^20 cells: N(N+1)/2 > 2^63; a read-only view
        # of one cell, so it costs no memory (but some seconds)
        traffic = numpy_traffic()
        n = 2**32 + 2**20
        road = np.broadcast_to(np.True_, (n + 2,))
        self.assertEqual(traffic.checksum(road), n * (n + 1) // 2)


if __name__ == "__main__":
    unittest.main()
