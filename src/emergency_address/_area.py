"""Whether an address lies in a number's geographic area, from phonenumbers' geocoding data.

phonenumbers maps number prefixes to place names (``4989`` is München, ``3313006`` Poissy). We
compare the address's locality names with them at the level of the number's area code:

- a name is known with prefixes, one of which lies in the number's area code (or is a prefix
  of it): in the area;
- a name is known, and none of its prefixes lies in the number's area code: not in the area;
- no name is known: the data cannot decide, and the caller is told so (never blocked).

A place name matches when it folds (case, accents and punctuation ignored) to the same words as
the whole description or its part before the first comma (``"New York, NY"`` is ``new york
ny`` and ``new york``).

Area codes do not follow municipal borders everywhere (a German village may be served from the
next town's exchange), so the ``False`` answer is as good as the place names in the data.

Speed: importing phonenumbers' geocoding package loads 40 MB of source for every country (about 360
ms). We read only the text of the data files that hold the calling code's prefixes (they are sorted
by prefix), fold that text once with C-level string operations, and answer each name with one
regular-expression search over it, remembered per name. The area code's length comes from the number
tables ([`_numbering`][emergency_address._numbering]), not from phonenumbers' formatter.
"""

from __future__ import annotations

import bisect
import functools
import importlib.util
import os
import re
import threading
import unicodedata

from . import _numbering
from ._civic import CivicAddress
from ._number import NumberType, PhoneNumber

# Combining marks, as left by NFKD: the blocks of combining diacritics. Both sides of every
# comparison (the data's text and the address's names) drop exactly these.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_WORDS = re.compile(r"[^\W_]+")


# Latin letters that do not decompose, written as people write them without the letter
# ("Cœuvres" as "Coeuvres"): then France's and Germany's names fold to ASCII.
_LETTERS = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i"})


def _fold_text(text: str) -> str:
    """Case and accents folded: NFKD, combining marks dropped, case folded, the Latin letters
    above spelt out; and once more where letters other than ASCII remain (case folding can
    make decomposable letters)."""
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    if text.isascii():
        return text.lower()
    text = text.casefold().translate(_LETTERS)
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


@functools.lru_cache(maxsize=8192)
def _words(name: str) -> tuple[str, ...]:
    """``"Île-de-France"`` gives ``("ile", "de", "france")``."""
    return tuple(_WORDS.findall(_fold_text(name)))


class _Geodata:
    """The place names of one calling code's prefixes, one entry a line as phonenumbers writes
    them (`` '4930':{'de': 'Berlin', 'en': 'Berlin'},``), apostrophes inside names written as
    a backquote (a separator all the same): as ASCII with escapes, and folded as text."""

    def __init__(self, calling_code: str) -> None:
        self.calling_code = calling_code
        self.source = _lines(calling_code)
        self.text = _fold_source(self.source)
        self._found: dict[tuple[str, ...], frozenset[str]] = {}
        self._index: dict[str, int] | None = None

    def prefixes(self, words: tuple[str, ...]) -> frozenset[str]:
        """The prefixes one of whose descriptions folds to ``words`` (whole or before a comma)."""
        found = self._found.get(words)
        if found is None:
            text = self.text
            keys = set()
            for match in _name_pattern(words).finditer(text):
                at = match.start() - 1
                whole = match.group("whole") is not None
                while text[at] != "'" and (text[at] != "," or whole):
                    if text[at] == "\n" or text[at].isalnum():
                        break
                    at -= 1
                # The name must open a value (after ": " or "u("), not a key.
                if text[at] == "'" and (text[at - 2 : at] == ": " or text[at - 1] == "("):
                    keys.add(self._key_at(at))
            found = self._found[words] = frozenset(keys)
        return found

    def _key_at(self, at: int) -> str:
        start = self.text.rfind("\n", 0, at) + 3  # a line starts with "\n '"
        return self.text[start : self.text.index("'", start)]

    def place(self, digits: str) -> str:
        """The description of the longest described prefix of ``digits``, in English where the
        data has it."""
        source = self.source
        index = self._index
        if index is None:
            # One pass over the data gives every prefix's line; a look-up per prefix length
            # then replaces a scan of the whole data (about 0.8 ms a number for +49).
            index = self._index = {
                match.group(1).decode(): match.start() for match in _PREFIX_LINE.finditer(source)
            }
        for length in range(len(digits), len(self.calling_code) - 1, -1):
            at = index.get(digits[:length], -1)
            if at < 0:
                continue
            line = source[at + 1 : source.index(b"\n", at + 1)].decode("unicode_escape")
            names: dict[str, str] = dict(_DESCRIPTION.findall(line))
            if names:
                return (names.get("en") or next(iter(names.values()))).replace("`", "'")
        return ""


_PREFIX_LINE = re.compile(rb"\n '(\d+)':")
_DESCRIPTION = re.compile(r"'([a-zA-Z_]+)': (?:u\()?'([^']*)'")


@functools.lru_cache(maxsize=4096)
def _name_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """From the first word of a description string that folds to ``words`` whole (up to the
    closing quote of a value, not of a key) or before its first comma. Separators are anything
    but letters and digits. It starts with a literal, which ``re`` scans for quickly; what
    precedes the first word is checked by the caller."""
    first, *rest = (re.escape(word) for word in words)
    sep, sep_first = "(?:_|[^\\w'])", "(?:_|[^\\w',])"
    whole = "".join(f"{sep}+{w}" for w in rest) + f"{sep}*'(?!:)"
    before_comma = "".join(f"{sep_first}+{w}" for w in rest) + f"{sep_first}*,"
    return re.compile(f"{first}(?:(?P<whole>{whole})|{before_comma})")


