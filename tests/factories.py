"""Addresses the tests share: a Seattle and a London office, validated or not."""

from __future__ import annotations

from emergency_address import (
    CivicAddress,
    EmergencyAddress,
    GeoPoint,
    ValidationRecord,
    ValidationState,
)

SEATTLE = CivicAddress(
    country="US",
    house_number="400",
    street_name="Broad",
    street_suffix="St",
    city="Seattle",
    state="WA",
    postal_code="98109",
)
LONDON = CivicAddress(
    country="GB",
    house_number="1",
    street_name="Horse Guards Road",
    city="London",
    postal_code="SW1A 2HQ",
)


def _record(validated: bool) -> ValidationRecord:
    state = ValidationState.VALIDATED if validated else ValidationState.NOT_VALIDATED
    return ValidationRecord(state=state)


def us_office(address_id: str = "sea", validated: bool = False) -> EmergencyAddress:
    """A complete Seattle office (every field the US policy wants)."""
    return EmergencyAddress(
        id=address_id,
        company_name="Contoso",
        civic=SEATTLE,
        geo=GeoPoint(latitude=47.62, longitude=-122.35),
        validation=_record(validated),
    )


def gb_office(address_id: str = "lon", validated: bool = False) -> EmergencyAddress:
    """A complete London office (every field the GB policy wants)."""
    return EmergencyAddress(
        id=address_id,
        company_name="Contoso Ltd",
        civic=LONDON,
        geo=GeoPoint(latitude=51.5, longitude=-0.13),
        validation=_record(validated),
    )
