"""The ``emergency-address`` command: an argparse front end over the library, no logic of its own.

Exit status: 0 when clean, 1 when there are findings (or the decision is not satisfied, or an
address is rejected), 2 for bad input or usage. Input errors name the file, the line and the
field; bad input never ends in a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn
from xml.dom.minidom import parseString

from . import __version__
from ._address import EmergencyAddress
from ._audit import AuditContext, AuditReport, Finding, FindingGroup, audit_batch
from ._directory import EmergencyDirectory
from ._network import ClientNetwork, NetworkMap, Subnet
from ._number import PhoneNumber
from ._policy import AttachmentEvent, CountryPolicy, Decision
from ._registry import default_registry
from ._results import Severity
from ._tables import attach_at_text, constraints_text
from ._validation import FormatValidator
from .exceptions import (
    EmergencyAddressError,
    FormatWarning,
    InvalidAddressError,
    InvalidPhoneNumberError,
)

PROGRESS_ROWS = 10_000


class UsageError(Exception):
    """Bad input the command itself found (exit status 2)."""


def _fail(message: str) -> NoReturn:
    raise UsageError(message)


class _Progress:
    """Stage messages on stderr for large files, only when stderr is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        if self.enabled:
            elapsed = time.perf_counter() - self.start
            print(f"[{elapsed:7.1f}s] {message}", file=sys.stderr, flush=True)


def _rows(path: Path) -> int:
    try:
        with path.open("rb") as stream:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))
    except OSError:
        return 0


# --- reading files -----------------------------------------------------------------------------


def _format_of(path: Path, given: str | None) -> str:
    if given:
        return given
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "teams"
    if suffix == ".json":
        return "json"
    if suffix in (".xml", ".pidf", ".held"):
        return "pidf"
    _fail(f"{path}: cannot tell the format from the extension; give --format teams, json or pidf")


def _read_addresses(
    path: Path, fmt: str | None, *, strict: bool = False
) -> tuple[EmergencyAddress, ...]:
    from .formats.mapping import from_dict, load_json
    from .formats.teams import read_csv

    kind = _format_of(path, fmt)
    with _errors_of(path):
        if kind == "teams":
            return read_csv(path)
        if kind == "pidf":
            return (_address_from_pidf(path, strict),)
        data = load_json(path.read_bytes())
        if isinstance(data, list):
            return tuple(from_dict(EmergencyAddress, item) for item in data)
        if isinstance(data, dict) and data.get("type") == "EmergencyAddress":
            return (from_dict(EmergencyAddress, data),)
        if isinstance(data, dict) and "addresses" in data:
            return from_dict(EmergencyDirectory, data).addresses()
        _fail(f"{path}: expected a list of addresses, an address or a directory document")


@contextlib.contextmanager
def _errors_of(path: Path) -> Iterator[None]:
    """Turn the library's input errors into messages naming the file."""
    try:
        yield
    except InvalidAddressError as error:
        lines = [f"{path}: {field}: {message}" for field, _, message in error.errors]
        raise UsageError("\n".join(lines)) from None
    except EmergencyAddressError as error:
        raise UsageError(f"{path}: {error}") from None
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: not UTF-8 text ({error.reason})") from None


def _address_from_pidf(path: Path, strict: bool) -> EmergencyAddress:
    """The emergency address a PIDF-LO document or HELD response describes: its civic address
    and point (RFC 5491 rule 8 chooses among several), its warnings on stderr."""
    from ._fingerprint import civic_fingerprint
    from .formats.pidf import parse_pidf_lo

    with path.open("rb") as stream:
        data = stream.read(PIDF_MAX_BYTES + 1)
    parsed = parse_pidf_lo(data, strict=strict, max_bytes=PIDF_MAX_BYTES)
    for warning in parsed.warnings:
        print(f"emergency-address: {path}: warning: {warning}", file=sys.stderr)
    if parsed.civic is None:
        held = []
        if parsed.geo is not None:
            held.append(f"a point ({parsed.geo.latitude}, {parsed.geo.longitude})")
        held += [f"a {shape}" for shape in parsed.shapes if shape != "Point"]
        held += [f"{name}={value!r}" for name, value in parsed.partial_civic]
        _fail(
            f"{path}: the document holds no civic address with a country (it holds "
            f"{', '.join(held) or 'no location'}); an emergency address needs one"
        )
    # The id of the element the location came from, else one derived from the content.
    chosen = next((o for o in parsed.objects if o.civic is parsed.civic), None)
    address_id = chosen.element_id if chosen is not None and chosen.element_id else None
    if not address_id:
        address_id = "pidf-" + civic_fingerprint(parsed.civic).rpartition(":")[2][:12]
    return EmergencyAddress(id=address_id, civic=parsed.civic, geo=parsed.geo)


