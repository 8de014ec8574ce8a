"""PIDF-LO: the location object that carries an emergency address in a SIP INVITE.

Writes RFC 5139 civic addresses (with the RFC 6848 extensions) inside RFC 4119 PIDF documents,
and reads what phones and carriers send back, including the RFC 4119 example's wrong
``civicLoc`` namespace in lenient mode. Parsing is safe on hostile input: a DTD (and with it any
entity declaration or external reference) is refused as soon as it starts, nothing is fetched,
and documents over a size limit or nested too deep are refused before or while they are read.

Examples:
    >>> from emergency_address import CivicAddress
    >>> from emergency_address.formats.pidf import parse_pidf_lo, to_civic_xml
    >>> xml = to_civic_xml(CivicAddress(country="DE", street_name="Pariser Platz",
    ...                                 house_number="4a", postal_code="10117", city="Berlin"))
    >>> parse_pidf_lo(xml).civic.street_name
    'Pariser Platz'
"""

from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import attrs

from emergency_address._address import EmergencyAddress
from emergency_address._civic import CivicAddress, GeoPoint
from emergency_address.exceptions import FieldError, InvalidAddressError, PidfError

__all__ = [
    "CIVIC_NS",
    "EXT_NS",
    "LocationObject",
    "PidfLocation",
    "parse_pidf_lo",
    "to_civic_xml",
    "to_pidf_lo",
]

PIDF_NS = "urn:ietf:params:xml:ns:pidf"
GP_NS = "urn:ietf:params:xml:ns:pidf:geopriv10"
CIVIC_NS = "urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr"
EXT_NS = "urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr:ext"
GML_NS = "http://www.opengis.net/gml"
GS_NS = "http://www.opengis.net/pidflo/1.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The RFC 4119 example's namespace: wrong name, and a leading space.
LEGACY_CIVIC_NS = "urn:ietf:params:xml:ns:pidf:geopriv10:civicLoc"
WGS84_2D = "urn:ogc:def:crs:EPSG::4326"

# RFC 5139's schema order, then RFC 6848's extension elements.
CIVIC_ORDER: tuple[tuple[str, str], ...] = (
    ("country", "country"), ("A1", "state"), ("A2", "county"), ("A3", "city"),
    ("A4", "city_district"), ("A5", "neighborhood"), ("A6", "street_group"),
    ("PRM", "road_pre_modifier"), ("PRD", "pre_directional"), ("RD", "street_name"),
    ("STS", "street_suffix"), ("POD", "post_directional"), ("POM", "road_post_modifier"),
    ("RDSEC", "road_section"), ("RDBR", "road_branch"), ("RDSUBBR", "road_sub_branch"),
    ("HNO", "house_number"), ("HNS", "house_number_suffix"), ("LMK", "landmark"),
    ("LOC", "additional_info"), ("FLR", "floor"), ("NAM", "name"), ("PC", "postal_code"),
    ("BLD", "building"), ("UNIT", "unit"), ("ROOM", "room"), ("SEAT", "seat"),
    ("PLC", "place_type"), ("PCN", "postal_community"), ("POBOX", "po_box"),
    ("ADDCODE", "additional_code"),
)  # fmt: skip
EXTENSION_ORDER: tuple[tuple[str, str], ...] = (
    ("PN", "pole_number"), ("MP", "milepost"), ("STP", "street_type_prefix"),
    ("HNP", "house_number_prefix"),
)  # fmt: skip
_CIVIC_FIELD = dict(CIVIC_ORDER)
_EXT_FIELD = dict(EXTENSION_ORDER)
_SHAPES = ("Point", "Circle", "Ellipse", "ArcBand", "Polygon", "Sphere", "Ellipsoid", "Prism")

DEFAULT_MAX_BYTES = 64 * 1024
DEFAULT_MAX_DEPTH = 32

Extension = tuple[str, str, str]


