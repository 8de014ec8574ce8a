"""A number's registration with its provider: separate from validating the address.

Validating an address asks an authority whether the address exists and routes. Registering a
number asks the provider (Twilio, Telnyx, Bandwidth, Microsoft) to deliver that number's
emergency calls with that address. The two fail independently: a validated address whose
registration failed still sends the caller's 911 call to a national call centre (Twilio's
Emergency Calling page says so for numbers without a registered address).

The states are Twilio's ``EmergencyAddressStatus`` values, the most complete public vocabulary;
Telnyx and Bandwidth map onto them (see `PROVIDER_STATES`). A registration the integrator does not
track is [`NOT_TRACKED`][emergency_address.RegistrationState.NOT_TRACKED], one shared constant, and
the audit says nothing about it. Every transition is pure: it returns a new
[`Registration`][emergency_address.Registration] or raises
[`RegistrationStateError`][emergency_address.exceptions.RegistrationStateError] and the old one
stays as it was.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from ._text import clean_text
from .exceptions import FieldError, InvalidAddressError, RegistrationStateError

_TEXT_LIMIT = 1024


class RegistrationState(enum.StrEnum):
    """Where a number's registration with its provider stands (Twilio's vocabulary)."""

    NOT_TRACKED = "not-tracked"
    """The integrator does not track this number's registration; the audit says nothing."""
    UNREGISTERED = "unregistered"
    """The provider holds no emergency address for the number."""
    PENDING_REGISTRATION = "pending-registration"
    """Asked to register; the provider has not confirmed yet."""
    REGISTERED = "registered"
    """The provider delivers the number's emergency calls with the registered address."""
    REGISTRATION_FAILED = "registration-failure"
    """The provider refused or failed the registration; ``last_error`` says why."""
    PENDING_UNREGISTRATION = "pending-unregistration"
    """Asked to remove the registration; the provider may still hold the address."""
    UNREGISTRATION_FAILED = "unregistration-failure"
    """The provider failed to remove the registration; it may still hold the old address."""


_S = RegistrationState

#: Each provider's status words and the state they map to. Sources:
#: Twilio: IncomingPhoneNumber ``emergency_address_status``
#: (https://twilio.com/changelog/changes-to-the-emergency-calling-api);
#: Telnyx: dynamic emergency address and endpoint ``status`` ``pending``/``activated``/``rejected``
#: (https://developers.telnyx.com/api-reference/dynamic-emergency-addresses/list-dynamic-emergency-addresses);
#: Bandwidth: ``e911s`` order states ``RECEIVED``, ``PROCESSING``, ``COMPLETE``,
#: ``ADJUSTED_COMPLETE``, ``PARTIAL``, ``ADJUSTED_PARTIAL``, ``FAILED``
#: (https://dev.bandwidth.com/account/subscriptions/about.html). Telnyx and Bandwidth report no
#: unregistration states; a Bandwidth ``PARTIAL`` order did not register every number of the
#: order, so for the one number it is read as a failure, the safer reading.
PROVIDER_STATES: Final[Mapping[str, Mapping[str, RegistrationState]]] = MappingProxyType(
    {
        "twilio": MappingProxyType({s.value: s for s in _S if s is not _S.NOT_TRACKED}),
        "telnyx": MappingProxyType(
            {
                "pending": _S.PENDING_REGISTRATION,
                "activated": _S.REGISTERED,
                "rejected": _S.REGISTRATION_FAILED,
            }
        ),
        "bandwidth": MappingProxyType(
            {
                "RECEIVED": _S.PENDING_REGISTRATION,
                "PROCESSING": _S.PENDING_REGISTRATION,
                "COMPLETE": _S.REGISTERED,
                "ADJUSTED_COMPLETE": _S.REGISTERED,
                "PARTIAL": _S.REGISTRATION_FAILED,
                "ADJUSTED_PARTIAL": _S.REGISTRATION_FAILED,
                "FAILED": _S.REGISTRATION_FAILED,
            }
        ),
    }
)

# The moves each transition allows: from these states, to that one.
_CAN_REQUEST = (_S.NOT_TRACKED, _S.UNREGISTERED, _S.REGISTRATION_FAILED, _S.REGISTERED)
_CAN_UNREGISTER = (_S.REGISTERED, _S.UNREGISTRATION_FAILED, _S.REGISTRATION_FAILED)
# States in which the provider may still hold an address for the number.
_HOLDS_ADDRESS = (_S.REGISTERED, _S.PENDING_UNREGISTRATION, _S.UNREGISTRATION_FAILED)


