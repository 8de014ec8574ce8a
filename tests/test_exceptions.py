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