@attrs.frozen(kw_only=True)
class LocationObject:
    """One ``location-info`` of a PIDF document, in document order.

    Attributes:
        civic: its civic address, if it has one.
        geo: its GML ``Point``, if it has one.
        shapes: the names of every geodetic shape in it (``("Circle",)``).
        method: the ``method`` of its ``geopriv`` (``"Manual"``, ``"GPS"`` ...).
        extensions: foreign-namespace civic elements, as ``(namespace, name, text)``.
    """

    civic: CivicAddress | None = None
    geo: GeoPoint | None = None
    shapes: tuple[str, ...] = ()
    method: str | None = None
    extensions: tuple[Extension, ...] = ()


@attrs.frozen(kw_only=True)
class PidfLocation:
    """What :func:`parse_pidf_lo` read.

    The first location object in document order is the one returned in ``civic``, ``geo``,
    ``shapes``, ``method`` and ``extensions``: RFC 5491 asks senders to put the location that
    matters most first, and a document should carry one location. Every location object is in
    ``objects``, for callers that want to look further.

    Attributes:
        civic: the civic address, or ``None``.
        geo: the point from a GML ``Point``, or ``None``.
        shapes: names of the geodetic shapes found (``Point`` included).
        method: how the location was determined, if said.
        extensions: foreign-namespace civic elements, as ``(namespace, name, text)``.
        objects: every location object, in document order.
        entity: the presence's ``entity`` attribute, if any.
        warnings: what lenient parsing forgave (a legacy namespace, ``UK`` for ``GB``).
    """

    civic: CivicAddress | None = None
    geo: GeoPoint | None = None
    shapes: tuple[str, ...] = ()
    method: str | None = None
    extensions: tuple[Extension, ...] = ()
    objects: tuple[LocationObject, ...] = ()
    entity: str | None = None
    warnings: tuple[str, ...] = ()


# --- writing -----------------------------------------------------------------------------------


def _element(tag: str, text: str) -> str:
    return f"<{tag}>{escape(text)}</{tag}>"


def _civic_body(civic: CivicAddress, prefix: str, extensions: Iterable[Extension]) -> list[str]:
    parts = []
    for element, field in CIVIC_ORDER:
        value = getattr(civic, field)
        if value is not None:
            parts.append(_element(f"{prefix}{element}", value))
    for element, field in EXTENSION_ORDER:
        value = getattr(civic, field)
        if value is not None:
            parts.append(_element(f"cae:{element}", value))
    for index, extension in enumerate(extensions):
        namespace, name, text = _check_extension(extension)
        tag = f"x{index}:{name}"
        parts.append(f"<{tag} xmlns:x{index}={quoteattr(namespace)}>{escape(text)}</{tag}>")
    return parts


_NCNAME = re.compile(r"[A-Za-z_][\w.\-]*")


def _check_extension(extension: object) -> Extension:
    if (
        not isinstance(extension, tuple)
        or len(extension) != 3
        or not all(isinstance(part, str) for part in extension)
    ):
        raise PidfError(f"an extension is (namespace, name, text), got {extension!r}")
    namespace, name, text = extension
    if namespace in (CIVIC_NS, EXT_NS, "") or not _NCNAME.fullmatch(name):
        raise PidfError(
            f"extension {extension!r}: a foreign namespace and an XML name are required"
        )
    return namespace, name, text


def _needs_ext(civic: CivicAddress) -> bool:
    return any(getattr(civic, field) is not None for _, field in EXTENSION_ORDER)


def to_civic_xml(civic: CivicAddress, *, extensions: Iterable[Extension] = ()) -> str:
    """A bare RFC 5139 ``civicAddress`` element.

    Elements come in the schema's order, RFC 6848 elements in the ``cae`` namespace after them,
    then ``extensions`` (``(namespace, name, text)``, as :func:`parse_pidf_lo` returns them);
    ``xml:lang`` comes from ``civic.language``.

    Raises:
        PidfError: an extension is malformed.
    """
    if not isinstance(civic, CivicAddress):
        raise PidfError(f"to_civic_xml() needs a CivicAddress, got {type(civic).__name__}")
    attributes = f' xmlns="{CIVIC_NS}"'
    if _needs_ext(civic):
        attributes += f' xmlns:cae="{EXT_NS}"'
    if civic.language:
        attributes += f" xml:lang={quoteattr(civic.language)}"
    body = "".join(_civic_body(civic, "", extensions))
    return f"<civicAddress{attributes}>{body}</civicAddress>"


