"""Emergency (911 / 112 / 999) addresses for telephone numbers.

Immutable value objects for civic addresses and the locations inside them, telephone numbers,
per-country policies saying when an address must be attached to a number, validation, an
organisation's directory with its compliance audit, and interchange formats (PIDF-LO, Teams LIS
CSV, JSON). No network, no global mutable state: every object is immutable and picklable.
"""

from __future__ import annotations

from ._address import CivicAddress, EmergencyAddress, GeoPoint, Location
from ._number import NumberType, PhoneNumber
from ._results import (
    Attestation,
    FieldIssue,
    FieldStatus,
    IssueCode,
    ManualPath,
    Severity,
    ValidationRecord,
    ValidationResult,
    ValidationState,
    Verdict,
)

__version__ = "0.1.0.dev0"

__all__ = [
    "Attestation",
    "CivicAddress",
    "EmergencyAddress",
    "FieldIssue",
    "FieldStatus",
    "GeoPoint",
    "IssueCode",
    "Location",
    "ManualPath",
    "NumberType",
    "PhoneNumber",
    "Severity",
    "ValidationRecord",
    "ValidationResult",
    "ValidationState",
    "Verdict",
    "__version__",
]
