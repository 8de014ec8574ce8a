"""Teams LIS CSV: round trips, every bad row at once, formula injection, encodings."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import warnings
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from emergency_address import (
    Attestation,
    EmergencyAddress,
    GeoPoint,
    Location,
    Provenance,
    ValidationRecord,
    ValidationState,
)
from emergency_address._fingerprint import civic_fingerprint
from emergency_address.exceptions import EmergencyAddressError, FormatWarning, InvalidAddressError
from emergency_address.formats import teams
from emergency_address.formats.teams import COLUMNS, read_csv, write_csv
from emergency_address.strategies import emergency_addresses
from factories import in_state, us_office

FIELD = Path(__file__).parent / "fixtures" / "field" / "teams"


def write_and_read(
    addresses: list[EmergencyAddress],
) -> tuple[tuple[EmergencyAddress, ...], list[str]]:
    """Write, read back, and the warnings the writer and the reader gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        text = teams.to_csv_text(addresses)
        back = read_csv(io.StringIO(text, newline=""))
    said = [str(w.message) for w in caught if issubclass(w.category, FormatWarning)]
    return back, said


@given(st.lists(emergency_addresses(), max_size=3, unique_by=lambda a: a.id))
def test_every_address_is_written_and_read_back_equal(addresses: list[EmergencyAddress]) -> None:
    back, said = write_and_read(addresses)
    assert list(back) == addresses
    # The only warnings the widest strategy draws are Teams' length limits.
    assert all("Teams will refuse" in message for message in said)


def as_imported(address: EmergencyAddress) -> tuple[EmergencyAddress, ValidationState]:
    """What a Teams file gives back of an address's validation: the state (an attested one with
    its attestation), as an import; a pending request's reference is not in the file."""
    state = address.validation.state_for(address.civic)
    if state is ValidationState.PENDING_MANUAL:
        state = ValidationState.NOT_VALIDATED
    return address.with_validation(ValidationRecord()), state


@given(emergency_addresses(), st.sampled_from(list(ValidationState)))
def test_what_the_format_cannot_carry_is_named_in_a_warning(
    address: EmergencyAddress, state: ValidationState
) -> None:
    address = in_state(address, state)
    (back,), said = write_and_read([address])
    assert as_imported(back) == as_imported(address)
    assert back.validation.attestation == address.validation.attestation
    if state is not ValidationState.NOT_VALIDATED:  # bound to the content read, with provenance
        assert back.validation.state_for(back.civic) is back.validation.state
        assert back.validation.provenance is not None or state is ValidationState.PENDING_MANUAL
    if state in (ValidationState.VALIDATED, ValidationState.INVALID):
        assert any("result" in message for message in said)
    if state is ValidationState.PENDING_MANUAL:
        assert any("manual path" in message for message in said)


def test_a_stale_state_is_written_as_not_validated() -> None:
    office = in_state(us_office(), ValidationState.VALIDATED)
    moved = attrs.evolve(office, civic=attrs.evolve(office.civic, house_number="402"))
    (back,), said = write_and_read([moved])
    assert back.validation.state is ValidationState.NOT_VALIDATED
    assert any("written as NotValidated" in message for message in said)


def test_imported_states_name_their_file_and_line_and_can_be_distrusted(tmp_path: Path) -> None:
    path = tmp_path / "sites.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FormatWarning)
        write_csv([in_state(us_office(), ValidationState.VALIDATED)], path)
    when = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
    (back,) = read_csv(path, imported_at=when)
    assert back.is_validated
    assert back.validation.provenance == Provenance(
        source="Teams LIS CSV", file=str(path), line=2, at=when
    )
    (distrusted,) = read_csv(path, trust_validation=False)
    assert not distrusted.is_validated
    assert "not trusted" in distrusted.validation.reasons[0]
    with pytest.raises(TypeError, match="trust_validation"):
        read_csv(path, trust_validation="no")  # type: ignore[arg-type]


