"""Dynamic location: from the network a client is on to an emergency location.

A tenant's *wiremap* ties network elements to the locations of its emergency addresses, the way
Microsoft Teams' Location Information Service (LIS) does: a Wi-Fi access point by its BSSID, an
Ethernet switch by its LLDP chassis id, a port of such a switch, and an IP subnet. A client
reports what it sees ([ClientNetwork][emergency_address.ClientNetwork]); the
[NetworkMap][emergency_address.NetworkMap] answers with the location of the first element kind
that matches, in Microsoft's documented order: access point, then switch port, then switch,
then subnet.

Sources (read for this module):

- Microsoft, "Plan and configure dynamic emergency calling"
  (https://learn.microsoft.com/en-us/microsoftteams/configure-dynamic-emergency-calling):
  "The match is performed in the following order with the first matched result being
  returned: WAP, Ethernet switch/port, Ethernet switch, Subnet." Confidence: high.
- ``Set-CsOnlineLisSubnet`` (MicrosoftDocs/office-docs-powershell,
  teams/teams-ps/MicrosoftTeams/Set-CsOnlineLisSubnet.md): IPv4 or IPv6; "LIS subnets must be
  defined by the Network ID matching the subnet IP range assigned to clients. For example, the
  network ID for a client IP/mask of 10.10.10.150/25 is 10.10.10.128." Confidence: high.
- ``Set-CsOnlineLisWirelessAccessPoint`` / ``Get-CsOnlineLisWirelessAccessPoint`` (same
  repository): the BSSID is "in the form nn-nn-nn-nn-nn-nn"; "The wildcard '*' can be on either
  the last one or two character(s)"; ``F0-6E-0B-C2-04-*`` covers
  ``F0-6E-0B-C2-04-[0-9A-F][0-9A-F]``; a new BSSID "within this wildcard range and with the same
  location ID will not be accepted". Confidence: high.
- ``Set-CsOnlineLisSwitch`` / ``Set-CsOnlineLisPort`` (same repository): a chassis id or port id
  whose LLDP subtype is a MAC address is written nn-nn-nn-nn-nn-nn; any other subtype "as set on
  the switch". Confidence: high.

What the sources leave open, and what we chose:

- Among access points, an exact BSSID beats a wildcard on the last character, which beats a
  wildcard on the last two (the most specific entry wins, as a longest prefix does). Microsoft
  states no order here; its ``Get-`` reference only says a request inside a wildcard range
  returns the wildcard entry when no exact entry is involved.
- Among subnets, a Teams network ID (given without a prefix length) matches the client's
  subnet ID exactly and ranks above every CIDR prefix; CIDR prefixes match by longest prefix.
- Each element is unique by its key (BSSID, chassis id, chassis id and port id, subnet), so no
  two elements of one kind tie.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from ._text import clean_text
from .exceptions import FieldError, InvalidNetworkError, NotFoundError, shown

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "ClientNetwork",
    "EthernetSwitch",
    "LocationMatch",
    "NetworkElement",
    "NetworkMap",
    "Overlap",
    "Subnet",
    "SwitchPort",
    "WirelessAccessPoint",
]

IPAddress: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork: TypeAlias = ipaddress.IPv4Network | ipaddress.IPv6Network

_ID_LIMIT = 128
_DESCRIPTION_LIMIT = 255
_OPAQUE_LIMIT = 255

# --- MAC addresses (BSSIDs, chassis ids, port ids) ---------------------------------------------

_HEX = "0-9a-f"
# Six groups of one or two hex digits joined by ':' or '-' (01-23-45-67-89-ab, 1:23:45:6:89:ab
# as macOS prints it); the last group may be a wildcard ("*", "**", or a digit and "*").
_GROUPED = re.compile(
    rf"^([{_HEX}]{{1,2}})([:-])([{_HEX}]{{1,2}})\2([{_HEX}]{{1,2}})\2([{_HEX}]{{1,2}})\2"
    rf"([{_HEX}]{{1,2}})\2([{_HEX}]{{1,2}}|\*\*?|[{_HEX}]\*)$"
)
# Cisco's three dotted groups of four (0123.4567.89ab), the last possibly ending in wildcards.
_DOTTED = re.compile(
    rf"^([{_HEX}]{{4}})\.([{_HEX}]{{4}})\.([{_HEX}]{{4}}|[{_HEX}]{{2}}\*\*?|[{_HEX}]{{3}}\*)$"
)
_BARE = re.compile(rf"^([{_HEX}]{{12}}|[{_HEX}]{{10}}\*\*?|[{_HEX}]{{11}}\*)$")
_MAC_HELP = (
    "expected a MAC address such as 12-34-56-78-90-AB (':' or '.' separators and bare hex "
    "are read too)"
)


def _parse_mac(text: str) -> tuple[str, int] | None:
    """The hex digits before any wildcard (upper case) and how many characters the wildcard
    covers (0, 1 or 2), or ``None`` when ``text`` is no MAC address spelling we know."""
    value = text.strip().lower()
    match = _GROUPED.match(value)
    if match:
        groups = [g.rjust(2, "0") for g in match.group(1, 3, 4, 5, 6)]
        last = match.group(7)
        if last.startswith("*"):
            wild = 2
        elif last.endswith("*"):
            groups.append(last[0])
            wild = 1
        else:
            groups.append(last.rjust(2, "0"))
            wild = 0
        digits = "".join(groups)
    else:
        match = _DOTTED.match(value) or _BARE.match(value)
        if not match:
            return None
        digits = value.replace(".", "").rstrip("*")
        wild = 12 - len(digits)
    return digits.upper(), wild


def _format_mac(digits: str, wild: int) -> str:
    """Teams' spelling: F0-6E-0B-C2-04-23, F0-6E-0B-C2-04-*, F0-6E-0B-C2-04-2*."""
    pairs = [digits[i : i + 2] for i in range(0, len(digits), 2)]
    if wild == 2:
        pairs.append("*")
    elif wild == 1:
        pairs[-1] += "*"
    return "-".join(pairs)


