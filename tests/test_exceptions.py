"""The exception hierarchy: one base, each error also the builtin that fits, all picklable."""

from __future__ import annotations

import pickle

import pytest

from emergency_address import exceptions as exc
from emergency_address.exceptions import FieldError

ALL = [
    (exc.InvalidAddressError([FieldError("city", "TOO_LONG", "too long")]), ValueError),
    (exc.InvalidPhoneNumberError("12", "too short"), ValueError),
    (exc.NotFoundError("address", "hq"), LookupError),
    (exc.UnsupportedCountryError("ZZ"), LookupError),
    (exc.DuplicatePolicyError("GB"), ValueError),
    (exc.PolicyViolationError([]), ValueError),
    (exc.ValidationStateError("no"), ValueError),
    (exc.AddressInUseError("hq", ["+442079460000"]), ValueError),
    (exc.PidfError("bad"), ValueError),
    (exc.InvalidPolicyError([FieldError("sources", "REQUIRED", "needed")]), ValueError),
    (exc.InvalidEventError("acquisiton", ["acquisition", "port_in"]), ValueError),
    (exc.DuplicateNumberError("+442079460000"), ValueError),
    (exc.ConfigurationError("no"), ValueError),
    (exc.InvalidAddressError([FieldError.wrong_type("city", "text", 5)]), TypeError),
    (exc.InvalidPolicyError([FieldError.wrong_type("rules", "a tuple of Rule", 5)]), TypeError),
    (exc.RegistrationStateError("no"), ValueError),
    (exc.PlanRefusedError([]), ValueError),
    (exc.InvalidNetworkError([FieldError("bssid", "INVALID", "not a MAC")]), ValueError),
    (exc.LocationInUseError("lon-2", ["10.0.0.0/8"]), ValueError),
]


@pytest.mark.parametrize(("error", "builtin"), ALL, ids=lambda x: type(x).__name__)
def test_each_error_is_ours_and_a_builtin(error: Exception, builtin: type) -> None:
    assert isinstance(error, exc.EmergencyAddressError)
    assert isinstance(error, builtin)


@pytest.mark.parametrize(("error", "builtin"), ALL, ids=lambda x: type(x).__name__)
def test_each_error_survives_pickling_with_its_attributes(error: Exception, builtin: type) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert vars(copy) == vars(error)


def test_invalid_address_error_lists_every_field() -> None:
    error = exc.InvalidAddressError(
        [FieldError("city", "TOO_LONG", "at most 64"), FieldError("country", "REQUIRED", "needed")]
    )
    assert [e.field for e in error.errors] == ["city", "country"]
    assert "2 invalid fields" in str(error)
    assert "city: at most 64" in str(error)


def test_address_in_use_error_sorts_and_shortens_its_dependents() -> None:
    numbers = [f"+4420794600{i:02d}" for i in range(7, 0, -1)]
    error = exc.AddressInUseError("hq", numbers)
    assert error.dependents == tuple(sorted(numbers))
    assert "7 number(s)" in str(error)
    assert "and 2 more" in str(error)


def test_every_public_error_is_tested_above() -> None:
    tested = {type(error) for error, _ in ALL}
    public = {
        getattr(exc, name)
        for name in exc.__all__
        if isinstance(getattr(exc, name), type)
        and issubclass(getattr(exc, name), exc.EmergencyAddressError)
    }
    assert public - {exc.EmergencyAddressError} == tested


def test_an_event_typo_is_named_with_the_fix() -> None:
    error = exc.InvalidEventError("acquisiton", ["acquisition", "port_in", "assignment"])
    assert str(error) == (
        "event: expected one of acquisition, port_in, assignment, got 'acquisiton'; "
        "did you mean 'acquisition'?"
    )


def _violations(count: int) -> list[object]:
    from emergency_address import Violation, ViolationCode

    return [
        Violation(
            code=ViolationCode.MISSING_FIELD, message=f"+12065550100 at assignment: no field {i}"
        )
        for i in range(count)
    ]


def test_several_violations_make_a_line_each() -> None:
    error = exc.PolicyViolationError(_violations(7))  # type: ignore[arg-type]
    lines = str(error).splitlines()
    assert lines[0] == "7 policy violations:"
    assert len(lines) == 8
    assert lines[1] == "  MISSING_FIELD: +12065550100 at assignment: no field 0"


def test_one_violation_is_one_line() -> None:
    error = exc.PolicyViolationError(_violations(1))  # type: ignore[arg-type]
    assert str(error) == "+12065550100 at assignment: no field 0"


BIG = "x" * 1_000_000


def _raise_with_big_input() -> list[tuple[str, object]]:
    from emergency_address import CivicAddress, EmergencyAddress, PhoneNumber, default_registry

    return [
        ("country", lambda: CivicAddress(country=BIG)),
        ("phone", lambda: PhoneNumber.parse(BIG)),
        ("event", lambda: default_registry().decide("+12065550100", BIG)),
        ("policy", lambda: default_registry().get(BIG)),
        (
            "location",
            lambda: EmergencyAddress(id="a", civic=CivicAddress(country="US")).location(BIG),
        ),
    ]


@pytest.mark.parametrize(("case", "call"), _raise_with_big_input(), ids=lambda x: str(x)[:10])
def test_a_megabyte_of_input_makes_a_short_message(case: str, call: object) -> None:
    with pytest.raises(exc.EmergencyAddressError) as caught:
        call()  # type: ignore[operator]
    assert len(str(caught.value)) < 1_000, case
    assert "1,000,000 characters" in str(caught.value) or "characters]" in str(caught.value)


def test_shown_keeps_short_values_whole_and_shortens_long_ones() -> None:
    assert exc.shown("abc") == "'abc'"
    assert exc.shown(BIG) == f"'{'x' * 26}…{'x' * 26}' (1,000,000 characters)"
    assert len(exc.shown(list(range(10_000)))) <= 60


def test_wrong_type_names_the_parameter_and_the_type() -> None:
    error = exc.wrong_type("registry", "PolicyRegistry or None", [1, 2])
    assert type(error) is TypeError
    assert str(error) == "registry: expected PolicyRegistry or None, got list"


def test_a_wrong_type_is_a_type_error_that_still_lists_every_field() -> None:
    from emergency_address import CivicAddress

    with pytest.raises(TypeError) as caught:
        CivicAddress(country="US", city=5, postal_code="x" * 2000)  # type: ignore[arg-type]
    error = caught.value
    assert isinstance(error, exc.InvalidTypeError)
    assert isinstance(error, exc.InvalidAddressError)
    assert [e.code for e in error.errors] == ["INVALID_TYPE", "TOO_LONG"]
    assert "city: expected text, got int" in str(error)


def test_wrong_values_alone_are_not_type_errors() -> None:
    error = exc.InvalidAddressError([FieldError("city", "TOO_LONG", "too long")])
    assert type(error) is exc.InvalidAddressError
    assert not isinstance(error, TypeError)


def test_an_iterator_of_errors_is_read_once_and_kept() -> None:
    error = exc.InvalidAddressError(iter([FieldError.wrong_type("city", "text", 5)]))
    assert isinstance(error, exc.InvalidTypeError)
    assert len(error.errors) == 1


def test_a_subclass_keeps_its_own_class_with_a_wrong_type() -> None:
    class Special(exc.InvalidAddressError):
        pass

    error = Special([FieldError.wrong_type("city", "text", 5)])
    assert type(error) is Special
