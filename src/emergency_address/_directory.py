"""An organisation's emergency directory: its addresses, their locations, its numbers.

Every command returns a new directory or raises, and a refused command leaves the directory it
was called on exactly as it was. The versions share their data: each mapping is an
``immutables.Map`` (a hash array mapped trie), so a command on a directory of a million numbers
copies a handful of small trie nodes (logarithmic in the size), and a batch (``build``,
``apply``) goes through one ``MapMutation`` per mapping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

import attrs
from immutables import Map, MapMutation

from ._address import EmergencyAddress, Location
from ._network import NetworkMap
from ._number import PhoneNumber
from ._plan import Plan
from ._policy import AttachmentEvent, Violation
from ._registration import NOT_TRACKED, Registration
from ._registry import PolicyRegistry, default_registry
from ._results import (
    Attestation,
    ValidationResult,
    ValidationState,
)
from ._text import clean_text
from ._validation import apply_validation, manual_path_for
from .exceptions import (
    AddressInUseError,
    DuplicateNumberError,
    EmergencyAddressError,
    FieldError,
    InvalidAddressError,
    InvalidPhoneNumberError,
    LocationInUseError,
    NotFoundError,
    PolicyViolationError,
    ValidationStateError,
)

_ARRIVALS = (AttachmentEvent.ACQUISITION, AttachmentEvent.PORT_IN)
_EMPTY: Map[Any, Any] = Map()
_FROZEN = "an EmergencyDirectory cannot be changed; its commands return new ones"
_USER_LIMIT = 255
_NO_NETWORK = NetworkMap()


def _is_clean(value: object, limit: int) -> bool:
    """Whether ``clean_text`` would return ``value`` unchanged (the common case, checked fast)."""
    return value is None or (
        type(value) is str
        and 0 < len(value) <= limit
        and value.isascii()
        and value.isprintable()
        and value[0] != " "
        and value[-1] != " "
        and "  " not in value
    )


# No __weakref__ slot: a directory holds millions of records, and nothing refers to them weakly.
@attrs.frozen(weakref_slot=False)
class NumberRecord:
    """A number as the directory holds it.

    Attributes:
        number: the [`PhoneNumber`][emergency_address.PhoneNumber].
        arrived: how it came: ``AttachmentEvent.ACQUISITION`` or ``PORT_IN``.
        user: the user (or device) it is assigned to, if any.
        location_id: the location it is bound to, if any (the default location's id, which is
            the address's id unless the address gives it one of its own, binds to the address).
        registration: its emergency-address registration with the provider
            ([Registration][emergency_address.Registration]); not tracked by default.
    """

    number: PhoneNumber
    arrived: AttachmentEvent = attrs.field(default=AttachmentEvent.ACQUISITION, kw_only=True)
    user: str | None = attrs.field(default=None, kw_only=True)
    location_id: str | None = attrs.field(default=None, kw_only=True)
    registration: Registration = attrs.field(default=NOT_TRACKED, kw_only=True)

    def __attrs_post_init__(self) -> None:
        arrived = self.arrived
        if (
            type(self.number) is PhoneNumber
            and (arrived is AttachmentEvent.ACQUISITION or arrived is AttachmentEvent.PORT_IN)
            and _is_clean(self.user, _USER_LIMIT)
            and _is_clean(self.location_id, 128)
            and type(self.registration) is Registration
        ):
            return  # already what the checks below would make it
        errors: list[FieldError] = []
        set_ = object.__setattr__
        if not isinstance(self.registration, Registration):
            errors.append(FieldError.wrong_type("registration", "Registration", self.registration))
        if not isinstance(self.number, PhoneNumber):
            errors.append(
                FieldError.wrong_type(
                    "number", "PhoneNumber", self.number, hint="use PhoneNumber.parse()"
                )
            )
        event: AttachmentEvent | None
        try:
            event = AttachmentEvent(self.arrived)
        except ValueError:
            event = None
        if not isinstance(self.arrived, str):
            errors.append(FieldError.wrong_type("arrived", "AttachmentEvent", self.arrived))
        elif event not in _ARRIVALS:
            errors.append(
                FieldError(
                    "arrived",
                    "INVALID",
                    f"expected 'acquisition' or 'port_in', got {self.arrived[:60]!r}",
                )
            )
        else:
            set_(self, "arrived", event)
        set_(self, "user", clean_text("user", self.user, _USER_LIMIT, errors))
        set_(self, "location_id", clean_text("location_id", self.location_id, 128, errors))
        if errors:
            raise InvalidAddressError(errors)

    @property
    def e164(self) -> str:
        """The number's E.164 string."""
        return self.number.e164

    @property
    def events(self) -> tuple[AttachmentEvent, ...]:
        """The events the number has passed through: its arrival, and assignment if assigned."""
        if self.user is None:
            return (self.arrived,)
        return (self.arrived, AttachmentEvent.ASSIGNMENT)


def _read_only(counts: Mapping[str, tuple[int, int]]) -> Mapping[str, tuple[int, int]]:
    # A view the directory built over its own fresh dict is kept as it is (bulk usage).
    if type(counts) is MappingProxyType:
        return counts
    if not isinstance(counts, Mapping):
        raise TypeError(f"locations: expected a mapping, got {type(counts).__name__}")
    return MappingProxyType(dict(counts))


@attrs.frozen
class Usage:
    """How many numbers (and of them, how many assigned to users) an address or location has.

    Attributes:
        numbers: the numbers bound to it.
        users: the bound numbers assigned to a user.
        locations: for an address, the same counts per location id.
    """

    numbers: int
    users: int
    locations: Mapping[str, tuple[int, int]] = attrs.field(
        factory=dict, eq=False, converter=_read_only
    )

    def __getstate__(self) -> dict[str, Any]:
        # A read-only view does not pickle; its contents do.
        return {"numbers": self.numbers, "users": self.users, "locations": dict(self.locations)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name in ("numbers", "users"):
            object.__setattr__(self, name, state[name])
        object.__setattr__(self, "locations", _read_only(state["locations"]))


def _id(name: str, value: object) -> str:
    """An id given to a query or a command, refused at the boundary when it is not text."""
    if type(value) is not str and not isinstance(value, str):
        raise TypeError(f"{name}: expected str, got {type(value).__name__}")
    return value


def _as_number(value: PhoneNumber | str) -> PhoneNumber:
    if isinstance(value, PhoneNumber):
        return value
    if isinstance(value, str):
        return PhoneNumber.parse(value)
    raise InvalidPhoneNumberError(
        value, f"expected a PhoneNumber or text, got {type(value).__name__}"
    )


class EmergencyDirectory:
    """An organisation's emergency addresses and numbers, with the country rules enforced.

    ``EmergencyDirectory()`` is empty. Commands (``add_address``, ``acquire_number``,
    ``assign_number`` ...) return a new directory or raise; the directory they were called on never
    changes, so it can be read from many threads while new versions are made. Every number command
    asks the registry's [`decide`][emergency_address.PolicyRegistry.decide] for its event and raises
    [`PolicyViolationError`][emergency_address.exceptions.PolicyViolationError] on a violation.

    Args:
        registry: the country policies (``default_registry()`` when ``None``).

    Examples:
        >>> from emergency_address import CivicAddress, EmergencyAddress, EmergencyDirectory
        >>> d = EmergencyDirectory().add_address(
        ...     EmergencyAddress(id="lon", civic=CivicAddress(country="GB", city="London")))
        >>> [a.id for a in d.addresses()]
        ['lon']
    """

    __slots__ = ("_addresses", "_bound", "_network", "_numbers", "_owners", "registry")

    registry: PolicyRegistry | None
    _addresses: Map[str, EmergencyAddress]
    _owners: Map[str, str]  # location id -> address id
    _numbers: Map[str, NumberRecord]  # e164 -> record
    _bound: Map[str, Map[str, str]]  # address id -> {e164: location id}
    _network: NetworkMap  # the wiremap; its elements may name locations we lack

    def __init__(self, registry: PolicyRegistry | None = None) -> None:
        if registry is not None and not isinstance(registry, PolicyRegistry):
            raise InvalidAddressError(
                [FieldError.wrong_type("registry", "PolicyRegistry", registry)]
            )
        self._init(registry, _EMPTY, _EMPTY, _EMPTY, _EMPTY)

    def _init(
        self,
        registry: PolicyRegistry | None,
        addresses: Map[str, EmergencyAddress],
        owners: Map[str, str],
        numbers: Map[str, NumberRecord],
        bound: Map[str, Map[str, str]],
        network: NetworkMap = _NO_NETWORK,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "registry", registry)
        set_(self, "_addresses", addresses)
        set_(self, "_owners", owners)
        set_(self, "_numbers", numbers)
        set_(self, "_bound", bound)
        set_(self, "_network", network)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(
            "an EmergencyDirectory cannot be changed; its commands return new ones"
        )

    def __delattr__(self, name: str) -> None:
        raise AttributeError(
            "an EmergencyDirectory cannot be changed; its commands return new ones"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _restore,
            (
                self.registry,
                self._addresses,
                self._owners,
                self._numbers,
                self._bound,
                self._network,
            ),
        )

    # --- queries -------------------------------------------------------------------------------

    @property
    def policies(self) -> PolicyRegistry:
        """The registry in force."""
        return self.registry if self.registry is not None else default_registry()

    @property
    def address_count(self) -> int:
        """How many addresses the directory holds."""
        return len(self._addresses)

    @property
    def number_count(self) -> int:
        """How many numbers the directory holds."""
        return len(self._numbers)

    def address(self, address_id: str) -> EmergencyAddress:
        """The address with that id.

        Raises:
            NotFoundError: there is none.
        """
        found = self._addresses.get(_id("address_id", address_id))
        if found is None:
            raise NotFoundError("address", address_id)
        return found

    def addresses(self) -> tuple[EmergencyAddress, ...]:
        """Every address, by id."""
        return tuple(sorted(self._addresses.values(), key=lambda a: a.id))

    def iter_addresses(self) -> Iterator[EmergencyAddress]:
        """Every address, in no particular order (no sorting: for large directories)."""
        return iter(self._addresses.values())

    def number(self, number: PhoneNumber | str) -> NumberRecord:
        """The record of a number (a [`PhoneNumber`][emergency_address.PhoneNumber], an E.164 string
        or any notation).

        Raises:
            NotFoundError: the directory does not hold it.
            InvalidPhoneNumberError: the text is not a valid number.
        """
        e164 = _as_number(number).e164
        found = self._numbers.get(e164)
        if found is None:
            raise NotFoundError("number", e164)
        return found

    def numbers(self) -> tuple[NumberRecord, ...]:
        """Every number record, by E.164."""
        return tuple(sorted(self._numbers.values(), key=lambda r: r.number.e164))

    def iter_numbers(self) -> Iterator[NumberRecord]:
        """Every number record, in no particular order (no sorting: for large directories)."""
        return iter(self._numbers.values())

    def location_owner(self, location_id: str) -> EmergencyAddress:
        """The address a location id belongs to.

        Raises:
            NotFoundError: no address has that location.
        """
        owner = self._owners.get(_id("location_id", location_id))
        if owner is None:
            raise NotFoundError("location", location_id)
        return self._addresses[owner]

    def dependents(self, address_id: str) -> tuple[str, ...]:
        """The E.164 numbers bound to the address or any of its locations, sorted.

        Raises:
            NotFoundError: there is no such address.
        """
        self.address(address_id)
        return tuple(sorted(self._bound.get(address_id, _EMPTY)))

    def usage(self, address_id: str) -> Usage:
        """Numbers and users per address and per location (Teams' usage counts).

        Raises:
            NotFoundError: there is no such address.
        """
        address = self.address(address_id)
        per: dict[str, list[int]] = {loc.id: [0, 0] for loc in address.locations}
        for e164, location_id in self._bound.get(address_id, _EMPTY).items():
            counts = per[location_id]
            counts[0] += 1
            counts[1] += self._numbers[e164].user is not None
        total = [sum(c[0] for c in per.values()), sum(c[1] for c in per.values())]
        return Usage(total[0], total[1], {k: (v[0], v[1]) for k, v in per.items()})

    def usage_all(self) -> Mapping[str, Usage]:
        """[Usage][emergency_address.Usage] of every address at once, in one pass over the
        numbers (Teams' ``NumberOfTelephoneNumbers`` / ``NumberOfVoiceUsers``, for the whole
        organisation): a read-only mapping from address id, unused addresses included."""
        owner_of = dict(self._owners.items())  # one lookup per number below, in a plain dict
        counts: dict[str, list[int]] = {location_id: [0, 0] for location_id in owner_of}
        for record in self._numbers.values():
            location_id = record.location_id
            if location_id is not None:
                pair = counts[location_id]
                pair[0] += 1
                if record.user is not None:
                    pair[1] += 1
        per: dict[str, dict[str, list[int]]] = {
            address.id: {loc.id: counts[loc.id] for loc in address.locations}
            for address in self._addresses.values()
        }
        return MappingProxyType(
            {address_id: _usage(locations) for address_id, locations in per.items()}
        )

    def find_addresses(
        self,
        *,
        country: str | None = None,
        city: str | None = None,
        postal_code: str | None = None,
        description: str | None = None,
        state: ValidationState | str | None = None,
    ) -> tuple[EmergencyAddress, ...]:
        """The addresses that match every criterion given, by id.

        ``country`` matches the ISO code, ``city`` and ``postal_code`` match whole values
        regardless of case and spacing, ``description`` matches part of the address's
        description or of one of its locations' (regardless of case), ``state`` the
        validation state as it holds for the address's content (a record made for content
        that changed since reads as not validated).

        Raises:
            TypeError: a criterion is not text (or, for ``state``, a ``ValidationState``).
            InvalidAddressError: ``state`` names no validation state.
        """
        match = _matcher(country, city, postal_code, description, state)
        return tuple(sorted((a for a in self._addresses.values() if match(a)), key=lambda a: a.id))

    def find_locations(self, description: str) -> tuple[tuple[EmergencyAddress, Location], ...]:
        """Each location whose description contains ``description`` (regardless of case), with
        its address, by location id.

        Raises:
            TypeError: ``description`` is not text.
        """
        needle = _fold_criterion("description", description)
        found = [
            (address, loc)
            for address in self._addresses.values()
            for loc in address.locations
            if loc.description is not None and needle in loc.description.casefold()
        ]
        return tuple(sorted(found, key=lambda pair: pair[1].id))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EmergencyDirectory):
            return NotImplemented
        return (
            self.registry == other.registry
            and self._addresses == other._addresses
            and self._numbers == other._numbers
            and self._network == other._network
        )

    __hash__ = None  # type: ignore[assignment]  # equal by content, which is large: not hashed

    def __repr__(self) -> str:
        return f"EmergencyDirectory({self.address_count} addresses, {self.number_count} numbers)"

    @property
    def network(self) -> NetworkMap:
        """The network map (wiremap) whose elements point at this directory's locations.

        Its elements may point at locations the directory does not have (an import keeps them);
        the audit reports them.
        """
        return self._network

    def with_network(self, network: NetworkMap) -> EmergencyDirectory:
        """A copy whose network map is ``network`` (replacing the one it had).

        Raises:
            TypeError: ``network`` is not a [NetworkMap][emergency_address.NetworkMap].
        """
        if not isinstance(network, NetworkMap):
            raise TypeError(f"network: expected NetworkMap, got {type(network).__name__}")
        return _restore(
            self.registry, self._addresses, self._owners, self._numbers, self._bound, network
        )

    # --- commands ------------------------------------------------------------------------------

    def add_address(self, address: EmergencyAddress) -> EmergencyDirectory:
        """Add an address (validate it before numbers that need it can use it).

        Raises:
            InvalidAddressError: its id, or one of its location ids, is taken.
        """
        return self._one("add_address", address)

    def update_address(self, address: EmergencyAddress) -> EmergencyDirectory:
        """Put new content in place of the address with the same id, keeping its numbers.

        The content travels as it is, validation record included (a plan carries records as
        data); every number bound to the address is checked again against the country rules.
        Locations the new content lacks must have no numbers, and new location ids must be free.

        Raises:
            NotFoundError: there is no address with that id.
            InvalidAddressError: a new location id is taken by another address.
            AddressInUseError: numbers are bound to a location the new content lacks.
            LocationInUseError: network elements point at a location the new content lacks.
            PolicyViolationError: a bound number would break its country's rules.
        """
        return self._one("update_address", address)

    def record_validation(
        self, address_id: str, result: ValidationResult, *, accept_changes: bool = False
    ) -> EmergencyDirectory:
        """Record a validator's result for an address: Microsoft's "validate, then save".

        An authority's ``ACCEPTED`` (or ``ACCEPTED_WITH_CHANGES``) validates it, bound to its
        civic content; with ``accept_changes`` the authority's corrected address replaces the
        civic address. ``REJECTED`` makes it invalid; ``INCONCLUSIVE`` names the country's
        manual path (then record the request with
        [request_manual_validation][emergency_address.EmergencyDirectory.request_manual_validation]).
        A format-only result changes no state.

        Raises:
            TypeError: an argument of the wrong type.
            NotFoundError: there is no such address.
            ValidationStateError: the address cannot take a result now.
        """
        return self._one("record_validation", address_id, result, accept_changes)

    def request_manual_validation(
        self, address_id: str, reference: str, *, at: dt.datetime
    ) -> EmergencyDirectory:
        """Record that the address went down its country's manual path (a manual validation
        request in the US, a service request elsewhere): the reference the authority gave for
        it and when it was filed.

        Raises:
            TypeError: an argument of the wrong type.
            NotFoundError: there is no such address.
            InvalidAddressError: an empty reference or a naive time.
            ValidationStateError: the address is validated, attested or already pending.
        """
        return self._one("request_manual_validation", address_id, reference, at)

    def resolve_manual_validation(
        self,
        address_id: str,
        approved: bool,
        reasons: tuple[str, ...] = (),
        *,
        by: str,
        at: dt.datetime,
    ) -> EmergencyDirectory:
        """Record the end of a manual review: validated or invalid, who resolved it and when.

        Raises:
            TypeError: ``approved`` is not a bool, or another argument of the wrong type.
            NotFoundError: there is no such address.
            InvalidAddressError: no one named, or a naive time.
            ValidationStateError: no manual review is pending.
        """
        return self._one("resolve_manual_validation", address_id, approved, reasons, by, at)

    def withdraw_manual_validation(
        self, address_id: str, *, at: dt.datetime, reason: str = ""
    ) -> EmergencyDirectory:
        """Withdraw the pending manual request of an address: it is not validated again.

        Raises:
            NotFoundError: there is no such address.
            ValidationStateError: no manual review is pending.
        """
        return self._one("withdraw_manual_validation", address_id, at, reason)

    def attest(self, address_id: str, attestation: Attestation) -> EmergencyDirectory:
        """Record an explicit attestation (who, when, why) for an address.

        Raises:
            TypeError: ``attestation`` is not an Attestation.
            NotFoundError: there is no such address.
            ValidationStateError: the address is already validated or attested.
        """
        return self._one("attest", address_id, attestation)

    def replace_address(self, old_id: str, new_address: EmergencyAddress) -> EmergencyDirectory:
        """Teams' "delete and recreate" edit, all or nothing: the new (validated) address takes
        the old one's place and its numbers; the old one goes.

        Numbers on the old default location move to the new default location; numbers on other
        locations move to the new address's location of the same id.

        Raises:
            NotFoundError: no such old address.
            ValidationStateError: the new address is not validated.
            InvalidAddressError: an id is taken, or numbers are bound to a location the new
                address lacks.
            LocationInUseError: network elements point at a location the new address lacks
                (the old default location included, when the ids differ).
            PolicyViolationError: a moved number would break its country's rules.
        """
        return self._one("replace_address", _id("old_id", old_id), new_address)

    def remove_address(self, address_id: str) -> EmergencyDirectory:
        """Remove an address and its locations.

        Raises:
            NotFoundError: there is no such address.
            AddressInUseError: numbers are bound to it or to one of its locations.
            LocationInUseError: elements of the network map point at one of its locations
                (the error lists them).
        """
        return self._one("remove_address", address_id)

    def add_location(self, address_id: str, location: Location) -> EmergencyDirectory:
        """Add a location (building, floor, office) under an address.

        Raises:
            NotFoundError: there is no such address.
            InvalidAddressError: the location id is taken (location ids are unique in a
                directory).
        """
        return self._one("add_location", address_id, location)

    def remove_location(self, address_id: str, location_id: str) -> EmergencyDirectory:
        """Remove a location.

        Raises:
            NotFoundError: no such address or location.
            InvalidAddressError: it is the default location.
            AddressInUseError: numbers are bound to it.
            LocationInUseError: elements of the network map point at it (the error lists them).
        """
        return self._one("remove_location", address_id, location_id)

    def acquire_number(
        self, number: PhoneNumber | str, location_id: str | None = None, ported: bool = False
    ) -> EmergencyDirectory:
        """Add a number obtained from the provider (or, with ``ported``, transferred in).

        Raises:
            DuplicateNumberError: the number is already in the directory.
            NotFoundError: no such location.
            PolicyViolationError: its country wants an address at this event and the location
                does not satisfy it.
        """
        return self._one("acquire_number", number, location_id, ported)

    def assign_number(
        self, number: PhoneNumber | str, user: str, location_id: str | None = None
    ) -> EmergencyDirectory:
        """Assign a number to a user, binding it to ``location_id`` (or keeping its location).

        Raises:
            NotFoundError: no such number or location.
            PolicyViolationError: its country wants an address at assignment and the location
                does not satisfy it.
        """
        return self._one("assign_number", number, user, location_id)

    def set_number_location(
        self, number: PhoneNumber | str, location_id: str | None
    ) -> EmergencyDirectory:
        """Bind a number to another location (or to none), checked against every event the
        number has passed through.

        Raises:
            NotFoundError: no such number or location.
            PolicyViolationError: the new binding breaks a rule of an event the number passed.
        """
        return self._one("set_number_location", number, location_id)

    def unassign_number(self, number: PhoneNumber | str) -> EmergencyDirectory:
        """Take a number away from its user; it keeps its location.

        Raises:
            NotFoundError: no such number.
        """
        return self._one("unassign_number", number)

    def record_registration(
        self, number: PhoneNumber | str, registration: Registration
    ) -> EmergencyDirectory:
        """Record what the provider reports of a number's emergency-address registration.

        Build ``registration`` with the [Registration][emergency_address.Registration]
        transitions (``number_record.registration.confirm(at=...)``) or
        ``Registration.from_provider``. Registering and validating are separate: this changes
        neither the address nor the binding, and the audit compares the two.

        Raises:
            NotFoundError: no such number.
            TypeError: ``registration`` is not a ``Registration``.
        """
        return self._one("record_registration", number, registration)

    def release_number(self, number: PhoneNumber | str) -> EmergencyDirectory:
        """Remove a number from the directory.

        Raises:
            NotFoundError: no such number.
        """
        return self._one("release_number", number)

    def apply(self, commands: Iterable[tuple[Any, ...]] | Plan) -> EmergencyDirectory:
        """Run a batch of commands, or a [Plan][emergency_address.Plan], all or nothing, in
        time linear in their count.

        Each command is a tuple of a command's name and its arguments, or of the name and a
        dict of keyword arguments: ``("acquire_number", "+442079460000", "lon")``,
        ``("assign_number", {"number": "+12065550142", "user": "ana"})``. A plan runs its
        ``commands`` (its refused commands are not run).

        Raises:
            EmergencyAddressError: whatever the failing command raises (its own subclass),
                with a note naming the command's index; the directory is unchanged.
        """
        if isinstance(commands, Plan):
            commands = [planned.as_tuple() for planned in commands.commands]
        elif isinstance(commands, (str, bytes, Mapping)) or not isinstance(commands, Iterable):
            raise TypeError(
                "commands: expected a Plan or an iterable of command tuples, "
                f"got {type(commands).__name__}"
            )
        draft = _DraftDirectory(self)
        for index, command in enumerate(commands):
            draft.run(command, index)
        return draft.finish()

    @classmethod
    def build(
        cls,
        addresses: Iterable[EmergencyAddress] = (),
        numbers: Iterable[NumberRecord] = (),
        *,
        registry: PolicyRegistry | None = None,
        network: NetworkMap | None = None,
    ) -> EmergencyDirectory:
        """Load an estate as it is, in time linear in the number of records.

        Policy violations are loaded too (finding them is [`audit`][emergency_address.audit]'s job);
        only malformed records are refused: duplicate address or location ids, duplicate numbers,
        numbers bound to a location no address has, objects of the wrong type.

        ``network`` is the estate's network map; its elements may point at locations no address
        has (they are kept, and the audit reports them).

        Raises:
            InvalidAddressError: every malformed record at once, each named by its index
                (``addresses[3].locations[1].id``, ``numbers[17].location_id``).
        """
        built = _build(cls(registry), addresses, numbers)
        return built if network is None else built.with_network(network)

    def _one(self, name: str, *args: Any) -> EmergencyDirectory:
        draft = _DraftDirectory(self)
        getattr(draft, name)(*args)
        return draft.finish()


def _usage(locations: dict[str, list[int]]) -> Usage:
    return Usage(
        sum(c[0] for c in locations.values()),
        sum(c[1] for c in locations.values()),
        MappingProxyType({k: (v[0], v[1]) for k, v in locations.items()}),
    )


def _fold_criterion(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected str, got {type(value).__name__}")
    return " ".join(value.split()).casefold()


def _matcher(
    country: str | None,
    city: str | None,
    postal_code: str | None,
    description: str | None,
    state: ValidationState | str | None,
) -> Callable[[EmergencyAddress], bool]:
    # Each criterion folded once; the test then reads plain attributes.
    code = None if country is None else _fold_criterion("country", country).upper()
    folded_city = None if city is None else _fold_criterion("city", city)
    folded_pc = (
        None
        if postal_code is None
        else _fold_criterion("postal_code", postal_code).replace(" ", "")
    )
    needle = None if description is None else _fold_criterion("description", description)
    wanted = None if state is None else _state_criterion(state)

    def match(address: EmergencyAddress) -> bool:
        civic = address.civic
        if code is not None and civic.country != code:
            return False
        if folded_city is not None and (civic.city or "").casefold() != folded_city:
            return False
        if folded_pc is not None and (
            (civic.postal_code or "").casefold().replace(" ", "") != folded_pc
        ):
            return False
        # The state as it holds for the address's content: a stale record is not validated.
        if wanted is not None and address.validation.state_for(civic) is not wanted:
            return False
        if needle is not None:
            texts = (address.description, *(loc.description for loc in address.locations))
            return any(text is not None and needle in text.casefold() for text in texts)
        return True

    return match


def _state_criterion(state: object) -> ValidationState:
    if not isinstance(state, str):
        raise TypeError(f"state: expected ValidationState or str, got {type(state).__name__}")
    try:
        return ValidationState(state)
    except ValueError:
        allowed = ", ".join(repr(s.value) for s in ValidationState)
        raise InvalidAddressError(
            [FieldError("state", "INVALID", f"expected one of {allowed}")]
        ) from None


def _restore(
    registry: PolicyRegistry | None,
    addresses: Map[str, EmergencyAddress],
    owners: Map[str, str],
    numbers: Map[str, NumberRecord],
    bound: Map[str, Map[str, str]],
    network: NetworkMap = _NO_NETWORK,
) -> EmergencyDirectory:
    directory = object.__new__(EmergencyDirectory)
    directory._init(registry, addresses, owners, numbers, bound, network)
    return directory


_COMMANDS = frozenset(
    {
        "add_address",
        "update_address",
        "record_validation",
        "request_manual_validation",
        "resolve_manual_validation",
        "withdraw_manual_validation",
        "attest",
        "replace_address",
        "remove_address",
        "add_location",
        "remove_location",
        "acquire_number",
        "assign_number",
        "set_number_location",
        "unassign_number",
        "release_number",
        "record_registration",
    }
)


class _DraftDirectory:
    """The changes of one command or one batch; nothing is visible until ``finish``.

    Each mapping's mutation is made on first use, so a number command never touches the
    address mappings.
    """

    __slots__ = ("_addresses", "_bound", "_numbers", "_owners", "base", "bound_drafts", "registry")

    def __init__(self, base: EmergencyDirectory) -> None:
        self.base = base
        self.registry = base.policies
        self._addresses: MapMutation[str, EmergencyAddress] | None = None
        self._owners: MapMutation[str, str] | None = None
        self._numbers: MapMutation[str, NumberRecord] | None = None
        self._bound: MapMutation[str, Map[str, str]] | None = None
        self.bound_drafts: dict[str, MapMutation[str, str]] = {}

    @property
    def addresses(self) -> MapMutation[str, EmergencyAddress]:
        if self._addresses is None:
            self._addresses = self.base._addresses.mutate()
        return self._addresses

    @property
    def owners(self) -> MapMutation[str, str]:
        if self._owners is None:
            self._owners = self.base._owners.mutate()
        return self._owners

    @property
    def numbers(self) -> MapMutation[str, NumberRecord]:
        if self._numbers is None:
            self._numbers = self.base._numbers.mutate()
        return self._numbers

    @property
    def bound(self) -> MapMutation[str, Map[str, str]]:
        if self._bound is None:
            self._bound = self.base._bound.mutate()
        return self._bound

    def finish(self) -> EmergencyDirectory:
        for address_id, draft in self.bound_drafts.items():
            if len(draft):
                self.bound[address_id] = draft.finish()
            else:
                self.bound.pop(address_id, None)
        self.bound_drafts = {}
        base = self.base
        return _restore(
            base.registry,
            base._addresses if self._addresses is None else self._addresses.finish(),
            base._owners if self._owners is None else self._owners.finish(),
            base._numbers if self._numbers is None else self._numbers.finish(),
            base._bound if self._bound is None else self._bound.finish(),
            base._network,
        )

    def run(self, command: tuple[Any, ...], index: int) -> None:
        if not isinstance(command, tuple) or not command or command[0] not in _COMMANDS:
            raise InvalidAddressError(
                [
                    FieldError(
                        f"commands[{index}]",
                        "INVALID",
                        f"expected (command name, arguments...) with a name among "
                        f"{', '.join(sorted(_COMMANDS))}; got {command!r}",
                    )
                ]
            )
        name, *args = command
        try:
            if len(args) == 1 and isinstance(args[0], Mapping):
                getattr(self, name)(**args[0])
            else:
                getattr(self, name)(*args)
        except EmergencyAddressError as error:
            error.add_note(f"in command {index} ({name}) of the batch; nothing was applied")
            raise
        except TypeError as error:
            raise InvalidAddressError(
                [FieldError(f"commands[{index}]", "INVALID", f"{name}: {error}")]
            ) from None

    # --- helpers -------------------------------------------------------------------------------

    def address(self, address_id: str) -> EmergencyAddress:
        found = self.addresses.get(_id("address_id", address_id))
        if found is None:
            raise NotFoundError("address", address_id)
        return found

    def record(self, number: PhoneNumber | str) -> NumberRecord:
        e164 = _as_number(number).e164
        found = self.numbers.get(e164)
        if found is None:
            raise NotFoundError("number", e164)
        return found

    def owner(self, location_id: str | None) -> EmergencyAddress | None:
        if location_id is None:
            return None
        # read without starting a mutation: number commands never change these two
        owners = self.base._owners if self._owners is None else self._owners
        owner = owners.get(_id("location_id", location_id))
        if owner is None:
            raise NotFoundError("location", location_id)
        addresses = self.base._addresses if self._addresses is None else self._addresses
        return addresses[owner]

    def bindings(self, address_id: str) -> MapMutation[str, str]:
        draft = self.bound_drafts.get(address_id)
        if draft is None:
            draft = self.bound_drafts[address_id] = self.bound.get(address_id, _EMPTY).mutate()
        return draft

    def binding_items(self, address_id: str) -> list[tuple[str, str]]:
        """The numbers bound to an address and their locations, as the batch has left them."""
        current = self.bindings(address_id).finish()
        self.bound_drafts[address_id] = current.mutate()  # O(1): later changes copy on write
        return list(current.items())

    def check(self, record: NumberRecord, events: Iterable[AttachmentEvent]) -> None:
        address = self.owner(record.location_id)
        violations: list[Violation] = []
        for event in events:
            decision = self.registry.decide(record.number, event, address, record.location_id)
            violations += [v for v in decision.violations if v not in violations]
        if violations:
            raise PolicyViolationError(violations)

    def put_number(self, record: NumberRecord, previous: NumberRecord | None) -> None:
        owners = self.base._owners if self._owners is None else self._owners
        if previous is not None and previous.location_id is not None:
            del self.bindings(owners[previous.location_id])[previous.e164]
        self.numbers[record.e164] = record
        if record.location_id is not None:
            self.bindings(owners[record.location_id])[record.e164] = record.location_id

    def set_address(self, address: EmergencyAddress) -> None:
        self.addresses[address.id] = address

    def claim_locations(self, address: EmergencyAddress, index: str = "") -> None:
        taken = [
            FieldError(
                f"{index}locations[{position}].id",
                "DUPLICATE",
                f"location id {loc.id!r} is used by address {self.owners[loc.id]!r}",
            )
            for position, loc in enumerate(address.locations)
            if loc.id in self.owners
        ]
        if taken:
            raise InvalidAddressError(taken)
        for loc in address.locations:
            self.owners[loc.id] = address.id

    # --- commands ------------------------------------------------------------------------------

    def add_address(self, address: EmergencyAddress) -> None:
        if not isinstance(address, EmergencyAddress):
            raise InvalidAddressError(
                [FieldError.wrong_type("address", "EmergencyAddress", address)]
            )
        if address.id in self.addresses:
            raise InvalidAddressError(
                [FieldError("id", "DUPLICATE", f"address id {address.id!r} is taken")]
            )
        self.claim_locations(address)
        self.set_address(address)

    def update_address(self, address: EmergencyAddress) -> None:
        if not isinstance(address, EmergencyAddress):
            raise TypeError(f"address: expected EmergencyAddress, got {type(address).__name__}")
        old = self.address(address.id)
        new_ids = {loc.id for loc in address.locations}
        bound = dict(self.binding_items(address.id))
        orphaned = sorted(e164 for e164, loc in bound.items() if loc not in new_ids)
        if orphaned:
            lost = sorted({bound[e164] for e164 in orphaned})
            raise AddressInUseError(lost[0], orphaned, what="location")
        self.check_network(old, new_ids)
        for loc in old.locations:
            if loc.id not in new_ids:
                del self.owners[loc.id]
        taken = [
            FieldError(
                f"locations[{position}].id",
                "DUPLICATE",
                f"location id {loc.id!r} is used by address {self.owners[loc.id]!r}",
            )
            for position, loc in enumerate(address.locations)
            if self.owners.get(loc.id, address.id) != address.id
        ]
        if taken:
            raise InvalidAddressError(taken)
        for loc in address.locations:
            self.owners[loc.id] = address.id
        self.set_address(address)
        violations: list[Violation] = []
        for e164 in sorted(bound):
            try:
                self.check(self.numbers[e164], self.numbers[e164].events)
            except PolicyViolationError as error:
                violations += error.violations
        if violations:
            raise PolicyViolationError(violations)

    def record_validation(
        self, address_id: str, result: ValidationResult, accept_changes: bool = False
    ) -> None:
        address = self.address(address_id)
        self.set_address(
            apply_validation(address, result, accept_changes=accept_changes, registry=self.registry)
        )

    def request_manual_validation(self, address_id: str, reference: str, at: dt.datetime) -> None:
        address = self.address(address_id)
        path = manual_path_for(address.civic.country, self.registry)
        record = address.validation.request_manual(
            reference, at=at, civic=address.civic, manual_path=path
        )
        self.set_address(address.with_validation(record))

    def resolve_manual_validation(
        self,
        address_id: str,
        approved: bool,
        reasons: tuple[str, ...] = (),
        by: Any = None,
        at: Any = None,
    ) -> None:
        address = self.address(address_id)
        record = address.validation.resolve_manual(approved, reasons, by=by, at=at)
        self.set_address(address.with_validation(record))

    def withdraw_manual_validation(
        self, address_id: str, at: dt.datetime, reason: str = ""
    ) -> None:
        address = self.address(address_id)
        self.set_address(
            address.with_validation(address.validation.withdraw_manual(at=at, reason=reason))
        )

    def attest(self, address_id: str, attestation: Attestation) -> None:
        address = self.address(address_id)
        record = address.validation.attest(attestation, civic=address.civic)
        self.set_address(address.with_validation(record))

    def replace_address(self, old_id: str, new: EmergencyAddress) -> None:
        old = self.address(old_id)
        if not isinstance(new, EmergencyAddress):
            raise InvalidAddressError(
                [FieldError.wrong_type("new_address", "EmergencyAddress", new)]
            )
        problem = new.validation.why_not_validated(new.civic)
        if problem is not None:
            raise ValidationStateError(
                f"the new address {new.id!r} cannot replace another: {problem}; only an address "
                "validated for its content can"
            )
        moving = dict(self.binding_items(old_id))
        self.check_network(old, {loc.id for loc in new.locations})
        for loc in old.locations:
            del self.owners[loc.id]
        del self.addresses[old_id]
        self.bound_drafts.pop(old_id, None)
        self.bound.pop(old_id, None)
        self.add_address(new)
        old_default, new_default = old.default_location_id, new.default_location_id
        lacking = sorted(
            {loc for loc in moving.values() if loc != old_default and not new.has_location(loc)}
        )
        if lacking:
            raise InvalidAddressError(
                [
                    FieldError(
                        "new_address.locations",
                        "REQUIRED",
                        f"numbers are bound to location {loc!r}, which the new address lacks",
                    )
                    for loc in lacking
                ]
            )
        violations: list[Violation] = []
        for e164, location_id in sorted(moving.items()):
            record = self.numbers[e164]
            moved = attrs.evolve(
                record, location_id=new_default if location_id == old_default else location_id
            )
            try:
                self.check(moved, moved.events)
            except PolicyViolationError as error:
                violations += error.violations
            self.numbers[e164] = moved
            self.bindings(new.id)[e164] = moved.location_id  # type: ignore[assignment]
        if violations:
            raise PolicyViolationError(violations)

    def check_network(self, old: EmergencyAddress, kept: set[str]) -> None:
        """Refuse to drop a location of ``old`` that network elements point at."""
        network = self.base._network
        if not len(network):
            return
        for loc in old.locations:
            if loc.id not in kept:
                elements = network.referencing(loc.id)
                if elements:
                    raise LocationInUseError(loc.id, elements)

    def remove_address(self, address_id: str) -> None:
        address = self.address(address_id)
        dependents = [e164 for e164, _ in self.binding_items(address_id)]
        if dependents:
            raise AddressInUseError(address_id, dependents)
        network = self.base._network
        if len(network):
            elements = [e for loc in address.locations for e in network.referencing(loc.id)]
            if elements:
                raise LocationInUseError(address_id, elements, what="address")
        for loc in address.locations:
            del self.owners[loc.id]
        del self.addresses[address_id]

    def add_location(self, address_id: str, location: Location) -> None:
        address = self.address(address_id)
        if not isinstance(location, Location):
            raise InvalidAddressError([FieldError.wrong_type("location", "Location", location)])
        if location.id in self.owners:
            raise InvalidAddressError(
                [
                    FieldError(
                        "location.id",
                        "DUPLICATE",
                        f"location id {location.id!r} is used by address "
                        f"{self.owners[location.id]!r}",
                    )
                ]
            )
        self.set_address(address.with_location(location))
        self.owners[location.id] = address_id

    def remove_location(self, address_id: str, location_id: str) -> None:
        address = self.address(address_id)
        if self.owners.get(_id("location_id", location_id)) != address_id:
            raise NotFoundError("location", location_id, f"under address {address_id!r}")
        shrunk = address.without_location(location_id)  # refuses the default location
        dependents = [e164 for e164, loc in self.binding_items(address_id) if loc == location_id]
        if dependents:
            raise AddressInUseError(location_id, dependents, what="location")
        elements = self.base._network.referencing(location_id)
        if elements:
            raise LocationInUseError(location_id, elements)
        self.set_address(shrunk)
        del self.owners[location_id]

    def acquire_number(
        self, number: PhoneNumber | str, location_id: str | None = None, ported: bool = False
    ) -> None:
        if location_id is not None:
            _id("location_id", location_id)
        parsed = _as_number(number)
        if parsed.e164 in self.numbers:
            raise DuplicateNumberError(parsed.e164)
        record = NumberRecord(
            parsed,
            arrived=AttachmentEvent.PORT_IN if ported else AttachmentEvent.ACQUISITION,
            location_id=location_id,
        )
        self.check(record, (record.arrived,))
        self.put_number(record, None)

    def assign_number(
        self, number: PhoneNumber | str, user: str, location_id: str | None = None
    ) -> None:
        if location_id is not None:
            _id("location_id", location_id)
        previous = self.record(number)
        if user is None or (isinstance(user, str) and not user.strip()):
            raise InvalidAddressError([FieldError("user", "REQUIRED", "a user is required")])
        record = _evolve(
            previous,
            user=user,
            location_id=location_id if location_id is not None else previous.location_id,
        )
        self.check(record, (AttachmentEvent.ASSIGNMENT,))
        self.put_number(record, previous)

    def set_number_location(self, number: PhoneNumber | str, location_id: str | None) -> None:
        if location_id is not None:
            _id("location_id", location_id)
        previous = self.record(number)
        record = _evolve(previous, location_id=location_id)
        self.check(record, record.events)
        self.put_number(record, previous)

    def unassign_number(self, number: PhoneNumber | str) -> None:
        previous = self.record(number)
        self.put_number(_evolve(previous, user=None), previous)

    def record_registration(self, number: PhoneNumber | str, registration: Registration) -> None:
        if not isinstance(registration, Registration):
            raise TypeError(
                f"registration: expected Registration, got {type(registration).__name__}"
            )
        previous = self.record(number)
        self.numbers[previous.e164] = attrs.evolve(previous, registration=registration)

    def release_number(self, number: PhoneNumber | str) -> None:
        previous = self.record(number)
        if previous.location_id is not None:
            del self.bindings(self.owners[previous.location_id])[previous.e164]
        del self.numbers[previous.e164]


def _evolve(record: NumberRecord, **changes: Any) -> NumberRecord:
    """``attrs.evolve`` for the directory's hot path: a copy with ``changes``, checked."""
    new = object.__new__(NumberRecord)
    for name in _RECORD_FIELDS:
        object.__setattr__(new, name, changes[name] if name in changes else getattr(record, name))
    new.__attrs_post_init__()
    return new


_RECORD_FIELDS = tuple(field.name for field in attrs.fields(NumberRecord))


def _build(
    empty: EmergencyDirectory,
    addresses: Iterable[EmergencyAddress],
    numbers: Iterable[NumberRecord],
) -> EmergencyDirectory:
    for name, value in (("addresses", addresses), ("numbers", numbers)):
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
            raise TypeError(f"{name}: expected an iterable, got {type(value).__name__}")
    errors: list[FieldError] = []
    by_id: dict[str, EmergencyAddress] = {}
    owners: dict[str, str] = {}
    for index, address in enumerate(addresses):
        if not isinstance(address, EmergencyAddress):
            errors.append(FieldError.wrong_type(f"addresses[{index}]", "EmergencyAddress", address))
            continue
        if address.id in by_id:
            errors.append(
                FieldError(
                    f"addresses[{index}].id",
                    "DUPLICATE",
                    f"address id {address.id!r} appears twice",
                )
            )
            continue
        by_id[address.id] = address
        for position, loc in enumerate(address.locations):
            if loc.id in owners:
                errors.append(
                    FieldError(
                        f"addresses[{index}].locations[{position}].id",
                        "DUPLICATE",
                        f"location id {loc.id!r} is used by address {owners[loc.id]!r}",
                    )
                )
            else:
                owners[loc.id] = address.id
    records: dict[str, NumberRecord] = {}
    bound: dict[str, dict[str, str]] = {}
    for index, record in enumerate(numbers):
        if not isinstance(record, NumberRecord):
            errors.append(FieldError.wrong_type(f"numbers[{index}]", "NumberRecord", record))
            continue
        e164 = record.number.e164
        if e164 in records:
            errors.append(
                FieldError(f"numbers[{index}].number", "DUPLICATE", f"{e164} appears twice")
            )
            continue
        location_id = record.location_id
        if location_id is not None:
            owner = owners.get(location_id)
            if owner is None:
                errors.append(
                    FieldError(
                        f"numbers[{index}].location_id",
                        "UNKNOWN",
                        f"{e164} is bound to location {location_id!r}, which no address has",
                    )
                )
                continue
            bindings = bound.get(owner)
            if bindings is None:
                bindings = bound[owner] = {}
            bindings[e164] = location_id
        records[e164] = record
    if errors:
        raise InvalidAddressError(errors)
    return _restore(
        empty.registry,
        Map(by_id),
        Map(owners),
        Map(records),
        Map({k: Map(v) for k, v in bound.items()}),
    )
