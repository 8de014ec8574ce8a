"""The compliance audit: every problem of an organisation's estate, grouped by root cause.

The audit runs over a shared, read-only [AuditContext][emergency_address.AuditContext] (the
addresses and the policies) and any batch of number records, so that the numbers can be split
into shards audited apart (in processes, on a cluster) and the reports merged:
[AuditReport.merge][emergency_address.AuditReport.merge] is associative, and the merge of the
shards' reports equals the audit of the whole.

What makes the merge exact is the report's *merge state*, kept beside the findings:

- ``tallies``, counters merged by addition: how many numbers each location holds. The
  address-level findings that depend on every number (``UNUSED_ADDRESS``, ``UNUSED_LOCATION``)
  are derived from the merged counts, never from one shard's.
- ``facts``, a set merged by union: the addresses and locations the report has checked. Every
  shard checks the same shared addresses; the union counts them once.

Organisation-wide rules to come (overlapping networks, an ELIN shared by two locations) add
their own keys to these two and a derivation, and stay associative the same way.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from ._address import EmergencyAddress, elin_number
from ._area import _area_prefix
from ._directory import EmergencyDirectory, NumberRecord
from ._network import NetworkMap
from ._network_audit import network_findings
from ._number import PhoneNumber
from ._policy import AttachmentEvent, CountryPolicy, Source, Violation, ViolationCode
from ._registration import RegistrationState
from ._registry import PolicyRegistry, default_registry
from ._results import Severity, ValidationState
from .exceptions import EmergencyAddressError, FieldError, InvalidAddressError

SCHEMA_VERSION = 2
"""The version of the layout of ``AuditReport.to_dict()`` (2: groups, citations by rule)."""

SAMPLE_SIZE = 5
"""How many numbers a [FindingGroup][emergency_address.FindingGroup] shows."""


class FindingCode(enum.StrEnum):
    """The stable codes of [Finding][emergency_address.Finding]: a number's, then an address's."""

    NO_ADDRESS = "NO_ADDRESS"
    """A number has no address where its country wants one."""
    NOT_VALIDATED = "NOT_VALIDATED"
    """A number's address is not validated."""
    COUNTRY_MISMATCH = "COUNTRY_MISMATCH"
    """A number's address lies in another country than the number."""
    AREA_MISMATCH = "AREA_MISMATCH"
    """A number's address lies outside the number's area code."""
    MISSING_FIELD = "MISSING_FIELD"
    """A number's address lacks a field its country requires."""
    UNKNOWN_LOCATION = "UNKNOWN_LOCATION"
    """A number is bound to a location its address does not have."""
    AREA_UNCHECKED = "AREA_UNCHECKED"
    """Information: the offline data could not place the address in an area."""
    DEFAULT_POLICY = "DEFAULT_POLICY"
    """Information: no policy is known for the country; the conservative default applied."""
    EMERGENCY_UNSUPPORTED = "EMERGENCY_UNSUPPORTED"
    """Information: the country has no emergency calling on this service."""
    CARRIER_MANAGED = "CARRIER_MANAGED"
    """Information: the carrier keeps the address (AU, JP); lodge it there too."""
    NO_IN_BUILDING_DETAIL = "NO_IN_BUILDING_DETAIL"
    """A US or US-territory number on its address's default location while the address has
    more specific locations: not a dispatchable location (47 CFR 9.3, 9.16)."""
    ADDRESS_NOT_VALIDATED = "ADDRESS_NOT_VALIDATED"
    """An address is not validated (an error when it was rejected)."""
    UNUSED_ADDRESS = "UNUSED_ADDRESS"
    """Information: no number uses an address or its locations."""
    UNUSED_LOCATION = "UNUSED_LOCATION"
    """Information: no number uses a location of an address that has numbers."""
    INVALID_ELIN = "INVALID_ELIN"
    """An ELIN is not a number of its address's country."""
    ELIN_NOT_A_NUMBER = "ELIN_NOT_A_NUMBER"
    """Information: an ELIN is not a number of its country; its number checks were skipped."""
    DUPLICATE_ADDRESS = "DUPLICATE_ADDRESS"
    """Two addresses have the same civic address."""
    REGISTRATION_INACTIVE = "REGISTRATION_INACTIVE"
    """A tracked number needs an address under its country's rules, and its registration with
    the provider is not active (unregistered, pending, being removed)."""
    REGISTRATION_FAILED = "REGISTRATION_FAILED"
    """The provider failed a tracked number's registration (or its removal)."""
    REGISTRATION_MISMATCH = "REGISTRATION_MISMATCH"
    """The provider holds another location for a tracked number than the one it is bound to."""
    ELIN_SHARED = "ELIN_SHARED"
    """One ELIN is used by more than one address or location of the organisation."""
    ELIN_NOT_ORG_NUMBER = "ELIN_NOT_ORG_NUMBER"
    """An ELIN that is a phone number is not one of the organisation's numbers."""
    ELIN_BOUND_ELSEWHERE = "ELIN_BOUND_ELSEWHERE"
    """An ELIN that is one of the organisation's numbers is bound at another address."""
    NETWORK_UNKNOWN_LOCATION = "NETWORK_UNKNOWN_LOCATION"
    """A network element points at a location no address has: a client it matches gets no
    emergency address."""
    NETWORK_UNVALIDATED_LOCATION = "NETWORK_UNVALIDATED_LOCATION"
    """Network elements point at an address that is not validated (or attested)."""
    NETWORK_LOCATION_WITHOUT_GEO = "NETWORK_LOCATION_WITHOUT_GEO"
    """A US location reached through the network has no geo codes, which Microsoft needs to
    route dynamic emergency calls automatically."""
    NETWORK_OVERLAP = "NETWORK_OVERLAP"
    """Two network elements of one kind cover a common client and point at different
    locations (the more specific one wins)."""
    NETWORK_COUNTRY_MISMATCH = "NETWORK_COUNTRY_MISMATCH"
    """A network element's location lies in another country than the rest of its site's."""
    UNREACHABLE_LOCATION = "UNREACHABLE_LOCATION"
    """No network element reaches a specific location of an address whose other locations
    the network map reaches."""


