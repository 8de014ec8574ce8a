"""Properties of the value objects, over the library's own public strategies."""

from __future__ import annotations

import pickle

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from emergency_address import CivicAddress, EmergencyAddress, GeoPoint, Location, PhoneNumber
from emergency_address._civic import CIVIC_FIELDS, SUB_LOCATION_FIELDS
from emergency_address.strategies import (
    civic_addresses,
    emergency_addresses,
    geo_points,
    locations,
    phone_numbers,
)


@given(civic_addresses())
def test_normalisation_is_idempotent(address: CivicAddress) -> None:
    assert CivicAddress(**address.fields()) == address


@given(civic_addresses())
def test_equal_inputs_give_equal_equally_hashing_addresses(address: CivicAddress) -> None:
    twin = attrs.evolve(address)
    assert twin == address
    assert hash(twin) == hash(address)


@given(civic_addresses(), st.sampled_from([name for name, _, _ in CIVIC_FIELDS]))
def test_addresses_cannot_be_mutated(address: CivicAddress, field: str) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(address, field, "x")


@given(emergency_addresses())
def test_dispatchable_never_loses_a_civic_field(address: EmergencyAddress) -> None:
    for location in address.locations:
        merged = address.dispatchable(location.id)
        for name, value in address.civic.fields().items():
            if name in SUB_LOCATION_FIELDS and getattr(location, name):
                assert getattr(merged, name) == getattr(location, name)
            elif name == "additional_info":
                assert value in (merged.additional_info or "")
            else:
                assert getattr(merged, name) == value, name


@given(emergency_addresses())
def test_the_default_location_always_exists(address: EmergencyAddress) -> None:
    assert address.default_location.id == address.default_location_id
    assert len({loc.id for loc in address.locations}) == len(address.locations)


@given(
    st.one_of(civic_addresses(), emergency_addresses(), locations(), geo_points(), phone_numbers())
)
def test_every_value_pickles_to_an_equal_value(value: object) -> None:
    assert pickle.loads(pickle.dumps(value)) == value


@given(phone_numbers())
def test_a_drawn_number_round_trips_through_its_e164(number: PhoneNumber) -> None:
    again = PhoneNumber(number.e164)
    assert (again.region, again.country_code, again.number_type) == (
        number.region,
        number.country_code,
        number.number_type,
    )


@given(phone_numbers(region="CA"))
def test_phone_numbers_keeps_to_the_region_asked_for(number: PhoneNumber) -> None:
    assert number.region == "CA"


@given(phone_numbers(region="GB", number_type="mobile"))
def test_phone_numbers_keeps_to_the_type_asked_for(number: PhoneNumber) -> None:
    assert (number.region, number.number_type) == ("GB", "mobile")


def test_phone_numbers_refuses_a_kind_with_no_example() -> None:
    with pytest.raises(ValueError, match="no example"):
        phone_numbers(region="VA", number_type="pager")


@pytest.mark.parametrize("cls", [CivicAddress, GeoPoint, Location, EmergencyAddress, PhoneNumber])
def test_strategies_are_registered_for_from_type(cls: type) -> None:
    # The entry point registers them: no import of emergency_address.strategies needed downstream.
    @given(st.from_type(cls))
    def check(value: object) -> None:
        assert isinstance(value, cls)

    check()