def _tuple_id(location_id: str) -> str:
    cleaned = re.sub(r"[^\w.\-]", "-", location_id)
    return cleaned if _NCNAME.fullmatch(cleaned) else f"loc-{cleaned}"


def to_pidf_lo(
    address: EmergencyAddress,
    location_id: str | None = None,
    *,
    entity: str,
    method: str = "Manual",
    timestamp: dt.datetime | None = None,
    extensions: Iterable[Extension] = (),
) -> str:
    """A whole PIDF-LO document for one location of an emergency address.

    The civic address is the location's dispatchable one (``address.dispatchable``); a GML
    ``Point`` in WGS 84 (EPSG 4326) follows when the location, or else the address, has a
    point. The geopriv carries empty usage rules and ``method`` (``Manual`` for an
    administrator's registered address).

    Args:
        address: the emergency address.
        location_id: the location (``None``: the default location).
        entity: the presence entity, the target's URI (``"pres:alice@example.com"``,
            ``"sip:+12065550142@example.com"``).
        method: how the location was determined.
        timestamp: when, timezone-aware; left out when ``None`` (the library reads no clock).
        extensions: foreign civic elements to write back.

    Raises:
        NotFoundError: the address has no such location.
        PidfError: a bad entity, method, timestamp or extension.
    """
    if not isinstance(address, EmergencyAddress):
        raise PidfError(f"to_pidf_lo() needs an EmergencyAddress, got {type(address).__name__}")
    for name, value in (("entity", entity), ("method", method)):
        if not isinstance(value, str) or not value.strip() or not value.isprintable():
            raise PidfError(f"{name}: expected printable, non-empty text, got {value!r}")
    if timestamp is not None and (
        not isinstance(timestamp, dt.datetime) or timestamp.utcoffset() is None
    ):
        raise PidfError(f"timestamp: expected a timezone-aware datetime, got {timestamp!r}")
    location = address.location(address.id if location_id is None else location_id)
    civic = address.dispatchable(location.id)
    point = location.geo or address.geo
    namespaces = f'xmlns="{PIDF_NS}" xmlns:gp="{GP_NS}" xmlns:ca="{CIVIC_NS}"'
    if _needs_ext(civic):
        namespaces += f' xmlns:cae="{EXT_NS}"'
    if point is not None:
        namespaces += f' xmlns:gml="{GML_NS}"'
    lang = f" xml:lang={quoteattr(civic.language)}" if civic.language else ""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<presence {namespaces} entity={quoteattr(entity)}>",
        f"<tuple id={quoteattr(_tuple_id(location.id))}>",
        "<status><gp:geopriv><gp:location-info>",
        f"<ca:civicAddress{lang}>",
        *_civic_body(civic, "ca:", extensions),
        "</ca:civicAddress>",
    ]
    if point is not None:
        parts.append(
            f'<gml:Point srsName="{WGS84_2D}"><gml:pos>{point.latitude!r} {point.longitude!r}'
            "</gml:pos></gml:Point>"
        )
    parts += [
        "</gp:location-info>",
        "<gp:usage-rules/>",
        _element("gp:method", method),
        "</gp:geopriv></status>",
    ]
    if timestamp is not None:
        parts.append(_element("timestamp", timestamp.isoformat()))
    parts += ["</tuple>", "</presence>"]
    return "".join(parts)


# --- reading -----------------------------------------------------------------------------------


class _SafeBuilder(ET.TreeBuilder):
    """A tree builder that refuses any DTD the moment it starts: no entity is ever declared,
    expanded or fetched. (Only ``doctype`` is ours; the rest stays in C.)"""

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise PidfError(
            "the document has a DTD (<!DOCTYPE>); DTDs, entity declarations and external "
            "references are refused"
        )


