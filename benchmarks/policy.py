"""Benchmarks of decide(), printed as ratios against phonenumbers on the same numbers.

Run: python benchmarks/policy.py [--quick]

The peer is what an integrator does anyway: phonenumbers.parse + is_valid_number +
region_code_for_number of the same number.

- decide() on an already parsed PhoneNumber, with an address (target <= 0.25x the peer);
- decide() from the raw string (target <= 1.3x the peer);
- the first decide() in a fresh process, after import (target <= 5 ms);
- the same-area countries separately: their check reads phonenumbers' geocoding data;
- the first same-area decide() in a fresh process, per country (target <= 20 ms);
- decide() from the raw string on every region's example numbers (E.164 and national forms),
  cold and warm, with phonenumbers' pattern cache off and on (benchmarks/numbers_mixed.py).
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import timeit

import phonenumbers

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numbers_mixed

from emergency_address import (
    CivicAddress,
    EmergencyAddress,
    GeoPoint,
    PhoneNumber,
    default_registry,
)
from emergency_address.testing import validated

QUICK = "--quick" in sys.argv


def address(country: str, city: str, state: str | None = None) -> EmergencyAddress:
    return validated(
        EmergencyAddress(
            id=f"{country}-{city}",
            company_name="Contoso",
            company_tax_id="123456789",
            civic=CivicAddress(
                country=country,
                house_number="1",
                street_name="Main",
                city=city,
                state=state,
                postal_code="12345",
            ),
            geo=GeoPoint(latitude=1, longitude=1),
        )
    )


# (number, event, address) as an integrator would ask: most countries without the area rule.
CASES = [
    ("+1 206 555 0142", "assignment", address("US", "Seattle", "WA")),
    ("+1 212 555 0100", "assignment", address("US", "New York", "NY")),
    ("+1 416 555 0199", "assignment", address("CA", "Toronto", "ON")),
    ("+1 787 622 1234", "assignment", address("PR", "San Juan")),
    ("+44 20 7946 0000", "acquisition", address("GB", "London")),
    ("+44 161 496 0000", "port_in", address("GB", "Manchester")),
    ("+43 1 2345678", "acquisition", address("AT", "Wien")),
    ("+39 06 1234 5678", "acquisition", address("IT", "Roma", "RM")),
    ("+46 8 123 456 78", "acquisition", address("SE", "Stockholm")),
    ("+61 2 9876 5432", "acquisition", address("AU", "Sydney", "NSW")),
]
AREA_CASES = [
    ("+49 30 23456", "acquisition", address("DE", "Berlin")),
    ("+33 1 23 45 67 82", "acquisition", address("FR", "Paris")),
    ("+31 20 234 5678", "acquisition", address("NL", "Amsterdam")),
    ("+34 91 234 56 78", "acquisition", address("ES", "Madrid")),
]


def best(stmt: object, number: int) -> float:
    return min(timeit.repeat(stmt, number=number, repeat=5)) / number  # type: ignore[arg-type]


def peer_time(texts: list[str], n: int) -> float:
    def peer() -> None:
        for text in texts:
            x = phonenumbers.parse(text, None)
            phonenumbers.is_valid_number(x)
            phonenumbers.region_code_for_number(x)

    return best(peer, n) / len(texts)


def bench(label: str, cases: list[tuple[str, str, EmergencyAddress]], n: int) -> None:
    registry = default_registry()
    parsed = [(PhoneNumber.parse(t), e, a) for t, e, a in cases]
    for number, event, addr in parsed:  # warm the caches (policy data, area index)
        registry.decide(number, event, addr)

    def from_parsed() -> None:
        for number, event, addr in parsed:
            registry.decide(number, event, addr)

    def from_text() -> None:
        for text, event, addr in cases:
            registry.decide(text, event, addr)

    t_peer = peer_time([t for t, _, _ in cases], n)
    t_parsed = best(from_parsed, n) / len(cases)
    t_text = best(from_text, n) / len(cases)
    print(f"{label}")
    print(f"  phonenumbers parse+valid+region {t_peer * 1e6:8.2f} us  (peer)")
    print(
        f"  decide(parsed number, address)  {t_parsed * 1e6:8.2f} us  {t_parsed / t_peer:5.2f}x  (target <= 0.25x)"
    )
    print(
        f"  decide(raw string, address)     {t_text * 1e6:8.2f} us  {t_text / t_peer:5.2f}x  (target <= 1.3x)"
    )


def bench_first_decide() -> None:
    # Three cold starts, each in a fresh process: what the first decide() costs right after
    # `import emergency_address` (our imports are lazy, so this includes importing pycountry);
    # after the dependencies are imported too; and with the number already parsed, so that
    # only building the registry and deciding remain.
    setups = {
        "after import emergency_address": (
            "import emergency_address as ea",
            "p = ea.PhoneNumber.parse('+1 206 555 0142')",
        ),
        "after importing its dependencies too": (
            "import emergency_address as ea, attrs, phonenumbers, pycountry",
            "p = ea.PhoneNumber.parse('+1 206 555 0142')",
        ),
        "... and with the number parsed": (
            "import emergency_address as ea, attrs, phonenumbers, pycountry; p = ea.PhoneNumber.parse('+1 206 555 0142'); ea.CivicAddress(country='US')",
            "pass",
        ),
    }
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    runs = 5 if QUICK else 21
    for label, (setup, timed) in setups.items():
        code = (
            f"import time; {setup}; t0 = time.perf_counter(); {timed}; "
            "ea.default_registry().decide(p, 'assignment'); print(time.perf_counter() - t0)"
        )
        subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
        times = [
            float(
                subprocess.run(
                    [sys.executable, "-c", code],
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )
            for _ in range(runs)
        ]
        print(
            f"first decide() {label:38} {statistics.median(times) * 1e3:6.2f} ms (median of {runs}; target <= 5 ms)"
        )


def bench_first_same_area_decide() -> None:
    # Each in a fresh process, with the library and its dependencies imported, the registry
    # built and the number parsed: what the first same-area check costs (reading the calling
    # code's geocoding text, building its number tables' area-code rules).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    runs = 3 if QUICK else 11
    for number, _, addr in AREA_CASES + EXTRA_AREA_CASES:
        city = addr.civic.city
        country = addr.civic.country
        code = (
            "import time, emergency_address as ea, attrs, phonenumbers, pycountry\n"
            f"a = ea.CivicAddress(country={country!r}, city={city!r}, street_name='Main', "
            "house_number='1', postal_code='12345')\n"
            "addr = ea.EmergencyAddress(id='a', company_name='C', civic=a)\n"
            f"r = ea.default_registry(); p = ea.PhoneNumber.parse({number!r})\n"
            "t0, c0 = time.perf_counter(), time.process_time()\n"
            "r.decide(p, 'acquisition', addr)\n"
            "print(time.perf_counter() - t0, time.process_time() - c0)"
        )
        times = [
            [
                float(x)
                for x in subprocess.run(
                    [sys.executable, "-c", code],
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout.split()
            ]
            for _ in range(runs)
        ]
        wall = statistics.median(t for t, _ in times)
        cpu = statistics.median(c for _, c in times)
        print(
            f"first same-area decide() {country} {city:10} {wall * 1e3:6.2f} ms, CPU {cpu * 1e3:6.2f}"
            f" ms (median of {runs}; target <= 20 ms)"
        )


EXTRA_AREA_CASES = [
    ("+32 2 234 56 78", "acquisition", address("BE", "Brussel")),
    ("+353 1 234 5678", "acquisition", address("IE", "Dublin")),
]


def main() -> None:
    print(
        f"machine: {platform.machine()}, Python {platform.python_version()}, "
        f"phonenumbers {phonenumbers.__version__}"
    )
    n = 200 if QUICK else 2000
    bench("10 numbers of 8 countries without the area rule", CASES, n)
    bench("4 numbers of same-area countries (DE, FR, NL, ES)", AREA_CASES, n // 4)
    bench_first_decide()
    bench_first_same_area_decide()
    numbers_mixed.report("decide", "decide(raw string), mixed corpus", QUICK)


if __name__ == "__main__":
    main()
