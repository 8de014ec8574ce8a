"""Telephone numbers as E.164 strings, with their region and type (phonenumbers behind it)."""

from __future__ import annotations

import enum
from typing import Any

import attrs
import phonenumbers

from . import _numbering
from .exceptions import InvalidPhoneNumberError


class NumberType(enum.StrEnum):
    """What kind of number it is, as phonenumbers' metadata classifies it."""

    FIXED_LINE = "fixed_line"
    """A landline number, tied to a place."""
    MOBILE = "mobile"
    """A mobile number: the network locates the caller."""
    FIXED_LINE_OR_MOBILE = "fixed_line_or_mobile"
    """The metadata cannot tell fixed from mobile (North American numbers share ranges)."""
    TOLL_FREE = "toll_free"
    """Free for the caller: an inbound service, with no caller location."""
    PREMIUM_RATE = "premium_rate"
    """The caller pays above the normal rate: an inbound service."""
    SHARED_COST = "shared_cost"
    """The caller and the called party share the cost: an inbound service."""
    VOIP = "voip"
    """A number of a range set aside for voice over IP; often nomadic."""
    PERSONAL_NUMBER = "personal_number"
    """A number that follows a person to whichever line they choose."""
    PAGER = "pager"
    """A pager number."""
    UAN = "uan"
    """A universal access number: one number for an organisation, routed to its sites."""
    VOICEMAIL = "voicemail"
    """A number for reaching voicemail."""
    UNKNOWN = "unknown"
    """Valid, but of no type the metadata names."""


_PNT = phonenumbers.PhoneNumberType
_FROM_PHONENUMBERS: dict[int, NumberType] = {
    _PNT.FIXED_LINE: NumberType.FIXED_LINE,
    _PNT.MOBILE: NumberType.MOBILE,
    _PNT.FIXED_LINE_OR_MOBILE: NumberType.FIXED_LINE_OR_MOBILE,
    _PNT.TOLL_FREE: NumberType.TOLL_FREE,
    _PNT.PREMIUM_RATE: NumberType.PREMIUM_RATE,
    _PNT.SHARED_COST: NumberType.SHARED_COST,
    _PNT.VOIP: NumberType.VOIP,
    _PNT.PERSONAL_NUMBER: NumberType.PERSONAL_NUMBER,
    _PNT.PAGER: NumberType.PAGER,
    _PNT.UAN: NumberType.UAN,
    _PNT.VOICEMAIL: NumberType.VOICEMAIL,
    _PNT.UNKNOWN: NumberType.UNKNOWN,
}
TO_PHONENUMBERS: dict[NumberType, int] = {v: k for k, v in _FROM_PHONENUMBERS.items()}


