"""Every public callable, fed junk, returns or raises only what its callers are promised.

In the style of python-stdnum's robustness test, but over the whole public surface, found by
walking it rather than listed by hand: the constructors of every public class in
``emergency_address.__all__`` and in the public ``emergency_address.formats`` modules, every
public method of those classes (on a valid instance), every public function, and ``from_dict``
for every class it can build. Each is called with valid arguments except for one, which is
replaced by hypothesis-generated junk: wrong types, huge and non-finite numbers, surrogates,
noncharacters (U+FFFE, U+FFFF), control and format characters, combining marks, RTL marks,
megabyte strings, and documents mis-encoded as UTF-16, UTF-32, Latin-1 or binary.

The rule (also in docs/security.md): a call may only

- return;
- raise an [EmergencyAddressError][emergency_address.exceptions.EmergencyAddressError]
  subclass, whatever the junk; or
- raise the builtin `TypeError` (or a subclass) when the junk's *type* is wrong for the
  parameter, judged by the parameter's annotation (a `str` given where text is accepted must
  never give a `TypeError`, nor a `float('nan')` given for a `float`), with a message that
  names the parameter: raised at the boundary, not from deep inside;
- for a parameter that takes a file path (annotated ``os.PathLike``), raise `OSError` when
  the junk is a path the system cannot open.

Anything else (`AttributeError`, a bare `ValueError`, `OverflowError`, `UnicodeError`,
`LookupError`, `RecursionError`, `KeyError`...) is a failure: it escaped from inside.

A public name this test cannot call (no valid value known for one of its required
parameters) fails ``test_every_public_callable_is_covered`` until a sample is added below or
the name is listed in ``EXCLUDED`` with the reason. The time budget is about a minute in the
default profile; ``HYPOTHESIS_PROFILE=nightly`` runs many more examples.
"""

from __future__ import annotations

import collections
import collections.abc
import contextlib
import datetime as dt
import enum
import functools
import inspect
import io
import os
import pkgutil
import tempfile
import typing
import warnings
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import emergency_address
import emergency_address.formats
from emergency_address.exceptions import EmergencyAddressError
from emergency_address.strategies import emergency_addresses

EA = emergency_address

# --- junk ---------------------------------------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parent.parent / "examples" / "contoso"

# Small documents of each format, to be mis-encoded.
_DOCUMENTS = [
    (FIXTURES / "pidf" / "rfc5139-sec5-civic-address-example.xml").read_text(encoding="utf-8"),
    "\n".join((EXAMPLES / "addresses.csv").read_text(encoding="utf-8").splitlines()[:6]) + "\n",
    "\n".join((EXAMPLES / "numbers.csv").read_text(encoding="utf-8").splitlines()[:6]) + "\n",
]

SPECIAL_TEXT = [
    "",
    " ",
    "\x00",
    "\x1b[31m",
    "\ud800",
    "\udfff",
    "a\ud83db",
    "\ufffe",
    "\uffff",
    "\U0010ffff",
    "\ue000",
    "\u202e",
    "\u200f",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\u0301",
    "e\u0301\u0301\u0301",
    "+1²",
    "+0123456789",
    "+",
    "１０１１７",
    "𝟏𝟎𝟏𝟏𝟕",
    "٣٤",
    "ß",
    "ﬁ",
    "ǅ",
    "İ",
    "1_0",
    "nan",
    "-inf",
    "1e999",
    '=HYPERLINK("http://x")',
    "@SUM(A1)",
    "<a>&amp;</a>",
    "]]>",
    '"',
    "a,b\nc",
    "a²",
    "é",
    "+05:00:07",
]

# Megabyte strings, made once: drawn by index so that a failure's report stays short.
HUGE_TEXT = [
    "x" * (1 << 20),
    "9" * (1 << 20),
    "+1" + "2" * (1 << 20),
    "\u0301" * (1 << 18),
    "<a>" * (1 << 18),
    "\ud800" * (1 << 16),
]

WRONG_TYPES: list[Any] = [
    None,
    True,
    False,
    object(),
    [],
    [None],
    {},
    {"a": 1},
    set(),
    frozenset({1}),
    (),
    (None,),
    1j,
    Ellipsis,
    bytearray(b"x"),
    memoryview(b"x"),
    Decimal("NaN"),
    Fraction(1, 3),
    type,
    print,
    Path("/nonexistent/emergency-address-junk"),
    io.BytesIO(b"\xff\xfe\x00"),
]

NUMBERS: list[Any] = [
    0,
    -1,
    2**63,
    10**400,
    -(10**400),
    10**5000,
    float("nan"),
    float("inf"),
    float("-inf"),
    -0.0,
    1e308,
    5e-324,
]


class Junk:
    """One junk value with a short repr, so that hypothesis reports stay readable."""

    def __init__(self, make: Callable[[], Any], label: str) -> None:
        self.make = make
        self.label = label

    def __repr__(self) -> str:
        return self.label


def _short(value: Any) -> str:
    try:
        text = repr(value)
    except ValueError:  # an integer of more than 4,300 digits
        return f"<{type(value).__name__} too long to show>"
    return text if len(text) <= 80 else f"{text[:40]}…{text[-30:]} ({len(text):,} chars)"


