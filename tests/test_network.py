"""Dynamic location: network elements, what a client reports, and the network map."""

from __future__ import annotations

import copy
import ipaddress
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emergency_address import (
    ClientNetwork,
    EthernetSwitch,
    LocationMatch,
    NetworkMap,
    Subnet,
    SwitchPort,
    WirelessAccessPoint,
)
from emergency_address._network_strategies import (
    bssids,
    client_networks,
    network_elements,
    network_maps,
    subnets,
)
from emergency_address.exceptions import (
    InvalidAddressError,
    InvalidNetworkError,
    NotFoundError,
)

# --- BSSIDs and chassis ids ------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    [
        "00-11-22-aa-bb-cc",
        "00:11:22:AA:BB:CC",
        "0011.22aa.bbcc",
        "001122aabbcc",
        "0:11:22:aa:bb:cc",  # macOS drops leading zeros
        "  00-11-22-AA-BB-CC  ",
    ],
)
def test_every_common_mac_spelling_normalises_to_teams_form(spelling: str) -> None:
    assert WirelessAccessPoint(spelling, location_id="l").bssid == "00-11-22-AA-BB-CC"


@pytest.mark.parametrize(
    ("spelling", "normal", "wildcard"),
    [
        ("F0-6E-0B-C2-04-*", "F0-6E-0B-C2-04-*", 2),
        ("f0:6e:0b:c2:04:**", "F0-6E-0B-C2-04-*", 2),
        ("f06e.0bc2.04**", "F0-6E-0B-C2-04-*", 2),
        ("f06e0bc204*", "F0-6E-0B-C2-04-*", 2),
        ("F0-6E-0B-C2-04-2*", "F0-6E-0B-C2-04-2*", 1),
        ("f06e0bc2042*", "F0-6E-0B-C2-04-2*", 1),
        ("f06e.0bc2.042*", "F0-6E-0B-C2-04-2*", 1),
    ],
)
def test_wildcards_on_the_last_one_or_two_characters(
    spelling: str, normal: str, wildcard: int
) -> None:
    ap = WirelessAccessPoint(spelling, location_id="l")
    assert (ap.bssid, ap.wildcard) == (normal, wildcard)


@pytest.mark.parametrize(
    "bad",
    [
        "F0-6E-0B-C2-0*",  # wildcard over three characters
        "F0-6E-*-C2-04-12",  # wildcard in the middle
        "F0-6E-0B-C2-04",  # five groups
        "F0-6E:0B-C2-04-12",  # mixed separators
        "G0-6E-0B-C2-04-12",  # not hex
        "",
        "*",
    ],
)
def test_a_bad_bssid_is_refused_naming_the_field(bad: str) -> None:
    with pytest.raises(InvalidNetworkError) as caught:
        WirelessAccessPoint(bad, location_id="l")
    assert [e.field for e in caught.value.errors] == ["bssid"]
    assert "12-34-56-78-90-AB" in str(caught.value)


def test_a_client_bssid_has_no_wildcard() -> None:
    with pytest.raises(InvalidNetworkError, match="without"):
        ClientNetwork(bssid="F0-6E-0B-C2-04-*")


def test_chassis_ids_are_macs_when_they_parse_and_opaque_otherwise() -> None:
    assert EthernetSwitch("b8be.bf4a.a300", location_id="l").chassis_id == "B8-BE-BF-4A-A3-00"
    assert EthernetSwitch(" 55123 ", location_id="l").chassis_id == "55123"
    assert EthernetSwitch("Core-SW-1", location_id="l").chassis_id == "Core-SW-1"
    port = SwitchPort("B8-BE-BF-4A-A3-00", "0a:25:55:ab:cd:ff", location_id="l")
    assert port.port_id == "0A-25-55-AB-CD-FF"


def test_a_wildcard_is_no_chassis_id() -> None:
    # Only BSSIDs take wildcards; a chassis id with '*' is opaque text, matched as written.
    assert EthernetSwitch("B8-BE-BF-4A-A3-*", location_id="l").chassis_id == "B8-BE-BF-4A-A3-*"


@given(bssids(wildcard=True))
def test_any_drawn_bssid_spelling_round_trips(spelling: str) -> None:
    ap = WirelessAccessPoint(spelling, location_id="l")
    assert WirelessAccessPoint(ap.bssid, location_id="l") == ap


# --- subnets ---------------------------------------------------------------------------------


