"""Building a directory and auditing it, at 10k, 100k and 1M numbers (a tenth as many addresses).

Run: python benchmarks/audit.py [--quick]

Each scale runs in its own process, so that its peak memory (ru_maxrss) is its own. Printed per
scale: build time per record (addresses + numbers), audit time per number, and peak memory; then
the growth from the smallest to the largest scale (target: within 1.3x), and the audit's time per
number against phonenumbers' parse + is_valid_number + region_code_for_number of the same numbers
(target: <= 0.5x), and peak memory at 100k addresses and 1M numbers (target: <= 1.5 GB).

Numbers are made with a private fast constructor (no parsing: building a million PhoneNumber
objects by parsing would measure phonenumbers, not the directory); a sample is parsed to check
that each is valid and of the region and type given.
"""

from __future__ import annotations

import json
import platform
import random
import resource
import subprocess
import sys
import time

QUICK = "--quick" in sys.argv
SCALES = [10_000, 100_000] if QUICK else [10_000, 100_000, 1_000_000]

# (country, calling code, national number template, region, area prefixes, city)
PLANS = [
    (
        "US",
        "1",
        "{area}{exchange}{line:04d}",
        ["206", "212", "312", "415", "512", "617"],
        "Seattle",
    ),
    ("CA", "1", "{area}{exchange}{line:04d}", ["416", "604", "613"], "Toronto"),
    ("GB", "44", "207{exchange}{line:04d}", [""], "London"),
]


def make_estate(numbers: int) -> tuple[list, list]:
    from emergency_address import (
        AttachmentEvent,
        CivicAddress,
        EmergencyAddress,
        GeoPoint,
        Location,
        NumberRecord,
        NumberType,
        PhoneNumber,
        ValidationRecord,
        ValidationState,
    )

    rng = random.Random(numbers)
    validated = ValidationRecord(state=ValidationState.VALIDATED)
    addresses = []
    count = max(1, numbers // 10)
    for i in range(count):
        country, _, _, _, city = PLANS[i % len(PLANS)]
        address_id = f"{country.lower()}-{i}"
        civic = CivicAddress(
            country=country,
            house_number=str(rng.randint(1, 9999)),
            street_name="Main Street",
            city=city,
            state="WA" if country == "US" else ("ON" if country == "CA" else None),
            postal_code={"US": "98109", "CA": "M5V 2T6", "GB": "SW1A 2AA"}[country],
        )
        address = EmergencyAddress(
            id=address_id,
            civic=civic,
            company_name="Contoso",
            geo=GeoPoint(latitude=1, longitude=1),
            validation=validated if i % 50 else ValidationRecord(),
            locations=(Location(id=f"{address_id}-f1", floor="1"),),
        )
        addresses.append(address)
    records = []
    kinds = {
        "US": NumberType.FIXED_LINE_OR_MOBILE,
        "CA": NumberType.FIXED_LINE_OR_MOBILE,
        "GB": NumberType.FIXED_LINE,
    }
    for i in range(numbers):
        address = addresses[i % count]
        country = address.civic.country
        _, code, template, areas, _ = next(p for p in PLANS if p[0] == country)
        national = template.format(
            area=areas[i % len(areas)], exchange=200 + (i // 10_000) % 700, line=i % 10_000
        )
        e164 = f"+{code}{national}"
        number = PhoneNumber._make(e164, country, int(code), kinds[country])
        user = f"user{i}" if country in ("US", "CA") else None
        location = address.locations[i % 2].id
        records.append(
            NumberRecord(
                number, arrived=AttachmentEvent.ACQUISITION, user=user, location_id=location
            )
        )
    for record in rng.sample(records, min(200, len(records))):  # the fast path is honest
        parsed = PhoneNumber.parse(record.e164)
        assert (parsed.region, parsed.number_type) == (
            record.number.region,
            record.number.number_type,
        ), record
    return addresses, records


def child(numbers: int) -> None:
    import phonenumbers

    from emergency_address import EmergencyDirectory, audit

    addresses, records = make_estate(numbers)
    build = audit_time = float("inf")
    for _ in range(3):  # best of three: the small scales take milliseconds
        start = time.perf_counter()
        directory = EmergencyDirectory.build(addresses=addresses, numbers=records)
        build = min(build, time.perf_counter() - start)
        directory.policies.decide(records[0].number, "assignment")  # policies loaded first
        start = time.perf_counter()
        report = audit(directory)
        audit_time = min(audit_time, time.perf_counter() - start)
    baseline = float("inf")  # what the machine's memory allows: a plain dict of the numbers
    for _ in range(3):
        start = time.perf_counter()
        plain = {r.number.e164: r for r in records}
        baseline = min(baseline, (time.perf_counter() - start) / len(records))
    del plain
    sample = [r.e164 for r in records[: min(20_000, len(records))]]
    start = time.perf_counter()
    for text in sample:
        parsed = phonenumbers.parse(text, None)
        phonenumbers.is_valid_number(parsed)
        phonenumbers.region_code_for_number(parsed)
    peer = (time.perf_counter() - start) / len(sample)
    print(
        json.dumps(
            {
                "numbers": numbers,
                "addresses": len(addresses),
                "build_per_record": build / (len(addresses) + len(records)),
                "audit_per_number": audit_time / len(records),
                "peer_per_number": peer,
                "dict_per_number": baseline,
                "findings": len(report.findings),
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def main() -> None:
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    results = []
    for numbers in SCALES:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(numbers)],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout)
        results.append(r)
        print(
            f"{r['numbers']:>9,} numbers {r['addresses']:>7,} addresses: "
            f"build {r['build_per_record'] * 1e6:6.2f} us/record, "
            f"audit {r['audit_per_number'] * 1e6:6.2f} us/number "
            f"({r['audit_per_number'] / r['peer_per_number']:.2f}x phonenumbers "
            f"{r['peer_per_number'] * 1e6:.1f} us), {r['findings']:,} findings, "
            f"peak {r['peak_mb']:,.0f} MB (whole process, data generation included)"
        )
    first, last = results[0], results[-1]
    print(
        f"growth {first['numbers']:,} -> {last['numbers']:,}: build "
        f"{last['build_per_record'] / first['build_per_record']:.2f}x, audit "
        f"{last['audit_per_number'] / first['audit_per_number']:.2f}x per record (target <= 1.3x)"
    )
    print(
        f"  for scale: filling a plain dict with the same numbers grows "
        f"{last['dict_per_number'] / first['dict_per_number']:.2f}x per record on this machine "
        f"({first['dict_per_number'] * 1e6:.3f} -> {last['dict_per_number'] * 1e6:.3f} us)"
    )


if __name__ == "__main__":
    if "--child" in sys.argv:
        child(int(sys.argv[sys.argv.index("--child") + 1]))
    else:
        main()
