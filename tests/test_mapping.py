"""Plain dicts and JSON: round trips of every public object, every bad key at once, the schema."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from emergency_address import (
    Attestation,
    AuditReport,
    CivicAddress,
    EmergencyAddress,
    EmergencyDirectory,
    FieldIssue,
    Finding,
    FormatValidator,
    GeoPoint,
    Location,
    NumberRecord,
    PhoneNumber,
    Provenance,
    ValidationRecord,
    ValidationResult,
    ValidationState,
    audit,
    default_registry,
)
from emergency_address._cli import main
from emergency_address.exceptions import EmergencyAddressError, InvalidAddressError
from emergency_address.formats.mapping import address_schema, from_dict, load_json, to_dict
from emergency_address.strategies import (
    civic_addresses,
    emergency_addresses,
    geo_points,
    locations,
    phone_numbers,
)
from factories import SEATTLE, us_office

JSON_TYPES = (str, int, float, bool, type(None), list, dict)


def assert_json_safe(value: Any) -> None:
    assert isinstance(value, JSON_TYPES), type(value)
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str)
            assert_json_safe(item)
    elif isinstance(value, list):
        for item in value:
            assert_json_safe(item)


def round_trip(obj: Any) -> Any:
    data = json.loads(json.dumps(to_dict(obj)))
    assert_json_safe(data)
    assert data["schema_version"] == 1
    assert data["type"] == type(obj).__name__
    return from_dict(type(obj), data)


@given(
    st.one_of(civic_addresses(), geo_points(), locations(), emergency_addresses(), phone_numbers())
)
def test_value_objects_round_trip(value: Any) -> None:
    assert round_trip(value) == value


def test_records_results_and_attestations_round_trip() -> None:
    result = ValidationResult(
        verdict="accepted_with_changes",  # type: ignore[arg-type]
        issues=(
            FieldIssue(
                field="city",
                code="CORRECTED",
                message="fixed",
                severity="warning",
                validator="msag",
            ),
        ),  # type: ignore[arg-type]
        corrected=SEATTLE,
        candidates=(SEATTLE,),
        validator="msag",
    )
    attestation = Attestation(
        by="ops", reason="site visit", at=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
    )
    attested = attrs.evolve(
        ValidationRecord().attest(attestation, civic=SEATTLE), result=result, reasons=("a", "b")
    )
    when = dt.datetime(2026, 11, 2, 9, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
    filed = ValidationRecord().request_manual(
        "MV-1", at=when, civic=SEATTLE, manual_path="manual_validation_request"
    )
    resolved = filed.resolve_manual(False, ("no such suite",), by="Microsoft", at=when)
    withdrawn = filed.withdraw_manual(at=when, reason="moved")
    imported = ValidationRecord.imported(
        "validated", civic=SEATTLE, provenance=Provenance(source="Teams LIS CSV", line=3, at=when)
    )
    checked = ValidationRecord().with_result(FormatValidator().validate(SEATTLE), civic=SEATTLE)
    records = (attested, filed, resolved, withdrawn, imported, checked)
    for obj in (result, attestation, *records, result.issues[0]):
        assert round_trip(obj) == obj


def test_a_bare_state_from_another_system_is_an_import_bound_to_its_content() -> None:
    data = to_dict(us_office())
    data["validation"] = {"state": "validated"}
    address = from_dict(EmergencyAddress, data)
    assert address.is_validated
    assert address.validation.provenance == Provenance(source="JSON")
    assert address.validation.origin == "imported from JSON"
    untrusted = from_dict(EmergencyAddress, data, trust_validation=False)
    assert not untrusted.is_validated
    assert "not trusted" in untrusted.validation.reasons[0]


def test_untrusted_reading_resets_earlier_imports_but_not_the_librarys_own_records() -> None:
    own = us_office(validated=True)
    assert from_dict(EmergencyAddress, to_dict(own), trust_validation=False) == own
    data = to_dict(own)
    data["validation"] = {"state": "attested"}  # who, why and when missing: reset
    assert from_dict(EmergencyAddress, data).validation.state is ValidationState.NOT_VALIDATED
    with pytest.raises(TypeError, match="trust_validation"):
        from_dict(EmergencyAddress, data, trust_validation="no")  # type: ignore[arg-type]


def test_directories_and_audit_reports_round_trip() -> None:
    directory = (
        EmergencyDirectory()
        .add_address(us_office(validated=True).with_location(Location(id="sea-5", floor="5")))
        .acquire_number("+12065550142")
        .assign_number("+12065550142", "ana", "sea-5")
        .acquire_number("+12065550143", ported=True)
    )
    assert round_trip(directory) == directory
    report = audit(
        EmergencyDirectory.build(numbers=[NumberRecord(PhoneNumber("+12065550142"), user="x")])
    )
    assert round_trip(report) == report
    assert round_trip(report.findings[0]) == report.findings[0]
    record = directory.number("+12065550143")
    assert round_trip(record) == record


def test_every_bad_key_and_value_is_reported_at_once() -> None:
    with pytest.raises(InvalidAddressError) as info:
        from_dict(
            EmergencyAddress,
            {
                "id": "",
                "civic": {"country": "UK", "cty": "x"},
                "locations": [{"floor": 3}],
                "geo": {"latitude": 100},
                "elin": 123,
                "validation": {"state": "great"},
                "extra": 1,
            },
        )
    assert {e.field for e in info.value.errors} == {
        "extra",
        "civic.cty",
        "civic.country",
        "locations[0].id",
        "locations[0].floor",
        "geo.latitude",
        "geo.longitude",
        "elin",
        "validation.state",
        "id",
    }


def test_unknown_keys_are_allowed_when_asked() -> None:
    data = {**to_dict(us_office()), "x-vendor": {"anything": 1}}
    with pytest.raises(InvalidAddressError, match="x-vendor"):
        from_dict(EmergencyAddress, data)
    assert from_dict(EmergencyAddress, data, strict=False) == us_office()


def test_the_type_and_version_are_checked() -> None:
    data = to_dict(us_office())
    with pytest.raises(InvalidAddressError, match="type"):
        from_dict(CivicAddress, data)
    with pytest.raises(InvalidAddressError, match="schema_version"):
        from_dict(EmergencyAddress, {**data, "schema_version": 99})


def test_absent_optional_values_are_left_out() -> None:
    assert to_dict(Location(id="a")) == {"schema_version": 1, "type": "Location", "id": "a"}


def test_only_our_objects() -> None:
    with pytest.raises(InvalidAddressError):
        to_dict(object())
    with pytest.raises(InvalidAddressError):
        from_dict(dict, {})


@given(
    st.recursive(
        st.none() | st.integers() | st.text(max_size=5) | st.floats(),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_junk_raises_only_our_errors(junk: Any) -> None:
    for cls in (CivicAddress, EmergencyAddress, EmergencyDirectory, AuditReport, GeoPoint, Finding):
        with contextlib.suppress(EmergencyAddressError):
            from_dict(cls, junk)


# --- the JSON Schema ------------------------------------------------------------------------------


def test_the_schema_in_the_docs_is_the_function() -> None:
    path = Path(__file__).parent.parent / "docs" / "address.schema.json"
    assert json.loads(path.read_text(encoding="utf-8")) == address_schema()


def test_the_schema_is_a_valid_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(address_schema())


@given(emergency_addresses())
def test_every_address_document_matches_the_schema(address: EmergencyAddress) -> None:
    jsonschema.validate(to_dict(address), address_schema())


def test_the_schema_refuses_what_from_dict_refuses() -> None:
    bad = {**to_dict(us_office()), "geo": {"latitude": 91, "longitude": 0}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, address_schema())
    with pytest.raises(InvalidAddressError, match="latitude"):
        from_dict(EmergencyAddress, bad)


def test_an_own_default_location_id_and_a_text_elin_round_trip() -> None:
    address = EmergencyAddress(
        id="bf04d062",
        civic=CivicAddress(country="US"),
        default_location_id="ffc35422",
        elin="ORKAN_FL01",
    )
    data = to_dict(address)
    assert (data["default_location_id"], data["elin"]) == ("ffc35422", "ORKAN_FL01")
    assert from_dict(EmergencyAddress, data) == address
    plain = to_dict(EmergencyAddress(id="hq", civic=CivicAddress(country="US")))
    assert "default_location_id" not in plain


# --- JSON text: only our errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"id": ' + "1" * 5_000 + "}", "5,000 digits"),
        ('{"id": "x",', "not JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_json_text_fails_with_our_error(text: str | bytes, message: str) -> None:
    with pytest.raises(InvalidAddressError, match=message):
        load_json(text)


def test_json_text_with_a_byte_order_mark_reads() -> None:
    assert load_json(b"\xef\xbb\xbf[1]") == load_json("\ufeff[1]") == [1]


def test_load_json_wants_text() -> None:
    with pytest.raises(TypeError, match="text"):
        load_json(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "message"),
    [("[" * 100_000 + "]" * 100_000, "nested too deeply"), ("[" + "9" * 5_000 + "]", "digits")],
)
def test_the_cli_reports_hostile_json_as_bad_input(
    text: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "addresses.json"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_a_directory_with_its_own_registry_is_refused_not_written_without_it() -> None:
    registry = default_registry().with_policies(
        attrs.evolve(default_registry().get("US"), same_area=True), replace=True
    )
    directory = EmergencyDirectory(registry=registry)
    with pytest.raises(InvalidAddressError, match="registry"):
        to_dict(directory)
    assert to_dict(EmergencyDirectory(registry=default_registry()))["type"] == "EmergencyDirectory"


@pytest.mark.parametrize(
    ("cls", "data"),
    [
        (GeoPoint, {"schema_version": 10**5000}),
        (GeoPoint, {"type": 10**5000}),
        (Attestation, {"by": "a", "reason": "r", "at": 10**5000}),
        (ValidationRecord, {"state": 10**5000}),
        (10**5000, {}),
    ],
    ids=["schema_version", "type", "datetime", "enum", "cls"],
)
def test_a_5000_digit_int_anywhere_is_our_error(cls: Any, data: dict[str, Any]) -> None:
    """Found by tests/test_robustness_registry.py: messages quoted the value with repr(), which
    raises a bare ValueError for an int of more than 4,300 digits."""
    with pytest.raises(InvalidAddressError, match="too long to show"):
        from_dict(cls, data)
