"""Plan and apply: the commands that turn one directory into another."""

from __future__ import annotations

import datetime as dt
import json
import pickle

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from emergency_address import (
    CivicAddress,
    EmergencyAddress,
    EmergencyDirectory,
    GeoPoint,
    Location,
    NumberRecord,
    PhoneNumber,
    Plan,
    Registration,
    plan,
    validate_with,
)
from emergency_address.exceptions import PlanRefusedError
from emergency_address.testing import FakeAuthority

T0 = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)

GB_CIVIC = CivicAddress(
    country="GB",
    house_number="1",
    street_name="Horse Guards Road",
    city="London",
    postal_code="SW1A 2HQ",
)
GB_CIVIC_2 = attrs.evolve(GB_CIVIC, house_number="2")
US_CIVIC = CivicAddress(
    country="US",
    house_number="600",
    street_name="4th",
    street_suffix="Ave",
    city="Seattle",
    state="WA",
    postal_code="98104",
)
US_CIVIC_2 = attrs.evolve(US_CIVIC, house_number="700")
SEATTLE = GeoPoint(latitude=47.6, longitude=-122.33)
AUTHORITY = FakeAuthority(known=[GB_CIVIC, GB_CIVIC_2, US_CIVIC, US_CIVIC_2])


def validated(address: EmergencyAddress) -> EmergencyAddress:
    return validate_with(AUTHORITY, address)[0]


def office(address_id: str, civic: CivicAddress, floors: tuple[str, ...] = ()) -> EmergencyAddress:
    geo = GeoPoint(latitude=51.5, longitude=-0.13) if civic.country == "GB" else SEATTLE
    address = validated(
        EmergencyAddress(id=address_id, civic=civic, company_name="Contoso", geo=geo)
    )
    for floor in floors:
        address = address.with_location(Location(id=f"{address_id}-{floor}", floor=floor))
    return address


GB_NUMBERS = ("+442079460000", "+442079460001", "+442079460002")
US_NUMBERS = ("+12065550100", "+12065550101", "+12065550102")


def directory(addresses: list[EmergencyAddress], records: list[NumberRecord]) -> EmergencyDirectory:
    return EmergencyDirectory.build(addresses=addresses, numbers=records)


def test_planning_from_empty_adds_everything_and_applying_gives_the_desired_directory() -> None:
    lon = office("lon", GB_CIVIC, ("2",))
    desired = directory(
        [lon], [NumberRecord(PhoneNumber.parse(GB_NUMBERS[0]), location_id="lon-2", user="ana")]
    )
    p = plan(EmergencyDirectory(), desired)
    assert [c.name for c in p.commands] == ["add_address", "acquire_number", "assign_number"]
    assert EmergencyDirectory().apply(p) == desired


def test_reapplying_the_same_batch_is_a_no_op_not_an_error() -> None:
    desired = directory([office("lon", GB_CIVIC)], [])
    once = EmergencyDirectory().apply(plan(EmergencyDirectory(), desired))
    again = plan(once, desired)
    assert again.is_empty
    assert len(again) == 0
    assert str(again) == "No changes: the directory matches the desired one."
    assert once.apply(again) == once


def test_addresses_come_first_and_removals_last() -> None:
    old = office("old", GB_CIVIC)
    new = office("new", GB_CIVIC_2)
    number = PhoneNumber.parse(GB_NUMBERS[0])
    current = directory([old], [NumberRecord(number, location_id="old")])
    desired = directory([new], [NumberRecord(number, location_id="new")])
    p = plan(current, desired)
    assert [c.as_tuple()[0] for c in p] == ["add_address", "set_number_location", "remove_address"]
    assert current.apply(p) == desired


