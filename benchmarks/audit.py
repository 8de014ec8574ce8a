"""The audit on a mixed corpus, from raw strings to report, beside phonenumbers on the same strings.

Run: python benchmarks/audit.py [--quick] [--scales 10000,100000]

The corpus: numbers of US, CA, GB, DE, FR, NL, ES, BE, IE, AU and JP, half written in E.164 and
half in national form (read with the country as region), bound to addresses of a hundredth as
many, each with a default location and two floors; a few numbers unbound, on an address of
another country, of another area code, or on an address that is not validated.

Each scale runs in a fresh process, once with phonenumbers' pattern cache off and once with it
on (``phonenumbers.enable_pattern_cache()``, a process-wide switch: the library never flips it
itself); both sides always run under the same setting. Printed per scale:

- raw strings to report: parsing into records, building the directory, the first audit;
- the audit alone, records already parsed (warm), and with ``gc.freeze()`` after loading;
- phonenumbers' ``parse`` + ``is_valid_number`` + ``region_code_for_number`` on the same strings
  in the same process: the peer every figure is a ratio against;
- the first audit in the process (tables loaded lazily) against a warm one;
- one directory command (``acquire_number``, ``assign_number``) on a directory of that size;
- ``decide`` on a parsed number against the phonenumbers reference.

Then, in a process of its own (tracemalloc slows everything): memory per ``NumberRecord`` (the
record, its ``PhoneNumber`` and the E.164 string; the caller's user string excluded) and per
``CivicAddress`` when 300,000 distinct addresses are built from freshly made strings.

Targets (issue 13): audit <= 0.5x the peer, flat from 10k to 1M; raw to report <= 1.5x the peer;
first audit <= 1.5x a warm one (at 100k); decide <= 0.25x the peer; a command at 1M <= 2x its
cost at 10k and <= 20 us; <= 200 B per record and <= 400 B per address.
"""

from __future__ import annotations

import gc
import json
import platform
import random
import subprocess
import sys
import time

QUICK = "--quick" in sys.argv
SCALES = [10_000, 100_000] if QUICK else [10_000, 100_000, 1_000_000]
if "--scales" in sys.argv:
    SCALES = [int(x) for x in sys.argv[sys.argv.index("--scales") + 1].split(",")]

# country: (calling code, trunk prefix, [(area code, remaining digits)], city, state, postal code)
PLANS: dict[str, tuple[str, str, list[tuple[str, int]], str, str | None, str]] = {
    "US": ("1", "", [("206", 7), ("212", 7), ("415", 7)], "Seattle", "WA", "98109"),
    "CA": ("1", "", [("416", 7), ("604", 7)], "Toronto", "ON", "M5V 2T6"),
    "GB": ("44", "0", [("20", 8)], "London", None, "SW1A 2AA"),
    "DE": ("49", "0", [("30", 8)], "Berlin", None, "10115"),
    "FR": ("33", "0", [("1", 8)], "Paris", None, "75007"),
    "NL": ("31", "0", [("20", 7)], "Amsterdam", None, "1012 JS"),
    "ES": ("34", "", [("91", 7)], "Madrid", None, "28013"),
    "BE": ("32", "0", [("2", 7)], "Brussels", None, "1000"),
    "IE": ("353", "0", [("1", 7)], "Dublin", None, "D02 X285"),
    "AU": ("61", "0", [("2", 8)], "Sydney", "NSW", "2000"),
    "JP": ("81", "0", [("3", 8)], "Tokyo", None, "100-0001"),
}
WRONG_AREA = {"DE": ("89", 8), "FR": ("4", 8), "NL": ("10", 7), "ES": ("93", 7),
              "BE": ("3", 7), "IE": ("21", 7)}  # fmt: skip


def make_addresses(count: int) -> list:
    from emergency_address import (
        CivicAddress,
        EmergencyAddress,
        GeoPoint,
        Location,
        ValidationRecord,
        ValidationResult,
        Verdict,
    )

    # An authority's answer, recorded for each address's own content (as a validator would).
    accepted = ValidationResult(verdict=Verdict.ACCEPTED, validator="benchmark-authority")
    countries = list(PLANS)
    addresses = []
    for i in range(count):
        country = countries[i % len(countries)]
        _, _, _, city, state, postal = PLANS[country]
        address_id = f"{country.lower()}-{i}"
        civic = CivicAddress(
            country=country,
            house_number=str(1 + i),
            street_name="Main Street",
            city=city,
            state=state,
            postal_code=postal,
        )
        record = ValidationRecord()
        if i % 50:
            record = record.with_result(accepted, civic=civic)
        addresses.append(
            EmergencyAddress(
                id=address_id,
                civic=civic,
                company_name="Contoso",
                company_tax_id="123456789" if i % 7 else None,
                geo=GeoPoint(latitude=1, longitude=1),
                validation=record,
                locations=(
                    Location(id=f"{address_id}-f1", floor="1"),
                    Location(id=f"{address_id}-f2", floor="2"),
                ),
            )
        )
    return addresses