# No __weakref__ slot: a directory holds millions of numbers and nothing refers to them weakly.
@attrs.frozen(init=False, repr=False, order=False, weakref_slot=False)
class PhoneNumber:
    """A valid telephone number, held as its E.164 string.

    Build one from messy input with [parse][emergency_address.PhoneNumber.parse];
    `PhoneNumber("+14155550100")` accepts only the canonical E.164 form. Equality, hashing and
    order use `e164` alone.

    Validity, region and type are phonenumbers' answers (a differential test holds every
    region's example numbers and a random corpus to them), but they come from tables compiled
    from the installed phonenumbers' metadata, one calling code at a time on first use, so that
    numbers of many regions read quickly without phonenumbers' per-call pattern matching.

    Tip: if your own code calls phonenumbers on numbers of many regions, its
    `phonenumbers.enable_pattern_cache()` keeps the patterns it compiles instead of recompiling
    them through `re`'s bounded cache. It flips a process-wide switch, so this library never
    calls it, and does not need it.

    Attributes:
        e164: the number in E.164 form, `+` then digits.
        region: the ISO 3166-1 alpha-2 region phonenumbers assigns (`"CA"` for +1 416…,
            `"PR"` for +1 787…), or `None` for non-geographic numbers (+800, +882…).
        country_code: the country calling code (`1`, `44`).
        number_type: the [NumberType][emergency_address.NumberType].

    Examples:
        >>> n = PhoneNumber.parse("020 7946 0000", region="GB")
        >>> n.e164, n.region, n.number_type
        ('+442079460000', 'GB', <NumberType.FIXED_LINE: 'fixed_line'>)
    """

    e164: str
    region: str | None = attrs.field(eq=False)
    country_code: int = attrs.field(eq=False)
    number_type: NumberType = attrs.field(eq=False)

    def __init__(self, e164: str) -> None:
        parsed = PhoneNumber.parse(e164)
        if parsed.e164 != e164:
            raise InvalidPhoneNumberError(
                e164,
                f"expected the canonical E.164 form {parsed.e164!r}; "
                "use PhoneNumber.parse() for other spellings",
            )
        self.__attrs_init__(parsed.e164, parsed.region, parsed.country_code, parsed.number_type)

    @classmethod
    def parse(cls, text: str, region: str | None = None) -> PhoneNumber:
        """Parse a number as people write it.

        Args:
            text: the number in any common notation; without a leading ``+`` it is read as a
                national number of ``region``.
            region: the ISO 3166-1 alpha-2 region to read national numbers in (any case).

        Returns:
            The number, known to be valid according to phonenumbers' metadata.

        Raises:
            InvalidPhoneNumberError: the text is not a string, cannot be parsed, carries an
                extension, or is not a valid number.
        """
        if type(text) is str:
            quick = _read(text, region)
            if quick is not None:
                return cls._make(*quick)
        return cls._parse(text, region)

    @classmethod
    def _parse(cls, text: str, region: str | None) -> PhoneNumber:
        """phonenumbers' parse, for what the direct reading leaves (other characters, invalid
        numbers: its exceptions name the reason), then the same tables."""
        if not isinstance(text, str):
            raise InvalidPhoneNumberError(text, f"expected a string, got {type(text).__name__}")
        region = _region_argument(text, region)
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException as exc:
            raise InvalidPhoneNumberError(text, _reason(exc, text)) from None
        except Exception as exc:  # phonenumbers may trip over odd code points
            raise InvalidPhoneNumberError(text, f"cannot be read ({exc})") from None
        if number.extension:
            raise InvalidPhoneNumberError(
                text, "carries an extension, which is not part of an E.164 number"
            )
        country_code = number.country_code or 0
        found = _classify(country_code, phonenumbers.national_significant_number(number))
        if found is None:
            raise InvalidPhoneNumberError(text, _why_invalid(number))
        return cls._make(*found)

    @classmethod
    def is_valid(cls, text: object, region: str | None = None) -> bool:
        """Whether [`parse`][emergency_address.PhoneNumber.parse] would accept ``text``; never
        raises."""
        try:
            cls.parse(text, region)  # type: ignore[arg-type]
        except InvalidPhoneNumberError:
            return False
        return True

    @classmethod
    def _make(
        cls, e164: str, region: str | None, country_code: int, number_type: NumberType
    ) -> PhoneNumber:
        self = object.__new__(cls)
        self.__attrs_init__(e164, region, country_code, number_type)
        return self

    @property
    def national_number(self) -> str:
        """The national significant number: the digits after the country calling code."""
        return self.e164[1 + len(str(self.country_code)) :]

    def format_international(self) -> str:
        """The number as people read it across borders: ``+44 20 7946 0000``."""
        return phonenumbers.format_number(
            self._phonenumbers(), phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )

    def format_national(self) -> str:
        """The number as people read it at home: ``020 7946 0000``."""
        return phonenumbers.format_number(
            self._phonenumbers(), phonenumbers.PhoneNumberFormat.NATIONAL
        )

    def _phonenumbers(self) -> Any:
        return phonenumbers.parse(self.e164, None)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PhoneNumber):
            return NotImplemented
        return self.e164 < other.e164

    def __str__(self) -> str:
        return self.e164

    def __repr__(self) -> str:
        return f"PhoneNumber({self.e164!r})"


_Found = tuple[str, str | None, int, NumberType]
_BY_NAME = {member.name: member for member in NumberType}
# What a reader may drop around the digits without phonenumbers reading it otherwise.
_SEPARATORS = str.maketrans("", "", " -.()")


def _region_argument(text: object, region: object) -> str | None:
    if region is None:
        return None
    if not isinstance(region, str):
        raise InvalidPhoneNumberError(
            text, f"region: expected an alpha-2 code, got {type(region).__name__}"
        )
    code = region.strip().upper() if region.isascii() else region
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidPhoneNumberError(
            text, f"region: {region!r} is not a region phonenumbers knows"
        )
    return code