def _plain(value: Any) -> Junk:
    return Junk(lambda: value, _short(value))


def _encoded(document: str, codec: str) -> Junk:
    data = document.encode(codec, errors="replace")
    return Junk(lambda: data, f"<document {document[:12]!r}… as {codec}>")


def _stream(document: bytes | str) -> Junk:
    if isinstance(document, bytes):
        return Junk(lambda: io.BytesIO(document), f"BytesIO({_short(document)})")
    return Junk(lambda: io.StringIO(document), f"StringIO({_short(document)})")


def _index(values: list[Any]) -> st.SearchStrategy[Any]:
    """One of ``values``, drawn by index (a strategy's repr must not repr 5,000-digit numbers)."""
    return st.integers(0, len(values) - 1).map(lambda i: values[i])


# The directory's command names, for batches given to apply().
_COMMANDS = sorted(
    name
    for name, value in vars(EA.EmergencyDirectory).items()
    if not name.startswith("_") and inspect.isfunction(value)
)

_scalar_text = (
    st.text(
        st.characters(
            categories=["Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me", "Zl", "Zp", "Nd", "No"]
        ),
        max_size=12,
    )
    | st.text(max_size=24)
    | st.sampled_from(SPECIAL_TEXT)
)
_scalars = (
    _scalar_text
    | _index(WRONG_TYPES)
    | _index(NUMBERS)
    | st.integers()
    | st.floats()
    | st.binary(max_size=32)
)

junk: st.SearchStrategy[Junk] = st.one_of(
    _scalar_text.map(_plain),
    _scalar_text.map(lambda t: _plain("+1206555" + t)),
    st.sampled_from(range(len(HUGE_TEXT))).map(
        lambda i: Junk(lambda: HUGE_TEXT[i], f"HUGE_TEXT[{i}] ({len(HUGE_TEXT[i]):,} chars)")
    ),
    _index(WRONG_TYPES).map(_plain),
    (_index(NUMBERS) | st.integers() | st.floats()).map(_plain),
    st.binary(max_size=64).map(_plain),
    st.builds(
        _encoded,
        st.sampled_from(_DOCUMENTS),
        st.sampled_from(["utf-16", "utf-32", "latin-1", "cp500", "utf-16-be"]),
    ),
    st.builds(
        _stream,
        st.sampled_from(_DOCUMENTS).map(lambda d: d.encode("utf-16")) | _scalar_text,
    ),
    st.lists(_scalars, max_size=3).map(_plain),
    st.dictionaries(_scalar_text, _scalars, max_size=3).map(_plain),
    # A batch for EmergencyDirectory.apply: real command names, junk arguments.
    st.lists(
        st.builds(
            lambda name, args, kwargs: (name, *args) if kwargs is None else (name, kwargs),
            st.sampled_from(_COMMANDS),
            st.lists(_scalars, max_size=3),
            st.none() | st.dictionaries(_scalar_text, _scalars, max_size=2),
        ),
        min_size=1,
        max_size=3,
    ).map(_plain),
)


# --- what the annotations accept ------------------------------------------------------------------

_CLASSES: dict[str, type] = {
    "str": str,
    "int": int,
    "bool": bool,
    "bytes": bytes,
    "dt.datetime": dt.datetime,
    "datetime": dt.datetime,
    "Path": Path,
}


