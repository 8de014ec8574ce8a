"""Numbering-plan tables compiled from the installed phonenumbers' metadata, per calling code.

phonenumbers decides a number's region, type and area code by matching its national
significant number against regular expressions from its metadata: for a calling code shared
by many regions (+1 has 25) that means up to a dozen patterns per region, recompiled through
``re``'s bounded cache. Those patterns use only digits, digit classes, groups, alternation and
bounded repeats, so all the patterns of one calling code compile into one automaton over the
ten digits: one walk over the digits tells which patterns match the whole number, and the
verdicts follow from that set with phonenumbers' own rules (the order of the types, the
possible lengths, the regions' leading digits, the first formatting rule that fits).

The automaton is a lazily determinised NFA: a deterministic state is made the first time a
digit leads to it, so the cost of building a calling code is parsing its patterns (about a
millisecond for most, a few for +1), and a process only pays for the prefixes it meets.
Nothing is checked in: the tables come from whichever phonenumbers is installed, and
``tests/test_number.py`` compares them with it. Tables are built once per calling code and
only grow; two threads racing on a new state may build it twice, with the same result.
"""

from __future__ import annotations

import re
import threading
from typing import Any

import phonenumbers
from phonenumbers import PhoneMetadata

MIN_NSN = 2  # phonenumbers' _MIN_LENGTH_FOR_NSN
MAX_NSN = 17  # phonenumbers' _MAX_LENGTH_FOR_NSN
NON_GEO_REGION = "001"

# phonenumbers' type checks, in the order its _number_type_helper makes them (fixed line and
# mobile come last and are handled apart).
_TYPE_ORDER = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
)
_ALL_DIGITS = (1 << 10) - 1


# --- regular expressions of the metadata's subset, to an NFA ---------------------------------


