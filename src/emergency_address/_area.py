"""Whether an address lies in a number's geographic area, from phonenumbers' geocoding data.

phonenumbers maps number prefixes to place names (``4989`` is München, ``3313006`` Poissy). We
index those names per country calling code, once, on first use, and compare the address's
locality names with them at the level of the number's area code:

- one of the address's names is the number's own place name: in the area;
- a name is known with prefixes, one of which lies in the number's area code: in the area;
- a name is known, and none of its prefixes lies in the number's area code: not in the area;
- no name is known: the data cannot decide, and the caller is told so (never blocked).

Area codes do not follow municipal borders everywhere (a German village may be served from the
next town's exchange), so the ``False`` answer is as good as the place names in the data.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import Any

import phonenumbers

from ._civic import CivicAddress
from ._number import NumberType, PhoneNumber
from ._text import fold


@functools.lru_cache(maxsize=8192)
def _names(description: str) -> frozenset[str]:
    """``"New York, NY"`` gives ``{"new york ny", "new york"}``: whole and first part."""
    whole = fold(description)
    first = fold(description.split(",")[0])
    return frozenset(n for n in (whole, first) if n)


@functools.cache
def _index(calling_code: str) -> dict[str, frozenset[str]]:
    """Place name (normalised) -> the prefixes it describes, for one country calling code."""
    from phonenumbers.geodata import GEOCODE_DATA

    found: dict[str, set[str]] = defaultdict(set)
    for prefix, by_language in GEOCODE_DATA.items():
        if prefix.startswith(calling_code):
            for description in by_language.values():
                for name in _names(description):
                    found[name].add(prefix)
    return {name: frozenset(prefixes) for name, prefixes in found.items()}


@functools.cache
def _country_names(calling_code: str) -> frozenset[str]:
    import pycountry

    names: set[str] = set()
    for region in phonenumbers.region_codes_for_country_code(int(calling_code)):
        record = pycountry.countries.get(alpha_2=region)
        if record is not None:
            names |= _names(record.name)
    return frozenset(names)


_GEOGRAPHIC = frozenset({NumberType.FIXED_LINE, NumberType.FIXED_LINE_OR_MOBILE})


def _area_prefix(number: PhoneNumber) -> str:
    """The calling code and area code, or ``""`` for a number with no area (mobile, VoIP ...)."""
    if number.number_type not in _GEOGRAPHIC:
        return ""
    nsn = number.national_number
    length = _area_code_length(number, nsn[:6], len(nsn))
    return f"{number.country_code}{nsn[:length]}" if length else ""


def _area_code_length(number: PhoneNumber, leading: str, nsn_length: int) -> int:
    key = (number.country_code, leading, nsn_length)
    cached = _AREA_CODE_LENGTHS.get(key)
    if cached is None:
        cached = _AREA_CODE_LENGTHS[key] = _measure_area_code(number)
        if len(_AREA_CODE_LENGTHS) > 65_536:  # bounded: at worst it is computed again
            _AREA_CODE_LENGTHS.clear()
    return cached


# The area code's length depends on the number's leading digits and its length only (area codes
# have at most five digits, and the formatting rules that delimit them look at the leading
# digits), so it is memoised on those.
_AREA_CODE_LENGTHS: dict[tuple[int, str, int], int] = {}


def _measure_area_code(number: PhoneNumber) -> int:
    # For a geographic number, the area code is the national destination code. (Spain has no
    # trunk prefix, so libphonenumber gives it no "geographical area code", but the same NDC.)
    nsn = number.national_number
    if nsn.startswith("0"):  # Italy's leading zero needs the full parse
        parsed: Any = phonenumbers.parse(number.e164, None)
    else:
        parsed = phonenumbers.PhoneNumber(
            country_code=number.country_code, national_number=int(nsn)
        )
    length: int = phonenumbers.length_of_national_destination_code(parsed)
    return length


def _place_of(number: PhoneNumber) -> str:
    """The place name phonenumbers gives the number's longest described prefix, in English
    where it has it (for messages)."""
    from phonenumbers.geodata import GEOCODE_DATA, GEOCODE_LONGEST_PREFIX

    digits = number.e164[1:]
    for length in range(min(len(digits), GEOCODE_LONGEST_PREFIX), 0, -1):
        by_language = GEOCODE_DATA.get(digits[:length])
        if by_language:
            return str(by_language.get("en") or next(iter(by_language.values())))
    return ""


def address_in_area(number: PhoneNumber, civic: CivicAddress) -> tuple[bool | None, str]:
    """``(True | False | None, detail)``: in the area, not in it, or cannot tell (and why)."""
    localities = tuple(
        v
        for v in (civic.city, civic.postal_community, civic.city_district, civic.county)
        if v is not None
    )
    calling_code = str(number.country_code)
    area = _area_prefix(number)
    verdict, detail = _verdict(calling_code, area, localities)
    if verdict is False:
        places = _place_of(number) or "its area"
        detail = (
            f"lies in {', '.join(sorted(localities))}, outside area code "
            f"+{calling_code} {area[len(calling_code) :]} ({places})"
        )
    elif verdict is None and not area:
        detail = f"phonenumbers gives {number.e164} no geographic area code"
    return verdict, detail


@functools.lru_cache(maxsize=65_536)
def _verdict(calling_code: str, area: str, localities: tuple[str, ...]) -> tuple[bool | None, str]:
    # The answer depends on the area code and the address's place names only: many numbers of
    # one office share it.
    wanted = {n for v in localities for n in _names(v)} - _country_names(calling_code)
    if not wanted:
        return None, "the address names no city or district to compare with the area code"
    if not area:
        return None, ""
    index = _index(calling_code)
    known = [index[name] for name in wanted if name in index]
    if not known:
        return None, f"no area-code data names {', '.join(sorted(localities))}"
    # The number's own place names need no separate test: each is in the index with the
    # number's own prefix, which lies in its area code.
    for prefixes in known:
        if any(p.startswith(area) or area.startswith(p) for p in prefixes):
            return True, "in the area"
    return False, ""
