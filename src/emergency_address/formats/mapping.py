"""Plain dicts and JSON: every public value object, the directory and the audit report.

``to_dict(obj)`` gives JSON-safe data (only ``str``, ``int``, ``float``, ``bool``, ``None``,
``list`` and ``dict``) with a ``schema_version`` and the object's ``type`` at the top;
``from_dict(cls, data)`` builds the object back, reporting every bad key and value at once and
refusing unknown keys unless ``strict=False``. Absent optional values are left out. Nested
phone numbers are E.164 strings; enums are their values; datetimes are ISO 8601 text.

Examples:
    >>> from emergency_address import CivicAddress
    >>> from emergency_address.formats.mapping import from_dict, to_dict
    >>> data = to_dict(CivicAddress(country="GB", city="London"))
    >>> data
    {'schema_version': 1, 'type': 'CivicAddress', 'country': 'GB', 'city': 'London'}
    >>> from_dict(CivicAddress, data) == CivicAddress(country="GB", city="London")
    True
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from emergency_address._address import ELIN_LIMIT, EmergencyAddress, Location
from emergency_address._audit import AuditReport, Finding, FindingCode
from emergency_address._civic import CIVIC_FIELDS, CivicAddress, GeoPoint
from emergency_address._directory import EmergencyDirectory, NumberRecord
from emergency_address._network import (
    EthernetSwitch,
    NetworkElement,
    NetworkMap,
    Subnet,
    SwitchPort,
    WirelessAccessPoint,
)
from emergency_address._number import PhoneNumber
from emergency_address._policy import AttachmentEvent, Confidence, Source, SourceKind
from emergency_address._registry import default_registry
from emergency_address._results import (
    Attestation,
    FieldIssue,
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
from emergency_address.exceptions import (
    EmergencyAddressError,
    FieldError,
    InvalidAddressError,
    InvalidPhoneNumberError,
    shown,
)

__all__ = ["SCHEMA_VERSION", "address_schema", "from_dict", "load_json", "to_dict"]

SCHEMA_VERSION = 1
T = TypeVar("T")
_CIVIC_KEYS = (*(name for name, _, _ in CIVIC_FIELDS), "language")
_STAND_IN = CivicAddress(country="US")


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != [] and v != ()}


# --- to_dict -----------------------------------------------------------------------------------


def _civic(c: CivicAddress) -> dict[str, Any]:
    return c.fields()


def _geo(g: GeoPoint | None) -> dict[str, Any] | None:
    return None if g is None else {"latitude": g.latitude, "longitude": g.longitude}


def _location(loc: Location) -> dict[str, Any]:
    return _drop_none(
        {
            "id": loc.id,
            "description": loc.description,
            "building": loc.building,
            "floor": loc.floor,
            "unit": loc.unit,
            "room": loc.room,
            "seat": loc.seat,
            "elin": loc.elin,
            "geo": _geo(loc.geo),
        }
    )


def _issue(i: FieldIssue) -> dict[str, Any]:
    return _drop_none(
        {
            "field": i.field,
            "code": i.code.value,
            "message": i.message,
            "severity": i.severity.value,
            "validator": i.validator or None,
        }
    )


def _result(r: ValidationResult | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return _drop_none(
        {
            "verdict": r.verdict.value,
            "issues": [_issue(i) for i in r.issues],
            "corrected": _civic(r.corrected) if r.corrected else None,
            "candidates": [_civic(c) for c in r.candidates],
            "validator": r.validator or None,
            "scope": r.scope.value,
        }
    )


def _time(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _attestation(a: Attestation | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"by": a.by, "reason": a.reason, "at": a.at.isoformat()}


def _manual(m: ManualRequest | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return _drop_none(
        {
            "reference": m.reference,
            "requested_at": m.requested_at.isoformat(),
            "resolved_by": m.resolved_by,
            "resolved_at": _time(m.resolved_at),
            "approved": m.approved,
            "withdrawn_at": _time(m.withdrawn_at),
        }
    )


def _provenance(p: Provenance | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return _drop_none({"source": p.source, "file": p.file, "line": p.line, "at": _time(p.at)})


def _record(r: ValidationRecord) -> dict[str, Any]:
    return _drop_none(
        {
            "state": r.state.value,
            "result": _result(r.result),
            "manual_path": r.manual_path.value if r.manual_path else None,
            "attestation": _attestation(r.attestation),
            "reasons": list(r.reasons),
            "fingerprint": r.fingerprint,
            "manual": _manual(r.manual),
            "provenance": _provenance(r.provenance),
            "format_check": _result(r.format_check),
        }
    )


def _address(a: EmergencyAddress) -> dict[str, Any]:
    return _drop_none(
        {
            "id": a.id,
            "civic": _civic(a.civic),
            "company_name": a.company_name,
            "company_tax_id": a.company_tax_id,
            "description": a.description,
            "geo": _geo(a.geo),
            "elin": a.elin,
            "default_location_id": a.default_location_id if a.default_location_id != a.id else None,
            "locations": [_location(loc) for loc in a.locations],
            "validation": _record(a.validation),
        }
    )


def _number_record(r: NumberRecord) -> dict[str, Any]:
    return _drop_none(
        {"number": r.e164, "arrived": r.arrived.value, "user": r.user, "location_id": r.location_id}
    )


def _network_element(e: NetworkElement) -> dict[str, Any]:
    if isinstance(e, Subnet):
        key: dict[str, Any] = {"kind": "subnet", "network": str(e.network)}
    elif isinstance(e, WirelessAccessPoint):
        key = {"kind": "wireless_access_point", "bssid": e.bssid}
    elif isinstance(e, SwitchPort):
        key = {"kind": "switch_port", "chassis_id": e.chassis_id, "port_id": e.port_id}
    else:
        key = {"kind": "switch", "chassis_id": e.chassis_id}
    return _drop_none({**key, "location_id": e.location_id, "description": e.description})


def _directory(d: EmergencyDirectory) -> dict[str, Any]:
    if d.registry is not None and d.registry != default_registry():
        # A registry is code and data with sources, not something a document should carry;
        # dropping it would bring the directory back under other rules.
        raise InvalidAddressError(
            [
                FieldError(
                    "obj.registry",
                    "INVALID",
                    "the directory has a registry of its own, which a document cannot carry; "
                    "write to_dict(EmergencyDirectory.build(addresses=..., numbers=...)) and "
                    "give the registry to EmergencyDirectory.build again when reading",
                )
            ]
        )
    data = {
        "addresses": [_address(a) for a in d.addresses()],
        "numbers": [_number_record(r) for r in d.numbers()],
    }
    if len(d.network):  # the directory's network map (dynamic location)
        data["network"] = [_network_element(e) for e in d.network]
    return data


def _report(r: AuditReport) -> dict[str, Any]:
    data = r.to_dict()
    del data["schema_version"]
    return data


_WRITERS: dict[type, Callable[[Any], dict[str, Any] | None]] = {
    CivicAddress: _civic,
    GeoPoint: _geo,
    PhoneNumber: lambda n: {"e164": n.e164},
    Location: _location,
    FieldIssue: _issue,
    ValidationResult: _result,
    Attestation: _attestation,
    ValidationRecord: _record,
    EmergencyAddress: _address,
    NumberRecord: _number_record,
    EmergencyDirectory: _directory,
    AuditReport: _report,
    Finding: lambda f: f.to_dict(),
}


def to_dict(obj: object) -> dict[str, Any]:
    """``obj`` as JSON-safe data, with ``schema_version`` and ``type`` first.

    Raises:
        InvalidAddressError: ``obj`` is not one of the library's public objects.
    """
    writer = _WRITERS.get(type(obj))
    if writer is None:
        names = ", ".join(sorted(t.__name__ for t in _WRITERS))
        raise InvalidAddressError([FieldError.wrong_type("obj", f"one of {names}", obj)])
    body = writer(obj) or {}
    return {"schema_version": SCHEMA_VERSION, "type": type(obj).__name__, **body}


# --- from_dict ---------------------------------------------------------------------------------


class _Reader:
    """Reads nested data, collecting every problem with its path."""

    def __init__(self, strict: bool, trust_validation: bool = True) -> None:
        self.strict = strict
        self.trust_validation = trust_validation
        self.errors: list[FieldError] = []

    def error(self, path: str, code: str, message: str) -> None:
        path = path or "data"
        if all(e.field != path for e in self.errors):  # one error per path: the first says it
            self.errors.append(FieldError(path, code, message))

    def mapping(
        self, data: Any, path: str, keys: tuple[str, ...], required: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        if not isinstance(data, Mapping):
            self.error(path, "INVALID_TYPE", f"expected an object, got {type(data).__name__}")
            return None
        for key in data:
            if key not in keys and self.strict:
                self.error(
                    _join(path, str(key)),
                    "UNKNOWN",
                    f"unknown key; expected one of {', '.join(keys)}",
                )
        for key in required:
            if data.get(key) is None:
                self.error(_join(path, key), "REQUIRED", "required")
        return dict(data)

    def build(self, path: str, make: Callable[..., T], **values: Any) -> T | None:
        try:
            return make(**values)
        except InvalidAddressError as error:
            for field, code, message in error.errors:
                self.error(_join(path, field), code, message)
        except InvalidPhoneNumberError as error:
            self.error(path, "INVALID", error.reason)
        except (TypeError, ValueError) as error:
            self.error(path, "INVALID", str(error))
        return None

    def text(self, data: dict[str, Any], key: str, path: str) -> str | None:
        value = data.get(key)
        if value is None or isinstance(value, str):
            return value
        self.error(_join(path, key), "INVALID_TYPE", f"expected text, got {type(value).__name__}")
        return None

    def enum(
        self, data: dict[str, Any], key: str, path: str, kind: Any, default: Any = None
    ) -> Any:
        value = data.get(key)
        if value is None:
            return default
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in kind)
            self.error(
                _join(path, key), "INVALID", f"expected one of {allowed}, got {shown(value)}"
            )
            return default

    def items(self, data: dict[str, Any], key: str, path: str) -> list[Any]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.error(
                _join(path, key), "INVALID_TYPE", f"expected a list, got {type(value).__name__}"
            )
            return []
        return value

    def number(self, value: Any, path: str) -> PhoneNumber | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.error(
                path, "INVALID_TYPE", f"expected an E.164 string, got {type(value).__name__}"
            )
            return None
        try:
            return PhoneNumber(value)
        except InvalidPhoneNumberError as error:
            self.error(path, "INVALID", error.reason)
            return None

    def datetime(self, value: Any, path: str) -> dt.datetime | None:
        if value is None:
            return None
        try:
            return dt.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            self.error(path, "INVALID", f"expected an ISO 8601 date and time, got {shown(value)}")
            return None

    # --- the types ---

    def civic(self, data: Any, path: str) -> CivicAddress | None:
        fields = self.mapping(data, path, _CIVIC_KEYS, ("country",))
        if fields is None:
            return None
        return self.build(
            path, CivicAddress, **{k: v for k, v in fields.items() if k in _CIVIC_KEYS}
        )

    def geo(self, data: Any, path: str) -> GeoPoint | None:
        if data is None:
            return None
        fields = self.mapping(data, path, ("latitude", "longitude"), ("latitude", "longitude"))
        if fields is None:
            return None
        return self.build(
            path, GeoPoint, latitude=fields.get("latitude"), longitude=fields.get("longitude")
        )

    def location(self, data: Any, path: str) -> Location | None:
        keys = ("id", "description", "building", "floor", "unit", "room", "seat", "elin", "geo")
        fields = self.mapping(data, path, keys, ("id",))
        if fields is None:
            return None
        values = {k: fields.get(k) for k in keys[:8]}
        return self.build(
            path, Location, **values, geo=self.geo(fields.get("geo"), _join(path, "geo"))
        )

    def issue(self, data: Any, path: str) -> FieldIssue | None:
        keys = ("field", "code", "message", "severity", "validator")
        fields = self.mapping(data, path, keys, ("field", "code", "message"))
        if fields is None:
            return None
        return self.build(
            path,
            FieldIssue,
            field=fields.get("field"),
            code=self.enum(fields, "code", path, IssueCode, IssueCode.INVALID),
            message=fields.get("message"),
            severity=self.enum(fields, "severity", path, Severity, Severity.ERROR),
            validator=fields.get("validator") or "",
        )

    def result(self, data: Any, path: str) -> ValidationResult | None:
        if data is None:
            return None
        keys = ("verdict", "issues", "corrected", "candidates", "validator", "scope")
        fields = self.mapping(data, path, keys, ("verdict",))
        if fields is None:
            return None
        issues = [
            self.issue(x, f"{path}.issues[{i}]")
            for i, x in enumerate(self.items(fields, "issues", path))
        ]
        candidates = [
            self.civic(x, f"{path}.candidates[{i}]")
            for i, x in enumerate(self.items(fields, "candidates", path))
        ]
        corrected = fields.get("corrected")
        if corrected is not None:
            corrected = self.civic(corrected, _join(path, "corrected"))
        return self.build(
            path,
            ValidationResult,
            verdict=self.enum(fields, "verdict", path, Verdict, Verdict.INCONCLUSIVE),
            issues=tuple(i for i in issues if i is not None),
            corrected=corrected,
            candidates=tuple(c for c in candidates if c is not None),
            validator=fields.get("validator") or "",
            scope=self.enum(fields, "scope", path, ValidationScope, ValidationScope.AUTHORITY),
        )

    def attestation(self, data: Any, path: str) -> Attestation | None:
        if data is None:
            return None
        fields = self.mapping(data, path, ("by", "reason", "at"), ("by", "reason", "at"))
        if fields is None:
            return None
        return self.build(
            path,
            Attestation,
            by=fields.get("by"),
            reason=fields.get("reason"),
            at=self.datetime(fields.get("at"), _join(path, "at")),
        )

    def manual(self, data: Any, path: str) -> ManualRequest | None:
        if data is None:
            return None
        keys: tuple[str, ...] = ("reference", "requested_at", "resolved_by", "resolved_at")
        keys += ("approved", "withdrawn_at")
        fields = self.mapping(data, path, keys, ("reference", "requested_at"))
        if fields is None:
            return None
        times = {k: self.datetime(fields.get(k), _join(path, k)) for k in keys if k.endswith("_at")}
        return self.build(
            path,
            ManualRequest,
            reference=fields.get("reference"),
            resolved_by=fields.get("resolved_by"),
            approved=fields.get("approved"),
            **times,
        )

    def provenance(self, data: Any, path: str) -> Provenance | None:
        if data is None:
            return None
        fields = self.mapping(data, path, ("source", "file", "line", "at"), ("source",))
        if fields is None:
            return None
        return self.build(
            path,
            Provenance,
            source=fields.get("source"),
            file=fields.get("file"),
            line=fields.get("line"),
            at=self.datetime(fields.get("at"), _join(path, "at")),
        )

    def record(
        self, data: Any, path: str, civic: CivicAddress | None = None
    ) -> ValidationRecord | None:
        """The record; for an address (``civic`` given), a state that comes without the
        evidence this library records (another system's JSON) is imported, with provenance."""
        if data is None:
            return ValidationRecord()
        keys: tuple[str, ...] = ("state", "result", "manual_path", "attestation", "reasons")
        keys += ("fingerprint", "manual", "provenance", "format_check")
        fields = self.mapping(data, path, keys)
        if fields is None:
            return None
        reasons = self.items(fields, "reasons", path)
        state = self.enum(fields, "state", path, ValidationState, ValidationState.NOT_VALIDATED)
        values: dict[str, Any] = {
            "state": state,
            "result": self.result(fields.get("result"), _join(path, "result")),
            "manual_path": self.enum(fields, "manual_path", path, ManualPath),
            "attestation": self.attestation(fields.get("attestation"), _join(path, "attestation")),
            "reasons": tuple(reasons),
            "fingerprint": fields.get("fingerprint"),
            "manual": self.manual(fields.get("manual"), _join(path, "manual")),
            "provenance": self.provenance(fields.get("provenance"), _join(path, "provenance")),
            "format_check": self.result(fields.get("format_check"), _join(path, "format_check")),
        }
        if civic is not None:
            imported = self.imported(values, civic, path)
            if imported is not None:
                return imported
        return self.build(path, ValidationRecord, **values)

    def imported(
        self, values: dict[str, Any], civic: CivicAddress, path: str
    ) -> ValidationRecord | None:
        state = values["state"]
        if state is ValidationState.NOT_VALIDATED:
            return None
        provenance = values["provenance"]
        if values["fingerprint"] is None:  # a bare state, as another system writes it
            provenance = provenance or Provenance(source="JSON")
        elif provenance is None or self.trust_validation:
            return None  # the library's own record, or a trusted import: read it as written
        return self.build(
            path,
            ValidationRecord.imported,
            state=state,
            civic=civic,
            provenance=provenance,
            trusted=self.trust_validation,
            attestation=values["attestation"],
        )

    def address(self, data: Any, path: str) -> EmergencyAddress | None:
        keys = (
            "id",
            "civic",
            "company_name",
            "company_tax_id",
            "description",
            "geo",
            "elin",
            "default_location_id",
            "locations",
            "validation",
        )
        fields = self.mapping(data, path, keys, ("id", "civic"))
        if fields is None:
            return None
        civic = self.civic(fields.get("civic"), _join(path, "civic"))
        locations = [
            self.location(x, f"{path}.locations[{i}]".lstrip("."))
            for i, x in enumerate(self.items(fields, "locations", path))
        ]
        record = self.record(fields.get("validation"), _join(path, "validation"), civic)
        geo = self.geo(fields.get("geo"), _join(path, "geo"))
        if civic is None or record is None or None in locations:
            # Still check the address's own fields, against a stand-in civic address.
            self.build(
                path,
                EmergencyAddress,
                id=fields.get("id"),
                civic=_STAND_IN,
                company_name=fields.get("company_name"),
                company_tax_id=fields.get("company_tax_id"),
                description=fields.get("description"),
                elin=fields.get("elin"),
                default_location_id=fields.get("default_location_id"),
            )
            return None
        return self.build(
            path,
            EmergencyAddress,
            id=fields.get("id"),
            civic=civic,
            company_name=fields.get("company_name"),
            company_tax_id=fields.get("company_tax_id"),
            description=fields.get("description"),
            geo=geo,
            elin=fields.get("elin"),
            default_location_id=fields.get("default_location_id"),
            locations=tuple(locations),
            validation=record,
        )

    def number_record(self, data: Any, path: str) -> NumberRecord | None:
        fields = self.mapping(data, path, ("number", "arrived", "user", "location_id"), ("number",))
        if fields is None:
            return None
        number = self.number(fields.get("number"), _join(path, "number"))
        if number is None:
            return None
        arrived = self.enum(fields, "arrived", path, AttachmentEvent, AttachmentEvent.ACQUISITION)
        return self.build(
            path,
            lambda **kw: NumberRecord(number, **kw),
            arrived=arrived,
            user=fields.get("user"),
            location_id=fields.get("location_id"),
        )

    def network_element(self, data: Any, path: str) -> NetworkElement | None:
        keys = ("kind", "network", "bssid", "chassis_id", "port_id", "location_id", "description")
        fields = self.mapping(data, path, keys, ("kind", "location_id"))
        if fields is None:
            return None
        kind = fields.get("kind")
        common = {
            "location_id": fields.get("location_id"),
            "description": fields.get("description"),
        }
        if kind == "subnet":
            return self.build(path, Subnet, network=fields.get("network"), **common)
        if kind == "wireless_access_point":
            return self.build(path, WirelessAccessPoint, bssid=fields.get("bssid"), **common)
        if kind == "switch":
            return self.build(path, EthernetSwitch, chassis_id=fields.get("chassis_id"), **common)
        if kind == "switch_port":
            return self.build(
                path,
                SwitchPort,
                chassis_id=fields.get("chassis_id"),
                port_id=fields.get("port_id"),
                **common,
            )
        if kind is not None:
            kinds = "subnet, wireless_access_point, switch, switch_port"
            self.error(_join(path, "kind"), "INVALID", f"expected one of {kinds}, got {kind!r}")
        return None

    def directory(self, data: Any, path: str) -> EmergencyDirectory | None:
        fields = self.mapping(data, path, ("addresses", "numbers", "network"))
        if fields is None:
            return None
        addresses = [
            self.address(x, f"addresses[{i}]")
            for i, x in enumerate(self.items(fields, "addresses", path))
        ]
        numbers = [
            self.number_record(x, f"numbers[{i}]")
            for i, x in enumerate(self.items(fields, "numbers", path))
        ]
        elements = [
            self.network_element(x, f"network[{i}]")
            for i, x in enumerate(self.items(fields, "network", path))
        ]
        if self.errors:
            return None
        network = self.build(path, NetworkMap.build, elements=elements)
        if network is None:
            return None
        return self.build(
            path, EmergencyDirectory.build, addresses=addresses, numbers=numbers, network=network
        )

    def finding(
        self, data: Any, path: str, citations: Mapping[str, tuple[Source, ...]] | None = None
    ) -> Finding | None:
        keys = ("code", "severity", "message", "number", "address_id", "location_id",
                "country", "field", "event", "rule", "source", "sources")  # fmt: skip
        fields = self.mapping(data, path, keys, ("code", "severity", "message"))
        if fields is None:
            return None
        names = ("message", "number", "address_id", "location_id", "country", "field", "rule")
        texts = {k: self.text(fields, k, path) for k in names}
        rule = texts["rule"]
        if "sources" in fields:
            sources = self.sources(fields["sources"], _join(path, "sources"))
        else:
            sources = (citations or {}).get(rule, ()) if rule is not None else ()
        source = self.text(fields, "source", path)
        if source is None:
            source = "; ".join(str(s) for s in sources)  # as Violation.source writes it
        return self.build(
            path,
            Finding,
            code=self.enum(fields, "code", path, FindingCode, FindingCode.NO_ADDRESS),
            severity=self.enum(fields, "severity", path, Severity, Severity.ERROR),
            event=self.enum(fields, "event", path, AttachmentEvent),
            message=texts["message"] or "",
            source=source,
            sources=sources,
            **{k: v for k, v in texts.items() if k != "message"},
        )

    def sources(self, data: Any, path: str) -> tuple[Source, ...]:
        if not isinstance(data, list):
            self.error(path, "INVALID_TYPE", f"expected a list, got {type(data).__name__}")
            return ()
        found = []
        for i, item in enumerate(data):
            where = f"{path}[{i}]"
            keys = ("title", "reference", "supports", "confidence", "kind")
            fields = self.mapping(item, where, keys, keys)
            if fields is None:
                continue
            texts = {k: self.text(fields, k, where) for k in keys[:3]}
            confidence = self.enum(fields, "confidence", where, Confidence, Confidence.HIGH)
            kind = self.enum(fields, "kind", where, SourceKind, SourceKind.LAW)
            made = self.build(where, Source, confidence=confidence, kind=kind, **texts)
            if made is not None:
                found.append(made)
        return tuple(found)

    def count(self, data: dict[str, Any], key: str, path: str) -> int:
        value = data.get(key)
        if type(value) is not int or value < 0:
            self.error(
                _join(path, key),
                "INVALID_TYPE",
                f"expected a non-negative integer, got {type(value).__name__}",
            )
            return 0
        return value

    def report(self, data: Any, path: str) -> AuditReport | None:
        keys = ("numbers_checked", "addresses_checked", "counts", "groups", "citations",
                "findings", "merge_state")  # fmt: skip
        fields = self.mapping(data, path, keys, ("numbers_checked", "addresses_checked"))
        if fields is None:
            return None
        citations: dict[str, tuple[Source, ...]] = {}
        table = fields.get("citations", {})
        if not isinstance(table, Mapping):
            self.error(_join(path, "citations"), "INVALID_TYPE", "expected an object")
            table = {}
        for rule, sources in table.items():
            citations[str(rule)] = self.sources(sources, _join(path, f"citations.{rule}"))
        findings = [
            self.finding(x, f"findings[{i}]", citations)
            for i, x in enumerate(self.items(fields, "findings", path))
        ]
        tallies, facts = self.merge_state(fields.get("merge_state", {}), _join(path, "merge_state"))
        numbers_checked = self.count(fields, "numbers_checked", path)
        addresses_checked = self.count(fields, "addresses_checked", path)
        if self.errors:
            return None
        return self.build(
            path,
            AuditReport,
            findings=tuple(f for f in findings if f is not None),
            numbers_checked=numbers_checked,
            addresses_checked=addresses_checked,
            tallies=tallies,
            facts=facts,
        )

    def merge_state(
        self, data: Any, path: str
    ) -> tuple[tuple[tuple[tuple[str, ...], int], ...], frozenset[tuple[str, ...]]]:
        fields = self.mapping(data, path, ("tallies", "facts"))
        if fields is None:
            return (), frozenset()
        tallies = []
        for i, row in enumerate(self.items(fields, "tallies", path)):
            if (
                not isinstance(row, list)
                or len(row) < 2
                or not all(isinstance(x, str) for x in row[:-1])
                or type(row[-1]) is not int
            ):
                self.error(f"{path}.tallies[{i}]", "INVALID_TYPE", "expected [text..., integer]")
                continue
            tallies.append((tuple(row[:-1]), row[-1]))
        facts = set()
        for i, row in enumerate(self.items(fields, "facts", path)):
            if not isinstance(row, list) or not row or not all(isinstance(x, str) for x in row):
                self.error(f"{path}.facts[{i}]", "INVALID_TYPE", "expected a list of text")
                continue
            facts.add(tuple(row))
        return tuple(sorted(tallies)), frozenset(facts)

    def phone(self, data: Any, path: str) -> PhoneNumber | None:
        fields = self.mapping(data, path, ("e164",), ("e164",))
        return None if fields is None else self.number(fields.get("e164"), _join(path, "e164"))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


_READERS: dict[type, Callable[[_Reader, Any, str], Any]] = {
    CivicAddress: _Reader.civic,
    GeoPoint: _Reader.geo,
    PhoneNumber: _Reader.phone,
    Location: _Reader.location,
    FieldIssue: _Reader.issue,
    ValidationResult: _Reader.result,
    Attestation: _Reader.attestation,
    ValidationRecord: _Reader.record,
    EmergencyAddress: _Reader.address,
    NumberRecord: _Reader.number_record,
    EmergencyDirectory: _Reader.directory,
    AuditReport: _Reader.report,
    Finding: _Reader.finding,
}


def from_dict(
    cls: type[T], data: Mapping[str, Any], *, strict: bool = True, trust_validation: bool = True
) -> T:
    """Build a ``cls`` from data [`to_dict`][emergency_address.formats.mapping.to_dict] made (or a
    person wrote).

    ``schema_version`` and ``type``, when present, must be this library's.

    An address's validation record round-trips as written. A bare state that another system
    wrote (``{"state": "validated"}`` with no fingerprint) is an imported state: it is bound to
    the civic address read with it and keeps its provenance (``JSON``). ``trust_validation``
    decides whether imported states (these, and records that already carry a provenance, such
    as a Teams import) are kept or reset to not validated.

    Args:
        cls: the public class to build.
        data: the data.
        strict: refuse keys the class does not have (``False`` ignores them).
        trust_validation: keep imported validation states (the default), or reset them to not
            validated, with a reason that says so.

    Raises:
        InvalidAddressError: every bad key and value at once, each with its path
            (``locations[1].floor``).
    """
    reader_of = _READERS.get(cls)
    if reader_of is None:
        raise InvalidAddressError(
            [
                FieldError(
                    "cls",
                    "INVALID_TYPE",
                    f"from_dict() cannot build {shown(getattr(cls, '__name__', cls))}",
                )
            ]
        )
    if not isinstance(trust_validation, bool):
        raise TypeError(f"trust_validation must be a bool, got {type(trust_validation).__name__}")
    reader = _Reader(strict, trust_validation)
    body: Any = data
    if isinstance(data, Mapping):
        version = data.get("schema_version", SCHEMA_VERSION)
        if version != SCHEMA_VERSION:
            reader.error(
                "schema_version", "INVALID", f"expected {SCHEMA_VERSION}, got {shown(version)}"
            )
        kind = data.get("type", cls.__name__)
        if kind != cls.__name__:
            reader.error("type", "INVALID", f"expected {cls.__name__!r}, got {shown(kind)}")
        body = {k: v for k, v in data.items() if k not in ("schema_version", "type")}
    try:
        result = reader_of(reader, body, "")
    except EmergencyAddressError:
        raise
    except RecursionError:
        raise InvalidAddressError([FieldError("data", "INVALID", "nested too deeply")]) from None
    if reader.errors or result is None:
        raise InvalidAddressError(reader.errors or [FieldError("data", "INVALID", "unreadable")])
    return result  # type: ignore[no-any-return]


# --- JSON text --------------------------------------------------------------------------------

_INT_DIGITS = 4300  # Python's own limit for int() from text


def _int(text: str) -> int:
    if len(text) > _INT_DIGITS:
        raise _TooLong(len(text))
    return int(text)


class _TooLong(Exception):
    def __init__(self, digits: int) -> None:
        self.digits = digits


def load_json(text: str | bytes) -> Any:
    """JSON text (or UTF-8/16/32 bytes) as plain data, refusing with our own error what the
    standard library would fail on with its own.

    Raises:
        InvalidAddressError: not JSON (the error's ``field`` names line and column), an integer
            of more than 4,300 digits, data nested too deeply for the interpreter, or bytes
            that are not UTF-8, UTF-16 or UTF-32.
        TypeError: ``text`` is neither ``str`` nor ``bytes``.
    """
    if not isinstance(text, str | bytes | bytearray):
        raise TypeError(f"text must be str or bytes, got {type(text).__name__}")
    if isinstance(text, str):
        text = text.removeprefix("\ufeff")
    try:
        return json.loads(text, parse_int=_int)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise InvalidAddressError(
            [FieldError(where, "INVALID", f"not JSON: {error.msg}")]
        ) from None
    except _TooLong as error:
        raise InvalidAddressError(
            [
                FieldError(
                    "data",
                    "OUT_OF_RANGE",
                    f"an integer of {error.digits:,} digits; at most {_INT_DIGITS:,} expected",
                )
            ]
        ) from None
    except RecursionError:
        raise InvalidAddressError([FieldError("data", "INVALID", "nested too deeply")]) from None
    except UnicodeDecodeError as error:
        raise InvalidAddressError(
            [FieldError("data", "INVALID", f"not UTF-8, UTF-16 or UTF-32 text ({error.reason})")]
        ) from None


# --- JSON Schema -------------------------------------------------------------------------------


def address_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an emergency address document, as ``to_dict`` writes
    it; ``docs/address.schema.json`` holds the same (a test keeps them equal)."""
    text = {"type": "string", "minLength": 1}
    point = {
        "type": "object",
        "additionalProperties": False,
        "required": ["latitude", "longitude"],
        "properties": {
            "latitude": {"type": "number", "minimum": -90, "maximum": 90},
            "longitude": {"type": "number", "minimum": -180, "maximum": 180},
        },
    }
    elin = {**text, "maxLength": ELIN_LIMIT}
    civic_properties: dict[str, Any] = {
        name: {**text, "maxLength": limit} for name, _, limit in CIVIC_FIELDS
    }
    civic_properties["country"] = {"type": "string", "pattern": "^[A-Z]{2}$"}
    civic_properties["language"] = {
        "type": "string",
        "pattern": "^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$",
    }
    civic = {
        "type": "object",
        "additionalProperties": False,
        "required": ["country"],
        "properties": civic_properties,
    }
    location = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id"],
        "properties": {
            "id": text,
            "description": text,
            "building": text,
            "floor": text,
            "unit": text,
            "room": text,
            "seat": text,
            "elin": elin,
            "geo": point,
        },
    }
    issue = {
        "type": "object",
        "additionalProperties": False,
        "required": ["field", "code", "message"],
        "properties": {
            "field": {"type": "string"},
            "code": {"enum": [c.value for c in IssueCode]},
            "message": {"type": "string"},
            "severity": {"enum": [s.value for s in Severity]},
            "validator": {"type": "string"},
        },
    }
    result = {
        "type": "object",
        "additionalProperties": False,
        "required": ["verdict"],
        "properties": {
            "verdict": {"enum": [v.value for v in Verdict]},
            "issues": {"type": "array", "items": issue},
            "corrected": civic,
            "candidates": {"type": "array", "items": civic},
            "validator": {"type": "string"},
            "scope": {"enum": [v.value for v in ValidationScope if v.value != "attestation"]},
        },
    }
    moment = {"type": "string", "format": "date-time"}
    validation = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "state": {"enum": [s.value for s in ValidationState]},
            "result": result,
            "manual_path": {"enum": [m.value for m in ManualPath]},
            "attestation": {
                "type": "object",
                "additionalProperties": False,
                "required": ["by", "reason", "at"],
                "properties": {"by": text, "reason": text, "at": moment},
            },
            "reasons": {"type": "array", "items": {"type": "string"}},
            "fingerprint": {"type": "string", "pattern": "^[a-z]+/[0-9]+:[0-9a-f]{32}$"},
            "manual": {
                "type": "object",
                "additionalProperties": False,
                "required": ["reference", "requested_at"],
                "properties": {
                    "reference": text,
                    "requested_at": moment,
                    "resolved_by": text,
                    "resolved_at": moment,
                    "approved": {"type": "boolean"},
                    "withdrawn_at": moment,
                },
            },
            "provenance": {
                "type": "object",
                "additionalProperties": False,
                "required": ["source"],
                "properties": {
                    "source": text,
                    "file": text,
                    "line": {"type": "integer", "minimum": 1},
                    "at": moment,
                },
            },
            "format_check": result,
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Emergency address",
        "description": "An emergency address, as formats.mapping.to_dict writes it.",
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "civic"],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "type": {"const": "EmergencyAddress"},
            "id": text,
            "civic": civic,
            "company_name": text,
            "company_tax_id": text,
            "description": text,
            "geo": point,
            "elin": elin,
            "default_location_id": text,
            "locations": {"type": "array", "items": location},
            "validation": validation,
        },
    }