# Findings about the shared addresses alone: every shard finds the same ones (merged by union).
# The network map's findings are of this kind: computed from the addresses and the map.
_ADDRESS_CODES = frozenset(
    {
        FindingCode.NETWORK_UNKNOWN_LOCATION,
        FindingCode.NETWORK_UNVALIDATED_LOCATION,
        FindingCode.NETWORK_LOCATION_WITHOUT_GEO,
        FindingCode.NETWORK_OVERLAP,
        FindingCode.NETWORK_COUNTRY_MISMATCH,
        FindingCode.UNREACHABLE_LOCATION,
        FindingCode.ADDRESS_NOT_VALIDATED,
        FindingCode.INVALID_ELIN,
        FindingCode.ELIN_NOT_A_NUMBER,
        FindingCode.DUPLICATE_ADDRESS,
        FindingCode.ELIN_SHARED,
    }
)
# Findings derived from the merge state after merging (never merged themselves).
_DERIVED_CODES = frozenset(
    {
        FindingCode.UNUSED_ADDRESS,
        FindingCode.UNUSED_LOCATION,
        FindingCode.ELIN_NOT_ORG_NUMBER,
        FindingCode.ELIN_BOUND_ELSEWHERE,
    }
)

_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_NO_NETWORK = NetworkMap()


def _to_member(name: str, kind: Any, value: object) -> Any:
    """``value`` as a member of the str enum ``kind``; the field ``name`` is named when the
    value is not text (``TypeError``) or names no member (``InvalidAddressError``)."""
    if isinstance(value, kind):
        return value
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected {kind.__name__} or str, got {type(value).__name__}")
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        message = f"expected one of {allowed}, got {value[:60]!r}"
        raise InvalidAddressError([FieldError(name, "INVALID", message)]) from None


def _check_text(name: str, value: object, *, optional: bool = True) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str):
        expected = "str or None" if optional else "str"
        raise TypeError(f"{name}: expected {expected}, got {type(value).__name__}")


@attrs.frozen(kw_only=True)
class Finding:
    """One problem the audit found, with everything a program needs to act on it.

    Attributes:
        code: a [FindingCode][emergency_address.FindingCode] value.
        severity: ``error`` (a rule is broken), ``warning`` (likely trouble), ``info``.
        message: a sentence for people (programs read the other fields).
        number: the E.164 number concerned, if any.
        address_id: the address concerned, if any.
        location_id: the location concerned, if any.
        country: the country whose rule applies (the number's, or the address's).
        source: the citations of the rule as one line of text (``""`` when there is none).
        field: the address field concerned (for ``MISSING_FIELD``).
        event: the event at which the number's country wants the address, for a number's
            finding.
        rule: the key of the rule broken (``"GB:required_field:company_name"``); findings of one
            rule share it, and a report's [citations][emergency_address.AuditReport.citations]
            lists the rule's sources once.
        sources: the rule's [Source][emergency_address.Source] citations.
    """

    code: FindingCode
    severity: Severity
    message: str
    number: str | None = None
    address_id: str | None = None
    location_id: str | None = None
    country: str | None = None
    source: str = ""
    field: str | None = None
    event: AttachmentEvent | None = None
    rule: str | None = None
    sources: tuple[Source, ...] = ()

    def __attrs_post_init__(self) -> None:
        # Members or their values; anything else is named (attrs converters would make the
        # signature say "or str", and strategies drawn from it would draw any text).
        object.__setattr__(self, "code", _to_member("code", FindingCode, self.code))
        object.__setattr__(self, "severity", _to_member("severity", Severity, self.severity))
        _check_text("message", self.message, optional=False)
        _check_text("source", self.source, optional=False)
        for name in ("number", "address_id", "location_id", "country", "field", "rule"):
            _check_text(name, getattr(self, name))
        if self.event is not None:
            object.__setattr__(self, "event", _to_member("event", AttachmentEvent, self.event))
        if not isinstance(self.sources, tuple) or not all(
            isinstance(s, Source) for s in self.sources
        ):
            found = type(self.sources).__name__
            raise TypeError(f"sources: expected a tuple of Source, got {found}")

    def sort_key(self) -> tuple[Any, ...]:
        """The report's order: severity, code, country, address, location, number, field."""
        return (
            _RANK[self.severity],
            self.code.value,
            self.country or "",
            self.address_id or "",
            self.location_id or "",
            self.number or "",
            self.field or "",
            self.event.value if self.event is not None else "",
            self.message,
        )

    def to_dict(self, *, sources: bool = True) -> dict[str, Any]:
        """The finding as JSON-safe data.

        Args:
            sources: include the rule's citations (a report lists them once instead, by rule).
        """
        data: dict[str, Any] = {
            "code": self.code.value,
            "severity": self.severity.value,
            "message": self.message,
            "number": self.number,
            "address_id": self.address_id,
            "location_id": self.location_id,
            "country": self.country,
            "field": self.field,
            "event": self.event.value if self.event is not None else None,
            "rule": self.rule,
        }
        if sources:
            data["source"] = self.source
            data["sources"] = [_source_dict(s) for s in self.sources]
        return data


def _source_dict(source: Source) -> dict[str, Any]:
    return dict(source.to_dict())


class GroupBy(enum.StrEnum):
    """How [AuditReport.groups][emergency_address.AuditReport.groups] gathers findings."""

    CAUSE = "cause"
    """One group per root cause: code, rule, address and field (and location, for the
    findings about one location)."""
    CODE = "code"
    """One group per code."""
    ADDRESS = "address"
    """One group per address (findings about no address form one group)."""
    COUNTRY = "country"
    """One group per country."""
    NUMBER = "number"
    """One group per number (address findings with no number form one group)."""


