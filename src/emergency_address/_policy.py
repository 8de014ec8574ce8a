"""Country policies: when an emergency address must be attached to a number, and what it needs."""

from __future__ import annotations

import enum

import attrs


class ViolationCode(enum.StrEnum):
    """The stable codes of :class:`Violation`."""

    NO_ADDRESS = "NO_ADDRESS"
    NOT_VALIDATED = "NOT_VALIDATED"
    COUNTRY_MISMATCH = "COUNTRY_MISMATCH"
    AREA_MISMATCH = "AREA_MISMATCH"
    MISSING_FIELD = "MISSING_FIELD"
    EMERGENCY_UNSUPPORTED = "EMERGENCY_UNSUPPORTED"
    UNKNOWN_LOCATION = "UNKNOWN_LOCATION"


@attrs.frozen(kw_only=True)
class Violation:
    """One reason an address does not satisfy a policy.

    Attributes:
        code: a :class:`ViolationCode`.
        message: a sentence naming the number, the event, the country and the rule.
        field: the address field concerned, for ``MISSING_FIELD``.
        source: the citation of the rule that was broken.
    """

    code: ViolationCode
    message: str
    field: str | None = None
    source: str = ""
