"""The network map with the directory, the audit and the command line."""

from __future__ import annotations

import io
import json
import pickle
from pathlib import Path

import pytest

from emergency_address import (
    CivicAddress,
    EmergencyAddress,
    EmergencyDirectory,
    EthernetSwitch,
    FindingCode,
    GeoPoint,
    Location,
    NetworkMap,
    Severity,
    Subnet,
    SwitchPort,
    WirelessAccessPoint,
    audit,
)
from emergency_address._cli import main
from emergency_address.exceptions import AddressInUseError, LocationInUseError
from emergency_address.testing import validated
from factories import gb_office, us_office

ROOT = Path(__file__).resolve().parent.parent
NETWORK = ROOT / "examples" / "contoso" / "network"

SEA = us_office("sea", validated=True).with_location(Location(id="sea-1", floor="1"))
SEA = SEA.with_location(Location(id="sea-2", floor="2")).with_location(Location(id="sea-3"))
LON = gb_office("lon", validated=True)
WIREMAP = NetworkMap.build(
    [
        WirelessAccessPoint("F0-6E-0B-C2-01-*", location_id="sea-1"),
        WirelessAccessPoint("F0-6E-0B-C2-02-*", location_id="sea-2"),
        Subnet("10.20.0.0/16", location_id="sea"),
        Subnet("10.99.0.0", location_id="gone"),
    ]
)


def directory(network: NetworkMap = WIREMAP) -> EmergencyDirectory:
    return EmergencyDirectory.build(addresses=[SEA, LON], network=network)


# --- the directory ---------------------------------------------------------------------------


def test_a_location_that_network_elements_point_at_cannot_be_removed() -> None:
    before = directory()
    with pytest.raises(LocationInUseError) as caught:
        before.remove_location("sea", "sea-2")
    assert caught.value.elements == (WirelessAccessPoint("F0-6E-0B-C2-02-*", location_id="sea-2"),)
    assert "F0-6E-0B-C2-02-*" in str(caught.value)
    assert before.address("sea").has_location("sea-2")  # unchanged


def test_nor_the_address_that_holds_it() -> None:
    with pytest.raises(LocationInUseError) as caught:
        directory().remove_address("sea")
    assert caught.value.what == "address"
    assert len(caught.value.elements) == 3


def test_numbers_are_named_before_network_elements() -> None:
    d = directory().acquire_number("+12065550142", "sea-2")
    with pytest.raises(AddressInUseError):
        d.remove_location("sea", "sea-2")


def test_once_the_elements_are_gone_the_location_goes() -> None:
    d = directory()
    d = d.with_network(d.network.remove(WirelessAccessPoint("F0-6E-0B-C2-02-*", location_id="x")))
    assert not d.remove_location("sea", "sea-2").address("sea").has_location("sea-2")


def test_an_unreferenced_location_goes_as_before() -> None:
    assert not directory().remove_location("sea", "sea-3").address("sea").has_location("sea-3")


def test_elements_pointing_at_unknown_locations_are_kept() -> None:
    d = directory()
    assert Subnet("10.99.0.0", location_id="gone") in d.network
    assert d.network == WIREMAP


def test_the_network_travels_with_the_directory() -> None:
    d = directory()
    assert pickle.loads(pickle.dumps(d)) == d
    assert d != directory(NetworkMap())
    assert d.acquire_number("+12065550142", "sea").network == WIREMAP
    with pytest.raises(TypeError, match="network"):
        d.with_network([])  # type: ignore[arg-type]


def test_an_empty_directory_has_an_empty_network() -> None:
    assert len(EmergencyDirectory().network) == 0


# --- the audit -------------------------------------------------------------------------------


def codes(report_findings: object) -> dict[str, list[str | None]]:
    found: dict[str, list[str | None]] = {}
    for f in report_findings:  # type: ignore[attr-defined]
        if f.code.value.startswith(("NETWORK_", "UNREACHABLE")):
            found.setdefault(f.code.value, []).append(f.location_id or f.address_id)
    return found


