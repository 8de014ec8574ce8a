"""The emergency directory: commands, refusals, bulk loading, concurrency, invariants."""

from __future__ import annotations

import datetime as dt
import pickle
import threading
from typing import Any

import attrs
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from emergency_address import (
    AttachmentEvent,
    Attestation,
    EmergencyDirectory,
    Location,
    NumberRecord,
    PhoneNumber,
    ValidationResult,
    ValidationState,
    Verdict,
    ViolationCode,
    audit,
)
from emergency_address.exceptions import (
    AddressInUseError,
    DuplicateNumberError,
    InvalidAddressError,
    InvalidPhoneNumberError,
    NotFoundError,
    PolicyViolationError,
    RegistrationStateError,
    ValidationStateError,
)
from factories import LONDON, SEATTLE, gb_office, us_office

ACCEPTED = ValidationResult(verdict=Verdict.ACCEPTED, validator="test")
T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
T1 = dt.datetime(2026, 1, 9, 16, 30, tzinfo=dt.UTC)
US_NUMBER = "+12065550142"
US_NUMBER_2 = "+12065550143"
GB_NUMBER = "+442079460000"
GB_NUMBER_2 = "+442079460001"


@pytest.fixture
def estate() -> EmergencyDirectory:
    """A validated US and GB office, a floor in each, two numbers in use."""
    return (
        EmergencyDirectory()
        .add_address(us_office(validated=True))
        .add_address(gb_office(validated=True))
        .add_location("sea", Location(id="sea-5", floor="5"))
        .add_location("lon", Location(id="lon-2", floor="2"))
        .acquire_number(US_NUMBER)
        .assign_number(US_NUMBER, "ana", "sea-5")
        .acquire_number(GB_NUMBER, "lon-2")
    )


def refused(
    directory: EmergencyDirectory,
    error: type[Exception],
    command: str,
    *args: Any,
    **kwargs: Any,
) -> Exception:
    """Run a command that must be refused; check the directory did not change."""
    before = pickle.dumps(directory)
    snapshot = (directory.addresses(), directory.numbers())
    with pytest.raises(error) as info:
        getattr(directory, command)(*args, **kwargs)
    assert (directory.addresses(), directory.numbers()) == snapshot
    assert pickle.dumps(directory) == before
    return info.value


# --- the seed workflow ----------------------------------------------------------------------------


class TestSeedWorkflow:
    def test_us_add_validate_save_locations_assign(self) -> None:
        d = EmergencyDirectory().add_address(us_office())
        d = d.record_validation("sea", ACCEPTED)
        d = d.add_location("sea", Location(id="sea-5", floor="5", room="512"))
        d = d.acquire_number(US_NUMBER)  # no address needed yet in the US
        d = d.assign_number(US_NUMBER, "ana@contoso.example", "sea-5")
        record = d.number(US_NUMBER)
        assert (record.user, record.location_id) == ("ana@contoso.example", "sea-5")
        assert d.address("sea").validation.state is ValidationState.VALIDATED

    def test_us_assignment_needs_a_validated_address(self) -> None:
        d = EmergencyDirectory().add_address(us_office()).acquire_number(US_NUMBER)
        error = refused(d, PolicyViolationError, "assign_number", US_NUMBER, "ana", "sea")
        assert [v.code for v in error.violations] == [ViolationCode.NOT_VALIDATED]  # type: ignore[attr-defined]
        error = refused(d, PolicyViolationError, "assign_number", US_NUMBER, "ana")
        assert [v.code for v in error.violations] == [ViolationCode.NO_ADDRESS]  # type: ignore[attr-defined]

    def test_gb_acquisition_and_port_in_need_an_address(self) -> None:
        d = EmergencyDirectory().add_address(gb_office(validated=True))
        refused(d, PolicyViolationError, "acquire_number", GB_NUMBER)
        refused(d, PolicyViolationError, "acquire_number", GB_NUMBER, None, True)
        d = d.acquire_number(GB_NUMBER, "lon").acquire_number(GB_NUMBER_2, "lon", True)
        assert d.number(GB_NUMBER_2).arrived is AttachmentEvent.PORT_IN
        assert d.dependents("lon") == (GB_NUMBER, GB_NUMBER_2)

    def test_remove_never_while_a_number_depends_on_it(self, estate: EmergencyDirectory) -> None:
        error = refused(estate, AddressInUseError, "remove_address", "sea")
        assert error.dependents == (US_NUMBER,)  # type: ignore[attr-defined]
        error = refused(estate, AddressInUseError, "remove_location", "sea", "sea-5")
        assert error.dependents == (US_NUMBER,)  # type: ignore[attr-defined]
        emptied = estate.release_number(US_NUMBER)
        gone = emptied.remove_location("sea", "sea-5").remove_address("sea")
        assert [a.id for a in gone.addresses()] == ["lon"]
        with pytest.raises(NotFoundError):
            gone.location_owner("sea-5")


