"""Properties of the value objects, over the library's own public strategies."""

from __future__ import annotations

import pickle

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emergency_address import (
    CivicAddress,
    EmergencyAddress,
    EmergencyDirectory,
    NumberRecord,
    PhoneNumber,
    PolicyRegistry,
    Severity,
    ValidationState,
    audit,
    get_policy,
)
from emergency_address._civic import CIVIC_FIELDS, SUB_LOCATION_FIELDS
from emergency_address.strategies import (
    PORTABLE_FIELDS,
    civic_addresses,
    directories,
    emergency_addresses,
    geo_points,
    locations,
    number_records,
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


def _registered_types() -> list[type]:
    import importlib

    from emergency_address._hypothesis import _STRATEGIES

    return [
        getattr(importlib.import_module(f"emergency_address.{module}"), name)
        for module, name in _STRATEGIES
    ]


@pytest.mark.parametrize("cls", _registered_types(), ids=lambda c: c.__name__)
def test_strategies_are_registered_for_from_type(cls: type) -> None:
    # The entry point registers them: no import of emergency_address.strategies needed downstream.
    @settings(max_examples=10)
    @given(st.from_type(cls))
    def check(value: object) -> None:
        assert isinstance(value, cls)

    check()


def _public_classes() -> list[type]:
    import inspect

    import emergency_address

    return [
        obj
        for name in emergency_address.__all__
        if inspect.isclass(obj := getattr(emergency_address, name))
    ]


@pytest.mark.parametrize("cls", _public_classes(), ids=lambda c: c.__name__)
def test_from_type_draws_every_public_class(cls: type) -> None:
    @settings(max_examples=5)
    @given(st.from_type(cls))
    def check(value: object) -> None:
        assert isinstance(value, cls)

    check()


# The entry point as pyproject.toml declares it, loaded the way hypothesis loads it, in an
# interpreter where nothing has been imported yet: whatever the installed metadata says.
_FRESH_IMPORT = """
import importlib.metadata, sys, tomllib
with open({pyproject!r}, "rb") as f:
    declared = tomllib.load(f)["project"]["entry-points"]["hypothesis"]
points = importlib.metadata.EntryPoints(
    importlib.metadata.EntryPoint(name, value, "hypothesis") for name, value in declared.items()
)
importlib.metadata.entry_points = lambda **kw: points.select(**kw)
{first}
from hypothesis import strategies as st
from emergency_address import CivicAddress, NumberRecord
assert isinstance(st.from_type(CivicAddress).example(), CivicAddress)
assert isinstance(st.from_type(NumberRecord).example(), NumberRecord)
print("ok")
"""


@pytest.mark.parametrize(
    "first",
    [
        "import emergency_address.strategies",
        "from emergency_address.strategies import civic_addresses",
        "import hypothesis",
    ],
)
def test_the_strategies_import_in_any_order(first: str) -> None:
    import subprocess
    import sys
    import warnings
    from pathlib import Path

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    code = _FRESH_IMPORT.format(pyproject=str(pyproject), first=first)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        done = subprocess.run(
            [sys.executable, "-W", "ignore", "-c", code],
            capture_output=True,
            text=True,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_the_entry_point_does_not_import_the_strategies() -> None:
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from emergency_address._hypothesis import _hypothesis_setup_hook\n"
        "_hypothesis_setup_hook()\n"
        "print('emergency_address.strategies' in sys.modules)"
    )
    # Hypothesis' own run of the entry points (whatever the installed metadata says) is off:
    # the hook is called here, alone.
    env = {**os.environ, "HYPOTHESIS_NO_PLUGINS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.strip() == "False"


def test_strategies_are_built_once() -> None:
    assert emergency_addresses() is emergency_addresses()
    assert civic_addresses("de", portable=True) is civic_addresses("DE", portable=True)
    assert directories() is directories()


# --- directories -------------------------------------------------------------------------------


@settings(max_examples=25)
@given(directories())
def test_a_compliant_directory_passes_the_audit(directory: EmergencyDirectory) -> None:
    report = audit(directory)
    assert report.ok, report.findings
    for address in directory.addresses():
        assert address.validation.state is ValidationState.VALIDATED


@settings(max_examples=25)
@given(directories(compliant=False))
def test_a_non_compliant_directory_has_an_error_to_find(directory: EmergencyDirectory) -> None:
    assert audit(directory).at_or_above(Severity.ERROR)


@settings(max_examples=25)
@given(directories())
def test_every_number_of_a_compliant_directory_satisfies_its_policy(
    directory: EmergencyDirectory,
) -> None:
    for record in directory.numbers():
        address = directory.location_owner(record.location_id) if record.location_id else None
        for event in record.events:
            decision = directory.policies.decide(record.number, event, address, record.location_id)
            assert decision.satisfied, decision.explain()


@settings(max_examples=10)
@given(directories(registry=PolicyRegistry([get_policy("US")])))
def test_a_directory_complies_with_the_registry_it_is_given(
    directory: EmergencyDirectory,
) -> None:
    assert {r.number.region for r in directory.numbers()} <= {"US"}
    assert audit(directory).ok


@settings(max_examples=25)
@given(number_records(region="FR", location_ids=["a", "b"]))
def test_number_records_keep_to_the_region_and_locations_asked_for(record: NumberRecord) -> None:
    assert record.number.region == "FR"
    assert record.location_id in (None, "a", "b")


# --- what every format carries -----------------------------------------------------------------


@settings(max_examples=25)
@given(emergency_addresses(portable=True))
def test_a_portable_address_round_trips_through_every_format(address: EmergencyAddress) -> None:
    import io

    from emergency_address.formats.cldxf import from_cldxf, to_cldxf
    from emergency_address.formats.mapping import from_dict, to_dict
    from emergency_address.formats.pidf import parse_pidf_lo, to_pidf_lo
    from emergency_address.formats.teams import read_csv, write_csv

    assert from_dict(EmergencyAddress, to_dict(address)) == address
    buffer = io.StringIO(newline="")
    write_csv([address], buffer)
    (again,) = read_csv(io.StringIO(buffer.getvalue(), newline=""))
    assert again == address
    for location in address.locations:
        civic = address.dispatchable(location.id)
        document = to_pidf_lo(address, location.id, entity="sip:test@example.com")
        assert parse_pidf_lo(document).civic == civic
        assert from_cldxf(to_cldxf(civic)) == civic


@given(civic_addresses(portable=True))
def test_a_portable_civic_address_keeps_to_the_portable_fields(address: CivicAddress) -> None:
    assert set(address.fields()) <= PORTABLE_FIELDS