def test_the_audit_reports_where_the_wiremap_leaves_people_unlocated() -> None:
    report = audit(directory())
    found = codes(report.findings)
    assert found[FindingCode.NETWORK_UNKNOWN_LOCATION] == ["gone"]
    assert found[FindingCode.UNREACHABLE_LOCATION] == ["sea-3"]
    assert FindingCode.NETWORK_UNVALIDATED_LOCATION not in found
    unknown = next(f for f in report.findings if f.code is FindingCode.NETWORK_UNKNOWN_LOCATION)
    assert unknown.severity is Severity.ERROR


def test_a_network_map_given_to_the_audit_replaces_the_directory_s() -> None:
    report = audit(directory(), network=NetworkMap())
    assert codes(report.findings) == {}


def test_the_audit_wants_a_network_map() -> None:
    with pytest.raises(TypeError, match="network"):
        audit(directory(), network="wiremap.csv")  # type: ignore[arg-type]


def test_unvalidated_locations_and_missing_geo() -> None:
    bare = EmergencyAddress(
        id="bos", company_name="Contoso", civic=CivicAddress(country="US", state="MA",
                                                             city="Boston"),
    )  # fmt: skip
    d = EmergencyDirectory.build(
        addresses=[bare], network=NetworkMap.build([Subnet("10.5.0.0", location_id="bos")])
    )
    found = codes(audit(d).findings)
    assert found[FindingCode.NETWORK_UNVALIDATED_LOCATION] == ["bos"]
    assert found[FindingCode.NETWORK_LOCATION_WITHOUT_GEO] == ["bos"]
    with_geo = EmergencyDirectory.build(
        addresses=[
            validated(
                EmergencyAddress(
                    id="bos", civic=bare.civic, geo=GeoPoint(latitude=42.36, longitude=-71.06)
                )
            )
        ],
        network=d.network,
    )
    assert codes(audit(with_geo).findings) == {}


def test_overlaps_that_send_clients_to_two_locations() -> None:
    wiremap = WIREMAP.add(WirelessAccessPoint("F0-6E-0B-C2-02-40", location_id="sea-1"))
    found = codes(audit(directory(wiremap)).findings)
    assert found[FindingCode.NETWORK_OVERLAP] == ["sea-1"]


def test_an_element_in_another_country_than_its_site() -> None:
    wiremap = NetworkMap.build(
        [
            EthernetSwitch("B8-BE-BF-4A-A3-00", location_id="sea"),
            SwitchPort("B8-BE-BF-4A-A3-00", "G1/0/1", location_id="sea-1"),
            SwitchPort("B8-BE-BF-4A-A3-00", "G1/0/2", location_id="lon"),
            Subnet("10.0.0.0/8", location_id="sea"),
            Subnet("10.1.0.0", location_id="sea-2"),
            Subnet("10.2.0.0/16", location_id="lon"),
            Subnet("192.168.0.0", location_id="lon"),  # a site of its own
        ]
    )
    report = audit(directory(wiremap))
    mismatches = [f for f in report.findings if f.code is FindingCode.NETWORK_COUNTRY_MISMATCH]
    assert sorted(f.message.split(" points")[0] for f in mismatches) == [
        "port G1/0/2 of switch B8-BE-BF-4A-A3-00",
        "subnet 10.2.0.0/16",
    ]
    assert {f.country for f in mismatches} == {"GB"}


# --- the command line ------------------------------------------------------------------------


def cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out), out.getvalue()


def test_locate_prints_the_match_and_why() -> None:
    status, text = cli(
        "locate", "--network", str(NETWORK / "access-points.csv"),
        "--network", str(NETWORK / "subnets.csv"),
        "--ip", "10.20.30.40/16", "--bssid", "f0:6e:0b:c2:02:17",
    )  # fmt: skip
    assert status == 0
    assert text.splitlines()[0] == "location  us-sea-f2"
    assert "access points come first" in text


