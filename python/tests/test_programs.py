"""Both Python programs run as the user runs them: the usage (SPEC 3.2), bad
input, no memory and output that cannot be written (section 4), and the
--trace record against the C reference (section 5).
Run from the repository root: python3 -m unittest discover -s python/tests"""

import os
import signal
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PROGRAMS = {name: os.path.join(ROOT, "python", name, "traffic.py") for name in ("ser", "numpy")}
C_SER = os.path.join(ROOT, "bin", "c-ser")


def run(program, *args, **kwargs):
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run([sys.executable, program, *args], stderr=subprocess.PIPE, text=True, **kwargs)


def spec_usage(prog):
    """The usage of SPEC 3.2, for a program named prog."""
    with open(os.path.join(ROOT, "docs", "SPEC.md")) as f:
        spec = f.read()
    block = spec[spec.index("    usage: c-ser") : spec.index("A program's own options")].rstrip("\n")
    usage = "\n".join(line[4:] for line in block.split("\n")) + "\n"
    return usage.replace("c-ser", prog).replace(" " * 13 + "[--report", " " * (len(prog) + 8) + "[--report")


class Programs(unittest.TestCase):
    def assertFails(self, result, status, line):
        self.assertEqual((result.returncode, result.stderr), (status, f"traffic.py: {line}\n"))
        if result.stdout is not None:
            self.assertEqual(result.stdout, "")

    def test_usage(self):
        for name, program in PROGRAMS.items():
            with self.subTest(program=name):
                for args in (["--help"], ["-h"], ["--help", "--cells", "abc"]):
                    result = run(program, *args)
                    expected = (0, spec_usage("traffic.py"), "")
                    self.assertEqual((result.returncode, result.stdout, result.stderr), expected)

    def test_bad_input(self):
        for name, program in PROGRAMS.items():
            with self.subTest(program=name):
                result = run(program, "--cells", "--trace")
                self.assertFails(result, 2, "--cells '--trace' is not an integer (allowed: N >= 1)")
                result = run(program, "--cells", "abc", "--help")
                self.assertFails(result, 2, "--cells 'abc' is not an integer (allowed: N >= 1)")

    def test_no_memory(self):
        for name, program in PROGRAMS.items():
            with self.subTest(program=name):
                for cells in (2**63 - 1, 10**15, 2**40):
                    result = run(program, "--cells", str(cells), "--trace")
                    self.assertFails(result, 1, f"cannot allocate memory for {cells} cells")

    @unittest.skipUnless(os.path.exists("/dev/full"), "no /dev/full")
    def test_full_device(self):
        for name, program in PROGRAMS.items():
            with self.subTest(program=name):
                for args in (["--cells=10", "--iterations=3"], ["--cells=10", "--iterations=3000", "--trace"], ["-h"]):
                    with open("/dev/full", "w") as full:
                        result = run(program, *args, stdout=full)
                    self.assertFails(result, 1, "cannot write output: No space left on device")

    def test_closed_stdout(self):
        for name, program in PROGRAMS.items():
            with self.subTest(program=name):
                for args in (["--cells", "10", "--iterations", "3", "--trace"], ["--help"]):
                    # fd 1 closed in the child before it starts, as `>&-` does
                    result = run(program, *args, stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1))
                    self.assertFails(result, 1, "cannot write output: Bad file descriptor")

    def test_reader_going_away(self):
        # as `| head -1`: killed by SIGPIPE, quietly
        for name, program in PROGRAMS.items():
            with self.subTest(program=name):
                args = [sys.executable, program, "--cells", "10", "--iterations", "20000", "--trace"]
                with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as child:
                    self.assertTrue(child.stdout.readline().startswith("cars "))
                    child.stdout.close()
                    self.assertEqual(child.stderr.read(), "")
                    self.assertEqual(child.wait(), -signal.SIGPIPE)

    @unittest.skipUnless(os.access(C_SER, os.X_OK), "bin/c-ser not built")
    def test_trace_equals_c_ser(self):
        def record(command):
            result = subprocess.run(command, capture_output=True, text=True, check=True)
            return [line for line in result.stdout.splitlines() if line.split()[0] not in {"seconds", "mcops"}]

        for args in (
            ["--cells", "1000", "--iterations", "50", "--density", "0.3", "--seed", "42"],
            ["--cells", "1", "--iterations", "3", "--density", "1"],
            ["--cells", "97", "--iterations", "5", "--density", ".52", "--seed", "900000000"],
        ):
            expected = record([C_SER, *args, "--trace"])
            for name, program in PROGRAMS.items():
                with self.subTest(program=name):
                    self.assertEqual(record([sys.executable, program, *args, "--trace"]), expected)


if __name__ == "__main__":
    unittest.main()
