"""What hostile XML costs: each document parse_pidf_lo refuses, against a benign peer.

Run: python benchmarks/security.py [--quick]

Every hostile document is timed through ``parse_pidf_lo`` (which must refuse it) and shown as
a ratio against parsing a benign PIDF-LO document of about the same size with
``parse_pidf_lo`` (the peer: what an ordinary document of that size costs). For the entity
documents, the cost of letting the standard library's expat expand them
(``xml.etree.ElementTree.fromstring``, what a reader without our refusal pays) is printed
beside, for scale. Figures, never assertions: the test suite checks the refusals, not times.
"""

from __future__ import annotations

import os
import platform
import sys
import timeit
import xml.etree.ElementTree as ET

from emergency_address import CivicAddress, EmergencyAddress
from emergency_address.exceptions import PidfError
from emergency_address.formats.pidf import CIVIC_NS, parse_pidf_lo, to_pidf_lo

QUICK = "--quick" in sys.argv
CIVIC = f'<civicAddress xmlns="{CIVIC_NS}"><country>US</country><A3>{{}}</A3></civicAddress>'


def entity_bomb(levels: int, fan: int = 10) -> bytes:
    """The billion-laughs shape: ``levels`` entities, each ``fan`` copies of the one before."""
    entities = ['<!ENTITY e0 "lol">']
    for level in range(1, levels + 1):
        entities.append(f'<!ENTITY e{level} "{f"&e{level - 1};" * fan}">')
    body = CIVIC.format(f"&e{levels};")
    return f"<!DOCTYPE civicAddress [{''.join(entities)}]>{body}".encode()


def padded_bomb(size: int) -> bytes:
    """A DTD with a million-byte internal subset: what a large max_bytes lets in."""
    filler = "".join(f'<!ENTITY f{i} "{"x" * 80}">' for i in range(size // 100))
    return f"<!DOCTYPE civicAddress [{filler}]>{CIVIC.format('&f0;')}".encode()


def nested_geopriv(depth: int) -> bytes:
    info = "<gp:location-info>" + CIVIC.format("X") + "</gp:location-info>"
    open_ = '<gp:geopriv xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10">' + info
    return (
        '<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="pres:x@example.com">'
        '<tuple id="t"><status>' + open_ * depth + "</gp:geopriv>" * depth + "</status></tuple>"
        "</presence>"
    ).encode()


def benign(size: int) -> bytes:
    """A PIDF-LO document of about ``size`` bytes, made long by its LOC element."""
    address = EmergencyAddress(
        id="a", civic=CivicAddress(country="US", city="Seattle", additional_info="x")
    )
    document = to_pidf_lo(address, entity="pres:x@example.com")
    padding = max(0, size - len(document))
    return document.replace("<ca:LOC>x", "<ca:LOC>x" + " " * padding, 1).encode()


def best(stmt: object, number: int) -> float:
    return min(timeit.repeat(stmt, number=number, repeat=3 if QUICK else 5)) / number  # type: ignore[arg-type]


def refused(document: bytes, **limits: int) -> None:
    try:
        parse_pidf_lo(document, **limits)
    except PidfError:
        return
    raise AssertionError("a hostile document was accepted")


def expat_cost(document: bytes) -> str:
    try:
        seconds = best(lambda: ET.fromstring(document), 1)
    except ET.ParseError as error:
        return f"expat refuses it itself ({str(error)[:40]})"
    return f"expat expanding it: {seconds * 1e3:9.2f} ms"


def main() -> None:
    cpus = os.cpu_count()
    print(f"Python {platform.python_version()}, {platform.platform()}, {cpus} CPUs")
    limits = {"max_bytes": 2_000_000}
    cases = [
        ("billion laughs, 3 levels of 10", entity_bomb(3), limits),
        ("billion laughs, 5 levels of 10", entity_bomb(5), limits),
        ("billion laughs, 10 levels of 10", entity_bomb(10), limits),
        ("DTD with a 1 MB internal subset", padded_bomb(1_000_000), limits),
        (
            "external entity",
            b'<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
            {},
        ),
        ("unknown encoding x-bogus", b'<?xml version="1.0" encoding="x-bogus"?><a/>', {}),
        ("10 MB document, default limit", b"<a>" + b"x" * 10_000_000 + b"</a>", {}),
        ("10,000 elements deep", b"<a>" * 10_000 + b"</a>" * 10_000, {"max_bytes": 1_000_000}),
    ]
    print(f"\n{'hostile document':40} {'bytes':>10} {'refused in':>12} {'peer':>10} {'ratio':>7}")
    for name, document, kwargs in cases:
        number = 3 if QUICK else 20
        hostile = best(lambda d=document, k=kwargs: refused(d, **k), number)
        peer_doc = benign(min(len(document), 60_000))
        peer = best(lambda d=peer_doc: parse_pidf_lo(d), number)
        line = f"{name:40} {len(document):>10,} {hostile * 1e3:9.3f} ms {peer * 1e3:7.3f} ms"
        print(f"{line} {hostile / peer:6.2f}x")
    print("\nFor scale, the same entity documents handed to expat without our refusal:")
    for name, document, _ in cases[:4]:
        print(f"  {name:38} {expat_cost(document)}")
    print("\nNested geoprivs (max_depth raised to let them in), walked once:")
    print(f"{'depth':>8} {'bytes':>10} {'parse':>12} {'per level':>12}")
    for depth in (250, 500, 1000) if QUICK else (250, 500, 1000, 2000):
        document = nested_geopriv(depth)
        seconds = best(
            lambda d=document, n=depth: parse_pidf_lo(d, max_depth=3 * n, max_bytes=1_000_000), 1
        )
        print(
            f"{depth:>8} {len(document):>10,} {seconds * 1e3:9.2f} ms {seconds / depth * 1e6:9.2f} us"
        )


if __name__ == "__main__":
    main()
