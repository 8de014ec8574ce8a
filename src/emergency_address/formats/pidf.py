"""PIDF-LO: the location object that carries an emergency address in a SIP INVITE.

Writes RFC 5139 civic addresses (with the RFC 6848 extensions) inside RFC 4119 PIDF documents,
and reads what phones, carriers and location servers send back (HELD responses included, and
the RFC 4119 example's wrong ``civicLoc`` namespace in lenient mode). Parsing is safe on
hostile input: a DTD (and with it any entity declaration or external reference) is refused
before the XML parser reads a byte, nothing is fetched, only known text encodings are read,
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

import codecs
import datetime as dt
import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import attrs

from emergency_address._address import EmergencyAddress
from emergency_address._civic import CIVIC_FIELDS, CivicAddress, GeoPoint
from emergency_address._text import clean_text, xml_problem
from emergency_address.exceptions import FieldError, InvalidAddressError, PidfError, shown

__all__ = [
    "CIVIC_NS",
    "EXT_NS",
    "HELD_NS",
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
# RFC 4119's own geodetic example: GML 3.0's namespace, gml:location, gml:coordinates.
GML3_NS = "urn:opengis:specification:gml:schema-xsd:feature:v3.0"
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
_SHAPES = frozenset(
    ("Point", "Circle", "Ellipse", "ArcBand", "Polygon", "Sphere", "Ellipsoid", "Prism")
)

DEFAULT_MAX_BYTES = 64 * 1024
DEFAULT_MAX_DEPTH = 32

Extension = tuple[str, str, str]
Partial = tuple[tuple[str, str], ...]


@attrs.frozen(kw_only=True)
class LocationObject:
    """One ``location-info`` of a PIDF document, in document order.

    Attributes:
        civic: its civic address, if it has one.
        geo: its GML ``Point``, if it has one.
        shapes: the names of every geodetic shape in it (``("Circle",)``).
        method: the ``method`` of its ``geopriv`` (``"Manual"``, ``"GPS"`` ...).
        extensions: civic elements this library does not model (other namespaces, or unknown
            names in the civic ones), as ``(namespace, name, text)``.
        partial_civic: the fields of a civic address that cannot be a
            [CivicAddress][emergency_address.CivicAddress] because it has no (usable) country,
            as ``(field, value)`` pairs in field order (``(("floor", "2"),)``); empty otherwise.
        element: the PIDF element that holds it: ``"device"``, ``"tuple"``, ``"person"``, or
            ``None`` (a bare civic address, or a geopriv outside all three).
        element_id: that element's ``id`` attribute, if any.
    """

    civic: CivicAddress | None = None
    geo: GeoPoint | None = None
    shapes: tuple[str, ...] = ()
    method: str | None = None
    extensions: tuple[Extension, ...] = ()
    partial_civic: Partial = ()
    element: str | None = None
    element_id: str | None = None


@attrs.frozen(kw_only=True)
class PidfLocation:
    """What [parse_pidf_lo][emergency_address.formats.pidf.parse_pidf_lo] read.

    The location object returned in ``civic``, ``geo``, ``shapes``, ``method``,
    ``extensions``, ``partial_civic`` and ``element`` is the one RFC 5491 rule 8 gives
    priority: the first ``<device>`` holding a location, else the first ``<tuple>``, a
    ``<person>`` only as a last resort. Every location object is in ``objects``, in document
    order, for callers that want to look further.

    Attributes:
        civic: the civic address, or ``None``.
        geo: the point from a GML ``Point``, or ``None``.
        shapes: names of the geodetic shapes found (``Point`` included).
        method: how the location was determined, if said.
        extensions: civic elements this library does not model, as ``(namespace, name, text)``.
        partial_civic: the fields of a civic address without a country, as ``(field, value)``.
        element: which PIDF element the chosen location came from (``"device"`` ...).
        objects: every location object, in document order.
        entity: the presence's ``entity`` attribute, if any.
        location_uris: the location URIs of a HELD response (location by reference).
        warnings: what was forgiven or dropped, each named (a legacy namespace, ``UK`` for
            ``GB``, a civic address without a country, an element not read).
    """

    civic: CivicAddress | None = None
    geo: GeoPoint | None = None
    shapes: tuple[str, ...] = ()
    method: str | None = None
    extensions: tuple[Extension, ...] = ()
    partial_civic: Partial = ()
    element: str | None = None
    objects: tuple[LocationObject, ...] = ()
    entity: str | None = None
    location_uris: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


# --- writing -----------------------------------------------------------------------------------


def _element(tag: str, text: str) -> str:
    return f"<{tag}>{escape(text)}</{tag}>"


def _civic_body(civic: CivicAddress, prefix: str, extensions: Iterable[Extension]) -> list[str]:
    if isinstance(extensions, (str, bytes)) or not isinstance(extensions, Iterable):
        raise TypeError(
            "extensions: expected an iterable of (namespace, name, text), "
            f"got {type(extensions).__name__}"
        )
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
        if namespace:
            declaration, tag = f"xmlns:x{index}={quoteattr(namespace)}", f"x{index}:{name}"
        else:  # an element in no namespace, inside a default civic namespace
            declaration, tag = 'xmlns=""', name
        parts.append(f"<{tag} {declaration}>{escape(text)}</{tag}>")
    return parts


# XML 1.0 (fifth edition) NameStartChar and NameChar without the colon: an NCName
# (https://www.w3.org/TR/xml/#NT-NameStartChar, https://www.w3.org/TR/xml-names/#NT-NCName).
_NAME_START = (
    "A-Z_a-z\xc0-\xd6\xd8-\xf6\xf8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NAME_CHAR = _NAME_START + "\\-.0-9\xb7\u0300-\u036f\u203f-\u2040"


@functools.cache
def _ncname() -> re.Pattern[str]:
    return re.compile(f"[{_NAME_START}][{_NAME_CHAR}]*")


@functools.lru_cache(maxsize=1024)
def is_ncname(name: str) -> bool:
    """Whether ``name`` is an XML name without a colon that XML readers accept (``é`` is;
    ``a²`` is not).

    The name must be one under both editions of XML 1.0 in use: the fifth edition's ranges
    above, and the older per-character tables that expat (the parser of Python and of many
    other systems) still applies, which refuse letters such as ``և`` or ``ǅ``.
    """
    if not isinstance(name, str) or _ncname().fullmatch(name) is None:
        return False
    try:
        return ET.fromstring(f"<{name}/>").tag == name
    except ET.ParseError:
        return False


_KNOWN = {CIVIC_NS: frozenset(_CIVIC_FIELD), EXT_NS: frozenset(_EXT_FIELD)}


def _check_extension(extension: object) -> Extension:
    if (
        not isinstance(extension, tuple)
        or len(extension) != 3
        or not all(isinstance(part, str) for part in extension)
    ):
        raise PidfError(f"an extension is (namespace, name, text), got {shown(extension)}")
    namespace, name, text = extension
    if not is_ncname(name):
        raise PidfError(f"extension {name!r:.80}: the name must be an XML name without a colon")
    if name in _KNOWN.get(namespace, ()):
        raise PidfError(
            f"extension {name!r} in {namespace!r} is a civic element: set it on the "
            "CivicAddress instead"
        )
    for part, value in (("namespace", namespace), ("text", text)):
        problem = xml_problem(value)
        if problem:
            raise PidfError(f"extension {name!r}: its {part} has a {problem}")
    # Written as it is read: white space collapsed.
    return namespace, name, " ".join(text.split())


def _needs_ext(civic: CivicAddress) -> bool:
    return any(getattr(civic, field) is not None for _, field in EXTENSION_ORDER)


def to_civic_xml(civic: CivicAddress, *, extensions: Iterable[Extension] = ()) -> str:
    """A bare RFC 5139 ``civicAddress`` element.

    Elements come in the schema's order, RFC 6848 elements in the ``cae`` namespace after them, then
    ``extensions`` (``(namespace, name, text)``, as
    [`parse_pidf_lo`][emergency_address.formats.pidf.parse_pidf_lo] returns them); ``xml:lang``
    comes from ``civic.language``.

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


