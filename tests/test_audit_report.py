"""The audit's outputs for people and programs: the CLI's groups and formats, the HTML page."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import pty
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

from emergency_address import EmergencyDirectory, audit
from emergency_address.formats.html import to_html
from emergency_address.formats.numbers import read_numbers_csv
from emergency_address.formats.teams import read_csv

ROOT = Path(__file__).resolve().parent.parent
ADDRESSES = "examples/contoso/addresses.csv"
NUMBERS = "examples/contoso/numbers.csv"
CHROMIUM = "/usr/bin/chromium"


@attrs.frozen
class Done:
    returncode: int
    stdout: str
    stderr: str


def run(*args: str) -> Done:
    """The command, in this process (the progress test below runs it as a program)."""
    from emergency_address._cli import main

    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stderr(err):
            status = main(["audit", ADDRESSES, NUMBERS, *args], out)
    finally:
        os.chdir(cwd)
    return Done(status, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def contoso() -> EmergencyDirectory:
    return EmergencyDirectory.build(
        addresses=read_csv(ROOT / ADDRESSES), numbers=read_numbers_csv(ROOT / NUMBERS)
    )


class TestTheCommand:
    def test_groups_by_root_cause_by_default(self, contoso: EmergencyDirectory) -> None:
        done = run()
        assert done.returncode == 1
        groups = audit(contoso).groups()
        assert f"  {len(groups)} root causes" in done.stdout
        assert "Root causes (errors first, then by numbers affected):" in done.stdout
        # one line for the 57 numbers of one address that lacks one field, not 57 lines
        assert done.stdout.count("company_tax_id") == 2  # the group line and its example
        assert "address nl-utr, field company_tax_id: 57 numbers" in done.stdout
        assert len(done.stdout.splitlines()) < 100

    def test_group_by_none_lists_every_finding(self, contoso: EmergencyDirectory) -> None:
        done = run("--group-by", "none")
        findings = [line for line in done.stdout.splitlines() if line.startswith("error ")]
        assert len(findings) == len(audit(contoso).at_or_above("error"))

    def test_severity_limit_and_summary(self) -> None:
        errors = run("--severity", "error", "--limit", "2").stdout
        assert "warning ADDRESS_NOT_VALIDATED" not in errors
        assert errors.count("\n  error ") == 2
        assert "more (raise --limit to see them)" in errors
        summary = run("--summary").stdout
        assert "By country:" in summary
        assert "Root causes" not in summary

    def test_json_is_stable_and_cites_each_rule_once(self, contoso: EmergencyDirectory) -> None:
        done = run("--format", "json")
        assert done.stdout == run("--json").stdout
        data = json.loads(done.stdout)
        assert data["schema_version"] == 2
        assert data["group_by"] == "cause"
        assert len(data["groups"]) == len(audit(contoso).groups())
        assert all("sources" not in f for f in data["findings"])
        assert {f["rule"] for f in data["findings"] if f["rule"]} == set(data["citations"])
        summary = json.loads(run("--json", "--summary").stdout)
        assert "findings" not in summary
        assert summary["counts"] == data["counts"]

    def test_csv_has_one_row_per_group(self, contoso: EmergencyDirectory) -> None:
        rows = list(csv.DictReader(io.StringIO(run("--format", "csv").stdout)))
        assert len(rows) == len(audit(contoso).groups())
        first = audit(contoso).groups()[0]
        top = rows[0]
        assert (top["code"], top["address_id"], top["count"], top["numbers"]) == (
            first.code.value,
            dict(first.key)["address_id"] or "",
            str(first.count),
            str(first.numbers),
        )
        assert top["sample"].split() == list(first.sample)
        every = list(
            csv.DictReader(io.StringIO(run("--format", "csv", "--group-by", "none").stdout))
        )
        assert len(every) == len(audit(contoso).findings)

    def test_a_bad_limit_is_a_usage_error(self) -> None:
        done = run("--limit", "0")
        assert done.returncode == 2
        assert "expected a positive whole number" in done.stderr

    def test_progress_shows_rows_and_a_percentage_on_a_terminal(self, tmp_path: Path) -> None:
        from emergency_address._cli import PROGRESS_ROWS

        numbers = tmp_path / "numbers.csv"
        lines = ["Number,Arrived,User,LocationId"] + [
            f"+1206{2000000 + i:07d},acquisition,," for i in range(PROGRESS_ROWS + 5)
        ]
        numbers.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
        leader, follower = pty.openpty()
        try:
            subprocess.run(
                [sys.executable, "-m", "emergency_address", "audit", ADDRESSES, str(numbers),
                 "--fail-on", "never"],
                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=follower, check=True, timeout=120,
            )  # fmt: skip
            os.close(follower)
            shown = b""
            while True:
                try:
                    chunk = os.read(leader, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                shown += chunk
        finally:
            os.close(leader)
        text = shown.decode()
        rows = f"{PROGRESS_ROWS + 5:,}"
        assert f"read {rows} of {rows} rows (100%)" in text
        assert f"audited {rows} of {rows} numbers (100%)" in text


# --- the HTML page ------------------------------------------------------------------------------


class _Page(HTMLParser):
    """Collects what the structure tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.classes: list[str] = []
        self.resources: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(found["id"] or "")
        self.classes += (found.get("class") or "").split()
        for name in ("src", "srcset", "data", "poster"):
            if found.get(name):
                self.resources.append((tag, name))
        if tag == "link" or tag == "script" or tag == "iframe" or tag == "object":
            self.resources.append((tag, ""))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


