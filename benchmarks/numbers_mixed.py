"""Reading numbers of every region, ours beside phonenumbers, cold and warm, pattern cache off/on.

Used by benchmarks/model.py (PhoneNumber.parse) and benchmarks/policy.py (decide from the raw
string); run alone: python benchmarks/numbers_mixed.py [--quick]

The corpus: every region's valid example numbers of every type (tests/number_corpus.py), each
in E.164, international and national form (the national one with its region), shuffled. The
peer is what an integrator does anyway: phonenumbers.parse + is_valid_number +
region_code_for_number on the same strings.

Times are CPU time of the process (time.process_time), which a machine shared with other work
disturbs less than the wall clock. Each figure comes from a fresh process, so that "cold" is the
first pass over the corpus right after the imports (it includes loading phonenumbers' metadata, and our tables being built from
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
    start = time.process_time()
    for t, r in cases:
        run(t, r)
    return (time.process_time() - start) / len(cases)
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


TABLES = """
import json, statistics, sys, time
import phonenumbers
from emergency_address import _numbering
codes = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
for code in codes:  # phonenumbers' own metadata loading is not ours to count
    for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[code]:
        _numbering.metadata_for(code, region)
builds = {}
for code in codes:
    start = time.process_time()
    _numbering.plan(code)
    builds[code] = time.process_time() - start
print(json.dumps(builds))
"""


def report_tables(quick: bool) -> None:
    """Building one calling code's tables (a fresh process, phonenumbers' metadata loaded
    first), and region + type of a parsed E.164 number, warm, beside phonenumbers'
    region_code_for_number + number_type on the same numbers."""
    import statistics
    import timeit

    import phonenumbers

    from emergency_address import PhoneNumber
    from emergency_address._numbering import plan

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(HERE.parent / "src")
    out = subprocess.run(
        [sys.executable, "-c", TABLES], capture_output=True, text=True, check=True, env=env
    )
    builds = {int(k): v for k, v in json.loads(out.stdout).items()}
    worst = max(builds, key=builds.__getitem__)
    print(
        f"number tables: build per calling code median {statistics.median(builds.values()) * 1e3:.2f}"
        f" ms, +1 {builds[1] * 1e3:.2f} ms, slowest +{worst} {builds[worst] * 1e3:.2f} ms,"
        f" all {len(builds)} codes {sum(builds.values()) * 1e3:.0f} ms"
    )
    numbers = {PhoneNumber.parse(t, r) for t, r in corpus()}
    ours = [(plan(n.country_code), n.national_number) for n in numbers]
    theirs = [phonenumbers.parse(n.e164) for n in numbers]
    for table, nsn in ours:  # warm both
        table.verdict(nsn)

    def mine() -> None:
        for table, nsn in ours:
            table.verdict(nsn)

    def peer() -> None:
        for x in theirs:
            phonenumbers.region_code_for_number(x)
            phonenumbers.number_type(x)

    peer()
    repeat = 3 if quick else 7
    timer = time.process_time
    t_mine = min(timeit.repeat(mine, timer=timer, number=1, repeat=repeat)) / len(ours)
    t_peer = min(timeit.repeat(peer, timer=timer, number=1, repeat=repeat)) / len(ours)
    print(
        f"region + type of {len(ours)} parsed numbers of every region: tables {t_mine * 1e6:.2f} us,"
        f" phonenumbers region_code_for_number + number_type {t_peer * 1e6:.2f} us"
        f" (pattern cache {'on' if getattr(phonenumbers.re_util, '_COMPILED_PATTERNS', None) is not None else 'off'})"
        f", ratio {t_mine / t_peer:.3f}x"
    )


if __name__ == "__main__":
    report_tables("--quick" in sys.argv)
    report("parse", "PhoneNumber.parse", "--quick" in sys.argv)
