"""The canonical form of a civic address's content, and the fingerprint derived from it.

One form serves two purposes: a validation record is bound to the fingerprint of the content an
authority checked (so a changed street reads as stale, not as validated), and an address read from
a file that carries no id gets an id derived from its content (so reading the same file twice
gives the same ids).

The form is versioned: ``civic/1`` names this layout. A later change of normalisation gets a new
version, and a record made under an older one can be recognised as such instead of silently
reading as changed content. Nothing here depends on the Python version or the process (no
``hash()``, no dict order beyond the fixed field table), so fingerprints survive pickling, JSON
and CSV round trips and upgrades of the interpreter.
"""

from __future__ import annotations

import functools
import hashlib
import operator
from typing import TYPE_CHECKING

from ._civic import CIVIC_FIELDS

if TYPE_CHECKING:
    from ._civic import CivicAddress

#: The version of the canonical form below; part of every fingerprint.
CANONICAL_VERSION = "civic/1"

# The RFC 5139 element names are the stable vocabulary: Python attribute names may be renamed,
# the standard's element names will not. ``xml:lang`` is part of the content (RFC 5139 §3).
_ELEMENTS: tuple[tuple[str, str], ...] = (
    *((name, element) for name, element, _ in CIVIC_FIELDS),
    ("language", "xml:lang"),
)


_ELEMENT_NAMES = tuple(element for _, element in _ELEMENTS)
_VALUES = operator.attrgetter(*(name for name, _ in _ELEMENTS))  # one C call for every field


def _escape(value: str) -> str:
    # Values are already NFC with white space collapsed; escaping keeps the form unambiguous
    # even so (a value can never fake a field separator).
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def canonical_form(civic: CivicAddress) -> str:
    """The civic content as one string: the version line, then ``ELEMENT<TAB>value`` for each
    field that holds a value, in the fixed order of the RFC 5139 field table."""
    lines = [CANONICAL_VERSION]
    for element, value in zip(_ELEMENT_NAMES, _VALUES(civic), strict=True):
        if value is not None:
            if "\\" in value or "\t" in value or "\n" in value:
                value = _escape(value)
            lines.append(element + "\t" + value)
    return "\n".join(lines)


@functools.lru_cache(maxsize=8192)
def civic_fingerprint(civic: CivicAddress) -> str:
    """A short, stable digest of `canonical_form`: ``"civic/1:"`` followed by 32 hex digits
    (the first 128 bits of its SHA-256).

    Memoised for the last few thousand addresses (they are immutable and hashable): a directory
    checks the same address for each of its numbers."""
    digest = hashlib.sha256(canonical_form(civic).encode("utf-8")).hexdigest()
    return f"{CANONICAL_VERSION}:{digest[:32]}"


def fingerprint_version(fingerprint: str) -> str:
    """The canonical-form version a fingerprint was made under (``"civic/1"``)."""
    version, _, _ = fingerprint.rpartition(":")
    return version


def is_fingerprint(value: object) -> bool:
    """Whether ``value`` has the shape of a fingerprint: ``"<version>:<32 hex digits>"``."""
    if not isinstance(value, str):
        return False
    version, _, digest = value.rpartition(":")
    return bool(version) and len(digest) == 32 and all(c in "0123456789abcdef" for c in digest)


def fingerprint_matches(fingerprint: str, civic: CivicAddress) -> bool | None:
    """Whether ``fingerprint`` is that of ``civic``'s content, computed in the fingerprint's own
    canonical-form version; ``None`` when that version is unknown to this release (a record made
    by a newer release, or under a retired form), which callers report as such rather than as
    changed content."""
    if fingerprint_version(fingerprint) != CANONICAL_VERSION:
        return None
    return civic_fingerprint(civic) == fingerprint
