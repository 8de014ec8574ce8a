"""The command line, end to end through subprocess, on the example organisation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from emergency_address import EmergencyAddress, ValidationRecord
from emergency_address.exceptions import FormatWarning
from emergency_address.formats.pidf import parse_pidf_lo
from emergency_address.formats.teams import read_csv

ROOT = Path(__file__).resolve().parent.parent
ADDRESSES = "examples/contoso/addresses.csv"
NUMBERS = "examples/contoso/numbers.csv"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "emergency_address", *args],
        cwd=cwd, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip


class TestPolicy:
    def test_the_table_lists_every_country(self) -> None:
        done = run("policy")
        assert done.returncode == 0
        assert "38 built-in policies" in done.stdout
        assert done.stdout.splitlines()[0].split() == [
            "country",
            "attach",
            "at",
            "constraints",
            "manual",
            "path",
            "sources",
        ]

    def test_one_country_with_its_sources(self) -> None:
        done = run("policy", "gbr")
        assert done.returncode == 0
        assert "Ofcom" in done.stdout
        assert "rule: same country" in done.stdout

    def test_json(self) -> None:
        data = json.loads(run("policy", "US", "DE", "--json").stdout)
        assert [p["country"] for p in data] == ["US", "DE"]
        assert data[1]["same_area"] is True
        assert data[0]["sources"][0]["confidence"] == "high"

    def test_an_unknown_country_is_bad_input(self) -> None:
        done = run("policy", "MX")
        assert done.returncode == 2
        assert done.stderr == (
            "emergency-address policy: no built-in policy for 'MX'; 38 countries are supported "
            "(run 'emergency-address policy' for the list)\n"
        )


class TestDecide:
    def test_required_and_missing_is_exit_1(self) -> None:
        done = run("decide", "+44 20 7946 0000", "acquisition")
        assert done.returncode == 1
        assert "NO_ADDRESS" in done.stdout

    def test_satisfied_is_exit_0(self) -> None:
        done = run(
            "decide",
            "+1 206 555 0142",
            "assignment",
            "--address",
            ADDRESSES,
            "--location",
            "us-sea-f2",
        )
        assert done.returncode == 0
        assert "satisfied" in done.stdout

    def test_an_area_mismatch_from_the_file(self) -> None:
        done = run(
            "decide",
            "+49 30 234567",
            "acquisition",
            "--address",
            ADDRESSES,
            "--location",
            "de-muc-f1",
            "--json",
        )
        assert done.returncode == 1
        data = json.loads(done.stdout)
        assert [v["code"] for v in data["violations"]] == ["AREA_MISMATCH"]

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (
                ("+44 20", "acquisition"),
                "emergency-address decide: NUMBER: '+44 20' is not a valid phone number: too short for its country calling code\n",
            ),
            (
                ("+442079460000", "acquisition", "--location", "x"),
                "emergency-address decide: --location needs --address FILE\n",
            ),
            (
                ("+442079460000", "acquisition", "--address", ADDRESSES),
                f"emergency-address decide: {ADDRESSES}: holds 40 addresses; choose one with --location\n",
            ),
            (
                ("+442079460000", "acquisition", "--address", ADDRESSES, "--location", "nowhere"),
                f"emergency-address decide: {ADDRESSES}: no address has the location 'nowhere'\n",
            ),
        ],
    )
    def test_bad_input_is_exit_2_with_a_message(self, args: tuple[str, ...], message: str) -> None:
        done = run("decide", *args)
        assert (done.returncode, done.stderr) == (2, message)

    def test_a_bad_event_is_a_usage_error(self) -> None:
        done = run("decide", "+442079460000", "bought")
        assert done.returncode == 2
        assert "invalid choice: 'bought'" in done.stderr


class TestValidate:
    def test_the_example_has_one_rejected_address(self) -> None:
        done = run("validate", ADDRESSES)
        assert done.returncode == 1
        assert "nl-utr  rejected" in done.stdout
        assert done.stdout.rstrip().endswith(
            "40 addresses: 39 accepted, 1 rejected; 1 error, 0 warnings (format checks only: an "
            "authority decides whether an address is routable)"
        )

    def test_json_and_a_clean_file(self, tmp_path: Path) -> None:
        clean = tmp_path / "clean.json"
        addresses = [a for a in read_csv(ROOT / ADDRESSES) if a.id != "nl-utr"]
        from emergency_address.formats.mapping import to_dict

        clean.write_text(json.dumps([to_dict(a) for a in addresses]), encoding="utf-8")
        done = run("validate", str(clean), "--json")
        assert done.returncode == 0
        data = json.loads(done.stdout)
        assert (data["addresses"], data["rejected"]) == (39, 0)


class TestAudit:
    def test_the_example_organisation(self) -> None:
        done = run("audit", ADDRESSES, NUMBERS)
        assert done.returncode == 1
        lines = done.stdout.splitlines()
        assert lines[:2] == [
            "Audit of 40 addresses and 2,000 numbers",
            "  117 errors, 61 warnings, 198 information",
        ]
        for code in (
            "NO_ADDRESS",
            "NOT_VALIDATED",
            "AREA_MISMATCH",
            "COUNTRY_MISMATCH",
            "MISSING_FIELD",
            "DUPLICATE_ADDRESS",
            "INVALID_ELIN",
            "UNUSED_ADDRESS",
            "CARRIER_MANAGED",
        ):
            assert code in done.stdout
        assert done.stderr == ""  # no progress for a small file, nor off a terminal

    def test_output_is_stable(self) -> None:
        assert run("audit", ADDRESSES, NUMBERS).stdout == run("audit", ADDRESSES, NUMBERS).stdout

    @pytest.mark.parametrize(("fail_on", "status"), [("error", 1), ("warning", 1), ("never", 0)])
    def test_fail_on(self, fail_on: str, status: int) -> None:
        assert run("audit", ADDRESSES, NUMBERS, "--fail-on", fail_on).returncode == status

    def test_a_clean_organisation_is_exit_0(self, tmp_path: Path) -> None:
        from emergency_address import Location
        from emergency_address.formats.teams import write_csv
        from factories import us_office

        addresses = tmp_path / "addresses.csv"
        office = us_office(validated=True).with_location(Location(id="sea-2", floor="2"))
        with pytest.warns(FormatWarning, match="result"):  # its state travels, not the result
            write_csv([office], addresses)
        numbers = tmp_path / "numbers.csv"
        numbers.write_text(
            "Number,Arrived,User,LocationId\r\n+12065550142,acquisition,ana,sea-2\r\n",
            encoding="utf-8",
        )
        done = run("audit", str(addresses), str(numbers))
        assert (done.returncode, done.stdout.splitlines()[1]) == (
            0,
            "  0 errors, 0 warnings, 0 information",
        )

    def test_bad_files_name_the_file_line_and_field(self, tmp_path: Path) -> None:
        numbers = tmp_path / "numbers.csv"
        numbers.write_text(
            "Number,Arrived,User,LocationId\r\n+1206,acquisition,,\r\n+12065550142,bought,,\r\n",
            encoding="utf-8",
        )
        done = run("audit", ADDRESSES, str(numbers))
        assert done.returncode == 2
        assert done.stderr == (
            f"emergency-address audit: {numbers}: line 2, Number: too short for its country calling code\n"
            f"{numbers}: line 3, Arrived: expected 'acquisition' or 'port_in', got 'bought'\n"
        )

    def test_a_number_on_an_unknown_location(self, tmp_path: Path) -> None:
        numbers = tmp_path / "numbers.csv"
        numbers.write_text("Number,LocationId\r\n+12065550142,nowhere\r\n", encoding="utf-8")
        done = run("audit", ADDRESSES, str(numbers))
        assert done.returncode == 2
        assert (
            "numbers[0].location_id: +12065550142 is bound to location 'nowhere', which no address has"
            in done.stderr
        )

    def test_a_missing_file(self) -> None:
        done = run("audit", "nope.csv", NUMBERS)
        assert (done.returncode, done.stderr) == (
            2,
            "emergency-address audit: nope.csv: No such file or directory\n",
        )

    def test_a_file_that_is_not_json(self, tmp_path: Path) -> None:
        bad = tmp_path / "addresses.json"
        bad.write_text("{\n  'id': 1\n}", encoding="utf-8")
        done = run("audit", str(bad), NUMBERS)
        assert done.returncode == 2
        assert (
            done.stderr
            == f"emergency-address audit: {bad}: line 2, column 3: not JSON: Expecting property name enclosed in double quotes\n"
        )


def _content(address: EmergencyAddress) -> tuple[str, EmergencyAddress, str, str | None]:
    """An address read from a file, without where it was read (its provenance names the file
    and line): the rest, and the state with the content it is bound to."""
    record = address.validation
    return (
        address.id,
        address.with_validation(ValidationRecord()),
        record.state,
        record.fingerprint,
    )


class TestConvert:
    def test_to_pidf(self) -> None:
        done = run(
            "convert",
            ADDRESSES,
            "--to",
            "pidf",
            "--location",
            "fr-par-f2",
            "--entity",
            "sip:+33123456782@contoso.example",
        )
        assert done.returncode == 0
        parsed = parse_pidf_lo(done.stdout)
        assert parsed.civic is not None
        assert (parsed.civic.floor, parsed.civic.building, parsed.entity) == (
            "2",
            "Bâtiment B",
            "sip:+33123456782@contoso.example",
        )

    def test_to_json_and_back_to_teams(self, tmp_path: Path) -> None:
        as_json = tmp_path / "addresses.json"
        as_json.write_text(run("convert", ADDRESSES, "--to", "json").stdout, encoding="utf-8")
        done = run("convert", str(as_json), "--to", "teams")
        assert done.returncode == 0
        back = tmp_path / "back.csv"
        back.write_text(done.stdout, encoding="utf-8", newline="")
        assert sorted(map(_content, read_csv(back))) == sorted(
            map(_content, read_csv(ROOT / ADDRESSES))
        )

    def test_pidf_needs_a_location(self) -> None:
        done = run("convert", ADDRESSES, "--to", "pidf")
        assert (done.returncode, done.stderr) == (
            2,
            f"emergency-address convert: {ADDRESSES}: holds 40 addresses; choose a location with --location\n",
        )

    def test_an_unknown_extension(self, tmp_path: Path) -> None:
        odd = tmp_path / "addresses.txt"
        odd.write_text("x", encoding="utf-8")
        done = run("convert", str(odd), "--to", "json")
        assert (done.returncode, done.stderr) == (
            2,
            f"emergency-address convert: {odd}: cannot tell the format from the extension; give --format teams, json or pidf\n",
        )


def test_usage_errors_are_exit_2() -> None:
    assert run().returncode == 2
    assert run("explode").returncode == 2


def test_the_console_script_is_installed() -> None:
    import shutil

    script = shutil.which("emergency-address", path=str(Path(sys.executable).parent))
    assert script is not None
    done = subprocess.run([script, "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("emergency-address ")


def test_progress_goes_to_stderr_only_on_a_terminal(tmp_path: Path) -> None:
    from emergency_address._cli import PROGRESS_ROWS

    numbers = tmp_path / "numbers.csv"
    lines = ["Number,Arrived,User,LocationId"] + [
        f"+1206{2000000 + i:07d},acquisition,," for i in range(PROGRESS_ROWS + 5)
    ]
    numbers.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    done = run("audit", ADDRESSES, str(numbers), "--fail-on", "never")
    assert done.returncode == 0
    assert done.stderr == ""  # stderr is a pipe here, not a terminal


def test_progress_appears_when_stderr_is_a_terminal(tmp_path: Path) -> None:
    import os
    import pty

    from emergency_address._cli import PROGRESS_ROWS

    numbers = tmp_path / "numbers.csv"
    lines = ["Number,Arrived,User,LocationId"] + [
        f"+1206{2000000 + i:07d},acquisition,," for i in range(PROGRESS_ROWS + 5)
    ]
    numbers.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "emergency_address",
                "audit",
                ADDRESSES,
                str(numbers),
                "--fail-on",
                "never",
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=follower,
            check=False,
            timeout=120,
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: everything is read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0
    text = shown.decode()
    for stage in ("reading", "building the directory", "auditing", "writing"):
        assert stage in text


def test_numbers_on_one_location_share_its_id_string(tmp_path: Path) -> None:
    from emergency_address.formats.numbers import read_numbers_csv

    numbers = tmp_path / "numbers.csv"
    numbers.write_text(
        "Number,LocationId\r\n+12065550142,sea\r\n+12065550143,sea\r\n", encoding="utf-8"
    )
    first, second = read_numbers_csv(numbers)
    assert first.location_id is second.location_id