# --- every command's refusals ---------------------------------------------------------------


class TestRefusals:
    def test_add_address_refuses_a_taken_id_or_location_id(
        self, estate: EmergencyDirectory
    ) -> None:
        refused(estate, InvalidAddressError, "add_address", us_office("sea"))
        clash = us_office("other").with_location(Location(id="sea-5"))
        error = refused(estate, InvalidAddressError, "add_address", clash)
        assert error.errors[0].field == "locations[1].id"  # type: ignore[attr-defined]
        refused(estate, InvalidAddressError, "add_address", "1 Main St")

    def test_unknown_ids_are_lookup_errors(self, estate: EmergencyDirectory) -> None:
        for command, args in [
            ("record_validation", ("nope", ACCEPTED)),
            ("remove_address", ("nope",)),
            ("add_location", ("nope", Location(id="x"))),
            ("remove_location", ("sea", "lon-2")),
            ("assign_number", ("+12065550199", "bob")),
            ("release_number", ("+12065550199",)),
            ("unassign_number", ("+12065550199",)),
            ("set_number_location", (US_NUMBER, "nowhere")),
            ("acquire_number", ("+12065550199", "nowhere")),
        ]:
            error = refused(estate, NotFoundError, command, *args)
            assert isinstance(error, LookupError)

    def test_the_default_location_is_removed_only_with_its_address(
        self, estate: EmergencyDirectory
    ) -> None:
        refused(estate, InvalidAddressError, "remove_location", "lon", "lon")

    def test_a_number_is_acquired_once(self, estate: EmergencyDirectory) -> None:
        refused(estate, DuplicateNumberError, "acquire_number", GB_NUMBER, "lon")

    def test_bad_numbers_are_our_error(self, estate: EmergencyDirectory) -> None:
        refused(estate, InvalidPhoneNumberError, "acquire_number", "not a number")
        refused(estate, InvalidPhoneNumberError, "release_number", 42)

    def test_assign_needs_a_user(self, estate: EmergencyDirectory) -> None:
        refused(estate, InvalidAddressError, "assign_number", GB_NUMBER, " ")

    def test_a_gb_number_cannot_lose_its_address(self, estate: EmergencyDirectory) -> None:
        error = refused(estate, PolicyViolationError, "set_number_location", GB_NUMBER, None)
        assert [v.code for v in error.violations] == [ViolationCode.NO_ADDRESS]  # type: ignore[attr-defined]

    def test_a_number_cannot_move_abroad(self, estate: EmergencyDirectory) -> None:
        error = refused(estate, PolicyViolationError, "set_number_location", GB_NUMBER, "sea")
        assert ViolationCode.COUNTRY_MISMATCH in [v.code for v in error.violations]  # type: ignore[attr-defined]

    def test_validation_transitions_are_checked(self, estate: EmergencyDirectory) -> None:
        refused(estate, ValidationStateError, "record_validation", "sea", ACCEPTED)
        refused(
            estate, ValidationStateError, "resolve_manual_validation", "sea", True, by="x", at=T1
        )
        refused(estate, ValidationStateError, "withdraw_manual_validation", "sea", at=T1)
        refused(estate, ValidationStateError, "request_manual_validation", "sea", "MV-1", at=T1)

    def test_wrong_types_are_type_errors(self, estate: EmergencyDirectory) -> None:
        refused(estate, TypeError, "record_validation", "sea", "accepted")
        refused(estate, TypeError, "record_validation", ["sea"], ACCEPTED)
        refused(estate, TypeError, "record_validation", "sea", ACCEPTED, accept_changes="yes")
        d = estate.add_address(us_office("new")).request_manual_validation("new", "MV-1", at=T0)
        refused(d, TypeError, "resolve_manual_validation", "new", "no", by="x", at=T1)
        refused(d, TypeError, "resolve_manual_validation", "new", 1, by="x", at=T1)
        refused(d, TypeError, "attest", "new", "trust me")

    def test_a_stale_address_cannot_replace_another(self, estate: EmergencyDirectory) -> None:
        moved = attrs.evolve(
            us_office("new", validated=True), civic=attrs.evolve(SEATTLE, house_number="402")
        )
        error = refused(estate, ValidationStateError, "replace_address", "sea", moved)
        assert "changed since it was validated" in str(error)

    def test_a_stale_address_does_not_count_as_validated(self) -> None:
        stale = attrs.evolve(
            gb_office(validated=True), civic=attrs.evolve(LONDON, house_number="2")
        )
        d = EmergencyDirectory().add_address(stale)
        error = refused(d, PolicyViolationError, "acquire_number", GB_NUMBER, "lon")
        assert "changed since it was validated" in str(error)
        assert d.find_addresses(state="validated") == ()
        assert [a.id for a in d.find_addresses(state="not_validated")] == ["lon"]
        d = d.record_validation("lon", ACCEPTED)  # validated again, for the new content
        assert d.acquire_number(GB_NUMBER, "lon").number(GB_NUMBER).location_id == "lon"