def _geodata_files() -> list[tuple[str, str]]:
    """(first prefix, path) of each of phonenumbers' geocoding data files, sorted."""
    spec = importlib.util.find_spec("phonenumbers.geodata")  # finds, does not import it
    if spec is None or not spec.submodule_search_locations:
        return []
    folder = next(iter(spec.submodule_search_locations))
    files = []
    for name in os.listdir(folder):
        if name.startswith("data") and name.endswith(".py") and name[4:-3].isdigit():
            path = os.path.join(folder, name)
            with open(path, "rb") as stream:
                head = stream.read(4096).decode("ascii", "replace")
            at = head.find("\n '") + 3
            first = head[at : head.find("'", at)] if at > 2 else ""
            if first.isdigit():
                files.append((first, path))
    return sorted(files)


_FILES: list[tuple[str, str]] | None = None
_LOCK = threading.Lock()


def _lines(calling_code: str) -> bytes:
    """The entries whose prefix starts with ``calling_code``, one a line, read from the data
    files' text; from the imported data where the files are not laid out as expected."""
    global _FILES
    with _LOCK:
        if _FILES is None:
            _FILES = _geodata_files()
    firsts = [first for first, _ in _FILES]
    # The prefixes starting with the code sort in [code, upper); each file holds those from its
    # first prefix up to the next file's.
    upper = calling_code[:-1] + chr(ord(calling_code[-1]) + 1)
    begin = max(bisect.bisect_right(firsts, calling_code) - 1, 0)
    end = bisect.bisect_left(firsts, upper)
    marker = f"\n '{calling_code}".encode()
    blocks = []
    for _, path in _FILES[begin:end]:
        with open(path, "rb") as stream:
            data = stream.read()
        at = data.find(marker)
        if at >= 0:  # the code's lines are contiguous (sorted), up to the end of the last one
            stop = data.find(b"\n", data.rfind(marker) + 1)
            blocks.append(data[at : stop if stop >= 0 else len(data)])
    raw = b"".join(blocks) + b"\n"
    if not _FILES or b'"' in raw or b"\\\\" in raw or b"\\N" in raw or not raw.isascii():
        return _lines_from_module(calling_code)
    return raw.replace(b"\\'", b"`")  # an escaped quote must not close its string


_ESCAPE = re.compile(rb"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2})")


def _fold_source(source: bytes) -> str:
    """`_fold_text` of the decoded source, computed on the source: ASCII is lowered as
    bytes, and each distinct escaped character (a dozen in France's 700 kB) is folded once."""
    folded = {}
    rest = {}  # letters that fold to something other than ASCII (œ): put back after lowering
    for escape in set(_ESCAPE.findall(source)):
        text = _fold_text(escape.decode("unicode_escape"))
        if text.isascii():
            folded[escape] = text.encode("ascii")
        else:
            folded[escape] = escape.lower()
            rest[escape.lower().decode("ascii")] = text
    if folded:
        source = _ESCAPE.sub(lambda m: folded[m.group()], source)
    text = source.lower().decode("ascii")
    for escape, letters in rest.items():
        text = text.replace(escape, letters)
    return text


def _lines_from_module(calling_code: str) -> bytes:
    from phonenumbers.geodata import GEOCODE_DATA  # every country: slow, but always right

    lines = []
    for prefix in sorted(GEOCODE_DATA):
        if prefix.startswith(calling_code):
            names = ", ".join(
                f"'{language}': '{name.replace(chr(39), '`')}'"
                for language, name in GEOCODE_DATA[prefix].items()
            )
            lines.append(f"\n '{prefix}':{{{names}}},")
    return ("".join(lines) + "\n").encode("ascii", "backslashreplace")


_GEODATA: dict[str, _Geodata] = {}


def _geodata(calling_code: str) -> _Geodata:
    found = _GEODATA.get(calling_code)
    if found is None:
        found = _GEODATA.setdefault(calling_code, _Geodata(calling_code))
    return found


@functools.cache
def _country_names(calling_code: str) -> frozenset[tuple[str, ...]]:
    import phonenumbers
    import pycountry

    names: set[tuple[str, ...]] = set()
    for region in phonenumbers.region_codes_for_country_code(int(calling_code)):
        record = pycountry.countries.get(alpha_2=region)
        if record is not None:
            names |= _names(record.name)
    return frozenset(names)


def _names(value: str) -> set[tuple[str, ...]]:
    """A place name as words, whole and before its first comma."""
    return {n for n in (_words(value), _words(value.split(",")[0])) if n}


_GEOGRAPHIC = frozenset({NumberType.FIXED_LINE, NumberType.FIXED_LINE_OR_MOBILE})


def _area_prefix(number: PhoneNumber) -> str:
    """The calling code and area code, or ``""`` for a number with no area (mobile, VoIP ...).

    For a geographic number the area code is the national destination code, as phonenumbers'
    length_of_national_destination_code gives it (Spain has no trunk prefix, so libphonenumber
    gives it no "geographical area code", but the same NDC)."""
    if number.number_type not in _GEOGRAPHIC:
        return ""
    nsn = number.national_number
    length = _numbering.plan(number.country_code).ndc_length(nsn)
    return f"{number.country_code}{nsn[:length]}" if length else ""


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
        places = _geodata(calling_code).place(number.e164[1:]) or "its area"
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
    data = _geodata(calling_code)
    known = [found for name in sorted(wanted) if (found := data.prefixes(name))]
    if not known:
        return None, f"no area-code data names {', '.join(sorted(localities))}"
    for prefixes in known:
        if any(p.startswith(area) or area.startswith(p) for p in prefixes):
            return True, "in the area"
    return False, ""
