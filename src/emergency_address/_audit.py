"""The compliance audit: every problem of an organisation's estate, in a deterministic order."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from typing import Any

import attrs

from ._address import EmergencyAddress, elin_number
from ._directory import EmergencyDirectory, NumberRecord
from ._number import PhoneNumber
from ._registry import PolicyRegistry
from ._results import Severity, ValidationState

SCHEMA_VERSION = 1


class FindingCode(enum.StrEnum):
    """The stable codes of :class:`Finding`: a number's, then an address's."""

    NO_ADDRESS = "NO_ADDRESS"
    NOT_VALIDATED = "NOT_VALIDATED"
    COUNTRY_MISMATCH = "COUNTRY_MISMATCH"
    AREA_MISMATCH = "AREA_MISMATCH"
    MISSING_FIELD = "MISSING_FIELD"
    UNKNOWN_LOCATION = "UNKNOWN_LOCATION"
    AREA_UNCHECKED = "AREA_UNCHECKED"
    DEFAULT_POLICY = "DEFAULT_POLICY"
    EMERGENCY_UNSUPPORTED = "EMERGENCY_UNSUPPORTED"
    CARRIER_MANAGED = "CARRIER_MANAGED"
    NO_IN_BUILDING_DETAIL = "NO_IN_BUILDING_DETAIL"
    """A US or US-territory number on its address's default location while the address has
    more specific locations: not a dispatchable location (47 CFR 9.3, 9.16)."""
    ADDRESS_NOT_VALIDATED = "ADDRESS_NOT_VALIDATED"
    UNUSED_ADDRESS = "UNUSED_ADDRESS"
    UNUSED_LOCATION = "UNUSED_LOCATION"
    INVALID_ELIN = "INVALID_ELIN"
    ELIN_NOT_A_NUMBER = "ELIN_NOT_A_NUMBER"
    DUPLICATE_ADDRESS = "DUPLICATE_ADDRESS"


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@attrs.frozen(kw_only=True)
class Finding:
    """One problem the audit found.

    Attributes:
        code: a :class:`FindingCode` value.
        severity: ``error`` (a rule is broken), ``warning`` (likely trouble), ``info``.
        message: a sentence for people.
        number: the E.164 number concerned, if any.
        address_id: the address concerned, if any.
        location_id: the location concerned, if any.
        country: the country whose rule applies (the number's, or the address's).
        source: the citation of the rule, where there is one.
    """

    code: FindingCode
    severity: Severity
    message: str
    number: str | None = None
    address_id: str | None = None
    location_id: str | None = None
    country: str | None = None
    source: str = ""

    def sort_key(self) -> tuple[Any, ...]:
        return (
            _RANK[self.severity],
            self.code.value,
            self.country or "",
            self.address_id or "",
            self.location_id or "",
            self.number or "",
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON-safe data."""
        return {
            "code": self.code.value,
            "severity": self.severity.value,
            "message": self.message,
            "number": self.number,
            "address_id": self.address_id,
            "location_id": self.location_id,
            "country": self.country,
            "source": self.source,
        }


@attrs.frozen(kw_only=True)
class AuditReport:
    """Every finding of an audit, errors first, then by code, country, address and number.

    Attributes:
        findings: the findings, in that deterministic order.
        numbers_checked: how many numbers were audited.
        addresses_checked: how many addresses were audited.
    """

    findings: tuple[Finding, ...]
    numbers_checked: int
    addresses_checked: int

    @property
    def ok(self) -> bool:
        """Whether no finding is an error or a warning."""
        return all(f.severity is Severity.INFO for f in self.findings)

    def at_or_above(self, severity: Severity | str) -> tuple[Finding, ...]:
        """The findings of ``severity`` or worse."""
        rank = _RANK[Severity(severity)]
        return tuple(f for f in self.findings if _RANK[f.severity] <= rank)

    def counts_by_code(self) -> dict[str, int]:
        """How many findings of each code, by code."""
        return dict(sorted(Counter(f.code.value for f in self.findings).items()))

    def counts_by_country(self) -> dict[str, int]:
        """How many findings per country, by country (``"-"`` for none)."""
        return dict(sorted(Counter(f.country or "-" for f in self.findings).items()))

    def counts_by_severity(self) -> dict[str, int]:
        """How many findings of each severity, errors first."""
        counts = Counter(f.severity for f in self.findings)
        return {s.value: counts.get(s, 0) for s in _RANK}

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-safe data (only str, int, None, list and dict)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "numbers_checked": self.numbers_checked,
            "addresses_checked": self.addresses_checked,
            "counts": {
                "by_severity": self.counts_by_severity(),
                "by_code": self.counts_by_code(),
                "by_country": self.counts_by_country(),
            },
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def merge(cls, reports: Iterable[AuditReport]) -> AuditReport:
        """One report from the reports of shards audited apart (in processes, on a cluster)."""
        reports = list(reports)
        findings = sorted((f for r in reports for f in r.findings), key=Finding.sort_key)
        return cls(
            findings=tuple(findings),
            numbers_checked=sum(r.numbers_checked for r in reports),
            addresses_checked=sum(r.addresses_checked for r in reports),
        )