# --- the other commands ----------------------------------------------------------------------


class TestCommands:
    def test_manual_validation_path(self) -> None:
        d = EmergencyDirectory().add_address(us_office()).add_address(gb_office())
        d = d.request_manual_validation("sea", "MV-7", at=T0)
        d = d.request_manual_validation("lon", "SR-9", at=T0)
        sea, lon = d.address("sea").validation, d.address("lon").validation
        assert sea.manual_path.value == "manual_validation_request"  # type: ignore[union-attr]
        assert lon.manual_path.value == "service_request"  # type: ignore[union-attr]
        assert (sea.state, sea.manual.reference) == (ValidationState.PENDING_MANUAL, "MV-7")  # type: ignore[union-attr]
        d = d.resolve_manual_validation("sea", True, ("confirmed",), by="Microsoft", at=T1)
        d = d.resolve_manual_validation("lon", False, ("no such building",), by="ops", at=T1)
        sea = d.address("sea").validation
        assert sea.state is ValidationState.VALIDATED
        assert d.address("sea").is_validated
        assert (sea.manual.resolved_by, sea.manual.resolved_at) == ("Microsoft", T1)  # type: ignore[union-attr]
        assert d.address("lon").validation.reasons == ("no such building",)

    def test_a_pending_request_can_be_withdrawn(self) -> None:
        d = EmergencyDirectory().add_address(us_office())
        d = d.request_manual_validation("sea", "MV-7", at=T0)
        d = d.withdraw_manual_validation("sea", at=T1, reason="moved office")
        record = d.address("sea").validation
        assert record.state is ValidationState.NOT_VALIDATED
        assert record.manual.withdrawn_at == T1  # type: ignore[union-attr]
        assert record.reasons == ("manual request MV-7 withdrawn: moved office",)
        d = d.request_manual_validation("sea", "MV-8", at=T1)  # and filed again
        assert d.address("sea").validation.manual.reference == "MV-8"  # type: ignore[union-attr]

    def test_attest(self) -> None:
        d = EmergencyDirectory().add_address(us_office())
        d = d.attest("sea", Attestation(by="ops", reason="site visit", at=T0))
        assert d.address("sea").validation.state is ValidationState.ATTESTED

    def test_accepting_an_authoritys_changes(self) -> None:
        d = EmergencyDirectory().add_address(us_office())
        fixed = attrs.evolve(us_office().civic, city="SEATTLE")
        result = ValidationResult(verdict=Verdict.ACCEPTED_WITH_CHANGES, corrected=fixed)
        assert d.record_validation("sea", result).address("sea").civic.city == "Seattle"
        assert (
            d.record_validation("sea", result, accept_changes=True).address("sea").civic.city
            == "SEATTLE"
        )

    def test_unassign_keeps_the_location(self, estate: EmergencyDirectory) -> None:
        d = estate.unassign_number(US_NUMBER)
        assert (d.number(US_NUMBER).user, d.number(US_NUMBER).location_id) == (None, "sea-5")

    def test_usage_counts_numbers_and_users(self, estate: EmergencyDirectory) -> None:
        d = estate.acquire_number(US_NUMBER_2, "sea")
        usage = d.usage("sea")
        assert (usage.numbers, usage.users) == (2, 1)
        assert usage.locations == {"sea": (1, 0), "sea-5": (1, 1)}

    def test_queries(self, estate: EmergencyDirectory) -> None:
        assert [r.e164 for r in estate.numbers()] == [US_NUMBER, GB_NUMBER]
        assert estate.number("+1 (206) 555-0142").user == "ana"
        assert estate.location_owner("lon-2").id == "lon"
        assert (estate.address_count, estate.number_count) == (2, 2)
        with pytest.raises(NotFoundError):
            estate.dependents("nope")

    def test_an_injected_registry_is_used(self) -> None:
        from emergency_address import PolicyRegistry

        lax = EmergencyDirectory(registry=PolicyRegistry([]))
        # The conservative stand-in wants an address at every event.
        with pytest.raises(PolicyViolationError):
            lax.acquire_number(US_NUMBER)