def _check_timestamp(timestamp: object) -> None:
    offset = timestamp.utcoffset() if isinstance(timestamp, dt.datetime) else None
    if offset is None:
        raise PidfError(f"timestamp: expected a timezone-aware datetime, got {shown(timestamp)}")
    # xs:dateTime offsets are whole minutes within +-14:00 (XML Schema Part 2, 3.2.7).
    if offset % dt.timedelta(minutes=1) or abs(offset) > dt.timedelta(hours=14):
        raise PidfError(
            f"timestamp: its UTC offset {offset} is not whole minutes within +-14:00, which "
            "xs:dateTime requires; convert it (for instance to UTC) first"
        )


def _tuple_id(location_id: str) -> str:
    cleaned = re.sub(f"[^{_NAME_CHAR}]", "-", location_id)
    return cleaned if is_ncname(cleaned) else f"loc-{cleaned}"


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
        timestamp: when, timezone-aware with a UTC offset of whole minutes; left out when
            ``None`` (the library reads no clock).
        extensions: civic elements to write back, as ``parse_pidf_lo`` returns them
            (``(namespace, name, text)``; text is written with its white space collapsed).

    Raises:
        NotFoundError: the address has no such location.
        PidfError: a bad entity, method, timestamp or extension.
    """
    if not isinstance(address, EmergencyAddress):
        raise PidfError(f"to_pidf_lo() needs an EmergencyAddress, got {type(address).__name__}")
    for name, value in (("entity", entity), ("method", method)):
        if not isinstance(value, str) or not value.strip() or not value.isprintable():
            raise PidfError(f"{name}: expected printable, non-empty text, got {shown(value)}")
    if timestamp is not None:
        _check_timestamp(timestamp)
    location = address.location(address.default_location_id if location_id is None else location_id)
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

# The encodings a document may declare or start with (a byte order mark), by codecs' canonical
# name: the Unicode encodings and the common Latin ones. Anything else (a typo like "eTF-8",
# "x-bogus", or a codec that is not a character encoding at all, like "rot_13", "base64" or
# "zlib") is refused with its name.
_ENCODINGS = frozenset(
    {"utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
     "ascii", "iso8859-1", "iso8859-15", "cp1252"}
)  # fmt: skip
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# XML 1.0 Appendix F: how a document without a byte order mark starts in UTF-16 or UTF-32.
_SNIFF = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)
_DECLARED = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([^"'>]{0,64})["']""")


