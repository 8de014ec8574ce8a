"""The canonical form of civic content: stable, versioned, sensitive to every field."""

from __future__ import annotations

import pickle

import attrs
from hypothesis import given

from emergency_address import CivicAddress
from emergency_address._civic import CIVIC_FIELDS
from emergency_address._fingerprint import (
    CANONICAL_VERSION,
    canonical_form,
    civic_fingerprint,
    fingerprint_version,
)
from emergency_address.strategies import civic_addresses

SEATTLE = CivicAddress(
    country="US",
    house_number="600",
    street_name="4th",
    street_suffix="Ave",
    city="Seattle",
    state="WA",
    postal_code="98104",
)


def test_the_fingerprint_is_pinned_so_a_release_cannot_change_it_unnoticed() -> None:
    # Pinned: if this changes, every stored validation record would read as stale.
    assert canonical_form(SEATTLE) == (
        "civic/1\ncountry\tUS\nA1\tWA\nA3\tSeattle\nRD\t4th\nSTS\tAve\nHNO\t600\nPC\t98104"
    )
    assert civic_fingerprint(SEATTLE) == "civic/1:6636b3cad74d2094df7c90adaef611f0"


def test_the_version_is_part_of_every_fingerprint() -> None:
    assert fingerprint_version(civic_fingerprint(SEATTLE)) == CANONICAL_VERSION


def test_every_field_changes_the_fingerprint() -> None:
    base = civic_fingerprint(SEATTLE)
    for name, _, _ in CIVIC_FIELDS:
        if name == "country":
            continue
        changed = attrs.evolve(SEATTLE, **{name: "X" + (getattr(SEATTLE, name) or "")})
        assert civic_fingerprint(changed) != base, name
    assert civic_fingerprint(attrs.evolve(SEATTLE, language="en")) != base
    assert civic_fingerprint(attrs.evolve(SEATTLE, country="CA", state="BC")) != base


def test_a_value_cannot_pose_as_another_field() -> None:
    # White space is collapsed when the address is built, and the form escapes what is left.
    a = CivicAddress(country="US", city="A\nRD\tB")
    b = CivicAddress(country="US", city="A", street_name="B")
    assert civic_fingerprint(a) != civic_fingerprint(b)
    assert "\\" in canonical_form(CivicAddress(country="US", city="A\\B"))


@given(civic_addresses())
def test_the_fingerprint_survives_pickling(civic: CivicAddress) -> None:
    assert civic_fingerprint(pickle.loads(pickle.dumps(civic))) == civic_fingerprint(civic)