def test_an_attested_row_without_who_why_and_when_reads_as_not_validated_with_a_warning() -> None:
    text = teams.to_csv_text([us_office()]).replace("NotValidated", "Attested")
    with pytest.warns(FormatWarning, match="line 2: ValidationStatus Attested.*who, why and when"):
        (back,) = read_csv(io.StringIO(text, newline=""))
    assert back.validation.state is ValidationState.NOT_VALIDATED


def test_a_pending_row_reads_as_not_validated_saying_why() -> None:
    text = teams.to_csv_text([us_office()]).replace("NotValidated", "PendingManual")
    (back,) = read_csv(io.StringIO(text, newline=""))
    assert back.validation.state is ValidationState.NOT_VALIDATED
    assert "without a request reference" in str(back.validation.why_not_validated(back.civic))


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


def rows_text(*rows: dict[str, str]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def test_every_bad_row_is_reported_at_once_with_line_and_column() -> None:
    text = rows_text(
        {
            "CivicAddressId": "a",
            "CompanyName": "Contoso",
            "City": "Seattle",
            "CountryOrRegion": "US",
        },
        {"CivicAddressId": "b", "HouseNumber": "1" * 65, "CountryOrRegion": "UK", "Latitude": "91"},
        {"CountryOrRegion": "US"},
        {"CivicAddressId": "a", "CountryOrRegion": "US"},
        {"CivicAddressId": "zzz", "LocationId": "zzz-1", "Location": "Lobby"},
        {"CivicAddressId": "a", "LocationId": "a-1", "Elin": "E" * 65},
        {"CivicAddressId": "c", "CountryOrRegion": "US", "ValidationStatus": "Maybe"},
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


@pytest.mark.parametrize("text", ["1_0", "٤٧", "inf", "nan", "0x1p3", "47,6"])
def test_a_coordinate_is_an_ascii_decimal_number(text: str) -> None:
    row = {"CivicAddressId": "a", "CountryOrRegion": "US", "Latitude": text, "Longitude": "1"}
    with pytest.raises(InvalidAddressError) as info:
        read_csv(io.StringIO(rows_text(row)))
    assert [(e.field, e.code) for e in info.value.errors] == [("line 2, Latitude", "INVALID")]


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
    assert read_csv(path) == (us_office(),)
    assert read_csv(str(path)) == (us_office(),)


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


# --- what PowerShell writes (T1-T4) ------------------------------------------------------------


def test_the_field_samples_are_listed_with_their_sources() -> None:
    sources = (FIELD / "SOURCES.md").read_text(encoding="utf-8")
    for path in FIELD.glob("*.csv"):
        assert f"| {path.name} |" in sources


def test_a_windows_powershell_civic_address_export_reads() -> None:
    # Windows PowerShell 5.1 writes "#TYPE ..." first; Import-Csv skips it.
    first, second = read_csv(FIELD / "teams_Get-CsOnlineLisCivicAddress_winps51.csv")
    assert first.id == "bf04d062-eef6-4b86-bf19-c9bc428c5d61"
    assert first.default_location_id == "ffc35422-eb5d-4741-8c46-51fc070bce78"
    assert [loc.id for loc in first.locations] == [first.default_location_id]
    assert (first.civic.house_number, first.civic.street_name, first.civic.city) == (
        "101",
        "Microsoft Way",
        "Redmond",
    )
    assert (first.civic.state, first.civic.postal_code, first.civic.country) == (
        "WA",
        "98052",
        "US",
    )
    assert first.company_name == "TestCompany"
    assert first.geo == GeoPoint(latitude=47.63963, longitude=-122.12852)
    assert first.validation.state is ValidationState.VALIDATED
    assert second.default_location_id == "c9f19766-91d8-4945-82a8-97508395affa"


def test_a_location_export_reads_its_default_rows_as_the_addresses() -> None:
    # Get-CsOnlineLisLocation rows carry a LocationId GUID of their own; IsDefault=True marks
    # the default location, whose row holds its address.
    locations = read_csv(FIELD / "teams_Get-CsOnlineLisLocation_ps7.csv")
    addresses = read_csv(FIELD / "teams_Get-CsOnlineLisCivicAddress_winps51.csv")
    # Equal but for where each state was read (file and line: the provenance).
    assert [as_imported(a) for a in locations] == [as_imported(a) for a in addresses]
    assert [a.validation.fingerprint for a in locations] == [
        a.validation.fingerprint for a in addresses
    ]


def test_location_rows_of_a_location_export_become_locations() -> None:
    text = (
        '"CivicAddressId","LocationId","IsDefault","Location","Elin","CountryOrRegion","City"\r\n'
        '"addr-1","loc-0","True","","ORKAN_HQ","US","Redmond"\r\n'
        '"addr-1","loc-3","False","Floor 3","ORKAN_FL03","US","Redmond"\r\n'
    )
    (address,) = read_csv(io.StringIO(text))
    assert address.default_location_id == "loc-0"
    assert address.elin == "ORKAN_HQ"
    assert address.location("loc-3") == Location(
        id="loc-3", description="Floor 3", elin="ORKAN_FL03"
    )


def test_is_default_must_be_true_or_false() -> None:
    text = "CivicAddressId,LocationId,IsDefault,CountryOrRegion\r\na,l,Yes,US\r\n"
    with pytest.raises(InvalidAddressError, match="True or False"):
        read_csv(io.StringIO(text))


def test_headers_bind_ignoring_case_as_powershell_does() -> None:
    text = "CIVICADDRESSID,countryorregion,StateORProvince,ELIN\r\na,US,WA,ORKAN_FL01\r\n"
    (address,) = read_csv(io.StringIO(text))
    assert (address.civic.state, address.elin) == ("WA", "ORKAN_FL01")


def test_an_elin_is_text_on_address_and_location_rows() -> None:
    address = us_office().with_location(Location(id="f1", elin="ORKAN_FL01"))
    address = attrs.evolve(address, elin="+1 206 555 0100")
    assert read_csv(io.StringIO(teams.to_csv_text([address]))) == (address,)


# --- New-CsOnlineLisCivicAddress import files ---------------------------------------------------

IMPORT_FILE = (
    "CompanyName,HouseNumber,StreetName,City,StateOrProvince,PostalCode,CountryOrRegion\r\n"
    "Contoso,1,Microsoft Way,Redmond,WA,98052,US\r\n"
    "Contoso,400,Broad St,Seattle,WA,98109,US\r\n"
    "Fabrikam,1,Microsoft Way,Redmond,WA,98052,US\r\n"
)


def test_an_import_file_without_ids_gets_ids_from_the_content() -> None:
    first, second, third = read_csv(io.StringIO(IMPORT_FILE))
    assert first.id == civic_fingerprint(first.civic)
    assert first.id.startswith("civic/1:")
    assert second.id == civic_fingerprint(second.civic)
    # the same civic content again: the same id with its place in the file
    assert third.id == first.id + "#2"
    assert third.company_name == "Fabrikam"


def test_reading_an_import_file_twice_gives_the_same_ids() -> None:
    ids = [a.id for a in read_csv(io.StringIO(IMPORT_FILE))]
    assert ids == [a.id for a in read_csv(io.StringIO(IMPORT_FILE))]


def test_a_bad_row_of_an_import_file_is_named() -> None:
    text = "CompanyName,CountryOrRegion\r\nContoso,US\r\nContoso,UK\r\n"
    with pytest.raises(InvalidAddressError) as info:
        read_csv(io.StringIO(text))
    assert [(e.field, e.code) for e in info.value.errors] == [
        ("line 3, CountryOrRegion", "UNKNOWN")
    ]


# --- nothing dropped in silence (D2) -----------------------------------------------------------


def test_a_default_location_keeps_its_own_point_and_elin() -> None:
    default = Location(id="sea", elin="+12065550100", geo=GeoPoint(latitude=47.6, longitude=-122.3))
    address = attrs.evolve(us_office(), locations=(default,))
    (back,), said = write_and_read([address])
    assert back == address
    assert said == []


def test_civic_sub_location_fields_and_the_rest_of_rfc_5139_travel() -> None:
    civic = attrs.evolve(
        us_office().civic, building="B2", floor="3", city_district="Belltown", language="en"
    )
    address = attrs.evolve(us_office(), civic=civic)
    (back,), said = write_and_read([address])
    assert back.civic == civic
    assert said == []


def test_an_attestation_travels() -> None:
    attestation = Attestation(
        by="ops", reason="site visit", at=dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)
    )
    address = us_office().with_validation(
        ValidationRecord().attest(attestation, civic=us_office().civic)
    )
    (back,), said = write_and_read([address])
    assert back.validation.state is ValidationState.ATTESTED
    assert back.validation.attestation == attestation
    assert back.validation.fingerprint == address.validation.fingerprint
    assert said == []


def test_a_validators_result_is_named_in_a_warning() -> None:
    address = us_office(validated=True)
    with pytest.warns(FormatWarning, match="'sea'.*result"):
        teams.to_csv_text([address])


def test_a_value_longer_than_teams_takes_is_written_with_a_warning() -> None:
    civic = attrs.evolve(us_office().civic, street_name="Avenida " + "x" * 60)
    address = attrs.evolve(us_office(), civic=civic)
    assert [(e.field, e.code) for e in teams.check(address)] == [("StreetName", "TOO_LONG")]
    with pytest.warns(FormatWarning, match="StreetName"):
        text = teams.to_csv_text([address])
    assert read_csv(io.StringIO(text)) == (address,)


def test_the_check_wants_an_address() -> None:
    with pytest.raises(TypeError, match="address"):
        teams.check(None)  # type: ignore[arg-type]


def test_writing_wants_an_iterable_of_addresses() -> None:
    with pytest.raises(TypeError, match="addresses"):
        teams.to_csv_text(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="file"):
        write_csv([], 3)  # type: ignore[arg-type]


def test_the_cli_says_what_the_teams_csv_could_not_carry_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from emergency_address._cli import main
    from emergency_address.formats.mapping import to_dict

    address = us_office(validated=True)
    path = tmp_path / "addresses.json"
    path.write_text(json.dumps([to_dict(address)]), encoding="utf-8")
    out = io.StringIO()
    assert main(["convert", str(path), "--to", "teams"], out=out) == 0
    err = capsys.readouterr().err
    assert err.startswith("emergency-address convert: warning: address 'sea'")
    assert "Traceback" not in err
    assert "warnings.warn" not in err
    (back,) = read_csv(io.StringIO(out.getvalue()))
    assert as_imported(back) == as_imported(address)
    assert back.is_validated


@pytest.mark.parametrize("name", ["\x00", "a\x00b.csv", "\ud800.csv"])
def test_a_path_no_file_can_have_is_our_error_for_every_reader_and_writer(name: str) -> None:
    """Found by tests/test_robustness_registry.py: ``open()`` raised a bare ValueError (or
    UnicodeEncodeError) for a file name with a NUL or a lone surrogate."""
    from emergency_address.formats.numbers import (
        iter_numbers_csv,
        read_numbers_csv,
        write_numbers_csv,
    )

    calls = [
        lambda: read_csv(name),
        lambda: write_csv([], name),
        lambda: read_numbers_csv(name),
        lambda: list(iter_numbers_csv(name)),
        lambda: write_numbers_csv([], name),
    ]
    for call in calls:
        with pytest.raises(InvalidAddressError, match="file: not a usable file name"):
            call()