def _decode(data: bytes) -> str:
    """The document as text, decoded by its byte order mark or its declaration (UTF-8 if none)."""
    encoding, skip = "utf-8", 0
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, skip = name, len(bom)
            break
    else:
        for start, name in _SNIFF:
            if data.startswith(start):
                encoding = name
                break
        else:
            declared = _DECLARED.match(data)
            if declared:
                encoding = _encoding_named(declared.group(1).decode("ascii", "replace"))
    try:
        return data[skip:].decode(encoding)
    except UnicodeDecodeError as error:
        raise PidfError(
            f"the document is not valid {encoding} (byte {error.start + skip:,}: {error.reason})"
        ) from None


def _encoding_named(name: str) -> str:
    try:
        canonical = codecs.lookup(name).name
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        canonical = None
    if canonical not in _ENCODINGS:
        known = "UTF-8, UTF-16, UTF-32, US-ASCII, ISO-8859-1, ISO-8859-15 or windows-1252"
        kind = "an unknown" if canonical is None else "an unsupported"
        raise PidfError(f"the document declares {kind} encoding {name!r}; expected {known}")
    return canonical


_DTD_REFUSED = (
    "the document has a DTD (<!DOCTYPE>); DTDs, entity declarations and external references "
    "are refused"
)


def _refuse_dtd(text: str) -> None:
    """Refuse a DOCTYPE before the XML parser sees a byte of the document.

    A DOCTYPE may only stand in the prolog, after white space, comments and processing
    instructions (XML 1.0, production ``prolog``), so the prolog is all we scan; a ``<!`` there
    that opens no comment is a DTD, or not XML at all. Anything later is a syntax error for the
    parser, which then stops at once.
    """
    i, n = (1 if text.startswith("\ufeff") else 0), len(text)
    while i < n:
        if text[i] in " \t\r\n":
            i += 1
        elif text.startswith("<?", i):
            end = text.find("?>", i + 2)
            if end < 0:
                return
            i = end + 2
        elif text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            if end < 0:
                return
            i = end + 3
        elif text.startswith("<!", i):
            raise PidfError(_DTD_REFUSED)
        else:
            return


