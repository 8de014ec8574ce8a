"""The exceptions of `emergency_address`: one hierarchy, each also a builtin.

Every error derives from
[`EmergencyAddressError`][emergency_address.exceptions.EmergencyAddressError] and from the
builtin that fits (`ValueError` for a bad value, `LookupError` for something not found), so
callers can catch either. A value of the wrong type is not one of ours: it raises
the builtin `TypeError`, naming the parameter and the type expected.

Errors carry structured attributes next to their message: code that reacts to an error reads
``.errors``, ``.country`` or ``.dependents``, never the message text. Messages show at most a
short excerpt of the values they quote (a megabyte of input does not make a megabyte of
message); the attributes keep the values whole. An error with several problems puts each on a
line of its own.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from ._policy import Violation

__all__ = [
    "AddressInUseError",
    "ConfigurationError",
    "DuplicateNumberError",
    "DuplicatePolicyError",
    "EmergencyAddressError",
    "FieldError",
    "FormatWarning",
    "InvalidAddressError",
    "InvalidEventError",
    "InvalidNetworkError",
    "InvalidPhoneNumberError",
    "InvalidPolicyError",
    "InvalidPolicyTypeError",
    "InvalidTypeError",
    "LocationInUseError",
    "NotFoundError",
    "PidfError",
    "PlanRefusedError",
    "PolicyViolationError",
    "RegistrationStateError",
    "UnsupportedCountryError",
    "ValidationStateError",
]


# The most characters of one quoted value, and of one line, a message shows.
_VALUE_LIMIT = 60
_LINE_LIMIT = 400


def shown(value: object, limit: int = _VALUE_LIMIT) -> str:
    """``repr(value)`` for a message, shortened in the middle when longer than ``limit``; the
    type's name where Python cannot make the repr (an int of more than 4,300 digits raises
    ``ValueError``, ``sys.get_int_max_str_digits``).

    >>> shown("x" * 1_000_000)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxx…xxxxxxxxxxxxxxxxxxxxxxxxxx' (1,000,000 characters)"
    >>> shown(10**5000)
    '<int too long to show>'
    """
    if isinstance(value, str) and len(value) > limit:
        # Shorten before repr: repr of a megabyte costs a megabyte.
        half = (limit - 8) // 2
        head, tail = repr(value[:half])[1:-1], repr(value[-half:])[1:-1]
        return f"'{head}…{tail}' ({len(value):,} characters)"
    try:
        text = repr(value)
    except ValueError:
        return f"<{type(value).__name__} too long to show>"
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return f"{text[:half]}…{text[-half:]}"


def clip(line: str, limit: int = _LINE_LIMIT) -> str:
    """One line of a message, cut in the middle when longer than ``limit`` (a safety net for
    messages that quote a value whole)."""
    if len(line) <= limit:
        return line
    half = (limit - 30) // 2
    return f"{line[:half]} …[{len(line) - 2 * half:,} characters]… {line[-half:]}"


def wrong_type(parameter: str, expected: str, value: object) -> TypeError:
    """The builtin `TypeError` for ``value`` where ``expected`` was wanted, naming the parameter
    and the type found (never the value, which may be long or private).

    >>> wrong_type("registry", "PolicyRegistry or None", 3)
    TypeError('registry: expected PolicyRegistry or None, got int')
    """
    return TypeError(f"{parameter}: expected {expected}, got {type(value).__name__}")


class EmergencyAddressError(Exception):
    """The base of every error this library raises."""


def _lines(errors: tuple[FieldError, ...], what: str) -> str:
    if len(errors) == 1:
        field, _, message = errors[0]
        return clip(f"{field}: {message}")
    lines = "".join("\n  " + clip(f"{f}: {m}") for f, _, m in errors)
    return f"{len(errors)} {what}:{lines}"


class FieldError(NamedTuple):
    """One problem with one field of the input.

    ``field`` is the attribute name (``"postal_code"``, ``"locations[2].id"``), ``code`` one of a
    small stable vocabulary (``REQUIRED``, ``INVALID_TYPE``, ``INVALID_CHARACTER``, ``TOO_LONG``,
    ``UNKNOWN``, ``OUT_OF_RANGE``, ``DUPLICATE``, ``INVALID``), ``message`` a sentence for people.
    """

    field: str
    code: str
    message: str

    @classmethod
    def wrong_type(cls, field: str, expected: str, value: object, *, hint: str = "") -> FieldError:
        """The ``INVALID_TYPE`` error for ``value`` where ``expected`` was wanted.

        The message names the type ``value`` has, never its repr (which may be long or private);
        ``hint``, when given, follows it after a semicolon.
        """
        extra = f"; {hint}" if hint else ""
        return cls(field, "INVALID_TYPE", f"expected {expected}, got {type(value).__name__}{extra}")


class _FieldErrors(EmergencyAddressError, ValueError):
    """The errors that list field problems. When one of the problems is a value of the wrong
    type (code ``INVALID_TYPE``), the class named by ``_wrong_type`` (also a `TypeError`) is
    raised instead, with the same list."""

    errors: tuple[FieldError, ...]
    _what = "invalid fields"

    def __new__(cls, errors: Iterable[FieldError]) -> _FieldErrors:
        errors = tuple(errors)
        variant: type[_FieldErrors] | None = cls.__dict__.get("_wrong_type")
        if variant is not None and any(error.code == "INVALID_TYPE" for error in errors):
            cls = variant
        self = super().__new__(cls, errors)
        self.errors = errors  # read here, once: ``errors`` may be an iterator
        return self

    def __init__(self, errors: Iterable[FieldError]) -> None:
        super().__init__(_lines(self.errors, self._what))

    def __reduce__(self) -> tuple[type[_FieldErrors], tuple[tuple[FieldError, ...]]]:
        return (type(self), (self.errors,))


class InvalidAddressError(_FieldErrors):
    """Raised when an address, location or point cannot be built from the values given.

    When one of the problems is a value of the wrong type (code ``INVALID_TYPE``), the error
    raised is its subclass [`InvalidTypeError`][emergency_address.exceptions.InvalidTypeError],
    which is also the builtin `TypeError`: ``except TypeError`` sees it, and the list of every
    field problem is still there.

    Attributes:
        errors: every field problem found, in field order; never just the first.
    """


class InvalidNetworkError(InvalidAddressError):
    """Raised when a network element, a client's network report or a network map cannot be built.

    A subclass of [InvalidAddressError][emergency_address.exceptions.InvalidAddressError]: code
    that reads addresses and network elements from one file catches both with one clause.

    Attributes:
        errors: every field problem found, never just the first.
    """


class InvalidTypeError(InvalidAddressError, TypeError):
    """An [`InvalidAddressError`][emergency_address.exceptions.InvalidAddressError] in which a
    value has the wrong type: also the builtin `TypeError`, so that wrong types are caught as
    such. Its message names each field and the type expected."""


class InvalidPolicyError(_FieldErrors):
    """Raised when a country policy, a rule or a source cannot be built from the values given
    (an unknown country or field, a rule without a source). As with addresses, a value of the
    wrong type makes it
    [`InvalidPolicyTypeError`][emergency_address.exceptions.InvalidPolicyTypeError], also the
    builtin `TypeError`.

    Attributes:
        errors: every field problem found, in field order.
    """

    _what = "invalid policy fields"


class InvalidPolicyTypeError(InvalidPolicyError, TypeError):
    """An [`InvalidPolicyError`][emergency_address.exceptions.InvalidPolicyError] in which a
    value has the wrong type: also the builtin `TypeError`."""


InvalidAddressError._wrong_type = InvalidTypeError  # type: ignore[attr-defined]
InvalidPolicyError._wrong_type = InvalidPolicyTypeError  # type: ignore[attr-defined]


class InvalidEventError(EmergencyAddressError, ValueError):
    """Raised when an attachment event is not one of ``acquisition``, ``port_in`` or
    ``assignment``.

    Attributes:
        value: what was given, unchanged.
        allowed: the event values accepted.
    """

    def __init__(self, value: object, allowed: Iterable[str]) -> None:
        self.value = value
        self.allowed = tuple(allowed)
        message = f"event: expected one of {', '.join(self.allowed)}, got {shown(value)}"
        if isinstance(value, str):
            close = difflib.get_close_matches(value.lower()[:64], self.allowed, n=1)
            if close:
                message += f"; did you mean {close[0]!r}?"
        super().__init__(message)

    def __reduce__(self) -> tuple[type[InvalidEventError], tuple[object, tuple[str, ...]]]:
        return (type(self), (self.value, self.allowed))


class DuplicateNumberError(EmergencyAddressError, ValueError):
    """Raised when a number is added to a directory that holds it already.

    Attributes:
        number: the number's E.164 string.
    """

    def __init__(self, number: str) -> None:
        self.number = number
        super().__init__(
            f"{shown(number)} is already in the directory; use set_number_location or "
            "assign_number to change it"
        )

    def __reduce__(self) -> tuple[type[DuplicateNumberError], tuple[str]]:
        return (type(self), (self.number,))


class InvalidPhoneNumberError(EmergencyAddressError, ValueError):
    """Raised when a text is not a valid, possible telephone number.

    Attributes:
        input: what was given, unchanged (it may not even be a string).
        reason: why it was refused, as a sentence.
    """

    def __init__(self, input: object, reason: str) -> None:
        self.input = input
        self.reason = reason
        super().__init__(clip(f"{shown(input)} is not a valid phone number: {reason}"))

    def __reduce__(self) -> tuple[type[InvalidPhoneNumberError], tuple[object, str]]:
        return (type(self), (self.input, self.reason))


class NotFoundError(EmergencyAddressError, LookupError):
    """Raised when an id, a number or a location asked for does not exist.

    Attributes:
        kind: what was looked for (``"address"``, ``"location"``, ``"number"``).
        key: the id or number that was not found.
    """

    def __init__(self, kind: str, key: str, detail: str = "") -> None:
        self.kind = kind
        self.key = key
        self.detail = detail
        super().__init__(clip(f"no {kind} {shown(key)}" + (f" {detail}" if detail else "")))

    def __reduce__(self) -> tuple[type[NotFoundError], tuple[str, str, str]]:
        return (type(self), (self.kind, self.key, self.detail))


class UnsupportedCountryError(EmergencyAddressError, LookupError):
    """Raised when a registry holds no policy for a country and was asked not to guess.

    Attributes:
        country: the country asked for, as given (normalised to alpha-2 where it is one).
    """

    def __init__(self, country: str, detail: str = "") -> None:
        self.country = country
        self.detail = detail
        message = f"no emergency-address policy for country {shown(country)}"
        super().__init__(clip(f"{message}: {detail}" if detail else message))

    def __reduce__(self) -> tuple[type[UnsupportedCountryError], tuple[str, str]]:
        return (type(self), (self.country, self.detail))


class DuplicatePolicyError(EmergencyAddressError, ValueError):
    """Raised when a registry is given two policies for one country without ``replace=True``.

    Attributes:
        country: the alpha-2 code that clashed.
    """

    def __init__(self, country: str) -> None:
        self.country = country
        super().__init__(
            f"a policy for {shown(country)} is already registered; pass replace=True to replace it"
        )

    def __reduce__(self) -> tuple[type[DuplicatePolicyError], tuple[str]]:
        return (type(self), (self.country,))


class PolicyViolationError(EmergencyAddressError, ValueError):
    """Raised when a number command or
    [`Decision.raise_for_violations`][emergency_address.Decision.raise_for_violations] meets
    violations.

    One violation makes a one-line message; several make a line each, after a count.

    Attributes:
        violations: every violation found, each with a stable ``code`` and a message.
    """

    def __init__(self, violations: Iterable[Violation]) -> None:
        self.violations = tuple(violations)
        if len(self.violations) == 1:
            message = clip(self.violations[0].message)
        elif self.violations:
            message = f"{len(self.violations)} policy violations:" + "".join(
                "\n  " + clip(f"{v.code}: {v.message}") for v in self.violations
            )
        else:
            message = "policy violated"
        super().__init__(message)

    def __reduce__(self) -> tuple[type[PolicyViolationError], tuple[tuple[Violation, ...]]]:
        return (type(self), (self.violations,))


class ValidationStateError(EmergencyAddressError, ValueError):
    """Raised when a validation record is asked to move along a transition that does not exist."""


class AddressInUseError(EmergencyAddressError, ValueError):
    """Raised when an address or location would be removed while numbers depend on it.

    Attributes:
        address_id: the address that was to be removed (or that owns the location).
        dependents: the E.164 numbers bound to it, sorted.
    """

    def __init__(self, address_id: str, dependents: Iterable[str], what: str = "address") -> None:
        self.address_id = address_id
        self.dependents = tuple(sorted(dependents))
        self.what = what
        first = ", ".join(self.dependents[:5])
        more = f" and {len(self.dependents) - 5} more" if len(self.dependents) > 5 else ""
        super().__init__(
            f"cannot remove {what} {shown(address_id)}: {len(self.dependents)} number(s) depend "
            f"on it ({first}{more}); move or release them first"
        )

    def __reduce__(self) -> tuple[type[AddressInUseError], tuple[str, tuple[str, ...], str]]:
        return (type(self), (self.address_id, self.dependents, self.what))


class LocationInUseError(EmergencyAddressError, ValueError):
    """Raised when a location (or an address) would be removed while network elements of the
    directory's network map still point at it.

    Attributes:
        location_id: the location (or address) that was to be removed.
        elements: the network elements that point at it (or at one of the address's
            locations), in the network map's order.
        what: ``"location"`` or ``"address"``.
    """

    def __init__(
        self, location_id: str, elements: Iterable[object], what: str = "location"
    ) -> None:
        self.location_id = location_id
        self.elements = tuple(elements)
        self.what = what
        first = ", ".join(str(e) for e in self.elements[:5])
        more = f" and {len(self.elements) - 5} more" if len(self.elements) > 5 else ""
        super().__init__(
            f"cannot remove {what} {shown(location_id)}: {len(self.elements)} network element(s)"
            f" point at it ({first}{more}); point them elsewhere or remove them from the network"
            " map first"
        )

    def __reduce__(
        self,
    ) -> tuple[type[LocationInUseError], tuple[str, tuple[object, ...], str]]:
        return (type(self), (self.location_id, self.elements, self.what))


class ConfigurationError(EmergencyAddressError, ValueError):
    """Raised when the library is set up wrongly: an empty chain, an async validator where a
    synchronous one is needed, an object that is not a validator."""


class PidfError(EmergencyAddressError, ValueError):
    """Raised when a PIDF-LO document or civic address element cannot be read safely."""


class RegistrationStateError(EmergencyAddressError, ValueError):
    """Raised when a number's provider registration is asked to move along a transition that
    does not exist (confirming a registration nobody requested, say)."""


class PlanRefusedError(EmergencyAddressError, ValueError):
    """Raised by ``Plan.raise_for_refusals()`` when a plan set commands aside.

    Attributes:
        refusals: the refused commands with their reasons.
    """

    def __init__(self, refusals: Iterable[Any]) -> None:
        self.refusals = tuple(refusals)
        lines = [f"{len(self.refusals)} planned command(s) refused:"]
        lines += [clip(f"  {r.command.summary}: {r.reason}") for r in self.refusals[:20]]
        if len(self.refusals) > 20:
            lines.append(f"  and {len(self.refusals) - 20} more")
        super().__init__("\n".join(lines))

    def __reduce__(self) -> tuple[type[PlanRefusedError], tuple[tuple[Any, ...]]]:
        return (type(self), (self.refusals,))


class FormatWarning(UserWarning):
    """Warned when a format cannot carry something it was given, or its target would refuse it.

    A writer never drops a value in silence: what its format has no place for (a validator's
    result in a Teams CSV, say) is named in one of these, and the rest is written.
    """