def make_strings(count: int, addresses: list) -> list[tuple[str, str, str | None, str | None]]:
    """``(text, region, location id, user)``: numbers as a file holds them."""
    rng = random.Random(count)
    by_country: dict[str, list] = {}
    for address in addresses:
        by_country.setdefault(address.civic.country, []).append(address)
    countries = list(PLANS)
    rows = []
    for i in range(count):
        country = countries[i % len(countries)]
        code, trunk, areas, _, _, _ = PLANS[country]
        area, rest = areas[i % len(areas)]
        if country in WRONG_AREA and rng.random() < 0.02:
            area, rest = WRONG_AREA[country]
        subscriber = f"{2 + i % 7}{rng.randrange(10 ** (rest - 1)):0{rest - 1}d}"
        text = f"+{code}{area}{subscriber}" if i % 2 else f"{trunk}{area} {subscriber}"
        roll = rng.random()
        if roll < 0.01:
            location = None
        else:
            home = country if roll > 0.02 else rng.choice(countries)
            address = rng.choice(by_country[home])
            location = address.locations[i % 3].id
        user = f"user{i}" if i % 3 == 0 else None
        rows.append((text, country, location, user))
    return rows


def peer(rows: list) -> tuple[float, int]:
    import phonenumbers

    valid = 0
    start = time.perf_counter()
    for text, region, _, _ in rows:
        try:
            parsed = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            valid += 1
        phonenumbers.region_code_for_number(parsed)
    return (time.perf_counter() - start) / len(rows), valid


def to_records(rows: list) -> list:
    from emergency_address import NumberRecord, PhoneNumber
    from emergency_address.exceptions import InvalidPhoneNumberError

    records = []
    seen = set()
    for text, region, location, user in rows:
        try:
            number = PhoneNumber.parse(text, region)
        except InvalidPhoneNumberError:
            continue
        if number.e164 in seen:
            continue
        seen.add(number.e164)
        records.append(NumberRecord(number, user=user, location_id=location))
    return records


