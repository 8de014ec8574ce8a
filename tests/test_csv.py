"""What every CSV reader and writer shares: injection, stray quotes, encodings, headers, types."""

from __future__ import annotations

import codecs
import contextlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emergency_address import AttachmentEvent, NumberRecord, PhoneNumber
from emergency_address.exceptions import InvalidAddressError
from emergency_address.formats import teams
from emergency_address.formats._csv import neutralise, restore
from emergency_address.formats.numbers import (
    iter_numbers_csv,
    read_numbers_csv,
    write_numbers_csv,
)

READERS: dict[str, Callable[[Any], object]] = {
    "numbers": read_numbers_csv,
    "teams": teams.read_csv,
    "iter_numbers": lambda f: list(iter_numbers_csv(f)),
}
HEADERS = {
    "numbers": "Number,User",
    "teams": "CivicAddressId,CountryOrRegion",
    "iter_numbers": "Number,User",
}
ROWS = {
    "numbers": ["+12065550142,ana", "+12065550143,bob"],
    "teams": ["a,US", "b,US"],
    "iter_numbers": ["+12065550142,ana", "+12065550143,bob"],
}


def fields(error: InvalidAddressError) -> list[tuple[str, str]]:
    return [(e.field, e.code) for e in error.errors]


# --- formula injection (S1) ------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)", "+1+cmd", "-2+3",
                                  "\tx", "'=1", "'"])  # fmt: skip
def test_a_cell_a_spreadsheet_would_run_is_neutralised_and_restored(cell: str) -> None:
    safe = neutralise(cell)
    assert safe.startswith("'")
    assert restore(safe) == cell


@pytest.mark.parametrize("cell", ["+12065550142", "-122.12852", "1e-05", "Main", "a'b"])
def test_plain_numbers_and_text_are_written_as_they_are(cell: str) -> None:
    assert neutralise(cell) == cell
    assert restore(cell) == cell


@given(st.text())
def test_restore_undoes_neutralise(cell: str) -> None:
    assert restore(neutralise(cell)) == cell


def test_the_numbers_writer_neutralises_user_and_location_cells() -> None:
    record = NumberRecord(
        PhoneNumber("+12065550142"),
        arrived=AttachmentEvent.ACQUISITION,
        user='=HYPERLINK("http://evil")',
        location_id="@SUM(A1)",
    )
    buffer = io.StringIO(newline="")
    write_numbers_csv([record], buffer)
    text = buffer.getvalue()
    assert '\r\n+12065550142,acquisition,"\'=HYPERLINK(""http://evil"")",\'@SUM(A1)\r\n' in text
    assert read_numbers_csv(io.StringIO(text)) == (record,)


# --- a stray quote (D1) ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", READERS)
def test_a_quote_never_closed_is_refused_at_its_line(kind: str) -> None:
    first, second = ROWS[kind]
    text = f'{HEADERS[kind]}\r\n{first}\r\n{second.split(",")[0]},"x\r\n{second}\r\n'
    with pytest.raises(InvalidAddressError, match="never closed") as info:
        READERS[kind](io.StringIO(text))
    assert info.value.errors[0].field == "line 3"


@pytest.mark.parametrize("kind", READERS)
def test_a_quote_closed_lines_later_is_refused_at_its_opening_line(kind: str) -> None:
    first, second = ROWS[kind]
    text = f'{HEADERS[kind]}\r\n{second.split(",")[0]},"x\r\n{first}\r\n{second}"\r\n'
    with pytest.raises(InvalidAddressError, match="closes only on line 4") as info:
        READERS[kind](io.StringIO(text))
    assert info.value.errors[0].field == "line 2"


