"""Teams LIS CSV: round trips, every bad row at once, formula injection, encodings."""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from emergency_address import (
    CivicAddress,
    EmergencyAddress,
    GeoPoint,
    Location,
    PhoneNumber,
    ValidationRecord,
    ValidationState,
)
from emergency_address.exceptions import EmergencyAddressError, InvalidAddressError
from emergency_address.formats import teams
from emergency_address.formats.teams import COLUMNS, read_csv, write_csv
from emergency_address.strategies import civic_addresses, geo_points, locations
from factories import us_office

TEAMS_CIVIC_FIELDS = tuple(teams.CIVIC_COLUMNS.values())


def teams_shaped(address: EmergencyAddress) -> EmergencyAddress:
    """The address with only what the Teams rows carry: the Teams civic fields, and locations
    with their description, sub-location fields, ELIN and point."""
    civic = CivicAddress(**{f: getattr(address.civic, f) for f in TEAMS_CIVIC_FIELDS})
    return attrs.evolve(address, civic=civic)


@st.composite
def teams_addresses(draw: st.DrawFn) -> EmergencyAddress:
    civic = draw(civic_addresses(country="US"))
    extra = draw(st.lists(locations(), max_size=3, unique_by=lambda loc: loc.id))
    address_id = draw(st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True))
    return teams_shaped(
        EmergencyAddress(
            id=address_id,
            civic=civic,
            company_name=draw(
                st.none() | st.sampled_from(["Contoso", '=HYPERLINK("x")', "-5 Ltd", "@corp"])
            ),
            company_tax_id=draw(st.none() | st.sampled_from(["123456789", "+44 1"])),
            description=draw(
                st.none()
                | st.text(min_size=1, max_size=30).filter(lambda s: s.strip() and s.isprintable())
            ),
            geo=draw(st.none() | geo_points()),
            elin=draw(st.none() | st.just(PhoneNumber("+12065550100"))),
            locations=tuple(loc for loc in extra if loc.id != address_id),
            validation=ValidationRecord(state=draw(st.sampled_from(list(ValidationState)))),
        )
    )


@given(st.lists(teams_addresses(), max_size=4, unique_by=lambda a: a.id))
def test_export_then_import_gives_back_every_teams_field(addresses: list[EmergencyAddress]) -> None:
    buffer = io.StringIO(newline="")
    write_csv(addresses, buffer)
    back = read_csv(io.StringIO(buffer.getvalue(), newline=""))
    expected = []
    for address in addresses:
        default = address.default_location
        if default.elin and not address.elin:  # one Elin column for the address and its default
            address = attrs.evolve(address, elin=default.elin)
        if default.elin or default.geo:  # the default location's own ELIN and point stay behind
            address = attrs.evolve(
                address,
                locations=tuple(
                    attrs.evolve(loc, elin=None, geo=None) if loc.id == address.id else loc
                    for loc in address.locations
                ),
            )
        expected.append(address)
    assert list(back) == expected


def test_the_header_is_the_teams_parameter_names() -> None:
    text = teams.to_csv_text([us_office()])
    header = next(csv.reader(io.StringIO(text)))
    assert tuple(header) == COLUMNS
    for name in (
        "CompanyName",
        "CompanyTaxId",
        "HouseNumber",
        "HouseNumberSuffix",
        "PreDirectional",
        "StreetName",
        "StreetSuffix",
        "PostDirectional",
        "City",
        "CityAlias",
        "StateOrProvince",
        "PostalCode",
        "CountryOrRegion",
        "Description",
        "Latitude",
        "Longitude",
        "Elin",
        "Location",
    ):
        assert name in header


def test_location_rows_link_to_their_address() -> None:
    address = us_office().with_location(Location(id="sea-5", description="5th floor", floor="5"))
    rows = list(csv.DictReader(io.StringIO(teams.to_csv_text([address]))))
    assert [(r["CivicAddressId"], r["LocationId"], r["Location"]) for r in rows] == [
        ("sea", "", ""),
        ("sea", "sea-5", "5th floor"),
    ]


