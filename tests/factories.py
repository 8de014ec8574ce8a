"""Addresses the tests share: a Seattle and a London office, validated or not."""

from __future__ import annotations

import datetime as dt

from emergency_address import (
    Attestation,
    CivicAddress,
    EmergencyAddress,
    FieldIssue,
    GeoPoint,
    IssueCode,
    ManualPath,
    ValidationRecord,
    ValidationResult,
    ValidationState,
    Verdict,
)
from emergency_address.testing import validated as validated_by_authority

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


def _validated(address: EmergencyAddress, validated: bool) -> EmergencyAddress:
    return validated_by_authority(address) if validated else address


def us_office(address_id: str = "sea", validated: bool = False) -> EmergencyAddress:
    """A complete Seattle office (every field the US policy wants)."""
    office = EmergencyAddress(
        id=address_id,
        company_name="Contoso",
        civic=SEATTLE,
        geo=GeoPoint(latitude=47.62, longitude=-122.35),
    )
    return _validated(office, validated)


def gb_office(address_id: str = "lon", validated: bool = False) -> EmergencyAddress:
    """A complete London office (every field the GB policy wants)."""
    office = EmergencyAddress(
        id=address_id,
        company_name="Contoso Ltd",
        civic=LONDON,
        geo=GeoPoint(latitude=51.5, longitude=-0.13),
    )
    return _validated(office, validated)


T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
REJECTED = ValidationResult(
    verdict=Verdict.REJECTED,
    issues=(FieldIssue(field="street_name", code=IssueCode.INVALID, message="no such street"),),
    validator="fake-authority",
)


def in_state(address: EmergencyAddress, state: ValidationState | str) -> EmergencyAddress:
    """``address`` brought to ``state`` the way an integrator gets there: an authority's answer,
    a manual request or an attestation, never a bare record."""
    state = ValidationState(state)
    civic, record = address.civic, ValidationRecord()
    if state is ValidationState.VALIDATED:
        return validated_by_authority(address.with_validation(record))
    if state is ValidationState.INVALID:
        record = record.with_result(REJECTED, civic=civic)
    elif state is ValidationState.PENDING_MANUAL:
        record = record.request_manual(
            "SR-1", at=T0, civic=civic, manual_path=ManualPath.SERVICE_REQUEST
        )
    elif state is ValidationState.ATTESTED:
        record = record.attest(Attestation(by="ops", reason="site visit", at=T0), civic=civic)
    return address.with_validation(record)
