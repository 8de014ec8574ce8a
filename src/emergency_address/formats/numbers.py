"""An organisation's numbers as CSV: ``Number``, ``Arrived``, ``User``, ``LocationId``.

``Number`` is the number in international form (E.164 preferred); ``Arrived`` is how it came,
``acquisition`` or ``port_in`` (``acquisition`` when empty); ``User`` the user it is assigned
to, if any; ``LocationId`` the location it is bound to, if any (an address's id names its
default location).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from typing import IO

from emergency_address._directory import NumberRecord
from emergency_address._number import PhoneNumber
from emergency_address._policy import AttachmentEvent
from emergency_address.exceptions import FieldError, InvalidAddressError, InvalidPhoneNumberError

__all__ = ["NUMBER_COLUMNS", "read_numbers_csv", "write_numbers_csv"]

NUMBER_COLUMNS = ("Number", "Arrived", "User", "LocationId")
_ARRIVED = {"acquisition": AttachmentEvent.ACQUISITION, "port_in": AttachmentEvent.PORT_IN,
            "ported": AttachmentEvent.PORT_IN, "": AttachmentEvent.ACQUISITION}  # fmt: skip


def write_numbers_csv(
    records: Iterable[NumberRecord], file: IO[str] | str | os.PathLike[str]
) -> None:
    """Write number records as CSV (a text stream opened with ``newline=""``, or a path)."""
    if isinstance(file, str | os.PathLike):
        with open(file, "w", encoding="utf-8", newline="") as stream:
            _write(records, stream)
    else:
        _write(records, file)


def _write(records: Iterable[NumberRecord], stream: IO[str]) -> None:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(NUMBER_COLUMNS)
    for record in records:
        if not isinstance(record, NumberRecord):
            raise InvalidAddressError([FieldError.wrong_type("records", "NumberRecord", record)])
        writer.writerow(
            (record.e164, record.arrived.value, record.user or "", record.location_id or "")
        )


def read_numbers_csv(file: IO[str] | str | os.PathLike[str]) -> tuple[NumberRecord, ...]:
    """Read number records.

    Raises:
        InvalidAddressError: every bad row at once, each error's ``field`` naming the line and
            the column (``"line 12, Number"``).
    """
    if isinstance(file, str | os.PathLike):
        with open(file, encoding="utf-8-sig", newline="") as stream:
            return tuple(_read(stream))
    return tuple(_read(file))


def _read(stream: IO[str]) -> Iterator[NumberRecord]:
    reader = csv.reader(stream)
    errors: list[FieldError] = []
    records: list[NumberRecord] = []
    try:
        header = next(reader, None)
        if header is None:
            raise InvalidAddressError([FieldError("line 1", "REQUIRED", "the file is empty")])
        header = [h.lstrip("\ufeff").strip() for h in header]
        if "Number" not in header:
            raise InvalidAddressError(
                [FieldError("line 1", "REQUIRED", "the header lacks the column Number")]
            )
        at = {name: header.index(name) for name in NUMBER_COLUMNS if name in header}
        pool: dict[str, str] = {}  # one string per location id, shared by its numbers
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            cells = {name: row[i].strip() if i < len(row) else "" for name, i in at.items()}
            if cells.get("LocationId"):
                cells["LocationId"] = pool.setdefault(cells["LocationId"], cells["LocationId"])
            record = _record(cells, line, errors)
            if record is not None:
                records.append(record)
    except csv.Error as error:
        raise InvalidAddressError(
            [FieldError(f"line {reader.line_num}", "INVALID", f"not CSV: {error}")]
        ) from None
    if errors:
        raise InvalidAddressError(errors)
    return iter(records)


def _record(cells: dict[str, str], line: int, errors: list[FieldError]) -> NumberRecord | None:
    text = cells.get("Number", "")
    number = None
    if not text:
        errors.append(FieldError(f"line {line}, Number", "REQUIRED", "a number is required"))
    else:
        try:
            number = PhoneNumber.parse(text)
        except InvalidPhoneNumberError as error:
            errors.append(FieldError(f"line {line}, Number", "INVALID", error.reason))
    arrived = _ARRIVED.get(cells.get("Arrived", "").casefold())
    if arrived is None:
        errors.append(
            FieldError(
                f"line {line}, Arrived",
                "INVALID",
                f"expected 'acquisition' or 'port_in', got {cells['Arrived']!r}",
            )
        )
    if number is None or arrived is None:
        return None
    try:
        return NumberRecord(
            number,
            arrived=arrived,
            user=cells.get("User") or None,
            location_id=cells.get("LocationId") or None,
        )
    except InvalidAddressError as error:
        column = {"user": "User", "location_id": "LocationId"}
        for field, code, message in error.errors:
            errors.append(FieldError(f"line {line}, {column.get(field, field)}", code, message))
        return None