def _split_top(text: str, sep: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == sep and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def type_fits(value: Any, annotation: str) -> bool:
    """Whether ``value``'s type is one the annotation (a string) accepts; unknown names accept
    nothing but instances of a class of that name."""
    annotation = annotation.strip().strip("'\"")
    members = _split_top(annotation, "|")
    if len(members) > 1:
        return any(type_fits(value, m) for m in members)
    head, _, rest = annotation.partition("[")
    args = _split_top(rest[:-1], ",") if rest else []
    head = head.strip()
    if head in ("Any", "object"):
        return True
    if head == "None":
        return value is None
    if head == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if head == "int":  # a bool is an int to Python, but never a count or a size
        return isinstance(value, int) and not isinstance(value, bool)
    if head in ("IO", "TextIO", "BinaryIO"):
        binary = head == "BinaryIO" or args == ["bytes"]
        return isinstance(value, (io.BufferedIOBase, io.RawIOBase) if binary else io.TextIOBase)
    if head in ("os.PathLike", "PathLike"):
        return isinstance(value, os.PathLike)
    if head in ("Iterable", "Sequence", "Collection", "list", "tuple", "frozenset", "set"):
        container = {"list": list, "tuple": tuple, "frozenset": frozenset, "set": set}.get(
            head, collections.abc.Iterable
        )
        if isinstance(value, (str, bytes, bytearray, memoryview, collections.abc.Mapping)):
            return False  # taken as an iterable of characters, bytes or keys, never meant so
        if not isinstance(value, container) or isinstance(value, io.IOBase):
            return False
        items = [a for a in args if a != "..."]
        if not items:
            return True
        return all(type_fits(v, items[0]) for v in value) if len(items) == 1 else True
    if head in ("Mapping", "dict"):
        if not isinstance(value, collections.abc.Mapping):
            return False
        return not args or all(type_fits(k, args[0]) for k in value)
    if head == "type":
        return isinstance(value, type)
    if head == "Literal":
        return any(repr(value) == a for a in args)
    known = _CLASSES.get(head)
    if known is not None:
        return isinstance(value, known)
    return any(c.__name__ == head.rpartition(".")[2] for c in type(value).__mro__)


# --- what is called -------------------------------------------------------------------------------


def _public_modules() -> dict[str, Any]:
    """``emergency_address`` and its public ``formats`` modules, by name."""
    modules: dict[str, Any] = {"emergency_address": EA}
    for info in pkgutil.iter_modules(emergency_address.formats.__path__):
        if not info.name.startswith("_"):
            name = f"emergency_address.formats.{info.name}"
            modules[name] = __import__(name, fromlist=["_"])
    return modules


def public_names() -> dict[str, Any]:
    """Every public object by its dotted name (``PhoneNumber``, ``formats.pidf.to_pidf_lo``)."""
    found: dict[str, Any] = {}
    for module_name, module in _public_modules().items():
        prefix = module_name.removeprefix("emergency_address").lstrip(".")
        for name in getattr(module, "__all__", ()):
            found[f"{prefix}.{name}" if prefix else name] = getattr(module, name)
    return found


# Public names not called here, and why.
EXCLUDED: dict[str, str] = {
    "__version__": "a string, not a callable",
    "default_registry": "takes no argument",
    "supported_countries": "takes no argument",
    "formats.mapping.address_schema": "takes no argument",
    "Validator": "a Protocol: it cannot be instantiated",
    "AsyncValidator": "a Protocol: it cannot be instantiated",
    "acached": "wraps a validator; its argument check is tested through cached() and the "
    "validate() of what it returns needs an event loop (tests/test_validation.py)",
    "achain": "as acached",
    "formats.cldxf.CldxfElement": "a NamedTuple row of the published mapping table: plain data, "
    "not a value the library checks",
    "AsyncCachedValidator": "what acached() returns: as acached",
}
# Classes whose instances only a function makes (their methods are still called).
NOT_CONSTRUCTED: dict[str, str] = {
    "CachedValidator": "what cached() returns; not built by hand",
}
# Enum classes are not called: ``Enum(junk)`` is Python's own look-up (a bare ValueError); the
# library turns text into members at its own boundaries, which are called here. Type aliases
# (``Literal[...]``) are not called either: they are annotations, not callables.


@functools.cache
def _us_civic() -> Any:
    return EA.CivicAddress(
        country="US",
        house_number="400",
        street_name="Broad",
        street_suffix="St",
        city="Seattle",
        state="WA",
        postal_code="98109",
    )


@functools.cache
def _address() -> Any:
    """A complete, validated US office with one location."""
    from emergency_address import testing

    office = EA.EmergencyAddress(
        id="sea",
        civic=_us_civic(),
        company_name="Contoso",
        geo=EA.GeoPoint(latitude=47.62, longitude=-122.35),
        locations=(EA.Location(id="sea-f1", floor="1"),),
    )
    validated = getattr(testing, "validated", None)  # a record bound to its content
    if validated is not None:
        return validated(office)
    return office.with_validation(EA.ValidationRecord(state=EA.ValidationState.VALIDATED))


@functools.cache
def _source() -> Any:
    return EA.Source(
        title="A title",
        reference="https://example.invalid/rule",
        supports="what it says",
        confidence=EA.Confidence.HIGH,
        kind=EA.SourceKind.LAW,
    )


@functools.cache
def _directory() -> Any:
    directory = EA.EmergencyDirectory().add_address(_address())
    directory = directory.acquire_number("+12065550142", "sea-f1")
    directory = directory.acquire_number("+12065550143")
    return directory.assign_number("+12065550143", "ana@contoso.example", "sea")


AT = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def _pending_record() -> Any:
    """A record waiting for a manual decision (a plain ``ValidationRecord()`` where the
    library has no manual path)."""
    record = EA.ValidationRecord()
    request = getattr(record, "request_manual", None)
    if request is None:
        return record
    return request("REF-1", at=AT, civic=_us_civic(), manual_path=EA.ManualPath.SERVICE_REQUEST)


def _subnet() -> Any:
    return EA.Subnet("10.20.0.0", location_id="sea-f1")


def _network_map() -> Any:
    return EA.NetworkMap.build(
        [_subnet(), EA.WirelessAccessPoint("F0-6E-0B-C2-01-*", location_id="sea-f1")]
    )


@functools.cache
def _planned() -> Any:
    return EA.PlannedCommand(
        name="release_number",
        arguments=("+12065550142",),
        kind=EA.ChangeKind.REMOVE,
        target="+12065550142",
        summary="release +12065550142",
    )


@functools.cache
def _finding() -> Any:
    return EA.Finding(
        code=next(iter(EA.FindingCode)), severity=EA.Severity.ERROR, message="m", number="+1"
    )


# Valid keyword arguments for each public class's constructor.
CONSTRUCTORS: dict[str, Callable[[], dict[str, Any]]] = {
    "Attestation": lambda: {"by": "ana", "reason": "checked on site", "at": AT},
    "AuditReport": lambda: {
        "findings": (_finding(),),
        "numbers_checked": 1,
        "addresses_checked": 1,
    },
    "ChangeRecord": lambda: {"command": "release_number", "target": "+1", "summary": "s", "at": AT},
    "CivicAddress": lambda: attrs.asdict(_us_civic(), recurse=False),
    "CountryPolicy": lambda: {"country": "US", "rules": (EA.Rule.same_country(_source()),)},
    "Decision": lambda: {
        "number": EA.PhoneNumber.parse("+12065550142"),
        "event": EA.AttachmentEvent.ACQUISITION,
        "policy": EA.get_policy("US"),
        "required": True,
    },
    "EmergencyAddress": lambda: {
        "id": "sea",
        "civic": _us_civic(),
        "locations": (EA.Location(id="sea-f1"),),
    },
    "EmergencyDirectory": lambda: {"registry": EA.default_registry()},
    "FieldIssue": lambda: {"field": "city", "code": next(iter(EA.IssueCode)), "message": "m"},
    "Finding": lambda: {"code": next(iter(EA.FindingCode)), "severity": "error", "message": "m"},
    "FormatValidator": dict,
    "GeoPoint": lambda: {"latitude": 1.5, "longitude": 2.5},
    "Location": lambda: {"id": "sea-f1", "floor": "1"},
    "NumberRecord": lambda: {"number": EA.PhoneNumber.parse("+12065550142"), "user": "ana"},
    "PhoneNumber": lambda: {"e164": "+12065550142"},
    "Plan": lambda: {"commands": (_planned(),)},
    "PlannedCommand": lambda: attrs.asdict(_planned(), recurse=False),
    "PolicyRegistry": lambda: {"policies": list(EA.default_registry())},
    "Refusal": lambda: {"command": _planned(), "error": "NotFoundError", "reason": "r"},
    "Registration": dict,
    "Rule": lambda: {"kind": EA.RuleKind.SAME_COUNTRY, "sources": (_source(),)},
    "Source": lambda: attrs.asdict(_source(), recurse=False),
    "Usage": lambda: {"numbers": 1, "users": 1, "locations": {"sea": (1, 1)}},
    "ValidationRecord": dict,
    "ValidationResult": lambda: {"verdict": EA.Verdict.ACCEPTED},
    "Violation": lambda: {"code": next(iter(EA.ViolationCode)), "message": "m"},
    "AuditContext": lambda: {"addresses": (_address(),)},
    "ManualRequest": lambda: {"reference": "REF-1", "requested_at": AT},
    "Provenance": lambda: {"source": "Teams LIS CSV", "line": 2},
    "FindingGroup": lambda: {
        "key": (("code", "NO_ADDRESS"),),
        "severity": "error",
        "count": 1,
        "numbers": 1,
        "sample": ("+12065550142",),
        "example": _finding(),
    },
    # Dynamic location (network elements and what a call carries).
    "CallLocation": lambda: {"source": "network", "location_id": "sea-f1"},
    "ClientNetwork": lambda: {"ip": "10.20.0.5"},
    "EnteredLocation": lambda: {"civic": _us_civic(), "at": AT},
    "EthernetSwitch": lambda: {"chassis_id": "B8-BE-BF-4A-A3-00", "location_id": "sea"},
    "LocationMatch": lambda: {
        "location_id": "sea-f1",
        "element": _subnet(),
        "matched_on": "subnet",
        "value": "10.20.0.0",
    },
    "NetworkMap": dict,
    "Subnet": lambda: {"network": "10.20.0.0", "location_id": "sea-f1"},
    "SwitchPort": lambda: {
        "chassis_id": "B8-BE-BF-4A-A3-00",
        "port_id": "G1/0/30",
        "location_id": "sea-f1",
    },
    "WirelessAccessPoint": lambda: {"bssid": "F0-6E-0B-C2-01-*", "location_id": "sea-f1"},
    "formats.pidf.LocationObject": lambda: {"civic": _us_civic()},
    "formats.pidf.PidfLocation": lambda: {"civic": _us_civic()},
}

# Valid values for parameters, by name; "Owner.method.param" or "function.param" overrides.
SAMPLES: dict[str, Callable[[], Any]] = {
    "number": lambda: "+12065550142",
    "event": lambda: "acquisition",
    "address": _address,
    "new_address": lambda: attrs.evolve(_address(), company_name="Fabrikam"),
    "location_id": lambda: "sea-f1",
    "location": lambda: EA.Location(id="sea-f2"),
    "address_id": lambda: "sea",
    "old_id": lambda: "sea",
    "user": lambda: "bo@contoso.example",
    "ported": lambda: False,
    "attestation": lambda: EA.Attestation(by="ana", reason="checked", at=AT),
    "record": lambda: EA.ValidationRecord(),
    "result": lambda: EA.ValidationResult(verdict=EA.Verdict.ACCEPTED),
    "registration": lambda: EA.Registration(),
    "approved": lambda: True,
    "reasons": lambda: ("seen",),
    "accept_changes": lambda: False,
    "description": lambda: "Floor",
    "country": lambda: "US",
    "city": lambda: "Seattle",
    "postal_code": lambda: "98109",
    "region": lambda: "US",
    "text": lambda: "+12065550142",
    "registry": EA.default_registry,
    "addresses": lambda: (_address(),),
    "numbers": lambda: (EA.NumberRecord(EA.PhoneNumber.parse("+12065550142"), location_id="sea"),),
    "commands": lambda: [("release_number", "+12065550142")],
    "kind": lambda: "same_country",
    "field": lambda: "city",
    "severity": lambda: "error",
    "reports": lambda: (EA.AuditReport(findings=(), numbers_checked=0, addresses_checked=0),),
    "at": lambda: AT,
    "actor": lambda: "ops",
    "provider": lambda: "twilio",
    "reference": lambda: "ref-1",
    "error": lambda: "rejected",
    "block": lambda: True,
    "strict": lambda: True,
    "replace": lambda: True,
    "policies": lambda: EA.get_policy("US"),
    "rules": lambda: EA.Rule.same_country(_source()),
    "sources": _source,
    "validator": lambda: EA.FormatValidator(),
    "validators": lambda: EA.FormatValidator(),
    "check": lambda: EA.FormatValidator(),
    "maxsize": lambda: 16,
    "directory": _directory,
    "current": _directory,
    "desired": lambda: _directory().release_number("+12065550142"),
    "civic": _us_civic,
    "extensions": lambda: (),
    "entity": lambda: "pres:sea@contoso.example",
    "method": lambda: "Manual",
    "timestamp": lambda: AT,
    "bom": lambda: False,
    "max_bytes": lambda: 65536,
    "max_depth": lambda: 32,
    "events": lambda: ("acquisition",),
    "number_types": lambda: ("fixed_line",),
    "number_type": lambda: "fixed_line",
    "service": lambda: "e911",
    "path": lambda: "service_request",
    "manual_path": lambda: EA.ManualPath.SERVICE_REQUEST,
    "obj": _address,
    "status": lambda: "registered",
    "Validator.validate.address": _us_civic,
    "FormatValidator.validate.address": _us_civic,
    "FormatValidator.registry": EA.default_registry,
    "formats.pidf.parse_pidf_lo.data": lambda: (
        FIXTURES / "pidf" / "rfc5139-sec5-civic-address-example.xml"
    ).read_bytes(),
    "formats.teams.read_csv.file": lambda: io.StringIO(_DOCUMENTS[1]),
    "formats.teams.write_csv.file": io.StringIO,
    "formats.numbers.read_numbers_csv.file": lambda: io.StringIO(_DOCUMENTS[2]),
    "formats.numbers.iter_numbers_csv.file": lambda: io.StringIO(_DOCUMENTS[2]),
    "chunk_size": lambda: 2,
    "formats.numbers.write_numbers_csv.file": io.StringIO,
    "formats.numbers.write_numbers_csv.records": lambda: _directory().numbers(),
    "formats.teams.write_csv.addresses": lambda: (_address(),),
    "formats.mapping.to_dict.obj": _address,
    "formats.cldxf.from_cldxf.data": lambda: EA.formats.cldxf.to_cldxf(_us_civic()),
    "formats.mapping.from_dict.cls": lambda: EA.EmergencyAddress,
    "formats.mapping.from_dict.data": lambda: EA.formats.mapping.to_dict(_address()),
    "ValidationRecord.with_result.manual_path": lambda: EA.ManualPath.SERVICE_REQUEST,
    "Rule.manual.path": lambda: "service_request",
    "Registration.from_provider.status": lambda: "registered",
    "Registration.from_provider.provider": lambda: "twilio",
    "Registration.request.location_id": lambda: "sea",
    "EmergencyDirectory.remove_location.location_id": lambda: "sea-f1",
    "EmergencyDirectory.record_registration.registration": lambda: EA.Registration(),
    "audit.numbers": lambda: ("+12065550142",),
    "audit.addresses": lambda: True,
    "EmergencyDirectory.build.numbers": lambda: (
        EA.NumberRecord(EA.PhoneNumber.parse("+12065550142"), location_id="sea"),
    ),
    "Plan.change_log.at": lambda: AT,
    "prechecked.validator": lambda: EA.FormatValidator(),
    "records": lambda: _directory().numbers(),
    "by": lambda: "ana@contoso.example",
    "provenance": lambda: EA.Provenance(source="Teams LIS CSV", line=2),
    "trusted": lambda: True,
    "ValidationRecord.imported.state": lambda: "validated",
    "reason": lambda: "withdrawn",
    "context": lambda: EA.AuditContext((_address(),)),
    "report": lambda: EA.audit(_directory()),
    "title": lambda: "Audit",
    "element": _subnet,
    "elements": lambda: (_subnet(),),
    "client": lambda: EA.ClientNetwork(ip="10.20.0.5"),
    "call": lambda: EA.CallLocation(source="network", location_id="sea-f1"),
    "EmergencyDirectory.with_network.network": _network_map,
    "formats.network.read_csv.file": lambda: io.StringIO(
        "Subnet,LocationId,Description\n10.20.0.0,sea-f1,\n"
    ),
    "formats.network.write_csv.file": io.StringIO,
    "formats.network.to_pidf_lo.directory": _directory,
    "formats.network.read_csv.kind": lambda: None,
    "call_location.network_map": _network_map,
    "call_location.client": lambda: EA.ClientNetwork(ip="10.20.0.5"),
    "call_location.user": lambda: EA.EnteredLocation(civic=_us_civic(), at=AT),
    "call_location.suggested": lambda: EA.EnteredLocation(civic=_us_civic(), at=AT),
    "call_location.static_location_id": lambda: "sea",
    "call_location.directory": _directory,
}


def _receivers() -> dict[str, Callable[[], Any]]:
    """A valid instance of each class whose methods are called."""
    made: dict[str, Callable[[], Any]] = {
        "EmergencyDirectory": _directory,
        "PolicyRegistry": EA.default_registry,
        "CountryPolicy": lambda: EA.get_policy("US"),
        "EmergencyAddress": _address,
        "Decision": lambda: EA.default_registry().decide("+12065550142", "acquisition", _address()),
        "ValidationRecord": _pending_record,
        "ValidationResult": lambda: EA.ValidationResult(verdict=EA.Verdict.ACCEPTED),
        "Registration": lambda: EA.Registration(),
        "Plan": lambda: EA.plan(_directory(), _directory().release_number("+12065550142")),
        "FormatValidator": lambda: EA.FormatValidator(),
        "NetworkMap": _network_map,
        "CachedValidator": lambda: EA.cached(EA.FormatValidator()),
    }
    for name, kwargs in CONSTRUCTORS.items():
        if name not in made:
            made[name] = lambda name=name, kwargs=kwargs: _construct(name, kwargs())
    return made


def _construct(name: str, kwargs: dict[str, Any]) -> Any:
    return public_names()[name](**kwargs)


class Entry:
    """One callable, the valid arguments it is called with, and the parameters fed junk."""

    def __init__(
        self,
        name: str,
        function: Callable[..., Any],
        arguments: Callable[[], dict[str, Any]],
        params: list[inspect.Parameter],
        positional: list[str],
    ) -> None:
        self.name = name
        self.function = function
        self.arguments = arguments
        self.params = params
        self.positional = positional

    def call(self, param: inspect.Parameter, value: Any) -> None:
        kwargs = self.arguments()
        extra: list[Any] = []
        if param.kind is inspect.Parameter.VAR_POSITIONAL:
            extra = [value]
        else:
            kwargs[param.name] = value
        args = [kwargs.pop(name) for name in self.positional if name in kwargs]
        result = self.function(*args, *extra, **kwargs)
        if isinstance(result, collections.abc.Iterator):
            collections.deque(result, maxlen=0)  # a lazy reader reads when iterated


def _sample(keys: list[str]) -> Callable[[], Any] | None:
    for key in keys:
        if key in SAMPLES:
            return SAMPLES[key]
    return None


def _fed(signature: inspect.Signature) -> list[inspect.Parameter]:
    return [
        p
        for name, p in signature.parameters.items()
        if p.kind is not inspect.Parameter.VAR_KEYWORD and not name.startswith("_")
    ]


def _positional(signature: inspect.Signature) -> list[str]:
    """The parameters to pass by position: positional-only ones, and all before a ``*args``."""
    kinds = [p.kind for p in signature.parameters.values()]
    star = inspect.Parameter.VAR_POSITIONAL in kinds
    return [
        p.name
        for p in signature.parameters.values()
        if p.kind is inspect.Parameter.POSITIONAL_ONLY
        or (star and p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD)
    ]


def _entry(
    name: str, function: Callable[..., Any], keys: Callable[[str], list[str]], missing: list[str]
) -> Entry | None:
    """An entry calling ``function`` with samples for every required parameter."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        missing.append(f"{name}: no signature")
        return None
    params = _fed(signature)
    makers: dict[str, Callable[[], Any]] = {}
    for p in params:
        if p.kind is inspect.Parameter.VAR_POSITIONAL:
            continue
        maker = _sample(keys(p.name))
        if maker is None:
            if p.default is inspect.Parameter.empty:
                missing.append(f"{name}({p.name})")
                return None
            continue
        makers[p.name] = maker
    if name == "formats.mapping.from_dict":
        params = [p for p in params if p.name != "cls"]  # fed per class below

    def arguments() -> dict[str, Any]:
        return {n: m() for n, m in makers.items()}

    return Entry(name, function, arguments, params, _positional(signature))


def _methods(cls: type) -> Iterator[tuple[str, Any]]:
    for attr, static in inspect.getmembers_static(cls):
        if attr.startswith("_") or not (
            inspect.isfunction(static) or isinstance(static, (classmethod, staticmethod))
        ):
            continue
        yield attr, static


class _BoundLater:
    """A method called on a fresh receiver each time, with the method's own signature."""

    def __init__(self, receiver: Callable[[], Any], attr: str) -> None:
        self.receiver = receiver
        self.attr = attr
        self.__signature__ = inspect.signature(getattr(receiver(), attr))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(self.receiver(), self.attr)(*args, **kwargs)


def collect() -> tuple[dict[str, Entry], list[str]]:
    """Every entry point, and the public names that could not be called."""
    entries: dict[str, Entry] = {}
    missing: list[str] = []
    receivers = _receivers()
    for name, obj in public_names().items():
        if name in EXCLUDED:
            continue
        if isinstance(obj, type) and issubclass(obj, enum.Enum):
            continue
        if typing.get_origin(obj) is not None:
            continue  # a type alias (Literal[...], a union): nothing to call
        if inspect.isclass(obj):
            short = name.rpartition(".")[2]
            maker = CONSTRUCTORS.get(name)
            if name in NOT_CONSTRUCTED:
                pass
            elif maker is None:
                missing.append(f"{name}: no CONSTRUCTORS entry")
            else:
                signature = inspect.signature(obj)
                if _fed(signature):  # a constructor without parameters takes no junk
                    entries[name] = Entry(name, obj, maker, _fed(signature), _positional(signature))
            for attr, static in _methods(obj):
                qual = f"{name}.{attr}"
                if qual in EXCLUDED:
                    continue
                if not [p for p in _fed(inspect.signature(getattr(obj, attr))) if p.name != "self"]:
                    continue  # only self: nothing to feed junk to
                if isinstance(static, (classmethod, staticmethod)):
                    function = getattr(obj, attr)
                else:
                    receiver = receivers.get(name)
                    if receiver is None:
                        missing.append(f"{qual}: no receiver")
                        continue
                    function = _BoundLater(receiver, attr)

                def keys(
                    p: str, qual: str = qual, short: str = short, attr: str = attr
                ) -> list[str]:
                    return [f"{qual}.{p}", f"{short}.{attr}.{p}", p]

                entry = _entry(qual, function, keys, missing)
                if entry is not None and entry.params:
                    entries[qual] = entry
        elif callable(obj):
            entry = _entry(name, obj, lambda p, name=name: [f"{name}.{p}", p], missing)
            if entry is not None and entry.params:
                entries[name] = entry
    return entries, missing


ENTRIES, MISSING = collect()


def _from_dict_entries() -> dict[str, tuple[type, Callable[[], Any]]]:
    """For each class ``from_dict`` can build: a valid example to corrupt."""
    from emergency_address.formats import mapping

    examples: dict[str, Callable[[], Any]] = {
        "CivicAddress": _us_civic,
        "GeoPoint": lambda: EA.GeoPoint(latitude=1.5, longitude=2.5),
        "PhoneNumber": lambda: EA.PhoneNumber.parse("+12065550142"),
        "Location": lambda: EA.Location(id="sea-f1", floor="1"),
        "FieldIssue": lambda: _construct("FieldIssue", CONSTRUCTORS["FieldIssue"]()),
        "ValidationResult": lambda: EA.ValidationResult(verdict=EA.Verdict.ACCEPTED),
        "Attestation": SAMPLES["attestation"],
        "ValidationRecord": _pending_record,
        "EmergencyAddress": _address,
        "NumberRecord": lambda: _directory().numbers()[0],
        "EmergencyDirectory": _directory,
        "AuditReport": lambda: EA.audit(_directory()),
        "Finding": _finding,
    }
    found = {}
    for cls in mapping._READERS:  # every class from_dict supports
        found[cls.__name__] = (cls, examples.get(cls.__name__, lambda: None))
    return found


FROM_DICT = _from_dict_entries()


# --- the checks -----------------------------------------------------------------------------------


def _annotation(entry: Entry, param: inspect.Parameter) -> str:
    annotation = param.annotation
    if annotation is inspect.Parameter.empty:
        return "Any"
    text = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    if param.kind is inspect.Parameter.VAR_POSITIONAL:
        return text
    return text


def _names(error: TypeError, param: inspect.Parameter) -> bool:
    """Whether a TypeError's message names the parameter (or, for ``*args``, its items)."""
    name = param.name
    if param.kind is inspect.Parameter.VAR_POSITIONAL:
        name = name.removesuffix("s")  # *files: "file must be ..."
    return name in str(error)


def check_call(entry: Entry, param: inspect.Parameter, junk_value: Junk) -> None:
    """Call ``entry`` with junk for ``param``; fail unless the outcome is one allowed."""
    value = junk_value.make()
    annotation = _annotation(entry, param)
    with (
        tempfile.TemporaryDirectory() as where,
        contextlib.chdir(where),
        warnings.catch_warnings(),
    ):
        # What a writer cannot carry is a warning (FormatWarning): an allowed outcome.
        warnings.simplefilter("ignore")
        try:
            entry.call(param, value)
        except EmergencyAddressError:
            return
        except TypeError as error:
            if type_fits(value, annotation):
                raise AssertionError(
                    f"{entry.name}({param.name}={junk_value!r}): TypeError for a value of a type "
                    f"the annotation {annotation!r} accepts: {error}"
                ) from error
            if _names(error, param):
                return
            raise AssertionError(
                f"{entry.name}({param.name}={junk_value!r}): a TypeError that does not name "
                f"the parameter (raised from inside, not at the boundary): {error}"
            ) from error
        except OSError:
            if "PathLike" in annotation and isinstance(value, (str, os.PathLike)):
                return  # a path the system cannot open
            raise


@pytest.mark.parametrize("name", sorted(ENTRIES))
@given(data=st.data())
def test_junk_gives_only_our_errors(name: str, data: st.DataObject) -> None:
    entry = ENTRIES[name]
    param = data.draw(st.sampled_from(entry.params), label="parameter")
    value = data.draw(junk, label="junk")
    check_call(entry, param, value)


def _corrupt(document: Any, path: list[Any], value: Any) -> Any:
    if not path:
        return value
    head, *rest = path
    if isinstance(document, dict):
        copy = dict(document)
        copy[head] = _corrupt(document[head], rest, value)
        return copy
    copy_list = list(document)
    copy_list[head] = _corrupt(document[head], rest, value)
    return copy_list


def _paths(document: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(document, dict):
        for key, item in document.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(document, list):
        for index, item in enumerate(document):
            yield from _paths(item, (*prefix, index))


@pytest.mark.parametrize("name", sorted(FROM_DICT))
@given(data=st.data())
def test_from_dict_of_corrupted_documents_gives_only_our_errors(
    name: str, data: st.DataObject
) -> None:
    from emergency_address.formats.mapping import from_dict, to_dict

    cls, example = FROM_DICT[name]
    made = example()
    document = to_dict(made) if made is not None else {}
    paths = sorted(_paths(document), key=repr)
    path = data.draw(st.sampled_from(paths), label="path")
    value = data.draw(junk, label="junk")
    corrupted = _corrupt(document, list(path), value.make())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # what a reader resets is a warning: allowed
            from_dict(cls, corrupted)
    except EmergencyAddressError:
        pass
    except TypeError:
        if isinstance(corrupted, collections.abc.Mapping):
            raise  # the document is a mapping: a bad value inside it is a value error, ours


def test_every_public_callable_is_covered() -> None:
    """A new public name is called here, or listed in EXCLUDED with the reason."""
    assert not MISSING, (
        "public callables this test cannot call yet; add a sample to CONSTRUCTORS/SAMPLES or "
        f"list them in EXCLUDED with the reason: {MISSING}"
    )
    stale = [name for name in EXCLUDED if "." not in name and name not in public_names()]
    assert not stale, f"EXCLUDED names that are no longer public: {stale}"


def test_the_walk_finds_the_entry_points_the_issue_names() -> None:
    expected = {
        "PhoneNumber.parse",
        "formats.pidf.parse_pidf_lo",
        "formats.pidf.to_pidf_lo",
        "formats.pidf.to_civic_xml",
        "formats.teams.read_csv",
        "formats.teams.write_csv",
        "formats.numbers.read_numbers_csv",
        "formats.numbers.write_numbers_csv",
        "formats.mapping.to_dict",
        "PolicyRegistry.decide",
        "EmergencyDirectory.apply",
        "EmergencyDirectory.build",
        "EmergencyDirectory.acquire_number",
        "audit",
        "plan",
        "FormatValidator.validate",
        "GeoPoint",
        "CivicAddress",
    }
    assert expected <= set(ENTRIES)
    assert {"EmergencyDirectory", "AuditReport", "Finding", "CivicAddress"} <= set(FROM_DICT)


@pytest.mark.parametrize(
    ("value", "annotation", "fits"),
    [
        ("x", "str | None", True),
        (None, "str | None", True),
        (1, "str", False),
        (float("nan"), "float", True),
        (10**400, "float", True),
        (True, "str", False),
        (True, "int", False),
        (10**400, "int", True),
        ([], "Iterable[EmergencyAddress]", True),
        ("abc", "Iterable[EmergencyAddress]", False),
        ([None], "Iterable[EmergencyAddress]", False),
        ("acquisition", "AttachmentEvent | str", True),
        (io.StringIO(), "IO[str] | str | os.PathLike[str]", True),
        (b"x", "str | bytes", True),
        (3, "Any", True),
    ],
)
def test_type_fits(value: Any, annotation: str, fits: bool) -> None:
    assert type_fits(value, annotation) is fits


@given(address=emergency_addresses())
def test_every_writer_takes_every_address_the_strategies_draw(address: Any) -> None:
    """What the library accepts, its writers write (or refuse with our error): no foreign
    exception on the way out, whatever the content."""
    from emergency_address.formats import mapping, pidf, teams

    writers: list[Callable[[], Any]] = [
        lambda: mapping.to_dict(address),
        lambda: pidf.to_civic_xml(address.civic),
        lambda: pidf.to_pidf_lo(address, entity="pres:a@example.com", timestamp=AT),
        lambda: teams.write_csv([address], io.StringIO()),
        *(
            lambda loc=loc: pidf.to_pidf_lo(address, loc.id, entity="pres:a@example.com")
            for loc in address.locations
        ),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # what a format cannot carry is a warning, not a failure
        for write in writers:
            with contextlib.suppress(EmergencyAddressError):
                write()
