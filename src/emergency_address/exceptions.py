"""The exceptions of :mod:`emergency_address`: one hierarchy, each also a builtin.

Every error derives from :class:`EmergencyAddressError` and from the builtin that fits
(:class:`ValueError` for bad input, :class:`LookupError` for something not found), so callers can
catch either. Errors carry structured attributes next to their message: code that reacts to an
error reads ``.errors``, ``.country`` or ``.dependents``, never the message text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from ._policy import Violation

__all__ = [
    "AddressInUseError",
    "ConfigurationError",
    "DuplicatePolicyError",
    "EmergencyAddressError",
    "FieldError",
    "FormatWarning",
    "InvalidAddressError",
    "InvalidNetworkError",
    "InvalidPhoneNumberError",
    "LocationInUseError",
    "NotFoundError",
    "PidfError",
    "PlanRefusedError",
    "PolicyViolationError",
    "RegistrationStateError",
    "UnsupportedCountryError",
    "ValidationStateError",
]


class EmergencyAddressError(Exception):
    """The base of every error this library raises."""


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


class InvalidAddressError(EmergencyAddressError, ValueError):
    """Raised when an address, location or point cannot be built from the values given.

    Attributes:
        errors: every field problem found, in field order; never just the first.
    """

    errors: tuple[FieldError, ...]

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__(self._message())

    def _message(self) -> str:
        if len(self.errors) == 1:
            field, _, message = self.errors[0]
            return f"{field}: {message}"
        lines = "".join(f"\n  {f}: {m}" for f, _, m in self.errors)
        return f"{len(self.errors)} invalid fields:{lines}"

    def __reduce__(self) -> tuple[type[InvalidAddressError], tuple[tuple[FieldError, ...]]]:
        return (type(self), (self.errors,))


class InvalidNetworkError(InvalidAddressError):
    """Raised when a network element, a client's network report or a network map cannot be built.

    A subclass of [InvalidAddressError][emergency_address.exceptions.InvalidAddressError]: code
    that reads addresses and network elements from one file catches both with one clause.

    Attributes:
        errors: every field problem found, never just the first.
    """


class InvalidPhoneNumberError(EmergencyAddressError, ValueError):
    """Raised when a text is not a valid, possible telephone number.

    Attributes:
        input: what was given, unchanged (it may not even be a string).
        reason: why it was refused, as a sentence.
    """

    def __init__(self, input: object, reason: str) -> None:
        self.input = input
        self.reason = reason
        super().__init__(f"{input!r} is not a valid phone number: {reason}")

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
        super().__init__(f"no {kind} {key!r}" + (f" {detail}" if detail else ""))

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
        message = f"no emergency-address policy for country {country!r}"
        super().__init__(f"{message}: {detail}" if detail else message)

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
            f"a policy for {country!r} is already registered; pass replace=True to replace it"
        )

    def __reduce__(self) -> tuple[type[DuplicatePolicyError], tuple[str]]:
        return (type(self), (self.country,))


class PolicyViolationError(EmergencyAddressError, ValueError):
    """Raised when a number command or :meth:`Decision.raise_for_violations` meets violations.

    Attributes:
        violations: every violation found, each with a stable ``code`` and a message.
    """

    def __init__(self, violations: Iterable[Violation]) -> None:
        self.violations = tuple(violations)
        lines = "; ".join(v.message for v in self.violations)
        super().__init__(lines or "policy violated")

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
        shown = ", ".join(self.dependents[:5])
        more = f" and {len(self.dependents) - 5} more" if len(self.dependents) > 5 else ""
        super().__init__(
            f"cannot remove {what} {address_id!r}: {len(self.dependents)} number(s) depend on it"
            f" ({shown}{more}); move or release them first"
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
        shown = ", ".join(str(e) for e in self.elements[:5])
        more = f" and {len(self.elements) - 5} more" if len(self.elements) > 5 else ""
        super().__init__(
            f"cannot remove {what} {location_id!r}: {len(self.elements)} network element(s)"
            f" point at it ({shown}{more}); point them elsewhere or remove them from the network"
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
        lines += [f"  {r.command.summary}: {r.reason}" for r in self.refusals[:20]]
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