def test_locate_ports_and_json() -> None:
    status, text = cli(
        "locate", "--network", str(NETWORK / "ports.csv"), "--network",
        str(NETWORK / "switches.csv"), "--chassis", "b8bebf4aa300", "--port", "G1/0/30", "--json",
    )  # fmt: skip
    assert status == 0
    assert json.loads(text)["location_id"] == "us-nyc-f3"


def test_locate_without_a_match_exits_1_with_a_hint() -> None:
    status, text = cli("locate", "--network", str(NETWORK / "subnets.csv"), "--ip", "10.20.1.1")
    assert status == 1
    assert "--subnet-id" in text


def test_locate_refuses_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("locate", "--network", str(NETWORK / "subnets.csv"))[0] == 2
    assert "say what the client reports" in capsys.readouterr().err
    assert cli("locate", "--network", str(NETWORK / "subnets.csv"), "--port", "1")[0] == 2
    assert cli("locate", "--network", str(NETWORK / "subnets.csv"), "--bssid", "nope")[0] == 2
    assert "--bssid:" in capsys.readouterr().err


def test_locate_names_the_file_of_a_bad_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("BSSID,LocationId\nnot-a-bssid,x\n", encoding="utf-8")
    assert cli("locate", "--network", str(bad), "--ip", "10.0.0.1")[0] == 2
    assert f"{bad}: line 2, BSSID" in capsys.readouterr().err


def test_audit_takes_the_network_files() -> None:
    status, text = cli(
        "audit", str(ROOT / "examples/contoso/addresses.csv"),
        str(ROOT / "examples/contoso/numbers.csv"), "--fail-on", "never", "--json",
        *(arg for name in ("access-points", "subnets", "switches", "ports")
          for arg in ("--network", str(NETWORK / f"{name}.csv"))),
    )  # fmt: skip
    assert status == 0
    found = codes_of(json.loads(text))
    assert found == {
        "NETWORK_COUNTRY_MISMATCH": ["gb-lon-f1"],
        "NETWORK_OVERLAP": ["us-sea-f1"],
        "NETWORK_UNKNOWN_LOCATION": ["us-sea-f4"],
        "UNREACHABLE_LOCATION": ["us-sea-f3"],
    }


