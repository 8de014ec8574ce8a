"""The audit's look at the network map: where the wiremap leaves people unlocated.

Findings (codes in [FindingCode][emergency_address.FindingCode]):

- ``NETWORK_UNKNOWN_LOCATION`` (error): an element points at a location the directory lacks;
  a client it matches gets no address.
- ``NETWORK_UNVALIDATED_LOCATION`` (warning; error when the address was found invalid): an
  element points at a location whose address is not validated (or attested) for its current
  content: never validated, pending, invalid, or stale (validated before its civic address
  changed).
- ``NETWORK_LOCATION_WITHOUT_GEO`` (warning, US): Microsoft routes US calls from dynamic
  locations automatically only when the location has geo codes ("Plan and configure dynamic
  emergency calling": "To support automated routing of emergency calls within the United States,
  you must ensure that the emergency locations that are assigned to network identifiers include
  the associated geo codes."; confidence: high).
- ``NETWORK_OVERLAP`` (warning): two elements of one kind cover a common client and point at
  different locations (nested prefixes, a network ID inside a prefix, a BSSID inside a wildcard).
  The more specific one wins, but such pairs are often stale or mistyped.
- ``UNREACHABLE_LOCATION`` (warning): a specific location (not the default one, which stands
  for the building as a whole) of an address with several locations that no element reaches,
  while other elements reach the address: a client there is located no closer than the
  building, or not at all.
- ``NETWORK_COUNTRY_MISMATCH`` (warning): an element whose location lies in another country
  than the other elements of its *site*. A site is what one piece of equipment or one address
  range serves: a switch and its ports (one chassis id), the BSSIDs of one access point (equal
  but for the last two characters), the subnets inside one outermost CIDR prefix of the map.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ._network import (
    EthernetSwitch,
    NetworkElement,
    NetworkMap,
    SwitchPort,
    WirelessAccessPoint,
)
from ._results import Severity, ValidationScope, ValidationState

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from ._address import EmergencyAddress
    from ._audit import Finding

_GEO_SOURCE = "https://learn.microsoft.com/en-us/microsoftteams/configure-dynamic-emergency-calling"
# An authority's validation or an attestation, for the address's current content.
_FINE = frozenset({ValidationScope.AUTHORITY, ValidationScope.ATTESTATION})


def network_findings(addresses: Iterable[EmergencyAddress], network: NetworkMap) -> list[Finding]:
    """Every finding about ``network`` against the organisation's ``addresses``, unsorted.

    Organisation-wide, like the address checks: every shard of an audit finds the same ones.
    """
    from ._audit import Finding, FindingCode

    findings: list[Finding] = []
    if not len(network):
        return findings
    by_location: dict[str, EmergencyAddress] = {}
    by_id: dict[str, EmergencyAddress] = {}
    for item in addresses:
        by_id[item.id] = item
        for location in item.locations:
            by_location.setdefault(location.id, item)
    owner = by_location.get

    reached: dict[str, set[str]] = {}  # address id -> location ids some element reaches
    for element in network.elements:
        holder = owner(element.location_id)
        if holder is None:
            findings.append(
                Finding(
                    code=FindingCode.NETWORK_UNKNOWN_LOCATION,
                    severity=Severity.ERROR,
                    message=f"{element} points at location {element.location_id!r}, which no "
                    "address has: a client it matches gets no emergency address",
                    location_id=element.location_id,
                )
            )
            continue
        reached.setdefault(holder.id, set()).add(element.location_id)
    for address_id, location_ids in sorted(reached.items()):
        address = by_id[address_id]
        country = address.civic.country
        record = address.validation
        unmet = record.why_not_validated(address.civic, _FINE)  # stale: not validated
        pointing = sum(len(network.referencing(i)) for i in location_ids)
        if unmet is not None:
            findings.append(
                Finding(
                    code=FindingCode.NETWORK_UNVALIDATED_LOCATION,
                    severity=Severity.ERROR
                    if record.state_for(address.civic) is ValidationState.INVALID
                    else Severity.WARNING,
                    message=f"{pointing} network element(s) point at address "
                    f"{address_id!r}, which {unmet}",
                    address_id=address_id,
                    country=country,
                )
            )
        if country == "US":
            for location_id in sorted(location_ids):
                if (address.location(location_id).geo or address.geo) is None:
                    findings.append(
                        Finding(
                            code=FindingCode.NETWORK_LOCATION_WITHOUT_GEO,
                            severity=Severity.WARNING,
                            message=f"location {location_id!r} is reached through the network "
                            "but has no geo codes; Microsoft routes US dynamic locations "
                            "automatically only with them",
                            address_id=address_id,
                            location_id=location_id,
                            country=country,
                            source=_GEO_SOURCE,
                        )
                    )
        if len(address.locations) > 1:
            default = address.default_location_id  # the building: no one's seat, a fallback
            for location in address.locations:
                if location.id not in location_ids and location.id != default:
                    findings.append(
                        Finding(
                            code=FindingCode.UNREACHABLE_LOCATION,
                            severity=Severity.WARNING,
                            message=f"no network element reaches location {location.id!r} of "
                            f"address {address_id!r}, though others of its locations are "
                            "reached: a client there is not located at it",
                            address_id=address_id,
                            location_id=location.id,
                            country=country,
                        )
                    )
    for overlap in network.overlaps():
        holder = owner(overlap.narrower.location_id)
        findings.append(
            Finding(
                code=FindingCode.NETWORK_OVERLAP,
                severity=Severity.WARNING,
                message=overlap.describe(),
                address_id=holder.id if holder is not None else None,
                location_id=overlap.narrower.location_id,
                country=holder.civic.country if holder is not None else None,
            )
        )
    for element, country, majority in _country_mismatches(network, owner):
        findings.append(
            Finding(
                code=FindingCode.NETWORK_COUNTRY_MISMATCH,
                severity=Severity.WARNING,
                message=f"{element} points at a location in {country}, while the rest of its "
                f"site points at {majority}",
                location_id=element.location_id,
                address_id=_id(owner(element.location_id)),
                country=country,
            )
        )
    return findings


def _site(element: NetworkElement, network: NetworkMap) -> object:
    if isinstance(element, SwitchPort | EthernetSwitch):
        return ("switch", element.chassis_id)
    if isinstance(element, WirelessAccessPoint):
        return ("access point", element.prefix[:10])
    outer = network._outermost(element)
    return None if outer is None else ("subnet", str(outer.network))


def _country_mismatches(
    network: NetworkMap, owner: Callable[[str], EmergencyAddress | None]
) -> list[tuple[NetworkElement, str, str]]:
    sites: dict[object, list[tuple[NetworkElement, str]]] = {}
    for element in network.elements:
        holder = owner(element.location_id)
        if holder is None:
            continue
        site = _site(element, network)
        if site is not None:
            sites.setdefault(site, []).append((element, holder.civic.country))
    found = []
    for members in sites.values():
        counts = Counter(country for _, country in members)
        if len(counts) < 2:
            continue
        majority = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        found += [(e, c, majority) for e, c in members if c != majority]
    return found


def _id(address: EmergencyAddress | None) -> str | None:
    return None if address is None else address.id
