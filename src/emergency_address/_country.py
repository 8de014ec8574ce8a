"""ISO 3166-1 country codes, checked against pycountry and loaded once, on first use."""

from __future__ import annotations

import functools

# Codes people write that are not ISO 3166-1 alpha-2, with the code they mean.
_COMMON_MISTAKES = {"UK": "GB", "EL": "GR"}


@functools.cache
def _alpha2() -> dict[str, str]:
    import pycountry

    # The dict maps each code to one shared string object, so a million addresses in one
    # country hold one copy of its code.
    return {c.alpha_2: c.alpha_2 for c in pycountry.countries}


@functools.cache
def _alpha3() -> dict[str, str]:
    import pycountry

    return {c.alpha_3: c.alpha_2 for c in pycountry.countries}


def _ascii_upper(value: str) -> str:
    # str.upper() follows Unicode: "ß" would become "SS" (South Sudan) and "ﬁ" "FI".
    code = value.strip()
    return code.upper() if code.isascii() else code


def alpha2(value: str) -> str | None:
    """The canonical alpha-2 code for ``value`` (any case), or ``None`` if it is not one."""
    return _alpha2().get(_ascii_upper(value))


def country_from_any(value: str) -> str | None:
    """The alpha-2 code for an alpha-2 or alpha-3 code in any case, or ``None``."""
    code = _ascii_upper(value)
    return _alpha2().get(code) or _alpha3().get(code)


def country_problem(value: str) -> str:
    """A sentence saying why ``value`` is not an ISO 3166-1 alpha-2 code, with a suggestion."""
    code = _ascii_upper(value)
    if code in _COMMON_MISTAKES:
        right = _COMMON_MISTAKES[code]
        return f"{value!r} is not an ISO 3166-1 alpha-2 code; did you mean {right!r}?"
    if code in _alpha3():
        right = _alpha3()[code]
        return f"{value!r} is an alpha-3 code; expected the alpha-2 code {right!r}"
    return f"expected an ISO 3166-1 alpha-2 country code such as 'US' or 'GB', got {value!r}"


def country_name(code: str) -> str:
    """The ISO English short name of an alpha-2 code (the code itself if unknown)."""
    import pycountry

    record = pycountry.countries.get(alpha_2=code)
    return record.name if record is not None else code


#: The US territories that phonenumbers gives a region of their own, which US systems often
#: write as a US state ("US", state "PR").
US_TERRITORIES = frozenset({"PR", "GU", "VI", "AS", "MP"})


def effective_country(civic: object) -> str:
    """The country an address lies in for country matching.

    An address written ``country="US", state="PR"`` lies in Puerto Rico, as one written
    ``country="PR"`` does; the same holds for GU, VI, AS and MP.
    """
    country: str = civic.country  # type: ignore[attr-defined]
    if country == "US":
        state: str | None = civic.state  # type: ignore[attr-defined]
        if state is not None and (code := state.strip().upper()) in US_TERRITORIES:
            return code
    return country
