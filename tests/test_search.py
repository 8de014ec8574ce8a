"""Finding addresses and locations, and the usage of every address in one pass."""

from __future__ import annotations

import pytest

from emergency_address import (
    CivicAddress,
    EmergencyAddress,
    EmergencyDirectory,
    Location,
    NumberRecord,
    PhoneNumber,
    ValidationState,
)
from emergency_address.exceptions import InvalidAddressError


def org() -> EmergencyDirectory:
    lon = EmergencyAddress(
        id="lon",
        description="London HQ",
        civic=CivicAddress(country="GB", city="London", postal_code="SW1A 2HQ"),
    ).with_location(Location(id="lon-2", floor="2", description="Second floor, east wing"))
    man = EmergencyAddress(id="man", civic=CivicAddress(country="GB", city="Manchester"))
    sea = EmergencyAddress(id="sea", civic=CivicAddress(country="US", city="Seattle", state="WA"))
    numbers = [
        NumberRecord(PhoneNumber.parse("+442079460000"), location_id="lon", user="ana"),
        NumberRecord(PhoneNumber.parse("+442079460001"), location_id="lon-2", user="bo"),
        NumberRecord(PhoneNumber.parse("+442079460002"), location_id="lon-2"),
        NumberRecord(PhoneNumber.parse("+442079460003")),
    ]
    return EmergencyDirectory.build(addresses=[sea, man, lon], numbers=numbers)


def ids(addresses: tuple[EmergencyAddress, ...]) -> list[str]:
    return [a.id for a in addresses]


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({}, ["lon", "man", "sea"]),
        ({"country": "gb"}, ["lon", "man"]),
        ({"city": " LONDON "}, ["lon"]),
        ({"postal_code": "sw1a2hq"}, ["lon"]),
        ({"description": "east WING"}, ["lon"]),
        ({"description": "hq", "country": "US"}, []),
        ({"state": "not_validated"}, ["lon", "man", "sea"]),
        ({"state": ValidationState.VALIDATED}, []),
    ],
)
def test_find_addresses_matches_every_criterion_given(
    criteria: dict[str, object], expected: list[str]
) -> None:
    assert ids(org().find_addresses(**criteria)) == expected  # type: ignore[arg-type]


def test_find_locations_returns_each_location_with_its_address() -> None:
    ((address, location),) = org().find_locations("second")
    assert (address.id, location.id) == ("lon", "lon-2")


def test_bad_criteria_are_named() -> None:
    with pytest.raises(TypeError, match="city"):
        org().find_addresses(city=3)  # type: ignore[arg-type]
    with pytest.raises(InvalidAddressError, match="validated"):
        org().find_addresses(state="valid")


def test_usage_of_every_address_agrees_with_the_one_address_query() -> None:
    directory = org()
    everything = directory.usage_all()
    assert set(everything) == {"lon", "man", "sea"}
    for address_id, usage in everything.items():
        assert usage == directory.usage(address_id)
        assert dict(usage.locations) == dict(directory.usage(address_id).locations)
    assert (everything["lon"].numbers, everything["lon"].users) == (3, 2)
    assert everything["lon"].locations["lon-2"] == (2, 1)
    assert everything["man"].numbers == 0
    with pytest.raises(TypeError):
        everything["x"] = everything["lon"]  # type: ignore[index]
