"""Emergency (911 / 112 / 999) addresses for telephone numbers.

Immutable value objects for civic addresses and the locations inside them, telephone numbers,
per-country policies saying when an address must be attached to a number, validation, an
organisation's directory with its compliance audit, and interchange formats (PIDF-LO, Teams LIS
CSV, JSON). No network, no global mutable state: every object is immutable and picklable.

The public names are loaded on first use (PEP 562), so ``import emergency_address`` costs little
for a command-line tool that needs only part of the package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0.dev0"

# Each public name and the private module that defines it.
_WHERE = {
    "AsyncCachedValidator": "_validation",
    "AsyncValidator": "_validation",
    "AttachmentEvent": "_policy",
    "AttachmentEventValue": "_policy",
    "Attestation": "_results",
    "AuditContext": "_audit",
    "AuditReport": "_audit",
    "CachedValidator": "_validation",
    "CallLocation": "_call_location",
    "ChangeKind": "_plan",
    "ChangeRecord": "_plan",
    "CivicAddress": "_civic",
    "ClientNetwork": "_network",
    "Confidence": "_policy",
    "CountryPolicy": "_policy",
    "Decision": "_policy",
    "EmergencyAddress": "_address",
    "EmergencyDirectory": "_directory",
    "EmergencyService": "_policy",
    "EnteredLocation": "_call_location",
    "EthernetSwitch": "_network",
    "FieldIssue": "_results",
    "FieldStatus": "_results",
    "Finding": "_audit",
    "FindingCode": "_audit",
    "FindingGroup": "_audit",
    "FormatValidator": "_validation",
    "GeoPoint": "_civic",
    "GroupBy": "_audit",
    "IssueCode": "_results",
    "Location": "_address",
    "LocationMatch": "_network",
    "LocationSource": "_call_location",
    "ManualPath": "_results",
    "ManualRequest": "_results",
    "NetworkMap": "_network",
    "NumberRecord": "_directory",
    "NumberType": "_number",
    "PhoneNumber": "_number",
    "Plan": "_plan",
    "PlannedCommand": "_plan",
    "PolicyRegistry": "_registry",
    "Provenance": "_results",
    "Refusal": "_plan",
    "Registration": "_registration",
    "RegistrationState": "_registration",
    "Routing": "_call_location",
    "Rule": "_policy",
    "RuleKind": "_policy",
    "Severity": "_results",
    "Source": "_policy",
    "SourceKind": "_policy",
    "Subnet": "_network",
    "SwitchPort": "_network",
    "Usage": "_directory",
    "ValidationRecord": "_results",
    "ValidationResult": "_results",
    "ValidationScope": "_results",
    "ValidationState": "_results",
    "Validator": "_validation",
    "Verdict": "_results",
    "Violation": "_policy",
    "ViolationCode": "_policy",
    "WirelessAccessPoint": "_network",
    "acached": "_validation",
    "achain": "_validation",
    "apply_validation": "_validation",
    "audit": "_audit",
    "audit_batch": "_audit",
    "cached": "_validation",
    "call_location": "_call_location",
    "chain": "_validation",
    "default_registry": "_registry",
    "get_policy": "_registry",
    "manual_path_for": "_validation",
    "plan": "_plan",
    "prechecked": "_validation",
    "supported_countries": "_registry",
    "validate_with": "_validation",
    "warm_up": "_audit",
}

__all__ = [
    "AsyncCachedValidator",
    "AsyncValidator",
    "AttachmentEvent",
    "AttachmentEventValue",
    "Attestation",
    "AuditContext",
    "AuditReport",
    "CachedValidator",
    "CallLocation",
    "ChangeKind",
    "ChangeRecord",
    "CivicAddress",
    "ClientNetwork",
    "Confidence",
    "CountryPolicy",
    "Decision",
    "EmergencyAddress",
    "EmergencyDirectory",
    "EmergencyService",
    "EnteredLocation",
    "EthernetSwitch",
    "FieldIssue",
    "FieldStatus",
    "Finding",
    "FindingCode",
    "FindingGroup",
    "FormatValidator",
    "GeoPoint",
    "GroupBy",
    "IssueCode",
    "Location",
    "LocationMatch",
    "LocationSource",
    "ManualPath",
    "ManualRequest",
    "NetworkMap",
    "NumberRecord",
    "NumberType",
    "PhoneNumber",
    "Plan",
    "PlannedCommand",
    "PolicyRegistry",
    "Provenance",
    "Refusal",
    "Registration",
    "RegistrationState",
    "Routing",
    "Rule",
    "RuleKind",
    "Severity",
    "Source",
    "SourceKind",
    "Subnet",
    "SwitchPort",
    "Usage",
    "ValidationRecord",
    "ValidationResult",
    "ValidationScope",
    "ValidationState",
    "Validator",
    "Verdict",
    "Violation",
    "ViolationCode",
    "WirelessAccessPoint",
    "__version__",
    "acached",
    "achain",
    "apply_validation",
    "audit",
    "audit_batch",
    "cached",
    "call_location",
    "chain",
    "default_registry",
    "get_policy",
    "manual_path_for",
    "plan",
    "prechecked",
    "supported_countries",
    "validate_with",
    "warm_up",
]

if TYPE_CHECKING:
    from ._address import EmergencyAddress, Location
    from ._audit import (
        AuditContext,
        AuditReport,
        Finding,
        FindingCode,
        FindingGroup,
        GroupBy,
        audit,
        audit_batch,
        warm_up,
    )
    from ._call_location import (
        CallLocation,
        EnteredLocation,
        LocationSource,
        Routing,
        call_location,
    )
    from ._civic import CivicAddress, GeoPoint
    from ._directory import EmergencyDirectory, NumberRecord, Usage
    from ._network import (
        ClientNetwork,
        EthernetSwitch,
        LocationMatch,
        NetworkMap,
        Subnet,
        SwitchPort,
        WirelessAccessPoint,
    )
    from ._number import NumberType, PhoneNumber
    from ._plan import ChangeKind, ChangeRecord, Plan, PlannedCommand, Refusal, plan
    from ._policy import (
        AttachmentEvent,
        AttachmentEventValue,
        Confidence,
        CountryPolicy,
        Decision,
        EmergencyService,
        Rule,
        RuleKind,
        Source,
        SourceKind,
        Violation,
        ViolationCode,
    )
    from ._registration import Registration, RegistrationState
    from ._registry import PolicyRegistry, default_registry, get_policy, supported_countries
    from ._results import (
        Attestation,
        FieldIssue,
        FieldStatus,
        IssueCode,
        ManualPath,
        ManualRequest,
        Provenance,
        Severity,
        ValidationRecord,
        ValidationResult,
        ValidationScope,
        ValidationState,
        Verdict,
    )
    from ._validation import (
        AsyncCachedValidator,
        AsyncValidator,
        CachedValidator,
        FormatValidator,
        Validator,
        acached,
        achain,
        apply_validation,
        cached,
        chain,
        manual_path_for,
        prechecked,
        validate_with,
    )


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