class _SafeBuilder(ET.TreeBuilder):
    """A second line of defence: a DTD the prolog scan missed is refused when it starts."""

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise PidfError(_DTD_REFUSED)


def _check_depth(root: ET.Element, max_depth: int) -> None:
    # ElementTree builds the tree without recursion, and the size limit bounds its work; the
    # depth is checked here, level by level (each element once), before any code of ours
    # walks the tree.
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
        if size > max_bytes:
            raise PidfError(f"the document has {size:,} bytes, over the limit of {max_bytes:,}")
        text = data
    elif isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        if len(raw) > max_bytes:
            raise PidfError(f"the document has {len(raw):,} bytes, over the limit of {max_bytes:,}")
        text = _decode(raw)
    else:
        raise PidfError(f"expected a PIDF-LO document as str or bytes, got {type(data).__name__}")
    _refuse_dtd(text)
    parser = ET.XMLParser(target=_SafeBuilder())
    try:
        # Text is given to expat as UTF-8 whatever the declaration says: we decoded it.
        parser.feed(text)
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
_ELEMENT_OF = {field: element for element, field in (*CIVIC_ORDER, *EXTENSION_ORDER)}
_ELEMENT_OF["language"] = "xml:lang"
_LIMIT_OF = {name: limit for name, _, limit in CIVIC_FIELDS}


def _text(element: ET.Element) -> str:
    # CivicAddress collapses the white space; nested markup inside a value is flattened.
    return element.text or "" if len(element) == 0 else "".join(element.itertext())


def _read_civic(
    element: ET.Element, strict: bool, warnings: list[str]
) -> tuple[CivicAddress | None, Partial, tuple[Extension, ...]]:
    """The civic address, or (when it cannot be one) the fields it held, and its extensions."""
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
                values[field] = _text(child)
            elif " ".join(_text(child).split()):
                warnings.append(f"ignored a repeated <{_ELEMENT_OF[field]}>: the first one is kept")
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
        values.pop("country", None)
        partial = _partial(values, strict, warnings)
        if partial:
            shown = ", ".join(_ELEMENT_OF[field] for field, _ in partial)
            warnings.append(
                "the civicAddress has no <country>, so it cannot be a CivicAddress: what it "
                f"held ({shown}) is in partial_civic"
            )
        return None, partial, tuple(extensions)
    try:
        return CivicAddress(**values), (), tuple(extensions)
    except InvalidAddressError as error:
        if strict:
            raise
        bad = {field for field, _, _ in error.errors}
        for field, _, message in error.errors:
            warnings.append(f"dropped <{_ELEMENT_OF.get(field, field)}>: {message}")
        kept = {k: v for k, v in values.items() if k not in bad}
        if "country" in bad:
            kept.pop("country", None)
            partial = _partial(kept, strict, warnings)
            if partial:
                shown = ", ".join(_ELEMENT_OF[field] for field, _ in partial)
                warnings.append(
                    "the civicAddress has no usable <country>, so it cannot be a CivicAddress: "
                    f"the rest ({shown}) is in partial_civic"
                )
            return None, partial, tuple(extensions)
        return CivicAddress(**kept), (), tuple(extensions)


def _partial(values: dict[str, Any], strict: bool, warnings: list[str]) -> Partial:
    """Civic fields without a country, cleaned as CivicAddress cleans them, in field order."""
    errors: list[FieldError] = []
    cleaned = []
    for field in (*_LIMIT_OF, "language"):
        if field in values and field != "country":
            limit = _LIMIT_OF.get(field, 35)
            value = clean_text(field, values[field], limit, errors)
            if value is not None:
                cleaned.append((field, value))
    if errors:
        if strict:
            raise InvalidAddressError(errors)
        for field, _, message in errors:
            warnings.append(f"dropped <{_ELEMENT_OF.get(field, field)}>: {message}")
    return tuple(cleaned)