class TestReplaceAddress:
    def test_the_numbers_move_over_and_the_old_address_goes(
        self, estate: EmergencyDirectory
    ) -> None:
        new = us_office("sea-new", validated=True).with_location(Location(id="sea-5", floor="5"))
        d = estate.acquire_number(US_NUMBER_2, "sea").replace_address("sea", new)
        assert [a.id for a in d.addresses()] == ["lon", "sea-new"]
        assert d.number(US_NUMBER).location_id == "sea-5"
        assert d.number(US_NUMBER_2).location_id == "sea-new"
        assert d.dependents("sea-new") == (US_NUMBER, US_NUMBER_2)

    def test_numbers_on_the_default_location_move_to_its_own_default_id(
        self, estate: EmergencyDirectory
    ) -> None:
        # Teams' addresses carry a DefaultLocationId of their own.
        teams = attrs.evolve(
            us_office("sea-new", validated=True), default_location_id="lobby", locations=()
        ).with_location(Location(id="sea-5", floor="5"))
        d = estate.acquire_number(US_NUMBER_2, "sea").replace_address("sea", teams)
        assert d.number(US_NUMBER_2).location_id == "lobby"
        back = d.replace_address(
            "sea-new", us_office("sea", validated=True).with_location(Location(id="sea-5"))
        )
        assert back.number(US_NUMBER_2).location_id == "sea"

    def test_the_new_address_must_be_validated(self, estate: EmergencyDirectory) -> None:
        refused(estate, ValidationStateError, "replace_address", "sea", us_office("x"))

    def test_a_location_in_use_must_exist_in_the_new_address(
        self, estate: EmergencyDirectory
    ) -> None:
        error = refused(
            estate, InvalidAddressError, "replace_address", "sea", us_office("x", validated=True)
        )
        assert "sea-5" in str(error)

    def test_all_or_nothing_when_a_moved_number_breaks_a_rule(
        self, estate: EmergencyDirectory
    ) -> None:
        abroad = gb_office("lon-new", validated=True).with_location(Location(id="sea-5"))
        refused(estate, PolicyViolationError, "replace_address", "sea", abroad)


# --- batches and bulk loading ---------------------------------------------------------------------


