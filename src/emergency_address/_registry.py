"""The policy registry: an immutable set of country policies you can build, extend and ask."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType

import attrs

from ._address import EmergencyAddress
from ._country import country_from_any
from ._number import PhoneNumber
from ._policy import AttachmentEvent, AttachmentEventValue, CountryPolicy, Decision, decide
from .exceptions import (
    DuplicatePolicyError,
    InvalidEventError,
    UnsupportedCountryError,
)


def _type_error(parameter: str, expected: str, value: object) -> TypeError:
    return TypeError(f"{parameter}: expected {expected}, got {type(value).__name__}")


def _by_country(policies: Iterable[CountryPolicy]) -> Mapping[str, CountryPolicy]:
    if isinstance(policies, str | bytes | CountryPolicy) or not isinstance(policies, Iterable):
        raise _type_error("policies", "an iterable of CountryPolicy", policies)
    found: dict[str, CountryPolicy] = {}
    for policy in policies:
        if not isinstance(policy, CountryPolicy):
            raise _type_error("policies", "CountryPolicy items", policy)
        if policy.country in found:
            raise DuplicatePolicyError(policy.country)
        found[policy.country] = policy
    return MappingProxyType(dict(sorted(found.items())))


def _flag(parameter: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise _type_error(parameter, "bool", value)
    return value


@attrs.frozen(init=False)
class PolicyRegistry:
    """An immutable set of [CountryPolicy][emergency_address.CountryPolicy], one per country.

    ``PolicyRegistry()`` is empty; [default_registry][emergency_address.default_registry] holds
    the built-in policies. For a number of a country it holds no policy for, ``policy_for`` and
    ``decide`` use the conservative stand-in (visible as ``policy.is_default`` and a
    ``DEFAULT_POLICY`` note) unless the registry is ``strict``, when they raise
    `UnsupportedCountryError`.

    A rule that rests on low-confidence sources only is *advisory*: what it finds is a
    non-blocking note. A registry built with ``advisories_block=True`` makes those block too.

    Registries are values: equal when their policies and options are equal, hashable and
    picklable.

    Examples:
        >>> registry = default_registry()
        >>> registry.decide("+44 20 7946 0000", "acquisition").required
        True
    """

    _policies: Mapping[str, CountryPolicy] = attrs.field(eq=False, hash=False, repr=False)
    _items: tuple[CountryPolicy, ...] = attrs.field(repr=False)
    strict: bool
    advisories_block: bool

    def __init__(
        self,
        policies: Iterable[CountryPolicy] = (),
        *,
        strict: bool = False,
        advisories_block: bool = False,
    ) -> None:
        by_country = _by_country(policies)
        self.__attrs_init__(
            by_country,
            tuple(by_country.values()),
            _flag("strict", strict),
            _flag("advisories_block", advisories_block),
        )

    def __getstate__(self) -> dict[str, object]:
        return {
            "policies": self._items,
            "strict": self.strict,
            "advisories_block": self.advisories_block,
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        by_country = _by_country(state["policies"])  # type: ignore[arg-type]
        self.__attrs_init__(
            by_country,
            tuple(by_country.values()),
            _flag("strict", state["strict"]),
            _flag("advisories_block", state.get("advisories_block", False)),
        )

    def get(self, country: str) -> CountryPolicy:
        """The policy of ``country`` (alpha-2 or alpha-3, any case).

        Raises:
            UnsupportedCountryError: the registry holds none.
        """
        if not isinstance(country, str):
            raise _type_error("country", "str", country)
        policy = self.find(country)
        if policy is None:
            raise UnsupportedCountryError(
                country, f"this registry knows {len(self)} countries; see supported_countries()"
            )
        return policy

    def find(self, country: str) -> CountryPolicy | None:
        """The policy of ``country``, or ``None``.

        Raises:
            TypeError: ``country`` is not a string.
        """
        if not isinstance(country, str):
            raise _type_error("country", "str", country)
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
        return PolicyRegistry(
            [*{**self._policies, **added}.values()],
            strict=self.strict,
            advisories_block=self.advisories_block,
        )

    def with_strict(self, strict: bool = True) -> PolicyRegistry:
        """A new registry with the same policies and ``strict`` set."""
        return PolicyRegistry(
            self._items, strict=_flag("strict", strict), advisories_block=self.advisories_block
        )

    def with_advisories_blocking(self, block: bool = True) -> PolicyRegistry:
        """A new registry in which advisories (rules on low-confidence sources) block or not."""
        return PolicyRegistry(
            self._items, strict=self.strict, advisories_block=_flag("block", block)
        )

    def regulatory_only(self) -> PolicyRegistry:
        """A new registry with only the rules a law or regulator supports.

        Every provider product rule (Microsoft's fields, its same-area-code check, its moment of
        attachment) is dropped; where no law names the moment, an address is required at every
        event. A country none of whose rules has a legal source leaves the registry, so its
        numbers get the conservative stand-in (or `UnsupportedCountryError` when strict).
        """
        kept = [p for p in (policy.regulatory_only() for policy in self._items) if p is not None]
        return PolicyRegistry(kept, strict=self.strict, advisories_block=self.advisories_block)

    def policy_for(self, number: PhoneNumber | str) -> CountryPolicy:
        """The policy for a number's region, or the conservative stand-in.

        Raises:
            UnsupportedCountryError: the registry is strict and has no policy for the region.
            InvalidPhoneNumberError: ``number`` is a string that is not a valid number.
        """
        if not isinstance(number, PhoneNumber):
            if not isinstance(number, str):
                raise _type_error("number", "PhoneNumber or str", number)
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
        event: AttachmentEvent | AttachmentEventValue,
        address: EmergencyAddress | None = None,
        location_id: str | None = None,
    ) -> Decision:
        """Whether ``number`` needs an address at ``event``, and whether ``address`` will do.

        Args:
            number: a [PhoneNumber][emergency_address.PhoneNumber], or text to parse (in E.164
                or international form).
            event: the [AttachmentEvent][emergency_address.AttachmentEvent] (or its value,
                ``"port_in"``).
            address: the emergency address to be attached, if any.
            location_id: the location of ``address`` the number is bound to, if not the default.

        Returns:
            The [Decision][emergency_address.Decision], with every violation found; it never
            raises for a well-typed input.

        Raises:
            InvalidPhoneNumberError: ``number`` is a string that is not a valid number.
            UnsupportedCountryError: the registry is strict and has no policy for the number.
            InvalidEventError: ``event`` is a string that names no event.
            TypeError: an argument has the wrong type (the message names it).
        """
        if not isinstance(number, PhoneNumber):
            if not isinstance(number, str):
                raise _type_error("number", "PhoneNumber or str", number)
            number = PhoneNumber.parse(number)
        if not isinstance(event, AttachmentEvent):
            if not isinstance(event, str):
                raise _type_error("event", "AttachmentEvent or str", event)
            try:
                event = AttachmentEvent(event)
            except ValueError:
                raise InvalidEventError(event, [e.value for e in AttachmentEvent]) from None
        if address is not None and not isinstance(address, EmergencyAddress):
            raise _type_error("address", "EmergencyAddress or None", address)
        if location_id is not None and not isinstance(location_id, str):
            raise _type_error("location_id", "str or None", location_id)
        return decide(
            self.policy_for(number),
            number,
            event,
            address,
            location_id,
            advisories_block=self.advisories_block,
        )


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
        TypeError: ``country`` is not a string.
    """
    return default_registry().get(country)


def supported_countries() -> frozenset[str]:
    """The alpha-2 codes with a built-in policy."""
    return default_registry().countries()