_DMS = re.compile(r"(\d{1,3}):(\d{1,2}):(\d{1,2}(?:\.\d+)?)([NSEW])")


_SHAPE_NAMESPACES = frozenset((GML_NS, GS_NS, GML3_NS))
_POS = f"{{{GML_NS}}}pos"
_GML3_POS = f"{{{GML3_NS}}}pos"


def _coordinates(element: ET.Element) -> list[str]:
    gml3 = element.tag.startswith("{" + GML3_NS)
    pos = element.find(_GML3_POS if gml3 else _POS)
    if pos is not None:
        return (pos.text or "").split()
    # RFC 4119's form: gml:coordinates, "37:46:30N 122:25:10W" or "lat,lon".
    coordinates = element.find(f"{{{GML3_NS if gml3 else GML_NS}}}coordinates")
    text = (coordinates.text or "") if coordinates is not None else ""
    numbers = []
    for token in text.replace(",", " ").split():
        dms = _DMS.fullmatch(token)
        if dms:
            degrees, minutes, seconds, hemisphere = dms.groups()
            value = int(degrees) + int(minutes) / 60 + float(seconds) / 3600
            numbers.append(repr(-value if hemisphere in "SW" else value))
        else:
            numbers.append(token)
    return numbers


def _read_point(element: ET.Element, strict: bool, warnings: list[str]) -> GeoPoint | None:
    numbers = _coordinates(element)
    try:
        # Only ASCII decimal numbers: float() would also take "1_0", "nan" or Arabic digits.
        if len(numbers) < 2 or not all(_DECIMAL.fullmatch(n) for n in numbers[:2]):
            raise ValueError
        latitude, longitude = (float(n) for n in numbers[:2])
        return GeoPoint(latitude=latitude, longitude=longitude)
    except (ValueError, InvalidAddressError):
        message = (
            "a gml:Point needs 'latitude longitude' in WGS 84 degrees in gml:pos, "
            f"not {' '.join(numbers)[:80]!r}"
        )
        if strict:
            raise PidfError(message) from None
        warnings.append(f"dropped a point: {message}")
        return None


_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _read_location_info(
    info: ET.Element,
    method: str | None,
    container: tuple[str | None, str | None],
    strict: bool,
    warnings: list[str],
) -> LocationObject:
    civic: CivicAddress | None = None
    partial: Partial = ()
    extensions: tuple[Extension, ...] = ()
    seen_civic = False
    geo = None
    shapes = []
    # The shapes may sit in a gml:location (RFC 4119's form): its children are read, in
    # document order, as if they stood in location-info.
    pending = [iter(info)]
    while pending:
        for child in pending[-1]:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            namespace, name = _split(tag)
            if name == "civicAddress" and _civic_namespace(namespace, strict, warnings):
                if not seen_civic:
                    seen_civic = True
                    civic, partial, extensions = _read_civic(child, strict, warnings)
                else:
                    warnings.append("ignored a second civicAddress in one location-info")
            elif name in _SHAPES and namespace in _SHAPE_NAMESPACES:
                shapes.append(name)
                if name == "Point" and geo is None:
                    geo = _read_point(child, strict, warnings)
            elif name == "location" and namespace in (GML_NS, GML3_NS):
                pending.append(iter(child))
                break
            else:
                warnings.append(
                    f"ignored <{name}> in namespace {namespace!r} in a location-info: neither "
                    "a civic address nor a geodetic shape"
                )
        else:
            pending.pop()
    kind, element_id = container
    return LocationObject(
        civic=civic,
        geo=geo,
        shapes=tuple(shapes),
        method=method,
        extensions=extensions,
        partial_civic=partial,
        element=kind,
        element_id=element_id,
    )


