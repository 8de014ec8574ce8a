"""Search, bulk usage and plan, at 10k, 100k and 1M numbers (a tenth as many addresses).

Run: python benchmarks/lifecycle.py [--quick]

Printed per scale, each beside the peer it is measured against in the same run:
- ``usage_all()`` per number, against a plain Python loop over the same records that counts
  numbers and users per location id into a dict (the least any Python pass can do), and against
  ``collections.Counter`` of the location ids (a C loop: the floor);
- ``find_addresses(country=..., city=...)`` per address, against a list comprehension that tests
  the same two fields;
- ``plan(current, desired)`` where 1% of the numbers move, per record of the directory, against
  ``EmergencyDirectory.build`` of the same records (what re-loading the estate would cost);
- ``plan`` of a directory against itself (the nightly job when nothing changed), likewise.
"""

from __future__ import annotations

import collections
import platform
import sys
import time

QUICK = "--quick" in sys.argv
SCALES = [10_000, 100_000] if QUICK else [10_000, 100_000, 1_000_000]


def make_estate(numbers: int) -> tuple[list, list]:
    from emergency_address import (
        CivicAddress,
        EmergencyAddress,
        GeoPoint,
        Location,
        NumberRecord,
        PhoneNumber,
        validate_with,
    )
    from emergency_address.testing import FakeAuthority

    count = max(1, numbers // 10)
    civics = [
        CivicAddress(
            country="GB",
            house_number=str(i),
            street_name=f"Street {i % 500}",
            city="London" if i % 3 else "Leeds",
            postal_code="SW1A 2AA",
        )
        for i in range(count)
    ]
    authority = FakeAuthority(known=civics)
    addresses = []
    for i, civic in enumerate(civics):
        address, _ = validate_with(
            authority,
            EmergencyAddress(
                id=f"a{i}",
                civic=civic,
                company_name="Contoso",
                geo=GeoPoint(latitude=51.5, longitude=-0.1),
            ),
        )
        addresses.append(address.with_location(Location(id=f"a{i}-f1", floor="1")))
    records = []
    for i in range(numbers):
        e164 = f"+44207{200 + (i // 10_000) % 700}{i % 10_000:04d}"
        number = PhoneNumber.parse(e164) if i < 100 else _fast(PhoneNumber, e164)
        address = addresses[i % count]
        records.append(
            NumberRecord(
                number, location_id=address.locations[i % 2].id, user=f"user{i}" if i % 3 else None
            )
        )
    return addresses, records


def _fast(cls, e164):  # the records' numbers, without measuring phonenumbers' parser
    make = getattr(cls, "_make", None)
    if make is None:
        return cls.parse(e164)
    from emergency_address import NumberType

    return make(e164, "GB", 44, NumberType.FIXED_LINE)


def _plain_count(records: list) -> dict:
    counts: dict = {}
    for record in records:
        pair = counts.get(record.location_id)
        if pair is None:
            pair = counts[record.location_id] = [0, 0]
        pair[0] += 1
        if record.user is not None:
            pair[1] += 1
    return counts


def best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run(numbers: int) -> None:
    import attrs

    from emergency_address import EmergencyDirectory, plan

    addresses, records = make_estate(numbers)
    directory = EmergencyDirectory.build(addresses=addresses, numbers=records)
    n_addr = len(addresses)

    usage = best(directory.usage_all) / numbers
    floor = best(lambda: collections.Counter(r.location_id for r in records)) / numbers
    loop = best(lambda: _plain_count(records)) / numbers

    find = best(lambda: directory.find_addresses(country="GB", city="Leeds")) / n_addr
    plain = (
        best(lambda: [a for a in addresses if a.civic.country == "GB" and a.civic.city == "Leeds"])
        / n_addr
    )

    moved = list(records)
    for i in range(0, numbers, 100):  # 1% of the numbers move to the other floor
        r = moved[i]
        owner = addresses[i % n_addr]
        other = owner.locations[1 - (i % 2)].id
        moved[i] = attrs.evolve(r, location_id=other)
    desired = EmergencyDirectory.build(addresses=addresses, numbers=moved)
    total = n_addr + numbers
    build = best(lambda: EmergencyDirectory.build(addresses=addresses, numbers=records), 1)
    start = time.perf_counter()
    p = plan(directory, desired)
    planned = time.perf_counter() - start
    assert len(p) == numbers // 100, len(p)
    assert not p.refused
    same = best(lambda: plan(directory, directory), 1)
    print(
        f"{numbers:>9,} numbers: usage_all {usage * 1e6:.2f} us/number = "
        f"{usage / loop:.2f}x a plain loop ({loop * 1e6:.2f}), "
        f"{usage / floor:.2f}x a Counter ({floor * 1e6:.2f}); "
        f"find_addresses {find * 1e6:.2f} us/address = {find / plain:.2f}x a list filter; "
        f"plan (1% moved) {planned / total * 1e6:.2f} us/record = "
        f"{planned / build:.2f}x build ({build / total * 1e6:.2f}); "
        f"plan (no change) {same / total * 1e6:.2f} us/record = {same / build:.2f}x build"
    )


def main() -> None:
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}"
    )
    for numbers in SCALES:
        run(numbers)


if __name__ == "__main__":
    main()
