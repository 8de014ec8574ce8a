"""Phone numbers compared with phonenumbers: every region's example numbers and a seeded random
corpus, for tests/test_number.py and the number benchmarks (benchmarks/model.py, policy.py).

Compared, for each (text, region): validity, region, type and E.164, and for valid geographic
numbers the area code's length (phonenumbers' length_of_national_destination_code).
Valid means what PhoneNumber.parse accepts: phonenumbers parses the text, is_valid_number says
yes, and it carries no extension (an E.164 number has none).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import phonenumbers

from emergency_address import PhoneNumber
from emergency_address._numbering import plan
from emergency_address.exceptions import InvalidPhoneNumberError

Case = tuple[str, str | None]
Answer = tuple[bool, str | None, str | None, str | None, int | None]

_TYPE_NAMES = {
    v: k
    for k, v in vars(phonenumbers.PhoneNumberType).items()
    if isinstance(v, int) and not k.startswith("_")  # not the dunders newer Pythons add
}
_GEOGRAPHIC = {"FIXED_LINE", "FIXED_LINE_OR_MOBILE"}
_FORMATS = (
    phonenumbers.PhoneNumberFormat.E164,
    phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    phonenumbers.PhoneNumberFormat.NATIONAL,
)
# Decimal digits of other scripts (phonenumbers reads them), and look-alikes it does not read.
_ZERO_DIGITS = ("０", "٠", "۰", "०", "০", "๐", "𝟎")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def theirs(text: str, region: str | None) -> Answer:
    """phonenumbers' answer: (valid, region, type name, E.164, NDC length if geographic)."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return False, None, None, None, None
    if number.extension or not phonenumbers.is_valid_number(number):
        return False, None, None, None, None
    found = phonenumbers.region_code_for_number(number)
    kind = _TYPE_NAMES[phonenumbers.number_type(number)]
    ndc = phonenumbers.length_of_national_destination_code(number) if kind in _GEOGRAPHIC else None
    return (
        True,
        None if found == "001" else found,
        kind,
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        ndc,
    )


def ours(text: str, region: str | None) -> Answer:
    try:
        number = PhoneNumber.parse(text, region)
    except InvalidPhoneNumberError:
        return False, None, None, None, None
    kind = number.number_type.name
    ndc = plan(number.country_code).ndc_length(number.national_number)
    return (
        True,
        number.region,
        kind,
        number.e164,
        ndc if kind in _GEOGRAPHIC else None,
    )


def _regions() -> list[str]:
    return sorted(phonenumbers.SUPPORTED_REGIONS)


def example_numbers() -> Iterator[tuple[str, phonenumbers.PhoneNumber]]:
    """(region, number): every region's example number of every type, and the non-geographic
    entities' (+800, +882 ...)."""
    for region in _regions():
        for kind in _TYPE_NAMES:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is not None:
                yield region, example
        invalid = phonenumbers.invalid_example_number(region)
        if invalid is not None:
            yield region, invalid
    for code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        metadata = phonenumbers.PhoneMetadata.metadata_for_nongeo_region(code)
        for kind in _TYPE_NAMES:
            desc = getattr(metadata, _TYPE_NAMES[kind].lower(), None)
            if desc is not None and desc.example_number:
                yield "001", phonenumbers.parse(f"+{code}{desc.example_number}")


def example_cases() -> list[Case]:
    """Each example number in E.164, international and national form (the national one read
    with its own region, and with another region of its calling code)."""
    cases: list[Case] = []
    for region, number in example_numbers():
        for form in _FORMATS:
            text = phonenumbers.format_number(number, form)
            if form == phonenumbers.PhoneNumberFormat.NATIONAL:
                if region != "001":
                    cases.append((text, region))
                    others = phonenumbers.region_codes_for_country_code(number.country_code)
                    cases.append((text, others[-1]))
            else:
                cases.append((text, None))
    return cases


def _digit_swap(rng: random.Random, text: str) -> str:
    """Replace every ASCII digit with the same digit of another script (or superscripts)."""
    if rng.random() < 0.2:
        table = {str(d): _SUPERSCRIPTS[d] for d in range(10)}
        return "".join(table.get(c, c) if rng.random() < 0.3 else c for c in text)
    zero = ord(rng.choice(_ZERO_DIGITS))
    return "".join(chr(zero + int(c)) if c.isascii() and c.isdigit() else c for c in text)


