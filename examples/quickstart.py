"""Build a small organisation's emergency addresses and print them as an administrator reads them.

Run: python examples/quickstart.py
"""

from __future__ import annotations

from emergency_address import CivicAddress, EmergencyAddress, GeoPoint, Location, PhoneNumber


def contoso() -> list[EmergencyAddress]:
    """Three offices of a fictional company, with the floors and rooms numbers are bound to."""
    seattle = EmergencyAddress(
        id="us-sea",
        company_name="Contoso Inc.",
        description="Seattle office",
        civic=CivicAddress(
            country="US",
            house_number="400",
            street_name="Broad",
            street_suffix="St",
            city="Seattle",
            state="WA",
            postal_code="98109",
        ),
        geo=GeoPoint(latitude=47.6205, longitude=-122.3493),
    )
    seattle = seattle.with_location(
        Location(id="us-sea-f5", description="East wing", floor="5")
    ).with_location(
        Location(
            id="us-sea-r512",
            description="Server room",
            floor="5",
            room="512",
            elin=PhoneNumber.parse("+1 206 555 0142"),
        )
    )
    london = EmergencyAddress(
        id="gb-lon",
        company_name="Contoso Ltd",
        civic=CivicAddress(
            country="gb",
            house_number="1",
            street_name="Horse Guards Road",
            city="London",
            postal_code="SW1A 2HQ",
        ),
    ).with_location(Location(id="gb-lon-2", description="Reception", floor="2"))
    berlin = EmergencyAddress(
        id="de-ber",
        company_name="Contoso GmbH",
        company_tax_id="DE123456789",
        civic=CivicAddress(
            country="DE",
            street_name="Pariser Platz",
            house_number="4a",
            postal_code="10117",
            city="Berlin",
            language="de",
        ),
    )
    return [seattle, london, berlin]


def main() -> None:
    addresses = contoso()
    print(f"Contoso: {len(addresses)} emergency addresses\n")
    for address in addresses:
        state = address.validation.state.value.replace("_", " ")
        print(f"{address.id}  {address.company_name}  [{state}]")
        print(f"    {address.civic}")
        for location in address.locations:
            label = "(default)" if location.id == address.id else location.description or ""
            elin = f"  ELIN {location.elin.format_international()}" if location.elin else ""
            print(f"    - {location.id:<12} {label}{elin}")
            if location.id != address.id:
                print(f"      dispatch to: {address.dispatchable(location.id)}")
        print()


if __name__ == "__main__":
    main()
