"""What every CSV reader and writer of the library shares.

Writing: one cell neutraliser against CSV (formula) injection. Reading: the file opened with a
known encoding, PowerShell's ``#TYPE`` line skipped, the header bound case-insensitively as
PowerShell's ``Import-Csv`` binds it, and every way a file can lose rows in silence refused with
the line where it starts:

- a quote that is never closed, or closed only on a later line: Python's ``csv`` would read the
  rest of the file into one cell, and the numbers on those lines would never be seen. No value
  of ours spans lines (text is kept with white space collapsed), so a quoted line break is
  always a stray quote;
- a NUL character, which no text file of ours holds (binary data, or UTF-16 without its
  byte-order mark);
- bytes that are not UTF-8, unless a byte-order mark says UTF-16 or UTF-32 (Windows PowerShell's
  ``-Encoding Unicode`` writes UTF-16 with one); Latin-1 is not guessed;
- a header naming a column twice, which would let the last one win.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO

from emergency_address.exceptions import FieldError, InvalidAddressError

__all__ = [
    "CsvRows",
    "neutralise",
    "open_rows",
    "parse_degrees",
    "restore",
]

# Cells a spreadsheet would run as a formula start with one of these (OWASP, "CSV Injection":
# https://owasp.org/www-community/attacks/CSV_Injection: "=", "+", "-", "@", tab, carriage
# return). A leading quote is escaped too, so that reading takes exactly one quote off.
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "'")
# A plain number (E.164 "+12065550142", a degree "-122.5", "1e-05") cannot hold a formula and is
# written as it is, so that numbers stay numbers for the programs that read the file.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def neutralise(cell: str) -> str:
    """The cell as it is safe to write: behind a single quote where a spreadsheet would run it.

    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("+12065550142"), neutralise("Main")
    ('\\'=HYPERLINK("http://x")', '+12065550142', 'Main')
    """
    if cell.startswith(_DANGEROUS) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """The cell as [`neutralise`][emergency_address.formats._csv.neutralise] had it: one protecting
    quote taken off."""
    if cell[:1] == "'" and cell[1:2] and cell[1] in _DANGEROUS:
        return cell[1:]
    return cell


def parse_degrees(text: str) -> float | None:
    """A coordinate written in ASCII decimal notation, or ``None``.

    ``float()`` also takes ``1_0``, ``"inf"``, ``"nan"`` and digits of any script (``"٤٧"``); a
    coordinate in a file is none of these.
    """
    if not _PLAIN_NUMBER.fullmatch(text):
        return None
    return float(text)


def _error(line: int, message: str, column: str = "") -> InvalidAddressError:
    where = f"line {line}, {column}" if column else f"line {line}"
    return InvalidAddressError([FieldError(where, "INVALID", message)])


def check_file(file: object, parameter: str = "file", *, writing: bool = False) -> None:
    """Refuse with a ``TypeError`` naming ``parameter`` what is not a path or a text stream,
    and with ``InvalidAddressError`` a path no file can have (``open()`` would raise a bare
    ``ValueError`` for it)."""
    if isinstance(file, str | os.PathLike):
        path = os.fspath(file)
        if not isinstance(path, str):
            raise TypeError(f"{parameter} must be a text path, got a {type(path).__name__} path")
        try:
            name = os.fsencode(path)
        except UnicodeEncodeError:
            problem = "a character the file system cannot encode (a lone surrogate)"
        else:
            problem = "a NUL character" if b"\x00" in name else ""
        if problem:
            raise InvalidAddressError(
                [FieldError(parameter, "INVALID", f"not a usable file name: it holds {problem}")]
            )
        return
    if isinstance(file, io.RawIOBase | io.BufferedIOBase) or "b" in str(getattr(file, "mode", "")):
        raise TypeError(
            f"{parameter} must be a text stream (opened with newline='') or a path, "
            "not a binary stream; pass the path, or wrap it in io.TextIOWrapper"
        )
    if writing:
        usable = hasattr(file, "write")
    else:
        usable = hasattr(file, "read") or hasattr(file, "__iter__")
    if not usable or isinstance(file, bytes):
        raise TypeError(
            f"{parameter} must be a text stream (opened with newline='') or a path, "
            f"got {type(file).__name__}"
        )


def _encoding_of(path: str | os.PathLike[str]) -> str:
    with open(path, "rb") as raw:
        start = raw.read(4)
    for bom, encoding in _BOMS:
        if start.startswith(bom):
            return encoding
    return "utf-8"


class CsvRows:
    """The rows of one CSV file after its header, each with the line it starts on."""

    def __init__(self, lines: Iterable[str], first_line: int) -> None:
        self._offset = first_line - 1  # lines before the CSV proper (a #TYPE line)
        self._reader = csv.reader(lines, strict=True)
        self._line = self._offset  # the last physical line read
        self.header: list[str] = []

    def read_header(self, known: Sequence[str], required: Sequence[str]) -> dict[str, int]:
        """Bind the header to the ``known`` column names, ignoring case as PowerShell does.

        Returns the position of each known column present. Unknown columns are ignored.

        Raises:
            InvalidAddressError: the file is empty, a column appears twice, or a ``required``
                one is missing.
        """
        first = next(iter(self), None)
        if first is None:
            raise InvalidAddressError([FieldError("line 1", "REQUIRED", "the file is empty")])
        line, cells = first
        self.header = [cell.lstrip("\ufeff").strip() for cell in cells]
        canonical = {name.casefold(): name for name in known}
        positions: dict[str, int] = {}
        seen: dict[str, int] = {}
        errors: list[FieldError] = []
        for index, cell in enumerate(self.header):
            folded = cell.casefold()
            if folded in seen and cell:
                errors.append(
                    FieldError(
                        f"line {line}",
                        "DUPLICATE",
                        f"the column {cell!r} appears twice (columns {seen[folded] + 1} and "
                        f"{index + 1}); which one holds the data is unknowable",
                    )
                )
                continue
            seen[folded] = index
            if folded in canonical:
                positions[canonical[folded]] = index
        missing = [name for name in required if name not in positions]
        if missing:
            errors.append(
                FieldError(
                    f"line {line}",
                    "REQUIRED",
                    f"the header lacks the column(s) {', '.join(missing)}",
                )
            )
        if errors:
            raise InvalidAddressError(errors)
        return positions

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        reader = self._reader
        while True:
            start = self._line + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                if "field larger than field limit" in str(error):
                    raise _error(
                        start,
                        f"a value of over {csv.field_size_limit():,} characters starts on this "
                        "line: a quote opened here is never closed, or a stray one swallowed the "
                        "rows after it",
                    ) from None
                if "unexpected end of data" in str(error):
                    raise _error(
                        start,
                        "a quote opened on this line is never closed; a stray quote would "
                        "swallow every later row",
                    ) from None
                raise _error(self._offset + reader.line_num, f"not CSV: {error}") from None
            self._line = self._offset + reader.line_num
            if self._line != start:
                raise _error(
                    start,
                    f"a quote opened on this line closes only on line {self._line}; values "
                    "cannot span lines, so the quote is a stray one that swallowed "
                    f"{self._line - start} line(s)",
                )
            yield start, cells


def _lines(stream: Iterable[str]) -> tuple[Iterator[str], int]:
    """The stream's lines without a first ``#TYPE`` line (Windows PowerShell 5.1's
    ``Export-Csv`` writes one; ``Import-Csv`` skips it), and the line the CSV starts on."""
    lines = _checked(stream)
    first = next(lines, None)
    if first is None:
        return iter(()), 1
    if first.lstrip("\ufeff").startswith("#TYPE"):
        return lines, 2

    def chained() -> Iterator[str]:
        yield first
        yield from lines

    return chained(), 1


_LINE_ENDS = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def _utf8_lines(binary: IO[bytes], bom: bool) -> Iterator[str]:
    for number, raw in enumerate(binary, start=1):
        if number == 1 and bom:
            raw = raw[len(codecs.BOM_UTF8) :]
        if b"\x00" in raw:
            raise _error(number, _NUL)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise _error(number, _not_utf8(error)) from None
        if "\r" in text[:-2]:  # an old Mac file ends its lines with a lone CR
            yield from (part for part in _LINE_ENDS.findall(text) if part)
        else:
            yield text


_NUL = (
    "a NUL character: this is binary data, or UTF-16/UTF-32 text without its byte-order mark; "
    "save the file as UTF-8"
)


def _not_utf8(error: UnicodeDecodeError) -> str:
    name = "UTF-8" if error.encoding.replace("_", "-").startswith("utf-8") else error.encoding
    return (
        f"not {name} (byte 0x{error.object[error.start]:02X}); save the file as UTF-8 "
        "(Excel: 'CSV UTF-8'), or as UTF-16 with a byte-order mark"
    )


def _checked(stream: Iterable[str]) -> Iterator[str]:
    line = 0
    try:
        for text in stream:
            line += 1
            if not isinstance(text, str):
                raise TypeError(
                    "file must be a text stream (opened with newline='') or a path, "
                    f"but it gave {type(text).__name__}"
                )
            if "\x00" in text:
                raise _error(line, _NUL)
            yield text
    except UnicodeDecodeError as error:
        raise _error(line + 1, _not_utf8(error)) from None


@contextmanager
def open_rows(file: IO[str] | str | os.PathLike[str], parameter: str = "file") -> Iterator[CsvRows]:
    """The rows of a CSV path or text stream, opened as described in this module."""
    check_file(file, parameter)
    if isinstance(file, str | os.PathLike):
        encoding = _encoding_of(file)
        if encoding.startswith("utf-8"):
            # Decoded line by line, so that a bad byte or a NUL is reported at its line.
            with open(file, "rb") as binary:
                lines, first = _lines(_utf8_lines(binary, encoding == "utf-8-sig"))
                yield CsvRows(lines, first)
            return
        with open(file, encoding=encoding, newline="") as stream:
            lines, first = _lines(stream)
            yield CsvRows(lines, first)
    else:
        lines, first = _lines(file)
        yield CsvRows(lines, first)
