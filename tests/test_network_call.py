"""The location a call carries: Microsoft's precedence of sources, and its US routing practice."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

from emergency_address import (
    CallLocation,
    CivicAddress,
    ClientNetwork,
    EmergencyDirectory,
    EnteredLocation,
    Location,
    LocationSource,
    NetworkMap,
    Routing,
    Subnet,
    WirelessAccessPoint,
    call_location,
)
from emergency_address.exceptions import InvalidNetworkError
from factories import gb_office, us_office

WHEN = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
HOME = CivicAddress(country="US", state="WA", city="Redmond", street_name="Main", house_number="1")
TORONTO = CivicAddress(country="CA", state="ON", city="Toronto")

OFFICE = us_office("sea").with_location(Location(id="sea-2", floor="2"))
DIRECTORY = EmergencyDirectory().add_address(OFFICE).add_address(gb_office("lon"))
WIREMAP = NetworkMap.build(
    [
        Subnet("10.1.0.0/16", location_id="sea"),
        WirelessAccessPoint("F0-6E-0B-C2-04-*", location_id="sea-2"),
        Subnet("10.9.0.0/16", location_id="lon"),
        Subnet("10.66.0.0/16", location_id="nowhere"),
    ]
)
AT_OFFICE = ClientNetwork(ip="10.1.2.3", bssid="F0-6E-0B-C2-04-10")
AT_HOME = ClientNetwork(ip="192.168.1.20/24")


def test_the_network_map_comes_first() -> None:
    found = call_location(
        network_map=WIREMAP,
        client=AT_OFFICE,
        user=EnteredLocation(civic=HOME, at=WHEN),
        static_location_id="sea",
        directory=DIRECTORY,
    )
    assert found is not None
    assert found.source is LocationSource.NETWORK
    assert found.location_id == "sea-2"
    assert found.civic is not None
    assert found.civic.floor == "2"
    assert found.method == "802.11"
    assert found.skipped == ()


def test_us_dynamic_location_is_routed_directly_as_a_provider_practice() -> None:
    found = call_location(network_map=WIREMAP, client=AT_OFFICE, directory=DIRECTORY)
    assert found is not None
    assert found.routing is Routing.DIRECT
    assert "provider's practice" in found.routing_note
    assert "considerations-calling-plan" in found.routing_note


def test_a_remote_worker_s_entry_wins_off_the_map_and_is_screened() -> None:
    home = EnteredLocation(civic=HOME, at=WHEN)
    found = call_location(
        network_map=WIREMAP, client=AT_HOME, user=home, static_location_id="sea",
        directory=DIRECTORY,
    )  # fmt: skip
    assert found is not None
    assert found.source is LocationSource.USER
    assert found.entered is home
    assert found.entered.at == WHEN
    assert found.civic == HOME
    assert found.skipped == (LocationSource.NETWORK,)
    assert found.method == "Manual"
    assert found.routing is Routing.SCREENED


def test_a_user_entry_for_another_network_does_not_apply() -> None:
    cafe = EnteredLocation(civic=HOME, at=WHEN, network=ClientNetwork(ip="172.16.0.9/24"))
    suggested = EnteredLocation(civic=TORONTO, at=WHEN, method="DHCP")
    found = call_location(client=AT_HOME, user=cafe, suggested=suggested)
    assert found is not None
    assert found.source is LocationSource.OPERATING_SYSTEM
    assert found.skipped == (LocationSource.NETWORK, LocationSource.USER)
    assert found.method == "DHCP"
    assert found.routing is Routing.SCREENED  # Canada: every call screened


def test_a_user_entry_for_this_network_applies() -> None:
    cafe = EnteredLocation(civic=HOME, at=WHEN, network=ClientNetwork(ip="172.16.0.77/24"))
    found = call_location(client=ClientNetwork(ip="172.16.0.9/24"), user=cafe)
    assert found is not None
    assert found.source is LocationSource.USER


def test_the_static_assignment_comes_last() -> None:
    found = call_location(
        network_map=WIREMAP, client=AT_HOME, static_location_id="lon", directory=DIRECTORY
    )
    assert found is not None
    assert found.source is LocationSource.STATIC
    assert found.location_id == "lon"
    assert found.country == "GB"
    assert found.routing is None  # no practice documented here for GB
    assert found.routing_note == ""
    assert len(found.skipped) == 3


def test_nothing_to_go_on_is_none() -> None:
    assert call_location(client=AT_HOME) is None


def test_an_element_pointing_at_an_unknown_location_still_locates() -> None:
    found = call_location(
        network_map=WIREMAP, client=ClientNetwork(ip="10.66.1.1"), directory=DIRECTORY
    )
    assert found is not None
    assert found.location_id == "nowhere"
    assert (found.civic, found.country, found.routing) == (None, None, None)


def test_without_a_directory_the_network_location_has_no_country() -> None:
    found = call_location(network_map=WIREMAP, client=AT_OFFICE)
    assert found is not None
    assert (found.location_id, found.country, found.routing) == ("sea-2", None, None)


def test_an_entered_location_needs_an_aware_time() -> None:
    with pytest.raises(InvalidNetworkError, match="timezone-aware"):
        EnteredLocation(civic=HOME, at=dt.datetime(2026, 11, 26, 9, 0))


def test_wrong_types_are_type_errors_naming_the_parameter() -> None:
    with pytest.raises(TypeError, match="client"):
        call_location(client="10.0.0.1")  # type: ignore[arg-type]


def test_results_pickle() -> None:
    found = call_location(network_map=WIREMAP, client=AT_OFFICE, directory=DIRECTORY)
    assert isinstance(found, CallLocation)
    assert pickle.loads(pickle.dumps(found)) == found
