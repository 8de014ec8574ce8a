"""``emergency-address plan``: the commands between two directories, read from files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from emergency_address import EmergencyDirectory
from emergency_address._cli import main
from emergency_address.formats.mapping import to_dict

ROOT = Path(__file__).resolve().parent.parent
ADDRESSES = ROOT / "examples" / "contoso" / "addresses.csv"
NUMBERS = ROOT / "examples" / "contoso" / "numbers.csv"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out)
    return status, out.getvalue()


def test_a_directory_against_itself_has_nothing_to_do() -> None:
    status, text = run(
        "plan",
        str(ADDRESSES),
        str(ADDRESSES),
        "--current-numbers",
        str(NUMBERS),
        "--desired-numbers",
        str(NUMBERS),
    )
    assert status == 0
    assert text.strip() == "No changes: the directory matches the desired one."


def test_releasing_every_number_is_planned_from_csv_files(tmp_path: Path) -> None:
    empty = tmp_path / "numbers.csv"
    empty.write_text("Number,Arrived,User,LocationId\n", encoding="utf-8")
    status, text = run(
        "plan",
        str(ADDRESSES),
        str(ADDRESSES),
        "--current-numbers",
        str(NUMBERS),
        "--desired-numbers",
        str(empty),
        "--json",
    )
    data = json.loads(text)
    assert status == 0
    assert data["counts"]["remove"] == len(NUMBERS.read_text().splitlines()) - 1
    assert {c["command"] for c in data["commands"]} == {"release_number"}


def test_whole_directories_are_read_from_json(tmp_path: Path) -> None:
    from emergency_address.formats.teams import read_csv

    current = tmp_path / "current.json"
    current.write_text(json.dumps(to_dict(EmergencyDirectory())), encoding="utf-8")
    desired = tmp_path / "desired.json"
    addresses = read_csv(ADDRESSES)[:2]
    desired.write_text(
        json.dumps(to_dict(EmergencyDirectory.build(addresses=addresses))), encoding="utf-8"
    )
    status, text = run("plan", str(current), str(desired))
    assert status == 0
    assert text.startswith("Plan: 2 to add, 0 to change, 0 to remove.")


def test_bad_input_is_named_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    status, _ = run("plan", str(broken), str(broken))
    assert status == 2
    assert "broken.json" in capsys.readouterr().err
