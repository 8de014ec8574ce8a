"""A number's registration with its provider: states, pure transitions, provider vocabularies."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

from emergency_address import Registration, RegistrationState
from emergency_address._registration import NOT_TRACKED, PROVIDER_STATES
from emergency_address.exceptions import InvalidAddressError, RegistrationStateError

T0 = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
T1 = T0 + dt.timedelta(minutes=5)
S = RegistrationState


def registered() -> Registration:
    return Registration().request("lon-2", at=T0, provider="twilio", reference="AD1").confirm(at=T1)


def test_a_new_registration_is_not_tracked_and_is_the_shared_constant() -> None:
    assert Registration() == NOT_TRACKED
    assert not NOT_TRACKED.is_tracked
    assert pickle.loads(pickle.dumps(NOT_TRACKED)) is NOT_TRACKED


def test_the_happy_path_registers_then_unregisters() -> None:
    pending = Registration().request("lon-2", at=T0, provider="twilio")
    assert (pending.state, pending.location_id, pending.requested_at) == (
        S.PENDING_REGISTRATION,
        "lon-2",
        T0,
    )
    done = pending.confirm(at=T1, reference="AD1")
    assert done.is_active
    assert done.reference == "AD1"
    assert done.updated_at == T1
    leaving = done.request_unregistration(at=T1)
    assert leaving.state is S.PENDING_UNREGISTRATION
    assert leaving.may_hold_address
    gone = leaving.confirm_unregistration(at=T1)
    assert gone.state is S.UNREGISTERED
    assert gone.location_id is None
    assert not gone.may_hold_address


def test_a_failure_keeps_the_error_until_a_later_success() -> None:
    failed = Registration().request("lon-2", at=T0).fail("address not found in MSAG", at=T1)
    assert failed.state is S.REGISTRATION_FAILED
    assert failed.last_error == "address not found in MSAG"
    retried = failed.request("lon-2", at=T1).confirm(at=T1)
    assert retried.last_error is None
    assert retried.is_active


def test_an_unregistration_can_fail_and_the_provider_may_still_hold_the_address() -> None:
    stuck = registered().request_unregistration(at=T1).fail("carrier timeout", at=T1)
    assert stuck.state is S.UNREGISTRATION_FAILED
    assert stuck.may_hold_address


@pytest.mark.parametrize(
    ("start", "move"),
    [
        (Registration(), lambda r: r.confirm(at=T0)),
        (Registration(), lambda r: r.fail("x", at=T0)),
        (Registration(), lambda r: r.request_unregistration(at=T0)),
        (Registration(), lambda r: r.confirm_unregistration(at=T0)),
        (Registration().request("a", at=T0), lambda r: r.request("b", at=T0)),
        (Registration().request("a", at=T0), lambda r: r.request_unregistration(at=T0)),
        (registered(), lambda r: r.confirm(at=T0)),
        (registered().request_unregistration(at=T0), lambda r: r.request("a", at=T0)),
    ],
)
def test_impossible_moves_are_refused_and_change_nothing(start: Registration, move: object) -> None:
    before = pickle.dumps(start)
    with pytest.raises(RegistrationStateError, match="cannot"):
        move(start)  # type: ignore[operator]
    assert pickle.dumps(start) == before


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"state": "registered"}, "location_id"),
        ({"state": "pending-registration"}, "location_id"),
        ({"state": "registration-failure", "location_id": "a"}, "last_error"),
        ({"state": "not-tracked", "location_id": "a"}, "location_id"),
        ({"state": "registred"}, "state"),
        ({"requested_at": dt.datetime(2026, 1, 1)}, "requested_at"),
        ({"updated_at": "2026-01-01"}, "updated_at"),
    ],
)
def test_records_that_cannot_exist_cannot_be_built(fields: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidAddressError) as raised:
        Registration(**fields)  # type: ignore[arg-type]
    assert field in {e.field for e in raised.value.errors}


@pytest.mark.parametrize(
    ("provider", "status", "state"),
    [
        ("twilio", "registered", S.REGISTERED),
        ("twilio", "pending-unregistration", S.PENDING_UNREGISTRATION),
        ("Twilio", "unregistration-failure", S.UNREGISTRATION_FAILED),
        ("telnyx", "pending", S.PENDING_REGISTRATION),
        ("telnyx", "activated", S.REGISTERED),
        ("telnyx", "rejected", S.REGISTRATION_FAILED),
        ("bandwidth", "PROCESSING", S.PENDING_REGISTRATION),
        ("bandwidth", "ADJUSTED_COMPLETE", S.REGISTERED),
        ("bandwidth", "PARTIAL", S.REGISTRATION_FAILED),
    ],
)
def test_provider_status_words_map_onto_the_states(
    provider: str, status: str, state: RegistrationState
) -> None:
    registration = Registration.from_provider(
        provider, status, location_id="lon", error="refused" if "fail" in state.value else None
    )
    assert registration.state is state
    assert registration.provider == provider.lower()


def test_every_twilio_state_is_reachable_from_the_provider_table() -> None:
    assert set(PROVIDER_STATES["twilio"].values()) == set(S) - {S.NOT_TRACKED}


def test_unknown_providers_and_words_name_what_is_known() -> None:
    with pytest.raises(InvalidAddressError, match="bandwidth, telnyx, twilio"):
        Registration.from_provider("vonage", "ok")
    with pytest.raises(InvalidAddressError, match="activated"):
        Registration.from_provider("telnyx", "active")
    with pytest.raises(TypeError, match="status"):
        Registration.from_provider("telnyx", None)  # type: ignore[arg-type]
