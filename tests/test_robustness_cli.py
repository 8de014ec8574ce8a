"""The command line fed mutated files: never a traceback, and bad input exits 2, never 1.

The bundled example files (``examples/contoso``) and the PIDF-LO fixtures, also as JSON
documents, are mutated (byte flips, truncation, stray quotes, NULs, byte-order marks, re-encoding
to UTF-16, UTF-32 or Latin-1, duplicated headers and columns, huge lines, deep JSON nesting,
5,000-digit integers in JSON) and given to every command, in-process. Whatever the input:

- ``main`` returns (it never raises) with 0, 1 or 2, and stderr holds no traceback;
- when it says the input is bad (a line ``emergency-address CMD: ...`` on stderr that is not a
  ``warning:``) it exits 2; exit status 1 means findings, never bad input.

A new command fails ``test_every_command_is_fed_mutated_files`` until it has a template below.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emergency_address._cli import build_parser, main
from emergency_address.formats.mapping import to_dict
from emergency_address.formats.numbers import read_numbers_csv
from emergency_address.formats.teams import read_csv

ROOT = Path(__file__).resolve().parent.parent
CONTOSO = ROOT / "examples" / "contoso"
PIDF = sorted((ROOT / "tests" / "fixtures" / "pidf").glob("*.xml"))


def _head(path: Path, lines: int) -> bytes:
    """The first ``lines`` lines of a file (small seeds keep each run fast)."""
    return b"".join(path.read_bytes().splitlines(keepends=True)[:lines])


ADDRESSES_CSV = (CONTOSO / "addresses.csv").read_bytes()
NUMBERS_CSV = _head(CONTOSO / "numbers.csv", 30)


def _json_seeds() -> tuple[bytes, bytes]:
    with tempfile.TemporaryDirectory() as where:
        path = Path(where) / "a.csv"
        path.write_bytes(ADDRESSES_CSV)
        addresses = read_csv(path)
        path.write_bytes(NUMBERS_CSV)
        numbers = read_numbers_csv(path)
    from emergency_address import EmergencyDirectory

    listing = json.dumps([to_dict(a) for a in addresses], ensure_ascii=False).encode()
    known = {loc.id for a in addresses for loc in a.locations} | {a.id for a in addresses}
    kept = [r for r in numbers if r.location_id is None or r.location_id in known]
    directory = EmergencyDirectory.build(addresses=addresses)
    with contextlib.suppress(Exception):  # the numbers may break the policies: then none
        directory = EmergencyDirectory.build(addresses=addresses, numbers=kept)
    document = json.dumps(to_dict(directory), ensure_ascii=False).encode()
    return listing, document


ADDRESSES_JSON, DIRECTORY_JSON = _json_seeds()

# Seed files by the role they play in a command, with their file name suffix.
SEEDS: dict[str, list[tuple[bytes, str]]] = {
    "addresses": [(ADDRESSES_CSV, ".csv"), (ADDRESSES_JSON, ".json")],
    "numbers": [(NUMBERS_CSV, ".csv")],
    "directory": [(DIRECTORY_JSON, ".json"), (ADDRESSES_CSV, ".csv")],
    "pidf": [(p.read_bytes(), ".xml") for p in PIDF],
    "network": [(p.read_bytes(), ".csv") for p in sorted((CONTOSO / "network").glob("*.csv"))],
}


# --- mutations ------------------------------------------------------------------------------------


def _flip(data: bytes, at: int, byte: int) -> bytes:
    if not data:
        return bytes([byte])
    at %= len(data)
    return data[:at] + bytes([byte]) + data[at + 1 :]


def _insert(data: bytes, at: int, piece: bytes) -> bytes:
    at = at % (len(data) + 1)
    return data[:at] + piece + data[at:]


def _reencode(data: bytes, codec: str) -> bytes:
    return data.decode("utf-8", errors="replace").encode(codec, errors="replace")


def _duplicate_header(data: bytes) -> bytes:
    first, _, rest = data.partition(b"\n")
    return first + b"\n" + first + b"\n" + rest


def _duplicate_column(data: bytes) -> bytes:
    first, _, rest = data.partition(b"\n")
    name = first.split(b",")[0]
    return first + b"," + name + b"\n" + rest


def _huge_line(data: bytes, at: int) -> bytes:
    lines = data.splitlines(keepends=True)
    at %= max(len(lines), 1)
    return b"".join(lines[:at]) + b"x" * (1 << 20) + b"\n" + b"".join(lines[at:])


def _deep_json(data: bytes, depth: int) -> bytes:
    return b"[" * depth + data + b"]" * depth


def _huge_integer(data: bytes, digits: int) -> bytes:
    number = b"9" * digits
    for key in (b'"latitude": ', b'"numbers_checked": ', b'"schema_version": '):
        if key in data:
            return data.replace(key, key + number + b", " + b'"x": ', 1)
    return b'{"schema_version": ' + number + b"}"


_byte = st.integers(0, 255)
_at = st.integers(0, 1 << 16)

mutation: st.SearchStrategy[Callable[[bytes], bytes]] = st.one_of(
    st.lists(st.tuples(_at, _byte), min_size=1, max_size=8).map(
        lambda flips: lambda d: _apply_flips(d, flips)
    ),
    _at.map(lambda at: lambda d: d[: at % (len(d) + 1)]),
    st.tuples(
        _at, st.sampled_from([b'"', b'"ana', b"\x00", b"\r", b"\n", b",", b"\xff", b"'"])
    ).map(lambda a: lambda d: _insert(d, a[0], a[1])),
    st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf"]).map(
        lambda bom: lambda d: bom + d
    ),
    st.sampled_from(["utf-16", "utf-32", "latin-1", "utf-16-le", "cp1252", "utf-7"]).map(
        lambda codec: lambda d: _reencode(d.replace(b"Contoso", "Contoso Zürich ☎".encode()), codec)
    ),
    st.just(_duplicate_header),
    st.just(_duplicate_column),
    _at.map(lambda at: lambda d: _huge_line(d, at)),
    st.sampled_from([1_000, 100_000]).map(lambda depth: lambda d: _deep_json(d, depth)),
    st.sampled_from([4_301, 5_000]).map(lambda n: lambda d: _huge_integer(d, n)),
    st.binary(max_size=256).map(lambda junk: lambda d: junk),
    st.just(lambda d: d),
)


def _apply_flips(data: bytes, flips: list[tuple[int, int]]) -> bytes:
    for at, byte in flips:
        data = _flip(data, at, byte)
    return data


# --- the commands ---------------------------------------------------------------------------------

# Each command: the roles of the files it reads, and the argv made from their paths.
COMMANDS: dict[str, tuple[tuple[str, ...], Callable[[list[str]], list[str]]]] = {
    "policy": ((), lambda _: ["policy", "US", "de", "GBR"]),
    "decide": (
        ("addresses",),
        lambda f: [
            "decide",
            "+12065550142",
            "acquisition",
            "--address",
            f[0],
            "--location",
            "us-sea-f1",
        ],
    ),
    "decide-pidf": (
        ("pidf",),
        lambda f: ["decide", "+12065550142", "assignment", "--address", f[0]],
    ),
    "validate": (("addresses",), lambda f: ["validate", f[0]]),
    "validate-json": (("addresses",), lambda f: ["validate", f[0], "--json"]),
    "audit": (("addresses", "numbers"), lambda f: ["audit", f[0], f[1]]),
    "audit-json": (("addresses", "numbers"), lambda f: ["audit", f[0], f[1], "--json"]),
    "audit-csv-html": (
        ("addresses", "numbers"),
        lambda f: [
            "audit",
            f[0],
            f[1],
            "--format",
            "csv",
            "--group-by",
            "none",
            "--html",
            f"{f[0]}.html",
        ],
    ),
    "convert-pidf": (
        ("addresses",),
        lambda f: [
            "convert",
            f[0],
            "--to",
            "pidf",
            "--location",
            "us-sea-f1",
            "--entity",
            "pres:a@contoso.example",
        ],
    ),
    "convert-teams": (("addresses",), lambda f: ["convert", f[0], "--to", "teams"]),
    "convert-json": (("addresses",), lambda f: ["convert", f[0], "--to", "json"]),
    "convert-from-pidf": (
        ("pidf",),
        lambda f: ["convert", f[0], "--to", "json"],
    ),
    "plan": (("directory", "directory"), lambda f: ["plan", f[0], f[1]]),
    "locate-ip": (("network",), lambda f: ["locate", "--network", f[0], "--ip", "10.20.0.5"]),
    "locate-port": (
        ("network", "network"),
        lambda f: [
            "locate",
            "--network",
            f[0],
            "--network",
            f[1],
            "--chassis",
            "b8:be:bf:4a:a3:00",
            "--port",
            "G1/0/30",
            "--json",
        ],
    ),
    "audit-network": (
        ("addresses", "numbers", "network"),
        lambda f: ["audit", f[0], f[1], "--network", f[2]],
    ),
    "plan-numbers": (
        ("addresses", "addresses", "numbers"),
        lambda f: ["plan", f[0], f[1], "--current-numbers", f[2], "--desired-numbers", f[2]],
    ),
}


def _usable(name: str) -> bool:
    """Whether the installed parser takes this template: its command and options exist, and
    a PIDF-LO input is read by it (templates for commands still to come wait for them)."""
    roles, make_argv = COMMANDS[name]
    if any(not SEEDS[role] for role in roles):
        return False
    argv = make_argv([f"file{i}" for i in range(len(roles))])
    subparser = _subparsers().get(argv[0])
    if subparser is None:
        return False
    options = {o for action in subparser._actions for o in action.option_strings}
    if any(a.startswith("--") and a not in options for a in argv[1:]):
        return False
    if "pidf" not in roles:
        return True
    return any("PIDF" in (a.help or "") for a in subparser._actions)


def _subparsers() -> dict[str, Any]:
    for action in build_parser()._actions:
        if isinstance(getattr(action, "choices", None), dict):
            return dict(action.choices)
    return {}


RUNNABLE = sorted(name for name in COMMANDS if _usable(name))


def run(argv: list[str]) -> tuple[int, str, str]:
    """Run the command in-process: its status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(argv, out)
    return status, out.getvalue(), err.getvalue()