PIDF_MAX_BYTES = 1024 * 1024


def _read_numbers(path: Path, progress: _Progress | None = None, rows: int = 1) -> tuple[Any, ...]:
    """The numbers file, read in chunks so that progress can show the rows read so far."""
    from .formats.numbers import iter_numbers_csv

    records: list[Any] = []
    with _errors_of(path):
        for chunk in iter_numbers_csv(path, chunk_size=_READ_CHUNK):
            records += chunk
            if progress is not None:
                share = min(100, 100 * len(records) // max(rows, 1))
                progress(f"read {len(records):,} of {rows:,} rows ({share}%)")
    return tuple(records)


_READ_CHUNK = 50_000  # rows read between two progress lines (a bad row stops at its chunk)


# --- policy ------------------------------------------------------------------------------------


def _policy_dict(p: CountryPolicy) -> dict[str, Any]:
    return {
        "country": p.country,
        "attach_at": sorted(e.value for e in p.attach_at),
        "same_country": p.same_country,
        "same_area": p.same_area,
        "required_fields": sorted(p.required_fields),
        "manual_fallback": p.manual_fallback.value,
        "emergency_service": p.emergency_service.value,
        "number_types": sorted(t.value for t in p.number_types),
        "accepts_attestation": p.accepts_attestation,
        "is_default": p.is_default,
        "notes": p.notes,
        "rules": [r.to_dict() for r in p.rules],
        "sources": [s.to_dict() for s in p.sources],
    }


def _table(rows: list[list[str]], out: IO[str]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip(),
            file=out,
        )


def cmd_policy(args: argparse.Namespace, out: IO[str]) -> int:
    registry = default_registry()
    if args.countries:
        policies = []
        for code in args.countries:
            found = registry.find(code)
            if found is None:
                _fail(
                    f"no built-in policy for {code!r}; {len(registry)} countries are supported "
                    "(run 'emergency-address policy' for the list)"
                )
            policies.append(found)
    else:
        policies = list(registry)
    if args.json:
        print(
            json.dumps([_policy_dict(p) for p in policies], indent=2, ensure_ascii=False), file=out
        )
        return 0
    rows = [["country", "attach at", "constraints", "manual path", "sources"]]
    for p in policies:
        rows.append([p.country, attach_at_text(p), constraints_text(p),
                     p.manual_fallback.value.replace("_", " "), str(len(p.sources))])  # fmt: skip
    _table(rows, out)
    if args.countries:
        for p in policies:
            print(f"\n{p.country}: {p.notes}", file=out)
            print(f"  required fields: {', '.join(sorted(p.required_fields)) or 'none'}", file=out)
            print(f"  number types: {', '.join(sorted(t.value for t in p.number_types))}", file=out)
            for rule in p.rules:
                tag = ", advisory" if rule.advisory else ""
                print(f"  rule: {rule.describe()} ({rule.confidence.value}{tag})", file=out)
                for s in rule.sources:
                    print(f"    - {s.title} ({s.confidence.value}, {s.kind.value})", file=out)
                    print(f"      {s.reference}\n      says: {s.supports}", file=out)
    else:
        hint = "'emergency-address policy CC' shows one with its sources"
        print(f"\n{len(policies)} built-in policies; {hint}.", file=out)
    return 0


# --- decide ------------------------------------------------------------------------------------


def _decision_dict(d: Decision) -> dict[str, Any]:
    def item(v: Any) -> dict[str, Any]:
        return dict(v.to_dict())

    return {
        "number": d.number.e164,
        "event": d.event.value,
        "country": d.policy.country,
        "default_policy": d.policy.is_default,
        "required": d.required,
        "satisfied": d.satisfied,
        "address_id": d.address_id,
        "location_id": d.location_id,
        "violations": [item(v) for v in d.violations],
        "notes": [item(v) for v in d.notes],
    }


def cmd_decide(args: argparse.Namespace, out: IO[str]) -> int:
    try:
        number = PhoneNumber.parse(args.number, args.region)
    except InvalidPhoneNumberError as error:
        _fail(f"NUMBER: {error}")
    address = None
    location = args.location
    if args.address:
        path = Path(args.address)
        addresses = _read_addresses(path, args.format)
        if location is not None:
            owners = [a for a in addresses if a.has_location(location)]
            if not owners:
                _fail(f"{path}: no address has the location {location!r}")
            address = owners[0]
        elif len(addresses) == 1:
            address = addresses[0]
        else:
            _fail(f"{path}: holds {len(addresses)} addresses; choose one with --location")
    elif location is not None:
        _fail("--location needs --address FILE")
    decision = default_registry().decide(number, args.event, address, location)
    if args.json:
        print(json.dumps(_decision_dict(decision), indent=2, ensure_ascii=False), file=out)
    else:
        print(decision.explain(), file=out)
    return 0 if decision.satisfied else 1


# --- validate ----------------------------------------------------------------------------------


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _body(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in ("schema_version", "type")}


def cmd_validate(args: argparse.Namespace, out: IO[str]) -> int:
    path = Path(args.file)
    addresses = sorted(_read_addresses(path, args.format), key=lambda a: a.id)
    validator = FormatValidator()
    results = [(a, validator.validate_emergency_address(a)) for a in addresses]
    rejected = sum(not r.ok for _, r in results)
    counts = {s: sum(i.severity is s for _, r in results for i in r.issues) for s in Severity}
    if args.json:
        from .formats.mapping import to_dict

        data = {
            "addresses": len(results),
            "accepted": len(results) - rejected,
            "rejected": rejected,
            "results": [{"id": a.id, **_body(to_dict(r))} for a, r in results],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False), file=out)
    else:
        for address, result in results:
            print(f"{address.id}  {result.verdict.value}  {address.civic}", file=out)
            for issue in result.issues:
                if issue.severity is not Severity.INFO or args.verbose:
                    kind = f"{issue.severity.value:7} {issue.code.value:10}"
                    print(f"  {kind} {issue.field}: {issue.message}", file=out)
        errors = _count(counts[Severity.ERROR], "error")
        warnings = _count(counts[Severity.WARNING], "warning")
        accepted = len(results) - rejected
        print(
            f"\n{len(results)} addresses: {accepted} accepted, {rejected} rejected; {errors}, "
            f"{warnings} (format checks only: an authority decides whether an address is routable)",
            file=out,
        )
    return 1 if rejected else 0


