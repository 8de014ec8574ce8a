"""PIDF-LO and Teams CSV, each as a ratio against the standard library on the same bytes.

Run: python benchmarks/formats.py [--quick]

- Parsing a PIDF-LO document vs a bare xml.etree.ElementTree.fromstring of the same bytes
  (target <= 3x); serialising one is printed too.
- Importing Teams CSV vs a bare csv.DictReader pass plus our CivicAddress construction on the
  same text (target <= 3x).
"""

from __future__ import annotations

import csv
import io
import platform
import random
import sys
import timeit
import xml.etree.ElementTree as ET

from emergency_address import CivicAddress, EmergencyAddress, GeoPoint, Location
from emergency_address.formats.pidf import parse_pidf_lo, to_pidf_lo
from emergency_address.formats.teams import CIVIC_COLUMNS, read_csv, to_csv_text

QUICK = "--quick" in sys.argv


def addresses(count: int, elin: bool = True) -> list[EmergencyAddress]:
    rng = random.Random(3)
    cities = [("Seattle", "WA", "98109"), ("Austin", "TX", "78701"), ("Boston", "MA", "02110")]
    result = []
    for i in range(count):
        city, state, zip_code = rng.choice(cities)
        address = EmergencyAddress(
            id=f"a{i}",
            company_name="Contoso",
            civic=CivicAddress(
                country="US",
                house_number=str(rng.randint(1, 9999)),
                street_name="Main",
                street_suffix="St",
                city=city,
                state=state,
                postal_code=zip_code,
                language="en",
            ),
            geo=GeoPoint(latitude=rng.uniform(25, 48), longitude=rng.uniform(-124, -70)),
            elin=f"ORKAN_{i:05d}" if elin else None,
        ).with_location(Location(id=f"a{i}-2", floor="2", description="Second floor"))
        result.append(address)
    return result


def best(stmt: object, number: int) -> float:
    return min(timeit.repeat(stmt, number=number, repeat=5)) / number  # type: ignore[arg-type]


def bench_pidf(sample: list[EmergencyAddress]) -> None:
    documents = [to_pidf_lo(a, f"{a.id}-2", entity="pres:x@example.com").encode() for a in sample]
    n = 5 if QUICK else 40

    def ours() -> None:
        for doc in documents:
            parse_pidf_lo(doc)

    def bare() -> None:
        for doc in documents:
            ET.fromstring(doc)

    def serialise() -> None:
        for a in sample:
            to_pidf_lo(a, f"{a.id}-2", entity="pres:x@example.com")

    t_ours, t_bare = best(ours, n) / len(documents), best(bare, n) / len(documents)
    t_write = best(serialise, n) / len(sample)
    size = sum(map(len, documents)) / len(documents)
    print(f"PIDF-LO documents of {size:.0f} bytes on average")
    print(f"  ElementTree.fromstring (peer)  {t_bare * 1e6:7.1f} us")
    print(
        f"  parse_pidf_lo                  {t_ours * 1e6:7.1f} us  {t_ours / t_bare:5.2f}x  (target <= 3x)"
    )
    print(
        f"  to_pidf_lo (serialise)         {t_write * 1e6:7.1f} us  {t_write / t_bare:5.2f}x the peer parse"
    )


def bench_csv(sample: list[EmergencyAddress], label: str) -> None:
    text = to_csv_text(sample)
    rows = text.count("\n") - 1
    n = 3 if QUICK else 15

    def ours() -> None:
        read_csv(io.StringIO(text, newline=""))

    def bare() -> None:
        for row in csv.DictReader(io.StringIO(text, newline="")):
            if row["LocationId"]:
                continue
            CivicAddress(**{field: row[column] or None for column, field in CIVIC_COLUMNS.items()})

    t_ours, t_bare = best(ours, n) / rows, best(bare, n) / rows
    print(f"Teams CSV, {rows:,} rows ({len(sample):,} addresses and a location each), {label}")
    print(f"  csv.DictReader + CivicAddress (peer) {t_bare * 1e6:6.1f} us per row")
    print(
        f"  read_csv                             {t_ours * 1e6:6.1f} us per row  {t_ours / t_bare:5.2f}x  (target <= 3x)"
    )


def main() -> None:
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    count = 200 if QUICK else 2000
    bench_pidf(addresses(count))
    bench_csv(addresses(count, elin=False), "no ELINs (the common case)")
    bench_csv(addresses(count), "an ELIN on every address (text, as in Teams)")


if __name__ == "__main__":
    main()