class TestApply:
    def test_a_batch_is_applied_in_order(self) -> None:
        d = EmergencyDirectory().apply(
            [
                ("add_address", gb_office()),
                ("record_validation", "lon", ACCEPTED),
                ("acquire_number", GB_NUMBER, "lon"),
                ("assign_number", {"number": GB_NUMBER, "user": "ben"}),
            ]
        )
        assert d.number(GB_NUMBER).user == "ben"

    def test_a_failing_batch_changes_nothing_and_says_where(
        self, estate: EmergencyDirectory
    ) -> None:
        before = pickle.dumps(estate)
        with pytest.raises(PolicyViolationError) as info:
            estate.apply([("release_number", US_NUMBER), ("acquire_number", "+442079460002")])
        assert any("command 1 (acquire_number)" in note for note in info.value.__notes__)
        assert pickle.dumps(estate) == before

    @pytest.mark.parametrize("command", [("explode",), "add_address", (), ("add_address", 1, 2, 3)])
    def test_malformed_commands_are_refused(self, estate: EmergencyDirectory, command: Any) -> None:
        with pytest.raises(InvalidAddressError, match=r"commands\[0\]"):
            estate.apply([command])


class TestBuild:
    def test_loads_an_estate_as_it_is_violations_included(self) -> None:
        d = EmergencyDirectory.build(
            addresses=[gb_office()],  # not validated
            numbers=[
                NumberRecord(PhoneNumber(GB_NUMBER), location_id="lon"),
                NumberRecord(PhoneNumber(US_NUMBER), user="ana"),
            ],  # no address at all
        )
        assert d.number_count == 2
        assert d.dependents("lon") == (GB_NUMBER,)

    def test_reports_every_malformed_record_with_its_index(self) -> None:
        with pytest.raises(InvalidAddressError) as info:
            EmergencyDirectory.build(
                addresses=[
                    gb_office(),
                    gb_office(),
                    us_office().with_location(Location(id="lon")),
                    "x",
                ],  # type: ignore[list-item]
                numbers=[
                    NumberRecord(PhoneNumber(GB_NUMBER), location_id="lon"),
                    NumberRecord(PhoneNumber(GB_NUMBER)),
                    NumberRecord(PhoneNumber(US_NUMBER), location_id="nowhere"),
                    None,  # type: ignore[list-item]
                ],
            )
        assert [(e.field, e.code) for e in info.value.errors] == [
            ("addresses[1].id", "DUPLICATE"),
            ("addresses[2].locations[1].id", "DUPLICATE"),
            ("addresses[3]", "INVALID_TYPE"),
            ("numbers[1].number", "DUPLICATE"),
            ("numbers[2].location_id", "UNKNOWN"),
            ("numbers[3]", "INVALID_TYPE"),
        ]

    def test_number_records_check_their_fields(self) -> None:
        with pytest.raises(InvalidAddressError) as info:
            NumberRecord("+12065550142", arrived="assignment", user="\x00")  # type: ignore[arg-type]
        assert [e.field for e in info.value.errors] == ["number", "arrived", "user"]
        assert (
            NumberRecord(PhoneNumber(US_NUMBER), arrived="port_in").arrived
            is AttachmentEvent.PORT_IN
        )  # type: ignore[arg-type]

    def test_a_built_directory_takes_commands(self) -> None:
        d = EmergencyDirectory.build(addresses=[gb_office(validated=True)])
        assert d.acquire_number(GB_NUMBER, "lon").dependents("lon") == (GB_NUMBER,)


# --- immutability, pickling, concurrency ---------------------------------------------------------


def test_a_directory_cannot_be_changed(estate: EmergencyDirectory) -> None:
    with pytest.raises(AttributeError):
        estate.registry = None  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del estate._numbers


def test_a_directory_pickles(estate: EmergencyDirectory) -> None:
    copy = pickle.loads(pickle.dumps(estate))
    assert copy == estate
    assert copy.dependents("sea") == (US_NUMBER,)
    assert copy.release_number(US_NUMBER).number_count == 1