# --- audit -------------------------------------------------------------------------------------


_AUDIT_CHUNK = 50_000  # numbers audited between two progress lines


def _print_summary(report: AuditReport, groups: int, out: IO[str]) -> None:
    severity = report.counts_by_severity()
    print(
        f"Audit of {report.addresses_checked:,} addresses and {report.numbers_checked:,} numbers",
        file=out,
    )
    errors, warnings, infos = severity["error"], severity["warning"], severity["info"]
    print(
        f"  {_count(errors, 'error')}, {_count(warnings, 'warning')}, {infos:,} information",
        file=out,
    )
    if not report.findings:
        return
    print(f"  {_count(groups, 'root cause')}", file=out)
    print("\nBy code:", file=out)
    for code, count in report.counts_by_code().items():
        print(f"  {code:24} {count:>8,}", file=out)
    print("\nBy country:", file=out)
    for country, count in report.counts_by_country().items():
        print(f"  {country:24} {count:>8,}", file=out)


def _where(values: dict[str, Any]) -> str:
    parts = []
    if values.get("address_id"):
        parts.append(f"address {values['address_id']}")
    if values.get("location_id") and values.get("location_id") != values.get("address_id"):
        parts.append(f"location {values['location_id']}")
    if values.get("field"):
        parts.append(f"field {values['field']}")
    return ", ".join(parts) or "-"


def _print_groups(groups: Sequence[FindingGroup], by: str, out: IO[str]) -> None:
    titles = {
        "cause": "Root causes (errors first, then by numbers affected)",
        "code": "By code",
        "address": "By address",
        "country": "By country",
        "number": "By number",
    }
    print(f"\n{titles[by]}:", file=out)
    for g in groups:
        values = dict(g.key)
        example = g.example
        if by == "cause":
            what = f"{g.code.value:22} {example.country or '-':3} {_where(values)}"
        else:
            shown = next(iter(values.values())) or "-"
            what = f"{shown}"
        affected = f"{_count(g.numbers, 'number')}" if g.numbers else _count(g.count, "finding")
        print(f"  {g.severity.value:7} {what}: {affected}", file=out)
        if g.sample and (by != "number"):
            more = ", ..." if g.numbers > len(g.sample) else ""
            print(f"          e.g. {', '.join(g.sample)}{more}", file=out)
        print(f"          {example.message}", file=out)