class TestFormulaInjection:
    @pytest.mark.parametrize(
        "payload", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "'quoted"]
    )
    def test_dangerous_cells_are_neutralised_and_restored(self, payload: str) -> None:
        address = attrs.evolve(us_office(), company_name=payload)
        text = teams.to_csv_text([address])
        cell = next(csv.DictReader(io.StringIO(text)))["CompanyName"]
        assert cell == "'" + payload
        assert read_csv(io.StringIO(text))[0].company_name == payload

    def test_coordinates_stay_numbers(self) -> None:
        address = attrs.evolve(us_office(), geo=GeoPoint(latitude=-33.86, longitude=151.2))
        row = next(csv.DictReader(io.StringIO(teams.to_csv_text([address]))))
        assert (row["Latitude"], row["Longitude"]) == ("-33.86", "151.2")


def test_every_bad_row_is_reported_at_once_with_line_and_column() -> None:
    text = "\r\n".join(
        [
            ",".join(COLUMNS),
            "a,,Contoso,,1,,,Main,,,Seattle,,WA,98109,US,,,,,,,,,,,",
            # 65 digits: over CivicAddress's own bound (Teams' HouseNumber limit of 10 is the
            # Teams format's to apply, from TEAMS_LIMITS).
            "b,,Contoso,," + "1" * 65 + ",,,Main,,,Seattle,,WA,98109,UK,,91,,,,,,,,,",
            ",,,,,,,,,,,,,,US,,,,,,,,,,,",
            "a,,,,,,,,,,,,,,US,,,,,,,,,,,",
            "zzz,zzz-1,,,,,,,,,,,,,,,,,,Lobby,,,,,,",
            f"a,a-1,,,,,,,,,,,,,,,,,{'E' * 65},Lobby,,,,,,",
            "c,,,,,,,,,,,,,,US,,,,,,Maybe,,,,,",
        ]
    )
    with pytest.raises(InvalidAddressError) as info:
        read_csv(io.StringIO(text))
    got = [(e.field, e.code) for e in info.value.errors]
    assert got == [
        ("line 3, CountryOrRegion", "UNKNOWN"),
        ("line 3, HouseNumber", "TOO_LONG"),
        ("line 3, Longitude", "REQUIRED"),
        ("line 4, CivicAddressId", "REQUIRED"),
        ("line 5, CivicAddressId", "DUPLICATE"),
        ("line 6, CivicAddressId", "UNKNOWN"),
        ("line 7, Elin", "TOO_LONG"),
        ("line 8, ValidationStatus", "INVALID"),
    ]


def test_a_header_without_the_id_or_country_is_refused() -> None:
    with pytest.raises(InvalidAddressError, match="CountryOrRegion"):
        read_csv(io.StringIO("CivicAddressId,City\r\na,Paris\r\n"))
    with pytest.raises(InvalidAddressError, match="empty"):
        read_csv(io.StringIO(""))


@pytest.mark.parametrize("bom", [True, False])
def test_files_with_or_without_a_bom(tmp_path: Path, bom: bool) -> None:
    path = tmp_path / "addresses.csv"
    write_csv([us_office()], path, bom=bom)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") is bom
    assert read_csv(path) == (teams_shaped(us_office()),)
    assert read_csv(str(path)) == (teams_shaped(us_office()),)


def test_a_bom_in_a_text_stream_is_ignored() -> None:
    text = "\ufeff" + teams.to_csv_text([us_office()])
    assert read_csv(io.StringIO(text))[0].id == "sea"


def test_extra_columns_are_ignored() -> None:
    text = teams.to_csv_text([us_office()]).replace("Seat\r\n", "Seat,Identity\r\n", 1)
    assert read_csv(io.StringIO(text))[0].id == "sea"


def test_writing_refuses_what_is_not_an_address() -> None:
    with pytest.raises(InvalidAddressError):
        teams.to_csv_text(["1 Main St"])  # type: ignore[list-item]


@given(st.text(max_size=400))
def test_junk_raises_only_our_errors(junk: str) -> None:
    with contextlib.suppress(EmergencyAddressError):
        read_csv(io.StringIO(junk))


def test_equal_values_share_one_string_within_a_load() -> None:
    second = attrs.evolve(us_office(), id="sea-2")
    first, again = read_csv(io.StringIO(teams.to_csv_text([us_office(), second])))
    assert first.civic.city == again.civic.city == "Seattle"
    assert first.civic.city is again.civic.city  # one copy for the whole tenant
