"""An organisation's numbers as CSV: ``Number``, ``Arrived``, ``User``, ``LocationId``.

``Number`` is the number in international form (E.164 preferred); ``Arrived`` is how it came,
``acquisition`` or ``port_in`` (``acquisition`` when empty); ``User`` the user it is assigned
to, if any; ``LocationId`` the location it is bound to, if any (an address's id names its
default location unless that has an id of its own).

Header names are matched ignoring case; other columns are ignored. Cells a spreadsheet would run
as a formula are written behind a single quote, which reading takes off again. A file is read
whole with [read_numbers_csv][emergency_address.formats.numbers.read_numbers_csv], or in chunks
with [iter_numbers_csv][emergency_address.formats.numbers.iter_numbers_csv], which never holds
more than one chunk.
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
from emergency_address.formats._csv import CsvRows, check_file, neutralise, open_rows, restore

__all__ = ["NUMBER_COLUMNS", "iter_numbers_csv", "read_numbers_csv", "write_numbers_csv"]

NUMBER_COLUMNS = ("Number", "Arrived", "User", "LocationId")
_ARRIVED = {"acquisition": AttachmentEvent.ACQUISITION, "port_in": AttachmentEvent.PORT_IN,
            "ported": AttachmentEvent.PORT_IN, "": AttachmentEvent.ACQUISITION}  # fmt: skip
DEFAULT_CHUNK_SIZE = 10_000


def write_numbers_csv(
    records: Iterable[NumberRecord], file: IO[str] | str | os.PathLike[str]
) -> None:
    """Write number records as CSV (a text stream opened with ``newline=""``, or a path).

    Cells a spreadsheet would run as a formula (``=HYPERLINK(...)`` as a user name) are written
    behind a single quote; plain numbers such as ``+12065550142`` are written as they are. The
    records are checked before anything is written: a refused call leaves a file as it was.

    Raises:
        TypeError: ``records`` is not iterable, or ``file`` is neither a path nor a text stream.
        InvalidAddressError: an item of ``records`` is not a ``NumberRecord``.
    """
    check_file(file, "file", writing=True)
    items = _checked(records)
    if isinstance(file, str | os.PathLike):
        with open(file, "w", encoding="utf-8", newline="") as stream:
            _write(items, stream)
    else:
        _write(items, file)


def _checked(records: object) -> list[NumberRecord]:
    if isinstance(records, str | bytes) or not isinstance(records, Iterable):
        raise TypeError(
            f"records must be an iterable of NumberRecord, got {type(records).__name__}"
        )
    items = list(records)
    for index, record in enumerate(items):
        if not isinstance(record, NumberRecord):
            raise InvalidAddressError(
                [FieldError.wrong_type(f"records[{index}]", "NumberRecord", record)]
            )
    return items


def _write(records: list[NumberRecord], stream: IO[str]) -> None:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(NUMBER_COLUMNS)
    for record in records:
        cells = (record.e164, record.arrived.value, record.user or "", record.location_id or "")
        writer.writerow([neutralise(cell) for cell in cells])


def read_numbers_csv(file: IO[str] | str | os.PathLike[str]) -> tuple[NumberRecord, ...]:
    """Read number records.

    Args:
        file: a text stream (opened with ``newline=""``) or a path; a path's file is UTF-8 (a
            byte-order mark is fine) or UTF-16/UTF-32 with a byte-order mark.

    Raises:
        InvalidAddressError: every bad row at once, each error's ``field`` naming the line and
            the column (``"line 12, Number"``); or the file itself is unreadable (not UTF-8, a
            quote that swallows later lines, a column named twice), naming the line.
        TypeError: ``file`` is neither a path nor a text stream.
    """
    check_file(file, "file")
    records: list[NumberRecord] = []
    errors: list[FieldError] = []
    with open_rows(file) as rows:
        for _, record in _records(rows, errors):
            if record is not None:
                records.append(record)
    if errors:
        raise InvalidAddressError(errors)
    return tuple(records)


def iter_numbers_csv(
    file: IO[str] | str | os.PathLike[str], *, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> Iterator[tuple[NumberRecord, ...]]:
    """Read number records in chunks of at most ``chunk_size``, holding one chunk at a time.

    The file is read as [read_numbers_csv][emergency_address.formats.numbers.read_numbers_csv]
    reads it, and the chunks together hold the same records in the same order. A chunk with
    bad rows is not yielded: its ``InvalidAddressError`` names every bad row of that chunk (the
    chunks before it have been yielded already).

    Args:
        file: a text stream (opened with ``newline=""``) or a path.
        chunk_size: the most records in one chunk (a positive ``int``).

    Raises:
        TypeError: ``file`` is neither a path nor a text stream, or ``chunk_size`` is not an
            ``int`` (raised at the call, before anything is read).
        InvalidAddressError: ``chunk_size`` is not positive (at the call); bad rows or an
            unreadable file (while iterating).

    Examples:
        >>> import io
        >>> rows = ["Number,LocationId", "+12065550142,sea", "+12065550143,sea", "+442079460000,"]
        >>> text = "\\r\\n".join(rows)
        >>> [len(chunk) for chunk in iter_numbers_csv(io.StringIO(text), chunk_size=2)]
        [2, 1]
    """
    check_file(file, "file")
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int):
        raise TypeError(f"chunk_size must be an int, got {type(chunk_size).__name__}")
    if chunk_size < 1:
        raise InvalidAddressError(
            [FieldError("chunk_size", "OUT_OF_RANGE", f"expected at least 1, got {chunk_size}")]
        )
    return _chunks(file, chunk_size)


def _chunks(
    file: IO[str] | str | os.PathLike[str], chunk_size: int
) -> Iterator[tuple[NumberRecord, ...]]:
    errors: list[FieldError] = []
    chunk: list[NumberRecord] = []
    rows_in_chunk = 0
    with open_rows(file) as rows:
        for _, record in _records(rows, errors):
            rows_in_chunk += 1
            if record is not None:
                chunk.append(record)
            if rows_in_chunk == chunk_size:
                if errors:
                    raise InvalidAddressError(errors)
                yield tuple(chunk)
                chunk, rows_in_chunk = [], 0
    if errors:
        raise InvalidAddressError(errors)
    if chunk:
        yield tuple(chunk)


def _records(rows: CsvRows, errors: list[FieldError]) -> Iterator[tuple[int, NumberRecord | None]]:
    at = rows.read_header(NUMBER_COLUMNS, ("Number",))
    pool: dict[str, str] = {}  # one string per location id, shared by its numbers
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: restore(row[i].strip()) if i < len(row) else "" for name, i in at.items()}
        if cells.get("LocationId"):
            cells["LocationId"] = pool.setdefault(cells["LocationId"], cells["LocationId"])
        yield line, _record(cells, line, errors)


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