def test_a_subnet_without_prefix_is_a_teams_network_id() -> None:
    subnet = Subnet("10.10.10.128", location_id="l")
    assert subnet.is_network_id
    assert subnet.network == ipaddress.ip_address("10.10.10.128")


def test_a_cidr_subnet_is_a_prefix() -> None:
    subnet = Subnet("2001:db8:1::/48", location_id="l")
    assert not subnet.is_network_id
    assert subnet.network == ipaddress.ip_network("2001:db8:1::/48")


def test_host_bits_are_refused_with_the_network_suggested() -> None:
    with pytest.raises(InvalidNetworkError, match=r"did you mean '10\.10\.10\.128/25'"):
        Subnet("10.10.10.150/25", location_id="l")


def test_ipaddress_objects_are_accepted() -> None:
    assert Subnet(ipaddress.ip_network("10.0.0.0/8"), location_id="l") == Subnet(
        "10.0.0.0/8", location_id="l"
    )


@pytest.mark.parametrize("bad", ["10.1", "10.0.0.0/33", "hq", "::g"])
def test_a_bad_subnet_is_refused(bad: str) -> None:
    with pytest.raises(InvalidNetworkError) as caught:
        Subnet(bad, location_id="l")
    assert caught.value.errors[0].field == "network"


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(InvalidNetworkError) as caught:
        Subnet("nope", location_id="", description="x" * 300)
    fields = [e.field for e in caught.value.errors]
    assert fields == ["network", "location_id", "description"]


def test_wrong_types_are_our_error_naming_the_field() -> None:
    with pytest.raises(InvalidNetworkError) as caught:
        WirelessAccessPoint(12, location_id=3)  # type: ignore[arg-type]
    assert {e.code for e in caught.value.errors} == {"INVALID_TYPE"}
    assert isinstance(caught.value, InvalidAddressError)


# --- the client ------------------------------------------------------------------------------


def test_the_subnet_id_is_computed_from_ip_and_prefix_length() -> None:
    client = ClientNetwork(ip="10.10.10.150", prefix_length=25)
    assert client.subnet_id == ipaddress.ip_address("10.10.10.128")
    assert ClientNetwork(ip="10.10.10.150/25") == client


def test_a_contradicting_subnet_id_is_refused() -> None:
    with pytest.raises(InvalidNetworkError, match="not the network ID"):
        ClientNetwork(ip="10.10.10.150/25", subnet_id="10.10.10.0")


def test_ipv4_mapped_ipv6_is_read_as_ipv4() -> None:
    assert ClientNetwork(ip="::ffff:10.1.2.3").ip == ipaddress.ip_address("10.1.2.3")


def test_a_port_needs_its_switch() -> None:
    with pytest.raises(InvalidNetworkError) as caught:
        ClientNetwork(port_id="G1/0/1")
    assert caught.value.errors[0].field == "port_id"


def test_prefix_length_out_of_range() -> None:
    with pytest.raises(InvalidNetworkError, match="0 to 128"):
        ClientNetwork(ip="2001:db8::1", prefix_length=129)


# --- immutability, hashing, pickling ---------------------------------------------------------


@given(network_elements())
def test_elements_are_frozen_hashable_and_picklable(element: object) -> None:
    assert pickle.loads(pickle.dumps(element)) == element
    assert hash(copy.deepcopy(element)) == hash(element)
    with pytest.raises(AttributeError):
        element.location_id = "elsewhere"  # type: ignore[attr-defined]


@given(client_networks())
def test_clients_pickle(client: ClientNetwork) -> None:
    assert pickle.loads(pickle.dumps(client)) == client


@given(network_maps())
def test_maps_are_immutable_hashable_and_picklable(wiremap: NetworkMap) -> None:
    again = pickle.loads(pickle.dumps(wiremap))
    assert again == wiremap
    assert hash(again) == hash(wiremap)
    with pytest.raises(AttributeError):
        wiremap._index = None  # type: ignore[misc]


# --- resolving: Microsoft's order of precedence ----------------------------------------------

HQ = NetworkMap.build(
    [
        Subnet("10.1.0.0/16", location_id="hq"),
        Subnet("10.1.2.0/24", location_id="hq-2"),
        Subnet("10.10.10.128", location_id="hq-3"),
        Subnet("2001:db8::/32", location_id="hq"),
        Subnet("2001:db8:2::/48", location_id="hq-2"),
        WirelessAccessPoint("F0-6E-0B-C2-04-*", location_id="hq-1"),
        WirelessAccessPoint("F0-6E-0B-C2-04-1*", location_id="hq-1-east"),
        WirelessAccessPoint("F0-6E-0B-C2-04-12", location_id="hq-1-lobby"),
        EthernetSwitch("B8-BE-BF-4A-A3-00", location_id="hq-2"),
        SwitchPort("B8-BE-BF-4A-A3-00", "G1/0/30", location_id="hq-2-desk-30"),
    ]
)


