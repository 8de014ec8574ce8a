"""Mistakes a type checker must catch: each line that ends with an error comment must be an
error of the code it names, and no other line may be one."""

from __future__ import annotations

from emergency_address import CivicAddress, EmergencyAddress, EmergencyDirectory, default_registry

registry = default_registry()
registry.decide("+12065550100", "acquisiton")  # error: arg-type

office = EmergencyAddress(id="hq", civic=CivicAddress(country="US"))
office.id = "other"  # error: misc
usage = EmergencyDirectory().add_address(office).usage("hq")
usage.locations["hq"] = (1, 1)  # error: index