HELD_NS = "urn:ietf:params:xml:ns:geopriv:held"
DM_NS = "urn:ietf:params:xml:ns:pidf:data-model"
_PRESENCE = f"{{{PIDF_NS}}}presence"
_GEOPRIV = f"{{{GP_NS}}}geopriv"
_LOCATION_INFO = f"{{{GP_NS}}}location-info"
_METHOD = f"{{{GP_NS}}}method"
_CONTAINERS = {
    f"{{{PIDF_NS}}}tuple": "tuple",
    f"{{{DM_NS}}}device": "device",
    f"{{{DM_NS}}}person": "person",
}


def _read_presence(
    presence: ET.Element, strict: bool, warnings: list[str]
) -> tuple[LocationObject, ...]:
    """Every location object, in document order, each element visited once.

    A geopriv's location-info children are read where the geopriv is found, and the walk
    never enters a location-info, so nesting costs linear time and yields no duplicate
    objects. Geopriv and location-info elements the walk does not read (nested where PIDF
    does not put them) are counted, in C, and named in a warning.
    """
    objects = []
    geoprivs = 0
    stack: list[tuple[ET.Element, str | None, str | None]] = [(presence, None, None)]
    pop, push = stack.pop, stack.append
    while stack:
        element, kind, element_id = pop()
        tag = element.tag
        if tag == _GEOPRIV:
            geoprivs += 1
            method_element = element.find(_METHOD)
            method = None
            if method_element is not None:
                method = " ".join((method_element.text or "").split()) or None
            for info in element.iterfind(_LOCATION_INFO):
                objects.append(
                    _read_location_info(info, method, (kind, element_id), strict, warnings)
                )
        else:
            container = _CONTAINERS.get(tag) if isinstance(tag, str) else None
            if container is not None:
                kind, element_id = container, element.get("id")
        for child in element[::-1]:
            if child.tag != _LOCATION_INFO:
                push((child, kind, element_id))
    unread = sum(1 for _ in presence.iter(_GEOPRIV)) - geoprivs
    if unread:
        warnings.append(f"ignored {unread} geopriv element(s) inside a location-info")
    unread = sum(1 for _ in presence.iter(_LOCATION_INFO)) - len(objects)
    if unread:
        warnings.append(f"ignored {unread} location-info element(s) not directly in a geopriv")
    return tuple(objects)


def _check_limit(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"parse_pidf_lo() {name} must be an int, got {type(value).__name__}")
    if value < 1:
        raise PidfError(f"{name}: expected a positive number, got {value}")
    return value