class _Parser:
    """Recursive descent over one pattern; nodes are tuples:
    ("set", mask) | ("cat", [nodes]) | ("alt", [nodes]) | ("rep", node, min, max or None)
    | ("group", node, capturing)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def fail(self, what: str) -> ValueError:
        return ValueError(f"unsupported pattern {self.text!r} at {self.at}: {what}")

    def parse(self) -> tuple[Any, ...]:
        node = self.alternation()
        if self.at != len(self.text):
            raise self.fail("unexpected character")
        return node

    def alternation(self) -> tuple[Any, ...]:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.at += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def sequence(self) -> tuple[Any, ...]:
        items = []
        while self.peek() not in ("|", ")", ""):
            items.append(self.repeat(self.atom()))
        return ("cat", items)

    def peek(self) -> str:
        return self.text[self.at : self.at + 1]

    def atom(self) -> tuple[Any, ...]:
        c = self.peek()
        if c.isascii() and c.isdigit():
            self.at += 1
            return ("set", 1 << int(c))
        if c == "\\":
            if self.text[self.at + 1 : self.at + 2] != "d":
                raise self.fail("escape")
            self.at += 2
            return ("set", _ALL_DIGITS)
        if c == "[":
            return self.char_class()
        if c == "(":
            self.at += 1
            capturing = True
            if self.text.startswith("?:", self.at):
                self.at += 2
                capturing = False
            node = self.alternation()
            if self.peek() != ")":
                raise self.fail("unclosed group")
            self.at += 1
            return ("group", node, capturing)
        raise self.fail("atom")

    def char_class_at_start(self) -> int:
        mask: int = self.char_class()[1]
        if self.at != len(self.text):
            raise self.fail("class")
        return mask

    def char_class(self) -> tuple[Any, ...]:
        self.at += 1
        mask = 0
        while self.peek() != "]":
            c = self.peek()
            if c == "\\" and self.text[self.at + 1 : self.at + 2] == "d":
                mask |= _ALL_DIGITS
                self.at += 2
                continue
            if not (c.isascii() and c.isdigit()):
                raise self.fail("class member")
            low = high = int(c)
            self.at += 1
            if self.peek() == "-" and self.text[self.at + 1 : self.at + 2] != "]":
                high = int(self.text[self.at + 1])
                self.at += 2
            for d in range(low, high + 1):
                mask |= 1 << d
        self.at += 1
        return ("set", mask)

    def repeat(self, node: tuple[Any, ...]) -> tuple[Any, ...]:
        c = self.peek()
        if c == "?":
            self.at += 1
            return ("rep", node, 0, 1)
        if c == "*":
            self.at += 1
            return ("rep", node, 0, None)
        if c == "+":
            self.at += 1
            return ("rep", node, 1, None)
        if c == "{":
            end = self.text.index("}", self.at)
            low, comma, high = self.text[self.at + 1 : end].partition(",")
            self.at = end + 1
            return ("rep", node, int(low), (int(high) if high else None) if comma else int(low))
        return node


def _width(node: tuple[Any, ...]) -> tuple[int, int | None]:
    """The least and greatest number of digits a node matches (``None``: unbounded)."""
    kind = node[0]
    if kind == "set":
        return 1, 1
    if kind == "group":
        return _width(node[1])
    if kind == "cat":
        low = 0
        high_: int | None = 0
        for item in node[1]:
            a, b = _width(item)
            low += a
            high_ = None if high_ is None or b is None else high_ + b
        return low, high_
    if kind == "alt":
        widths = [_width(b) for b in node[1]]
        lows = [a for a, _ in widths]
        highs = [b for _, b in widths]
        return min(lows), (None if None in highs else max(h for h in highs if h is not None))
    a, b = _width(node[1])
    return a * node[2], (None if node[3] is None or b is None else b * node[3])


_TOKEN = re.compile(r"\\d|\[[^\]]*\]|\(\?:|\{\d+(?:,\d*)?\}|.")
_DIGIT_MASKS = {str(d): 1 << d for d in range(10)} | {"\\d": _ALL_DIGITS}


def _class_mask(token: str) -> int:
    mask = _DIGIT_MASKS.get(token)
    if mask is None:
        mask = _DIGIT_MASKS[token] = _Parser(token).char_class_at_start()
    return mask


class _Nfa:
    """Thompson-style NFA over digit masks, built straight from a pattern's tokens; each
    pattern's final state carries the pattern's id. A fragment is built from a given state and
    returns its end, so a sequence needs no empty moves between its items."""

    def __init__(self) -> None:
        self.eps: list[list[int]] = [[]]
        self.moves: list[list[tuple[int, int]]] = [[]]
        self.tag: dict[int, int] = {}
        self.start = 0

    def state(self) -> int:
        self.eps.append([])
        self.moves.append([])
        return len(self.eps) - 1

    def add(self, pattern_id: int, text: str, prefix: bool) -> None:
        tokens = _TOKEN.findall(text)
        begin = self.state()
        self.eps[self.start].append(begin)
        end, at = self.alternation(tokens, 0, begin)
        if at != len(tokens):
            raise ValueError(f"unsupported pattern {text!r}")
        if prefix:  # re.match: once the pattern matched, any digits may follow
            self.moves[end].append((_ALL_DIGITS, end))
        self.tag[end] = pattern_id

    def alternation(self, tokens: list[str], at: int, start: int) -> tuple[int, int]:
        end, at = self.sequence(tokens, at, start)
        if at >= len(tokens) or tokens[at] != "|":
            return end, at
        join = self.state()
        self.eps[end].append(join)
        while at < len(tokens) and tokens[at] == "|":
            end, at = self.sequence(tokens, at + 1, start)
            self.eps[end].append(join)
        return join, at

    def sequence(self, tokens: list[str], at: int, start: int) -> tuple[int, int]:
        count = len(tokens)
        while at < count and tokens[at] not in ("|", ")"):
            first = at
            end, at = self.atom(tokens, at, start)
            quantifier = tokens[at] if at < count else ""
            if quantifier in ("?", "*", "+") or quantifier[:1] == "{":
                at += 1
                end = self.repeat(tokens, first, start, end, quantifier)
            start = end
        return start, at

    def atom(self, tokens: list[str], at: int, start: int) -> tuple[int, int]:
        token = tokens[at]
        if token == "(?:" or token == "(":
            end, at = self.alternation(tokens, at + 1, start)
            if at >= len(tokens) or tokens[at] != ")":
                raise ValueError("unclosed group")
            return end, at + 1
        if token[0] == "[" or token in _DIGIT_MASKS:
            end = self.state()
            self.moves[start].append((_class_mask(token), end))
            return end, at + 1
        raise ValueError(f"unsupported token {token!r}")

    def repeat(self, tokens: list[str], first: int, start: int, end: int, quantifier: str) -> int:
        """``end`` closes one copy of the atom at ``tokens[first]`` built from ``start``."""
        if quantifier == "?":
            low, high = 0, 1
        elif quantifier == "*":
            low, high = 0, None
        elif quantifier == "+":
            low, high = 1, None
        else:
            lo, comma, hi = quantifier[1:-1].partition(",")
            low = int(lo)
            high = (int(hi) if hi else None) if comma else low
        if high is None:  # a loop must not lead back into a state other branches share
            loop = self.state()
            self.eps[end].append(loop)
            copy, _ = self.atom(tokens, first, loop)
            self.eps[copy].append(loop)
            exit_ = self.state()
            self.eps[loop].append(exit_)
            if low == 0:
                self.eps[start].append(exit_)
            elif low > 1:  # no metadata pattern has one
                raise ValueError(f"unsupported repeat {quantifier!r}")
            return exit_
        ends = []
        if low == 0:
            ends.append(start)
        for _ in range(max(low, 1) - 1):
            end, _ = self.atom(tokens, first, end)
        for _ in range(high - max(low, 1)):
            ends.append(end)
            end, _ = self.atom(tokens, first, end)
        for skip in ends:
            self.eps[skip].append(end)
        return end


class _State(dict[Any, Any]):
    """A deterministic state: digit character -> next state, and nsn length -> verdict."""

    __slots__ = ("accepts", "members")

    def __init__(self, members: frozenset[int], accepts: frozenset[int]) -> None:
        super().__init__()
        self.members = members
        self.accepts = accepts


class _Automaton:
    """Subset construction, one state at a time. A deterministic state holds only the NFA
    states that matter (those with moves or a pattern's end), which keeps the sets small and
    makes equal states meet."""

    def __init__(self, nfa: _Nfa) -> None:
        self.nfa = nfa
        self.states: dict[frozenset[int], _State] = {}
        self._closures: list[frozenset[int] | None] = [None] * len(nfa.eps)
        self._tagged = frozenset(nfa.tag)
        self._accepts: dict[frozenset[int], frozenset[int]] = {}
        self.start = self.make(self.closure(nfa.start))

    def closure(self, seed: int) -> frozenset[int]:
        """The states that matter reachable from ``seed`` by empty moves, remembered."""
        found = self._closures[seed]
        if found is None:
            eps, moves, tag = self.nfa.eps, self.nfa.moves, self.nfa.tag
            seen = {seed}
            stack = [seed]
            while stack:
                for t in eps[stack.pop()]:
                    if t not in seen:
                        seen.add(t)
                        stack.append(t)
            found = frozenset(s for s in seen if moves[s] or s in tag)
            self._closures[seed] = found
        return found

    def make(self, members: frozenset[int]) -> _State:
        state = self.states.get(members)
        if state is None:
            tag = self.nfa.tag
            accepts = frozenset(tag[s] for s in members & self._tagged)
            accepts = self._accepts.setdefault(accepts, accepts)  # few distinct sets: share
            state = _State(members, accepts)
            self.states[members] = state
        return state

    def step(self, state: _State, digit: str) -> _State:
        bit = 1 << (ord(digit) - 48)
        moves = self.nfa.moves
        targets = {t for s in state.members for mask, t in moves[s] if mask & bit}
        closure = self.closure
        if len(targets) == 1:  # share the closure itself (most steps in a trie)
            members = closure(next(iter(targets)))
        else:
            members = frozenset().union(*[closure(t) for t in targets])
        nxt = self.make(members)
        state[digit] = nxt
        return nxt

    def walk(self, digits: str) -> _State:
        state = self.start
        for digit in digits:
            nxt = state.get(digit)
            state = self.step(state, digit) if nxt is None else nxt
        return state


# --- one calling code ------------------------------------------------------------------------


def metadata_for(country_code: int, region: str) -> Any:
    if region == NON_GEO_REGION:
        return PhoneMetadata.metadata_for_nongeo_region(country_code, None)
    return PhoneMetadata.metadata_for_region(region, None)


class _Desc:
    """One PhoneNumberDesc: its pattern's id (``None``: no pattern) and possible lengths."""

    __slots__ = ("lengths", "pattern")

    def __init__(self, pattern: int | None, lengths: tuple[int, ...]) -> None:
        self.pattern = pattern
        self.lengths = frozenset(lengths)

    def matches(self, accepts: frozenset[int], length: int) -> bool:
        # phonenumbers' _is_number_matching_desc: lengths first (when given), then the pattern.
        if self.lengths and length not in self.lengths:
            return False
        return self.pattern is not None and self.pattern in accepts


class _Region:
    __slots__ = ("code", "fixed_line", "general", "leading", "mobile", "same_fixed_mobile", "types")

    def __init__(self, code: str, plan: Plan, metadata: Any, shared: bool) -> None:
        self.code = code
        self.general = plan.desc(metadata.general_desc)
        self.types = tuple(
            (name.upper(), plan.desc(getattr(metadata, name))) for name in _TYPE_ORDER
        )
        self.fixed_line = plan.desc(metadata.fixed_line)
        self.mobile = plan.desc(metadata.mobile)
        self.same_fixed_mobile = bool(metadata.same_mobile_and_fixed_line_pattern)
        self.leading = (
            plan.pattern(metadata.leading_digits, prefix=True)
            if shared and metadata.leading_digits is not None
            else None
        )

    def number_type(self, accepts: frozenset[int], length: int) -> str:
        """phonenumbers' _number_type_helper, on the set of matching patterns."""
        if not self.general.matches(accepts, length):
            return "UNKNOWN"
        for name, desc in self.types:
            if desc.matches(accepts, length):
                return name
        if self.fixed_line.matches(accepts, length):
            if self.same_fixed_mobile or self.mobile.matches(accepts, length):
                return "FIXED_LINE_OR_MOBILE"
            return "FIXED_LINE"
        if not self.same_fixed_mobile and self.mobile.matches(accepts, length):
            return "MOBILE"
        return "UNKNOWN"


class _Format:
    """One international formatting rule: which numbers it takes and the NDC length it gives."""

    __slots__ = ("by_length", "compiled", "leading", "pattern", "rule", "shape", "text")

    def __init__(self, plan: Plan, number_format: Any) -> None:
        self.text = number_format.pattern
        self.rule = number_format.format
        self.pattern = plan.pattern(self.text, prefix=False)
        self.leading = (
            plan.pattern(number_format.leading_digits_pattern[-1], prefix=True)
            if number_format.leading_digits_pattern
            else None
        )
        self.compiled: re.Pattern[str] | None = None
        self.shape: list[tuple[int, int | None]] | bool | None = False  # False: not yet known
        self.by_length: dict[int, tuple[int, ...]] = {}

    def _shape(self) -> list[tuple[int, int | None]] | None:
        """The groups' widths, when they alone decide how a number is cut: the pattern is a
        row of capturing groups, and from the first one whose width varies on, every group
        takes any digits. Then re.sub's first match takes each group as wide as it can while
        the rest still fits, and runs the whole number. ``None`` otherwise."""
        node = _Parser(self.text).parse()
        items = node[1] if node[0] == "cat" else [node]
        widths: list[tuple[int, int | None]] = []
        varied = False
        for item in items:
            if item[0] != "group" or not item[2]:
                return None
            low, high = _width(item[1])
            varied = varied or low != high
            if varied and not _any_digits(item[1]):
                return None
            widths.append((low, high))
        return widths

    def runs(self, nsn: str, country_code: int) -> tuple[int, ...]:
        """The lengths of the digit runs after the calling code in the international format."""
        if self.shape is False:
            self.shape = self._shape()
        if self.shape is not None:
            found = self.by_length.get(len(nsn))
            if found is None:
                found = self._shaped_runs(len(nsn), country_code)
                if found is not None:
                    self.by_length[len(nsn)] = found
            if found is not None:
                return found
        if self.compiled is None:
            self.compiled = re.compile(self.text)
        return _runs(f"+{country_code} {self.compiled.sub(self.rule, nsn)}")

    def _shaped_runs(self, length: int, country_code: int) -> tuple[int, ...] | None:
        shape = self.shape
        assert isinstance(shape, list)
        taken: list[int] = []
        left = length
        for i, (low, high) in enumerate(shape):
            rest = sum(a for a, _ in shape[i + 1 :])
            width = left - rest if high is None else min(high, left - rest)
            if width < low:
                return None
            taken.append(width)
            left -= width
        if left:
            return None
        try:
            shaped = re.sub(r"\\(\d)", lambda m: "1" * taken[int(m.group(1)) - 1], self.rule)
        except IndexError:
            return None
        return _runs(f"+{country_code} {shaped}")


def _any_digits(node: tuple[Any, ...]) -> bool:
    """Whether a node accepts any digit wherever it accepts one (no classes, no alternation)."""
    kind = node[0]
    if kind == "set":
        return bool(node[1] == _ALL_DIGITS)
    if kind == "cat":
        return all(_any_digits(item) for item in node[1])
    if kind in ("rep", "group"):
        return _any_digits(node[1])
    return False


_NON_DIGITS = re.compile(r"\D+")


def _runs(international: str) -> tuple[int, ...]:
    """As phonenumbers' length_of_national_destination_code splits a formatted number: the
    lengths of the groups after the calling code."""
    return tuple(len(g) for g in _NON_DIGITS.split(international)[2:])


class Verdict:
    """What phonenumbers says of one national significant number of a calling code."""

    __slots__ = ("format", "number_type", "region")

    def __init__(self, region: str | None, number_type: str, number_format: _Format | None):
        self.region = region  # phonenumbers' region_code_for_number ("001": non-geographic)
        self.number_type = number_type  # a phonenumbers.PhoneNumberType name
        self.format = number_format  # the international formatting rule that applies


class Plan:
    """The tables of one country calling code."""

    def __init__(self, country_code: int) -> None:
        self.country_code = country_code
        self.nfa = _Nfa()
        self._ids: dict[tuple[str, bool], int] = {}
        regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE[country_code]
        shared = len(regions) > 1
        self.regions = tuple(
            _Region(code, self, metadata, shared)
            for code in regions
            if (metadata := metadata_for(country_code, code)) is not None
        )
        self.single_region = regions[0] if not shared else None
        main = metadata_for(country_code, regions[0])
        formats = main.intl_number_format or main.number_format
        self.formats = tuple(_Format(self, f) for f in formats)
        self.main = _Parsing(main)
        self.mobile_token = bool(phonenumbers.country_mobile_token(country_code))
        self.automaton = _Automaton(self.nfa)

    def pattern(self, text: str, prefix: bool) -> int:
        key = (text, prefix)
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = len(self._ids)
            self.nfa.add(found, text, prefix)
        return found

    def desc(self, desc: Any) -> _Desc:
        if desc is None:
            return _Desc(None, ())
        text = desc.national_number_pattern
        return _Desc(self.pattern(text, False) if text else None, tuple(desc.possible_length))

    def verdict(self, nsn: str) -> Verdict:
        """Region, type and formatting rule of ``nsn`` (ASCII digits), as phonenumbers says."""
        state = self.automaton.walk(nsn)
        length = len(nsn)
        found: Verdict | None = state.get(length)
        if found is None:
            found = state[length] = self._verdict(state.accepts, length)
        return found

    def _verdict(self, accepts: frozenset[int], length: int) -> Verdict:
        kind = "UNKNOWN"
        region: str | None = None
        if self.single_region is not None:
            region = self.single_region
            if self.regions:
                kind = self.regions[0].number_type(accepts, length)
        else:  # phonenumbers' _region_code_for_number_from_list
            for candidate in self.regions:
                if candidate.leading is not None:
                    if candidate.leading in accepts:
                        region = candidate.code
                        break
                elif candidate.number_type(accepts, length) != "UNKNOWN":
                    region = candidate.code
                    break
            if region is not None:
                kind = next(r for r in self.regions if r.code == region).number_type(
                    accepts, length
                )
        chosen = None
        for number_format in self.formats:
            if (
                number_format.leading is None or number_format.leading in accepts
            ) and number_format.pattern in accepts:
                chosen = number_format
                break
        return Verdict(region, kind, chosen)

    def ndc_length(self, nsn: str) -> int:
        """phonenumbers' length_of_national_destination_code for ``+{code}{nsn}``."""
        verdict = self.verdict(nsn)
        if verdict.format is None:
            return 0  # formatted as one group of digits
        runs = verdict.format.runs(nsn, self.country_code)
        if len(runs) < 2:
            return 0
        if verdict.number_type == "MOBILE" and self.mobile_token:
            return runs[0] + runs[1]  # Argentina's mobile 9 is part of the NDC
        return runs[0]


class _Parsing:
    """What phonenumbers' parse needs of one region's metadata: its international (IDD) and
    national prefixes, and the general pattern and lengths that decide whether to strip them."""

    __slots__ = (
        "country_code",
        "general",
        "general_text",
        "idd",
        "local_lengths",
        "national_prefix",
        "possible_lengths",
        "transform",
    )

    def __init__(self, metadata: Any) -> None:
        self.country_code: int = metadata.country_code
        general = metadata.general_desc
        self.general_text: str = general.national_number_pattern or ""
        self.general: re.Pattern[str] | None = None  # compiled when first needed
        self.possible_lengths = tuple(general.possible_length)
        self.local_lengths = frozenset(general.possible_length_local_only)
        prefix = metadata.national_prefix_for_parsing
        self.national_prefix = re.compile(prefix) if prefix else None
        self.transform = metadata.national_prefix_transform_rule or None
        idd = metadata.international_prefix
        self.idd = re.compile(idd) if idd else None

    def viable(self, number: str) -> bool:
        """phonenumbers' _match_national_number against the general description."""
        if not self.general_text:
            return False
        if self.general is None:
            self.general = re.compile(self.general_text)
        return self.general.fullmatch(number) is not None

    def length_ok(self, number: str) -> bool:
        """phonenumbers' _test_number_length is not TOO_SHORT, local-only nor INVALID_LENGTH."""
        length = len(number)
        if length in self.local_lengths:
            return False
        lengths = self.possible_lengths
        return length in lengths or length > lengths[-1]

    def too_long(self, number: str) -> bool:
        """phonenumbers' _test_number_length is TOO_LONG."""
        length = len(number)
        return length not in self.local_lengths and length > self.possible_lengths[-1]

    def strip_national_prefix(self, number: str) -> str:
        """phonenumbers' _maybe_strip_national_prefix_carrier_code (the number part)."""
        if self.national_prefix is None or not number:
            return number
        match = self.national_prefix.match(number)
        if match is None:
            return number
        viable = self.viable(number)
        groups = match.groups()
        if self.transform is None or groups[-1] is None:
            stripped = number[match.end() :]
        else:
            stripped = self.national_prefix.sub(self.transform, number, count=1)
        if viable and not self.viable(stripped):
            return number
        return stripped

    def national_number(self, number: str) -> str:
        """The end of phonenumbers' parse: strip the national prefix if what remains is long
        enough for the region."""
        stripped = self.strip_national_prefix(number)
        return stripped if self.length_ok(stripped) else number


_PLANS: dict[int, Plan] = {}
_LOCK = threading.Lock()
_PARSING: dict[str, _Parsing] = {}


class _Fallback(Plan):
    """A calling code whose patterns use syntax the tables do not read (none in today's
    metadata): phonenumbers' own functions answer, more slowly."""

    def __init__(self, country_code: int) -> None:
        self.country_code = country_code
        regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE[country_code]
        self.main = _Parsing(metadata_for(country_code, regions[0]))

    def _number(self, nsn: str) -> Any:
        number = phonenumbers.PhoneNumber(country_code=self.country_code, national_number=int(nsn))
        zeros = len(nsn) - len(nsn.lstrip("0"))
        if len(nsn) > 1 and zeros:  # as phonenumbers' parse keeps Italy's leading zeros
            number.italian_leading_zero = True
            if min(zeros, len(nsn) - 1) != 1:
                number.number_of_leading_zeros = min(zeros, len(nsn) - 1)
        return number

    def verdict(self, nsn: str) -> Verdict:
        number = self._number(nsn)
        kind = phonenumbers.number_type(number)
        names = {v: k for k, v in vars(phonenumbers.PhoneNumberType).items() if isinstance(v, int)}
        return Verdict(phonenumbers.region_code_for_number(number), names[kind], None)

    def ndc_length(self, nsn: str) -> int:
        return int(phonenumbers.length_of_national_destination_code(self._number(nsn)))


def plan(country_code: int) -> Plan:
    """The tables of ``country_code`` (an assigned calling code), built on first use."""
    found = _PLANS.get(country_code)
    if found is None:
        with _LOCK:
            found = _PLANS.get(country_code)
            if found is None:
                try:
                    found = Plan(country_code)
                except ValueError:  # a pattern the tables cannot read: ask phonenumbers
                    found = _Fallback(country_code)
                _PLANS[country_code] = found
    return found


def parsing(region: str) -> _Parsing:
    """The parsing data of a supported region (upper case)."""
    found = _PARSING.get(region)
    if found is None:
        found = _PARSING[region] = _Parsing(PhoneMetadata.metadata_for_region(region, None))
    return found


def split_country_code(digits: str) -> tuple[int, str]:
    """phonenumbers' _extract_country_code: ``(0, digits)`` when no calling code leads."""
    codes = _calling_codes()
    for length in (1, 2, 3):
        code = codes.get(digits[:length])
        if code is not None:
            return code, digits[length:]
    return 0, digits


_CODES: dict[str, int] = {}


def _calling_codes() -> dict[str, int]:
    """Each assigned calling code by its digits (never with a leading 0)."""
    if not _CODES:
        _CODES.update({str(c): c for c in phonenumbers.COUNTRY_CODE_TO_REGION_CODE})
    return _CODES