class TestHtml:
    def test_the_page_is_self_contained(self, contoso: EmergencyDirectory) -> None:
        page = to_html(audit(contoso), contoso.addresses())
        found = parse(page)
        assert found.resources == []
        assert "url(" not in page
        assert "@import" not in page
        assert page.startswith("<!DOCTYPE html>")

    def test_sections_and_rows(self, contoso: EmergencyDirectory) -> None:
        report = audit(contoso)
        found = parse(to_html(report, contoso.addresses(), title="Contoso"))
        assert found.ids[:4] == ["summary", "root-causes", "countries", "addresses"]
        assert "sources" in found.ids
        assert found.classes.count("cause") == len(report.groups())
        assert found.classes.count("country") == len(report.counts_by_country())
        assert found.classes.count("address") == contoso.address_count
        assert "address-nl-utr" in found.ids

    def test_root_causes_are_ranked_by_numbers_affected(self, contoso: EmergencyDirectory) -> None:
        page = to_html(audit(contoso), contoso.addresses())
        section = page[page.index('id="root-causes"') : page.index('id="countries"')]
        cells = [
            int(cell.split("<")[0].replace(",", ""))
            for cell in section.split('<td class="num">')[2::3]
            if cell[:1].isdigit()
        ]
        assert cells == sorted(cells, reverse=True)
        assert cells[0] == 57

    def test_text_is_escaped(self) -> None:
        from emergency_address import CivicAddress, EmergencyAddress

        odd = EmergencyAddress(
            id="x", civic=CivicAddress(country="GB", city="<script>alert(1)</script>")
        )
        d = EmergencyDirectory.build(addresses=[odd])
        page = to_html(audit(d), d.addresses(), title="<b>")
        assert "<script>" not in page
        assert "<b>" not in page
        assert "&lt;script&gt;" in page

    def test_wrong_types(self) -> None:
        with pytest.raises(TypeError, match="report"):
            to_html(None)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"addresses\[0\]"):
            to_html(audit(EmergencyDirectory()), ["x"])  # type: ignore[list-item]

    def test_the_command_writes_it(self, tmp_path: Path) -> None:
        out = tmp_path / "report.html"
        run("--html", str(out), "--summary")
        assert "Root causes, by numbers affected" in out.read_text(encoding="utf-8")


@pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason=f"headless rendering needs Chromium at {CHROMIUM}"
)
def test_chromium_renders_the_page(contoso: EmergencyDirectory, tmp_path: Path) -> None:
    """Headless Chromium lays the page out with nothing missing (and no network)."""
    page = tmp_path / "report.html"
    page.write_text(to_html(audit(contoso), contoso.addresses()), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"]  # fmt: skip
    dom = subprocess.run(
        [CHROMIUM, *flags, "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    rendered = parse(dom.stdout)
    assert "root-causes" in rendered.ids
    assert rendered.classes.count("cause") == len(audit(contoso).groups())
    shot = tmp_path / "report.png"
    subprocess.run(
        [CHROMIUM, *flags, "--window-size=1280,1600", f"--screenshot={shot}", page.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 1600)
    assert len(data) > 50_000  # a laid-out page, not a blank one
