"""NENA CLDXF: the Civic Location Data Exchange Format of NENA-STA-004 (CLDXF-US).

CLDXF names the civic elements that US 9-1-1 systems exchange and profiles them onto PIDF-LO.
This module maps a [CivicAddress][emergency_address.CivicAddress] to and from a plain dict
keyed by the CLDXF element names (``"Incorporated Municipality"``, ``"Street Name Pre
Directional"`` ...); no XML is involved, as the XML form of CLDXF is PIDF-LO itself
([formats.pidf][emergency_address.formats.pidf]).

Elements on one side only are never dropped in silence: by default both functions refuse them
with an error naming each; ``strict=False`` leaves them out, as asked.

Sources (read for this module; confidence in brackets):

- NENA, "NG9-1-1 US Civic Location Data Exchange Format (CLDXF) Standard" announcement
  (https://www.nena.org/news/167147/): CLDXF defines the core civic elements for call routing
  and dispatch and maps a profile between PIDF-LO and them [high, for scope].
- C. Jacqz (MassGIS, NENA CLDXF work group), "Civic Location Data eXchange Format (CLDXF)"
  (https://cdn.slideserve.com/lavada/civic-location-data-exchange-format-cldxf): CLDXF adds
  two elements to PIDF-LO and drops six [high]; the six this module leaves unmapped are A6,
  RDSEC, RDBR, RDSUBBR, NAM and POBOX [medium: the slide does not list them].
- The USFA NERIS civic location module (https://www.responserack.com/neris/spec/civic-location/),
  which follows CLDXF for the sub-address: Site, Sub-Site, Structure, Wing, Floor, Unit, Room,
  Section, Row, Seat [medium].
- A public LoST validation implementation transcribing NENA-STA-004.2-2024 puts Street Name Pre
  Type Separator in the NENA namespace ``urn:nena:xml:ns:pidf:nenaCivicAddr`` (STPS) [medium].

The element names themselves could not be checked against the text of NENA-STA-004 (not
readable here): every name in [CLDXF_ELEMENTS][emergency_address.formats.cldxf.CLDXF_ELEMENTS]
is marked with the confidence we have in it.

Examples:
    >>> from emergency_address import CivicAddress
    >>> from emergency_address.formats.cldxf import from_cldxf, to_cldxf
    >>> civic = CivicAddress(country="US", state="WA", city="Seattle", house_number="400",
    ...                      pre_directional="N", street_name="Broad", street_suffix="St")
    >>> to_cldxf(civic)["Street Name Pre Directional"]
    'N'
    >>> from_cldxf(to_cldxf(civic)) == civic
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from emergency_address._civic import CivicAddress
from emergency_address.exceptions import FieldError, InvalidAddressError

__all__ = [
    "CIVICADDRESS_ONLY",
    "CLDXF_ELEMENTS",
    "CLDXF_ONLY",
    "CldxfElement",
    "from_cldxf",
    "to_cldxf",
]


class CldxfElement(NamedTuple):
    """One CLDXF element and its counterparts.

    Attributes:
        name: the CLDXF element name, the key of the dict.
        field: the [CivicAddress][emergency_address.CivicAddress] field it maps to.
        pidf: the PIDF-LO element (RFC 5139, or RFC 6848 for STP, HNP and MP).
        confidence: how sure we are of the CLDXF name (``"high"``, ``"medium"``).
    """

    name: str
    field: str
    pidf: str
    confidence: str


CLDXF_ELEMENTS: tuple[CldxfElement, ...] = (
    CldxfElement("Country", "country", "country", "high"),
    CldxfElement("State", "state", "A1", "high"),
    CldxfElement("County", "county", "A2", "high"),
    CldxfElement("Incorporated Municipality", "city", "A3", "high"),
    CldxfElement("Unincorporated Community", "city_district", "A4", "high"),
    CldxfElement("Neighborhood Community", "neighborhood", "A5", "high"),
    CldxfElement("Postal Community Name", "postal_community", "PCN", "medium"),
    CldxfElement("Postal Code", "postal_code", "PC", "high"),
    CldxfElement("Street Name Pre Modifier", "road_pre_modifier", "PRM", "high"),
    CldxfElement("Street Name Pre Directional", "pre_directional", "PRD", "high"),
    CldxfElement("Street Name Pre Type", "street_type_prefix", "STP", "high"),
    CldxfElement("Street Name", "street_name", "RD", "high"),
    CldxfElement("Street Name Post Type", "street_suffix", "STS", "high"),
    CldxfElement("Street Name Post Directional", "post_directional", "POD", "high"),
    CldxfElement("Street Name Post Modifier", "road_post_modifier", "POM", "high"),
    CldxfElement("Address Number Prefix", "house_number_prefix", "HNP", "high"),
    CldxfElement("Address Number", "house_number", "HNO", "high"),
    CldxfElement("Address Number Suffix", "house_number_suffix", "HNS", "high"),
    CldxfElement("Milepost", "milepost", "MP", "medium"),
    CldxfElement("Complete Landmark Name", "landmark", "LMK", "medium"),
    CldxfElement("Additional Location Information", "additional_info", "LOC", "medium"),
    CldxfElement("Place Type", "place_type", "PLC", "medium"),
    CldxfElement("Additional Code", "additional_code", "ADDCODE", "medium"),
    CldxfElement("Structure", "building", "BLD", "medium"),
    CldxfElement("Floor", "floor", "FLR", "high"),
    CldxfElement("Unit", "unit", "UNIT", "medium"),
    CldxfElement("Room", "room", "ROOM", "high"),
    CldxfElement("Seat", "seat", "SEAT", "high"),
)

CLDXF_ONLY: Mapping[str, str] = MappingProxyType(
    {
        "Street Name Pre Type Separator": "a separator such as 'of the' (NENA's STPS element)",
        "Legacy Street Name Pre Directional": "the pre-NG9-1-1 (MSAG) form of the directional",
        "Legacy Street Name": "the pre-NG9-1-1 (MSAG) form of the street name",
        "Legacy Street Name Type": "the pre-NG9-1-1 (MSAG) form of the street type",
        "Legacy Street Name Post Directional": "the pre-NG9-1-1 (MSAG) form of the directional",
        "Site": "a named exterior area",
        "Sub-Site": "a named area within a site",
        "Wing": "a part of a structure",
        "Section": "an unenclosed area within a structure",
        "Row": "a row of seats or workstations",
    }
)
"""CLDXF elements with no [CivicAddress][emergency_address.CivicAddress] field, and what each
holds. ``from_cldxf`` refuses them unless ``strict=False``, which leaves them out."""

CIVICADDRESS_ONLY: Mapping[str, str] = MappingProxyType(
    {
        "street_group": "A6",
        "road_section": "RDSEC",
        "road_branch": "RDBR",
        "road_sub_branch": "RDSUBBR",
        "name": "NAM",
        "po_box": "POBOX",
        "pole_number": "PN",
        "language": "xml:lang",
    }
)
"""[CivicAddress][emergency_address.CivicAddress] fields with no CLDXF element, by their
PIDF-LO element. ``to_cldxf`` refuses them unless ``strict=False``, which leaves them out."""

_BY_NAME = {element.name: element.field for element in CLDXF_ELEMENTS}


def to_cldxf(civic: CivicAddress, *, strict: bool = True) -> dict[str, str]:
    """The civic address as a dict keyed by CLDXF element names, in the table's order.

    Args:
        civic: the civic address.
        strict: refuse a field that has no CLDXF element (``name``, ``po_box`` ...);
            ``False`` leaves such fields out.

    Raises:
        TypeError: ``civic`` is not a [CivicAddress][emergency_address.CivicAddress].
        InvalidAddressError: in strict mode, each field with no CLDXF element, by name.
    """
    if not isinstance(civic, CivicAddress):
        raise TypeError(f"to_cldxf() civic must be a CivicAddress, got {type(civic).__name__}")
    if strict:
        errors = [
            FieldError(
                field,
                "INVALID",
                f"CLDXF has no element for {element}; pass strict=False to leave it out",
            )
            for field, element in CIVICADDRESS_ONLY.items()
            if getattr(civic, field) is not None
        ]
        if errors:
            raise InvalidAddressError(errors)
    values = {element.name: getattr(civic, element.field) for element in CLDXF_ELEMENTS}
    return {name: value for name, value in values.items() if value is not None}


def from_cldxf(data: Mapping[str, object], *, strict: bool = True) -> CivicAddress:
    """The civic address a dict keyed by CLDXF element names describes.

    Values are cleaned as [CivicAddress][emergency_address.CivicAddress] cleans them;
    ``Country`` is required, as it is there.

    Args:
        data: CLDXF element names and their text.
        strict: refuse an element that has no CivicAddress field (see
            [CLDXF_ONLY][emergency_address.formats.cldxf.CLDXF_ONLY]); ``False`` leaves such
            elements out. A name CLDXF does not define is refused either way.

    Raises:
        TypeError: ``data`` is not a mapping.
        InvalidAddressError: unknown names, elements with no counterpart (strict mode) and bad
            values, each named (by its CLDXF name).
    """
    if not isinstance(data, Mapping):
        raise TypeError(f"from_cldxf() data must be a mapping, got {type(data).__name__}")
    errors: list[FieldError] = []
    values: dict[str, object] = {}
    for name, value in data.items():
        field = _BY_NAME.get(name) if isinstance(name, str) else None
        if field is not None:
            values[field] = value
        elif isinstance(name, str) and name in CLDXF_ONLY:
            if strict:
                errors.append(
                    FieldError(
                        name,
                        "INVALID",
                        f"a CivicAddress has no field for {CLDXF_ONLY[name]}; pass "
                        "strict=False to leave it out",
                    )
                )
        else:
            shown = repr(name)[:60]
            errors.append(FieldError(shown, "UNKNOWN", f"{shown} is not a CLDXF element name"))
    try:
        civic = CivicAddress(country=values.pop("country", None), **values)  # type: ignore[arg-type]
    except InvalidAddressError as error:
        fields = {element.field: element.name for element in CLDXF_ELEMENTS}
        errors += [FieldError(fields.get(f, f), code, m) for f, code, m in error.errors]
    if errors:
        raise InvalidAddressError(errors)
    return civic
