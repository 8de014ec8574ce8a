"""Junk fed to every public constructor and parser raises only our own errors.

In the spirit of python-stdnum's robustness test: whatever the input, the caller sees an
EmergencyAddressError (which is also a ValueError or LookupError), never an AttributeError,
TypeError or UnicodeError from deep inside.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emergency_address import (
    Attestation,
    CivicAddress,
    EmergencyAddress,
    FieldIssue,
    GeoPoint,
    Location,
    ManualRequest,
    PhoneNumber,
    Provenance,
    ValidationRecord,
    ValidationResult,
)
from emergency_address._civic import CIVIC_FIELDS
from emergency_address.exceptions import EmergencyAddressError

JUNK: list[Any] = [
    None,
    0,
    -1.5,
    float("nan"),
    True,
    b"bytes",
    object(),
    [],
    {},
    ("tuple",),
    "",
    " ",
    "\x00",
    "\ud800",
    "\ud83d",
    "a\u0007b",
    "x" * 100_000,
    "\u202e\u200b",
]

ENTRY_POINTS: dict[str, Callable[[Any], object]] = {
    "PhoneNumber.parse": PhoneNumber.parse,
    "PhoneNumber.parse(region=junk)": lambda v: PhoneNumber.parse("2125550100", v),
    "PhoneNumber": PhoneNumber,
    "GeoPoint.latitude": lambda v: GeoPoint(latitude=v, longitude=0),
    "Location.id": lambda v: Location(id=v),
    "Location.elin": lambda v: Location(id="a", elin=v),
    "EmergencyAddress.id": lambda v: EmergencyAddress(id=v, civic=CivicAddress(country="US")),
    "EmergencyAddress.civic": lambda v: EmergencyAddress(id="a", civic=v),
    "EmergencyAddress.locations": lambda v: EmergencyAddress(
        id="a", civic=CivicAddress(country="US"), locations=v
    ),
    "EmergencyAddress.location": lambda v: EmergencyAddress(
        id="a", civic=CivicAddress(country="US")
    ).location(v),
    "EmergencyAddress.with_location": lambda v: EmergencyAddress(
        id="a", civic=CivicAddress(country="US")
    ).with_location(v),
    **{
        f"CivicAddress.{name}": (
            lambda v, name=name: CivicAddress(**{"country": "US", name: v})  # type: ignore[misc]
        )
        for name, _, _ in CIVIC_FIELDS
    },
    "CivicAddress.language": lambda v: CivicAddress(country="US", language=v),
}


def _only_our_errors(call: Callable[[Any], object], value: Any) -> None:
    with contextlib.suppress(EmergencyAddressError):
        call(value)


@pytest.mark.parametrize("name", sorted(ENTRY_POINTS))
@pytest.mark.parametrize("value", JUNK, ids=lambda v: repr(v)[:20])
def test_junk_raises_only_our_errors(name: str, value: Any) -> None:
    _only_our_errors(ENTRY_POINTS[name], value)


@pytest.mark.parametrize("name", sorted(ENTRY_POINTS))
@given(value=st.text() | st.binary() | st.integers() | st.floats() | st.none())
def test_random_values_raise_only_our_errors(name: str, value: Any) -> None:
    _only_our_errors(ENTRY_POINTS[name], value)


_AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
RESULT_ENTRY_POINTS: dict[str, Callable[[Any], object]] = {
    "ValidationRecord.state": lambda v: ValidationRecord(state=v),
    "ValidationRecord.manual_path": lambda v: ValidationRecord(manual_path=v),
    "ValidationRecord.reasons": lambda v: ValidationRecord(reasons=v),
    "ValidationRecord.fingerprint": lambda v: ValidationRecord(fingerprint=v),
    "ValidationRecord.manual": lambda v: ValidationRecord(manual=v),
    "ValidationRecord.provenance": lambda v: ValidationRecord(provenance=v),
    "ValidationRecord.format_check": lambda v: ValidationRecord(format_check=v),
    "ValidationRecord.imported": lambda v: ValidationRecord.imported(
        v, civic=CivicAddress(country="US"), provenance=Provenance(source="JSON")
    ),
    "ValidationResult.scope": lambda v: ValidationResult(verdict="accepted", scope=v),
    "Attestation.by": lambda v: Attestation(by=v, reason="r", at=_AT),
    "Attestation.at": lambda v: Attestation(by="b", reason="r", at=v),
    "ManualRequest.reference": lambda v: ManualRequest(reference=v, requested_at=_AT),
    "ManualRequest.requested_at": lambda v: ManualRequest(reference="R", requested_at=v),
    "ManualRequest.approved": lambda v: ManualRequest(
        reference="R", requested_at=_AT, resolved_by="b", resolved_at=_AT, approved=v
    ),
    "Provenance.source": lambda v: Provenance(source=v),
    "Provenance.line": lambda v: Provenance(source="s", line=v),
    "Provenance.at": lambda v: Provenance(source="s", at=v),
    "ValidationResult.verdict": lambda v: ValidationResult(verdict=v),
    "ValidationResult.issues": lambda v: ValidationResult(verdict="accepted", issues=v),
    "FieldIssue.code": lambda v: FieldIssue(field="city", code=v, message="m"),
    "FieldIssue.severity": lambda v: FieldIssue(
        field="city", code="INVALID", message="m", severity=v
    ),
}


@pytest.mark.parametrize("name", sorted(RESULT_ENTRY_POINTS))
@pytest.mark.parametrize("value", JUNK, ids=lambda v: repr(v)[:20])
def test_results_junk_raises_only_our_errors(name: str, value: Any) -> None:
    _only_our_errors(RESULT_ENTRY_POINTS[name], value)
