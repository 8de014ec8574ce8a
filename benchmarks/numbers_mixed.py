"""Reading numbers of every region, ours beside phonenumbers, cold and warm, pattern cache off/on.

Used by benchmarks/model.py (PhoneNumber.parse) and benchmarks/policy.py (decide from the raw
string); run alone: python benchmarks/numbers_mixed.py [--quick]

The corpus: every region's valid example numbers of every type (tests/number_corpus.py), each
in E.164, international and national form (the national one with its region), shuffled. The
peer is what an integrator does anyway: phonenumbers.parse + is_valid_number +
region_code_for_number on the same strings.

Each figure comes from a fresh process, so that "cold" is the first pass over the corpus right
after the imports (it includes loading phonenumbers' metadata, and our tables being built from
it) and "warm" the best of the following passes. phonenumbers.enable_pattern_cache() flips a
process-wide switch that keeps every compiled metadata pattern; it is run for both sides in the
"on" processes. The library never calls it itself.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# What each worker times per string: "parse" reads the number; "decide" asks the default
# registry for the ACQUISITION decision from the raw string (no address).
WORK = {
    "parse": "from emergency_address import PhoneNumber\ndef ours(t, r): PhoneNumber.parse(t, r)\n",
    "decide": (
        "from emergency_address import default_registry\n"
        "registry = default_registry()\n"
        "def ours(t, r): registry.decide(t if r is None else __import__("
        "'emergency_address').PhoneNumber.parse(t, r), 'acquisition')\n"
    ),
}

WORKER = """
import json, sys, time
cases = [tuple(c) for c in json.load(open(sys.argv[1]))]
side, cache, work, passes = sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
import phonenumbers
{work}
def peer(t, r):
    x = phonenumbers.parse(t, r)
    phonenumbers.is_valid_number(x)
    phonenumbers.region_code_for_number(x)
if cache == "on":
    phonenumbers.enable_pattern_cache()
run = ours if side == "ours" else peer
def one_pass():
    start = time.perf_counter()
    for t, r in cases:
        run(t, r)
    return (time.perf_counter() - start) / len(cases)
cold = one_pass()
warm = min(one_pass() for _ in range(passes))
print(json.dumps([cold, warm]))
"""


def corpus(seed: int = 1) -> list[tuple[str, str | None]]:
    sys.path.insert(0, str(HERE.parent / "tests"))
    import number_corpus

    cases = [c for c in number_corpus.example_cases() if number_corpus.theirs(*c)[0]]
    random.Random(seed).shuffle(cases)
    return cases


def measure(work: str, quick: bool) -> dict[tuple[str, str], tuple[float, float]]:
    """(side, cache) -> (cold, warm) seconds per string, each from a fresh process."""
    cases = corpus()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(HERE.parent / "src"), env.get("PYTHONPATH", "")) if p
    )
    code = WORKER.format(work=WORK[work])
    results = {}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as stream:
        json.dump(cases, stream)
    try:
        for cache in ("off", "on"):
            for side in ("ours", "peer"):
                args = [stream.name, side, cache, work, "1" if quick else "3"]
                out = subprocess.run(
                    [sys.executable, "-c", code, *args],
                    capture_output=True,
                    text=True,
                    check=True,
                    env=env,
                )
                cold, warm = json.loads(out.stdout)
                results[(side, cache)] = (cold, warm)
    finally:
        os.unlink(stream.name)
    return results


def report(work: str, label: str, quick: bool) -> None:
    started = time.perf_counter()
    results = measure(work, quick)
    print(f"{label}: {len(corpus())} strings of every region (E.164, international, national)")
    for cache in ("off", "on"):
        ours, peer = results[("ours", cache)], results[("peer", cache)]
        print(f"  phonenumbers pattern cache {cache}:")
        for i, phase in enumerate(("cold (first pass)", "warm")):
            print(
                f"    {phase:18} ours {ours[i] * 1e6:8.2f} us   phonenumbers parse+valid+region "
                f"{peer[i] * 1e6:8.2f} us   ratio {ours[i] / peer[i]:5.3f}x"
            )
    print(f"  (measured in {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    report("parse", "PhoneNumber.parse", "--quick" in sys.argv)