def _separate(rng: random.Random, digits: str) -> str:
    """Digits with separators and groups as people write them."""
    out = []
    for i, c in enumerate(digits):
        if i and rng.random() < 0.25:
            out.append(rng.choice((" ", "-", ".", " ", "  ", "/", "\u00a0")))
        out.append(c)
    text = "".join(out)
    if rng.random() < 0.15 and len(text) > 4:
        cut = rng.randint(1, 4)
        text = f"({text[:cut]}) {text[cut:]}"
    return text


def random_cases(count: int, seed: int = 12) -> list[Case]:
    """``count`` seeded (text, region) pairs: example numbers with digits changed, lengths
    changed, national prefixes, international prefixes, calling codes without "+", "+0",
    separators, other scripts' digits, superscripts, extensions, letters, and plain noise."""
    rng = random.Random(seed)
    examples = [
        (region, number, phonenumbers.national_significant_number(number))
        for region, number in example_numbers()
    ]
    codes = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
    regions = _regions()
    cases: list[Case] = []
    while len(cases) < count:
        region, number, nsn = rng.choice(examples)
        code = str(number.country_code)
        # the national significant number, with a few digits changed or a length change
        digits = list(nsn)
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            digits[rng.randrange(len(digits))] = rng.choice("0123456789")
        roll = rng.random()
        if roll < 0.1:
            digits.append(rng.choice("0123456789"))
        elif roll < 0.2 and len(digits) > 3:
            digits.pop()
        nsn = "".join(digits)
        shape = rng.random()
        home = region if region != "001" else rng.choice(regions)
        if shape < 0.35:
            text, given = f"+{code}{nsn}", None
        elif shape < 0.45:
            text, given = f"+{code} {_separate(rng, nsn)}", rng.choice((None, home))
        elif shape < 0.6:  # national form, with or without the trunk prefix
            trunk = phonenumbers.ndd_prefix_for_region(home, True) or ""
            prefix = trunk if rng.random() < 0.7 else ""
            text, given = (
                _separate(rng, prefix + nsn),
                rng.choice((home, home, rng.choice(regions))),
            )
        elif shape < 0.66:  # international prefix, or the calling code without "+"
            idd = rng.choice(("00", "011", "810", "0011", ""))
            text, given = f"{idd}{code}{nsn}", rng.choice((home, rng.choice(regions)))
        elif shape < 0.72:  # "+0", a wrong or unassigned calling code
            other = rng.choice((f"0{code}", str(rng.choice(codes)), str(rng.randint(1, 999))))
            text, given = f"+{other}{nsn}", None
        elif shape < 0.8:  # other scripts' digits, superscripts
            text, given = _digit_swap(rng, f"+{code}{nsn}"), None
            if rng.random() < 0.3:
                text, given = _digit_swap(rng, nsn), home
        elif shape < 0.86:  # extensions and letters
            tail = rng.choice((" ext. 12", " x7", "#12", ";ext=3", " ABC", "-FLOWERS", ""))
            text, given = f"+{code} {nsn}{tail}", None
        elif shape < 0.93:  # random digit strings
            length = rng.randint(1, 20)
            body = "".join(rng.choice("0123456789") for _ in range(length))
            text, given = rng.choice((f"+{body}", body)), rng.choice((None, home))
        else:  # noise around a number
            junk = "".join(rng.choice("+-() ./x#*,;:abcTel ") for _ in range(rng.randint(0, 4)))
            text = rng.choice((junk + f"+{code}{nsn}", f"+{code}{nsn}" + junk, junk))
            given = rng.choice((None, home))
        cases.append((text, given))
    return cases


def compare(cases: list[Case]) -> list[tuple[str, str | None, Answer, Answer]]:
    """The disagreements: (text, region, ours, phonenumbers')."""
    wrong = []
    for text, region in cases:
        mine, reference = ours(text, region), theirs(text, region)
        if mine != reference:
            wrong.append((text, region, mine, reference))
    return wrong
