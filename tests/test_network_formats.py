"""Teams LIS network element CSV (Get- exports, Set- import files) and PIDF-LO for a call."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emergency_address import (
    CivicAddress,
    ClientNetwork,
    EmergencyDirectory,
    EnteredLocation,
    EthernetSwitch,
    Location,
    NetworkMap,
    Subnet,
    SwitchPort,
    WirelessAccessPoint,
    call_location,
)
from emergency_address._network_strategies import (
    ethernet_switches,
    subnets,
    switch_ports,
    wireless_access_points,
)
from emergency_address.exceptions import InvalidNetworkError, NotFoundError
from emergency_address.formats import network
from emergency_address.formats.pidf import parse_pidf_lo
from factories import us_office

# The documented Get- output (office-docs-powershell, Get-CsOnlineLis*.md), as Windows
# PowerShell's Export-Csv writes it: a #TYPE line, every cell quoted.
WAP_EXPORT = """\
#TYPE Deserialized.Microsoft.Rtc.Management.Hosted.Online.Models.WirelessAccessPoint
"BSSID","LocationId","Description"
"F0-6E-0B-C2-03-23","d7714269-ee52-4635-97b0-d7c228801d24","USWAP1"
"34-E3-80-D5-AB-60","9905bca0-6fb0-11ec-84a4-25019013784a","DKWAP1"
"F0-6E-0B-C2-03-*","b2804a1a-e4cf-47df-8964-3eaf6fe1ae3a","SEWAPs"
"""
PORT_EXPORT = """\
PortID,ChassisID,LocationId,Description
G1/0/30,B8-BE-BF-4A-A3-00,9905bca0-6fb0-11ec-84a4-25019013784a,
S2/0/25,F6-26-79-B5-3D-49,d7714269-ee52-4635-97b0-d7c228801d24,
"""
SWITCH_EXPORT = """\
ChassisID,LocationId,Description
B8-BE-BF-4A-A3-00,9905bca0-6fb0-11ec-84a4-25019013784a,DKSwitch1
F6-26-79-B5-3D-49,d7714269-ee52-4635-97b0-d7c228801d24,USSwitch1
"""
SUBNET_IMPORT = """\
subnet,locationid,description,SomethingElse
10.10.10.128,f037a9ad-4334-455a-a1c5-3838ec0f5d02,Subnet 10.10.10.128,x
2001:4898:e8:6c::,f037a9ad-4334-455a-a1c5-3838ec0f5d02,,y
"""


def read(text: str, **kwargs: str) -> tuple[object, ...]:
    return network.read_csv(io.StringIO(text), **kwargs)


def test_the_documented_access_point_export_reads() -> None:
    aps = read(WAP_EXPORT)
    assert aps[2] == WirelessAccessPoint(
        "F0-6E-0B-C2-03-*", location_id="b2804a1a-e4cf-47df-8964-3eaf6fe1ae3a", description="SEWAPs"
    )
    assert len(aps) == 3


def test_the_documented_port_and_switch_exports_read() -> None:
    ports = read(PORT_EXPORT)
    assert ports[0] == SwitchPort(
        "B8-BE-BF-4A-A3-00", "G1/0/30", location_id="9905bca0-6fb0-11ec-84a4-25019013784a"
    )
    switches = read(SWITCH_EXPORT)
    assert switches[1] == EthernetSwitch(
        "F6-26-79-B5-3D-49",
        location_id="d7714269-ee52-4635-97b0-d7c228801d24",
        description="USSwitch1",
    )


def test_headers_in_any_case_and_extra_columns() -> None:
    subnets_read = read(SUBNET_IMPORT)
    assert [str(s.network) for s in subnets_read] == ["10.10.10.128", "2001:4898:e8:6c::"]  # type: ignore[attr-defined]
    assert all(s.is_network_id for s in subnets_read)  # type: ignore[attr-defined]


def test_a_byte_order_mark_and_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "switches.csv"
    path.write_text(SWITCH_EXPORT + "\r\n", encoding="utf-8-sig")
    assert len(network.read_csv(path)) == 2


def test_every_bad_row_is_reported_with_line_and_column() -> None:
    text = (
        "BSSID,LocationId,Description\n"
        "F0-6E-0B-C2-03-23,loc-1,ok\n"
        "not-a-bssid,loc-1,bad\n"
        "F0-6E-0B-C2-03-24,,no location\n"
    )
    with pytest.raises(InvalidNetworkError) as caught:
        read(text)
    assert [(e.field, e.code) for e in caught.value.errors] == [
        ("line 3, BSSID", "INVALID"),
        ("line 4, LocationId", "REQUIRED"),
    ]


def test_line_numbers_count_the_type_line() -> None:
    text = WAP_EXPORT.replace('"DKWAP1"', '"DKWAP1"\n"zz","x",""')
    with pytest.raises(InvalidNetworkError) as caught:
        read(text)
    assert caught.value.errors[0].field == "line 5, BSSID"


def test_a_stray_quote_is_refused_with_its_line() -> None:
    text = 'ChassisID,LocationId,Description\nsw1,loc,"ok"\nsw2,loc,"bro"ken\n'
    with pytest.raises(InvalidNetworkError) as caught:
        read(text)
    assert caught.value.errors[0].field == "line 3"
    assert "not CSV" in caught.value.errors[0].message


def test_a_quote_left_open_across_lines_is_refused_at_its_line() -> None:
    # No value spans lines (text is kept with white space collapsed), so a quoted line break is
    # a stray quote that would swallow the rows after it.
    text = 'ChassisID,LocationId,Description\nsw1,loc,ok\nsw2,loc,"open\nsw3,loc,x\n'
    with pytest.raises(InvalidNetworkError) as caught:
        read(text)
    assert caught.value.errors[0].field == "line 3"


def test_a_quote_inside_an_unquoted_cell_is_kept_as_written() -> None:
    (switch,) = read('ChassisID,LocationId\nsw"1,loc\n')
    assert switch.chassis_id == 'sw"1'  # type: ignore[attr-defined]


def test_two_rows_for_one_key_with_different_locations_are_refused() -> None:
    text = "Subnet,LocationId\n10.0.0.0,a\n10.0.0.0,a\n10.0.0.0,b\n"
    with pytest.raises(InvalidNetworkError) as caught:
        read(text)
    (error,) = caught.value.errors
    assert error.field == "line 4, LocationId"
    assert "line 2" in error.message


def test_a_header_without_the_kind_s_columns() -> None:
    with pytest.raises(InvalidNetworkError, match="no element kind"):
        read("Name,Value\na,b\n")
    with pytest.raises(InvalidNetworkError, match="lacks the column"):
        read("BSSID,Description\nF0-6E-0B-C2-03-23,x\n")
    with pytest.raises(InvalidNetworkError, match="empty"):
        read("")


def test_the_kind_can_be_forced() -> None:
    with pytest.raises(InvalidNetworkError, match="PortID"):
        read(SWITCH_EXPORT, kind="switch_port")
    with pytest.raises(ValueError, match="kind"):
        read(SWITCH_EXPORT, kind="router")


def test_formula_cells_are_neutralised_and_read_back() -> None:
    evil = WirelessAccessPoint("F0-6E-0B-C2-03-23", location_id="=cmd|'/C calc'!A0",
                               description="+SUM(A1)")  # fmt: skip
    text = network.to_csv_text([evil])
    assert "'=cmd" in text
    assert "'+SUM" in text
    assert read(text) == (evil,)


def test_one_kind_per_file() -> None:
    with pytest.raises(InvalidNetworkError, match="one element kind per file"):
        network.to_csv_text(
            [Subnet("10.0.0.0", location_id="a"), EthernetSwitch("sw", location_id="a")]
        )


def test_a_prefix_cannot_go_to_teams_unless_asked() -> None:
    prefix = Subnet("10.1.0.0/16", location_id="a")
    with pytest.raises(InvalidNetworkError, match="network ID"):
        network.to_csv_text([prefix])
    assert read(network.to_csv_text([prefix], for_teams=False)) == (prefix,)


@pytest.mark.parametrize(
    "strategy",
    [subnets(network_id=True), wireless_access_points(), ethernet_switches(), switch_ports()],
    ids=["subnet", "access point", "switch", "port"],
)
@given(data=st.data())
def test_every_kind_round_trips(strategy: st.SearchStrategy[object], data: st.DataObject) -> None:
    elements = data.draw(st.lists(strategy, max_size=8, unique_by=lambda e: e.key))  # type: ignore[attr-defined]
    assert read(network.to_csv_text(elements)) == tuple(elements)  # type: ignore[arg-type]


def test_a_path_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    with pytest.raises(InvalidNetworkError):
        network.write_csv(
            [Subnet("10.0.0.0", location_id="a"), EthernetSwitch("sw", location_id="a")], path
        )
    assert not path.exists()


def test_a_tenant_s_files_make_one_map(tmp_path: Path) -> None:
    files = []
    for name, text in (("wap", WAP_EXPORT), ("port", PORT_EXPORT), ("switch", SWITCH_EXPORT)):
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    wiremap = network.read_map(*files)
    assert isinstance(wiremap, NetworkMap)
    assert len(wiremap) == 7
    match = wiremap.resolve(ClientNetwork(chassis_id="b8:be:bf:4a:a3:00", port_id="G1/0/30"))
    assert match is not None
    assert match.kind == "switch port"


def test_read_map_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("BSSID,LocationId\nnope,x\n", encoding="utf-8")
    with pytest.raises(InvalidNetworkError) as caught:
        network.read_map(path)
    assert caught.value.errors[0].field == f"{path}: line 2, BSSID"


# --- PIDF-LO for the location a call carries -------------------------------------------------

OFFICE = us_office("sea").with_location(Location(id="sea-2", floor="2"))
DIRECTORY = EmergencyDirectory().add_address(OFFICE)
WIREMAP = NetworkMap.build(
    [
        WirelessAccessPoint("F0-6E-0B-C2-04-*", location_id="sea-2"),
        Subnet("10.1.0.0/16", location_id="sea"),
    ]
)


@pytest.mark.parametrize(
    ("client", "method", "floor"),
    [
        (ClientNetwork(bssid="F0-6E-0B-C2-04-01"), "802.11", "2"),
        (ClientNetwork(ip="10.1.2.3"), "Wiremap", None),
    ],
)
def test_the_pidf_method_says_how_the_location_was_found(
    client: ClientNetwork, method: str, floor: str | None
) -> None:
    call = call_location(network_map=WIREMAP, client=client, directory=DIRECTORY)
    assert call is not None
    parsed = parse_pidf_lo(network.to_pidf_lo(call, entity="sip:+12065550142@example.com",
                                              directory=DIRECTORY))  # fmt: skip
    assert parsed.method == method
    assert parsed.civic is not None
    assert parsed.civic.floor == floor


def test_a_user_entered_location_is_manual_and_keeps_its_time() -> None:
    at = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.UTC)
    home = CivicAddress(country="US", state="WA", city="Redmond")
    call = call_location(
        client=ClientNetwork(ip="192.168.0.2"), user=EnteredLocation(civic=home, at=at)
    )
    assert call is not None
    text = network.to_pidf_lo(call, entity="pres:alice@example.com")
    parsed = parse_pidf_lo(text)
    assert parsed.method == "Manual"
    assert parsed.civic == home
    assert "2026-11-26T08:00:00+00:00" in text


def test_a_network_location_needs_its_directory() -> None:
    call = call_location(network_map=WIREMAP, client=ClientNetwork(ip="10.1.2.3"))
    assert call is not None
    with pytest.raises(NotFoundError, match="directory"):
        network.to_pidf_lo(call, entity="pres:alice@example.com")


# --- robustness: junk in, our errors out -----------------------------------------------------

_CSV_TOKENS = [*"ab01:-.*/,\" \n\r\t#='", "BSSID", "Subnet", "ChassisID", "PortID", "LocationId"]
_CSV_ALPHABET = st.sampled_from(_CSV_TOKENS)


@given(st.lists(_CSV_ALPHABET, max_size=60).map("".join))
def test_junk_csv_raises_only_our_error(text: str) -> None:
    try:
        elements = read(text)
    except InvalidNetworkError:
        return
    for element in elements:
        assert isinstance(element, Subnet | WirelessAccessPoint | EthernetSwitch | SwitchPort)


@given(st.one_of(st.text(max_size=30), st.integers(), st.none(), st.binary(max_size=8)))
def test_junk_values_raise_only_our_error(value: object) -> None:
    for make in (
        lambda v: Subnet(v, location_id="l"),
        lambda v: WirelessAccessPoint(v, location_id="l"),
        lambda v: EthernetSwitch(v, location_id="l"),
        lambda v: SwitchPort("sw", v, location_id="l"),
        lambda v: ClientNetwork(ip=v),
        lambda v: ClientNetwork(bssid=v),
        lambda v: ClientNetwork(subnet_id=v, chassis_id="sw"),
    ):
        with contextlib.suppress(InvalidNetworkError):
            make(value)


def test_boundaries_name_what_they_cannot_take() -> None:
    """Found by tests/test_robustness_registry.py: these raised a TypeError from inside
    ('NoneType' object is not iterable, unhashable type), a bare ValueError or an
    AttributeError."""
    import io as io_

    import emergency_address as ea
    from emergency_address.exceptions import InvalidNetworkError
    from emergency_address.formats import network

    with pytest.raises(TypeError, match="elements: expected an iterable"):
        ea.NetworkMap.build(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="location_id: expected str"):
        ea.NetworkMap().referencing([])  # type: ignore[arg-type]
    with pytest.raises(InvalidNetworkError, match="kind: expected one of"):
        network.read_csv(io_.StringIO(""), kind="")
    with pytest.raises(TypeError, match="elements: expected an iterable"):
        network.to_csv_text(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="elements: expected an iterable"):
        network.write_csv(None, io_.StringIO())  # type: ignore[arg-type]
    call = ea.CallLocation(source="network", location_id="x")
    with pytest.raises(TypeError, match="directory: expected EmergencyDirectory"):
        network.to_pidf_lo(call, entity="pres:a@example.com", directory="")


def test_a_5000_digit_prefix_length_is_our_error() -> None:
    """Found by tests/test_robustness_registry.py: the message made str() of the int, which
    raises a bare ValueError beyond 4,300 digits."""
    import emergency_address as ea
    from emergency_address.exceptions import InvalidNetworkError

    with pytest.raises(InvalidNetworkError, match=r"prefix_length: .*too long to show"):
        ea.ClientNetwork(ip="10.0.0.1", prefix_length=10**5000)
