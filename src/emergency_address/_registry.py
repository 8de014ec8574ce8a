"""The policy registry: an immutable set of country policies you can build, extend and ask."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType

import attrs

from ._address import EmergencyAddress
from ._country import country_from_any
from ._number import PhoneNumber
from ._policy import AttachmentEvent, CountryPolicy, Decision, decide
from .exceptions import (
    DuplicatePolicyError,
    FieldError,
    InvalidAddressError,
    UnsupportedCountryError,
)


def _by_country(policies: Iterable[CountryPolicy]) -> Mapping[str, CountryPolicy]:
    found: dict[str, CountryPolicy] = {}
    for policy in policies:
        if not isinstance(policy, CountryPolicy):
            raise InvalidAddressError([FieldError.wrong_type("policies", "CountryPolicy", policy)])
        if policy.country in found:
            raise DuplicatePolicyError(policy.country)
        found[policy.country] = policy
    return MappingProxyType(dict(sorted(found.items())))


@attrs.frozen(init=False)
class PolicyRegistry:
    """An immutable set of :class:`CountryPolicy`, one per country, in country order.

    ``PolicyRegistry()`` is empty; :func:`default_registry` holds the built-in policies. For a
    number of a country it holds no policy for, :meth:`policy_for` and :meth:`decide` use
    :meth:`CountryPolicy.conservative` (visible as ``policy.is_default`` and a ``DEFAULT_POLICY``
    note) unless the registry is ``strict``, when they raise :class:`UnsupportedCountryError`.

    Examples:
        >>> registry = default_registry()
        >>> registry.decide("+44 20 7946 0000", "acquisition").required
        True
    """

    _policies: Mapping[str, CountryPolicy]
    strict: bool

    def __init__(self, policies: Iterable[CountryPolicy] = (), *, strict: bool = False) -> None:
        self.__attrs_init__(_by_country(policies), bool(strict))

    def __getstate__(self) -> dict[str, object]:
        return {"policies": tuple(self._policies.values()), "strict": self.strict}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__attrs_init__(_by_country(state["policies"]), state["strict"])  # type: ignore[arg-type]

    def get(self, country: str) -> CountryPolicy:
        """The policy of ``country`` (alpha-2 or alpha-3, any case).

        Raises:
            UnsupportedCountryError: the registry holds none.
        """
        policy = self.find(country)
        if policy is None:
            raise UnsupportedCountryError(
                country, f"this registry knows {len(self)} countries; see supported_countries()"
            )
        return policy

    def find(self, country: str) -> CountryPolicy | None:
        """The policy of ``country``, or ``None``."""
        if not isinstance(country, str):
            return None
        code = country_from_any(country)
        return self._policies.get(code) if code is not None else None

    def __contains__(self, country: object) -> bool:
        return isinstance(country, str) and self.find(country) is not None

    def __iter__(self) -> Iterator[CountryPolicy]:
        return iter(self._policies.values())

    def __len__(self) -> int:
        return len(self._policies)

    def countries(self) -> frozenset[str]:
        """The alpha-2 codes the registry holds a policy for."""
        return frozenset(self._policies)

    def with_policies(self, *policies: CountryPolicy, replace: bool = False) -> PolicyRegistry:
        """A new registry with ``policies`` added; this one is unchanged.

        Raises:
            DuplicatePolicyError: a country is already present (or given twice) and ``replace``
                is false.
        """
        added = _by_country(policies)
        if not replace:
            for country in added:
                if country in self._policies:
                    raise DuplicatePolicyError(country)
        return PolicyRegistry([*{**self._policies, **added}.values()], strict=self.strict)

    def with_strict(self, strict: bool = True) -> PolicyRegistry:
        """A new registry with the same policies and ``strict`` set."""
        return PolicyRegistry(self._policies.values(), strict=strict)

    def policy_for(self, number: PhoneNumber | str) -> CountryPolicy:
        """The policy for a number's region, or the conservative stand-in.

        Raises:
            UnsupportedCountryError: the registry is strict and has no policy for the region.
            InvalidPhoneNumberError: ``number`` is a string that is not a valid number.
        """
        if not isinstance(number, PhoneNumber):
            number = PhoneNumber.parse(number)
        region = number.region
        policy = self._policies.get(region) if region is not None else None
        if policy is not None:
            return policy
        if self.strict:
            raise UnsupportedCountryError(
                region or "001",
                f"{number.e164} is {'non-geographic' if region is None else 'of ' + region}; "
                "the registry is strict",
            )
        return _conservative(region)

    def decide(
        self,
        number: PhoneNumber | str,
        event: AttachmentEvent | str,
        address: EmergencyAddress | None = None,
        location_id: str | None = None,
    ) -> Decision:
        """Whether ``number`` needs an address at ``event``, and whether ``address`` will do.

        Args:
            number: a :class:`PhoneNumber`, or text to parse (in E.164 or international form).
            event: the :class:`AttachmentEvent` (or its value, ``"port_in"``).
            address: the emergency address to be attached, if any.
            location_id: the location of ``address`` the number is bound to, if not the default.

        Returns:
            The :class:`Decision`, with every violation found; it never raises for a
            well-typed input.

        Raises:
            InvalidPhoneNumberError: ``number`` is a string that is not a valid number.
            UnsupportedCountryError: the registry is strict and has no policy for the number.
            InvalidAddressError: ``event`` is not an event, or ``address`` not an address.
        """
        if not isinstance(number, PhoneNumber):
            number = PhoneNumber.parse(number)
        if not isinstance(event, AttachmentEvent):
            try:
                event = AttachmentEvent(event)
            except ValueError:
                allowed = ", ".join(e.value for e in AttachmentEvent)
                raise InvalidAddressError(
                    [FieldError("event", "INVALID", f"expected one of {allowed}, got {event!r}")]
                ) from None
        if address is not None and not isinstance(address, EmergencyAddress):
            raise InvalidAddressError(
                [FieldError.wrong_type("address", "EmergencyAddress", address)]
            )
        return decide(self.policy_for(number), number, event, address, location_id)


@functools.cache
def _conservative(region: str | None) -> CountryPolicy:
    return CountryPolicy.conservative(region)


@functools.cache
def default_registry() -> PolicyRegistry:
    """The registry of the built-in policies, built once on first use."""
    from .policies import BUILTIN_POLICIES

    return PolicyRegistry(BUILTIN_POLICIES)


def get_policy(country: str) -> CountryPolicy:
    """The built-in policy of ``country``.

    Raises:
        UnsupportedCountryError: there is none.
    """
    return default_registry().get(country)


def supported_countries() -> frozenset[str]:
    """The alpha-2 codes with a built-in policy."""
    return default_registry().countries()
