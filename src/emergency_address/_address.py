"""Civic addresses, geographic points, locations and the emergency address that holds them."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

import attrs

from ._country import alpha2, country_problem
from ._number import PhoneNumber
from ._results import ValidationRecord
from ._text import clean_text
from .exceptions import FieldError, InvalidAddressError, NotFoundError

# Each CivicAddress field with its RFC 5139 element (RFC 6848 for STP, HNP, PN, MP) and the most
# characters it may hold. The limits under 64 are the Teams LIS limits of DOMAIN.md §2; the rest
# are generous bounds that keep one address from holding a megabyte.
CIVIC_FIELDS: tuple[tuple[str, str, int], ...] = (
    ("country", "country", 2),
    ("state", "A1", 64),
    ("county", "A2", 128),
    ("city", "A3", 64),
    ("city_district", "A4", 128),
    ("neighborhood", "A5", 128),
    ("street_group", "A6", 128),
    ("pre_directional", "PRD", 2),
    ("street_name", "RD", 128),
    ("street_suffix", "STS", 64),
    ("post_directional", "POD", 2),
    ("road_pre_modifier", "PRM", 64),
    ("road_post_modifier", "POM", 64),
    ("road_section", "RDSEC", 64),
    ("road_branch", "RDBR", 128),
    ("road_sub_branch", "RDSUBBR", 128),
    ("house_number_prefix", "HNP", 10),
    ("house_number", "HNO", 10),
    ("house_number_suffix", "HNS", 5),
    ("landmark", "LMK", 255),
    ("additional_info", "LOC", 1024),
    ("name", "NAM", 255),
    ("postal_code", "PC", 10),
    ("postal_community", "PCN", 64),
    ("po_box", "POBOX", 32),
    ("additional_code", "ADDCODE", 64),
    ("place_type", "PLC", 64),
    ("street_type_prefix", "STP", 64),
    ("pole_number", "PN", 64),
    ("milepost", "MP", 64),
    ("building", "BLD", 128),
    ("floor", "FLR", 64),
    ("unit", "UNIT", 64),
    ("room", "ROOM", 64),
    ("seat", "SEAT", 64),
)
SUB_LOCATION_FIELDS = ("building", "floor", "unit", "room", "seat")
_TEXT_LIMITS = tuple((name, limit) for name, _, limit in CIVIC_FIELDS if name != "country")
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
_LANGUAGE_LIMIT = 35
_ID_LIMIT = 128
_NOT_VALIDATED = ValidationRecord()
_DESCRIPTION_LIMIT = 255


@attrs.frozen(kw_only=True, repr=False)
class CivicAddress:
    """A street-level civic address, one field per RFC 5139 element.

    Every text field is NFC-normalised with white space collapsed; an empty value is ``None``.
    ``country`` is an ISO 3166-1 alpha-2 code in any case, stored upper case. Building a value
    with bad fields raises :class:`~emergency_address.exceptions.InvalidAddressError` listing
    all of them.

    The five sub-location fields (``building``, ``floor``, ``unit``, ``room``, ``seat``) are
    normally left empty here: a :class:`Location` supplies them and
    :meth:`EmergencyAddress.dispatchable` merges them in.

    Example:
        >>> a = CivicAddress(country="us", house_number="1600", street_name="Pennsylvania",
        ...                  street_suffix="Ave", post_directional="NW", city="Washington",
        ...                  state="DC", postal_code="20500")
        >>> str(a)
        '1600 Pennsylvania Ave NW, Washington, DC 20500, US'
    """

    country: str
    state: str | None = None
    county: str | None = None
    city: str | None = None
    city_district: str | None = None
    neighborhood: str | None = None
    street_group: str | None = None
    pre_directional: str | None = None
    street_name: str | None = None
    street_suffix: str | None = None
    post_directional: str | None = None
    road_pre_modifier: str | None = None
    road_post_modifier: str | None = None
    road_section: str | None = None
    road_branch: str | None = None
    road_sub_branch: str | None = None
    house_number_prefix: str | None = None
    house_number: str | None = None
    house_number_suffix: str | None = None
    landmark: str | None = None
    additional_info: str | None = None
    name: str | None = None
    postal_code: str | None = None
    postal_community: str | None = None
    po_box: str | None = None
    additional_code: str | None = None
    place_type: str | None = None
    street_type_prefix: str | None = None
    pole_number: str | None = None
    milepost: str | None = None
    building: str | None = None
    floor: str | None = None
    unit: str | None = None
    room: str | None = None
    seat: str | None = None
    language: str | None = None

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        set_ = object.__setattr__
        set_(self, "country", _check_country(self.country, errors))
        for name, limit in _TEXT_LIMITS:
            value = getattr(self, name)
            if value is not None:
                cleaned = clean_text(name, value, limit, errors)
                if cleaned is not value:
                    set_(self, name, cleaned)
        if self.language is not None:
            set_(self, "language", _check_language(self.language, errors))
        if errors:
            raise InvalidAddressError(errors)

    def fields(self) -> dict[str, str]:
        """The fields that hold a value, in RFC 5139 order (``language`` last)."""
        values = {name: getattr(self, name) for name, _, _ in CIVIC_FIELDS}
        values["language"] = self.language
        return {k: v for k, v in values.items() if v is not None}

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.fields().items())
        return f"CivicAddress({shown})"

    def __str__(self) -> str:
        return _render_one_line(self)


def _check_country(value: object, errors: list[FieldError]) -> str:
    if not isinstance(value, str) or not value.strip():
        found = "nothing" if value is None or value == "" else type(value).__name__
        errors.append(
            FieldError(
                "country", "REQUIRED", f"an ISO 3166-1 alpha-2 code is required, got {found}"
            )
        )
        return value if isinstance(value, str) else ""
    code = alpha2(value)
    if code is None:
        errors.append(FieldError("country", "UNKNOWN", country_problem(value)))
        return value
    return code


def _check_language(value: object, errors: list[FieldError]) -> str | None:
    text = clean_text("language", value, _LANGUAGE_LIMIT, errors)
    if text is not None and not _LANGUAGE.fullmatch(text):
        errors.append(
            FieldError(
                "language",
                "INVALID",
                f"expected a BCP 47 tag such as 'en' or 'de-CH', got {text!r}",
            )
        )
        return None
    return text


# Customary one-line order, where we know it. Street before number and postcode before city
# follow the postal conventions of continental Europe; the rest read like US and UK addresses.
_STREET_FIRST = frozenset(
    "AT BA BE BG CH CZ DE DK EE ES FI GR HR HU IS IT LI LT LV NL NO PL PT RO RS SE SI SK".split()  # noqa: SIM905
)
_POSTCODE_FIRST = _STREET_FIRST | frozenset({"FR", "LU", "MC"})


def _render_one_line(a: CivicAddress) -> str:
    house = "".join(p for p in (a.house_number_prefix, a.house_number) if p)
    if a.house_number_suffix:
        suffix = a.house_number_suffix
        house = f"{house}{suffix}" if suffix.isalpha() and len(suffix) == 1 else f"{house} {suffix}"
    street = _join(
        " ",
        a.road_pre_modifier,
        a.pre_directional,
        a.street_type_prefix,
        a.street_name or a.street_group,
        a.street_suffix,
        a.post_directional,
        a.road_post_modifier,
    )
    street_line = (
        _join(" ", street, house) if a.country in _STREET_FIRST else _join(" ", house, street)
    )
    sub = _join(
        ", ",
        *(
            f"{label} {value}"
            for label, value in (
                ("Building", a.building),
                ("Floor", a.floor),
                ("Unit", a.unit),
                ("Room", a.room),
                ("Seat", a.seat),
            )
            if value
        ),
    )
    if a.country in _POSTCODE_FIRST:
        locality = _join(", ", _join(" ", a.postal_code, a.city or a.postal_community), a.state)
    elif a.country == "GB":
        locality = _join(" ", a.city or a.postal_community, a.postal_code)
    else:
        locality = _join(", ", a.city or a.postal_community, _join(" ", a.state, a.postal_code))
    return _join(
        ", ",
        a.name,
        a.landmark,
        sub,
        a.additional_info,
        street_line,
        a.po_box and f"PO Box {a.po_box}",
        a.neighborhood,
        a.city_district,
        locality,
        a.country,
    )


def _join(separator: str, *parts: str | None) -> str:
    return separator.join(p for p in parts if p)


@attrs.frozen(kw_only=True)
class GeoPoint:
    """A point on the WGS 84 ellipsoid, in degrees.

    Example:
        >>> GeoPoint(latitude=51.5034, longitude=-0.1276)
        GeoPoint(latitude=51.5034, longitude=-0.1276)
    """

    latitude: float
    longitude: float

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        set_ = object.__setattr__
        set_(self, "latitude", _check_degrees("latitude", self.latitude, 90.0, errors))
        set_(self, "longitude", _check_degrees("longitude", self.longitude, 180.0, errors))
        if errors:
            raise InvalidAddressError(errors)


def _check_degrees(field: str, value: object, bound: float, errors: list[FieldError]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        errors.append(
            FieldError(
                field, "INVALID_TYPE", f"expected a number of degrees, got {type(value).__name__}"
            )
        )
        return math.nan
    number = float(value)
    if not math.isfinite(number) or not -bound <= number <= bound:
        errors.append(
            FieldError(
                field,
                "OUT_OF_RANGE",
                f"expected a finite number in [-{bound:g}, {bound:g}], got {value!r}",
            )
        )
    return number


@attrs.frozen(kw_only=True)
class Location:
    """A place under an emergency address: a building, a floor, an office.

    Locations are not validated by authorities; they annotate a validated civic address.

    Attributes:
        id: unique within its emergency address; the address's own id names its default location.
        description: what people call it ("Building 2, Floor 3").
        building, floor, unit, room, seat: the RFC 5139 BLD, FLR, UNIT, ROOM, SEAT values.
        elin: the Emergency Location Identification Number, if the location has its own.
        geo: a point for the location, if known.
    """

    id: str
    description: str | None = None
    building: str | None = None
    floor: str | None = None
    unit: str | None = None
    room: str | None = None
    seat: str | None = None
    elin: PhoneNumber | None = None
    geo: GeoPoint | None = None

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        set_ = object.__setattr__
        set_(self, "id", _check_id("id", self.id, errors))
        set_(
            self,
            "description",
            clean_text("description", self.description, _DESCRIPTION_LIMIT, errors),
        )
        for name, _, limit in CIVIC_FIELDS[-5:]:
            set_(self, name, clean_text(name, getattr(self, name), limit, errors))
        _check_instance("elin", self.elin, PhoneNumber, errors, hint="use PhoneNumber.parse()")
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
    text = clean_text(field, value, _ID_LIMIT, errors)
    if text is None:
        if value is None or isinstance(value, str):
            errors.append(FieldError(field, "REQUIRED", "a non-empty id is required"))
        return value if isinstance(value, str) else ""
    return text


def _check_instance(
    field: str, value: object, kind: type, errors: list[FieldError], *, hint: str = ""
) -> None:
    if value is not None and not isinstance(value, kind):
        extra = f"; {hint}" if hint else ""
        errors.append(
            FieldError(
                field,
                "INVALID_TYPE",
                f"expected {kind.__name__} or None, got {type(value).__name__}{extra}",
            )
        )


def _to_locations(value: Iterable[Location]) -> tuple[Location, ...]:
    if isinstance(value, list | tuple):
        return tuple(value)
    return value  # type: ignore[return-value]  # reported by the address's own checks


@attrs.frozen(kw_only=True)
class EmergencyAddress:
    """An organisation's registered emergency address: a civic address and its locations.

    Creating one creates its **default location**, whose id is the address's id; it is always
    present and cannot be removed on its own. What a number is bound to is a location id.

    Attributes:
        id: the address's id, unique in its directory.
        civic: the street-level :class:`CivicAddress`.
        company_name: the organisation at the address (Teams ``CompanyName``).
        company_tax_id: its tax id, required in some countries (Teams ``CompanyTaxId``).
        description: what people call the address.
        geo: a :class:`GeoPoint` for the building, if known.
        elin: the address's ELIN, if any.
        locations: its :class:`Location` objects, the default one included.
        validation: its :class:`ValidationRecord`; not validated unless said otherwise.

    Example:
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
    elin: PhoneNumber | None = None
    locations: tuple[Location, ...] = attrs.field(default=(), converter=_to_locations)
    validation: ValidationRecord = _NOT_VALIDATED

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        set_ = object.__setattr__
        set_(self, "id", _check_id("id", self.id, errors))
        if not isinstance(self.civic, CivicAddress):
            errors.append(
                FieldError(
                    "civic",
                    "INVALID_TYPE",
                    f"expected CivicAddress, got {type(self.civic).__name__}",
                )
            )
        set_(self, "company_name", clean_text("company_name", self.company_name, 255, errors))
        set_(self, "company_tax_id", clean_text("company_tax_id", self.company_tax_id, 64, errors))
        set_(
            self,
            "description",
            clean_text("description", self.description, _DESCRIPTION_LIMIT, errors),
        )
        _check_instance("geo", self.geo, GeoPoint, errors)
        _check_instance("elin", self.elin, PhoneNumber, errors, hint="use PhoneNumber.parse()")
        if not isinstance(self.validation, ValidationRecord):
            errors.append(
                FieldError(
                    "validation",
                    "INVALID_TYPE",
                    f"expected ValidationRecord, got {type(self.validation).__name__}",
                )
            )
        set_(self, "locations", _check_locations(self.id, self.locations, errors))
        if errors:
            raise InvalidAddressError(errors)

    @property
    def default_location(self) -> Location:
        """The location whose id is the address's id."""
        return self.location(self.id)

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
            raise InvalidAddressError(
                [
                    FieldError(
                        "location",
                        "INVALID_TYPE",
                        f"expected Location, got {type(location).__name__}",
                    )
                ]
            )
        return attrs.evolve(self, locations=(*self.locations, location))

    def without_location(self, location_id: str) -> EmergencyAddress:
        """A copy without the location ``location_id``.

        Raises:
            InvalidAddressError: it is the default location, which goes only with its address.
            NotFoundError: there is no such location.
        """
        if location_id == self.id:
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
        loc = self.location(self.id if location_id is None else location_id)
        if loc.is_bare:
            return self.civic
        changes: dict[str, Any] = {
            name: getattr(loc, name) for name in SUB_LOCATION_FIELDS if getattr(loc, name)
        }
        if loc.description and loc.description != self.civic.additional_info:
            changes["additional_info"] = _join("; ", self.civic.additional_info, loc.description)
        return attrs.evolve(self.civic, **changes) if changes else self.civic


def _check_locations(
    address_id: str, value: object, errors: list[FieldError]
) -> tuple[Location, ...]:
    if not isinstance(value, tuple):
        errors.append(
            FieldError(
                "locations",
                "INVALID_TYPE",
                f"expected a tuple of Location, got {type(value).__name__}",
            )
        )
        return ()
    seen: set[str] = set()
    for index, loc in enumerate(value):
        if not isinstance(loc, Location):
            errors.append(
                FieldError(
                    f"locations[{index}]",
                    "INVALID_TYPE",
                    f"expected Location, got {type(loc).__name__}",
                )
            )
        elif loc.id in seen:
            errors.append(
                FieldError(
                    f"locations[{index}].id", "DUPLICATE", f"location id {loc.id!r} appears twice"
                )
            )
        else:
            seen.add(loc.id)
    if isinstance(address_id, str) and address_id and address_id not in seen:
        return (Location(id=address_id), *value)
    return value