def test_a_changed_address_keeps_its_numbers_and_its_new_validation_record() -> None:
    number = PhoneNumber.parse(US_NUMBERS[0])
    current = directory(
        [office("sea", US_CIVIC, ("3",))], [NumberRecord(number, location_id="sea-3", user="bo")]
    )
    moved = office("sea", US_CIVIC_2, ("4",))
    desired = directory([moved], [NumberRecord(number, location_id="sea-4", user="bo")])
    p = plan(current, desired)
    assert [c.name for c in p] == ["update_address", "set_number_location", "remove_location"]
    assert "civic (house_number)" in p.commands[0].summary
    assert current.apply(p) == desired


def test_a_move_the_country_rules_forbid_is_refused_with_its_reasons() -> None:
    unvalidated = EmergencyAddress(
        id="lon2",
        civic=GB_CIVIC_2,
        company_name="Contoso",
        geo=GeoPoint(latitude=51.5, longitude=0),
    )
    number = PhoneNumber.parse(GB_NUMBERS[0])
    current = directory(
        [office("lon", GB_CIVIC), unvalidated], [NumberRecord(number, location_id="lon")]
    )
    desired = directory(
        [office("lon", GB_CIVIC), unvalidated], [NumberRecord(number, location_id="lon2")]
    )
    p = plan(current, desired)
    assert not p.commands
    (refusal,) = p.refused
    assert refusal.command.name == "set_number_location"
    assert refusal.error == "PolicyViolationError"
    assert "NOT_VALIDATED" in refusal.codes
    assert "Refused:" in str(p)
    with pytest.raises(PlanRefusedError, match="1 planned command"):
        p.raise_for_refusals()
    assert current.apply(p) == current  # what is left runs: here, nothing


def test_a_number_that_arrived_another_way_is_released_and_taken_in_again() -> None:
    number = PhoneNumber.parse(GB_NUMBERS[0])
    lon = office("lon", GB_CIVIC)
    current = directory([lon], [NumberRecord(number, location_id="lon")])
    desired = directory([lon], [NumberRecord(number, location_id="lon", arrived="port_in")])
    p = plan(current, desired)
    assert [c.name for c in p] == ["release_number", "acquire_number"]
    assert "port in" in p.commands[1].summary
    assert current.apply(p) == desired


def test_registrations_are_the_providers_to_change_so_plans_keep_them() -> None:
    number = PhoneNumber.parse(GB_NUMBERS[0])
    lon = office("lon", GB_CIVIC)
    registered = Registration().request("lon", at=T0).confirm(at=T0)
    current = directory([lon], [NumberRecord(number, location_id="lon", registration=registered)])
    desired = directory([lon], [NumberRecord(number, location_id="lon")])
    assert plan(current, desired).is_empty


def test_the_plan_reads_like_terraform_and_serialises_to_json() -> None:
    desired = directory(
        [office("lon", GB_CIVIC, ("2",))],
        [NumberRecord(PhoneNumber.parse(GB_NUMBERS[1]), location_id="lon-2")],
    )
    p = plan(EmergencyDirectory(), desired)
    assert str(p).splitlines() == [
        "Plan: 2 to add, 0 to change, 0 to remove.",
        "  + add address lon (London, GB)",
        "  + acquire number +442079460001 at lon-2",
    ]
    data = json.loads(json.dumps(p.to_dict()))
    assert data["counts"] == {"add": 2, "change": 0, "remove": 0, "refused": 0}
    assert data["commands"][1] == {
        "command": "acquire_number",
        "kind": "add",
        "target": "+442079460001",
        "summary": "acquire number +442079460001 at lon-2",
    }


def test_the_change_log_says_what_was_done_by_whom_and_when() -> None:
    p = plan(EmergencyDirectory(), directory([office("lon", GB_CIVIC)], []))
    (entry,) = p.change_log(at=T0, actor="nightly-sync")
    assert (entry.command, entry.target, entry.actor, entry.at) == (
        "add_address",
        "lon",
        "nightly-sync",
        T0,
    )
    with pytest.raises(TypeError, match="timezone-aware"):
        p.change_log(at=dt.datetime(2026, 1, 1))


