"""NENA CLDXF: the two-way mapping, what has no counterpart, round trips."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

from emergency_address import CivicAddress
from emergency_address._civic import CIVIC_FIELDS
from emergency_address.exceptions import InvalidAddressError
from emergency_address.formats.cldxf import (
    CIVICADDRESS_ONLY,
    CLDXF_ELEMENTS,
    CLDXF_ONLY,
    from_cldxf,
    to_cldxf,
)
from emergency_address.formats.pidf import CIVIC_ORDER, EXTENSION_ORDER
from emergency_address.strategies import civic_addresses


def test_every_civic_field_is_mapped_or_listed_as_having_no_counterpart() -> None:
    mapped = [element.field for element in CLDXF_ELEMENTS]
    assert len(mapped) == len(set(mapped))
    fields = {name for name, _, _ in CIVIC_FIELDS} | {"language"}
    assert set(mapped) | set(CIVICADDRESS_ONLY) == fields
    assert not set(mapped) & set(CIVICADDRESS_ONLY)
    assert not {e.name for e in CLDXF_ELEMENTS} & set(CLDXF_ONLY)


def test_each_element_names_the_pidf_lo_element_of_its_field() -> None:
    pidf = {field: element for element, field in (*CIVIC_ORDER, *EXTENSION_ORDER)}
    for element in CLDXF_ELEMENTS:
        assert element.pidf == pidf[element.field]
        assert element.confidence in ("high", "medium")


def test_a_us_address_maps_to_cldxf_names() -> None:
    civic = CivicAddress(
        country="US",
        state="WA",
        county="King",
        city="Seattle",
        pre_directional="N",
        street_name="Broad",
        street_suffix="St",
        house_number="400",
        building="Tower A",
        floor="5",
    )
    assert to_cldxf(civic) == {
        "Country": "US",
        "State": "WA",
        "County": "King",
        "Incorporated Municipality": "Seattle",
        "Street Name Pre Directional": "N",
        "Street Name": "Broad",
        "Street Name Post Type": "St",
        "Address Number": "400",
        "Structure": "Tower A",
        "Floor": "5",
    }


def test_a_field_with_no_cldxf_element_is_refused_or_left_out_when_asked() -> None:
    civic = CivicAddress(country="US", city="Seattle", name="Contoso", po_box="12")
    with pytest.raises(InvalidAddressError) as info:
        to_cldxf(civic)
    assert [e.field for e in info.value.errors] == ["name", "po_box"]
    assert to_cldxf(civic, strict=False) == {
        "Country": "US",
        "Incorporated Municipality": "Seattle",
    }


def test_an_element_with_no_civic_field_is_refused_or_left_out_when_asked() -> None:
    data = {"Country": "US", "Street Name": "Americas", "Street Name Pre Type Separator": "of the"}
    with pytest.raises(InvalidAddressError, match="Street Name Pre Type Separator"):
        from_cldxf(data)
    assert from_cldxf(data, strict=False) == CivicAddress(country="US", street_name="Americas")


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"Country": "US", "Town": "x"}, "'Town'", "UNKNOWN"),
        ({"State": "WA"}, "Country", "REQUIRED"),
        ({"Country": "US", "Street Name": "a\x00"}, "Street Name", "INVALID_CHARACTER"),
        ({"Country": "US", "Floor": 5}, "Floor", "INVALID_TYPE"),
    ],
)
def test_bad_input_is_reported_by_its_cldxf_name(
    data: dict[str, Any], field: str, code: str
) -> None:
    with pytest.raises(InvalidAddressError) as info:
        from_cldxf(data)
    assert [(e.field, e.code) for e in info.value.errors] == [(field, code)]


@pytest.mark.parametrize("call", [lambda: to_cldxf("US"), lambda: from_cldxf(["Country"])])  # type: ignore[arg-type]
def test_wrong_types_are_type_errors(call: Any) -> None:
    with pytest.raises(TypeError):
        call()


def _without_unmapped(civic: CivicAddress) -> CivicAddress:
    kept = {k: v for k, v in civic.fields().items() if k not in CIVICADDRESS_ONLY}
    return CivicAddress(**kept)


@given(civic_addresses())
def test_round_trip_over_the_fields_both_sides_represent(civic: CivicAddress) -> None:
    data = to_cldxf(civic, strict=False)
    assert from_cldxf(data) == _without_unmapped(civic)
    assert to_cldxf(from_cldxf(data)) == data


@given(civic_addresses())
def test_strict_mapping_refuses_exactly_the_fields_with_no_counterpart(civic: CivicAddress) -> None:
    unmapped = [f for f in CIVICADDRESS_ONLY if getattr(civic, f) is not None]
    if unmapped:
        with pytest.raises(InvalidAddressError) as info:
            to_cldxf(civic)
        assert [e.field for e in info.value.errors] == unmapped
    else:
        assert from_cldxf(to_cldxf(civic)) == civic