def codes_of(report: dict[str, object]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for f in report["findings"]:  # type: ignore[attr-defined]
        if f["code"].startswith(("NETWORK_", "UNREACHABLE")):
            found.setdefault(f["code"], []).append(f["location_id"] or f["address_id"])
    return dict(sorted(found.items()))


# --- JSON --------------------------------------------------------------------------------------


def test_the_network_map_survives_json() -> None:
    from emergency_address.formats.mapping import from_dict, to_dict

    wiremap = WIREMAP.add(SwitchPort("b8:be:bf:4a:a3:00", "G1/0/1", location_id="sea-1")).add(
        EthernetSwitch("core-1", location_id="sea", description="core")
    )
    d = directory(wiremap)
    data = json.loads(json.dumps(to_dict(d)))
    assert {e["kind"] for e in data["network"]} == {
        "subnet",
        "wireless_access_point",
        "switch",
        "switch_port",
    }
    assert from_dict(EmergencyDirectory, data) == d
    assert "network" not in to_dict(directory(NetworkMap()))


def test_bad_network_elements_in_json_are_reported_with_their_path() -> None:
    from emergency_address.exceptions import InvalidAddressError
    from emergency_address.formats.mapping import from_dict

    data = {
        "addresses": [],
        "network": [
            {"kind": "subnet", "network": "10.0.0.0/33", "location_id": "x"},
            {"kind": "router", "location_id": "x"},
            {"kind": "switch", "chassis_id": "sw"},
        ],
    }
    with pytest.raises(InvalidAddressError) as caught:
        from_dict(EmergencyDirectory, data)
    assert [e.field for e in caught.value.errors] == [
        "network[0].network",
        "network[1].kind",
        "network[2].location_id",
    ]


def test_updating_an_address_cannot_drop_a_location_elements_point_at() -> None:
    d = directory()
    without_floor_2 = d.address("sea").without_location("sea-2")
    with pytest.raises(LocationInUseError) as caught:
        d.update_address(without_floor_2)
    assert caught.value.location_id == "sea-2"
    without_floor_3 = d.address("sea").without_location("sea-3")
    assert not d.update_address(without_floor_3).address("sea").has_location("sea-3")


def test_replacing_an_address_cannot_drop_a_location_elements_point_at() -> None:
    d = directory()
    new = validated(
        EmergencyAddress(
            id="sea-new", company_name="Contoso", civic=SEA.civic,
            locations=(Location(id="sea-1"), Location(id="sea-2")),
        )
    )  # fmt: skip
    with pytest.raises(LocationInUseError) as caught:
        d.replace_address("sea", new)
    assert caught.value.location_id == "sea"  # the old default location, pointed at by a subnet
    assert d.address("sea") == SEA


# --- the US dispatchable-location warning ----------------------------------------------------


def _on_default_location(network: NetworkMap) -> list[object]:
    from emergency_address import AttachmentEvent, NumberRecord, PhoneNumber

    record = NumberRecord(
        number=PhoneNumber.parse("+12065550142"),
        arrived=AttachmentEvent.ACQUISITION,
        user="ana@contoso.example",
        location_id="sea",
    )
    d = EmergencyDirectory.build(addresses=[SEA, LON], numbers=[record], network=network)
    return [f for f in audit(d).findings if f.code is FindingCode.NO_IN_BUILDING_DETAIL]


def test_no_in_building_detail_is_a_warning_without_the_network() -> None:
    (finding,) = _on_default_location(NetworkMap())
    assert finding.severity is Severity.WARNING  # type: ignore[attr-defined]


def test_it_becomes_information_when_every_location_is_reached() -> None:
    every = WIREMAP.add(Subnet("10.30.0.0", location_id="sea-3"))
    (finding,) = _on_default_location(every)
    assert finding.severity is Severity.INFO  # type: ignore[attr-defined]
    assert "reached through the network map" in finding.message  # type: ignore[attr-defined]


def test_it_stays_a_warning_while_a_location_is_unreached() -> None:
    (finding,) = _on_default_location(WIREMAP)  # sea-3 has no element
    assert finding.severity is Severity.WARNING  # type: ignore[attr-defined]


def test_a_default_location_with_its_own_id_is_not_unreachable() -> None:
    own = validated(
        EmergencyAddress(
            id="nyc", company_name="Contoso", civic=SEA.civic,
            geo=GeoPoint(latitude=40.7, longitude=-74.0), default_location_id="nyc-building",
            locations=(Location(id="nyc-building"), Location(id="nyc-1"), Location(id="nyc-2")),
        )
    )  # fmt: skip
    wiremap = NetworkMap.build(
        [Subnet("10.7.1.0", location_id="nyc-1"), Subnet("10.7.2.0", location_id="nyc-2")]
    )
    d = EmergencyDirectory.build(addresses=[own], network=wiremap)
    assert codes(audit(d).findings) == {}


def test_a_stale_validation_is_not_validated_for_the_network() -> None:
    import attrs

    moved = attrs.evolve(SEA, civic=attrs.evolve(SEA.civic, house_number="401"))
    d = EmergencyDirectory.build(addresses=[moved, LON], network=WIREMAP)
    found = [f for f in audit(d).findings if f.code is FindingCode.NETWORK_UNVALIDATED_LOCATION]
    assert len(found) == 1
    assert "changed since it was validated" in found[0].message