def _classify(country_code: int, nsn: str) -> _Found | None:
    """``(e164, region, country_code, type)`` of a valid national significant number, else
    ``None``: phonenumbers' region_code_for_number and number_type, from the tables."""
    if country_code not in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
        return None
    verdict = _numbering.plan(country_code).verdict(nsn)
    if verdict.region is None or verdict.number_type == "UNKNOWN":
        return None
    region = None if verdict.region == _numbering.NON_GEO_REGION else verdict.region
    return f"+{country_code}{nsn}", region, country_code, _BY_NAME[verdict.number_type]


def _read(text: str, region: object) -> _Found | None:
    """The valid number in ``text`` when it is written with ASCII digits and the usual
    separators (space, ``-``, ``.``, parentheses), read as phonenumbers' parse reads it, without
    its regular expressions; ``None`` for anything else, valid or not (the full path decides).

    phonenumbers' parse, for such text: a leading ``+`` (or the region's international prefix)
    is followed by the calling code (never starting with 0); without one, the region's calling
    code is taken, or stripped when the number starts with it and only makes sense without it;
    then the national prefix is stripped where what remains is long enough.
    """
    if len(text) > 250 or not text.isascii():
        return None
    body = text.strip()
    plus = body[:1] == "+"
    digits = (body[1:] if plus else body).translate(_SEPARATORS)
    if len(digits) < 3 or not digits.isdecimal():
        return None
    if plus:
        return _international(digits)
    if type(region) is not str or not region.isascii():
        return None
    code = region.upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        return None
    home = _numbering.parsing(code)
    if home.idd is not None:
        match = home.idd.match(digits)
        if match is not None and digits[match.end() : match.end() + 1] != "0":
            return _international(digits[match.end() :])
    country_code = home.country_code
    national = digits
    local = home
    prefix = str(country_code)
    if digits.startswith(prefix):
        rest = home.strip_national_prefix(digits[len(prefix) :])
        if (not home.viable(digits) and home.viable(rest)) or home.too_long(digits):
            national = rest
            local = _numbering.plan(country_code).main
    if len(national) < _numbering.MIN_NSN:
        return None
    nsn = local.national_number(national)
    if not _numbering.MIN_NSN <= len(nsn) <= _numbering.MAX_NSN:
        return None
    return _classify(country_code, nsn)


def _international(digits: str) -> _Found | None:
    """Digits after ``+`` or an international prefix."""
    if len(digits) <= _numbering.MIN_NSN:
        return None
    country_code, rest = _numbering.split_country_code(digits)
    if not country_code or len(rest) < _numbering.MIN_NSN:
        return None
    nsn = _numbering.plan(country_code).main.national_number(rest)
    if not _numbering.MIN_NSN <= len(nsn) <= _numbering.MAX_NSN:
        return None
    return _classify(country_code, nsn)


_PARSE_REASONS = {
    phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: (
        "no valid country calling code; write it with a leading '+' or give a region"
    ),
    phonenumbers.NumberParseException.NOT_A_NUMBER: "it does not look like a phone number",
    phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: "too short after the IDD prefix",
    phonenumbers.NumberParseException.TOO_SHORT_NSN: "too short to be a phone number",
    phonenumbers.NumberParseException.TOO_LONG: "too long to be a phone number",
}


def _reason(exc: phonenumbers.NumberParseException, text: str) -> str:
    if exc.error_type == exc.INVALID_COUNTRY_CODE and text.lstrip().startswith("+"):
        return "the digits after '+' are not an assigned country calling code"
    return _PARSE_REASONS.get(exc.error_type, str(exc))


def _why_invalid(number: Any) -> str:
    reachable = phonenumbers.is_possible_number_with_reason(number)
    if reachable == phonenumbers.ValidationResult.TOO_SHORT:
        return "too short for its country calling code"
    if reachable == phonenumbers.ValidationResult.TOO_LONG:
        return "too long for its country calling code"
    if reachable == phonenumbers.ValidationResult.INVALID_COUNTRY_CODE:
        return f"+{number.country_code} is not an assigned country calling code"
    return f"no number range of +{number.country_code} contains it"