# Codes whose cause is the address as a whole, whichever of its locations the number is on.
_ADDRESS_WIDE = frozenset(
    {
        FindingCode.NO_ADDRESS,
        FindingCode.NOT_VALIDATED,
        FindingCode.COUNTRY_MISMATCH,
        FindingCode.AREA_MISMATCH,
        FindingCode.MISSING_FIELD,
        FindingCode.AREA_UNCHECKED,
        FindingCode.DEFAULT_POLICY,
        FindingCode.EMERGENCY_UNSUPPORTED,
        FindingCode.CARRIER_MANAGED,
        FindingCode.NO_IN_BUILDING_DETAIL,
    }
)


def _cause(f: Finding) -> tuple[Any, ...]:
    return (
        f.code,
        f.rule,
        f.country,
        f.address_id,
        None if f.code in _ADDRESS_WIDE else f.location_id,
        f.field,
        f.number if f.code in _ADDRESS_CODES or f.code in _DERIVED_CODES else None,
    )


_GROUP_KEYS: dict[GroupBy, Callable[[Finding], tuple[Any, ...]]] = {
    GroupBy.CAUSE: _cause,
    GroupBy.CODE: lambda f: (f.code,),
    GroupBy.ADDRESS: lambda f: (f.address_id,),
    GroupBy.COUNTRY: lambda f: (f.country,),
    GroupBy.NUMBER: lambda f: (f.number,),
}


@attrs.frozen(kw_only=True)
class FindingGroup:
    """Findings that share a root cause (or another grouping), counted once.

    Attributes:
        key: what the group's findings share, by name (``{"code": ..., "address_id": ...}``).
        severity: the worst severity among them.
        count: how many findings.
        numbers: how many distinct numbers they concern.
        sample: a few of those numbers (the smallest, in E.164 order).
        example: the finding of the smallest number (or the first, for address findings).
    """

    key: tuple[tuple[str, str | None], ...]
    severity: Severity
    count: int
    numbers: int
    sample: tuple[str, ...]
    example: Finding

    @property
    def code(self) -> FindingCode:
        """The code of the group's findings (of its first, for a group by address)."""
        return self.example.code

    def to_dict(self) -> dict[str, Any]:
        """The group as JSON-safe data."""
        return {
            **dict(self.key),
            "severity": self.severity.value,
            "count": self.count,
            "numbers": self.numbers,
            "sample": list(self.sample),
            "example": self.example.message,
        }


_KEY_NAMES: dict[GroupBy, tuple[str, ...]] = {
    GroupBy.CAUSE: ("code", "rule", "country", "address_id", "location_id", "field", "number"),
    GroupBy.CODE: ("code",),
    GroupBy.ADDRESS: ("address_id",),
    GroupBy.COUNTRY: ("country",),
    GroupBy.NUMBER: ("number",),
}

Tally = tuple[tuple[str, ...], int]