def check(argv: list[str]) -> None:
    status, _, err = run(argv)
    command = argv[0]
    assert "Traceback" not in err, err[-2000:]
    assert status in (0, 1, 2), status
    prefix = f"emergency-address {command}: "
    reported = [
        line
        for line in err.splitlines()
        if line.startswith(prefix) and not line.startswith(f"{prefix}warning:")
    ]
    if status == 2:
        assert reported or "usage:" in err, f"exit 2 without saying why: {err[-500:]!r}"
    else:
        assert not reported, f"exit {status} after reporting bad input: {reported[:3]}"


@pytest.mark.parametrize("name", RUNNABLE)
@given(data=st.data())
def test_mutated_files_never_end_in_a_traceback(name: str, data: st.DataObject) -> None:
    roles, make_argv = COMMANDS[name]
    with tempfile.TemporaryDirectory() as where:
        paths = []
        for index, role in enumerate(roles):
            index_ = data.draw(st.integers(0, len(SEEDS[role]) - 1), label=f"{role} seed")
            seed, suffix = SEEDS[role][index_]
            mutate = data.draw(mutation, label=f"{role} mutation")
            path = Path(where) / f"{role}{index}{suffix}"
            path.write_bytes(mutate(seed))
            paths.append(str(path))
        check(make_argv(paths))


