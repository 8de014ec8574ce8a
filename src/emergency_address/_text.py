"""Text normalisation shared by every value object.

RFC 5139 values are tokens: white space around and inside a value carries no meaning, so we
collapse it. Text is stored NFC-normalised so that two spellings of one address compare equal.
Control characters, lone surrogates and the noncharacters U+FFFE and U+FFFF are refused: none
of them may appear in an XML 1.0 document (https://www.w3.org/TR/xml/#charsets, production
``Char``), and control characters break CSV. Every value we accept can therefore be written.
"""

from __future__ import annotations

import sys
import unicodedata

from .exceptions import FieldError

_REFUSED_CATEGORIES = frozenset({"Cc", "Cs"})
# Outside XML 1.0's Char production although Python calls them neither control nor surrogate.
XML_NONCHARACTERS = frozenset("\ufffe\uffff")


_SHARED_LENGTH = 64  # longer values are rarely repeated


def clean_text(field: str, value: object, limit: int, errors: list[FieldError]) -> str | None:
    """Return ``value`` normalised, or ``None`` when it is absent or empty.

    A problem is appended to ``errors`` (the value is then dropped) so that a constructor can
    report every bad field at once.
    """
    if value is None:
        return None
    if type(value) is not str:
        if not isinstance(value, str):
            errors.append(FieldError.wrong_type(field, "text", value))
            return None
        value = str(value)  # a str subclass: keep only the characters
    if not (value.isascii() and value.isprintable()):
        return _clean_unusual(field, value, limit, errors)
    if value[:1] == " " or value[-1:] == " " or "  " in value:
        value = " ".join(value.split())
    if not value:
        return None
    if len(value) > limit:
        errors.append(_too_long(field, value, limit))
        return None
    return value


def clean_attributes(
    obj: object,
    limits: tuple[tuple[str, int], ...],
    errors: list[FieldError],
    shared: frozenset[str] = frozenset(),
) -> None:
    """Clean the text attributes ``limits`` names on a frozen attrs object being built,
    setting only those that normalisation changed (most values are already clean).

    The values of the ``shared`` attributes (a city, a street name: values many objects
    repeat) are interned, so that a million addresses read from a file hold one string per
    distinct value, not one per address.
    """
    for name, limit in limits:
        value = getattr(obj, name)
        if value is not None:
            cleaned = clean_text(name, value, limit, errors)
            if cleaned is not None and name in shared and len(cleaned) <= _SHARED_LENGTH:
                cleaned = sys.intern(cleaned)
            if cleaned is not value:
                object.__setattr__(obj, name, cleaned)


def _clean_unusual(field: str, value: str, limit: int, errors: list[FieldError]) -> str | None:
    # White space of any kind (tab, newline, no-break space) folds to one space; other
    # non-printable characters are looked at one by one.
    value = " ".join(value.split())
    for position, char in enumerate(value):
        if not char.isprintable() and (
            char in XML_NONCHARACTERS or unicodedata.category(char) in _REFUSED_CATEGORIES
        ):
            errors.append(
                FieldError(
                    field,
                    "INVALID_CHARACTER",
                    f"{_kind(char)} U+{ord(char):04X} at position {position}; expected "
                    "printable text that XML can carry",
                )
            )
            return None
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    if not value:
        return None
    if len(value) > limit:
        errors.append(_too_long(field, value, limit))
        return None
    return value


def _kind(char: str) -> str:
    if char in XML_NONCHARACTERS:
        return "noncharacter"
    return "lone surrogate" if unicodedata.category(char) == "Cs" else "control character"


def xml_problem(value: str) -> str | None:
    """Why ``value`` cannot appear in an XML 1.0 document, or ``None`` when it can.

    Tab, line feed and carriage return are XML characters; every other control character,
    lone surrogates and U+FFFE/U+FFFF are not.
    """
    if value.isascii() and value.isprintable():
        return None
    for position, char in enumerate(value):
        if char in "\t\n\r" or char.isprintable():
            continue
        if char in XML_NONCHARACTERS or unicodedata.category(char) in _REFUSED_CATEGORIES:
            return f"{_kind(char)} U+{ord(char):04X} at position {position} cannot appear in XML"
    return None


def _too_long(field: str, value: str, limit: int) -> FieldError:
    return FieldError(field, "TOO_LONG", f"at most {limit} characters expected, got {len(value)}")


def fold(name: str) -> str:
    """A place name folded for comparison: case, accents and punctuation ignored.

    >>> fold("Île-de-France") == fold("ILE DE FRANCE")
    True
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.split())
