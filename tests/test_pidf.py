"""PIDF-LO: the RFC examples, round trips, the lenient mode, hostile documents."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emergency_address import CivicAddress, EmergencyAddress, GeoPoint, Location
from emergency_address.exceptions import EmergencyAddressError, InvalidAddressError, PidfError
from emergency_address.formats.pidf import (
    CIVIC_NS,
    parse_pidf_lo,
    to_civic_xml,
    to_pidf_lo,
)
from emergency_address.strategies import emergency_addresses
from factories import SEATTLE, us_office

FIXTURES = Path(__file__).parent / "fixtures" / "pidf"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


# --- the RFC examples -----------------------------------------------------------------------------


def test_rfc4119_civic_example() -> None:
    parsed = parse_pidf_lo(fixture("rfc4119-civic-pidf-lo-tuple.xml"))
    assert parsed.civic == CivicAddress(
        country="US",
        state="New York",
        city="New York",
        street_name="Broadway",  # A6 -> RD
        house_number="123",
        additional_info="Suite 75",
        postal_code="10027-0401",
    )
    assert parsed.entity == "pres:geotarget@example.com"
    assert len(parsed.objects) == 1


def test_rfc5139_section5_example() -> None:
    civic = parse_pidf_lo(fixture("rfc5139-sec5-civic-address-example.xml")).civic
    assert civic == CivicAddress(
        country="AU",
        state="NSW",
        city="Wollongong",
        city_district="North Wollongong",
        street_name="Flinders",
        street_suffix="Street",
        road_branch="Campbell Street",
        landmark="Gilligan's Island",
        additional_info="Corner",
        name="Video Rental Store",
        postal_code="2500",
        room="Westerns and Classics",
        place_type="store",
        po_box="Private Box 15",
        language="en-AU",
    )


def test_rfc6848_milepost_and_pole_number() -> None:
    civic = parse_pidf_lo(fixture("rfc6848-sec5.6-fig7-milepost-pole-number.xml")).civic
    assert civic is not None
    assert (civic.street_name, civic.milepost, civic.pole_number) == ("I5", "248", "22-109-689")


def test_rfc6848_street_type_prefix_and_house_number_prefix() -> None:
    civic = parse_pidf_lo(
        fixture("rfc6848-sec5.6-fig8-street-type-prefix-house-number-prefix.xml")
    ).civic
    assert civic is not None
    assert (civic.street_type_prefix, civic.house_number_prefix, civic.house_number) == (
        "Boulevard",
        "A",
        "223",
    )


# --- writing ----------------------------------------------------------------------------------------


def test_civic_xml_follows_the_schema_order_and_namespaces() -> None:
    civic = CivicAddress(
        country="US",
        postal_code="98109",
        house_number="400",
        city="Seattle",
        street_name="Broad",
        milepost="3",
        language="en-US",
    )
    root = ET.fromstring(to_civic_xml(civic))
    assert root.tag == f"{{{CIVIC_NS}}}civicAddress"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-US"
    names = [child.tag.split("}")[1] for child in root]
    assert names == ["country", "A3", "RD", "HNO", "PC", "MP"]
    assert root[-1].tag.startswith("{urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr:ext}")


def test_pidf_lo_structure() -> None:
    address = us_office().with_location(
        Location(id="sea-5", floor="5", geo=GeoPoint(latitude=47.6, longitude=-122.3))
    )
    document = to_pidf_lo(
        address,
        "sea-5",
        entity="pres:ana@contoso.example",
        timestamp=dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC),
    )
    root = ET.fromstring(document)
    pidf, gp = "urn:ietf:params:xml:ns:pidf", "urn:ietf:params:xml:ns:pidf:geopriv10"
    assert root.tag == f"{{{pidf}}}presence"
    assert root.get("entity") == "pres:ana@contoso.example"
    info = root.find(f"{{{pidf}}}tuple/{{{pidf}}}status/{{{gp}}}geopriv/{{{gp}}}location-info")
    assert info is not None
    assert [c.tag.split("}")[1] for c in info] == ["civicAddress", "Point"]
    assert root.find(f".//{{{gp}}}method").text == "Manual"  # type: ignore[union-attr]
    assert root.find(f".//{{{gp}}}usage-rules") is not None
    assert root.find(f"{{{pidf}}}tuple/{{{pidf}}}timestamp").text == "2026-11-26T12:00:00+00:00"  # type: ignore[union-attr]
    parsed = parse_pidf_lo(document)
    assert parsed.civic == address.dispatchable("sea-5")
    assert parsed.geo == GeoPoint(latitude=47.6, longitude=-122.3)  # the location's own point
    assert parsed.shapes == ("Point",)


def test_text_is_escaped() -> None:
    civic = CivicAddress(country="US", name='Smith & Sons <"Ltd">', street_name="O'Hara")
    assert parse_pidf_lo(to_civic_xml(civic)).civic == civic


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"entity": ""}, "entity"),
        ({"entity": "pres:a@b", "method": "\x00"}, "method"),
        ({"entity": "pres:a@b", "timestamp": dt.datetime(2026, 1, 1)}, "timezone-aware"),
        ({"entity": "pres:a@b", "extensions": [("urn:x", "1bad", "v")]}, "XML name"),
        ({"entity": "pres:a@b", "extensions": [(CIVIC_NS, "X", "v")]}, "foreign namespace"),
        ({"entity": "pres:a@b", "extensions": ["nope"]}, "namespace, name, text"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(PidfError, match=message):
        to_pidf_lo(us_office(), **kwargs)


# --- round trips ------------------------------------------------------------------------------------

EXTENSIONS = st.lists(
    st.tuples(
        st.sampled_from(["urn:example:a", "http://example.com/ns"]),
        st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,8}", fullmatch=True),
        st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs")), max_size=20).map(
            lambda s: " ".join(s.split())
        ),
    ),
    max_size=3,
)


def _unambiguous(address: EmergencyAddress) -> bool:
    """An A6 with no RD reads back as the street (RFC 4119): see the test below."""
    return not (address.civic.street_group and not address.civic.street_name)


@given(emergency_addresses().filter(_unambiguous), EXTENSIONS, st.data())
def test_parse_gives_back_the_dispatchable_address(
    address: EmergencyAddress, extensions: list, data: Any
) -> None:
    location = data.draw(st.sampled_from(address.locations))
    document = to_pidf_lo(address, location.id, entity="pres:x@example.com", extensions=extensions)
    parsed = parse_pidf_lo(document)
    assert parsed.civic == address.dispatchable(location.id)
    assert parsed.extensions == tuple(extensions)
    assert parsed.geo == (location.geo or address.geo)
    assert parsed.method == "Manual"


@given(emergency_addresses().filter(_unambiguous))
def test_civic_xml_round_trips(address: EmergencyAddress) -> None:
    assert parse_pidf_lo(to_civic_xml(address.civic)).civic == address.civic


def test_a6_without_rd_reads_as_the_street_and_says_so() -> None:
    """RFC 4119 put the street in A6; RFC 5139 made A6 a group of streets and the street RD.
    Devices still send the old form, so an A6 with no RD is read as the street, with a warning:
    the one civic address that does not survive a round trip unchanged."""
    parsed = parse_pidf_lo(to_civic_xml(CivicAddress(country="US", street_group="Broadway")))
    assert parsed.civic == CivicAddress(country="US", street_name="Broadway")
    assert parsed.warnings == (
        "read A6 as the street name (RFC 4119), as there is no RD (RFC 5139)",
    )


# --- reading what the world sends -------------------------------------------------------------------

LEGACY = fixture("rfc4119-civic-pidf-lo-tuple.xml").replace(
    b'xmlns:cl="urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr"',
    b'xmlns:cl=" urn:ietf:params:xml:ns:pidf:geopriv10:civicLoc"',
)


def test_strict_refuses_the_rfc4119_examples_namespace() -> None:
    with pytest.raises(PidfError, match="civicLoc"):
        parse_pidf_lo(LEGACY)


def test_lenient_accepts_it_and_says_so() -> None:
    parsed = parse_pidf_lo(LEGACY, strict=False)
    assert parsed.civic is not None
    assert parsed.civic.street_name == "Broadway"
    assert any("legacy civic namespace" in w for w in parsed.warnings)


def test_uk_is_an_error_in_strict_mode_and_gb_in_lenient_mode() -> None:
    document = to_civic_xml(CivicAddress(country="GB", city="London")).replace(">GB<", ">UK<")
    with pytest.raises(InvalidAddressError) as info:
        parse_pidf_lo(document)
    assert info.value.errors[0].field == "country"
    lenient = parse_pidf_lo(document, strict=False)
    assert lenient.civic is not None
    assert lenient.civic.country == "GB"
    assert lenient.warnings == ("mapped the country code 'UK' to the ISO 3166-1 code 'GB'",)


def test_white_space_inside_values_collapses() -> None:
    document = f'<civicAddress xmlns="{CIVIC_NS}"><country> US </country><A3>\n  New\n   York </A3></civicAddress>'
    assert parse_pidf_lo(document).civic == CivicAddress(country="US", city="New York")


def test_unknown_foreign_elements_are_kept_not_refused() -> None:
    document = (
        f'<civicAddress xmlns="{CIVIC_NS}" xmlns:v="urn:vendor:x"><country>US</country>'
        "<v:Zone>North</v:Zone><v:Gate> 7 </v:Gate></civicAddress>"
    )
    assert parse_pidf_lo(document).extensions == (
        ("urn:vendor:x", "Zone", "North"),
        ("urn:vendor:x", "Gate", "7"),
    )


def test_other_geodetic_shapes_are_named() -> None:
    gml, gs = "http://www.opengis.net/gml", "http://www.opengis.net/pidflo/1.0"
    document = (
        '<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10" '
        f'xmlns:gml="{gml}" xmlns:gs="{gs}" entity="pres:x@example.com"><tuple id="a"><status><gp:geopriv>'
        '<gp:location-info><gs:Circle srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>42.5 -73.2</gml:pos>'
        '<gs:radius uom="urn:ogc:def:uom:EPSG::9001">850.24</gs:radius></gs:Circle></gp:location-info>'
        "<gp:usage-rules/><gp:method>GPS</gp:method></gp:geopriv></status></tuple></presence>"
    )
    parsed = parse_pidf_lo(document)
    assert (parsed.civic, parsed.geo, parsed.shapes, parsed.method) == (
        None,
        None,
        ("Circle",),
        "GPS",
    )


def test_several_location_objects_the_first_wins_all_are_offered() -> None:
    first = to_pidf_lo(us_office(), entity="pres:x@example.com")
    second_civic = to_civic_xml(CivicAddress(country="US", city="Tacoma"))
    document = first.replace("</gp:geopriv>", "</gp:geopriv>", 1).replace(
        "</tuple>",
        f'</tuple><tuple id="b"><status><gp:geopriv><gp:location-info>{second_civic}'
        "</gp:location-info><gp:usage-rules/></gp:geopriv></status></tuple>",
    )
    parsed = parse_pidf_lo(document)
    assert parsed.civic == SEATTLE
    assert [o.civic.city for o in parsed.objects if o.civic] == ["Seattle", "Tacoma"]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b"", "not well-formed"),
        (b"<presence", "not well-formed"),
        (b"<html/>", "expected a PIDF"),
        (b'<presence xmlns="urn:ietf:params:xml:ns:pidf"/>', "no geopriv"),
        (f'<civicAddress xmlns="{CIVIC_NS}"><A1>x</A1></civicAddress>'.encode(), "no country"),
        (
            f'<civicAddress xmlns="{CIVIC_NS}"><country>US</country>&x;</civicAddress>'.encode(),
            "undefined entity",
        ),
        (42, "str or bytes"),
    ],
)
def test_unreadable_documents_are_our_errors(document: Any, message: str) -> None:
    with pytest.raises(EmergencyAddressError, match=message):
        parse_pidf_lo(document)


# --- hostile documents ------------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<civicAddress xmlns="urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr"><country>&lol9;</country></civicAddress>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE civicAddress [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<civicAddress xmlns="urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr"><country>US</country><A3>&xxe;</A3></civicAddress>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE civicAddress SYSTEM "http://attacker.example/evil.dtd">
<civicAddress xmlns="urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr"><country>US</country></civicAddress>"""
TEN_MEGABYTES = (
    b'<civicAddress xmlns="'
    + CIVIC_NS.encode()
    + b'"><country>US</country><A3>'
    + b"x" * 10_000_000
    + b"</A3></civicAddress>"
)
DEEP = b"<a>" * 10_000 + b"</a>" * 10_000


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (BILLION_LAUGHS, "DTD"),
        (EXTERNAL_ENTITY, "DTD"),
        (EXTERNAL_DTD, "DTD"),
        (TEN_MEGABYTES, "over the limit"),
        (TEN_MEGABYTES.decode(), "over the limit"),
        (DEEP, "nested deeper"),
    ],
    ids=[
        "billion-laughs",
        "external-entity",
        "external-dtd",
        "10MB-bytes",
        "10MB-str",
        "10000-deep",
    ],
)
def test_hostile_documents_are_refused_quickly(document: bytes | str, message: str) -> None:
    start = time.perf_counter()
    with pytest.raises(PidfError, match=message):
        # A generous size limit, so that each document meets the defence it is aimed at.
        parse_pidf_lo(document, max_bytes=1_000_000 if document is DEEP else 65_536)
    assert time.perf_counter() - start < 1.0


def test_the_limits_can_be_raised() -> None:
    big = to_civic_xml(CivicAddress(country="US", city="x")).encode() + b" " * 70_000
    with pytest.raises(PidfError):
        parse_pidf_lo(big)
    assert parse_pidf_lo(big, max_bytes=100_000).civic is not None


@given(st.binary(max_size=300) | st.text(max_size=300))
def test_junk_raises_only_our_errors(junk: bytes | str) -> None:
    with contextlib.suppress(EmergencyAddressError):
        parse_pidf_lo(junk)
