"""Teams LIS CSV: addresses and their locations as rows with the LIS cmdlets' parameter names.

One row per civic address, with the ``New-CsOnlineLisCivicAddress`` parameters (CompanyName,
CompanyTaxId, HouseNumber, HouseNumberSuffix, PreDirectional, StreetName, StreetSuffix,
PostDirectional, City, CityAlias, StateOrProvince, CountyOrDistrict, PostalCode, CountryOrRegion,
AdditionalLocationInfo, Description, Latitude, Longitude, Elin) and the address's
``DefaultLocationId``; and one row per further location, with the ``New-CsOnlineLisLocation``
parameters (Location, Elin, Latitude, Longitude) and its ``LocationId``, linked by
``CivicAddressId``. Columns Teams lacks keep the rest of what the library holds: the
``ValidationStatus`` and an attestation (``AttestedBy``, ``AttestationReason``, ``AttestedAt``),
a location's Building, Floor, Unit, Room and Seat, and each civic field with no Teams column
(``CivicBuilding``, ``CivicFloor``, ``CivicCityDistrict``, ...; see
[CIVIC_EXTRA_COLUMNS][emergency_address.formats.teams.CIVIC_EXTRA_COLUMNS]).

Reading also takes what PowerShell writes:

- ``Get-CsOnlineLisCivicAddress | Export-Csv``: one row per address with its
  ``DefaultLocationId``;
- ``Get-CsOnlineLisLocation | Export-Csv``: one row per location, with a ``LocationId`` of its
  own and ``IsDefault`` (``True`` on the row of each address's default location);
- ``New-CsOnlineLisCivicAddress`` import files, which have no ``CivicAddressId`` yet: each
  address then gets an id derived from its civic content (the library's versioned canonical
  form, ``civic/1:`` and 32 hex digits), so reading the same file twice gives the same ids; a
  second address with the same content gets ``#2`` after it, and so on in file order;
- Windows PowerShell 5.1's ``#TYPE`` first line, and headers in any case (``StateORProvince``),
  as ``Import-Csv`` binds them.

Cells that a spreadsheet would run as a formula are written behind a single quote, as OWASP
recommends against CSV injection, and the quote is taken off again on reading.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import warnings
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import IO, Any

import attrs

from emergency_address._address import EmergencyAddress, Location
from emergency_address._civic import CIVIC_FIELDS, CivicAddress, GeoPoint
from emergency_address._fingerprint import civic_fingerprint
from emergency_address._results import (
    Attestation,
    Provenance,
    ValidationRecord,
    ValidationState,
)
from emergency_address.exceptions import FieldError, FormatWarning, InvalidAddressError
from emergency_address.formats._csv import (
    CsvRows,
    check_file,
    neutralise,
    open_rows,
    parse_degrees,
    restore,
)

__all__ = [
    "ADDRESS_COLUMNS",
    "CIVIC_COLUMNS",
    "CIVIC_EXTRA_COLUMNS",
    "COLUMNS",
    "TEAMS_LIMITS",
    "check",
    "read_csv",
    "to_csv_text",
    "write_csv",
]

# Teams parameter -> CivicAddress field.
CIVIC_COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        "HouseNumber": "house_number",
        "HouseNumberSuffix": "house_number_suffix",
        "PreDirectional": "pre_directional",
        "StreetName": "street_name",
        "StreetSuffix": "street_suffix",
        "PostDirectional": "post_directional",
        "City": "city",
        "CityAlias": "postal_community",
        "StateOrProvince": "state",
        "CountyOrDistrict": "county",
        "PostalCode": "postal_code",
        "CountryOrRegion": "country",
        "AdditionalLocationInfo": "additional_info",
    }
)


def _pascal(field: str) -> str:
    return "".join(part.capitalize() for part in field.split("_"))


# Our column -> CivicAddress field, for every civic field Teams has no column for.
CIVIC_EXTRA_COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        "Civic" + _pascal(name): name
        for name in (*(n for n, _, _ in CIVIC_FIELDS), "language")
        if name not in CIVIC_COLUMNS.values()
    }
)
# Teams parameter -> EmergencyAddress field.
ADDRESS_COLUMNS: Mapping[str, str] = MappingProxyType(
    {"CompanyName": "company_name", "CompanyTaxId": "company_tax_id", "Description": "description"}
)
_SUB_LOCATION_COLUMNS = {"Building": "building", "Floor": "floor", "Unit": "unit", "Room": "room",
                         "Seat": "seat"}  # fmt: skip
_ATTESTATION_COLUMNS = ("AttestedBy", "AttestationReason", "AttestedAt")
COLUMNS: tuple[str, ...] = (
    "CivicAddressId", "LocationId", "DefaultLocationId", *ADDRESS_COLUMNS, *CIVIC_COLUMNS,
    "Latitude", "Longitude", "Elin", "Location", *_SUB_LOCATION_COLUMNS, "ValidationStatus",
    *_ATTESTATION_COLUMNS, *CIVIC_EXTRA_COLUMNS,
)  # fmt: skip
_READ_COLUMNS = (*COLUMNS, "IsDefault")

# The lengths Microsoft's LIS refuses beyond, by CivicAddress or EmergencyAddress field.
# Source: Microsoft's Test-CsLisCivicAddress and Set-CsLisLocation references (Lync Server 2010
# LIS, https://learn.microsoft.com/previous-versions/office/skype-server-2010/gg425914(v=ocs.14):
# "Maximum length" City 64, HouseNumber 10, HouseNumberSuffix 5, PostalCode 10,
# PreDirectional/PostDirectional 2, StreetName 60, StreetSuffix 10, CompanyName 60). The Teams
# cmdlet pages state no lengths; Teams' LIS descends from this one. Confidence: medium. The
# on-premises State limit of 2 is left out: Microsoft's own Test-CsOnlineLisCivicAddress example
# passes "Washington".
TEAMS_LIMITS: Mapping[str, int] = MappingProxyType(
    {
        "city": 64,
        "house_number": 10,
        "house_number_suffix": 5,
        "postal_code": 10,
        "pre_directional": 2,
        "post_directional": 2,
        "street_name": 60,
        "street_suffix": 10,
        "company_name": 60,
    }
)
_STATUS = {
    ValidationState.VALIDATED: "Validated",
    ValidationState.NOT_VALIDATED: "NotValidated",
    ValidationState.INVALID: "Invalid",
    ValidationState.PENDING_MANUAL: "PendingManual",
    ValidationState.ATTESTED: "Attested",
}
_STATE_OF = {v.casefold(): k for k, v in _STATUS.items()}
_FIELD_COLUMN = {
    v: k
    for k, v in {
        **CIVIC_COLUMNS,
        **CIVIC_EXTRA_COLUMNS,
        **ADDRESS_COLUMNS,
        **_SUB_LOCATION_COLUMNS,
        "Elin": "elin",
        "Location": "description",
        "DefaultLocationId": "default_location_id",
    }.items()
}


# --- the Teams check ---------------------------------------------------------------------------


def check(address: EmergencyAddress) -> tuple[FieldError, ...]:
    """What Teams would refuse in ``address``: each value longer than its Teams limit.

    Each error's ``field`` is the Teams column; its code is ``TOO_LONG``.

    >>> from emergency_address import CivicAddress, EmergencyAddress
    >>> civic = CivicAddress(country="CO", street_name="Avenida Carrera 7 " + "x" * 50)
    >>> [e.field for e in check(EmergencyAddress(id="bog", civic=civic))]
    ['StreetName']
    """
    if not isinstance(address, EmergencyAddress):
        raise TypeError(f"address must be an EmergencyAddress, got {type(address).__name__}")
    errors = []
    for field, limit in TEAMS_LIMITS.items():
        value = getattr(address.civic, field, None) or getattr(address, field, None)
        if isinstance(value, str) and len(value) > limit:
            errors.append(
                FieldError(
                    _FIELD_COLUMN[field],
                    "TOO_LONG",
                    f"Teams takes at most {limit} characters, got {len(value)}",
                )
            )
    return tuple(errors)


# --- writing -----------------------------------------------------------------------------------


def _point(row: dict[str, str], geo: GeoPoint | None) -> None:
    if geo is not None:
        row["Latitude"], row["Longitude"] = repr(geo.latitude), repr(geo.longitude)


def _location_cells(row: dict[str, str], location: Location) -> None:
    row["Location"] = location.description or ""
    for column, field in _SUB_LOCATION_COLUMNS.items():
        row[column] = getattr(location, field) or ""


def _warn_losses(address: EmergencyAddress) -> None:
    problems = check(address)
    if problems:
        said = "; ".join(f"{e.field}: {e.message}" for e in problems)
        warnings.warn(
            f"address {address.id!r}: Teams will refuse it as written ({said})",
            FormatWarning,
            stacklevel=4,
        )
    record = address.validation
    lost = [
        what
        for what, value in (
            ("the validator's result", record.result),
            ("the manual path", record.manual_path or record.manual),
            ("the reasons", record.reasons),
            ("where an imported state came from", record.provenance),
            ("the last format check", record.format_check),
        )
        if value
    ]
    if lost:
        warnings.warn(
            f"address {address.id!r}: the Teams CSV carries its validation state and attestation "
            f"only; not written: {', '.join(lost)}",
            FormatWarning,
            stacklevel=4,
        )
    if record.is_stale(address.civic):
        warnings.warn(
            f"address {address.id!r}: written as NotValidated: its record is "
            f"{record.state.value}, for a civic address that has changed since",
            FormatWarning,
            stacklevel=4,
        )


def _checked(addresses: object) -> list[EmergencyAddress]:
    """The addresses as a list, checked before anything is written (a path is not even
    opened, so an existing file stays as it was)."""
    if isinstance(addresses, str | bytes) or not isinstance(addresses, Iterable):
        raise TypeError(
            f"addresses must be an iterable of EmergencyAddress, got {type(addresses).__name__}"
        )
    items = list(addresses)
    for index, address in enumerate(items):
        if not isinstance(address, EmergencyAddress):
            raise InvalidAddressError(
                [FieldError.wrong_type(f"addresses[{index}]", "EmergencyAddress", address)]
            )
    return items


def _rows(addresses: list[EmergencyAddress]) -> Iterator[dict[str, str]]:
    for address in addresses:
        _warn_losses(address)
        default = address.default_location
        row = {
            "CivicAddressId": address.id,
            "DefaultLocationId": default.id,
            "Elin": address.elin or "",
            # The state as it holds for this content: a stale "Validated" must not be read
            # back as one.
            "ValidationStatus": _STATUS[address.validation.state_for(address.civic)],
        }
        for column, field in (*CIVIC_COLUMNS.items(), *CIVIC_EXTRA_COLUMNS.items()):
            row[column] = getattr(address.civic, field) or ""
        for column, field in ADDRESS_COLUMNS.items():
            row[column] = getattr(address, field) or ""
        _point(row, address.geo)
        attestation = address.validation.attestation
        if attestation is not None and not address.validation.is_stale(address.civic):
            row["AttestedBy"], row["AttestationReason"] = attestation.by, attestation.reason
            row["AttestedAt"] = attestation.at.isoformat() if attestation.at else ""
        # The default location's description and sub-location fields travel on the address's
        # row; where it has its own ELIN or point (which the address's columns hold for the
        # address), it gets a row of its own instead.
        own_row = default.elin is not None or default.geo is not None
        if not own_row:
            _location_cells(row, default)
        yield row
        for location in address.locations:
            if location.id == default.id and not own_row:
                continue
            loc = {
                "CivicAddressId": address.id,
                "LocationId": location.id,
                "Elin": location.elin or "",
            }
            _location_cells(loc, location)
            _point(loc, location.geo)
            yield loc


def write_csv(
    addresses: Iterable[EmergencyAddress],
    file: IO[str] | str | os.PathLike[str],
    *,
    bom: bool = False,
) -> None:
    """Write addresses and their locations as Teams LIS rows.

    Everything an address holds is written and read back equal, except what the format has no
    place for, which a [FormatWarning][emergency_address.exceptions.FormatWarning] names: a
    validator's result, manual path and reasons. A value longer than Teams takes is written in
    full, with a warning (see [check][emergency_address.formats.teams.check]).

    Args:
        addresses: the addresses to write.
        file: a text stream (opened with ``newline=""``) or a path.
        bom: start with a UTF-8 byte-order mark, which Excel wants to read UTF-8 (paths only).

    Raises:
        TypeError: ``addresses`` is not iterable, or ``file`` is neither a path nor a text stream.
        InvalidAddressError: an item of ``addresses`` is not an ``EmergencyAddress``.
    """
    check_file(file, "file", writing=True)
    items = _checked(addresses)
    if isinstance(file, str | os.PathLike):
        with open(file, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as stream:
            _write(items, stream)
    else:
        _write(items, file)


def _write(addresses: list[EmergencyAddress], stream: IO[str]) -> None:
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, restval="", lineterminator="\r\n")
    writer.writeheader()
    for row in _rows(addresses):
        writer.writerow({k: neutralise(v) for k, v in row.items()})


def to_csv_text(addresses: Iterable[EmergencyAddress]) -> str:
    """The CSV as a string (for tests, logs and small exports)."""
    buffer = io.StringIO(newline="")
    _write(_checked(addresses), buffer)
    return buffer.getvalue()


# --- reading -----------------------------------------------------------------------------------


class _Row:
    """One CSV row being read, collecting its problems."""

    def __init__(self, row: dict[str, str], line: int, errors: list[FieldError]) -> None:
        self.row = row
        self.line = line
        self.errors = errors

    def error(self, column: str, code: str, message: str) -> None:
        self.errors.append(FieldError(f"line {self.line}, {column}", code, message))

    def build(self, make: Any, **values: Any) -> Any:
        try:
            return make(**values)
        except InvalidAddressError as error:
            for field, code, message in error.errors:
                column = _FIELD_COLUMN.get(field.split(".")[0].split("[")[0], field)
                self.error(column, code, message)
            return None

    def geo(self) -> GeoPoint | None:
        latitude, longitude = self.row.get("Latitude"), self.row.get("Longitude")
        if latitude is None and longitude is None:
            return None
        if latitude is None or longitude is None:
            missing = "Latitude" if latitude is None else "Longitude"
            self.error(missing, "REQUIRED", "latitude and longitude go together")
            return None
        degrees = []
        for column, text in (("Latitude", latitude), ("Longitude", longitude)):
            value = parse_degrees(text)
            if value is None:
                self.error(column, "INVALID", f"expected a decimal number of degrees, got {text!r}")
            degrees.append(value)
        if None in degrees:
            return None
        point: GeoPoint | None = self.build(GeoPoint, latitude=degrees[0], longitude=degrees[1])
        return point

    def is_default(self) -> bool | None:
        value = self.row.get("IsDefault", "")
        if value.casefold() in ("true", "false"):
            return value.casefold() == "true"
        self.error("IsDefault", "INVALID", f"expected True or False, got {value!r}")
        return None

    def status(self, civic: CivicAddress | None, source: _Source) -> ValidationRecord:
        """The state the row claims, as an import bound to ``civic`` (see
        [ValidationRecord.imported][emergency_address.ValidationRecord.imported])."""
        value = self.row.get("ValidationStatus")
        attestation = self.attestation()
        if value is None:
            if attestation is not None:
                self.warn("the attestation columns are ignored without ValidationStatus Attested")
            return ValidationRecord()
        state = _STATE_OF.get(value.casefold())
        if state is None:
            allowed = ", ".join(_STATUS.values())
            self.error("ValidationStatus", "INVALID", f"expected one of {allowed}, got {value!r}")
            return ValidationRecord()
        if civic is None:  # the civic address is refused, and reported, already
            return ValidationRecord()
        provenance = Provenance(
            source="Teams LIS CSV", file=source.file, line=self.line, at=source.at
        )
        record = ValidationRecord.imported(
            state,
            civic=civic,
            provenance=provenance,
            trusted=source.trusted,
            attestation=attestation if state is ValidationState.ATTESTED else None,
        )
        if source.trusted and state is ValidationState.ATTESTED and record.state is not state:
            # A pending request's reference is never in the file (its reason says so); an
            # attestation without who, why and when is a claim the library will not keep.
            self.warn(f"ValidationStatus {value} read as NotValidated ({record.reasons[0]})")
        return record

    def warn(self, message: str) -> None:
        warnings.warn(f"line {self.line}: {message}", FormatWarning, stacklevel=5)

    def attestation(self) -> Attestation | None:
        by, reason, at = (self.row.get(c) for c in _ATTESTATION_COLUMNS)
        if by is None and reason is None and at is None:
            return None
        when = None
        if at is not None:
            try:
                when = dt.datetime.fromisoformat(at)
            except ValueError:
                self.error("AttestedAt", "INVALID", f"expected an ISO 8601 time, got {at!r}")
                return None
        attestation: Attestation | None = self.build(Attestation, by=by, reason=reason, at=when)
        return attestation

    def location(self, location_id: str) -> Location | None:
        location: Location | None = self.build(
            Location,
            id=location_id,
            description=self.row.get("Location"),
            elin=self.row.get("Elin"),
            geo=self.geo(),
            **{field: self.row.get(column) for column, field in _SUB_LOCATION_COLUMNS.items()},
        )
        return location


@attrs.frozen
class _Source:
    """Where the rows come from, for the provenance of the states they claim."""

    file: str | None
    trusted: bool
    at: dt.datetime | None


def read_csv(
    file: IO[str] | str | os.PathLike[str],
    *,
    trust_validation: bool = True,
    imported_at: dt.datetime | None = None,
) -> tuple[EmergencyAddress, ...]:
    """Read Teams LIS rows back into emergency addresses, in the order of their address rows.

    Columns other than ours are ignored; header names are matched ignoring case. Location rows
    may come before or after their address's row. A path's file is UTF-8 (a byte-order mark is
    fine) or UTF-16/UTF-32 with a byte-order mark.

    ``ValidationStatus`` is another system's verdict (Microsoft's ``Validated`` is its
    authority's): it is kept, bound to the civic address read with it, with a
    [Provenance][emergency_address.Provenance] naming the file, the line and ``imported_at``
    (the library reads no clock). ``trust_validation=False`` resets every imported state to not
    validated instead. An ``Attested`` row without who, why and when reads as not validated, with a
    [FormatWarning][emergency_address.exceptions.FormatWarning] naming the line; a
    ``PendingManual`` row (the file holds no request reference) reads as not validated, with a
    reason that says so.

    Raises:
        InvalidAddressError: every bad row at once, each error's ``field`` naming the line and
            the column (``"line 7, PostalCode"``); or the file itself is unreadable (not UTF-8,
            a quote that swallows later lines, a column named twice), naming the line.
        TypeError: ``file`` is neither a path nor a text stream.
    """
    check_file(file, "file")
    if not isinstance(trust_validation, bool):
        raise TypeError(f"trust_validation must be a bool, got {type(trust_validation).__name__}")
    if imported_at is not None and not isinstance(imported_at, dt.datetime):
        raise TypeError(f"imported_at must be a datetime or None, got {type(imported_at).__name__}")
    name = os.fspath(file) if isinstance(file, str | os.PathLike) else getattr(file, "name", None)
    source = _Source(
        file=name if isinstance(name, str) and name else None,
        trusted=trust_validation,
        at=imported_at,
    )
    with open_rows(file) as rows:
        return _read(rows, source)


def _read(rows: CsvRows, source: _Source) -> tuple[EmergencyAddress, ...]:
    at = rows.read_header(_READ_COLUMNS, ("CountryOrRegion",))
    with_ids = "CivicAddressId" in at
    by_default_flag = "IsDefault" in at
    errors: list[FieldError] = []
    pool: dict[str, str] = {}
    heads: dict[str, tuple[int, dict[str, str]]] = {}
    locations: dict[str, list[tuple[int, _Row]]] = {}
    content_ids: dict[str, int] = {}
    for line, cells in rows:
        row = _clean(cells, at, pool)
        if not row:
            continue
        item = _Row(row, line, errors)
        if not with_ids:
            address_id = _content_id(item, content_ids)
            if address_id is not None:
                heads[address_id] = (line, row)
            continue
        address_id = row.get("CivicAddressId")
        if address_id is None:
            item.error("CivicAddressId", "REQUIRED", "every row needs its address's id")
            continue
        location_id = row.get("LocationId")
        if by_default_flag:
            flag = item.is_default()
            if flag is None:
                continue
            head = flag
            if flag and location_id is not None:
                given = row.setdefault("DefaultLocationId", location_id)
                if given != location_id:
                    item.error(
                        "DefaultLocationId",
                        "INVALID",
                        f"the default location's row has LocationId {location_id!r} but "
                        f"DefaultLocationId {given!r}",
                    )
                    continue
        else:
            head = location_id is None
        if head:
            if address_id in heads:
                first = heads[address_id][0]
                item.error(
                    "CivicAddressId",
                    "DUPLICATE",
                    f"address {address_id!r} already has a row, line {first}",
                )
                continue
            heads[address_id] = (line, row)
        elif location_id is None:
            item.error("LocationId", "REQUIRED", "a location's row (IsDefault False) needs its id")
        else:
            locations.setdefault(address_id, []).append((line, item))
    addresses = [
        _read_address(_Row(row, line, errors), address_id, locations.pop(address_id, []), source)
        for address_id, (line, row) in heads.items()
    ]
    for address_id, items in locations.items():
        for line, _ in items:
            errors.append(
                FieldError(
                    f"line {line}, CivicAddressId",
                    "UNKNOWN",
                    f"no address row has the id {address_id!r}",
                )
            )
    if errors:
        errors.sort(key=lambda e: int(e.field.split()[1].rstrip(",")))
        raise InvalidAddressError(errors)
    return tuple(a for a in addresses if a is not None)


def _clean(cells: list[str], at: dict[str, int], pool: dict[str, str]) -> dict[str, str]:
    """The row's non-empty cells by column, stripped, with a neutralising quote taken off.

    Equal values share one string through ``pool`` (local to one read): a tenant's thousands
    of rows repeat a few cities, states and suffixes, and the addresses then hold one copy.
    """
    cleaned = {}
    for column, index in at.items():
        if index < len(cells):
            value = cells[index].strip()
            if value:
                value = restore(value)
                cleaned[column] = pool.setdefault(value, value)
    return cleaned


def _civic(item: _Row) -> CivicAddress | None:
    values = {
        field: item.row.get(column)
        for column, field in (*CIVIC_COLUMNS.items(), *CIVIC_EXTRA_COLUMNS.items())
    }
    civic: CivicAddress | None = item.build(CivicAddress, **values)
    return civic


def _content_id(item: _Row, seen: dict[str, int]) -> str | None:
    """The id of an address row of a file without ids: derived from its civic content."""
    civic = _civic(item)  # a bad civic address is reported here, and the row skipped
    if civic is None:
        return None
    base = civic_fingerprint(civic)
    seen[base] = count = seen.get(base, 0) + 1
    return base if count == 1 else f"{base}#{count}"


def _read_address(
    item: _Row, address_id: str, locations: list[tuple[int, _Row]], source: _Source
) -> EmergencyAddress | None:
    civic = _civic(item)
    extra = {field: item.row.get(column) for column, field in ADDRESS_COLUMNS.items()}
    geo = item.geo()
    validation = item.status(civic, source)
    default_id = item.row.get("DefaultLocationId") or address_id
    default_values: dict[str, Any] = {f: item.row.get(c) for c, f in _SUB_LOCATION_COLUMNS.items()}
    default_values["description"] = item.row.get("Location")
    head_has_default = any(default_values.values())
    seen: dict[str, int] = {}
    built = []
    for line, row in locations:
        location_id = row.row["LocationId"]
        if location_id in seen:
            row.error(
                "LocationId",
                "DUPLICATE",
                f"{location_id!r} appears twice, line {seen[location_id]}",
            )
            continue
        seen[location_id] = line
        if location_id == default_id and head_has_default:
            row.error(
                "LocationId",
                "DUPLICATE",
                f"the default location {location_id!r} is described on its address's row, "
                f"line {item.line}, already",
            )
            continue
        location = row.location(location_id)
        if location is not None:
            built.append(location)
    if civic is None:
        return None
    if head_has_default and default_id not in seen:
        default = item.build(Location, id=default_id, **default_values)
        built = [default, *built] if default is not None else built
    address: EmergencyAddress | None = item.build(
        EmergencyAddress,
        id=address_id,
        civic=civic,
        geo=geo,
        elin=item.row.get("Elin"),
        default_location_id=default_id,
        validation=validation,
        locations=tuple(built),
        **extra,
    )
    return address
