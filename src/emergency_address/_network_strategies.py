"""Hypothesis strategies for the dynamic-location value objects.

Needs ``hypothesis``; the package never imports this module itself (``strategies`` re-exports
it). Every value drawn is valid: it constructs without error.

Examples:
    >>> from hypothesis import given
    >>> @given(wireless_access_points())
    ... def test_bssid_is_normalised(ap):
    ...     assert ap.bssid == ap.bssid.upper()
    >>> test_bssid_is_normalised()
"""

from __future__ import annotations

import ipaddress
import string

from hypothesis import strategies as st

from ._network import (
    ClientNetwork,
    EthernetSwitch,
    NetworkElement,
    NetworkMap,
    Subnet,
    SwitchPort,
    WirelessAccessPoint,
)

__all__ = [
    "bssids",
    "client_networks",
    "ethernet_switches",
    "network_elements",
    "network_maps",
    "subnets",
    "switch_ports",
    "wireless_access_points",
]

_LOCATION_IDS = st.text(string.ascii_lowercase + string.digits + "-", min_size=1, max_size=12)
_DESCRIPTIONS = st.none() | st.text(string.ascii_letters + " ", min_size=1, max_size=30)
_OPAQUE = st.text(string.ascii_letters + string.digits + "/-_.", min_size=1, max_size=16).filter(
    lambda s: len(s.replace(".", "").replace("-", "")) != 12  # never a MAC spelling by chance
)


@st.composite
def bssids(draw: st.DrawFn, *, wildcard: bool = False) -> str:
    """A BSSID in one of the common MAC spellings, upper or lower case; with ``wildcard``, a
    ``*`` may stand for the last one or two characters."""
    digits = draw(st.text("0123456789abcdef", min_size=12, max_size=12))
    wild = draw(st.sampled_from((0, 1, 2))) if wildcard else 0
    if draw(st.booleans()):
        digits = digits.upper()
    kept = digits[: 12 - wild]
    style = draw(st.sampled_from(("-", ":", ".", "")))
    if style == ".":
        return ".".join(kept[i : i + 4] for i in range(0, 12, 4)) + "*" * wild
    if style == "":
        return kept + "*" * wild
    pairs = [kept[i : i + 2] for i in range(0, len(kept), 2)]
    if wild == 2:
        pairs.append("*")
    elif wild == 1:
        pairs[-1] += "*"
    return style.join(pairs)


def _networks() -> st.SearchStrategy[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    v4 = st.builds(
        lambda a, n: ipaddress.IPv4Network((a, n), strict=False),
        st.integers(0, 2**32 - 1),
        st.integers(8, 32),
    )
    v6 = st.builds(
        lambda a, n: ipaddress.IPv6Network((a, n), strict=False),
        st.integers(0, 2**128 - 1),
        st.integers(16, 128),
    )
    return v4 | v6


def subnets(*, network_id: bool | None = None) -> st.SearchStrategy[Subnet]:
    """Subnets: Teams network IDs, CIDR prefixes, or either (``network_id=None``)."""
    ids = st.builds(
        lambda n, loc, d: Subnet(str(n.network_address), location_id=loc, description=d),
        _networks(),
        _LOCATION_IDS,
        _DESCRIPTIONS,
    )
    prefixes = st.builds(
        lambda n, loc, d: Subnet(str(n), location_id=loc, description=d),
        _networks(),
        _LOCATION_IDS,
        _DESCRIPTIONS,
    )
    if network_id is None:
        return ids | prefixes
    return ids if network_id else prefixes


def wireless_access_points(*, wildcard: bool = True) -> st.SearchStrategy[WirelessAccessPoint]:
    """Access points, their BSSID in any common spelling, wildcards allowed unless told not."""
    return st.builds(
        lambda b, loc, d: WirelessAccessPoint(b, location_id=loc, description=d),
        bssids(wildcard=wildcard),
        _LOCATION_IDS,
        _DESCRIPTIONS,
    )


def _chassis_ids() -> st.SearchStrategy[str]:
    return bssids() | _OPAQUE


def ethernet_switches() -> st.SearchStrategy[EthernetSwitch]:
    """Switches whose chassis id is a MAC address in any spelling, or opaque text."""
    return st.builds(
        lambda c, loc, d: EthernetSwitch(c, location_id=loc, description=d),
        _chassis_ids(),
        _LOCATION_IDS,
        _DESCRIPTIONS,
    )


def switch_ports() -> st.SearchStrategy[SwitchPort]:
    """Switch ports: a chassis id as for switches and a port id (``G1/0/30`` or a MAC)."""
    return st.builds(
        lambda c, p, loc, d: SwitchPort(c, p, location_id=loc, description=d),
        _chassis_ids(),
        _chassis_ids(),
        _LOCATION_IDS,
        _DESCRIPTIONS,
    )


def network_elements() -> st.SearchStrategy[NetworkElement]:
    """Any of the four element kinds."""
    return st.one_of(subnets(), wireless_access_points(), ethernet_switches(), switch_ports())


@st.composite
def client_networks(draw: st.DrawFn) -> ClientNetwork:
    """What a client may report: any combination of address, subnet, BSSID, chassis and port."""
    values: dict[str, object] = {}
    if draw(st.booleans()):
        network = draw(_networks())
        offset = draw(st.integers(0, network.num_addresses - 1))
        values["ip"] = network.network_address + offset
        if draw(st.booleans()):
            values["prefix_length"] = network.prefixlen
    if draw(st.booleans()):
        values["bssid"] = draw(bssids())
    if draw(st.booleans()):
        values["chassis_id"] = draw(_chassis_ids())
        if draw(st.booleans()):
            values["port_id"] = draw(_chassis_ids())
    return ClientNetwork(**values)  # type: ignore[arg-type]


@st.composite
def network_maps(draw: st.DrawFn, *, max_size: int = 20) -> NetworkMap:
    """Valid network maps: elements with distinct keys and no wildcard shadowing an entry of
    its own location (which a map refuses)."""
    chosen: dict[object, NetworkElement] = {}
    for element in draw(st.lists(network_elements(), max_size=max_size)):
        chosen.setdefault(element.key, element)
    elements = list(chosen.values())
    aps = {e.prefix: e for e in elements if isinstance(e, WirelessAccessPoint)}
    kept = [
        e
        for e in elements
        if not isinstance(e, WirelessAccessPoint)
        or not any(
            (outer := aps.get(e.prefix[:n])) is not None and outer.location_id == e.location_id
            for n in (10, 11)
            if n < len(e.prefix)
        )
    ]
    return NetworkMap.build(kept)
