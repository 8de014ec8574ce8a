"""Locations and the emergency address that holds them."""

from __future__ import annotations

import re
from typing import Any

import attrs

from ._civic import CIVIC_FIELDS, SUB_LOCATION_FIELDS, CivicAddress, GeoPoint, join
from ._number import PhoneNumber
from ._results import ValidationRecord
from ._text import clean_attributes, clean_text
from .exceptions import FieldError, InvalidAddressError, InvalidPhoneNumberError, NotFoundError

_ID_LIMIT = 128
_DESCRIPTION_LIMIT = 255
# Teams sets no documented length for an ELIN; this bound is against abuse only.
ELIN_LIMIT = 64
# What an ELIN must look like before it is tried as a phone number: digits and the punctuation
# people write numbers with. phonenumbers would otherwise read letters as a keypad ("ORKAN_FL01").
_NUMBER_LIKE = re.compile(r"\+?[0-9 ()./-]+")
_NOT_VALIDATED = ValidationRecord()
_LOCATION_TEXT = (
    ("description", _DESCRIPTION_LIMIT),
    *((name, limit) for name, _, limit in CIVIC_FIELDS if name in SUB_LOCATION_FIELDS),
)
_ADDRESS_TEXT = (("company_name", 255), ("company_tax_id", 64), ("description", _DESCRIPTION_LIMIT))


@attrs.frozen(kw_only=True)
class Location:
    """A place under an emergency address: a building, a floor, an office.

    Locations are not validated by authorities; they annotate a validated civic address.

    Attributes:
        id: unique within its emergency address; the address's own id names its default location.
        description: what people call it ("Building 2, Floor 3").
        building, floor, unit, room, seat: the RFC 5139 BLD, FLR, UNIT, ROOM, SEAT values.
        elin: the Emergency Location Identification Number, if the location has its own: text,
            as in Teams, where an ELIN gateway maps it (``"ORKAN_FL01"`` is one). It is often a
            phone number, and checks that need a number apply where it parses as one.
            A [PhoneNumber][emergency_address.PhoneNumber] given here is kept as its E.164 text.
        geo: a point for the location, if known.
    """

    id: str
    description: str | None = None
    building: str | None = None
    floor: str | None = None
    unit: str | None = None
    room: str | None = None
    seat: str | None = None
    elin: str | None = None
    geo: GeoPoint | None = None

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        set_ = object.__setattr__
        set_(self, "id", _check_id("id", self.id, errors))
        clean_attributes(self, _LOCATION_TEXT, errors)
        _check_elin(self, errors)
        _check_instance("geo", self.geo, GeoPoint, errors)
        if errors:
            raise InvalidAddressError(errors)

    @property
    def is_bare(self) -> bool:
        """Whether the location adds nothing to its address (as a default location usually)."""
        return not any(
            (
                self.description,
                self.building,
                self.floor,
                self.unit,
                self.room,
                self.seat,
                self.elin,
                self.geo,
            )
        )


def _check_id(field: str, value: object, errors: list[FieldError]) -> str:
    before = len(errors)
    text = clean_text(field, value, _ID_LIMIT, errors)
    if text is None:
        # Only an absent or blank id is missing; a refused one (too long, a control
        # character) has its own error already.
        if len(errors) == before and (value is None or isinstance(value, str)):
            errors.append(FieldError(field, "REQUIRED", "a non-empty id is required"))
        return value if isinstance(value, str) else ""
    return text


def _check_elin(obj: Location | EmergencyAddress, errors: list[FieldError]) -> None:
    value: object = obj.elin
    if value is None:
        return
    if isinstance(value, PhoneNumber):
        value = value.e164
    elif not isinstance(value, str):
        errors.append(FieldError.wrong_type("elin", "text or None", value))
        return
    cleaned = clean_text("elin", value, ELIN_LIMIT, errors)
    if cleaned is not obj.elin:
        object.__setattr__(obj, "elin", cleaned)


