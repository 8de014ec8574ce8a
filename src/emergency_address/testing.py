"""Test doubles for integrators: a fake address authority to validate against.

``FakeAuthority`` behaves like the authorities the library is built for (an MSAG, a geocoder, a
carrier's validation API) without a network: it knows some addresses, accepts them, corrects
near misses the way real authorities do (a misspelled city is accepted with changes when the
rest of the address routes the call), rejects the rest with candidates, and can be told to be
inconclusive or to fail.

Examples:
    >>> from emergency_address import CivicAddress
    >>> from emergency_address.testing import FakeAuthority
    >>> known = CivicAddress(country="US", house_number="400", street_name="Broad",
    ...                      street_suffix="St", city="Seattle", state="WA", postal_code="98109")
    >>> authority = FakeAuthority(known=[known])
    >>> typo = CivicAddress(country="US", house_number="400", street_name="Broad",
    ...                     street_suffix="St", city="Seatle", state="WA", postal_code="98109")
    >>> result = authority.validate(typo)
    >>> result.verdict.value, result.corrected.city
    ('accepted_with_changes', 'Seattle')
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping

from ._address import EmergencyAddress
from ._civic import CivicAddress
from ._results import FieldIssue, IssueCode, Severity, ValidationResult, Verdict
from ._text import fold
from ._validation import validate_with

__all__ = ["AsyncFakeAuthority", "FakeAuthority", "validated"]

# What routes a call: the same building on the same street in the same postal area.
_ROUTING_FIELDS = ("country", "house_number", "house_number_suffix", "street_name", "postal_code")


def _routing_key(address: CivicAddress) -> tuple[str, ...]:
    return tuple(fold(getattr(address, f) or "") for f in _ROUTING_FIELDS)


def _street_key(address: CivicAddress) -> tuple[str, ...]:
    return (address.country, fold(address.street_name or ""), fold(address.postal_code or ""))


class FakeAuthority:
    """A configurable stand-in for an address authority.

    Args:
        known: the addresses the authority knows: an exact match is ``ACCEPTED``; one that
            differs only outside the routing fields (country, house number and suffix, street,
            postal code; a misspelled city, say) is ``ACCEPTED_WITH_CHANGES`` with the known
            address as ``corrected`` and a ``CORRECTED`` issue per differing field.
        inconclusive: addresses the authority cannot decide on (``INCONCLUSIVE``).
        failures: addresses for which the authority fails, mapped to the exception to raise.
        name: the validator's name in results.

    Any other address is ``REJECTED``, with the known addresses of the same street as
    ``candidates``. Every call is recorded in `calls` (thread-safe), so tests can count
    them.
    """

    def __init__(
        self,
        *,
        known: Iterable[CivicAddress] = (),
        inconclusive: Iterable[CivicAddress] = (),
        failures: Mapping[CivicAddress, BaseException] | None = None,
        name: str = "fake-authority",
    ) -> None:
        self.name = name
        self._known = frozenset(known)
        self._by_routing = {_routing_key(a): a for a in self._known}
        self._by_street: dict[tuple[str, ...], list[CivicAddress]] = {}
        for address in sorted(self._known, key=repr):
            self._by_street.setdefault(_street_key(address), []).append(address)
        self._inconclusive = frozenset(inconclusive)
        self._failures = dict(failures or {})
        self._lock = threading.Lock()
        self.calls: list[CivicAddress] = []

    def validate(self, address: CivicAddress) -> ValidationResult:
        """Validate one address (see the class description for the rules)."""
        with self._lock:
            self.calls.append(address)
        if address in self._failures:
            raise self._failures[address]
        if address in self._inconclusive:
            return ValidationResult(
                verdict=Verdict.INCONCLUSIVE,
                issues=(
                    FieldIssue(
                        field="street_name",
                        code=IssueCode.UNCHECKED,
                        message="the authority has no data for this street",
                        severity=Severity.INFO,
                    ),
                ),
                validator=self.name,
            )
        if address in self._known:
            return ValidationResult(verdict=Verdict.ACCEPTED, validator=self.name)
        match = self._by_routing.get(_routing_key(address))
        if match is not None:
            changed = [
                name for name, value in match.fields().items() if getattr(address, name) != value
            ] + [name for name in address.fields() if getattr(match, name) is None]
            return ValidationResult(
                verdict=Verdict.ACCEPTED_WITH_CHANGES,
                issues=tuple(
                    FieldIssue(
                        field=name,
                        code=IssueCode.CORRECTED,
                        message=f"{getattr(address, name)!r} corrected to {getattr(match, name)!r}",
                        severity=Severity.WARNING,
                    )
                    for name in sorted(set(changed))
                ),
                corrected=match,
                validator=self.name,
            )
        return ValidationResult(
            verdict=Verdict.REJECTED,
            issues=(
                FieldIssue(
                    field="house_number",
                    code=IssueCode.INVALID,
                    message="no such address in the authority's data",
                ),
            ),
            candidates=tuple(self._by_street.get(_street_key(address), ())),
            validator=self.name,
        )


class AsyncFakeAuthority(FakeAuthority):
    """[`FakeAuthority`][emergency_address.testing.FakeAuthority] with ``async def validate``, for
    asyncio code."""

    async def validate(self, address: CivicAddress) -> ValidationResult:  # type: ignore[override]
        return FakeAuthority.validate(self, address)


def validated(address: EmergencyAddress) -> EmergencyAddress:
    """``address`` as an authority validated it, bound to its civic content.

    A [FakeAuthority][emergency_address.testing.FakeAuthority] that knows the civic address
    accepts it.

    For tests and examples that need a validated address; a real one comes from your
    authority's validator (see [validate_with][emergency_address.validate_with]).

    Raises:
        TypeError: ``address`` is not an EmergencyAddress.
        ValidationStateError: the address is validated, attested or pending for its content.

    Examples:
        >>> from emergency_address import CivicAddress, EmergencyAddress
        >>> office = EmergencyAddress(id="sea", civic=CivicAddress(country="US", city="Seattle"))
        >>> validated(office).is_validated, office.is_validated
        (True, False)
    """
    if not isinstance(address, EmergencyAddress):
        raise TypeError(f"address must be an EmergencyAddress, got {type(address).__name__}")
    authority = FakeAuthority(known=[address.civic], name="fake-authority (testing.validated)")
    return validate_with(authority, address)[0]