def child(numbers: int, cache: bool) -> None:
    import phonenumbers

    if cache:
        phonenumbers.enable_pattern_cache()
    from emergency_address import EmergencyDirectory, audit

    addresses = make_addresses(max(len(PLANS), numbers // 100))
    rows = make_strings(numbers, addresses)
    gc.collect()

    start = time.perf_counter()  # raw strings to report, cold: every table loads on the way
    records = to_records(rows)
    parsed = time.perf_counter()
    directory = EmergencyDirectory.build(addresses=addresses, numbers=records)
    built = time.perf_counter()
    report = audit(directory)
    done = time.perf_counter()
    first_audit = done - built

    warm = float("inf")
    for _ in range(2):
        t = time.perf_counter()
        again = audit(directory)
        warm = min(warm, time.perf_counter() - t)
    assert again == report
    gc.collect()
    gc.freeze()
    t = time.perf_counter()
    audit(directory)
    frozen = time.perf_counter() - t
    gc.unfreeze()

    peer_per, valid = peer(rows)

    # one command on a directory of this size (a fresh number each time, on the base version)
    fresh = [r.number for r in to_records([(f"+1425{3000000 + i:07d}", "US", None, None)
                                           for i in range(1000)])]  # fmt: skip
    location = next(
        a.id
        for a in addresses
        if a.civic.country == "US" and a.company_tax_id and a.validation.state.value == "validated"
    )
    with_one = directory.acquire_number(fresh[0], location)
    t = time.perf_counter()
    for number in fresh:
        directory.acquire_number(number, location)
    acquire = (time.perf_counter() - t) / len(fresh)
    t = time.perf_counter()
    for i in range(1000):
        with_one.assign_number(fresh[0], f"u{i}")
    assign = (time.perf_counter() - t) / 1000

    # decide on parsed numbers, every event, against the reference on the same numbers' text
    owners = {loc.id: a for a in addresses for loc in a.locations}
    sample = records[: min(20_000, len(records))]
    registry = directory.policies
    t = time.perf_counter()
    for r in sample:
        registry.decide(r.number, "acquisition", owners.get(r.location_id), r.location_id)
    decide = (time.perf_counter() - t) / len(sample)
    decide_peer, _ = peer([(r.e164, None, None, None) for r in sample])

    print(
        json.dumps(
            {
                "numbers": numbers,
                "records": len(records),
                "valid_peer": valid,
                "addresses": len(addresses),
                "cache": cache,
                "parse": (parsed - start) / numbers,
                "build": (built - parsed) / numbers,
                "first_audit": first_audit / len(records),
                "raw_to_report": (done - start) / numbers,
                "audit": warm / len(records),
                "audit_frozen": frozen / len(records),
                "peer": peer_per,
                "acquire": acquire,
                "assign": assign,
                "decide": decide,
                "decide_peer": decide_peer,
                "findings": len(report.findings),
                "groups": len(report.groups()),
            }
        )
    )


def memory_child() -> None:
    import tracemalloc

    from emergency_address import CivicAddress, NumberRecord, PhoneNumber

    PhoneNumber.parse("+12065550142")
    CivicAddress(country="US", street_name="Warm Street", house_number="1", postal_code="98000")
    location = "sea-1"
    count = 100_000
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    records = [
        NumberRecord(PhoneNumber.parse(f"+1206{2000000 + i:07d}"), location_id=location)
        for i in range(count)
    ]
    after = tracemalloc.get_traced_memory()[0]
    per_record = (after - before) / count - 8  # less the list's slot
    del records
    gc.collect()
    count = 300_000
    before = tracemalloc.get_traced_memory()[0]
    addresses = [
        CivicAddress(
            country="".join(["U", "S"]),
            state="".join(["W", "A"]),
            city="".join(["Sea", "ttle"]),
            street_name=f"Street {i % 5000}",
            postal_code=f"{98000 + i % 900}",
            house_number=str(i),
        )
        for i in range(count)
    ]
    after = tracemalloc.get_traced_memory()[0]
    per_address = (after - before) / count - 8
    assert len(set(addresses)) == count
    print(json.dumps({"record_bytes": per_record, "address_bytes": per_address}))


def run_child(*args: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def main() -> None:
    print(f"machine: {platform.machine()}, Python {platform.python_version()}; "
          "peer = phonenumbers parse + is_valid_number + region_code_for_number")  # fmt: skip
    results = {}
    for cache in (False, True):
        print(f"\nphonenumbers' pattern cache {'ON' if cache else 'OFF'} (both sides)")
        for numbers in SCALES:
            r = run_child("--child", str(numbers), "on" if cache else "off")
            results[(numbers, cache)] = r
            p = r["peer"]
            print(
                f"{numbers:>9,} numbers, {r['addresses']:,} addresses, {r['groups']} root causes:"
                f" peer {p * 1e6:.1f} us/number\n"
                f"    raw to report {r['raw_to_report'] * 1e6:6.1f} us ({r['raw_to_report'] / p:.2f}x;"
                f" parse {r['parse'] / p:.2f}x, build {r['build'] / p:.2f}x)\n"
                f"    audit (warm)  {r['audit'] * 1e6:6.1f} us ({r['audit'] / p:.2f}x),"
                f" after gc.freeze {r['audit_frozen'] * 1e6:.1f} us ({r['audit_frozen'] / p:.2f}x),"
                f" first audit {r['first_audit'] / r['audit']:.2f}x warm\n"
                f"    commands: acquire {r['acquire'] * 1e6:.1f} us, assign {r['assign'] * 1e6:.1f} us;"
                f" decide {r['decide'] * 1e6:.1f} us ({r['decide'] / r['decide_peer']:.2f}x the"
                f" reference {r['decide_peer'] * 1e6:.1f} us)"
            )
        first, last = results[(SCALES[0], cache)], results[(SCALES[-1], cache)]
        print(
            f"  {SCALES[0]:,} -> {SCALES[-1]:,}: audit per number {last['audit'] / first['audit']:.2f}x,"
            f" acquire {last['acquire'] / first['acquire']:.2f}x, assign"
            f" {last['assign'] / first['assign']:.2f}x (target: flat, commands <= 2x)"
        )
    memory = run_child("--memory")
    print(
        f"\nmemory: {memory['record_bytes']:.0f} B per NumberRecord (target <= 200),"
        f" {memory['address_bytes']:.0f} B per CivicAddress of 300,000 from fresh strings"
        " (target <= 400)"
    )


if __name__ == "__main__":
    if "--child" in sys.argv:
        at = sys.argv.index("--child")
        child(int(sys.argv[at + 1]), sys.argv[at + 2] == "on")
    elif "--memory" in sys.argv:
        memory_child()
    else:
        main()