def where(**client: object) -> str | None:
    match = HQ.resolve(ClientNetwork(**client))  # type: ignore[arg-type]
    return None if match is None else match.location_id


def test_access_point_beats_port_switch_and_subnet() -> None:
    assert (
        where(
            bssid="F0-6E-0B-C2-04-AA",
            chassis_id="B8-BE-BF-4A-A3-00",
            port_id="G1/0/30",
            ip="10.1.2.3",
        )
        == "hq-1"
    )


def test_port_beats_switch_and_subnet() -> None:
    assert where(chassis_id="B8-BE-BF-4A-A3-00", port_id="G1/0/30", ip="10.1.2.3") == (
        "hq-2-desk-30"
    )


def test_switch_beats_subnet_when_the_port_is_unknown() -> None:
    assert where(chassis_id="b8bebf4aa300", port_id="G1/0/31", ip="10.1.9.9") == "hq-2"


def test_an_unknown_access_point_falls_through_to_the_wired_elements() -> None:
    assert where(bssid="00-00-00-00-00-01", ip="10.1.9.9") == "hq"


def test_exact_bssid_beats_one_character_wildcard_beats_two() -> None:
    assert where(bssid="F0-6E-0B-C2-04-12") == "hq-1-lobby"
    assert where(bssid="F0-6E-0B-C2-04-13") == "hq-1-east"
    assert where(bssid="F0-6E-0B-C2-04-23") == "hq-1"
    assert where(bssid="F0-6E-0B-C2-05-23") is None


def test_longest_prefix_wins_ipv4_and_ipv6() -> None:
    assert where(ip="10.1.2.200") == "hq-2"
    assert where(ip="10.1.3.1") == "hq"
    assert where(ip="2001:db8:2::99") == "hq-2"
    assert where(ip="2001:db8:3::99") == "hq"
    assert where(ip="192.0.2.1") is None


def test_a_network_id_matches_the_subnet_id_exactly() -> None:
    assert where(ip="10.10.10.150/25") == "hq-3"
    assert where(subnet_id="10.10.10.128") == "hq-3"
    assert where(ip="10.10.10.150") is None  # no prefix length: the subnet ID is unknown


def test_a_network_id_ranks_above_every_prefix() -> None:
    wiremap = NetworkMap.build(
        [Subnet("10.1.2.0/24", location_id="floor"), Subnet("10.1.2.0", location_id="exact")]
    )
    client = ClientNetwork(ip="10.1.2.7/24")
    match = wiremap.resolve(client)
    assert match is not None
    assert match.location_id == "exact"
    assert match.matched_on == "subnet_id"


def test_the_match_says_why() -> None:
    match = HQ.resolve(ClientNetwork(bssid="F0-6E-0B-C2-04-77", ip="10.1.2.3"))
    assert isinstance(match, LocationMatch)
    assert match.element == WirelessAccessPoint("F0-6E-0B-C2-04-*", location_id="hq-1")
    assert match.matched_on == "bssid"
    assert "wildcard on the last 2" in match.reason
    assert "access points come first" in match.reason
    assert (match.kind, match.method) == ("wireless access point", "802.11")
    wired = HQ.resolve(ClientNetwork(ip="10.1.2.3"))
    assert wired is not None
    assert (wired.kind, wired.method) == ("subnet", "Wiremap")
    assert "longest prefix" in wired.reason


def test_an_empty_report_matches_nothing() -> None:
    assert HQ.resolve(ClientNetwork()) is None
    assert NetworkMap().resolve(ClientNetwork(ip="10.0.0.1")) is None


def test_resolve_wants_a_client() -> None:
    with pytest.raises(TypeError, match="client"):
        HQ.resolve("10.0.0.1")  # type: ignore[arg-type]