def parse_pidf_lo(
    data: str | bytes,
    *,
    strict: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> PidfLocation:
    """Read a PIDF-LO document, an HTTP-Enabled Location Delivery (HELD, RFC 5985)
    ``locationResponse`` carrying one, or a bare ``civicAddress`` element.

    A document parses with everything it held, or parses with a warning in ``warnings`` naming
    what was dropped, or is refused with a reason: location is never lost in silence.

    Element values are read with their white space collapsed; RFC 4119's ``A6`` street becomes
    ``street_name`` when there is no ``RD``; unknown civic elements are kept in
    ``extensions``, never a reason to refuse; geodetic shapes are named in ``shapes``, and a
    ``Point`` (also inside RFC 4119's ``gml:location``) becomes ``geo``. A civic address
    without ``<country>`` (RFC 5139 makes every element optional) cannot be a
    [CivicAddress][emergency_address.CivicAddress]: its fields are kept in ``partial_civic``
    with a warning, and the shapes beside it are read as usual.

    When a document holds several location objects, the one returned in ``civic``, ``geo``
    and the other top-level fields follows RFC 5491 rule 8: the first ``<device>`` holding a
    location, else the first ``<tuple>``, and a ``<person>`` only as a last resort.

    Args:
        data: the document, as text or bytes (decoded by its byte order mark or its XML
            declaration; UTF-8, UTF-16, UTF-32, US-ASCII, ISO-8859-1, ISO-8859-15 or
            windows-1252).
        strict: refuse the RFC 4119 example's ``civicLoc`` namespace, the country code ``UK``,
            invalid civic values and unreadable points (lenient mode accepts the first two and
            drops the others, and says so in ``warnings``).
        max_bytes: the largest document read (64 KiB by default).
        max_depth: the deepest nesting read.

    Raises:
        PidfError: anything that cannot be read safely: not XML, an unknown or unsupported
            encoding, a DTD, too large, too deep, no location; a HELD error or a HELD
            response holding only location URIs.
        InvalidAddressError: in strict mode, a civic value that is not valid (a country code
            such as ``UK``, a value over its bound).
        TypeError: ``max_bytes`` or ``max_depth`` is not an int, or ``strict`` not a bool.
    """
    max_bytes = _check_limit("max_bytes", max_bytes)
    max_depth = _check_limit("max_depth", max_depth)
    if not isinstance(strict, bool):
        raise TypeError(f"parse_pidf_lo() strict must be a bool, got {type(strict).__name__}")
    root = _read_tree(data, max_bytes, max_depth)
    warnings: list[str] = []
    namespace, name = _split(root.tag)
    if name == "civicAddress" and _civic_namespace(namespace, strict, warnings):
        civic, partial, extensions = _read_civic(root, strict, warnings)
        only = LocationObject(civic=civic, extensions=extensions, partial_civic=partial)
        return _result((only,), None, warnings)
    uris: tuple[str, ...] = ()
    if namespace == HELD_NS:
        root, uris = _held(root, name, warnings)
        namespace, name = _split(root.tag)
    if (namespace, name) != (PIDF_NS, "presence"):
        raise PidfError(
            f"expected a PIDF <presence>, a HELD <locationResponse> or an RFC 5139 "
            f"<civicAddress>, got <{name}> in namespace {namespace!r}"
        )
    objects = _read_presence(root, strict, warnings)
    if not objects:
        raise PidfError("the PIDF document has no geopriv location-info")
    return _result(objects, root.get("entity"), warnings, uris)


def _held(root: ET.Element, name: str, warnings: list[str]) -> tuple[ET.Element, tuple[str, ...]]:
    """The presence a HELD locationResponse carries, and its location URIs."""
    if name == "error":
        code = root.get("code") or "unknown"
        message = " ".join("".join(root.itertext()).split())[:200]
        raise PidfError(f"the HELD server answered with the error {code!r}: {message or '-'}")
    if name != "locationResponse":
        raise PidfError(f"expected a HELD <locationResponse>, got <{name}>")
    uris = tuple(
        " ".join((uri.text or "").split())
        for uri in root.iterfind(f"{{{HELD_NS}}}locationUriSet/{{{HELD_NS}}}locationURI")
    )
    presences = root.findall(_PRESENCE)
    if not presences:
        listed = ", ".join(uris) or "none"
        raise PidfError(
            "the HELD locationResponse carries no PIDF-LO, only location URIs (location by "
            f"reference: {listed}); dereference one and parse the PIDF-LO it returns"
        )
    if len(presences) > 1:
        warnings.append(
            f"read the first of {len(presences)} presence documents in the HELD response"
        )
    return presences[0], uris


def _has_location(o: LocationObject) -> bool:
    return bool(o.civic or o.shapes or o.partial_civic)


def _primary(objects: tuple[LocationObject, ...]) -> LocationObject:
    """RFC 5491 section 3, rule 8: the first <device> holding a location, else the first
    <tuple>; a <person> only as a last resort. (A geopriv in none of them, which the rule does
    not name, comes after the tuples.)"""
    located = [o for o in objects if _has_location(o)]
    for kinds in (("device",), ("tuple",), (None,), ("person",)):
        for o in located:
            if o.element in kinds:
                return o
    return objects[0]


def _result(
    objects: tuple[LocationObject, ...],
    entity: str | None,
    warnings: list[str],
    uris: tuple[str, ...] = (),
) -> PidfLocation:
    first = _primary(objects)
    if not _has_location(first) and not any(w.startswith("dropped") for w in warnings):
        warnings.append("the document's location-info holds no location")
    return PidfLocation(
        civic=first.civic,
        geo=first.geo,
        shapes=first.shapes,
        method=first.method,
        extensions=first.extensions,
        partial_civic=first.partial_civic,
        element=first.element,
        objects=objects,
        entity=entity,
        location_uris=uris,
        warnings=tuple(dict.fromkeys(warnings)),
    )