def normalise_bssid(field: str, value: object, errors: list[FieldError], *, wildcard: bool) -> str:
    """``value`` as Teams writes a BSSID, or ``""`` with an error appended."""
    if not isinstance(value, str):
        errors.append(FieldError.wrong_type(field, "a BSSID as text", value))
        return ""
    parsed = _parse_mac(value)
    if parsed is None or (parsed[1] and not wildcard):
        where = (
            "; '*' may stand for the last one or two characters only"
            if wildcard
            else "; a client reports one exact BSSID, without '*'"
        )
        errors.append(FieldError(field, "INVALID", f"{_MAC_HELP}{where}, got {shown(value)}"))
        return ""
    return _format_mac(*parsed)


def normalise_chassis(field: str, value: object, errors: list[FieldError]) -> str:
    """An LLDP chassis or port id: a MAC address in Teams' spelling when it parses as one,
    otherwise the text as it was set on the switch (white space around it dropped)."""
    if not isinstance(value, str):
        errors.append(FieldError.wrong_type(field, "text", value))
        return ""
    parsed = _parse_mac(value)
    if parsed is not None and parsed[1] == 0:
        return _format_mac(*parsed)
    text = clean_text(field, value, _OPAQUE_LIMIT, errors)
    if text is None:
        if not any(e.field == field for e in errors):
            errors.append(FieldError(field, "REQUIRED", "a non-empty id is required"))
        return ""
    return text


def _normalise_id(element: Any, field: str, errors: list[FieldError]) -> None:
    """Put the normalised chassis or port id of ``element.field`` in place (a refused value is
    left as given, its error recorded)."""
    value = normalise_chassis(field, getattr(element, field), errors)
    if value and value != getattr(element, field):
        object.__setattr__(element, field, value)


def _check_location_id(obj: Any, errors: list[FieldError]) -> None:
    value = obj.location_id
    text = clean_text("location_id", value, _ID_LIMIT, errors)
    if text is None:
        if value is None or isinstance(value, str):
            errors.append(FieldError("location_id", "REQUIRED", "a location id is required"))
        return
    if text is not value:
        object.__setattr__(obj, "location_id", text)


def _check_description(obj: Any, errors: list[FieldError]) -> None:
    if obj.description is not None:
        text = clean_text("description", obj.description, _DESCRIPTION_LIMIT, errors)
        if text is not obj.description:
            object.__setattr__(obj, "description", text)


def _finish(errors: list[FieldError]) -> None:
    if errors:
        raise InvalidNetworkError(errors)


# --- the four element kinds --------------------------------------------------------------------


def _parse_subnet(value: object, errors: list[FieldError]) -> IPAddress | IPNetwork | None:
    if isinstance(value, ipaddress.IPv4Network | ipaddress.IPv6Network):
        return value
    if isinstance(value, ipaddress.IPv4Address | ipaddress.IPv6Address):
        return value
    if not isinstance(value, str):
        errors.append(
            FieldError.wrong_type("network", "an IPv4 or IPv6 network (text or ipaddress)", value)
        )
        return None
    text = value.strip()
    try:
        if "/" not in text:
            return ipaddress.ip_address(text)
        try:
            return ipaddress.ip_network(text)
        except ValueError:
            interface = ipaddress.ip_interface(text)  # host bits set: name the network
            errors.append(
                FieldError(
                    "network",
                    "INVALID",
                    f"{text!r} has host bits set; did you mean {str(interface.network)!r}?",
                )
            )
            return None
    except ValueError:
        errors.append(
            FieldError(
                "network",
                "INVALID",
                "expected an IPv4 or IPv6 network ID (10.10.10.128) or CIDR prefix "
                f"(10.10.0.0/16), got {shown(value)}",
            )
        )
        return None


def _as_network(value: str | IPAddress | IPNetwork) -> IPAddress | IPNetwork:
    # Types the constructor (text is accepted); the parsing and its errors are in post-init.
    return value  # type: ignore[return-value]


def _as_address(value: str | IPAddress | None) -> IPAddress | None:
    return value  # type: ignore[return-value]


