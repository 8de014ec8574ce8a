"""The cost of one example drawn from our hypothesis strategies, against hypothesis' own.

Run: python benchmarks/strategies.py [--quick]

Each strategy runs under ``@given`` for a number of examples (generation, the test call and
hypothesis' bookkeeping: what a property test pays); CPU time per example, best of three rounds.
The peer is hypothesis drawing one ``st.text()`` per example, the smallest useful draw. Target:
an ``emergency_addresses()`` example in at most 5 ms, whatever the machine's other load (CPU
time, not wall time).
"""

from __future__ import annotations

import platform
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emergency_address.strategies import (
    civic_addresses,
    directories,
    emergency_addresses,
    locations,
    number_records,
    phone_numbers,
)

QUICK = "--quick" in __import__("sys").argv
EXAMPLES = 60 if QUICK else 300


def per_example(strategy: st.SearchStrategy[object]) -> float:
    """CPU seconds per example of a test that only draws from ``strategy``."""
    count = 0

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def draw(value: object) -> None:
        nonlocal count
        count += 1

    start = time.process_time()
    draw()
    return (time.process_time() - start) / max(count, 1)


def main() -> None:
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    cases = [
        ("st.text()  (peer)", st.text()),
        ("phone_numbers()", phone_numbers()),
        ("civic_addresses()", civic_addresses()),
        ("locations()", locations()),
        ("emergency_addresses()", emergency_addresses()),
        ("emergency_addresses(portable=True)", emergency_addresses(portable=True)),
        ("number_records()", number_records()),
        ("directories()", directories()),
        ("directories(compliant=False)", directories(compliant=False)),
    ]
    for _, strategy in cases:  # warm up: data loaded, strategies built, caches filled
        per_example(strategy)
    rounds = 1 if QUICK else 3
    timings = {name: min(per_example(s) for _ in range(rounds)) for name, s in cases}
    peer = timings["st.text()  (peer)"]
    print(f"{EXAMPLES} examples per run, CPU time per example, best of {rounds}")
    for name, seconds in timings.items():
        print(f"{name:36} {seconds * 1e3:7.2f} ms   {seconds / peer:6.1f}x the peer")
    target = timings["emergency_addresses()"] * 1e3
    print(f"emergency_addresses(): {target:.2f} ms per example (target <= 5 ms)")


if __name__ == "__main__":
    main()