def test_plans_pickle_and_wrong_types_are_type_errors() -> None:
    p = plan(EmergencyDirectory(), directory([office("lon", GB_CIVIC)], []))
    assert pickle.loads(pickle.dumps(p)) == p
    with pytest.raises(TypeError, match="desired"):
        plan(EmergencyDirectory(), None)  # type: ignore[arg-type]
    assert isinstance(p, Plan)


# --- properties --------------------------------------------------------------------------------

ADDRESS_VARIANTS = {
    "lon": (office("lon", GB_CIVIC, ("1",)), office("lon", GB_CIVIC, ("1", "2"))),
    "man": (office("man", GB_CIVIC_2), office("man", GB_CIVIC, ("9",))),
    "sea": (office("sea", US_CIVIC, ("3",)), office("sea", US_CIVIC_2, ("3", "4"))),
    "bel": (office("bel", US_CIVIC_2), office("bel", US_CIVIC, ("5",))),
}


@st.composite
def valid_directories(draw: st.DrawFn) -> EmergencyDirectory:
    addresses = [
        variants[draw(st.integers(0, 1))]
        for address_id, variants in sorted(ADDRESS_VARIANTS.items())
        if draw(st.booleans())
    ]
    by_country: dict[str, list[str]] = {"GB": [], "US": []}
    for address in addresses:
        by_country[address.civic.country] += [loc.id for loc in address.locations]
    records = []
    for country, numbers in (("GB", GB_NUMBERS), ("US", US_NUMBERS)):
        places = by_country[country]
        for e164 in numbers:
            if not places or not draw(st.booleans()):
                continue
            records.append(
                NumberRecord(
                    PhoneNumber.parse(e164),
                    arrived=draw(st.sampled_from(["acquisition", "port_in"])),
                    location_id=draw(st.sampled_from(places)),
                    user=draw(st.sampled_from([None, "ana", "bo"])),
                )
            )
    return directory(addresses, records)


@given(valid_directories(), valid_directories())
def test_applying_the_plan_gives_the_desired_directory(
    current: EmergencyDirectory, desired: EmergencyDirectory
) -> None:
    p = plan(current, desired)
    assert not p.refused, str(p)
    applied = current.apply(p)
    assert applied == desired
    assert plan(applied, desired).is_empty


@given(valid_directories(), valid_directories())
def test_a_plan_either_applies_whole_or_changes_nothing(
    current: EmergencyDirectory, desired: EmergencyDirectory
) -> None:
    p = plan(current, desired)
    before = pickle.dumps(current)
    broken = [*(c.as_tuple() for c in p.commands), ("release_number", "+442079469999")]
    with pytest.raises(Exception, match="999"):
        current.apply(broken)
    assert pickle.dumps(current) == before


def test_a_default_location_that_takes_its_own_id_is_planned_or_refused_with_a_reason() -> None:
    old = office("lon", GB_CIVIC)
    new = validated(
        EmergencyAddress(
            id="lon",
            civic=GB_CIVIC,
            company_name="Contoso",
            geo=old.geo,
            default_location_id="7d1c-guid",
        )
    )
    number = PhoneNumber.parse(GB_NUMBERS[0])
    empty = directory([old], [])
    assert empty.apply(plan(empty, directory([new], []))) == directory([new], [])
    busy = directory([old], [NumberRecord(number, location_id="lon")])
    p = plan(busy, directory([new], [NumberRecord(number, location_id="7d1c-guid")]))
    assert [r.command.name for r in p.refused] == ["update_address", "set_number_location"]
    assert "move or release them first" in p.refused[0].reason


@pytest.mark.parametrize("commands", [None, 3, "release_number", {"release_number": ()}])
def test_apply_names_commands_that_are_not_a_batch(commands: object) -> None:
    """Found by tests/test_robustness_registry.py: ``apply(None)`` raised "'NoneType' object is
    not iterable" from inside, and a string was taken as a batch of one-letter commands."""
    with pytest.raises(TypeError, match="commands: expected a Plan or an iterable"):
        EmergencyDirectory().apply(commands)  # type: ignore[arg-type]