# --- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", READERS)
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_a_file_with_a_byte_order_mark_reads(kind: str, encoding: str, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    text = "\r\n".join([HEADERS[kind], *ROWS[kind]]) + "\r\n"
    path.write_bytes(text.encode(encoding))
    assert READERS[kind](path) == READERS[kind](io.StringIO(text))


@pytest.mark.parametrize("kind", READERS)
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("utf-16-le", "NUL character"),
        ("utf-32-be", "NUL character"),
        ("latin-1", "not UTF-8"),
        ("binary", "NUL character"),
    ],
)
def test_other_encodings_are_our_error_not_unicode_decode_error(
    kind: str, data: str, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "in.csv"
    text = "\r\n".join([HEADERS[kind], *ROWS[kind], "é"]) + "\r\n"
    raw = bytes(range(256)) if data == "binary" else text.encode(data)
    path.write_bytes(raw)
    with pytest.raises(InvalidAddressError, match=message):
        READERS[kind](path)


@pytest.mark.parametrize("kind", READERS)
def test_the_latin1_error_names_the_line(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes("\r\n".join([HEADERS[kind], *ROWS[kind], "Zoë,US"]).encode("latin-1"))
    with pytest.raises(InvalidAddressError) as info:
        READERS[kind](path)
    assert info.value.errors[0].field == "line 4"


# --- headers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", READERS)
def test_a_column_named_twice_is_refused(kind: str) -> None:
    header = HEADERS[kind] + "," + HEADERS[kind].split(",")[1].upper()
    with pytest.raises(InvalidAddressError, match="appears twice") as info:
        READERS[kind](io.StringIO(header + "\r\n"))
    assert fields(info.value) == [("line 1", "DUPLICATE")]


@pytest.mark.parametrize("kind", READERS)
def test_a_nul_in_the_header_is_refused(kind: str) -> None:
    name, other = HEADERS[kind].split(",")
    text = f"{name},{other[:2]}\x00{other[2:]}\r\n{ROWS[kind][0]}\r\n"
    with pytest.raises(InvalidAddressError, match="NUL") as info:
        READERS[kind](io.StringIO(text))
    assert fields(info.value) == [("line 1", "INVALID")]


@pytest.mark.parametrize("kind", READERS)
def test_headers_are_matched_ignoring_case(kind: str) -> None:
    text = "\r\n".join([HEADERS[kind], *ROWS[kind]])
    lower = "\r\n".join([HEADERS[kind].lower(), *ROWS[kind]])
    assert READERS[kind](io.StringIO(lower)) == READERS[kind](io.StringIO(text))


@pytest.mark.parametrize("kind", READERS)
def test_a_powershell_type_line_is_skipped(kind: str) -> None:
    text = "\r\n".join([HEADERS[kind], *ROWS[kind]])
    typed = "#TYPE System.Management.Automation.PSCustomObject\r\n" + text
    assert READERS[kind](io.StringIO(typed)) == READERS[kind](io.StringIO(text))


# --- wrong types -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", READERS)
@pytest.mark.parametrize("junk", [None, 42, b"Number\r\n", io.BytesIO(b"Number\r\n")])
def test_a_wrong_type_is_a_type_error_naming_the_parameter(kind: str, junk: object) -> None:
    with pytest.raises(TypeError, match="file"):
        READERS[kind](junk)


def test_writers_refuse_a_wrong_file_type() -> None:
    with pytest.raises(TypeError, match="file"):
        write_numbers_csv([], None)  # type: ignore[arg-type]


# --- streaming ---------------------------------------------------------------------------------


def _numbers(count: int) -> str:
    rows = [f"+1206555{i:04d},user{i}" for i in range(count)]
    return "\r\n".join(["Number,User", *rows]) + "\r\n"


def test_chunks_hold_the_records_of_the_whole_read_in_order() -> None:
    text = _numbers(25)
    chunks = list(iter_numbers_csv(io.StringIO(text), chunk_size=10))
    assert [len(c) for c in chunks] == [10, 10, 5]
    assert tuple(r for c in chunks for r in c) == read_numbers_csv(io.StringIO(text))


def test_chunks_are_read_lazily() -> None:
    lines_read = 0

    def lines() -> Any:
        nonlocal lines_read
        for line in io.StringIO(_numbers(100)):
            lines_read += 1
            yield line

    chunks = iter_numbers_csv(lines(), chunk_size=10)
    assert lines_read == 0
    next(chunks)
    assert lines_read <= 12


def test_a_chunk_with_bad_rows_names_them_all() -> None:
    text = _numbers(5) + "nonsense,x\r\n+1,y\r\n"
    chunks = iter_numbers_csv(io.StringIO(text), chunk_size=5)
    assert len(next(chunks)) == 5
    with pytest.raises(InvalidAddressError) as info:
        next(chunks)
    assert [e.field for e in info.value.errors] == ["line 7, Number", "line 8, Number"]


@pytest.mark.parametrize("size", [0, -3])
def test_chunk_size_must_be_positive(size: int) -> None:
    with pytest.raises(InvalidAddressError, match="chunk_size"):
        iter_numbers_csv(io.StringIO(_numbers(1)), chunk_size=size)


@pytest.mark.parametrize("size", ["10", 2.5, True, None])
def test_chunk_size_must_be_an_int(size: object) -> None:
    with pytest.raises(TypeError, match="chunk_size"):
        iter_numbers_csv(io.StringIO(_numbers(1)), chunk_size=size)  # type: ignore[arg-type]


def test_the_numbers_writer_wants_an_iterable_of_records() -> None:
    with pytest.raises(TypeError, match="records"):
        write_numbers_csv(None, io.StringIO())  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", READERS)
@given(data=st.binary(max_size=300))
def test_any_bytes_give_records_or_our_error(kind: str, data: bytes, tmp_path_factory: Any) -> None:
    path = tmp_path_factory.mktemp("junk") / "in.csv"
    path.write_bytes(data)
    with contextlib.suppress(InvalidAddressError):
        READERS[kind](path)


def test_a_refused_write_leaves_an_existing_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_text("precious", encoding="utf-8")
    with pytest.raises(InvalidAddressError):
        write_numbers_csv(["not a record"], path)  # type: ignore[list-item]
    with pytest.raises(InvalidAddressError):
        teams.write_csv(["not an address"], path)  # type: ignore[list-item]
    with pytest.raises(TypeError):
        teams.write_csv(None, path)  # type: ignore[arg-type]
    assert path.read_text(encoding="utf-8") == "precious"


@pytest.mark.parametrize("kind", READERS)
def test_a_stray_quote_in_a_large_file_is_refused_at_its_line(kind: str) -> None:
    first, second = ROWS[kind]
    later = [first] * 20_000  # more than csv's field limit of 131,072 characters
    text = "\r\n".join([HEADERS[kind], f'{second.split(",")[0]},"x', *later])
    with pytest.raises(InvalidAddressError, match="never closed") as info:
        READERS[kind](io.StringIO(text))
    assert info.value.errors[0].field == "line 2"


@pytest.mark.parametrize("kind", READERS)
def test_a_broken_utf16_file_is_our_error_naming_its_encoding(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    text = "\r\n".join([HEADERS[kind], *ROWS[kind]]) + "\r\n"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le") + b"\x00\xd8")
    with pytest.raises(InvalidAddressError, match="not utf-16"):
        READERS[kind](path)