@pytest.mark.parametrize("name", RUNNABLE)
def test_the_unmutated_seeds_are_read(name: str) -> None:
    """The seeds are good input: a failure above comes from the mutation."""
    roles, make_argv = COMMANDS[name]
    with tempfile.TemporaryDirectory() as where:
        paths = []
        for index, role in enumerate(roles):
            seed, suffix = SEEDS[role][0]
            path = Path(where) / f"{role}{index}{suffix}"
            path.write_bytes(seed)
            paths.append(str(path))
        status, out, err = run(make_argv(paths))
    assert status in (0, 1), err
    assert out


def test_every_command_is_fed_mutated_files() -> None:
    templated = {COMMANDS[name][1](["f"] * 3)[0] for name in RUNNABLE}
    assert set(_subparsers()) <= templated


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: _deep_json(d, 100_000),
        lambda d: _huge_integer(d, 5_000),
        lambda d: _reencode(d, "utf-16"),
        lambda d: d.replace(b"Broad", b"Bro\xef\xbf\xbead"),  # U+FFFE, illegal in XML
    ],
    ids=["deep-json", "5000-digit-integer", "utf-16", "noncharacter"],
)
@pytest.mark.parametrize("command", ["validate", "convert-pidf", "plan"])
def test_the_hostile_json_the_issue_names(command: str, mutate: Callable[[bytes], bytes]) -> None:
    roles, make_argv = COMMANDS[command]
    with tempfile.TemporaryDirectory() as where:
        paths = []
        for index, role in enumerate(roles):
            seed = ADDRESSES_JSON if role == "addresses" else DIRECTORY_JSON
            path = Path(where) / f"{role}{index}.json"
            path.write_bytes(mutate(seed))
            paths.append(str(path))
        check(make_argv(paths))
