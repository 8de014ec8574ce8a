"""Hypothesis strategies for property-testing code that uses :mod:`emergency_address`.

Needs the ``hypothesis`` extra (``pip install emergency-address[hypothesis]``); the package never
imports this module itself. Every value drawn is valid: it constructs without error. Installing
the package registers the strategies with hypothesis (an entry point), so
``st.from_type(CivicAddress)`` works downstream without importing this module.

Examples:
    >>> from hypothesis import given
    >>> from emergency_address.strategies import civic_addresses
    >>> @given(civic_addresses(country="DE"))
    ... def test_country_is_kept(address):
    ...     assert address.country == "DE"
    >>> test_country_is_kept()
"""

from __future__ import annotations

import functools
import string

import phonenumbers
from hypothesis import strategies as st

from ._address import EmergencyAddress, Location
from ._civic import CIVIC_FIELDS, CivicAddress, GeoPoint
from ._country import _alpha2
from ._number import TO_PHONENUMBERS, NumberType, PhoneNumber

__all__ = [
    "civic_addresses",
    "country_codes",
    "emergency_addresses",
    "geo_points",
    "locations",
    "phone_numbers",
]

# Printable text with letters beyond ASCII, digits and inner spaces; values are normalised by the
# constructors, so the drawn raw text may carry extra white space.
_TEXT_ALPHABET = st.characters(
    codec="utf-8",
    categories=("L", "M", "N", "P", "S", "Zs"),
    exclude_characters="\x85\u2028\u2029",
)


def _text(limit: int) -> st.SearchStrategy[str]:
    return st.text(_TEXT_ALPHABET, min_size=1, max_size=min(limit, 40)).filter(
        lambda s: 0 < len(" ".join(s.split())) <= limit
    )


_ID_TEXT = st.text(string.ascii_letters + string.digits + "-_", min_size=1, max_size=24)


def country_codes() -> st.SearchStrategy[str]:
    """ISO 3166-1 alpha-2 codes, as pycountry knows them."""
    return st.sampled_from(sorted(_alpha2()))


def geo_points() -> st.SearchStrategy[GeoPoint]:
    """Points anywhere on the globe, poles and antimeridian included."""
    return st.builds(
        GeoPoint,
        latitude=st.floats(-90, 90, allow_nan=False),
        longitude=st.floats(-180, 180, allow_nan=False),
    )


def civic_addresses(country: str | None = None) -> st.SearchStrategy[CivicAddress]:
    """Civic addresses with any subset of fields filled, in ``country`` if given.

    The sub-location fields (building, floor, unit, room, seat) stay empty, as they do on a
    registered address; :func:`locations` supplies them.
    """
    fields = {
        name: st.none() | _text(limit)
        for name, _, limit in CIVIC_FIELDS
        if name not in ("country", "building", "floor", "unit", "room", "seat")
    }
    fields["language"] = st.none() | st.sampled_from(["en", "en-US", "de", "fr-CA", "nl"])
    countries = st.just(country) if country is not None else country_codes()
    return st.builds(CivicAddress, country=countries, **fields)


def locations(id: str | None = None) -> st.SearchStrategy[Location]:
    """Locations with any subset of their fields filled."""
    ids = st.just(id) if id is not None else _ID_TEXT
    return st.builds(
        Location,
        id=ids,
        description=st.none() | _text(255),
        building=st.none() | _text(64),
        floor=st.none() | _text(16),
        unit=st.none() | _text(16),
        room=st.none() | _text(16),
        seat=st.none() | _text(16),
        elin=_elins(),
        geo=st.none() | geo_points(),
    )


def _elins() -> st.SearchStrategy[str | None]:
    # ELINs are text: a phone number, or an identifier an ELIN gateway maps ("ORKAN_FL01").
    return (
        st.none()
        | phone_numbers().map(lambda n: n.e164)
        | st.from_regex(r"[A-Z][A-Z0-9_]{0,19}", fullmatch=True)
    )


@st.composite
def _emergency_address(draw: st.DrawFn, country: str | None) -> EmergencyAddress:
    address_id = draw(_ID_TEXT)
    extra = draw(st.lists(locations(), max_size=4, unique_by=lambda loc: loc.id))
    return EmergencyAddress(
        id=address_id,
        civic=draw(civic_addresses(country)),
        company_name=draw(st.none() | _text(64)),
        company_tax_id=draw(st.none() | st.text(string.digits, min_size=5, max_size=12)),
        description=draw(st.none() | _text(255)),
        geo=draw(st.none() | geo_points()),
        elin=draw(_elins()),
        default_location_id=draw(st.none() | _ID_TEXT),
        locations=tuple(loc for loc in extra if loc.id != address_id),
    )


def emergency_addresses(country: str | None = None) -> st.SearchStrategy[EmergencyAddress]:
    """Emergency addresses with up to four locations beside the default one."""
    return _emergency_address(country)


@functools.cache
def _examples(region: str | None, number_type: NumberType | None) -> tuple[str, ...]:
    """The example numbers phonenumbers' metadata gives, as national significant numbers with
    their country code: the seeds that :func:`phone_numbers` varies."""
    regions: list[str] = [region] if region is not None else sorted(phonenumbers.SUPPORTED_REGIONS)
    types = (
        [number_type]
        if number_type is not None
        else [t for t in NumberType if t is not NumberType.UNKNOWN]
    )
    seeds = []
    for code in regions:
        for kind in types:
            example = phonenumbers.example_number_for_type(code, TO_PHONENUMBERS[kind])
            # Shared ranges (NANP toll-free numbers) belong to another region: skip them.
            if example is not None and phonenumbers.region_code_for_number(example) == code:
                seeds.append(
                    phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
                )
    if region is None and number_type is None:
        for calling_code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
            example = phonenumbers.example_number_for_non_geo_entity(calling_code)
            if example is not None and phonenumbers.is_valid_number(example):
                seeds.append(
                    phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
                )
    return tuple(seeds)


def phone_numbers(
    region: str | None = None, number_type: NumberType | str | None = None
) -> st.SearchStrategy[PhoneNumber]:
    """Valid numbers of every region (non-geographic ones too), or of ``region`` and
    ``number_type``.

    Each draw takes an example number from phonenumbers' metadata and replaces its last digits;
    when the variation leaves the valid ranges, the example itself is used, so every draw is a
    valid number of the asked-for kind.

    Raises:
        ValueError: phonenumbers has no example for that region and type.
    """
    kind = NumberType(number_type) if number_type is not None else None
    seeds = _examples(region.upper() if region is not None else None, kind)
    if not seeds:
        raise ValueError(f"phonenumbers has no example number for region={region!r}, type={kind}")

    def vary(seed: str, tail: str) -> PhoneNumber:
        original = PhoneNumber(seed)
        candidate = seed[: len(seed) - len(tail)] + tail
        try:
            varied = PhoneNumber(candidate)
        except ValueError:
            return original
        if varied.region != original.region or (
            kind is not None and varied.number_type is not kind
        ):
            return original
        return varied

    return st.builds(vary, st.sampled_from(seeds), st.text(string.digits, min_size=0, max_size=4))


def _hypothesis_setup_hook() -> None:
    """Register the strategies for ``st.from_type`` (hypothesis calls this via an entry point)."""
    st.register_type_strategy(CivicAddress, civic_addresses())
    st.register_type_strategy(GeoPoint, geo_points())
    st.register_type_strategy(Location, locations())
    st.register_type_strategy(EmergencyAddress, emergency_addresses())
    st.register_type_strategy(PhoneNumber, phone_numbers())
