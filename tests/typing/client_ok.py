"""A client's code, as a typed, linted code base writes it: mypy --strict passes on it."""

from __future__ import annotations

from collections.abc import Mapping

from emergency_address import (
    AttachmentEvent,
    CivicAddress,
    EmergencyAddress,
    EmergencyDirectory,
    PhoneNumber,
    ValidationResult,
    Verdict,
    cached,
    default_registry,
    prechecked,
)
from emergency_address.testing import FakeAuthority

registry = default_registry()
by_value = registry.decide("+12065550100", "port_in")
by_member = registry.decide(PhoneNumber.parse("+12065550100"), AttachmentEvent.ASSIGNMENT)
required: bool = by_value.required and by_member.required

office = EmergencyAddress(id="hq", civic=CivicAddress(country="US", city="Seattle"))
directory = EmergencyDirectory().add_address(office)
directory = directory.record_validation("hq", ValidationResult(verdict=Verdict.ACCEPTED))
usage = directory.usage("hq")
per_location: Mapping[str, tuple[int, int]] = usage.locations
numbers, users = per_location["hq"]

validator = cached(prechecked(FakeAuthority()))
info: dict[str, int] = validator.cache_info()
verdict: Verdict = validator.validate(CivicAddress(country="US")).verdict