def _print_findings(findings: Sequence[Finding], out: IO[str]) -> None:
    print("\nFindings:", file=out)
    for f in findings:
        where = f.number or f.location_id or f.address_id or "-"
        head = f"{f.severity.value:7} {f.code.value:22} {f.country or '-':3} {where:18}"
        print(f"{head} {f.message}", file=out)


_GROUP_COLUMNS = ("severity", "code", "country", "address_id", "location_id", "field", "rule",
                  "count", "numbers", "sample", "example")  # fmt: skip
_FINDING_COLUMNS = ("severity", "code", "country", "number", "address_id", "location_id",
                    "field", "event", "rule", "message")  # fmt: skip


def _write_findings_csv(findings: Sequence[Finding], out: IO[str]) -> None:
    import csv

    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_FINDING_COLUMNS)
    for f in findings:
        data = f.to_dict(sources=False)
        writer.writerow([_cell(data[c]) for c in _FINDING_COLUMNS])


def _write_groups_csv(groups: Sequence[FindingGroup], out: IO[str]) -> None:
    import csv

    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_GROUP_COLUMNS)
    for g in groups:
        values = dict(g.key)
        example = g.example.to_dict(sources=False)
        writer.writerow(
            [_cell(values.get(c, example.get(c))) for c in _GROUP_COLUMNS[:7]]
            + [g.count, g.numbers, " ".join(g.sample), _cell(g.example.message)]
        )


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula (E.164 numbers stay as they are)."""
    from .formats._csv import neutralise

    return "" if value is None else neutralise(str(value))


def _audit_numbers(
    directory: EmergencyDirectory, records: Sequence[Any], progress: _Progress
) -> AuditReport:
    context = AuditContext.of(directory)
    parts = []
    total = len(records)
    for start in range(0, total, _AUDIT_CHUNK):
        parts.append(audit_batch(records[start : start + _AUDIT_CHUNK], context))
        done = min(total, start + _AUDIT_CHUNK)
        progress(f"audited {done:,} of {total:,} numbers ({100 * done // max(total, 1)}%)")
    if not parts:
        parts.append(audit_batch((), context))
    return AuditReport.merge(parts)


def _load_and_audit(args: argparse.Namespace) -> tuple[EmergencyDirectory, AuditReport]:
    addresses_path, numbers_path = Path(args.addresses), Path(args.numbers)
    rows = _rows(numbers_path)
    progress = _Progress(rows > PROGRESS_ROWS or _rows(addresses_path) > PROGRESS_ROWS)
    progress(f"reading {addresses_path}")
    addresses = _read_addresses(addresses_path, args.addresses_format)
    progress(f"reading {numbers_path} ({max(rows - 1, 0):,} rows)")
    numbers = _read_numbers(numbers_path, progress, max(rows - 1, 1))
    progress(f"building the directory ({len(addresses):,} addresses, {len(numbers):,} numbers)")
    network = _read_network(args.network) if args.network else None
    with _errors_of(numbers_path):
        directory = EmergencyDirectory.build(addresses=addresses, numbers=numbers, network=network)
    progress("auditing")
    report = _audit_numbers(directory, numbers, progress)
    progress(f"writing {len(report.findings):,} findings")
    return directory, report


def cmd_audit(args: argparse.Namespace, out: IO[str]) -> int:
    # Reading, building and auditing make millions of long-lived objects and no cycles: the
    # cycle collector would rescan them again and again (two thirds of building a directory of
    # a million numbers). It is paused for those stages and restored after.
    collecting = gc.isenabled()
    gc.disable()
    try:
        directory, report = _load_and_audit(args)
    finally:
        if collecting:
            gc.enable()
    addresses_path = Path(args.addresses)
    if args.html:
        from .formats.html import to_html

        Path(args.html).write_text(
            to_html(report, directory.addresses(), title=f"Audit of {addresses_path.name}"),
            encoding="utf-8",
        )
    fmt = "json" if args.json else args.format
    by = args.group_by
    groups = report.groups(by, severity=args.severity) if by != "none" else ()
    shown_groups = groups[: args.limit] if args.limit is not None else groups
    findings = report.at_or_above(args.severity)
    shown_findings = findings[: args.limit] if args.limit is not None else findings
    if fmt == "json":
        data = report.to_dict()
        data["group_by"] = by
        data["groups"] = [g.to_dict() for g in shown_groups]
        if args.summary:
            del data["findings"], data["merge_state"], data["groups"]
        elif by == "none":
            data["findings"] = [f.to_dict(sources=False) for f in shown_findings]
        print(json.dumps(data, indent=2, ensure_ascii=False), file=out)
    elif fmt == "csv":
        if by == "none":
            _write_findings_csv(shown_findings, out)
        else:
            _write_groups_csv(shown_groups, out)
    else:
        _print_summary(report, len(report.groups()), out)
        if not args.summary and report.findings:
            if by == "none":
                _print_findings(shown_findings, out)
                hidden = len(findings) - len(shown_findings)
            else:
                _print_groups(shown_groups, by, out)
                hidden = len(groups) - len(shown_groups)
            if hidden:
                print(f"\n... and {hidden:,} more (raise --limit to see them)", file=out)
    if args.fail_on == "never":
        return 0
    return 1 if report.at_or_above(args.fail_on) else 0


# --- network map -------------------------------------------------------------------------------


def _read_network(paths: Sequence[str]) -> NetworkMap:
    """A network map from Teams LIS CSV files, one element kind per file."""
    from .formats.network import read_csv

    elements: list[Any] = []
    for name in paths:
        path = Path(name)
        with _errors_of(path):
            elements.extend(read_csv(path))
    with _errors_of(Path(paths[0]) if len(paths) == 1 else Path("the network files")):
        return NetworkMap.build(elements)


_OPTION_OF = {"ip": "--ip", "bssid": "--bssid", "chassis_id": "--chassis", "port_id": "--port",
              "subnet_id": "--subnet-id", "prefix_length": "--ip"}  # fmt: skip


def cmd_locate(args: argparse.Namespace, out: IO[str]) -> int:
    if args.port is not None and args.chassis is None:
        _fail("--port needs --chassis: a port id means something only with its switch")
    try:
        client = ClientNetwork(
            ip=args.ip,
            subnet_id=args.subnet_id,
            bssid=args.bssid,
            chassis_id=args.chassis,
            port_id=args.port,
        )
    except InvalidAddressError as error:
        _fail("\n".join(f"{_OPTION_OF.get(f, f)}: {m}" for f, _, m in error.errors))
    if client == ClientNetwork():
        _fail("say what the client reports: --ip, --subnet-id, --bssid, or --chassis [--port]")
    wiremap = _read_network(args.network)
    match = wiremap.resolve(client)
    if args.json:
        data: dict[str, Any] = {"location_id": None}
        if match is not None:
            element = match.element
            data = {
                "location_id": match.location_id,
                "kind": match.kind,
                "element": str(element),
                "description": element.description,
                "matched_on": match.matched_on,
                "method": match.method,
                "reason": match.reason,
            }
        print(json.dumps(data, indent=2, ensure_ascii=False), file=out)
    elif match is None:
        print(f"no element of the network map ({len(wiremap):,} elements) matches", file=out)
        if client.subnet_id is None and any(
            isinstance(e, Subnet) and e.is_network_id for e in wiremap
        ):
            print(
                "(Teams subnets match the client's subnet ID: give --ip with its /prefix, or "
                "--subnet-id)",
                file=out,
            )
    else:
        described = f" ({match.element.description})" if match.element.description else ""
        print(f"location  {match.location_id}", file=out)
        print(f"element   {match.element}{described}", file=out)
        print(f"method    {match.method}", file=out)
        print(f"why       {match.reason}", file=out)
    return 0 if match is not None else 1


# --- convert -----------------------------------------------------------------------------------


def cmd_convert(args: argparse.Namespace, out: IO[str]) -> int:
    from .formats.mapping import to_dict
    from .formats.pidf import to_pidf_lo
    from .formats.teams import write_csv

    path = Path(args.file)
    addresses = _read_addresses(path, args.format, strict=args.strict)
    if args.to == "pidf":
        chosen = [a for a in addresses if args.location is None or a.has_location(args.location)]
        if args.location is None and len(chosen) != 1:
            _fail(f"{path}: holds {len(chosen)} addresses; choose a location with --location")
        if not chosen:
            _fail(f"{path}: no address has the location {args.location!r}")
        address = chosen[0]
        location = args.location or address.default_location_id
        entity = args.entity
        if not entity:
            entity = f"pres:{location}@emergency-address.invalid"
            print(
                f"emergency-address convert: no --entity given; used {entity} (the target's "
                "URI belongs there)",
                file=sys.stderr,
            )
        with _errors_of(path):
            document = to_pidf_lo(address, location, entity=entity)
        print(parseString(document).toprettyxml(indent="  ").rstrip(), file=out)
    elif args.to == "teams":
        write_csv(addresses, out)
    else:
        data = [to_dict(a) for a in sorted(addresses, key=lambda a: a.id)]
        print(json.dumps(data, indent=2, ensure_ascii=False), file=out)
    return 0


# --- plan ------------------------------------------------------------------------------------


def _read_directory(path: Path, numbers: str | None, fmt: str | None) -> EmergencyDirectory:
    """A whole directory: a JSON directory document, or addresses plus a numbers CSV."""
    from .formats.mapping import from_dict, load_json

    if numbers is None and _format_of(path, fmt) == "json":
        with _errors_of(path):
            data = load_json(path.read_bytes())
            if isinstance(data, dict) and "addresses" in data:
                directory = from_dict(EmergencyDirectory, data)
                assert isinstance(directory, EmergencyDirectory)
                return directory
    addresses = _read_addresses(path, fmt)
    records = _read_numbers(Path(numbers)) if numbers is not None else ()
    with _errors_of(Path(numbers) if numbers is not None else path):
        return EmergencyDirectory.build(addresses=addresses, numbers=records)


def cmd_plan(args: argparse.Namespace, out: IO[str]) -> int:
    from ._plan import plan

    current = _read_directory(Path(args.current), args.current_numbers, args.format)
    desired = _read_directory(Path(args.desired), args.desired_numbers, args.format)
    result = plan(current, desired)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False), file=out)
    else:
        print(result, file=out)
    return 1 if result.refused else 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return value


# --- the parser --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="emergency-address",
        description="Emergency (911 / 112 / 999) addresses for telephone numbers: country "
        "policies, format validation, the compliance audit of an organisation, conversions.",
        epilog="Exit status: 0 clean, 1 findings, 2 bad input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Callable[..., int], help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(run=run)
        return sub

    p = command("policy", cmd_policy, "show the built-in country policies and their sources")
    p.add_argument(
        "countries", nargs="*", metavar="CC", help="ISO 3166-1 codes (alpha-2 or alpha-3)"
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = command(
        "decide",
        cmd_decide,
        "does NUMBER need an emergency address at EVENT, and will the given one do?",
    )
    p.add_argument("number", metavar="NUMBER", help="the number, in international form")
    p.add_argument("event", metavar="EVENT", choices=[e.value for e in AttachmentEvent],
                   help="acquisition, port_in or assignment")  # fmt: skip
    p.add_argument(
        "--region",
        metavar="CC",
        help="read a national-format NUMBER as a number of this country (ISO 3166-1 alpha-2)",
    )
    p.add_argument("--address", metavar="FILE", help="the addresses (Teams CSV, JSON or PIDF-LO)")
    p.add_argument("--location", metavar="ID", help="the location the number would be bound to")
    p.add_argument("--format", choices=["teams", "json", "pidf"], help="the address file's format")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = command("validate", cmd_validate, "check the format of every address in FILE")
    p.add_argument("file", metavar="FILE", help="the addresses (Teams CSV or JSON)")
    p.add_argument("--format", choices=["teams", "json"], help="the file's format")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--verbose", "-v", action="store_true", help="show information too")

    p = command("audit", cmd_audit, "audit an organisation: its addresses and its numbers")
    p.add_argument(
        "addresses", metavar="ADDRESSES", help="the addresses and locations (Teams CSV or JSON)"
    )
    p.add_argument(
        "numbers", metavar="NUMBERS", help="the numbers CSV: Number, Arrived, User, LocationId"
    )
    p.add_argument(
        "--addresses-format", choices=["teams", "json"], help="the address file's format"
    )
    p.add_argument(
        "--format",
        choices=["text", "json", "csv"],
        default="text",
        help="the output: text (default), json or csv",
    )
    p.add_argument("--json", action="store_true", help="the same as --format json")
    p.add_argument(
        "--group-by",
        choices=["cause", "code", "address", "country", "number", "none"],
        default="cause",
        help="gather findings by root cause (default), code, address, country or number; "
        "none lists every finding",
    )
    p.add_argument(
        "--severity",
        choices=["error", "warning", "info"],
        default="info",
        help="show only findings this severe or worse (default: all)",
    )
    p.add_argument("--limit", type=_positive, metavar="N", help="show at most N groups or findings")
    p.add_argument("--summary", action="store_true", help="only the counts")
    p.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report")
    p.add_argument(
        "--fail-on",
        choices=["error", "warning", "never"],
        default="error",
        help="exit 1 when there are findings this severe or worse (default: error)",
    )
    p.add_argument(
        "--network",
        metavar="FILE",
        action="append",
        help="a Teams LIS network element CSV (subnets, access points, switches or ports); "
        "repeat for each kind",
    )

    p = command(
        "locate",
        cmd_locate,
        "where is a client, according to the network map? prints the match and why",
    )
    p.add_argument(
        "--network",
        metavar="FILE",
        action="append",
        required=True,
        help="a Teams LIS network element CSV (subnets, access points, switches or ports); "
        "repeat for each kind",
    )
    p.add_argument("--ip", metavar="A", help="the client's IP address, optionally with /prefix")
    p.add_argument("--subnet-id", metavar="A", help="the client's subnet ID (its network ID)")
    p.add_argument("--bssid", metavar="B", help="the BSSID of its access point")
    p.add_argument("--chassis", metavar="C", help="the LLDP chassis id of its switch")
    p.add_argument("--port", metavar="P", help="the LLDP port id (with --chassis)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = command("convert", cmd_convert, "convert addresses to PIDF-LO, Teams CSV or JSON")
    p.add_argument(
        "file",
        metavar="FILE",
        help="the addresses (Teams CSV, JSON, or a PIDF-LO document or HELD response)",
    )
    p.add_argument(
        "--to", required=True, choices=["pidf", "teams", "json"], help="the output format"
    )
    p.add_argument(
        "--location", metavar="ID", help="for pidf: the location (default: the only address)"
    )
    p.add_argument(
        "--entity", metavar="URI", help="for pidf: the presence entity (the target's URI)"
    )
    p.add_argument("--format", choices=["teams", "json", "pidf"], help="the input file's format")
    p.add_argument(
        "--strict",
        action="store_true",
        help="for PIDF-LO input: refuse what lenient reading forgives with a warning",
    )

    p = command(
        "plan",
        cmd_plan,
        "the commands that turn the CURRENT directory into the DESIRED one (nothing is changed)",
    )
    p.add_argument(
        "current", metavar="CURRENT", help="a directory (JSON) or its addresses (Teams CSV, JSON)"
    )
    p.add_argument(
        "desired", metavar="DESIRED", help="a directory (JSON) or its addresses (Teams CSV, JSON)"
    )
    p.add_argument("--current-numbers", metavar="FILE", help="the numbers CSV of CURRENT")
    p.add_argument("--desired-numbers", metavar="FILE", help="the numbers CSV of DESIRED")
    p.add_argument("--format", choices=["teams", "json"], help="the address files' format")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


@contextlib.contextmanager
def _format_warnings_said(command: str) -> Iterator[None]:
    """Print what a writer could not carry as one line of ours, not Python's warning form."""
    with warnings.catch_warnings():
        warnings.simplefilter("always", FormatWarning)
        shown = warnings.showwarning

        def show(message: Any, category: type[Warning], *args: Any, **kwargs: Any) -> None:
            if issubclass(category, FormatWarning):
                print(f"emergency-address {command}: warning: {message}", file=sys.stderr)
            else:
                shown(message, category, *args, **kwargs)

        warnings.showwarning = show
        yield


def main(argv: Sequence[str] | None = None, out: IO[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    stream = out if out is not None else sys.stdout
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse has printed the usage error
        return int(exit_.code or 0)
    try:
        with _format_warnings_said(args.command):
            return int(args.run(args, stream))
    except UsageError as error:
        print(f"emergency-address {args.command}: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        if isinstance(error, BrokenPipeError):
            return 0
        name = f"{error.filename}: " if error.filename else ""
        print(f"emergency-address {args.command}: {name}{error.strerror or error}", file=sys.stderr)
        return 2
    except EmergencyAddressError as error:
        print(f"emergency-address {args.command}: {error}", file=sys.stderr)
        return 2
