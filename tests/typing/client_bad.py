"""Mistakes a type checker must catch: each line that ends with an error comment must be an
error of the code it names, and no other line may be one."""

from __future__ import annotations

from emergency_address import (
    CivicAddress,
    EmergencyAddress,
    EmergencyDirectory,
    cached,
    default_registry,
    prechecked,
)
from emergency_address.testing import FakeAuthority

registry = default_registry()
registry.decide("+12065550100", "acquisiton")  # error: arg-type

office = EmergencyAddress(id="hq", civic=CivicAddress(country="US"))
office.id = "other"  # error: misc
usage = EmergencyDirectory().add_address(office).usage("hq")
usage.locations["hq"] = (1, 1)  # error: index

hits = cached(FakeAuthority()).cache_info().hits  # error: attr-defined
prechecked(FakeAuthority()).cache_info()  # error: attr-defined
