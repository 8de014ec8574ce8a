"""Civic addresses and geographic points: the street-level values of RFC 5139 and GML."""

from __future__ import annotations

import functools
import math
import re

import attrs

from ._country import alpha2, country_problem
from ._text import clean_attributes, clean_text
from .exceptions import FieldError, InvalidAddressError

# Each CivicAddress field with its RFC 5139 element (RFC 6848 for STP, HNP, PN, MP) and the most
# characters it may hold. RFC 5139's schema sets no lengths (every element is an xs:token), so
# these are generous bounds that keep one value from holding a megabyte, never a product's limit:
# a format with its own limits (Teams LIS, below) checks them when it writes.
CIVIC_FIELDS: tuple[tuple[str, str, int], ...] = (
    ("country", "country", 2),
    ("state", "A1", 128),
    ("county", "A2", 128),
    ("city", "A3", 128),
    ("city_district", "A4", 128),
    ("neighborhood", "A5", 128),
    ("street_group", "A6", 128),
    ("pre_directional", "PRD", 64),
    ("street_name", "RD", 128),
    ("street_suffix", "STS", 64),
    ("post_directional", "POD", 64),
    ("road_pre_modifier", "PRM", 64),
    ("road_post_modifier", "POM", 64),
    ("road_section", "RDSEC", 64),
    ("road_branch", "RDBR", 128),
    ("road_sub_branch", "RDSUBBR", 128),
    ("house_number_prefix", "HNP", 64),
    ("house_number", "HNO", 64),
    ("house_number_suffix", "HNS", 64),
    ("landmark", "LMK", 255),
    ("additional_info", "LOC", 1024),
    ("name", "NAM", 255),
    ("postal_code", "PC", 64),
    ("postal_community", "PCN", 128),
    ("po_box", "POBOX", 64),
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
# Values many addresses repeat (interned); the others are usually one address's own.
_SHARED = frozenset(name for name, _ in _TEXT_LIMITS) - {
    "house_number", "name", "additional_info", "landmark", "po_box", "pole_number", "milepost",
    "unit", "room", "seat",
}  # fmt: skip
_LANGUAGE_LIMIT = 35


# No __weakref__ slot: a million addresses should not each pay 8 bytes for it.
@attrs.frozen(kw_only=True, repr=False, weakref_slot=False)
class CivicAddress:
    """A street-level civic address, one field per RFC 5139 element.

    Every text field is NFC-normalised with white space collapsed; an empty value is ``None``.
    ``country`` is an ISO 3166-1 alpha-2 code in any case, stored upper case. Building a value with
    bad fields raises [`InvalidAddressError`][emergency_address.exceptions.InvalidAddressError]
    listing all of them.

    The five sub-location fields (``building``, ``floor``, ``unit``, ``room``, ``seat``) are
    normally left empty here: a [`Location`][emergency_address.Location] supplies them and
    [`EmergencyAddress.dispatchable`][emergency_address.EmergencyAddress.dispatchable] merges them
    in.

    Element descriptions follow the IANA Civic Address Types registry (RFC 4776, RFC 5139).

    Attributes:
        country: ``country``: ISO 3166-1 alpha-2 code; required, stored upper case.
        state: ``A1``: national subdivision (state, canton, region, province, prefecture).
        county: ``A2``: county, parish, district.
        city: ``A3``: city, township.
        city_district: ``A4``: city division, borough, city district, ward.
        neighborhood: ``A5``: neighbourhood, block.
        street_group: ``A6``: group of streets below the neighbourhood level.
        pre_directional: ``PRD``: leading street direction (``N``).
        street_name: ``RD``: primary road or street.
        street_suffix: ``STS``: street suffix or type (``Ave``, ``Platz``).
        post_directional: ``POD``: trailing street suffix (``SW``).
        road_pre_modifier: ``PRM``: road pre-modifier (``Old``).
        road_post_modifier: ``POM``: road post-modifier (``Extended``).
        road_section: ``RDSEC``: road section.
        road_branch: ``RDBR``: road branch.
        road_sub_branch: ``RDSUBBR``: road sub-branch.
        house_number_prefix: ``HNP`` (RFC 6848): house number prefix.
        house_number: ``HNO``: house number, numeric part only.
        house_number_suffix: ``HNS``: house number suffix (``A``, ``1/2``).
        landmark: ``LMK``: landmark or vanity address.
        additional_info: ``LOC``: additional location information (``Room 543``).
        name: ``NAM``: name of the residence, business or office occupant.
        postal_code: ``PC``: postal code.
        postal_community: ``PCN``: postal community name.
        po_box: ``POBOX``: post office box.
        additional_code: ``ADDCODE``: additional code.
        place_type: ``PLC``: place type (``office``).
        street_type_prefix: ``STP`` (RFC 6848): street type prefix.
        pole_number: ``PN`` (RFC 6848): pole number.
        milepost: ``MP`` (RFC 6848): milepost.
        building: ``BLD``: building (structure).
        floor: ``FLR``: floor.
        unit: ``UNIT``: unit (apartment, suite).
        room: ``ROOM``: room.
        seat: ``SEAT``: seat (desk, cubicle, workstation).
        language: ``xml:lang``: the BCP 47 language tag of the values.

    Examples:
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
        clean_attributes(self, _TEXT_LIMITS, errors, _SHARED)
        if self.language is not None:
            set_(self, "language", _check_language(self.language, errors))
        if errors:
            raise InvalidAddressError(errors)

    def fields(self) -> dict[str, str]:
        """The fields that hold a value, in the order of the field table (``country`` first,
        ``language`` last; PIDF-LO output follows the RFC 5139 schema's own order)."""
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
    if not value.isascii():
        # str.upper() follows Unicode: "ß" would become "SS" (South Sudan), "ﬁ" "FI".
        errors.append(
            FieldError(
                "country",
                "UNKNOWN",
                "expected an ISO 3166-1 alpha-2 code of two ASCII letters such as 'US' or 'GB', "
                f"got {value[:16]!r}",
            )
        )
        return value
    code = alpha2(value)
    if code is None:
        errors.append(FieldError("country", "UNKNOWN", country_problem(value)))
        return value
    return code


@functools.cache
def _language_tag() -> re.Pattern[str]:
    # Compiled on first use: nothing is compiled at import.
    return re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")


def _check_language(value: object, errors: list[FieldError]) -> str | None:
    text = clean_text("language", value, _LANGUAGE_LIMIT, errors)
    if text is not None and not _language_tag().fullmatch(text):
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
    "AT BA BE BG CH CZ DE DK EE ES FI GR HR HU IS IT LI LT LV NL NO PL PT RO RS SE SI SK".split()
)
_POSTCODE_FIRST = _STREET_FIRST | frozenset({"FR", "LU", "MC"})


def _render_one_line(a: CivicAddress) -> str:
    house = "".join(p for p in (a.house_number_prefix, a.house_number) if p)
    if a.house_number_suffix:
        suffix = a.house_number_suffix
        house = f"{house}{suffix}" if suffix.isalpha() and len(suffix) == 1 else f"{house} {suffix}"
    street = join(
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
        join(" ", street, house) if a.country in _STREET_FIRST else join(" ", house, street)
    )
    sub = join(
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
        locality = join(", ", join(" ", a.postal_code, a.city or a.postal_community), a.state)
    elif a.country == "GB":
        locality = join(" ", a.city or a.postal_community, a.postal_code)
    else:
        locality = join(", ", a.city or a.postal_community, join(" ", a.state, a.postal_code))
    return join(
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


def join(separator: str, *parts: str | None) -> str:
    return separator.join(p for p in parts if p)


@attrs.frozen(kw_only=True)
class GeoPoint:
    """A point on the WGS 84 ellipsoid, in degrees.

    Examples:
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
        errors.append(FieldError.wrong_type(field, "a number of degrees", value))
        return math.nan
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float is out of range, not a crash
        number = math.inf
    if not math.isfinite(number) or not -bound <= number <= bound:
        errors.append(
            FieldError(
                field,
                "OUT_OF_RANGE",
                f"expected a finite number in [-{bound:g}, {bound:g}], got {_short(value)}",
            )
        )
    return number


def _short(value: int | float) -> str:
    """The value for a message: a huge integer by its size, never by its (maybe 1 MB) digits."""
    if isinstance(value, int) and not -(10**30) < value < 10**30:
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    return repr(value)