@attrs.frozen
class Subnet:
    """An IP subnet tied to an emergency location (Teams ``Set-CsOnlineLisSubnet``).

    Two kinds, by how it is written:

    - a **network ID** without a prefix length (``"10.10.10.128"``), as Teams stores it: it
      matches a client whose subnet ID is exactly that address;
    - a **CIDR prefix** (``"10.10.0.0/16"``): it matches every address inside it, the longest
      prefix winning where prefixes nest.

    A network-ID match ranks above any prefix match.

    Attributes:
        network: an ``IPv4Address``/``IPv6Address`` for a network ID, an
            ``IPv4Network``/``IPv6Network`` for a prefix (text is parsed).
        location_id: the emergency location the subnet points at.
        description: the administrator's description, if any.

    Examples:
        >>> Subnet("10.10.10.128", location_id="hq-1").is_network_id
        True
        >>> str(Subnet("2001:db8::/48", location_id="hq").network)
        '2001:db8::/48'
    """

    network: IPAddress | IPNetwork = attrs.field(converter=_as_network)
    location_id: str = attrs.field(kw_only=True)
    description: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        parsed = _parse_subnet(self.network, errors)
        if parsed is not None and parsed is not self.network:
            object.__setattr__(self, "network", parsed)
        _check_location_id(self, errors)
        _check_description(self, errors)
        _finish(errors)

    @property
    def is_network_id(self) -> bool:
        """Whether this is a Teams network ID, matched exactly against the client's subnet ID."""
        return isinstance(self.network, ipaddress.IPv4Address | ipaddress.IPv6Address)

    @property
    def key(self) -> tuple[str, str]:
        """What makes the element unique in a map: its kind and its subnet."""
        return ("subnet", str(self.network))

    def __str__(self) -> str:
        return f"subnet {self.network}"


@attrs.frozen
class WirelessAccessPoint:
    """A Wi-Fi access point tied to an emergency location (``Set-CsOnlineLisWirelessAccessPoint``).

    The BSSID may be written in any common MAC spelling (``00-11-22-33-44-55``,
    ``00:11:22:33:44:55``, ``0011.2233.4455``, bare hex) and is kept as Teams writes it. A ``*``
    may stand for the last one or two characters, covering 16 or 256 BSSIDs.

    Attributes:
        bssid: ``F0-6E-0B-C2-04-23``, ``F0-6E-0B-C2-04-*`` or ``F0-6E-0B-C2-04-2*``.
        location_id: the emergency location the access point points at.
        description: the administrator's description, if any.

    Examples:
        >>> WirelessAccessPoint("f06e.0bc2.0423", location_id="hq-1").bssid
        'F0-6E-0B-C2-04-23'
        >>> WirelessAccessPoint("f0:6e:0b:c2:04:*", location_id="hq-1").wildcard
        2
    """

    bssid: str
    location_id: str = attrs.field(kw_only=True)
    description: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        bssid = normalise_bssid("bssid", self.bssid, errors, wildcard=True)
        if bssid and bssid != self.bssid:
            object.__setattr__(self, "bssid", bssid)
        _check_location_id(self, errors)
        _check_description(self, errors)
        _finish(errors)

    @property
    def wildcard(self) -> int:
        """How many trailing characters the ``*`` stands for: 0, 1 or 2."""
        if not self.bssid.endswith("*"):
            return 0
        return 2 if self.bssid.endswith("-*") else 1

    @property
    def prefix(self) -> str:
        """The hex digits a client's BSSID must start with (all twelve when exact)."""
        return self.bssid.replace("-", "").rstrip("*")

    @property
    def key(self) -> tuple[str, str]:
        """What makes the element unique in a map: its kind and its BSSID."""
        return ("wireless_access_point", self.bssid)

    def __str__(self) -> str:
        return f"access point {self.bssid}"


@attrs.frozen
class EthernetSwitch:
    """An Ethernet switch tied to an emergency location (``Set-CsOnlineLisSwitch``).

    The chassis id is what LLDP reports: a MAC address (kept in Teams' spelling whatever way it
    is written) or, for other LLDP chassis-id subtypes, text kept as set on the switch.

    Attributes:
        chassis_id: ``B8-BE-BF-4A-A3-00`` or an opaque id such as ``"55123"``.
        location_id: the emergency location the switch points at.
        description: the administrator's description, if any.

    Examples:
        >>> EthernetSwitch("b8be.bf4a.a300", location_id="hq").chassis_id
        'B8-BE-BF-4A-A3-00'
        >>> EthernetSwitch("core-sw-1", location_id="hq").chassis_id
        'core-sw-1'
    """

    chassis_id: str
    location_id: str = attrs.field(kw_only=True)
    description: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        _normalise_id(self, "chassis_id", errors)
        _check_location_id(self, errors)
        _check_description(self, errors)
        _finish(errors)

    @property
    def key(self) -> tuple[str, str]:
        """What makes the element unique in a map: its kind and its chassis id."""
        return ("switch", self.chassis_id)

    def __str__(self) -> str:
        return f"switch {self.chassis_id}"