def test_readers_see_consistent_versions_while_writers_make_new_ones() -> None:
    base = EmergencyDirectory().add_address(us_office(validated=True))
    numbers = [f"+120655501{i:02d}" for i in range(60)]
    versions: list[EmergencyDirectory] = [base]
    errors: list[str] = []
    done = threading.Event()

    def writer() -> None:
        current = base
        for number in numbers:
            current = current.acquire_number(number, "sea")
            versions.append(current)
        done.set()

    def reader() -> None:
        while not done.is_set() or len(versions) <= len(numbers):
            version = versions[-1]
            count = version.number_count
            if len(version.dependents("sea")) != count or len(version.numbers()) != count:
                errors.append(f"inconsistent version with {count} numbers")
            if count == len(numbers):
                return

    threads = [threading.Thread(target=reader) for _ in range(3)] + [
        threading.Thread(target=writer)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors
    assert [v.number_count for v in versions] == list(range(len(numbers) + 1))
    assert base.number_count == 0


# --- the stateful test: random commands against a simple model ------------------------------------

ADDRESS_IDS = ["a1", "a2", "a3"]
REGISTRATION_TIME = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)
LOCATION_IDS = ["L1", "L2"]
NUMBERS = [US_NUMBER, US_NUMBER_2, GB_NUMBER, GB_NUMBER_2]


