"""``emergency-address audit`` on a generated organisation, against the library's audit alone.

Run: python benchmarks/cli.py [--numbers N] [--quick]   (default N = 1,000,000; --quick: 100,000)

Generates the example organisation at N numbers (examples/generate.py) in a temporary folder,
times the command end to end (a subprocess, output to /dev/null), then, in this process, each
stage the command goes through: reading the addresses, reading (and parsing) the numbers,
building the directory, the audit itself. Target: the command's time per number within 1.5x of
the library's audit alone.
"""

from __future__ import annotations

import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    numbers = 100_000 if "--quick" in sys.argv else 1_000_000
    if "--numbers" in sys.argv:
        numbers = int(sys.argv[sys.argv.index("--numbers") + 1])
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        start = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "examples" / "generate.py"), "--numbers", str(numbers),
                        "--out", str(out)], check=True, capture_output=True)  # fmt: skip
        print(f"generated {numbers:,} numbers in {time.perf_counter() - start:.1f} s")
        addresses_csv, numbers_csv = out / "addresses.csv", out / "numbers.csv"

        start = time.perf_counter()
        with open("/dev/null", "w") as sink:
            done = subprocess.run(
                [sys.executable, "-m", "emergency_address", "audit", str(addresses_csv), str(numbers_csv)],
                stdout=sink, stderr=subprocess.PIPE, text=True, check=False,
            )  # fmt: skip
        cli = time.perf_counter() - start
        if done.returncode not in (0, 1):
            raise SystemExit(done.stderr)

        from emergency_address import EmergencyDirectory, audit
        from emergency_address.formats.numbers import read_numbers_csv
        from emergency_address.formats.teams import read_csv

        stages = {}
        start = time.perf_counter()
        addresses = read_csv(addresses_csv)
        stages["read addresses"] = time.perf_counter() - start
        start = time.perf_counter()
        records = read_numbers_csv(numbers_csv)
        stages["read and parse numbers"] = time.perf_counter() - start
        start = time.perf_counter()
        directory = EmergencyDirectory.build(addresses=addresses, numbers=records)
        stages["build the directory"] = time.perf_counter() - start
        directory.policies.decide(records[0].number, "acquisition")
        start = time.perf_counter()
        report = audit(directory)
        stages["audit"] = time.perf_counter() - start

    per = 1e6 / numbers
    print(f"emergency-address audit, end to end: {cli:7.1f} s  {cli * per:6.1f} us per number "
          f"({len(report.findings):,} findings printed)")  # fmt: skip
    for name, seconds in stages.items():
        print(f"  {name:28} {seconds:7.1f} s  {seconds * per:6.1f} us per number")
    print(f"ratio to the library's audit alone: {cli / stages['audit']:.2f}x   (target <= 1.5x)")
    print(
        f"ratio to build + audit:             {cli / (stages['audit'] + stages['build the directory']):.2f}x"
    )


if __name__ == "__main__":
    main()