def _linear(wiremap: NetworkMap, client: ClientNetwork) -> str | None:
    """The specification, spelt out slowly: every element checked, the best kept."""
    best: tuple[tuple[int, ...], str] | None = None
    for element in wiremap.elements:
        rank: tuple[int, ...] | None = None
        if isinstance(element, WirelessAccessPoint) and client.bssid:
            if client.bssid.replace("-", "").startswith(element.prefix):
                rank = (0, element.wildcard)
        elif isinstance(element, SwitchPort) and client.port_id:
            if (element.chassis_id, element.port_id) == (client.chassis_id, client.port_id):
                rank = (1,)
        elif isinstance(element, EthernetSwitch) and client.chassis_id:
            if element.chassis_id == client.chassis_id:
                rank = (2,)
        elif isinstance(element, Subnet):
            if element.is_network_id:
                if client.subnet_id is not None and element.network == client.subnet_id:
                    rank = (3, 0)
            else:
                address = client.ip if client.ip is not None else client.subnet_id
                network = element.network
                assert isinstance(network, ipaddress.IPv4Network | ipaddress.IPv6Network)
                if address is not None and address in network:
                    rank = (3, 1, -network.prefixlen)
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, element.location_id)
    return None if best is None else best[1]


@given(network_maps(max_size=30), client_networks())
def test_resolve_agrees_with_a_linear_scan(wiremap: NetworkMap, client: ClientNetwork) -> None:
    match = wiremap.resolve(client)
    assert (None if match is None else match.location_id) == _linear(wiremap, client)


@given(network_maps(max_size=15), st.data())
def test_resolve_agrees_with_a_linear_scan_for_clients_on_the_map(
    wiremap: NetworkMap, data: st.DataObject
) -> None:
    # Clients drawn from the map's own elements, so matches actually happen.
    if not len(wiremap):
        return
    element = data.draw(st.sampled_from(wiremap.elements))
    values: dict[str, object] = {}
    if isinstance(element, WirelessAccessPoint):
        values["bssid"] = element.prefix + "0" * element.wildcard
    elif isinstance(element, SwitchPort):
        values.update(chassis_id=element.chassis_id, port_id=element.port_id)
    elif isinstance(element, EthernetSwitch):
        values["chassis_id"] = element.chassis_id
    elif element.is_network_id:
        values["subnet_id"] = element.network
    else:
        network = element.network
        assert isinstance(network, ipaddress.IPv4Network | ipaddress.IPv6Network)
        values["ip"] = network.network_address + data.draw(
            st.integers(0, network.num_addresses - 1)
        )
        if getattr(values["ip"], "ipv4_mapped", None) is not None:
            return  # an IPv4-mapped address is read as IPv4: not a client of this prefix
    client = ClientNetwork(**values)  # type: ignore[arg-type]
    match = wiremap.resolve(client)
    assert match is not None
    assert match.location_id == _linear(wiremap, client)


# --- building and changing the map -----------------------------------------------------------


def test_an_exact_bssid_inside_a_wildcard_for_the_same_location_is_refused() -> None:
    with pytest.raises(InvalidNetworkError, match="keep the wildcard only"):
        NetworkMap.build(
            [
                WirelessAccessPoint("F0-6E-0B-C2-04-*", location_id="a"),
                WirelessAccessPoint("F0-6E-0B-C2-04-12", location_id="a"),
            ]
        )
    wiremap = NetworkMap.build([WirelessAccessPoint("F0-6E-0B-C2-04-12", location_id="a")])
    with pytest.raises(InvalidNetworkError, match="keep the wildcard only"):
        wiremap.add(WirelessAccessPoint("F0-6E-0B-C2-04-*", location_id="a"))


def test_an_exact_bssid_inside_a_wildcard_for_another_location_is_kept() -> None:
    wiremap = NetworkMap.build(
        [
            WirelessAccessPoint("F0-6E-0B-C2-04-*", location_id="a"),
            WirelessAccessPoint("F0-6E-0B-C2-04-12", location_id="b"),
        ]
    )
    assert len(wiremap) == 2
    (overlap,) = wiremap.overlaps()
    assert overlap.narrower.bssid == "F0-6E-0B-C2-04-12"  # type: ignore[union-attr]
    assert "'b'" in overlap.describe()


def test_two_entries_with_one_key_are_refused_unless_identical() -> None:
    same = Subnet("10.0.0.0/8", location_id="a")
    assert len(NetworkMap.build([same, same])) == 1
    with pytest.raises(InvalidNetworkError) as caught:
        NetworkMap.build([same, Subnet("10.0.0.0/8", location_id="b")])
    assert caught.value.errors[0].code == "DUPLICATE"
    assert caught.value.errors[0].field == "elements[1]"


