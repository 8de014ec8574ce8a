"""The hypothesis entry point: registers our strategies for ``st.from_type``, lazily.

Hypothesis runs this hook while it is itself being imported, so the hook must not import
``emergency_address.strategies`` (which imports hypothesis, and may be the very module whose
import started hypothesis). It registers functions instead; each imports the strategies module
the first time ``st.from_type`` asks for one of our types.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

# Each public type with the strategy that draws it (a function of emergency_address.strategies).
_STRATEGIES = {
    ("_civic", "CivicAddress"): "civic_addresses",
    ("_civic", "GeoPoint"): "geo_points",
    ("_address", "Location"): "locations",
    ("_address", "EmergencyAddress"): "emergency_addresses",
    ("_number", "PhoneNumber"): "phone_numbers",
    ("_directory", "NumberRecord"): "number_records",
    ("_directory", "EmergencyDirectory"): "directories",
    ("_results", "ValidationResult"): "validation_results",
    ("_results", "FieldIssue"): "field_issues",
    ("_results", "Attestation"): "attestations",
    ("_results", "ManualRequest"): "manual_requests",
    ("_results", "Provenance"): "provenances",
    ("_results", "ValidationRecord"): "validation_records",
    ("_validation", "CachedValidator"): "cached_validators",
    ("_validation", "AsyncCachedValidator"): "async_cached_validators",
    ("_audit", "AuditContext"): "audit_contexts",
    ("_policy", "CountryPolicy"): "country_policies",
    ("_policy", "Decision"): "decisions",
    ("_policy", "Rule"): "rules",
    ("_audit", "AuditReport"): "audit_reports",
    ("_network", "Subnet"): "subnets",
    ("_network", "WirelessAccessPoint"): "wireless_access_points",
    ("_network", "EthernetSwitch"): "ethernet_switches",
    ("_network", "SwitchPort"): "switch_ports",
    ("_network", "ClientNetwork"): "client_networks",
    ("_network", "NetworkMap"): "network_maps",
    ("_call_location", "EnteredLocation"): "entered_locations",
    ("_call_location", "CallLocation"): "call_locations",
    ("_plan", "Plan"): "plans",
    ("_plan", "PlannedCommand"): "planned_commands",
    ("_plan", "Refusal"): "refusals",
    ("_registration", "Registration"): "registrations",
    ("_policy", "Source"): "sources",
    ("_registry", "PolicyRegistry"): "policy_registries",
    ("_validation", "FormatValidator"): "format_validators",
    ("_validation", "Validator"): "validators",
    ("_validation", "AsyncValidator"): "async_validators",
}


def _lazy(strategy: str) -> Callable[[type], Any]:
    def resolve(thing: type) -> Any:
        module = importlib.import_module("emergency_address.strategies")
        return getattr(module, strategy)()

    resolve.__qualname__ = f"lazy {strategy}"
    return resolve


def _hypothesis_setup_hook() -> None:
    """Register every strategy with ``st.from_type``, without building any yet."""
    from hypothesis import strategies as st

    for (module, name), strategy in _STRATEGIES.items():
        cls = getattr(importlib.import_module(f"emergency_address.{module}"), name)
        st.register_type_strategy(cls, _lazy(strategy))
