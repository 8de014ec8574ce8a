"""Generate the example organisation, deterministically.

Run: python examples/generate.py                 -> examples/contoso/addresses.csv, numbers.csv
     python examples/generate.py --numbers 1000000 --out /tmp/big   (for benchmarks)

Contoso (a fictional company) has 40 offices at public landmark addresses in 11 countries
and about 2,000 numbers. A handful of realistic problems are built in, so that the audit has
something to find:

- Cardiff was never validated, and Boston waits for a manual validation request;
- five US numbers are assigned to users but bound to no location, and three UK numbers were
  acquired without an address;
- two Berlin numbers are bound to the Munich office (outside their area code), and two UK
  numbers to the Dublin office (another country);
- the Utrecht office has no company tax id, which the Netherlands requires;
- the Seattle annex repeats the Seattle office's address, Brisbane has no numbers, and a
  Vancouver floor has a US ELIN;
- the Tokyo numbers are in a country where emergency calling is not supported (information).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

from emergency_address import (
    AttachmentEvent,
    CivicAddress,
    EmergencyAddress,
    GeoPoint,
    Location,
    ManualPath,
    NumberRecord,
    NumberType,
    PhoneNumber,
    ValidationRecord,
)
from emergency_address.formats.numbers import write_numbers_csv
from emergency_address.formats.teams import write_csv
from emergency_address.testing import validated

# id, country, company, house number, street, suffix, city, state, postal code,
# (latitude, longitude), the national digits that start its numbers, national number lengths.
OFFICES = [
    ("us-sea", "US", "Contoso Inc.", "400", "Broad", "St", "Seattle", "WA", "98109", (47.6205, -122.3493), "206", (10,)),
    ("us-sea-annex", "US", "Contoso Inc.", "400", "Broad", "St", "Seattle", "WA", "98109", (47.6205, -122.3493), "206", (10,)),
    ("us-nyc", "US", "Contoso Inc.", "350", "5th", "Ave", "New York", "NY", "10118", (40.7484, -73.9857), "212", (10,)),
    ("us-chi", "US", "Contoso Inc.", "233", "S Wacker", "Dr", "Chicago", "IL", "60606", (41.8789, -87.6359), "312", (10,)),
    ("us-sfo", "US", "Contoso Inc.", "1", "Ferry", "Bldg", "San Francisco", "CA", "94111", (37.7955, -122.3937), "415", (10,)),
    ("us-aus", "US", "Contoso Inc.", "1100", "Congress", "Ave", "Austin", "TX", "78701", (30.2747, -97.7404), "512", (10,)),
    ("us-bos", "US", "Contoso Inc.", "4", "Jersey", "St", "Boston", "MA", "02215", (42.3467, -71.0972), "617", (10,)),
    ("us-den", "US", "Contoso Inc.", "200", "E Colfax", "Ave", "Denver", "CO", "80203", (39.7393, -104.9848), "303", (10,)),
    ("us-mia", "US", "Contoso Inc.", "601", "Biscayne", "Blvd", "Miami", "FL", "33132", (25.7781, -80.1868), "305", (10,)),
    ("us-atl", "US", "Contoso Inc.", "1", "Olympic", "Blvd", "Atlanta", "GA", "30313", (33.7573, -84.3963), "404", (10,)),
    ("ca-tor", "CA", "Contoso Canada", "290", "Bremner", "Blvd", "Toronto", "ON", "M5V 3L9", (43.6426, -79.3871), "416", (10,)),
    ("ca-van", "CA", "Contoso Canada", "999", "Canada", "Pl", "Vancouver", "BC", "V6C 3E1", (49.2888, -123.1111), "604", (10,)),
    ("ca-ott", "CA", "Contoso Canada", "111", "Wellington", "St", "Ottawa", "ON", "K1A 0A9", (45.4236, -75.7009), "613", (10,)),
    ("gb-lon", "GB", "Contoso Ltd", "1", "Horse Guards Road", None, "London", None, "SW1A 2HQ", (51.5033, -0.1287), "20", (10,)),
    ("gb-man", "GB", "Contoso Ltd", "1", "Sir Matt Busby Way", None, "Manchester", None, "M16 0RA", (53.4631, -2.2913), "161", (10,)),
    ("gb-edi", "GB", "Contoso Ltd", "2", "Castlehill", None, "Edinburgh", None, "EH1 2NG", (55.9486, -3.1999), "131", (10,)),
    ("gb-cdf", "GB", "Contoso Ltd", "1", "Westgate Street", None, "Cardiff", None, "CF10 1NS", (51.4782, -3.1826), "29", (10,)),
    ("gb-bri", "GB", "Contoso Ltd", "1", "Harbourside", None, "Bristol", None, "BS1 5SZ", (51.4507, -2.5989), "117", (10,)),
    ("ie-dub", "IE", "Contoso Ireland", "1", "St James's Gate", None, "Dublin", None, "D08 VF8H", (53.3419, -6.2867), "1", (8,)),
    ("ie-crk", "IE", "Contoso Ireland", "1", "Grand Parade", None, "Cork", None, "T12 K8AF", (51.8979, -8.4740), "21", (9,)),
    ("ie-gal", "IE", "Contoso Ireland", "1", "Eyre Square", None, "Galway", None, "H91 E2TX", (53.2745, -9.0490), "91", (8, 9)),
    ("de-ber", "DE", "Contoso GmbH", "4a", "Pariser Platz", None, "Berlin", None, "10117", (52.5163, 13.3777), "30", (10,)),
    ("de-muc", "DE", "Contoso GmbH", "8", "Marienplatz", None, "München", None, "80331", (48.1374, 11.5755), "89", (10,)),
    ("de-ham", "DE", "Contoso GmbH", "1", "Platz der Deutschen Einheit", None, "Hamburg", None, "20457", (53.5413, 9.9841), "40", (10,)),
    ("de-fra", "DE", "Contoso GmbH", "23", "Römerberg", None, "Frankfurt am Main", None, "60311", (50.1106, 8.6821), "69", (10,)),
    ("de-stu", "DE", "Contoso GmbH", "1", "Schlossplatz", None, "Stuttgart", None, "70173", (48.7784, 9.1800), "711", (10,)),
    ("fr-par", "FR", "Contoso SAS", "5", "Avenue Anatole France", None, "Paris", None, "75007", (48.8584, 2.2945), "1", (9,)),
    ("fr-lyo", "FR", "Contoso SAS", "20", "Place Bellecour", None, "Lyon", None, "69002", (45.7578, 4.8320), "47", (9,)),
    ("fr-mrs", "FR", "Contoso SAS", "2", "Quai du Port", None, "Marseille", None, "13002", (43.2965, 5.3698), "49", (9,)),
    ("fr-tls", "FR", "Contoso SAS", "1", "Place du Capitole", None, "Toulouse", None, "31000", (43.6045, 1.4440), "56", (9,)),
    ("nl-ams", "NL", "Contoso B.V.", "1", "Dam", None, "Amsterdam", None, "1012 JS", (52.3731, 4.8913), "20", (9,)),
    ("nl-rtm", "NL", "Contoso B.V.", "40", "Coolsingel", None, "Rotterdam", None, "3011 AD", (51.9225, 4.4792), "10", (9,)),
    ("nl-utr", "NL", "Contoso B.V.", "9", "Domplein", None, "Utrecht", None, "3512 JE", (52.0907, 5.1214), "30", (9,)),
    ("be-bru", "BE", "Contoso BV/SRL", "1", "Grand-Place", None, "Bruxelles", None, "1000", (50.8467, 4.3525), "2", (8,)),
    ("es-mad", "ES", "Contoso S.L.", "1", "Plaza Mayor", None, "Madrid", "Madrid", "28012", (40.4155, -3.7074), "91", (9,)),
    ("au-syd", "AU", "Contoso Pty Ltd", "2", "Macquarie", "St", "Sydney", "NSW", "2000", (-33.8568, 151.2153), "2", (9,)),
    ("au-mel", "AU", "Contoso Pty Ltd", "2", "Swanston", "St", "Melbourne", "VIC", "3000", (-37.8180, 144.9691), "3", (9,)),
    ("au-bne", "AU", "Contoso Pty Ltd", "1", "George", "St", "Brisbane", "QLD", "4000", (-27.4705, 153.0260), "7", (9,)),
    ("au-per", "AU", "Contoso Pty Ltd", "1", "Hay", "St", "Perth", "WA", "6000", (-31.9523, 115.8613), "8", (9,)),
    ("jp-tok", "JP", "Contoso K.K.", "4-2-8", "Shibakoen", None, "Tokyo", "Tokyo", "105-0011", (35.6586, 139.7454), "3", (9,)),
]  # fmt: skip
TAX_ID_COUNTRIES = {"BE", "ES", "NL"}
FLOORS = ("1", "2", "3")
BUILDING_NAMES = {"us-nyc": "Tower A", "de-ber": "Haus 2", "fr-par": "Bâtiment B"}


FILED_AT = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def offices() -> list[EmergencyAddress]:
    result = []
    for (office_id, country, company, house, street, suffix, city, state, postal, (lat, lon),
         _, _) in OFFICES:  # fmt: skip
        tax_id = (
            f"{country}{sum(map(ord, office_id)) * 7919:09d}"
            if country in TAX_ID_COUNTRIES and office_id != "nl-utr"
            else None
        )
        address = EmergencyAddress(
            id=office_id,
            company_name=company,
            company_tax_id=tax_id,
            description=f"Contoso {city} office",
            civic=CivicAddress(country=country, house_number=house, street_name=street,
                               street_suffix=suffix, city=city, state=state, postal_code=postal),
            geo=GeoPoint(latitude=lat, longitude=lon),
        )  # fmt: skip
        if office_id == "us-bos":  # a manual validation request filed, not yet answered
            address = address.with_validation(ValidationRecord().request_manual(
                "MVR-0001", at=FILED_AT, civic=address.civic,
                manual_path=ManualPath.MANUAL_VALIDATION_REQUEST))  # fmt: skip
        elif office_id != "gb-cdf":  # Cardiff was never validated
            address = validated(address)
        if office_id not in ("us-sea-annex", "au-bne"):
            for floor in FLOORS:
                elin = None
                if office_id == "ca-van" and floor == "3":
                    elin = PhoneNumber.parse("+1 206 555 0199")  # a US number as a Canadian ELIN
                address = address.with_location(
                    Location(
                        id=f"{office_id}-f{floor}",
                        description=f"Floor {floor}",
                        building=BUILDING_NAMES.get(office_id),
                        floor=floor,
                        elin=elin,
                    )
                )
        result.append(address)
    return result


def make_number(rng: random.Random, country: str, prefix: str, lengths: tuple[int, ...],
                taken: set[str]) -> PhoneNumber:  # fmt: skip
    """A valid fixed-line (or fixed-line-or-mobile) number of ``country`` starting ``prefix``."""
    code = {"US": "1", "CA": "1", "GB": "44", "IE": "353", "DE": "49", "FR": "33", "NL": "31",
            "BE": "32", "ES": "34", "AU": "61", "JP": "81"}[country]  # fmt: skip
    for _ in range(1000):
        length = rng.choice(lengths)
        rest = length - len(prefix)
        digits = str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(rest - 1))
        text = f"+{code}{prefix}{digits}"
        if text in taken:
            continue
        try:
            number = PhoneNumber.parse(text)
        except ValueError:
            continue
        if number.region == country and number.number_type in (
            NumberType.FIXED_LINE,
            NumberType.FIXED_LINE_OR_MOBILE,
        ):
            taken.add(text)
            return number
    raise RuntimeError(f"no valid number found for {country} {prefix}")


def numbers(total: int, seed: int = 2026) -> list[NumberRecord]:
    rng = random.Random(seed)
    taken: set[str] = set()
    by_id = {row[0]: row for row in OFFICES}
    # Offices that carry numbers, weighted by size.
    staffed = [row for row in OFFICES if row[0] not in ("us-sea-annex", "au-bne")]
    records: list[NumberRecord] = []

    def add(office_id: str, location: str | None, *, user: bool, ported: bool = False,
            number_from: str | None = None) -> None:  # fmt: skip
        row = by_id[number_from or office_id]
        number = make_number(rng, row[1], row[10], row[11], taken)
        records.append(NumberRecord(
            number,
            arrived=AttachmentEvent.PORT_IN if ported else AttachmentEvent.ACQUISITION,
            user=f"user{len(records):07d}@contoso.example" if user else None,
            location_id=location,
        ))  # fmt: skip

    # The built-in problems first.
    for _ in range(5):
        add("us-chi", None, user=True)  # assigned, no location: NO_ADDRESS
    for _ in range(3):
        add("gb-man", None, user=False)  # acquired without an address: NO_ADDRESS
    for _ in range(2):
        add("de-muc", "de-muc-f1", user=False, number_from="de-ber")  # AREA_MISMATCH
    for _ in range(2):
        add("ie-dub", "ie-dub-f2", user=False, number_from="gb-lon")  # COUNTRY_MISMATCH
    # Everyone else, spread over the floors; a tenth of the European numbers were ported in.
    while len(records) < total:
        row = rng.choice(staffed)
        office_id, country = row[0], row[1]
        floor = f"{office_id}-f{rng.choice(FLOORS)}"
        assigned = country in ("US", "CA") or rng.random() < 0.7
        add(
            office_id,
            floor,
            user=assigned,
            ported=country not in ("US", "CA") and rng.random() < 0.1,
        )
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=int, default=2000, help="how many numbers (default 2000)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "contoso",
                        help="the folder to write addresses.csv and numbers.csv into")  # fmt: skip
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(offices(), args.out / "addresses.csv")
    write_numbers_csv(numbers(args.numbers), args.out / "numbers.csv")
    print(
        f"wrote {len(OFFICES)} addresses and {args.numbers:,} numbers to {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