def _check_time(field: str, value: object, errors: list[FieldError]) -> None:
    if value is None:
        return
    if not isinstance(value, dt.datetime):
        errors.append(FieldError.wrong_type(field, "a timezone-aware datetime or None", value))
    elif value.utcoffset() is None:
        errors.append(
            FieldError(field, "INVALID", "expected a timezone-aware datetime, got a naive one")
        )


@attrs.frozen(kw_only=True, weakref_slot=False)
class Registration:
    """A number's emergency-address registration with its provider.

    ``Registration()`` is [`NOT_TRACKED`][emergency_address.RegistrationState.NOT_TRACKED]. Build
    the others with the transitions ([request][emergency_address.Registration.request], ``confirm``,
    ``fail``, ``request_unregistration``, ``confirm_unregistration``) or, from a provider's status
    word, with [from_provider][emergency_address.Registration.from_provider].

    Attributes:
        state: the [RegistrationState][emergency_address.RegistrationState].
        location_id: the location whose address the provider was asked to register (the number
            may since have been bound elsewhere: the audit compares the two).
        provider: the provider's name (``"twilio"``), as the integrator calls it.
        reference: the provider's id for the registration (an address or order id).
        last_error: the provider's last error, kept until a later success.
        requested_at: when the current registration or unregistration was asked for.
        updated_at: when the provider last reported a state.

    Examples:
        >>> import datetime as dt
        >>> t = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)
        >>> r = Registration().request("lon-2", at=t, provider="twilio", reference="AD123")
        >>> r.state.value
        'pending-registration'
        >>> r.confirm(at=t).is_active
        True
    """

    state: RegistrationState = RegistrationState.NOT_TRACKED
    location_id: str | None = None
    provider: str | None = None
    reference: str | None = None
    last_error: str | None = None
    requested_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        set_ = object.__setattr__
        try:
            set_(self, "state", RegistrationState(self.state))
        except (ValueError, TypeError):
            allowed = ", ".join(repr(s.value) for s in RegistrationState)
            errors.append(FieldError("state", "INVALID", f"expected one of {allowed}"))
        for name in ("location_id", "provider", "reference", "last_error"):
            set_(self, name, clean_text(name, getattr(self, name), _TEXT_LIMIT, errors))
        _check_time("requested_at", self.requested_at, errors)
        _check_time("updated_at", self.updated_at, errors)
        if not errors:
            self._check_consistent(errors)
        if errors:
            raise InvalidAddressError(errors)

    def _check_consistent(self, errors: list[FieldError]) -> None:
        state = self.state
        if state is _S.NOT_TRACKED:
            extra = [n for n in ("location_id", "reference", "last_error") if getattr(self, n)]
            if extra:
                message = "a registration that is not tracked holds no data"
                errors.append(FieldError(extra[0], "INVALID", message))
        elif state in (_S.PENDING_REGISTRATION, _S.REGISTERED) and self.location_id is None:
            errors.append(
                FieldError(
                    "location_id",
                    "REQUIRED",
                    f"a {state.value} registration names the location it registers",
                )
            )
        if state in (_S.REGISTRATION_FAILED, _S.UNREGISTRATION_FAILED) and not self.last_error:
            errors.append(
                FieldError("last_error", "REQUIRED", f"a {state.value} registration says why")
            )

    # --- reading --------------------------------------------------------------------------------

    @property
    def is_tracked(self) -> bool:
        """Whether the integrator tracks this registration at all."""
        return self.state is not _S.NOT_TRACKED

    @property
    def is_active(self) -> bool:
        """Whether the provider confirmed the registration and no removal is under way."""
        return self.state is _S.REGISTERED

    @property
    def may_hold_address(self) -> bool:
        """Whether the provider may still hold an address for the number (registered, or a
        removal not yet confirmed)."""
        return self.state in _HOLDS_ADDRESS

    # --- transitions ----------------------------------------------------------------------------

    def request(
        self,
        location_id: str,
        *,
        at: dt.datetime,
        provider: str | None = None,
        reference: str | None = None,
    ) -> Registration:
        """Ask the provider to register the number with ``location_id``'s address.

        Allowed when not tracked, unregistered, failed, or registered (a re-registration to a
        new location).

        Raises:
            RegistrationStateError: a request or an unregistration is under way.
        """
        self._require(_CAN_REQUEST, "request a registration")
        return Registration(
            state=_S.PENDING_REGISTRATION,
            location_id=location_id,
            provider=provider if provider is not None else self.provider,
            reference=reference,
            requested_at=at,
            updated_at=at,
        )

    def confirm(self, *, at: dt.datetime, reference: str | None = None) -> Registration:
        """The provider confirmed the pending registration.

        Raises:
            RegistrationStateError: no registration is pending.
        """
        self._require((_S.PENDING_REGISTRATION,), "confirm a registration")
        return attrs.evolve(
            self,
            state=_S.REGISTERED,
            reference=reference if reference is not None else self.reference,
            last_error=None,
            updated_at=at,
        )

    def fail(self, error: str, *, at: dt.datetime) -> Registration:
        """The provider failed the pending registration or unregistration.

        Raises:
            RegistrationStateError: nothing is pending.
        """
        self._require((_S.PENDING_REGISTRATION, _S.PENDING_UNREGISTRATION), "record a failure")
        failed = (
            _S.REGISTRATION_FAILED
            if self.state is _S.PENDING_REGISTRATION
            else _S.UNREGISTRATION_FAILED
        )
        return attrs.evolve(self, state=failed, last_error=error, updated_at=at)

    def request_unregistration(self, *, at: dt.datetime) -> Registration:
        """Ask the provider to remove the registration (before a number is released).

        Raises:
            RegistrationStateError: the number is not registered (nor failed to be).
        """
        self._require(_CAN_UNREGISTER, "request an unregistration")
        return attrs.evolve(self, state=_S.PENDING_UNREGISTRATION, requested_at=at, updated_at=at)

    def confirm_unregistration(self, *, at: dt.datetime) -> Registration:
        """The provider confirmed the removal: the number is unregistered.

        Raises:
            RegistrationStateError: no unregistration is pending.
        """
        self._require((_S.PENDING_UNREGISTRATION,), "confirm an unregistration")
        return Registration(
            state=_S.UNREGISTERED, provider=self.provider, requested_at=None, updated_at=at
        )

    @classmethod
    def from_provider(
        cls,
        provider: str,
        status: str,
        *,
        location_id: str | None = None,
        reference: str | None = None,
        error: str | None = None,
        at: dt.datetime | None = None,
    ) -> Registration:
        """The registration a provider's status word describes (``"twilio"``,
        ``"registration-failure"``), for reconciling with what the provider reports.

        Raises:
            InvalidAddressError: the provider or its status word is unknown, or the status needs
                what is missing (a failure without ``error``, a registration without
                ``location_id``).
        """
        if not isinstance(provider, str):
            raise TypeError(f"provider: expected str, got {type(provider).__name__}")
        if not isinstance(status, str):
            raise TypeError(f"status: expected str, got {type(status).__name__}")
        table = PROVIDER_STATES.get(provider.strip().lower())
        if table is None:
            known = ", ".join(sorted(PROVIDER_STATES))
            raise InvalidAddressError(
                [FieldError("provider", "UNKNOWN", f"expected one of {known}")]
            )
        state = table.get(status.strip()) or table.get(status.strip().lower())
        if state is None:
            known = ", ".join(sorted(table))
            raise InvalidAddressError(
                [FieldError("status", "UNKNOWN", f"{provider} reports one of {known}")]
            )
        return cls(
            state=state,
            location_id=location_id,
            provider=provider.strip().lower(),
            reference=reference,
            last_error=error,
            updated_at=at,
        )

    def _require(self, states: tuple[RegistrationState, ...], action: str) -> None:
        if self.state not in states:
            allowed = " or ".join(s.value for s in states)
            raise RegistrationStateError(
                f"cannot {action}: the registration is {self.state.value}, expected {allowed}"
            )

    def __reduce__(self) -> tuple[Any, ...]:
        # The shared NOT_TRACKED constant stays shared across pickling (a million records pay
        # for one object, not a million).
        if self == _NOT_TRACKED_VALUE:
            return (_not_tracked, ())
        return (_restore, (attrs.astuple(self, recurse=False),))


def _restore(values: tuple[Any, ...]) -> Registration:
    names = [f.name for f in attrs.fields(Registration)]
    return Registration(**dict(zip(names, values, strict=True)))


def _not_tracked() -> Registration:
    return NOT_TRACKED


_NOT_TRACKED_VALUE = Registration()

#: The registration of every number whose registration the integrator does not track.
NOT_TRACKED: Final[Registration] = _NOT_TRACKED_VALUE