def _check_depth(root: ET.Element, max_depth: int) -> None:
    # ElementTree builds the tree without recursion, and the size limit bounds its work; the
    # depth is checked here, before any code of ours walks the tree.
    level, depth = [root], 1
    while level:
        if depth > max_depth:
            raise PidfError(f"the document is nested deeper than {max_depth} elements")
        level = [child for element in level for child in element]
        depth += 1


def _read_tree(data: str | bytes, max_bytes: int, max_depth: int) -> ET.Element:
    if isinstance(data, str):
        # A character is at least one byte: a long text is refused without encoding it.
        size = len(data) if len(data) > max_bytes else len(data.encode("utf-8", "surrogatepass"))
    elif isinstance(data, bytes | bytearray | memoryview):
        data = bytes(data)
        size = len(data)
    else:
        raise PidfError(f"expected a PIDF-LO document as str or bytes, got {type(data).__name__}")
    if size > max_bytes:
        raise PidfError(f"the document has {size:,} bytes, over the limit of {max_bytes:,}")
    parser = ET.XMLParser(target=_SafeBuilder())
    try:
        parser.feed(data)
        root: ET.Element = parser.close()
    except PidfError:
        raise
    except ET.ParseError as error:
        raise PidfError(f"not well-formed XML: {error}") from None
    except (ValueError, UnicodeError, RecursionError) as error:
        raise PidfError(f"the document cannot be read: {error}") from None
    _check_depth(root, max_depth)
    return root


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _civic_namespace(namespace: str, strict: bool, warnings: list[str]) -> bool:
    if namespace == CIVIC_NS:
        return True
    if namespace.strip() == LEGACY_CIVIC_NS:
        if strict:
            raise PidfError(
                f"civic address in the namespace {namespace!r} (the RFC 4119 example's "
                f"mistake); RFC 5139 defines {CIVIC_NS!r}. Parse with strict=False to accept it"
            )
        warnings.append(f"accepted the legacy civic namespace {namespace!r} as {CIVIC_NS!r}")
        return True
    return False


_BY_TAG = {
    **{f"{{{CIVIC_NS}}}{element}": field for element, field in CIVIC_ORDER},
    **{f"{{{EXT_NS}}}{element}": field for element, field in EXTENSION_ORDER},
}


def _text(element: ET.Element) -> str:
    # CivicAddress collapses the white space; nested markup inside a value is flattened.
    return element.text or "" if len(element) == 0 else "".join(element.itertext())


def _read_civic(
    element: ET.Element, strict: bool, warnings: list[str]
) -> tuple[CivicAddress, tuple[Extension, ...]]:
    values: dict[str, Any] = {}
    extensions: list[Extension] = []
    legacy = _split(element.tag)[0] != CIVIC_NS
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue  # a comment or processing instruction
        field = _BY_TAG.get(tag)
        if field is None and legacy:
            namespace, name = _split(tag)
            if name in _CIVIC_FIELD and _civic_namespace(namespace, strict, warnings):
                field = _CIVIC_FIELD[name]
        if field is not None:
            if field not in values:  # the first of a repeated element wins
                values[field] = child.text or "" if len(child) == 0 else "".join(child.itertext())
        else:
            namespace, name = _split(tag)
            extensions.append((namespace, name, " ".join(_text(child).split())))
    if not values.get("street_name", "").strip() and values.get("street_group", "").strip():
        values["street_name"] = values.pop("street_group")
        warnings.append("read A6 as the street name (RFC 4119), as there is no RD (RFC 5139)")
    language = element.get(XML_LANG)
    if language:
        values["language"] = language
    country = values.get("country", "").strip()
    if country.upper() == "UK" and not strict:
        values["country"] = "GB"
        warnings.append("mapped the country code 'UK' to the ISO 3166-1 code 'GB'")
    if not country:
        raise InvalidAddressError(
            [FieldError("country", "REQUIRED", "the civicAddress has no country element")]
        )
    return CivicAddress(**values), tuple(extensions)