def elin_number(elin: str | None, country: str | None) -> PhoneNumber | None:
    """The ELIN read as a phone number of ``country``, or ``None`` where it is not one.

    Only text made of digits and the usual punctuation (an optional leading ``+``, spaces,
    ``( ) . / -``) is tried: an identifier such as ``"ORKAN_FL01"`` is not a number, although
    phonenumbers would read its letters as a keypad.

    >>> elin_number("(425) 555-0100", "US").e164
    '+14255550100'
    >>> elin_number("ORKAN_FL01", "US") is None
    True
    """
    if elin is None or not _NUMBER_LIKE.fullmatch(elin):
        return None
    try:
        return PhoneNumber.parse(elin, country)
    except InvalidPhoneNumberError:
        return None


def _check_instance(
    field: str, value: object, kind: type, errors: list[FieldError], *, hint: str = ""
) -> None:
    if value is not None and not isinstance(value, kind):
        errors.append(FieldError.wrong_type(field, f"{kind.__name__} or None", value, hint=hint))


@attrs.frozen(kw_only=True)
class EmergencyAddress:
    """An organisation's registered emergency address: a civic address and its locations.

    Creating one creates its **default location**, whose id is the address's id unless
    ``default_location_id`` gives it its own (Teams gives every address a ``DefaultLocationId``
    GUID of its own); it is always present and cannot be removed on its own. What a number is
    bound to is a location id, the default location's included.

    Attributes:
        id: the address's id, unique in its directory.
        civic: the street-level [`CivicAddress`][emergency_address.CivicAddress].
        company_name: the organisation at the address (Teams ``CompanyName``).
        company_tax_id: its tax id, required in some countries (Teams ``CompanyTaxId``).
        description: what people call the address.
        geo: a [`GeoPoint`][emergency_address.GeoPoint] for the building, if known.
        elin: the address's ELIN, if any: text, as on [Location][emergency_address.Location].
        default_location_id: the id of the default location; the address's id unless given.
            Reading it always gives the effective id.
        locations: its [`Location`][emergency_address.Location] objects, the default one included.
        validation: its [`ValidationRecord`][emergency_address.ValidationRecord]; not validated
            unless said otherwise.

    Examples:
        >>> hq = EmergencyAddress(id="hq", civic=CivicAddress(country="GB", city="London"))
        >>> [loc.id for loc in hq.locations]
        ['hq']
        >>> hq = hq.with_location(Location(id="hq-3", floor="3"))
        >>> hq.dispatchable("hq-3").floor
        '3'
    """

    id: str
    civic: CivicAddress
    company_name: str | None = None
    company_tax_id: str | None = None
    description: str | None = None
    geo: GeoPoint | None = None
    elin: str | None = None
    # Stored as None when it is the address's id, so that evolving the id moves the default
    # location with it; the public property below always gives the effective id.
    _default_location_id: str | None = attrs.field(default=None, alias="default_location_id")
    locations: tuple[Location, ...] = ()
    validation: ValidationRecord = _NOT_VALIDATED

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        set_ = object.__setattr__
        set_(self, "id", _check_id("id", self.id, errors))
        if not isinstance(self.civic, CivicAddress):
            errors.append(FieldError.wrong_type("civic", "CivicAddress", self.civic))
        clean_attributes(self, _ADDRESS_TEXT, errors)
        _check_instance("geo", self.geo, GeoPoint, errors)
        _check_elin(self, errors)
        if not isinstance(self.validation, ValidationRecord):
            errors.append(FieldError.wrong_type("validation", "ValidationRecord", self.validation))
        if self._default_location_id is not None:
            own = _check_id("default_location_id", self._default_location_id, errors)
            set_(self, "_default_location_id", None if own == self.id else own)
        set_(
            self,
            "locations",
            _check_locations(self.id, self._default_location_id, self.locations, errors),
        )
        if errors:
            raise InvalidAddressError(errors)

    @property
    def default_location_id(self) -> str:
        """The id of the default location: its own where given, else the address's id."""
        return self.id if self._default_location_id is None else self._default_location_id

    @property
    def default_location(self) -> Location:
        """The address's default location."""
        return self.location(self.default_location_id)

    def location(self, location_id: str) -> Location:
        """The location with that id.

        Raises:
            NotFoundError: the address has no such location.
        """
        for loc in self.locations:
            if loc.id == location_id:
                return loc
        raise NotFoundError("location", location_id, f"under address {self.id!r}")

    def has_location(self, location_id: str) -> bool:
        """Whether a location with that id exists under this address."""
        return any(loc.id == location_id for loc in self.locations)

    def with_location(self, location: Location) -> EmergencyAddress:
        """A copy with ``location`` added.

        Raises:
            InvalidAddressError: a location with that id exists already.
        """
        if not isinstance(location, Location):
            raise InvalidAddressError([FieldError.wrong_type("location", "Location", location)])
        return attrs.evolve(self, locations=(*self.locations, location))

    def without_location(self, location_id: str) -> EmergencyAddress:
        """A copy without the location ``location_id``.

        Raises:
            InvalidAddressError: it is the default location, which goes only with its address.
            NotFoundError: there is no such location.
        """
        if location_id == self.default_location_id:
            raise InvalidAddressError(
                [
                    FieldError(
                        "location_id",
                        "INVALID",
                        f"{location_id!r} is the default location of address {self.id!r}; "
                        "it is removed only with the address",
                    )
                ]
            )
        self.location(location_id)
        return attrs.evolve(self, locations=tuple(x for x in self.locations if x.id != location_id))

    def with_validation(self, record: ValidationRecord) -> EmergencyAddress:
        """A copy carrying ``record`` as its validation state."""
        return attrs.evolve(self, validation=record)

    @property
    def is_validated(self) -> bool:
        """Whether an authority validated exactly this civic content: the record is
        ``VALIDATED`` and not stale (a changed civic address reads as not validated; the
        record's ``why_not_validated(address.civic)`` says why)."""
        return self.validation.why_not_validated(self.civic) is None

    def dispatchable(self, location_id: str | None = None) -> CivicAddress:
        """The civic address a dispatcher needs for one location.

        The location's building, floor, unit, room and seat replace the civic address's own where
        the location sets them, and its description is added to ``additional_info`` (LOC); every
        other civic field is kept as it is.

        Args:
            location_id: the location; ``None`` means the default location.

        Raises:
            NotFoundError: the address has no such location.
        """
        loc = self.location(self.default_location_id if location_id is None else location_id)
        if loc.is_bare:
            return self.civic
        changes: dict[str, Any] = {
            name: getattr(loc, name) for name in SUB_LOCATION_FIELDS if getattr(loc, name)
        }
        if loc.description and loc.description != self.civic.additional_info:
            changes["additional_info"] = join("; ", self.civic.additional_info, loc.description)
        return attrs.evolve(self.civic, **changes) if changes else self.civic


def _check_locations(
    address_id: str, own_default: str | None, value: object, errors: list[FieldError]
) -> tuple[Location, ...]:
    if isinstance(value, list):
        value = tuple(value)
    if not isinstance(value, tuple):
        errors.append(FieldError.wrong_type("locations", "a tuple of Location", value))
        return ()
    seen: set[str] = set()
    for index, loc in enumerate(value):
        if not isinstance(loc, Location):
            errors.append(FieldError.wrong_type(f"locations[{index}]", "Location", loc))
        elif loc.id in seen:
            errors.append(
                FieldError(
                    f"locations[{index}].id", "DUPLICATE", f"location id {loc.id!r} appears twice"
                )
            )
        elif own_default is not None and loc.id == address_id:
            # With a default location of its own, the address id names no location: a
            # location under that id would read as the default one to every older reader.
            errors.append(
                FieldError(
                    f"locations[{index}].id",
                    "INVALID",
                    f"location id {loc.id!r} is the address's id, but the default location is "
                    f"{own_default!r}; give the location an id of its own",
                )
            )
        else:
            seen.add(loc.id)
    default = own_default if own_default is not None else address_id
    if isinstance(default, str) and default and default not in seen:
        return (Location(id=default), *value)
    return value
