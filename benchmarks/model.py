"""Benchmarks of the value objects, each printed as a ratio against the peer it names.

Run: python benchmarks/model.py [--quick]

- CivicAddress construction vs a bare attrs frozen class of the same fields (target <= 3x).
- PhoneNumber.parse vs phonenumbers.parse + is_valid_number + region_code_for_number (<= 1.2x);
  and on every region's example numbers in E.164 and national forms, cold and warm, with
  phonenumbers' pattern cache off and on (benchmarks/numbers_mixed.py).
- Memory held per CivicAddress, 1,000,000 realistic addresses (target <= 400 bytes).
- `import emergency_address` over importing attrs, phonenumbers and pycountry (target <= 10 ms).
"""

from __future__ import annotations

import gc
import os
import platform
import random
import statistics
import subprocess
import sys
import timeit
import tracemalloc

import attrs
import phonenumbers

from emergency_address import CivicAddress, PhoneNumber
from emergency_address._civic import CIVIC_FIELDS

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numbers_mixed

QUICK = "--quick" in sys.argv

BareCivic = attrs.make_class(
    "BareCivic",
    {name: attrs.field(default=None, kw_only=True) for name, _, _ in CIVIC_FIELDS}
    | {"language": attrs.field(default=None, kw_only=True)},
    frozen=True,
    slots=True,
)

STREETS = ["Main", "Oak", "Pine", "Maple", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park"]
SUFFIXES = ["St", "Ave", "Blvd", "Rd", "Ln", "Dr", "Way", "Ct"]
CITIES = [
    ("Seattle", "WA", "981"),
    ("Austin", "TX", "787"),
    ("Denver", "CO", "802"),
    ("Boston", "MA", "021"),
    ("Miami", "FL", "331"),
    ("Chicago", "IL", "606"),
]


def realistic(rng: random.Random) -> dict[str, str]:
    city, state, zip3 = rng.choice(CITIES)
    return {
        "country": "US",
        "house_number": str(rng.randint(1, 99999)),
        "street_name": rng.choice(STREETS),
        "street_suffix": rng.choice(SUFFIXES),
        "city": city,
        "state": state,
        "postal_code": f"{zip3}{rng.randint(0, 99):02d}",
        "name": "Contoso Inc.",
    }


def best(stmt: object, number: int, repeat: int = 5) -> float:
    return min(timeit.repeat(stmt, number=number, repeat=repeat)) / number  # type: ignore[arg-type]


def bench_construction() -> None:
    rng = random.Random(1)
    rows = [realistic(rng) for _ in range(1000)]
    n = 20 if QUICK else 200

    def ours() -> None:
        for r in rows:
            CivicAddress(**r)

    def bare() -> None:
        for r in rows:
            BareCivic(**r)

    t_ours, t_bare = best(ours, n) / len(rows), best(bare, n) / len(rows)
    print(f"CivicAddress(...)            {t_ours * 1e6:8.2f} us")
    print(f"bare attrs frozen class      {t_bare * 1e6:8.2f} us")
    print(f"  ratio                      {t_ours / t_bare:8.2f}x   (target <= 3x)")


NUMBERS = [
    "+1 206 555 0142",
    "+1 416 555 0199",
    "+1 787 555 0199",
    "+44 20 7946 0000",
    "+44 7911 123456",
    "+49 30 2270",
    "+33 1 42 92 81 00",
    "+31 20 555 1234",
    "+61 2 9876 5432",
    "+353 1 234 5678",
    "+800 1234 5678",
    "+1 800 555 0100",
]


def bench_phone() -> None:
    n = 200 if QUICK else 2000

    def ours() -> None:
        for text in NUMBERS:
            PhoneNumber.parse(text)

    def peer() -> None:
        for text in NUMBERS:
            x = phonenumbers.parse(text, None)
            phonenumbers.is_valid_number(x)
            phonenumbers.region_code_for_number(x)

    t_ours, t_peer = best(ours, n) / len(NUMBERS), best(peer, n) / len(NUMBERS)
    print(f"PhoneNumber.parse (12 numbers) {t_ours * 1e6:6.2f} us")
    print(f"phonenumbers parse+valid+region {t_peer * 1e6:5.2f} us")
    print(f"  ratio                      {t_ours / t_peer:8.2f}x   (target <= 1.2x)")
    # Every region, E.164 and national forms, cold and warm, pattern cache off and on.
    numbers_mixed.report_tables(QUICK)
    numbers_mixed.report("parse", "PhoneNumber.parse, mixed corpus", QUICK)


def bench_memory() -> None:
    count = 100_000 if QUICK else 1_000_000
    rng = random.Random(2)
    # Two loads of the same data. "fresh": every value is a new string, as csv.reader yields them
    # (the city "Seattle" is stored a million times). "shared": a loader that keeps one string per
    # distinct value within the load. Both count everything the addresses hold: the objects and
    # every string only they refer to (in "shared", each distinct string once; the loader's
    # dict itself is dropped after the load and not counted). formats.teams.read_csv and
    # formats.numbers.read_numbers_csv load the "shared" way.
    for mode in ("fresh", "shared"):
        pool: dict[str, str] = {}
        gc.collect()
        tracemalloc.start()
        addresses = []
        for _ in range(count):
            row = realistic(rng)
            if mode == "fresh":
                row = {k: "".join(v) if len(v) > 1 else v for k, v in row.items()}
            else:
                row = {k: pool.setdefault(v, v) for k, v in row.items()}
            addresses.append(CivicAddress(**row))
        held = (
            tracemalloc.get_traced_memory()[0]
            - sys.getsizeof(addresses)
            - (sys.getsizeof(pool) if mode == "shared" else 0)
        )
        tracemalloc.stop()
        print(
            f"memory per CivicAddress ({mode:6}) {held / count:8.1f} bytes over {count:,} addresses "
            f"(target <= 400)"
        )
        del addresses
    print(f"  the object alone           {sys.getsizeof(CivicAddress(country='US')):8d} bytes")
    a, b = CivicAddress(country="fr"), CivicAddress(country="FR")
    print(f"  country code shared        {a.country is b.country}")


def bench_import() -> None:
    import compileall
    import os

    import emergency_address

    # Installed wheels ship with bytecode; an editable checkout may not (PYTHONDONTWRITEBYTECODE),
    # so compile ours first to compare like with like.
    compileall.compile_dir(os.path.dirname(emergency_address.__file__), quiet=1)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    code = (
        "import time; t0 = time.perf_counter(); import attrs, phonenumbers, pycountry; "
        "t1 = time.perf_counter(); import emergency_address; t2 = time.perf_counter(); "
        "[getattr(emergency_address, n) for n in emergency_address.__all__]; "
        "t3 = time.perf_counter(); print(t1 - t0, t2 - t1, t3 - t1)"
    )
    runs = 5 if QUICK else 21
    deps, ours, full = [], [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        )
        a, b, c = map(float, out.stdout.split())
        deps.append(a)
        ours.append(b)
        full.append(c)
    print(
        f"import attrs+phonenumbers+pycountry {statistics.median(deps) * 1e3:6.1f} ms (median of {runs})"
    )
    print(
        f"import emergency_address on top     {statistics.median(ours) * 1e3:6.1f} ms   (target <= 10 ms)"
    )
    print(f"  ... and load every public name    {statistics.median(full) * 1e3:6.1f} ms")


def main() -> None:
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"Python {platform.python_version()}, phonenumbers {phonenumbers.__version__}, "
        f"attrs {attrs.__version__}"
    )
    bench_construction()
    bench_phone()
    bench_memory()
    bench_import()


if __name__ == "__main__":
    main()