def _read_point(element: ET.Element) -> GeoPoint:
    pos = element.find(f"{{{GML_NS}}}pos")
    numbers = (pos.text or "").split() if pos is not None else []
    try:
        latitude, longitude = (float(n) for n in numbers[:2])
    except ValueError:
        raise PidfError(
            f"a gml:Point needs 'latitude longitude' in gml:pos, not {numbers!r}"
        ) from None
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        raise PidfError(f"a gml:Point's coordinates must be finite, got {numbers!r}")
    return GeoPoint(latitude=latitude, longitude=longitude)


def _read_location_info(
    info: ET.Element, method: str | None, strict: bool, warnings: list[str]
) -> LocationObject:
    civic = None
    extensions: tuple[Extension, ...] = ()
    geo = None
    shapes = []
    for child in info:
        if not isinstance(child.tag, str):
            continue
        namespace, name = _split(child.tag)
        if name == "civicAddress" and _civic_namespace(namespace, strict, warnings):
            if civic is None:
                civic, extensions = _read_civic(child, strict, warnings)
        elif namespace in (GML_NS, GS_NS) and name in _SHAPES:
            shapes.append(name)
            if name == "Point" and geo is None:
                geo = _read_point(child)
    return LocationObject(
        civic=civic, geo=geo, shapes=tuple(shapes), method=method, extensions=extensions
    )


def parse_pidf_lo(
    data: str | bytes,
    *,
    strict: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> PidfLocation:
    """Read a PIDF-LO document, or a bare ``civicAddress`` element.

    Element values are read with their white space collapsed; RFC 4119's ``A6`` street becomes
    ``street_name`` when there is no ``RD``; unknown foreign-namespace civic elements are kept
    in ``extensions``, never a reason to refuse; geodetic shapes other than ``Point`` are named
    in ``shapes``.

    Args:
        data: the document, as text or bytes.
        strict: refuse the RFC 4119 example's ``civicLoc`` namespace and the country code
            ``UK`` (lenient mode accepts them, and says so in ``warnings``).
        max_bytes: the largest document read (64 KiB by default).
        max_depth: the deepest nesting read.

    Raises:
        PidfError: anything that cannot be read safely: not XML, a DTD, too large, too deep,
            no location.
        InvalidAddressError: the civic address's values are not valid (a country code such as
            ``UK`` in strict mode, a value over its length limit).
    """
    root = _read_tree(data, max_bytes, max_depth)
    warnings: list[str] = []
    namespace, name = _split(root.tag)
    if name == "civicAddress" and _civic_namespace(namespace, strict, warnings):
        civic, extensions = _read_civic(root, strict, warnings)
        only = LocationObject(civic=civic, extensions=extensions)
        return _result((only,), None, warnings)
    if (namespace, name) != (PIDF_NS, "presence"):
        raise PidfError(
            f"expected a PIDF <presence> or an RFC 5139 <civicAddress>, got <{name}> in "
            f"namespace {namespace!r}"
        )
    objects = []
    for geopriv in root.iter(f"{{{GP_NS}}}geopriv"):
        method_element = geopriv.find(f"{{{GP_NS}}}method")
        method = None
        if method_element is not None:
            method = " ".join((method_element.text or "").split())
        for info in geopriv.iter(f"{{{GP_NS}}}location-info"):
            objects.append(_read_location_info(info, method or None, strict, warnings))
    if not objects:
        raise PidfError("the PIDF document has no geopriv location-info")
    return _result(tuple(objects), root.get("entity"), warnings)


def _result(
    objects: tuple[LocationObject, ...], entity: str | None, warnings: list[str]
) -> PidfLocation:
    first = objects[0]
    return PidfLocation(
        civic=first.civic,
        geo=first.geo,
        shapes=first.shapes,
        method=first.method,
        extensions=first.extensions,
        objects=objects,
        entity=entity,
        warnings=tuple(dict.fromkeys(warnings)),
    )
