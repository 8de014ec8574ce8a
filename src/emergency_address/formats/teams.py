"""Teams LIS CSV: addresses and their locations as rows with the LIS cmdlets' parameter names.

One row per civic address, with the ``New-CsOnlineLisCivicAddress`` parameters (CompanyName,
CompanyTaxId, HouseNumber, HouseNumberSuffix, PreDirectional, StreetName, StreetSuffix,
PostDirectional, City, CityAlias, StateOrProvince, PostalCode, CountryOrRegion, Description,
Latitude, Longitude, Elin), and one row per further location, with the
``New-CsOnlineLisLocation`` parameters (Location, Elin), linked by ``CivicAddressId``. A few
columns Teams lacks keep what the library holds: ``LocationId``, ``ValidationStatus``, and the
location's Building, Floor, Unit, Room and Seat.

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) are written behind a single quote, as OWASP recommends against CSV
injection, and the quote is taken off again on reading.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator
from typing import IO, Any

from emergency_address._address import EmergencyAddress, Location
from emergency_address._civic import CivicAddress, GeoPoint
from emergency_address._results import ValidationRecord, ValidationState
from emergency_address.exceptions import (
    FieldError,
    InvalidAddressError,
)

__all__ = ["ADDRESS_COLUMNS", "COLUMNS", "read_csv", "write_csv"]

# Teams parameter -> CivicAddress field.
CIVIC_COLUMNS = {
    "HouseNumber": "house_number",
    "HouseNumberSuffix": "house_number_suffix",
    "PreDirectional": "pre_directional",
    "StreetName": "street_name",
    "StreetSuffix": "street_suffix",
    "PostDirectional": "post_directional",
    "City": "city",
    "CityAlias": "postal_community",
    "StateOrProvince": "state",
    "PostalCode": "postal_code",
    "CountryOrRegion": "country",
}
# Teams parameter -> EmergencyAddress field.
ADDRESS_COLUMNS = {"CompanyName": "company_name", "CompanyTaxId": "company_tax_id",
                   "Description": "description"}  # fmt: skip
SUB_LOCATION_COLUMNS = {"Building": "building", "Floor": "floor", "Unit": "unit", "Room": "room",
                        "Seat": "seat"}  # fmt: skip
COLUMNS = (
    "CivicAddressId", "LocationId", "CompanyName", "CompanyTaxId", "HouseNumber",
    "HouseNumberSuffix", "PreDirectional", "StreetName", "StreetSuffix", "PostDirectional",
    "City", "CityAlias", "StateOrProvince", "PostalCode", "CountryOrRegion", "Description",
    "Latitude", "Longitude", "Elin", "Location", "ValidationStatus", "Building", "Floor", "Unit",
    "Room", "Seat",
)  # fmt: skip
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
    for k, v in {**CIVIC_COLUMNS, **ADDRESS_COLUMNS, **SUB_LOCATION_COLUMNS, "Elin": "elin"}.items()
}
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "'")
_NUMERIC = frozenset({"Latitude", "Longitude"})


# --- writing -----------------------------------------------------------------------------------


def _safe(column: str, value: str) -> str:
    if value.startswith(_DANGEROUS) and column not in _NUMERIC:
        return "'" + value
    return value


def _rows(addresses: Iterable[EmergencyAddress]) -> Iterator[dict[str, str]]:
    for address in addresses:
        if not isinstance(address, EmergencyAddress):
            raise InvalidAddressError(
                [FieldError.wrong_type("addresses", "EmergencyAddress", address)]
            )
        row = {"CivicAddressId": address.id, "LocationId": ""}
        for column, field in CIVIC_COLUMNS.items():
            row[column] = getattr(address.civic, field) or ""
        for column, field in ADDRESS_COLUMNS.items():
            row[column] = getattr(address, field) or ""
        if address.geo is not None:
            row["Latitude"], row["Longitude"] = (
                repr(address.geo.latitude),
                repr(address.geo.longitude),
            )
        default = address.default_location
        elin = address.elin or default.elin
        row["Elin"] = elin or ""
        row["ValidationStatus"] = _STATUS[address.validation.state]
        row["Location"] = default.description or ""
        for column, field in SUB_LOCATION_COLUMNS.items():
            row[column] = getattr(default, field) or ""
        yield row
        for location in address.locations:
            if location.id == address.id:
                continue  # the default location travels on the address's own row
            loc = {
                "CivicAddressId": address.id,
                "LocationId": location.id,
                "Location": location.description or "",
                "Elin": location.elin or "",
            }
            for column, field in SUB_LOCATION_COLUMNS.items():
                loc[column] = getattr(location, field) or ""
            if location.geo is not None:
                loc["Latitude"] = repr(location.geo.latitude)
                loc["Longitude"] = repr(location.geo.longitude)
            yield loc


def write_csv(
    addresses: Iterable[EmergencyAddress],
    file: IO[str] | str | os.PathLike[str],
    *,
    bom: bool = False,
) -> None:
    """Write addresses and their locations as Teams LIS rows.

    Args:
        addresses: the addresses to write.
        file: a text stream (opened with ``newline=""``) or a path.
        bom: start with a UTF-8 byte-order mark, which Excel wants to read UTF-8 (paths only).
    """
    if isinstance(file, str | os.PathLike):
        with open(file, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as stream:
            _write(addresses, stream)
    else:
        _write(addresses, file)


def _write(addresses: Iterable[EmergencyAddress], stream: IO[str]) -> None:
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, restval="", lineterminator="\r\n")
    writer.writeheader()
    for row in _rows(addresses):
        writer.writerow({k: _safe(k, v) for k, v in row.items()})


# --- reading -----------------------------------------------------------------------------------


def _clean(row: dict[Any, Any], pool: dict[str, str]) -> dict[str, str]:
    """The row's non-empty cells, stripped, with a neutralising quote taken off.

    Equal values share one string through ``pool`` (local to one read): a tenant's thousands
    of rows repeat a few cities, states and suffixes, and the addresses then hold one copy.
    """
    cleaned = {}
    for column, value in row.items():
        if value and isinstance(column, str) and isinstance(value, str):
            value = value.strip()
            if value:
                if value[0] == "'" and value[1:2] and value[1] in _DANGEROUS:
                    value = value[1:]
                cleaned[column] = pool.setdefault(value, value)
    return cleaned


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
        try:
            numbers = float(latitude), float(longitude)
        except ValueError:
            self.error("Latitude", "INVALID", f"expected numbers, got {latitude!r}, {longitude!r}")
            return None
        point: GeoPoint | None = self.build(GeoPoint, latitude=numbers[0], longitude=numbers[1])
        return point

    def elin(self, country: str | None) -> str | None:
        return self.row.get("Elin")

    def status(self) -> ValidationRecord:
        value = self.row.get("ValidationStatus")
        if value is None:
            return ValidationRecord()
        state = _STATE_OF.get(value.casefold())
        if state is None:
            allowed = ", ".join(_STATUS.values())
            self.error("ValidationStatus", "INVALID", f"expected one of {allowed}, got {value!r}")
            return ValidationRecord()
        return ValidationRecord(state=state)


def read_csv(file: IO[str] | str | os.PathLike[str]) -> tuple[EmergencyAddress, ...]:
    """Read Teams LIS rows back into emergency addresses, in the order of their address rows.

    UTF-8 with or without a byte-order mark is accepted; columns other than ours are ignored.
    Location rows may come before or after their address's row.

    Raises:
        InvalidAddressError: every bad row at once, each error's ``field`` naming the line and
            the column (``"line 7, PostalCode"``).
    """
    if isinstance(file, str | os.PathLike):
        with open(file, encoding="utf-8-sig", newline="") as stream:
            return _read(stream)
    return _read(file)


def _read(stream: IO[str]) -> tuple[EmergencyAddress, ...]:
    reader = csv.DictReader(stream)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as error:
        raise InvalidAddressError([FieldError("line 1", "INVALID", f"not CSV: {error}")]) from None
    if fieldnames is None:
        raise InvalidAddressError([FieldError("line 1", "REQUIRED", "the file is empty")])
    reader.fieldnames = [n.lstrip("\ufeff").strip() for n in fieldnames]
    missing = [c for c in ("CivicAddressId", "CountryOrRegion") if c not in reader.fieldnames]
    if missing:
        raise InvalidAddressError(
            [
                FieldError(
                    "line 1", "REQUIRED", f"the header lacks the column(s) {', '.join(missing)}"
                )
            ]
        )
    errors: list[FieldError] = []
    pool: dict[str, str] = {}
    heads: dict[str, tuple[int, dict[str, str]]] = {}
    locations: dict[str, list[tuple[int, Location]]] = {}
    try:
        for raw in reader:
            line = reader.line_num
            row = _clean(raw, pool)
            item = _Row(row, line, errors)
            address_id = row.get("CivicAddressId")
            if address_id is None:
                item.error("CivicAddressId", "REQUIRED", "every row needs its address's id")
                continue
            location_id = row.get("LocationId")
            if location_id is None or location_id == address_id:
                if address_id in heads:
                    first = heads[address_id][0]
                    item.error(
                        "CivicAddressId",
                        "DUPLICATE",
                        f"address {address_id!r} already has a row, line {first}",
                    )
                    continue
                heads[address_id] = (line, row)
            else:
                location = _read_location(item, location_id, None)
                if location is not None:
                    locations.setdefault(address_id, []).append((line, location))
    except csv.Error as error:
        raise InvalidAddressError(
            [FieldError(f"line {reader.line_num}", "INVALID", f"not CSV: {error}")]
        ) from None
    addresses = [
        _read_address(_Row(row, line, errors), address_id, locations.pop(address_id, []))
        for address_id, (line, row) in heads.items()
    ]
    for address_id, rows in locations.items():
        for line, _ in rows:
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


def _read_location(item: _Row, location_id: str, country: str | None) -> Location | None:
    values = {field: item.row.get(column) for column, field in SUB_LOCATION_COLUMNS.items()}
    location: Location | None = item.build(
        Location,
        id=location_id,
        description=item.row.get("Location"),
        elin=item.elin(country),
        geo=item.geo(),
        **values,
    )
    return location


def _read_address(
    item: _Row, address_id: str, locations: list[tuple[int, Location]]
) -> EmergencyAddress | None:
    civic_values = {field: item.row.get(column) for column, field in CIVIC_COLUMNS.items()}
    civic: CivicAddress | None = item.build(CivicAddress, **civic_values)
    extra = {field: item.row.get(column) for column, field in ADDRESS_COLUMNS.items()}
    geo = item.geo()
    elin = item.elin(civic.country if civic else None)
    validation = item.status()
    default_values = {f: item.row.get(c) for c, f in SUB_LOCATION_COLUMNS.items()}
    default_values["description"] = item.row.get("Location")
    seen: set[str] = set()
    unique = []
    for line, location in locations:
        if location.id in seen:
            item.errors.append(
                FieldError(
                    f"line {line}, LocationId", "DUPLICATE", f"{location.id!r} appears twice"
                )
            )
        seen.add(location.id)
        unique.append(location)
    if civic is None:
        return None
    own = []
    if any(default_values.values()):
        default = item.build(Location, id=address_id, **default_values)
        own = [default] if default is not None else []
    address: EmergencyAddress | None = item.build(
        EmergencyAddress,
        id=address_id,
        civic=civic,
        geo=geo,
        elin=elin,
        validation=validation,
        locations=(*own, *unique),
        **extra,
    )
    return address


def to_csv_text(addresses: Iterable[EmergencyAddress]) -> str:
    """The CSV as a string (for tests, logs and small exports)."""
    buffer = io.StringIO(newline="")
    _write(addresses, buffer)
    return buffer.getvalue()