@attrs.frozen
class SwitchPort:
    """A port of an Ethernet switch tied to an emergency location (``Set-CsOnlineLisPort``).

    Attributes:
        chassis_id: the switch's LLDP chassis id, normalised as for
            [EthernetSwitch][emergency_address.EthernetSwitch].
        port_id: the LLDP port id (``"G1/0/30"``), a MAC address in Teams' spelling when it
            parses as one.
        location_id: the emergency location the port points at.
        description: the administrator's description, if any.

    Examples:
        >>> SwitchPort("B8-BE-BF-4A-A3-00", "G1/0/30", location_id="hq-2").port_id
        'G1/0/30'
    """

    chassis_id: str
    port_id: str
    location_id: str = attrs.field(kw_only=True)
    description: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        _normalise_id(self, "chassis_id", errors)
        _normalise_id(self, "port_id", errors)
        _check_location_id(self, errors)
        _check_description(self, errors)
        _finish(errors)

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes the element unique in a map: its kind, chassis id and port id."""
        return ("switch_port", self.chassis_id, self.port_id)

    def __str__(self) -> str:
        return f"port {self.port_id} of switch {self.chassis_id}"


NetworkElement: TypeAlias = WirelessAccessPoint | SwitchPort | EthernetSwitch | Subnet
ELEMENT_TYPES = (WirelessAccessPoint, SwitchPort, EthernetSwitch, Subnet)
# Microsoft's order of precedence, first match wins.
_RANK = {WirelessAccessPoint: 0, SwitchPort: 1, EthernetSwitch: 2, Subnet: 3}


# --- what a client reports ---------------------------------------------------------------------


def _parse_ip(
    field: str, value: object, errors: list[FieldError]
) -> tuple[IPAddress | None, int | None]:
    """An address (IPv4-mapped IPv6 unwrapped to IPv4) and the prefix length written with it."""
    if value is None:
        return None, None
    if isinstance(value, ipaddress.IPv4Address | ipaddress.IPv6Address):
        address, length = value, None
    elif isinstance(value, str):
        try:
            if "/" in value:
                interface = ipaddress.ip_interface(value.strip())
                address, length = interface.ip, interface.network.prefixlen
            else:
                address, length = ipaddress.ip_address(value.strip()), None
        except ValueError:
            errors.append(
                FieldError(
                    field, "INVALID", f"expected an IPv4 or IPv6 address, got {shown(value)}"
                )
            )
            return None, None
    else:
        errors.append(FieldError.wrong_type(field, "an IP address (text or ipaddress)", value))
        return None, None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        mapped = address.ipv4_mapped
        if length is not None:
            length = max(length - 96, 0)
        return mapped, length
    return address, length


@attrs.frozen(kw_only=True)
class ClientNetwork:
    """What a client reports about the network it is on; any part may be missing.

    Teams clients report their subnet ID (the network ID of their address and mask); give it as
    ``subnet_id``, or give ``ip`` with ``prefix_length`` (or as ``"10.10.10.150/25"``) and the
    subnet ID is computed. An IPv4-mapped IPv6 address (``::ffff:10.1.2.3``, as a dual-stack
    socket reports an IPv4 peer) is read as the IPv4 address it carries.

    Attributes:
        ip: the client's IP address.
        prefix_length: the length of its subnet's prefix, if known.
        subnet_id: the network ID of its subnet (computed from ``ip`` and ``prefix_length``
            when not given).
        bssid: the BSSID of the access point it is associated with (exact, no wildcard).
        chassis_id: the LLDP chassis id of the switch it is plugged into.
        port_id: the LLDP port id of that switch's port (needs ``chassis_id``).

    Examples:
        >>> str(ClientNetwork(ip="10.10.10.150/25").subnet_id)
        '10.10.10.128'
    """

    ip: IPAddress | None = attrs.field(default=None, converter=_as_address)
    prefix_length: int | None = None
    subnet_id: IPAddress | None = attrs.field(default=None, converter=_as_address)
    bssid: str | None = None
    chassis_id: str | None = None
    port_id: str | None = None

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        set_ = object.__setattr__
        ip, written_length = _parse_ip("ip", self.ip, errors)
        set_(self, "ip", ip)
        length = self.prefix_length
        if length is not None and (type(length) is not int):
            errors.append(FieldError.wrong_type("prefix_length", "int or None", length))
            length = None
        if written_length is not None:
            if length is not None and length != written_length:
                errors.append(
                    FieldError(
                        "prefix_length",
                        "INVALID",
                        f"{length} contradicts the /{written_length} written with ip",
                    )
                )
            length = written_length
        if length is not None and ip is not None and not 0 <= length <= ip.max_prefixlen:
            errors.append(
                FieldError(
                    "prefix_length",
                    "OUT_OF_RANGE",
                    f"expected 0 to {ip.max_prefixlen} for IPv{ip.version}, got {shown(length)}",
                )
            )
            length = None
        set_(self, "prefix_length", length)
        subnet_id, _ = _parse_ip("subnet_id", self.subnet_id, errors)
        if ip is not None and length is not None:
            computed = ipaddress.ip_network(f"{ip}/{length}", strict=False).network_address
            if subnet_id is not None and subnet_id != computed:
                errors.append(
                    FieldError(
                        "subnet_id",
                        "INVALID",
                        f"{subnet_id} is not the network ID of {ip}/{length} ({computed})",
                    )
                )
            subnet_id = computed
        set_(self, "subnet_id", subnet_id)
        if self.bssid is not None:
            set_(self, "bssid", normalise_bssid("bssid", self.bssid, errors, wildcard=False))
        if self.chassis_id is not None:
            set_(self, "chassis_id", normalise_chassis("chassis_id", self.chassis_id, errors))
        if self.port_id is not None:
            set_(self, "port_id", normalise_chassis("port_id", self.port_id, errors))
            if self.chassis_id is None:
                errors.append(
                    FieldError(
                        "port_id",
                        "REQUIRED",
                        "a port id means something only with its switch's chassis_id",
                    )
                )
        _finish(errors)

    @property
    def network_key(self) -> tuple[object, ...]:
        """What identifies the network the client is on, its own address aside.

        Two reports with equal keys are on the same network: a location the user entered for
        one applies to the other.
        """
        return (self.subnet_id, self.bssid, self.chassis_id, self.port_id)


# --- the answer --------------------------------------------------------------------------------

_KIND_NAME = {
    WirelessAccessPoint: "wireless access point",
    SwitchPort: "switch port",
    EthernetSwitch: "switch",
    Subnet: "subnet",
}


@attrs.frozen(kw_only=True)
class LocationMatch:
    """Where a client is, according to the network map, and why.

    Attributes:
        location_id: the emergency location.
        element: the network element that matched.
        matched_on: what the client reported that matched (``"bssid"``, ``"chassis_id and
            port_id"``, ``"chassis_id"``, ``"subnet_id"`` or ``"ip"``).
        value: the reported value that matched: a BSSID, a chassis id (and port id), an
            address.
    """

    location_id: str
    element: NetworkElement
    matched_on: str
    value: str | IPAddress

    @property
    def kind(self) -> str:
        """The element's kind in words ("wireless access point", "switch port", ...)."""
        return _KIND_NAME[type(self.element)]

    @property
    def method(self) -> str:
        """The PIDF-LO ``method`` for this match: ``802.11`` for an access point, ``Wiremap``
        for a switch, a port or a subnet (a wiremap look-up)."""
        return "802.11" if isinstance(self.element, WirelessAccessPoint) else "Wiremap"

    @property
    def reason(self) -> str:
        """A sentence for people: what matched, how, and where the kind stands in precedence."""
        element = self.element
        if isinstance(element, WirelessAccessPoint):
            how = (
                f"by its wildcard on the last {element.wildcard} character(s)"
                if element.wildcard
                else "exactly"
            )
            detail = f"BSSID {self.value} matched {element} {how}"
        elif isinstance(element, SwitchPort | EthernetSwitch):
            detail = f"the client is on {element}"
        elif element.is_network_id:
            detail = f"subnet ID {self.value} is the network ID of {element}"
        else:
            detail = f"{self.value} lies in {element}, the longest prefix holding it"
        rank = _RANK[type(element)]
        if rank == 0:
            return f"{detail}; access points come first"
        before = ", ".join(("access points", "switch ports", "switches")[:rank])
        return f"{detail}; {before} matched nothing first"


@attrs.frozen(kw_only=True)
class Overlap:
    """Two elements of one kind that both cover some client but point at different locations.

    The map still sends each client to one location (the more specific element wins); the
    audit reports the overlap because it often means a stale or mistyped entry.

    Attributes:
        broader: the element that covers more (a shorter prefix, a wider wildcard).
        narrower: the element inside it, which wins where both match.
    """

    broader: NetworkElement
    narrower: NetworkElement

    def describe(self) -> str:
        """A sentence for people."""
        return (
            f"{self.narrower} ({self.narrower.location_id!r}) lies inside {self.broader} "
            f"({self.broader.location_id!r}): clients it covers go to "
            f"{self.narrower.location_id!r}, the rest of the range to "
            f"{self.broader.location_id!r}"
        )


# --- the map -----------------------------------------------------------------------------------

_Key: TypeAlias = tuple[str, ...]


def _check_element(field: str, element: object) -> NetworkElement:
    if not isinstance(element, ELEMENT_TYPES):
        raise TypeError(
            f"{field}: expected a Subnet, WirelessAccessPoint, EthernetSwitch or SwitchPort, "
            f"got {type(element).__name__}"
        )
    return element


class _Index:
    """The look-up tables of one map; built once, copied (never changed) by ``add``/``remove``."""

    __slots__ = (
        "aps",
        "by_key",
        "by_location",
        "ids",
        "lengths",
        "ports",
        "prefixes",
        "sorted",
        "switches",
    )

    def __init__(self) -> None:
        self.by_key: dict[_Key, NetworkElement] = {}
        self.aps: dict[str, WirelessAccessPoint] = {}  # 12, 11 or 10 hex digits
        self.ports: dict[tuple[str, str], SwitchPort] = {}
        self.switches: dict[str, EthernetSwitch] = {}
        self.ids: dict[IPAddress, Subnet] = {}
        # version -> prefix length -> network address as int -> subnet
        self.prefixes: dict[int, dict[int, dict[int, Subnet]]] = {4: {}, 6: {}}
        # version -> prefix lengths present, longest first
        self.lengths: dict[int, tuple[int, ...]] = {4: (), 6: ()}
        # Worked out on first use, once the index is sealed (never changed afterwards).
        self.sorted: tuple[NetworkElement, ...] | None = None
        self.by_location: dict[str, tuple[NetworkElement, ...]] | None = None

    def elements(self) -> tuple[NetworkElement, ...]:
        if self.sorted is None:
            self.sorted = tuple(sorted(self.by_key.values(), key=_order))
        return self.sorted

    def referencing(self, location_id: str) -> tuple[NetworkElement, ...]:
        if self.by_location is None:
            grouped: dict[str, list[NetworkElement]] = {}
            for element in self.elements():
                grouped.setdefault(element.location_id, []).append(element)
            self.by_location = {k: tuple(v) for k, v in grouped.items()}
        return self.by_location.get(location_id, ())

    def copy_for(self, *elements: NetworkElement) -> _Index:
        """A new index sharing every table but those ``elements`` live in, which are copied
        (tables are never changed once sealed, so sharing the rest is safe)."""
        new = _Index()
        new.by_key = dict(self.by_key)
        new.aps, new.ports, new.switches, new.ids = self.aps, self.ports, self.switches, self.ids
        new.prefixes = {version: dict(tables) for version, tables in self.prefixes.items()}
        new.lengths = dict(self.lengths)
        for element in elements:
            if isinstance(element, WirelessAccessPoint):
                new.aps = dict(self.aps)
            elif isinstance(element, SwitchPort):
                new.ports = dict(self.ports)
            elif isinstance(element, EthernetSwitch):
                new.switches = dict(self.switches)
            elif element.is_network_id:
                new.ids = dict(self.ids)
            else:
                network = element.network
                assert isinstance(network, ipaddress.IPv4Network | ipaddress.IPv6Network)
                tables = new.prefixes[network.version]
                tables[network.prefixlen] = dict(tables.get(network.prefixlen, {}))
        return new

    def put(self, element: NetworkElement) -> None:
        self.by_key[element.key] = element
        if isinstance(element, WirelessAccessPoint):
            self.aps[element.prefix] = element
        elif isinstance(element, SwitchPort):
            self.ports[(element.chassis_id, element.port_id)] = element
        elif isinstance(element, EthernetSwitch):
            self.switches[element.chassis_id] = element
        elif element.is_network_id:
            self.ids[element.network] = element  # type: ignore[index]
        else:
            network = element.network
            assert isinstance(network, ipaddress.IPv4Network | ipaddress.IPv6Network)
            table = self.prefixes[network.version].setdefault(network.prefixlen, {})
            table[int(network.network_address)] = element

    def drop(self, element: NetworkElement) -> None:
        del self.by_key[element.key]
        if isinstance(element, WirelessAccessPoint):
            del self.aps[element.prefix]
        elif isinstance(element, SwitchPort):
            del self.ports[(element.chassis_id, element.port_id)]
        elif isinstance(element, EthernetSwitch):
            del self.switches[element.chassis_id]
        elif element.is_network_id:
            del self.ids[element.network]  # type: ignore[arg-type]
        else:
            network = element.network
            assert isinstance(network, ipaddress.IPv4Network | ipaddress.IPv6Network)
            table = self.prefixes[network.version][network.prefixlen]
            del table[int(network.network_address)]
            if not table:
                del self.prefixes[network.version][network.prefixlen]

    def seal(self) -> None:
        for version, tables in self.prefixes.items():
            self.lengths[version] = tuple(sorted(tables, reverse=True))

    def covering_aps(self, element: WirelessAccessPoint) -> Iterator[WirelessAccessPoint]:
        """The wildcard entries that cover ``element`` (itself excluded)."""
        prefix = element.prefix
        for length in (11, 10):
            if length < len(prefix):
                found = self.aps.get(prefix[:length])
                if found is not None:
                    yield found

    def covered_aps(self, element: WirelessAccessPoint) -> Iterator[WirelessAccessPoint]:
        """The entries that ``element``'s wildcard covers (itself excluded)."""
        prefix = element.prefix
        for digit in "0123456789ABCDEF" if len(prefix) < 12 else "":
            inner = prefix + digit
            found = self.aps.get(inner)
            if found is not None:
                yield found
            if len(inner) < 12:
                for last in "0123456789ABCDEF":
                    found = self.aps.get(inner + last)
                    if found is not None:
                        yield found


def _same_location_wildcard(outer: WirelessAccessPoint, inner: WirelessAccessPoint) -> FieldError:
    return FieldError(
        "bssid",
        "DUPLICATE",
        f"{inner.bssid} lies within the wildcard {outer.bssid} for the same location "
        f"{outer.location_id!r}; Teams refuses such an entry: keep the wildcard only",
    )


_MASKS = {
    version: tuple(((1 << bits) - 1) << (bits_total - bits) for bits in range(bits_total + 1))
    for version, bits_total in ((4, 32), (6, 128))
}


class NetworkMap:
    """An immutable map from network elements to emergency locations (a tenant's wiremap).

    Build one in bulk with [build][emergency_address.NetworkMap.build];
    [add][emergency_address.NetworkMap.add] and [remove][emergency_address.NetworkMap.remove]
    return a new map and leave this one as it was;
    [resolve][emergency_address.NetworkMap.resolve] finds where a client is.

    Each element is unique by its key (its BSSID, chassis id, chassis and port ids, or subnet).
    Elements may point at location ids that no directory knows yet: the map keeps them (an
    import must not lose them) and the audit reports them.

    ``add`` and ``remove`` copy the map's look-up tables, which costs time in proportion to
    the map's size; for many changes, build a new map from the changed elements.

    Examples:
        >>> wiremap = NetworkMap.build([
        ...     Subnet("10.1.0.0/16", location_id="hq"),
        ...     WirelessAccessPoint("F0-6E-0B-C2-04-*", location_id="hq-2"),
        ... ])
        >>> wiremap.resolve(ClientNetwork(ip="10.1.2.3", bssid="f0:6e:0b:c2:04:17")).location_id
        'hq-2'
        >>> wiremap.resolve(ClientNetwork(ip="10.1.2.3")).location_id
        'hq'
    """

    __slots__ = ("_index",)

    _index: _Index

    def __init__(self) -> None:
        index = _Index()
        object.__setattr__(self, "_index", index)

    @classmethod
    def _of(cls, index: _Index) -> NetworkMap:
        index.seal()
        new = cls.__new__(cls)
        object.__setattr__(new, "_index", index)
        return new

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"NetworkMap is immutable; {name!r} cannot be set")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"NetworkMap is immutable; {name!r} cannot be deleted")

    def __reduce__(self) -> tuple[Callable[..., NetworkMap], tuple[tuple[NetworkElement, ...]]]:
        return (NetworkMap.build, (self.elements,))

    # --- building -------------------------------------------------------------------------

    @classmethod
    def build(cls, elements: Iterable[NetworkElement]) -> NetworkMap:
        """A map of ``elements``, checked all at once.

        An element given twice with the same content counts once.

        Raises:
            InvalidNetworkError: every problem found: two different elements with one key
                (``DUPLICATE``), an exact BSSID or narrower wildcard inside a wildcard for the
                same location (``DUPLICATE``, as Teams refuses it).
            TypeError: something that is not a network element.
        """
        if isinstance(elements, str | bytes) or not isinstance(elements, Iterable):
            found = type(elements).__name__
            raise TypeError(f"elements: expected an iterable of network elements, got {found}")
        index = _Index()
        errors: list[FieldError] = []
        for position, element in enumerate(elements):
            _check_element(f"elements[{position}]", element)
            existing = index.by_key.get(element.key)
            if existing is not None:
                if existing != element:
                    errors.append(_duplicate(f"elements[{position}]", existing, element))
                continue
            index.put(element)
        for element in index.by_key.values():
            if isinstance(element, WirelessAccessPoint):
                for outer in index.covering_aps(element):
                    if outer.location_id == element.location_id:
                        errors.append(_same_location_wildcard(outer, element))
        if errors:
            raise InvalidNetworkError(errors)
        return cls._of(index)

    def add(self, element: NetworkElement, *, replace: bool = False) -> NetworkMap:
        """A new map with ``element`` added.

        Args:
            element: the element to add.
            replace: replace an element with the same key (as Teams' ``Set-`` cmdlets do)
                instead of refusing it.

        Raises:
            InvalidNetworkError: an element with that key exists (and ``replace`` is false), or
                the BSSID lies within a wildcard for the same location, or covers entries for
                the same location.
        """
        _check_element("element", element)
        index = self._index
        existing = index.by_key.get(element.key)
        if existing is not None and not replace:
            if existing == element:
                return self
            raise InvalidNetworkError([_duplicate("element", existing, element)])
        if isinstance(element, WirelessAccessPoint):
            errors = [
                _same_location_wildcard(outer, element)
                for outer in index.covering_aps(element)
                if outer.location_id == element.location_id
            ]
            errors += [
                _same_location_wildcard(element, inner)
                for inner in index.covered_aps(element)
                if inner.location_id == element.location_id
            ]
            if errors:
                raise InvalidNetworkError(errors)
        new = index.copy_for(element) if existing is None else index.copy_for(element, existing)
        if existing is not None:
            new.drop(existing)
        new.put(element)
        return NetworkMap._of(new)

    def remove(self, element: NetworkElement) -> NetworkMap:
        """A new map without the element that has ``element``'s key (its location aside, as
        Teams' ``Remove-`` cmdlets take only the key).

        Raises:
            NotFoundError: no element has that key.
        """
        _check_element("element", element)
        existing = self._index.by_key.get(element.key)
        if existing is None:
            raise NotFoundError("network element", str(element), "in the network map")
        new = self._index.copy_for(existing)
        new.drop(existing)
        return NetworkMap._of(new)

    # --- reading --------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._index.by_key)

    def __iter__(self) -> Iterator[NetworkElement]:
        return iter(self.elements)

    def __contains__(self, element: object) -> bool:
        if not isinstance(element, ELEMENT_TYPES):
            return False
        return self._index.by_key.get(element.key) == element

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NetworkMap):
            return NotImplemented
        return self._index.by_key == other._index.by_key

    def __hash__(self) -> int:
        return hash(frozenset(self._index.by_key.values()))

    def __repr__(self) -> str:
        counts = ", ".join(f"{kind}={n}" for kind, n in self.counts().items())
        return f"NetworkMap({counts})"

    @property
    def elements(self) -> tuple[NetworkElement, ...]:
        """Every element, by kind in order of precedence, then by key."""
        return self._index.elements()

    def counts(self) -> dict[str, int]:
        """How many elements of each kind, in order of precedence."""
        index = self._index
        return {
            "wireless_access_point": len(index.aps),
            "switch_port": len(index.ports),
            "switch": len(index.switches),
            "subnet": len(index.ids)
            + sum(len(t) for tables in index.prefixes.values() for t in tables.values()),
        }

    def get(self, element: NetworkElement) -> NetworkElement | None:
        """The element in the map with ``element``'s key, or ``None``."""
        return self._index.by_key.get(_check_element("element", element).key)

    def referencing(self, location_id: str) -> tuple[NetworkElement, ...]:
        """The elements that point at ``location_id``, in the map's order.

        Raises:
            TypeError: ``location_id`` is not text.
        """
        if not isinstance(location_id, str):
            raise TypeError(f"location_id: expected str, got {type(location_id).__name__}")
        return self._index.referencing(location_id)

    def location_ids(self) -> frozenset[str]:
        """Every location id some element points at."""
        self._index.referencing("")
        assert self._index.by_location is not None
        return frozenset(self._index.by_location)

    def resolve(self, client: ClientNetwork) -> LocationMatch | None:
        """Where ``client`` is: the first element kind that matches, in Microsoft's order.

        Access points first (an exact BSSID, then a wildcard on the last character, then on the
        last two), then the switch port, then the switch, then subnets (an exact network-ID
        match, then the longest CIDR prefix holding the client's address or, without one, its
        subnet ID).

        Returns:
            the match, or ``None`` when no element matches.
        """
        if not isinstance(client, ClientNetwork):
            raise TypeError(f"client: expected ClientNetwork, got {type(client).__name__}")
        index = self._index
        if client.bssid is not None and index.aps:
            digits = client.bssid.replace("-", "")
            for length in (12, 11, 10):
                ap = index.aps.get(digits[:length])
                if ap is not None:
                    return _match(ap, "bssid", client.bssid)
        if client.chassis_id is not None:
            if client.port_id is not None:
                port = index.ports.get((client.chassis_id, client.port_id))
                if port is not None:
                    return _match(
                        port, "chassis_id and port_id", f"{client.chassis_id} {client.port_id}"
                    )
            switch = index.switches.get(client.chassis_id)
            if switch is not None:
                return _match(switch, "chassis_id", client.chassis_id)
        if client.subnet_id is not None:
            subnet = index.ids.get(client.subnet_id)
            if subnet is not None:
                return _match(subnet, "subnet_id", client.subnet_id)
        address = client.ip if client.ip is not None else client.subnet_id
        if address is not None:
            version = address.version
            tables = index.prefixes[version]
            value = int(address)
            masks = _MASKS[version]
            for length in index.lengths[version]:
                found = tables[length].get(value & masks[length])
                if found is not None:
                    what = "ip" if client.ip is not None else "subnet_id"
                    return _match(found, what, address)
        return None

    def _outermost(self, subnet: Subnet) -> Subnet | None:
        """The map's shortest CIDR prefix holding ``subnet`` (itself, if none is shorter)."""
        network = subnet.network
        version = network.version
        if isinstance(network, ipaddress.IPv4Address | ipaddress.IPv6Address):
            value, own = int(network), network.max_prefixlen + 1
        else:
            value, own = int(network.network_address), network.prefixlen
        masks, tables = _MASKS[version], self._index.prefixes[version]
        for length in reversed(self._index.lengths[version]):  # shortest first
            if length > own:
                break
            found = tables[length].get(value & masks[length])
            if found is not None:
                return found
        return None

    def overlaps(self) -> tuple[Overlap, ...]:
        """Pairs of elements of one kind that cover a common client and point at different
        locations: nested CIDR prefixes, a network ID inside a prefix, an exact BSSID or a
        narrower wildcard inside a wider one. Deterministic order."""
        index = self._index
        found: list[Overlap] = []
        for ap in index.aps.values():
            for outer in index.covering_aps(ap):
                if outer.location_id != ap.location_id:
                    found.append(Overlap(broader=outer, narrower=ap))
        for version, tables in index.prefixes.items():
            masks = _MASKS[version]
            lengths = index.lengths[version]
            for length in lengths:
                for value, nested in tables[length].items():
                    for shorter in lengths:
                        if shorter >= length:
                            continue
                        holder = tables[shorter].get(value & masks[shorter])
                        if holder is not None and holder.location_id != nested.location_id:
                            found.append(Overlap(broader=holder, narrower=nested))
        for address, exact in index.ids.items():
            masks = _MASKS[address.version]
            tables = index.prefixes[address.version]
            for length in index.lengths[address.version]:
                holder = tables[length].get(int(address) & masks[length])
                if holder is not None and holder.location_id != exact.location_id:
                    found.append(Overlap(broader=holder, narrower=exact))
        found.sort(key=lambda o: (_order(o.narrower), _order(o.broader)))
        return tuple(found)


def _duplicate(field: str, existing: NetworkElement, element: NetworkElement) -> FieldError:
    return FieldError(
        field,
        "DUPLICATE",
        f"{element} is already in the map for location {existing.location_id!r}; one entry "
        f"per {_KIND_NAME[type(element)]} (pass replace=True to add() to replace it)",
    )


def _order(element: NetworkElement) -> tuple[Any, ...]:
    if isinstance(element, Subnet):
        network = element.network
        if isinstance(network, ipaddress.IPv4Address | ipaddress.IPv6Address):
            return (3, network.version, int(network), network.max_prefixlen + 1)
        return (3, network.version, int(network.network_address), network.prefixlen)
    return (_RANK[type(element)], *element.key[1:])


def _match(element: NetworkElement, matched_on: str, value: str | IPAddress) -> LocationMatch:
    return LocationMatch(
        location_id=element.location_id, element=element, matched_on=matched_on, value=value
    )