def test_add_returns_a_new_map_and_leaves_the_old_one() -> None:
    before = NetworkMap.build([Subnet("10.0.0.0/8", location_id="a")])
    after = before.add(Subnet("10.1.0.0/16", location_id="b"))
    assert len(before) == 1
    assert len(after) == 2
    assert before.resolve(ClientNetwork(ip="10.1.0.1")).location_id == "a"  # type: ignore[union-attr]
    assert after.resolve(ClientNetwork(ip="10.1.0.1")).location_id == "b"  # type: ignore[union-attr]


def test_add_refuses_a_duplicate_key_unless_replacing() -> None:
    wiremap = NetworkMap.build([EthernetSwitch("sw1", location_id="a")])
    with pytest.raises(InvalidNetworkError, match="replace=True"):
        wiremap.add(EthernetSwitch("sw1", location_id="b"))
    replaced = wiremap.add(EthernetSwitch("sw1", location_id="b"), replace=True)
    assert replaced.elements == (EthernetSwitch("sw1", location_id="b"),)
    assert wiremap.add(EthernetSwitch("sw1", location_id="a")) is wiremap


def test_remove_goes_by_key_and_refuses_an_unknown_one() -> None:
    wiremap = NetworkMap.build([Subnet("10.0.0.0/8", location_id="a")])
    assert len(wiremap.remove(Subnet("10.0.0.0/8", location_id="anything"))) == 0
    with pytest.raises(NotFoundError):
        wiremap.remove(Subnet("11.0.0.0/8", location_id="a"))
    assert len(wiremap) == 1


@given(network_maps(), network_elements())
def test_add_then_remove_gives_back_the_map(wiremap: NetworkMap, element: object) -> None:
    assert isinstance(element, Subnet | WirelessAccessPoint | EthernetSwitch | SwitchPort)
    if wiremap.get(element) is not None:
        return
    try:
        grown = wiremap.add(element)
    except InvalidNetworkError:
        return  # a wildcard shadowing its own location: refused, as tested above
    assert element in grown
    assert len(grown) == len(wiremap) + 1
    assert grown.remove(element) == wiremap


def test_build_refuses_what_is_not_an_element() -> None:
    with pytest.raises(TypeError, match=r"elements\[0\]"):
        NetworkMap.build(["10.0.0.0/8"])  # type: ignore[list-item]


def test_elements_come_in_order_of_precedence() -> None:
    kinds = [type(e).__name__ for e in HQ.elements]
    assert kinds == sorted(kinds, key=["WirelessAccessPoint", "SwitchPort", "EthernetSwitch",
                                       "Subnet"].index)  # fmt: skip
    assert HQ.counts() == {
        "wireless_access_point": 3,
        "switch_port": 1,
        "switch": 1,
        "subnet": 5,
    }


def test_referencing_lists_the_elements_of_a_location() -> None:
    assert HQ.referencing("hq-2") == (
        EthernetSwitch("B8-BE-BF-4A-A3-00", location_id="hq-2"),
        Subnet("10.1.2.0/24", location_id="hq-2"),
        Subnet("2001:db8:2::/48", location_id="hq-2"),
    )
    assert "hq-2-desk-30" in HQ.location_ids()


def test_overlapping_prefixes_and_network_ids_are_listed() -> None:
    wiremap = NetworkMap.build(
        [
            Subnet("10.0.0.0/8", location_id="campus"),
            Subnet("10.1.0.0/16", location_id="b1"),
            Subnet("10.1.0.0/24", location_id="b1"),
            Subnet("10.2.3.0", location_id="lab"),
        ]
    )
    pairs = {(str(o.broader.network), str(o.narrower.network)) for o in wiremap.overlaps()}  # type: ignore[union-attr]
    assert pairs == {
        ("10.0.0.0/8", "10.1.0.0/16"),
        ("10.0.0.0/8", "10.1.0.0/24"),
        ("10.0.0.0/8", "10.2.3.0"),
    }


@given(subnets(network_id=False))
def test_a_prefix_matches_its_own_first_and_last_address(subnet: Subnet) -> None:
    network = subnet.network
    assert isinstance(network, ipaddress.IPv4Network | ipaddress.IPv6Network)
    wiremap = NetworkMap.build([subnet])
    for address in (network.network_address, network.broadcast_address):
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            continue  # read as the IPv4 address it carries (tested above)
        match = wiremap.resolve(ClientNetwork(ip=address))
        assert match is not None
        assert match.element == subnet
