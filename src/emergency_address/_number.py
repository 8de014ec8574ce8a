"""Telephone numbers as E.164 strings, with their region and type (phonenumbers behind it)."""

from __future__ import annotations

import enum
from typing import Any

import attrs
import phonenumbers

from .exceptions import InvalidPhoneNumberError

_NON_GEO_REGION = "001"


class NumberType(enum.StrEnum):
    """What kind of number it is, as phonenumbers' metadata classifies it."""

    FIXED_LINE = "fixed_line"
    MOBILE = "mobile"
    FIXED_LINE_OR_MOBILE = "fixed_line_or_mobile"
    TOLL_FREE = "toll_free"
    PREMIUM_RATE = "premium_rate"
    SHARED_COST = "shared_cost"
    VOIP = "voip"
    PERSONAL_NUMBER = "personal_number"
    PAGER = "pager"
    UAN = "uan"
    VOICEMAIL = "voicemail"
    UNKNOWN = "unknown"


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


@attrs.frozen(init=False, repr=False, order=False)
class PhoneNumber:
    """A valid telephone number, held as its E.164 string.

    Build one from messy input with :meth:`parse`; ``PhoneNumber("+14155550100")`` accepts only
    the canonical E.164 form. Equality, hashing and order use ``e164`` alone.

    Attributes:
        e164: the number in E.164 form, ``+`` then digits.
        region: the ISO 3166-1 alpha-2 region phonenumbers assigns (``"CA"`` for +1 416…,
            ``"PR"`` for +1 787…), or ``None`` for non-geographic numbers (+800, +882…).
        country_code: the country calling code (``1``, ``44``).
        number_type: the :class:`NumberType`.

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
        # ASCII decimal digits only: str.isdigit() also accepts superscripts, which int() refuses,
        # and country calling codes never start with 0 (phonenumbers refuses "+0...").
        if (
            type(text) is str
            and text[:1] == "+"
            and 2 < len(text) <= 16
            and text[1] != "0"
            and text.isascii()
            and text[1:].isdecimal()
        ):
            quick = cls._from_e164(text)
            if quick is not None:
                return quick
        return cls._parse(text, region)

    @classmethod
    def _from_e164(cls, text: str) -> PhoneNumber | None:
        """The canonical E.164 text read directly, or ``None`` to take the full path.

        Country calling codes are prefix-free, so the first of the first one, two or three
        digits that is a code is the code. phonenumbers' own parse would only normalise text
        that is already normal; validity is decided by the same region and type calls. A
        national number with a leading zero (Italy's) takes the full path.
        """
        digits = text[1:]
        for length in (1, 2, 3):
            country_code = int(digits[:length])
            if country_code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
                break
        else:
            return None
        national = digits[length:]
        if not national or national[0] == "0":
            return None
        number = phonenumbers.PhoneNumber(country_code=country_code, national_number=int(national))
        region_code = phonenumbers.region_code_for_number(number)
        kind = _type_of(number, region_code, national)
        if region_code is None or kind is NumberType.UNKNOWN:
            return None  # the full path says why
        region = None if region_code == _NON_GEO_REGION else region_code
        return cls._make(text, region, country_code, kind)

    @classmethod
    def _parse(cls, text: str, region: str | None) -> PhoneNumber:
        if not isinstance(text, str):
            raise InvalidPhoneNumberError(text, f"expected a string, got {type(text).__name__}")
        if region is not None:
            if not isinstance(region, str):
                raise InvalidPhoneNumberError(
                    text, f"region: expected an alpha-2 code, got {type(region).__name__}"
                )
            region = region.strip().upper()
            if region not in phonenumbers.SUPPORTED_REGIONS:
                raise InvalidPhoneNumberError(
                    text, f"region: {region!r} is not a region phonenumbers knows"
                )
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
        region_code = phonenumbers.region_code_for_number(number)
        kind = _type_of(number, region_code, phonenumbers.national_significant_number(number))
        if region_code is None or kind is NumberType.UNKNOWN:
            raise InvalidPhoneNumberError(text, _why_invalid(number))
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return cls._make(
            e164,
            None if region_code == _NON_GEO_REGION else region_code,
            number.country_code or 0,
            kind,
        )

    @classmethod
    def is_valid(cls, text: object, region: str | None = None) -> bool:
        """Whether :meth:`parse` would accept ``text``; never raises."""
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


def _type_of(number: Any, region_code: str | None, national: str) -> NumberType:
    """The number's type, for the region already found.

    phonenumbers' public ``number_type`` looks the region up again, which for a shared calling
    code (+1, +44) means matching the number against each region sharing it; its internal
    helper takes the region's metadata directly. If a later phonenumbers drops the helper, the
    public function gives the same answer, more slowly.
    """
    if region_code is None:
        return NumberType.UNKNOWN
    helper = getattr(phonenumbers.phonenumberutil, "_number_type_helper", None)
    if helper is None:
        return _FROM_PHONENUMBERS.get(phonenumbers.number_type(number), NumberType.UNKNOWN)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(
        number.country_code, region_code
    )
    if metadata is None:
        return NumberType.UNKNOWN
    return _FROM_PHONENUMBERS.get(helper(national, metadata), NumberType.UNKNOWN)


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