@attrs.frozen(kw_only=True)
class AuditReport:
    """Every finding of an audit, in a deterministic order, and the state that merges it.

    Attributes:
        findings: errors first, then warnings, then information; within each by code,
            country, address, location and number.
        numbers_checked: how many number records were audited.
        addresses_checked: how many addresses were audited.
        tallies: counters merged by addition (``(("numbers", address id, location id), n)``:
            how many numbers a location holds; ``""`` names the default location).
        facts: keys merged by union (``("address", country, address id)``,
            ``("location", address id, location id)``,
            ``("validation", standing, origin, address id)``: what was checked).
    """

    findings: tuple[Finding, ...]
    numbers_checked: int
    addresses_checked: int
    tallies: tuple[Tally, ...] = ()
    facts: frozenset[tuple[str, ...]] = frozenset()

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.findings, tuple) or not all(
            isinstance(f, Finding) for f in self.findings
        ):
            raise TypeError("findings: expected a tuple of Finding")
        for name in ("numbers_checked", "addresses_checked"):
            value = getattr(self, name)
            if type(value) is not int:
                raise TypeError(f"{name}: expected a non-negative int, got {type(value).__name__}")
            if value < 0:
                raise InvalidAddressError(
                    [FieldError(name, "OUT_OF_RANGE", "expected a count, not a negative number")]
                )
        if not isinstance(self.tallies, tuple):
            raise TypeError(f"tallies: expected a tuple, got {type(self.tallies).__name__}")
        if not isinstance(self.facts, frozenset):
            raise TypeError(f"facts: expected a frozenset, got {type(self.facts).__name__}")

    @property
    def ok(self) -> bool:
        """Whether no finding is an error or a warning."""
        return all(f.severity is Severity.INFO for f in self.findings)

    def at_or_above(self, severity: Severity | str) -> tuple[Finding, ...]:
        """The findings of ``severity`` or worse.

        Raises:
            TypeError: ``severity`` is not text.
            InvalidAddressError: ``severity`` names no [Severity][emergency_address.Severity].
        """
        rank = _RANK[_to_member("severity", Severity, severity)]
        return tuple(f for f in self.findings if _RANK[f.severity] <= rank)

    def counts_by_code(self) -> dict[str, int]:
        """How many findings of each code, by code."""
        return dict(sorted(Counter(f.code.value for f in self.findings).items()))

    def counts_by_country(self) -> dict[str, int]:
        """How many findings per country, by country (``"-"`` for none)."""
        return dict(sorted(Counter(f.country or "-" for f in self.findings).items()))

    def counts_by_origin(self) -> dict[str, int]:
        """How many audited addresses hold a validation state from each origin, by origin:
        ``"validator"``, ``"manual review"``, ``"attestation"``, ``"imported from <source>"``
        (a Teams export, JSON), or ``"none"`` (see
        [ValidationRecord.origin][emergency_address.ValidationRecord.origin])."""
        counts = Counter(f[2] for f in self.facts if f[0] == "validation")
        return dict(sorted(counts.items()))

    def counts_by_validation(self) -> dict[str, int]:
        """How many audited addresses stand where, by standing: ``"validated"``, ``"stale"``
        (a state recorded for a civic address that has changed since), ``"format only"``
        (only a format check, which never validates), ``"not validated"``, ``"invalid"``,
        ``"pending manual"``, ``"attested"``."""
        counts = Counter(f[1] for f in self.facts if f[0] == "validation")
        return dict(sorted(counts.items()))

    def counts_by_severity(self) -> dict[str, int]:
        """How many findings of each severity, errors first."""
        counts = Counter(f.severity for f in self.findings)
        return {s.value: counts.get(s, 0) for s in _RANK}

    def groups(
        self, by: GroupBy | str = GroupBy.CAUSE, *, severity: Severity | str = Severity.INFO
    ) -> tuple[FindingGroup, ...]:
        """The findings gathered by root cause (or by code, address, country, number).

        One address lacking one field its country requires gives one group, however many
        numbers use it.

        Args:
            by: a [GroupBy][emergency_address.GroupBy] value.
            severity: leave out findings less severe than this.

        Returns:
            The groups, errors first, then by how many numbers they concern (most first).

        Raises:
            TypeError: ``by`` or ``severity`` is not text.
            InvalidAddressError: ``by`` or ``severity`` names no member.
        """
        grouping: GroupBy = _to_member("by", GroupBy, by)
        rank = _RANK[_to_member("severity", Severity, severity)]
        key_of = _GROUP_KEYS[grouping]
        gathered: dict[tuple[Any, ...], list[Finding]] = {}
        for finding in self.findings:
            if _RANK[finding.severity] <= rank:
                gathered.setdefault(key_of(finding), []).append(finding)
        groups = []
        for key, members in gathered.items():
            numbers = sorted({f.number for f in members if f.number is not None})
            worst = min((f.severity for f in members), key=_RANK.__getitem__)
            names = _KEY_NAMES[grouping]
            values = [v.value if isinstance(v, enum.Enum) else v for v in key]
            groups.append(
                FindingGroup(
                    key=tuple(zip(names, values, strict=True)),
                    severity=worst,
                    count=len(members),
                    numbers=len(numbers),
                    sample=tuple(numbers[:SAMPLE_SIZE]),
                    example=min(members, key=lambda f: (f.number or "", f.sort_key())),
                )
            )
        groups.sort(key=lambda g: (_RANK[g.severity], -g.numbers, -g.count, g.example.sort_key()))
        return tuple(groups)

    def citations(self) -> dict[str, tuple[Source, ...]]:
        """The sources of every rule a finding refers to, once each, by rule key."""
        table: dict[str, tuple[Source, ...]] = {}
        for finding in self.findings:
            if finding.rule is not None and finding.rule not in table:
                table[finding.rule] = finding.sources
        return dict(sorted(table.items()))

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-safe data (only str, int, None, list and dict).

        Findings refer to their rule by key; ``citations`` lists each rule's sources once.
        ``merge_state`` holds what [merge][emergency_address.AuditReport.merge] needs, so a
        report read back can still be merged.
        """
        return {
            "schema_version": SCHEMA_VERSION,
            "numbers_checked": self.numbers_checked,
            "addresses_checked": self.addresses_checked,
            "counts": {
                "by_severity": self.counts_by_severity(),
                "by_code": self.counts_by_code(),
                "by_country": self.counts_by_country(),
                "by_origin": self.counts_by_origin(),
                "by_validation": self.counts_by_validation(),
            },
            "groups": [g.to_dict() for g in self.groups()],
            "citations": {
                rule: [_source_dict(s) for s in sources]
                for rule, sources in self.citations().items()
            },
            "findings": [f.to_dict(sources=False) for f in self.findings],
            "merge_state": {
                "tallies": [[*key, count] for key, count in self.tallies],
                "facts": [list(fact) for fact in sorted(self.facts)],
            },
        }

    @classmethod
    def merge(cls, reports: Iterable[AuditReport]) -> AuditReport:
        """One report from the reports of shards audited apart (in processes, on a cluster).

        Associative and commutative: merging in any grouping and order gives the same report,
        and merging the reports of every shard gives the report of auditing them together.
        A number audited in two shards counts twice.

        Raises:
            TypeError: an item is not an [AuditReport][emergency_address.AuditReport].
        """
        if isinstance(reports, AuditReport) or not isinstance(reports, Iterable):
            raise TypeError(
                f"reports: expected an iterable of AuditReport, got {type(reports).__name__}"
            )
        numbers: list[Finding] = []
        addresses: set[Finding] = set()
        tallies: Counter[tuple[str, ...]] = Counter()
        facts: set[tuple[str, ...]] = set()
        checked = 0
        for report in reports:
            if not isinstance(report, AuditReport):
                raise TypeError(f"reports: expected AuditReport items, got {type(report).__name__}")
            checked += report.numbers_checked
            for finding in report.findings:
                if finding.code in _ADDRESS_CODES:
                    addresses.add(finding)
                elif finding.code not in _DERIVED_CODES:
                    numbers.append(finding)
            for key, count in report.tallies:
                tallies[key] += count
            facts.update(report.facts)
        return _finish(numbers, addresses, tallies, facts, checked)


def _finish(
    numbers: list[Finding],
    addresses: Iterable[Finding],
    tallies: Mapping[tuple[str, ...], int],
    facts: set[tuple[str, ...]] | frozenset[tuple[str, ...]],
    checked: int,
) -> AuditReport:
    findings = [*numbers, *addresses, *_derive(tallies, facts), *_derive_elins(facts)]
    findings.sort(key=Finding.sort_key)
    return AuditReport(
        findings=tuple(findings),
        numbers_checked=checked,
        addresses_checked=sum(1 for fact in facts if fact[0] == "address"),
        tallies=tuple(sorted((k, v) for k, v in tallies.items() if v)),
        facts=frozenset(facts),
    )


def _derive(
    tallies: Mapping[tuple[str, ...], int], facts: Iterable[tuple[str, ...]]
) -> Iterator[Finding]:
    """The findings that depend on every number: unused addresses and locations."""
    locations: dict[str, list[str]] = {}
    countries: dict[str, str] = {}
    for fact in facts:
        if fact[0] == "address":
            countries[fact[2]] = fact[1]
        elif fact[0] == "location":
            locations.setdefault(fact[1], []).append(fact[2])
    used: Counter[str] = Counter()
    for key, count in tallies.items():
        if key[0] == "numbers":
            used[key[1]] += count
    for address_id, country in countries.items():
        if not used[address_id]:
            yield Finding(
                code=FindingCode.UNUSED_ADDRESS,
                severity=Severity.INFO,
                message=f"no number uses address {address_id!r} or its locations",
                address_id=address_id,
                country=country,
            )
            continue
        for location_id in locations.get(address_id, ()):
            if location_id and not tallies.get(("numbers", address_id, location_id)):
                yield Finding(
                    code=FindingCode.UNUSED_LOCATION,
                    severity=Severity.INFO,
                    message=f"no number uses location {location_id!r} of address {address_id!r}",
                    address_id=address_id,
                    location_id=location_id,
                    country=country,
                )


@attrs.frozen(eq=False)
class _Place:
    address: EmergencyAddress
    key: str  # "" for the default location
    tally: tuple[str, str, str] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "tally", ("numbers", self.address.id, self.key))


@attrs.frozen(init=False)
class AuditContext:
    """The shared, read-only part of an audit: the addresses, the policies and the network map.

    Build it once, send it to every worker (it pickles), and audit any batch of number records
    against it with [audit_batch][emergency_address.audit_batch].

    Args:
        addresses: the organisation's addresses, with their locations.
        registry: the policies (``default_registry()`` when ``None``).
        network: the organisation's [NetworkMap][emergency_address.NetworkMap] (none when
            ``None``); its findings are organisation-wide, like the address checks.

    Raises:
        TypeError: ``addresses`` is not an iterable of
            [EmergencyAddress][emergency_address.EmergencyAddress], ``registry`` not a
            [PolicyRegistry][emergency_address.PolicyRegistry], or ``network`` not a
            [NetworkMap][emergency_address.NetworkMap].
        InvalidAddressError: two addresses share an id, or two locations an id.
    """

    addresses: tuple[EmergencyAddress, ...]
    registry: PolicyRegistry
    network: NetworkMap
    _places: dict[str, _Place] = attrs.field(eq=False, repr=False)
    _address_findings: tuple[Finding, ...] = attrs.field(eq=False, repr=False)
    _facts: frozenset[tuple[str, ...]] = attrs.field(eq=False, repr=False)

    def __init__(
        self,
        addresses: Iterable[EmergencyAddress] = (),
        registry: PolicyRegistry | None = None,
        network: NetworkMap | None = None,
    ) -> None:
        if isinstance(addresses, str | bytes) or not isinstance(addresses, Iterable):
            raise TypeError(
                f"addresses: expected an iterable of EmergencyAddress, got "
                f"{type(addresses).__name__}"
            )
        if registry is None:
            registry = default_registry()
        elif not isinstance(registry, PolicyRegistry):
            raise TypeError(f"registry: expected PolicyRegistry, got {type(registry).__name__}")
        if network is None:
            network = _NO_NETWORK
        elif not isinstance(network, NetworkMap):
            raise TypeError(f"network: expected NetworkMap or None, got {type(network).__name__}")
        items = tuple(addresses)
        for index, address in enumerate(items):
            if not isinstance(address, EmergencyAddress):
                raise TypeError(
                    f"addresses[{index}]: expected EmergencyAddress, got {type(address).__name__}"
                )
        items = tuple(sorted(items, key=lambda a: a.id))
        places = _places_of(items)
        findings: list[Finding] = []
        facts: set[tuple[str, ...]] = set()
        _audit_addresses(items, findings, facts)
        findings += network_findings(items, network)
        self.__attrs_init__(items, registry, network, places, tuple(findings), frozenset(facts))

    def __reduce__(self) -> tuple[Any, ...]:
        return (AuditContext, (self.addresses, self.registry, self.network))

    @classmethod
    def of(
        cls,
        directory: EmergencyDirectory,
        registry: PolicyRegistry | None = None,
        *,
        network: NetworkMap | None = None,
    ) -> AuditContext:
        """The context of a directory's addresses (and its registry and network map, unless
        others are given)."""
        if not isinstance(directory, EmergencyDirectory):
            raise TypeError(
                f"directory: expected EmergencyDirectory, got {type(directory).__name__}"
            )
        return cls(
            directory.iter_addresses(),
            registry or directory.policies,
            directory.network if network is None else network,
        )


def _places_of(addresses: tuple[EmergencyAddress, ...]) -> dict[str, _Place]:
    places: dict[str, _Place] = {}
    errors: list[FieldError] = []
    seen: set[str] = set()
    for index, address in enumerate(addresses):
        if address.id in seen:
            errors.append(
                FieldError(f"addresses[{index}].id", "DUPLICATE", f"{address.id!r} appears twice")
            )
            continue
        seen.add(address.id)
        default = address.default_location.id
        for loc in address.locations:
            if loc.id in places:
                errors.append(
                    FieldError(
                        f"addresses[{index}].locations",
                        "DUPLICATE",
                        f"location id {loc.id!r} is used by address {places[loc.id].address.id!r}",
                    )
                )
                continue
            places[loc.id] = _Place(address, "" if loc.id == default else loc.id)
    if errors:
        raise InvalidAddressError(errors)
    return places


def audit_batch(records: Iterable[NumberRecord], context: AuditContext) -> AuditReport:
    """Audit a batch of number records (a shard) against shared addresses and policies.

    The report carries the findings of these numbers, the address findings (every shard
    finds the same ones; merging counts them once) and the merge state. Merge the shards'
    reports with [AuditReport.merge][emergency_address.AuditReport.merge].

    Args:
        records: the [NumberRecord][emergency_address.NumberRecord] objects of the shard.
        context: the [AuditContext][emergency_address.AuditContext].

    Raises:
        TypeError: ``context`` is not an ``AuditContext``, or a record not a ``NumberRecord``.

    Examples:
        >>> from emergency_address import AuditContext, AuditReport, audit_batch
        >>> context = AuditContext([])
        >>> AuditReport.merge([audit_batch([], context), audit_batch([], context)]).ok
        True
    """
    if not isinstance(context, AuditContext):
        raise TypeError(f"context: expected AuditContext, got {type(context).__name__}")
    return _run(records, context, addresses=True)


def _run(records: Iterable[NumberRecord], context: AuditContext, *, addresses: bool) -> AuditReport:
    if isinstance(records, str | bytes) or not isinstance(records, Iterable):
        raise TypeError(
            f"records: expected an iterable of NumberRecord, got {type(records).__name__}"
        )
    auditor = _NumberAuditor(context)
    tallies: Counter[tuple[str, ...]] = Counter()
    facts: set[tuple[str, ...]] = set()
    elins = frozenset(fact[1] for fact in context._facts if fact[0] == "elin")
    not_tracked = RegistrationState.NOT_TRACKED
    checked = 0
    for record in records:
        if type(record) is not NumberRecord and not isinstance(record, NumberRecord):
            raise TypeError(f"records: expected NumberRecord items, got {type(record).__name__}")
        checked += 1
        place = auditor.audit(record)
        if place is not None:
            tallies[place.tally] += 1
        if record.registration.state is not not_tracked:
            auditor.registration(record, place)
        if elins and record.number.e164 in elins:
            # Which address the ELIN's number is bound at, if any: the ELIN checks are derived
            # from these facts once every shard is merged.
            bound_at = place.address.id if place is not None else ""
            facts.add(("elin-bound", record.number.e164, bound_at))
    if addresses:
        facts |= context._facts
        return _finish(auditor.findings, context._address_findings, tallies, facts, checked)
    return _finish(auditor.findings, (), tallies, facts, checked)


# One cached outcome of a decision: the findings' fields, with the number to substitute.
# Findings made from it skip the constructor's checks: their fields come from a Decision.
_new = object.__new__
_set = object.__setattr__
_Outcome = tuple[tuple[Any, ...], ...]


class _Reachable:
    """Whether every specific location of an address is reached by the network map, so that
    a caller there is located on the right floor dynamically (memoised per address)."""

    def __init__(self, network: NetworkMap) -> None:
        self.network = network
        self.known: dict[str, bool] = {}

    def __call__(self, address: EmergencyAddress) -> bool:
        found = self.known.get(address.id)
        if found is None:
            default = address.default_location_id
            specific = [loc.id for loc in address.locations if loc.id != default]
            found = bool(len(self.network)) and all(
                self.network.referencing(location_id) for location_id in specific
            )
            self.known[address.id] = found
        return found


_DYNAMIC_NOTE = (
    "; every location of the address is reached through the network map, which gives a "
    "caller there the floor dynamically"
)


class _NumberAuditor:
    """Decides once per group of identical cases and makes each number's findings from it.

    Two numbers of one region, calling code, type and area code, bound to the same location
    and having passed through the same events, get the same decision but for the number in
    its messages; the cache holds the decision's findings with the number to substitute.
    A decision whose message depends on more than that (an area mismatch names the place of
    the number's own prefix) is not reused.
    """

    __slots__ = ("cache", "findings", "places", "policies", "reachable", "registry")

    def __init__(self, context: AuditContext) -> None:
        self.places = context._places
        self.registry = context.registry
        self.reachable = _Reachable(context.network)
        self.policies: dict[str | None, CountryPolicy] = {}
        self.findings: list[Finding] = []
        self.cache: dict[tuple[Any, ...], tuple[str, _Outcome]] = {}

    def audit(self, record: NumberRecord) -> _Place | None:
        number = record.number
        location_id = record.location_id
        address = None
        place = None
        if location_id is not None:
            place = self.places.get(location_id)
            if place is None:
                self.findings.append(_unknown_location(record))
                return None
            address = place.address
        region = number.region
        policy = self.policies.get(region)
        if policy is None:
            policy = self.policies[region] = self.registry.policy_for(number)
        area = None
        if policy.same_area and address is not None and address.civic.country == region:
            area = _area_prefix(number)
        key = (
            region,
            number.country_code,
            number.number_type,
            area,
            location_id,
            record.arrived,
            record.user is None,
        )
        cached = self.cache.get(key)
        e164 = number.e164
        if cached is None:
            outcome, reusable = self.decide(record, address)
            if reusable:
                self.cache[key] = (e164, outcome)
        elif not cached[1]:
            return place  # nothing to report, the common case
        else:
            template, outcome = cached
        if not outcome:
            return place
        address_id = address.id if address is not None else None
        append = self.findings.append
        for code, severity, message, field, event, rule, sources, source, country in outcome:
            finding = _new(Finding)
            _set(finding, "code", code)
            _set(finding, "severity", severity)
            _set(finding, "message", message.replace(template, e164) if cached else message)
            _set(finding, "number", e164)
            _set(finding, "address_id", address_id)
            _set(finding, "location_id", location_id)
            _set(finding, "country", country)
            _set(finding, "source", source)
            _set(finding, "field", field)
            _set(finding, "event", event)
            _set(finding, "rule", rule)
            _set(finding, "sources", sources)
            append(finding)
        return place

    def registration(self, record: NumberRecord, place: _Place | None) -> None:
        """The findings of a tracked registration: failed, not active where the country wants
        an address, or held for another location than the one the number is bound to."""
        registration = record.registration
        state = registration.state
        number = record.number
        e164 = number.e164
        policy = self.policies.get(number.region)
        if policy is None:
            policy = self.policies[number.region] = self.registry.policy_for(number)
        found: list[tuple[FindingCode, Severity, str]] = []
        if state is RegistrationState.REGISTRATION_FAILED:
            found.append(
                (
                    FindingCode.REGISTRATION_FAILED,
                    Severity.ERROR,
                    f"the provider failed to register {e164}: {registration.last_error}",
                )
            )
        elif state is RegistrationState.UNREGISTRATION_FAILED:
            found.append(
                (
                    FindingCode.REGISTRATION_FAILED,
                    Severity.WARNING,
                    f"the provider failed to remove the registration of {e164}: "
                    f"{registration.last_error}; it may still hold location "
                    f"{registration.location_id!r}",
                )
            )
        elif not registration.is_active and any(
            policy.requires_address(event, number.number_type) for event in record.events
        ):
            pending = state is RegistrationState.PENDING_REGISTRATION
            found.append(
                (
                    FindingCode.REGISTRATION_INACTIVE,
                    Severity.WARNING if pending else Severity.ERROR,
                    f"{e164} needs an address in {policy.country} and its registration "
                    f"with the provider is {state.value}",
                )
            )
        if registration.may_hold_address and registration.location_id != record.location_id:
            found.append(self._mismatch(record, place))
        address_id = place.address.id if place is not None else None
        for code, severity, message in found:
            self.findings.append(
                Finding(
                    code=code,
                    severity=severity,
                    message=message,
                    number=e164,
                    address_id=address_id,
                    location_id=record.location_id,
                    country=policy.country,
                )
            )

    def _mismatch(
        self, record: NumberRecord, place: _Place | None
    ) -> tuple[FindingCode, Severity, str]:
        held = record.registration.location_id
        registered = self.places.get(held) if held is not None else None
        e164 = record.number.e164
        bound = f"location {record.location_id!r}" if record.location_id else "no location"
        if registered is None:
            return (
                FindingCode.REGISTRATION_MISMATCH,
                Severity.ERROR,
                f"the provider holds location {held!r} for {e164}, which the directory "
                f"does not have; the number is bound to {bound}",
            )
        if place is None or registered.address.id != place.address.id:
            # Another building: a call would carry an address the number is no longer at.
            return (
                FindingCode.REGISTRATION_MISMATCH,
                Severity.ERROR,
                f"the provider holds address {registered.address.id!r} for {e164}, "
                f"which is bound to {bound}",
            )
        return (
            FindingCode.REGISTRATION_MISMATCH,
            Severity.WARNING,
            f"the provider holds location {held!r} for {e164}, which is bound to {bound} "
            "of the same address",
        )

    def decide(
        self, record: NumberRecord, address: EmergencyAddress | None
    ) -> tuple[_Outcome, bool]:
        outcome: list[tuple[Any, ...]] = []
        seen: set[tuple[str, str | None]] = set()
        reusable = True
        for event in record.events:
            decision = self.registry.decide(record.number, event, address, record.location_id)
            country = decision.policy.country
            for violation in (*decision.violations, *decision.notes):
                key = (violation.code.value, violation.field)
                if key in seen:
                    continue
                seen.add(key)
                if violation.code is ViolationCode.AREA_MISMATCH:
                    reusable = False
                severity, message = violation.severity, violation.message
                if (
                    violation.code is ViolationCode.NO_IN_BUILDING_DETAIL
                    and address is not None
                    and self.reachable(address)
                ):
                    severity, message = Severity.INFO, message + _DYNAMIC_NOTE
                outcome.append(
                    (
                        FindingCode(violation.code.value),
                        severity,
                        message,
                        violation.field,
                        event,
                        _rule_key(country, violation),
                        violation.sources,
                        violation.source,
                        country,
                    )
                )
        return tuple(outcome), reusable


def _rule_key(country: str, violation: Violation) -> str:
    """``"GB:required_field:company_name"``: the country's rule the violation enforces (its
    sources are the same for every finding of the key), or the code for a data error."""
    kind = violation.rule.value if violation.rule is not None else violation.code.value
    key = f"{country}:{kind}"
    return f"{key}:{violation.field}" if violation.field else key


def _unknown_location(record: NumberRecord) -> Finding:
    return Finding(
        code=FindingCode.UNKNOWN_LOCATION,
        severity=Severity.ERROR,
        message=f"{record.e164} is bound to location {record.location_id!r}, which no address has",
        number=record.e164,
        location_id=record.location_id,
        country=record.number.region,
    )


def audit(
    directory: EmergencyDirectory,
    registry: PolicyRegistry | None = None,
    *,
    numbers: Iterable[PhoneNumber | str] | None = None,
    addresses: bool = True,
    network: NetworkMap | None = None,
) -> AuditReport:
    """Audit a whole estate, never stopping at the first problem.

    For each number: whether it has the address its country wants at the events it passed
    through (its arrival, and assignment if assigned), and whether that address satisfies the
    policy (validated, same country, same area code, required fields). For each address:
    whether it is validated, used, unique, and whether its ELINs are numbers of its country.

    Args:
        directory: the estate.
        registry: the policies (the directory's own when ``None``).
        numbers: audit only these numbers (a shard); merge the reports with
            [AuditReport.merge][emergency_address.AuditReport.merge]. For shards of records
            that are not in one directory, see [audit_batch][emergency_address.audit_batch].
        addresses: include the address checks (merging counts them once either way).
        network: the network map to check against the directory (the directory's own
            [network][emergency_address.EmergencyDirectory.network] when ``None``); its
            findings come with the address checks.

    Returns:
        The [AuditReport][emergency_address.AuditReport].

    Raises:
        TypeError: ``directory`` is not an
            [EmergencyDirectory][emergency_address.EmergencyDirectory], or ``registry`` not a
            [PolicyRegistry][emergency_address.PolicyRegistry].
    """
    if not isinstance(directory, EmergencyDirectory):
        raise TypeError(f"directory: expected EmergencyDirectory, got {type(directory).__name__}")
    if registry is not None and not isinstance(registry, PolicyRegistry):
        raise TypeError(f"registry: expected PolicyRegistry, got {type(registry).__name__}")
    if network is not None and not isinstance(network, NetworkMap):
        raise TypeError(f"network: expected NetworkMap or None, got {type(network).__name__}")
    context = AuditContext.of(directory, registry, network=network)
    if numbers is None:
        records: Iterable[NumberRecord] = directory.iter_numbers()
    else:
        if isinstance(numbers, str | bytes) or not isinstance(numbers, Iterable):
            raise TypeError(
                f"numbers: expected an iterable of numbers, got {type(numbers).__name__}"
            )
        records = (directory.number(n) for n in numbers)
    return _run(records, context, addresses=addresses)


def warm_up(registry: PolicyRegistry | None = None) -> None:
    """Load every lazily loaded table the audit uses, once in this process.

    Call it once per worker process before its first shard, so that the first shard costs
    what the others do: it reads the phonenumbers metadata of every region the registry has a
    policy for, the area-code data of the countries that compare area codes, and the policies.

    Args:
        registry: the policies (``default_registry()`` when ``None``).
    """
    import phonenumbers

    from ._civic import CivicAddress

    if registry is None:
        registry = default_registry()
    elif not isinstance(registry, PolicyRegistry):
        raise TypeError(f"registry: expected PolicyRegistry, got {type(registry).__name__}")
    for policy in registry:
        example = phonenumbers.example_number_for_type(
            policy.country, phonenumbers.PhoneNumberType.FIXED_LINE
        )
        if example is None:
            continue
        e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
        try:
            number = PhoneNumber.parse(e164)
            civic = CivicAddress(country=policy.country, city="Warm-up")
        except EmergencyAddressError:  # a region phonenumbers cannot exemplify: skip it
            continue
        address = EmergencyAddress(id="warm-up", civic=civic)
        for event in AttachmentEvent:
            registry.decide(number, event, address)


def _audit_addresses(
    addresses: tuple[EmergencyAddress, ...],
    findings: list[Finding],
    facts: set[tuple[str, ...]],
) -> None:
    by_civic: dict[Any, list[EmergencyAddress]] = {}
    elins: dict[str, list[tuple[EmergencyAddress, str | None]]] = {}
    for address in addresses:
        country = address.civic.country
        facts.add(("address", country, address.id))
        facts.add(("validation", _standing(address), address.validation.origin, address.id))
        default = address.default_location.id
        for location in address.locations:
            facts.add(("location", address.id, "" if location.id == default else location.id))
        by_civic.setdefault(address.civic, []).append(address)
        state = address.validation.state_for(address.civic)  # a stale record: not validated
        unmet = address.validation.why_not_validated(address.civic)
        if unmet is not None:
            findings.append(
                Finding(
                    code=FindingCode.ADDRESS_NOT_VALIDATED,
                    severity=Severity.ERROR
                    if state is ValidationState.INVALID
                    else Severity.WARNING,
                    message=f"address {address.id!r} {unmet}",
                    address_id=address.id,
                    country=country,
                )
            )
        for location_id, elin, number in _audit_elins(address, findings):
            elins.setdefault(elin, []).append((address, location_id))
            if number is not None:
                facts.add(("elin", number, address.id, location_id or ""))
    _shared_elins(elins, findings)
    for same in by_civic.values():
        if len(same) > 1:
            ids = sorted(a.id for a in same)
            for address in same:
                others = ", ".join(repr(i) for i in ids if i != address.id)
                findings.append(
                    Finding(
                        code=FindingCode.DUPLICATE_ADDRESS,
                        severity=Severity.WARNING,
                        message=f"address {address.id!r} has the same civic address as {others}",
                        address_id=address.id,
                        country=address.civic.country,
                    )
                )


def _standing(address: EmergencyAddress) -> str:
    """Where an address's validation stands for its current content, for counting."""
    record = address.validation
    if record.is_stale(address.civic):
        return "stale"
    only_format = record.result is None and record.manual is None and record.provenance is None
    if record.state is ValidationState.NOT_VALIDATED and record.format_check and only_format:
        return "format only"
    return record.state.value.replace("_", " ")


def _audit_elins(
    address: EmergencyAddress, findings: list[Finding]
) -> Iterator[tuple[str | None, str, str | None]]:
    """Check each ELIN of the address, and yield (location id or None, ELIN, its E.164 where it
    is a number of the address's country)."""
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
        yield (
            location_id,
            elin,
            number.e164 if number is not None and number.region == country else None,
        )
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


def _shared_elins(
    elins: Mapping[str, list[tuple[EmergencyAddress, str | None]]], findings: list[Finding]
) -> None:
    """An ELIN names one place to the PSAP: each holder of a shared one gets a warning."""
    for elin, holders in elins.items():
        if len(holders) < 2:
            continue
        names = sorted(f"location {loc!r}" if loc else f"address {a.id!r}" for a, loc in holders)
        for address, location_id in holders:
            where = f"location {location_id!r}" if location_id else f"address {address.id!r}"
            others = ", ".join(n for n in names if n != where)
            findings.append(
                Finding(
                    code=FindingCode.ELIN_SHARED,
                    severity=Severity.WARNING,
                    message=f"the ELIN {elin!r} of {where} is also the ELIN of {others}; a "
                    "PSAP that looks it up finds one of them",
                    address_id=address.id,
                    location_id=location_id,
                    country=address.civic.country,
                )
            )


def _derive_elins(facts: Iterable[tuple[str, ...]]) -> Iterator[Finding]:
    """ELINs that are numbers: one of the organisation's, bound at the same address."""
    holders: list[tuple[str, ...]] = []
    bound: dict[str, set[str]] = {}
    for fact in facts:
        if fact[0] == "elin":
            holders.append(fact)
        elif fact[0] == "elin-bound":
            bound.setdefault(fact[1], set()).add(fact[2])
    for _, e164, address_id, location_id in sorted(holders):
        where = f"location {location_id!r}" if location_id else f"address {address_id!r}"
        at = bound.get(e164)
        if at is None:
            code = FindingCode.ELIN_NOT_ORG_NUMBER
            problem = "is not one of the organisation's numbers; a PSAP calling it back reaches "
            problem += "someone else"
        elif address_id not in at:
            code = FindingCode.ELIN_BOUND_ELSEWHERE
            elsewhere = ", ".join(repr(a) if a else "no address" for a in sorted(at))
            problem = f"is bound at {elsewhere}, not at {address_id!r}"
        else:
            continue
        yield Finding(
            code=code,
            severity=Severity.WARNING,
            message=f"the ELIN {e164} of {where} {problem}",
            number=e164,
            address_id=address_id,
            location_id=location_id or None,
        )