class DirectoryMachine(RuleBasedStateMachine):
    """Random commands; after each, the invariants hold and a refusal changed nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.directory = EmergencyDirectory()

    def attempt(self, command: str, *args: Any) -> None:
        before = (self.directory.addresses(), self.directory.numbers())
        try:
            self.directory = getattr(self.directory, command)(*args)
        except (
            InvalidAddressError,
            DuplicateNumberError,
            NotFoundError,
            PolicyViolationError,
            AddressInUseError,
            ValidationStateError,
        ):
            assert (self.directory.addresses(), self.directory.numbers()) == before

    @rule(address_id=st.sampled_from(ADDRESS_IDS), country=st.sampled_from(["US", "GB"]))
    def add_address(self, address_id: str, country: str) -> None:
        self.attempt(
            "add_address", us_office(address_id) if country == "US" else gb_office(address_id)
        )

    @rule(address_id=st.sampled_from(ADDRESS_IDS))
    def validate(self, address_id: str) -> None:
        self.attempt("record_validation", address_id, ACCEPTED)

    @rule(address_id=st.sampled_from(ADDRESS_IDS), location_id=st.sampled_from(LOCATION_IDS))
    def add_location(self, address_id: str, location_id: str) -> None:
        self.attempt("add_location", address_id, Location(id=location_id, floor="1"))

    @rule(address_id=st.sampled_from(ADDRESS_IDS), location_id=st.sampled_from(LOCATION_IDS))
    def remove_location(self, address_id: str, location_id: str) -> None:
        self.attempt("remove_location", address_id, location_id)

    @rule(address_id=st.sampled_from(ADDRESS_IDS))
    def remove_address(self, address_id: str) -> None:
        self.attempt("remove_address", address_id)

    @rule(
        number=st.sampled_from(NUMBERS),
        where=st.sampled_from([None, *ADDRESS_IDS, *LOCATION_IDS]),
        ported=st.booleans(),
    )
    def acquire(self, number: str, where: str | None, ported: bool) -> None:
        self.attempt("acquire_number", number, where, ported)

    @rule(
        number=st.sampled_from(NUMBERS), where=st.sampled_from([None, *ADDRESS_IDS, *LOCATION_IDS])
    )
    def assign(self, number: str, where: str | None) -> None:
        self.attempt("assign_number", number, "user", where)

    @rule(
        number=st.sampled_from(NUMBERS), where=st.sampled_from([None, *ADDRESS_IDS, *LOCATION_IDS])
    )
    def move(self, number: str, where: str | None) -> None:
        self.attempt("set_number_location", number, where)

    @rule(number=st.sampled_from(NUMBERS))
    def unassign(self, number: str) -> None:
        self.attempt("unassign_number", number)

    @rule(number=st.sampled_from(NUMBERS))
    def release(self, number: str) -> None:
        self.attempt("release_number", number)

    @precondition(lambda self: self.directory.address_count > 0)
    @rule(data=st.data())
    def replace(self, data: st.DataObject) -> None:
        old = data.draw(st.sampled_from([a.id for a in self.directory.addresses()]))
        new_id = data.draw(st.sampled_from(ADDRESS_IDS))
        template = us_office if self.directory.address(old).civic.country == "US" else gb_office
        new = template(new_id, validated=True)
        for location in self.directory.address(old).locations:
            if location.id != old and not new.has_location(location.id):
                new = new.with_location(location)
        self.attempt("replace_address", old, new)

    @rule(
        number=st.sampled_from(NUMBERS),
        move=st.sampled_from(["request", "confirm", "fail", "unregister", "unregistered"]),
        where=st.sampled_from([*ADDRESS_IDS, *LOCATION_IDS]),
    )
    def registration(self, number: str, move: str, where: str) -> None:
        try:
            current = self.directory.number(number).registration
        except NotFoundError:
            return
        at = REGISTRATION_TIME
        moves = {
            "request": lambda: current.request(where, at=at, provider="twilio"),
            "confirm": lambda: current.confirm(at=at),
            "fail": lambda: current.fail("refused by the provider", at=at),
            "unregister": lambda: current.request_unregistration(at=at),
            "unregistered": lambda: current.confirm_unregistration(at=at),
        }
        try:
            new = moves[move]()
        except RegistrationStateError:
            # Transitions are pure: a refused move changed nothing.
            assert self.directory.number(number).registration == current
            return
        self.attempt("record_registration", number, new)
        assert self.directory.number(number).registration == new

    @invariant()
    def the_audit_reports_exactly_the_registrations_that_do_not_fit(self) -> None:
        flagged = {
            f.number for f in audit(self.directory).findings if f.code.value.startswith("REGISTR")
        }
        for record in self.directory.numbers():
            registration = record.registration
            fits = registration.is_active and registration.location_id == record.location_id
            if not registration.is_tracked or fits:
                assert record.e164 not in flagged, record

    @invariant()
    def no_number_is_bound_to_a_missing_address_or_location(self) -> None:
        for record in self.directory.numbers():
            if record.location_id is not None:
                owner = self.directory.location_owner(record.location_id)
                assert owner.has_location(record.location_id)

    @invariant()
    def dependents_match_the_numbers(self) -> None:
        bound: dict[str, set[str]] = {}
        for record in self.directory.numbers():
            if record.location_id is not None:
                owner = self.directory.location_owner(record.location_id).id
                bound.setdefault(owner, set()).add(record.e164)
        for address in self.directory.addresses():
            assert set(self.directory.dependents(address.id)) == bound.get(address.id, set())

    @invariant()
    def every_assigned_us_number_has_a_validated_address(self) -> None:
        for record in self.directory.numbers():
            if record.number.region == "US" and record.user is not None:
                assert record.location_id is not None
                owner = self.directory.location_owner(record.location_id)
                assert owner.is_validated

    @invariant()
    def every_acquired_gb_number_has_one(self) -> None:
        for record in self.directory.numbers():
            if record.number.region == "GB":
                assert record.location_id is not None
                assert self.directory.location_owner(record.location_id).is_validated


TestDirectoryMachine = DirectoryMachine.TestCase
TestDirectoryMachine.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)


def test_usage_names_locations_that_are_not_a_mapping() -> None:
    """Found by tests/test_robustness_registry.py: ``Usage(locations=" ")`` raised dict()'s
    bare ValueError."""
    from emergency_address import Usage

    with pytest.raises(TypeError, match="locations: expected a mapping, got str"):
        Usage(1, 1, " ")  # type: ignore[arg-type]


def test_messages_survive_an_int_too_long_to_print() -> None:
    """Found by tests/test_robustness_registry.py: messages quoted a 5,000-digit int with
    repr(), which raises a bare ValueError."""
    from emergency_address.exceptions import EmergencyAddressError, shown

    assert shown(10**5000) == "<int too long to show>"
    from emergency_address import PhoneNumber

    with pytest.raises(EmergencyAddressError, match="too long to show"):
        PhoneNumber.parse(10**5000)  # type: ignore[arg-type]