def audit(
    directory: EmergencyDirectory,
    registry: PolicyRegistry | None = None,
    *,
    numbers: Iterable[PhoneNumber | str] | None = None,
    addresses: bool = True,
) -> AuditReport:
    """Audit a whole estate, never stopping at the first problem.

    For each number: whether it has the address its country wants at the events it passed
    through (its arrival, and assignment if assigned), and whether that address satisfies the
    policy (validated, same country, same area code, required fields). For each address:
    whether it is validated, used, unique, and whether its ELINs are numbers of its country.

    Args:
        directory: the estate.
        registry: the policies (the directory's own when ``None``).
        numbers: audit only these numbers (a shard), for fanning an audit out; merge the
            reports with :meth:`AuditReport.merge`.
        addresses: include the address checks (give ``False`` to all shards but one).

    Returns:
        The :class:`AuditReport`.
    """
    policies = registry if registry is not None else directory.policies
    findings: list[Finding] = []
    if numbers is None:
        records: Iterable[NumberRecord] = directory.iter_numbers()
    else:
        records = (directory.number(n) for n in numbers)
    counted = 0
    for record in records:
        counted += 1
        _audit_number(directory, policies, record, findings)
    address_count = 0
    if addresses:
        address_count = _audit_addresses(directory, findings)
    findings.sort(key=Finding.sort_key)
    return AuditReport(
        findings=tuple(findings), numbers_checked=counted, addresses_checked=address_count
    )


def _audit_number(
    directory: EmergencyDirectory,
    policies: PolicyRegistry,
    record: NumberRecord,
    findings: list[Finding],
) -> None:
    number = record.number
    location_id = record.location_id
    address = directory.location_owner(location_id) if location_id is not None else None
    seen: set[tuple[str, str | None]] = set()
    for event in record.events:
        decision = policies.decide(number, event, address, location_id)
        for violation in (*decision.violations, *decision.notes):
            key = (violation.code.value, violation.field)
            if key in seen:
                continue
            seen.add(key)
            findings.append(
                Finding(
                    code=FindingCode(violation.code.value),
                    severity=violation.severity,
                    message=violation.message,
                    number=number.e164,
                    address_id=address.id if address is not None else None,
                    location_id=location_id,
                    country=decision.policy.country,
                    source=violation.source,
                )
            )


def _audit_addresses(directory: EmergencyDirectory, findings: list[Finding]) -> int:
    by_civic: dict[Any, list[str]] = {}
    count = 0
    for address in directory.iter_addresses():
        count += 1
        country = address.civic.country
        by_civic.setdefault(address.civic, []).append(address.id)
        state = address.validation.state
        if state is not ValidationState.VALIDATED:
            findings.append(
                Finding(
                    code=FindingCode.ADDRESS_NOT_VALIDATED,
                    severity=Severity.ERROR
                    if state is ValidationState.INVALID
                    else Severity.WARNING,
                    message=f"address {address.id!r} is {state.value.replace('_', ' ')}",
                    address_id=address.id,
                    country=country,
                )
            )
        usage = directory.usage(address.id)
        if usage.numbers == 0:
            findings.append(
                Finding(
                    code=FindingCode.UNUSED_ADDRESS,
                    severity=Severity.INFO,
                    message=f"no number uses address {address.id!r} or its locations",
                    address_id=address.id,
                    country=country,
                )
            )
        else:
            for location in address.locations:
                if (
                    location.id != address.default_location_id
                    and usage.locations[location.id][0] == 0
                ):
                    findings.append(
                        Finding(
                            code=FindingCode.UNUSED_LOCATION,
                            severity=Severity.INFO,
                            message=f"no number uses location {location.id!r} of address "
                            f"{address.id!r}",
                            address_id=address.id,
                            location_id=location.id,
                            country=country,
                        )
                    )
        _audit_elins(address, findings)
    for ids in by_civic.values():
        if len(ids) > 1:
            ids.sort()
            for address_id in ids:
                others = ", ".join(repr(i) for i in ids if i != address_id)
                findings.append(
                    Finding(
                        code=FindingCode.DUPLICATE_ADDRESS,
                        severity=Severity.WARNING,
                        message=f"address {address_id!r} has the same civic address as {others}",
                        address_id=address_id,
                        country=directory.address(address_id).civic.country,
                    )
                )
    return count


def _audit_elins(address: EmergencyAddress, findings: list[Finding]) -> None:
    # An ELIN is text (Teams maps it through an ELIN gateway); the number check applies only
    # where it reads as a phone number with the address's country.
    country = address.civic.country
    holders: list[tuple[str | None, str | None]] = [(None, address.elin)]
    holders += [(loc.id, loc.elin) for loc in address.locations]
    for location_id, elin in holders:
        if elin is None:
            continue
        where = f"location {location_id!r}" if location_id else f"address {address.id!r}"
        number = elin_number(elin, country)
        if number is None:
            findings.append(
                Finding(
                    code=FindingCode.ELIN_NOT_A_NUMBER,
                    severity=Severity.INFO,
                    message=f"the ELIN {elin!r} of {where} is not a phone number of {country}; "
                    "its number checks were not made",
                    address_id=address.id,
                    location_id=location_id,
                    country=country,
                )
            )
        elif number.region != country:
            findings.append(
                Finding(
                    code=FindingCode.INVALID_ELIN,
                    severity=Severity.ERROR,
                    message=f"the ELIN {number.e164} of {where} is a number of "
                    f"{number.region or 'no country'}, not of {country}",
                    number=number.e164,
                    address_id=address.id,
                    location_id=location_id,
                    country=country,
                )
            )
