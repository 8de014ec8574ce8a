"""The location an emergency call should carry, from the sources a client has.

Microsoft documents the order in which a Teams client picks the location it sends with an
emergency call (Microsoft Learn, "Configure emergency calling for Teams Calling Plans",
https://learn.microsoft.com/en-us/training/modules/configure-teams-phone-system/2-configure-emergency-calling-plans;
confidence: high):

1. a dynamically acquired address defined by the tenant administrator in the Location
   Information Service (our [NetworkMap][emergency_address.NetworkMap]);
2. an address the end user confirmed, edited or entered, associated with the network the
   client is connected to;
3. an address suggested by the operating system;
4. the address the administrator statically assigned.

How the call is then routed is a **provider's practice, not an FCC rule**. Microsoft's, for
Calling Plan users ("Considerations for Calling Plans",
https://learn.microsoft.com/en-us/microsoftteams/considerations-calling-plan; confidence:
high): in the United States, a client at a tenant-defined dynamic emergency location is routed
automatically to the PSAP serving it; any other call is screened by a national call center
first, and reaches the PSAP of the registered address if the caller cannot update the
location; in Canada every emergency call is screened. Direct Routing and Operator Connect
follow their emergency routing service provider.

The rule itself, 47 CFR 9.16(b) (RAY BAUM'S Act), asks a multi-line telephone system to convey
a dispatchable location with 911 calls from fixed devices, and from non-fixed devices where
technically feasible, otherwise a location the user updated manually or alternative location
information (FCC, https://www.fcc.gov/911-dispatchable-location; eCFR title 47 section 9.16;
confidence: high). A user-entered off-premises location (a remote worker at home) is such a
manually updated location, which is why [EnteredLocation][emergency_address.EnteredLocation]
carries the time it was entered.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

import attrs

from ._civic import CivicAddress, GeoPoint
from ._network import ClientNetwork, LocationMatch, NetworkMap
from .exceptions import FieldError, InvalidNetworkError, NotFoundError

if TYPE_CHECKING:
    from ._directory import EmergencyDirectory

__all__ = ["CallLocation", "EnteredLocation", "LocationSource", "Routing", "call_location"]


class LocationSource(enum.StrEnum):
    """Where a call's location came from, in Microsoft's order of precedence."""

    NETWORK = "network"
    """Dynamic: the network map matched the client's network."""
    USER = "user"
    """The user confirmed, edited or entered it for the network the client is on."""
    OPERATING_SYSTEM = "operating_system"
    """The client's operating system suggested it."""
    STATIC = "static"
    """The administrator's static assignment (the number's registered location)."""


class Routing(enum.StrEnum):
    """How a provider routes the call, where its practice is known."""

    DIRECT = "direct"
    """Straight to the PSAP serving the location."""
    SCREENED = "screened"
    """Through a national emergency call center that confirms the location first."""


_PRACTICE_SOURCE = "https://learn.microsoft.com/en-us/microsoftteams/considerations-calling-plan"


@attrs.frozen(kw_only=True)
class EnteredLocation:
    """A location the user entered or confirmed, or the operating system suggested.

    Attributes:
        civic: the address.
        at: when it was entered or suggested (timezone-aware; the library reads no clock).
        network: the network it was entered for; it applies only while the client reports the
            same network (same subnet ID, BSSID, chassis and port). ``None``: wherever the
            client is, as for a remote worker's home entered once.
        geo: a point, if the client had one.
        method: the PIDF-LO ``method`` it carries (``Manual`` for a user's entry).

    Examples:
        >>> import datetime as dt
        >>> home = EnteredLocation(
        ...     civic=CivicAddress(country="US", state="WA", city="Redmond"),
        ...     at=dt.datetime(2026, 11, 2, 8, 30, tzinfo=dt.timezone.utc),
        ... )
        >>> home.applies_to(ClientNetwork(ip="192.168.1.20"))
        True
    """

    civic: CivicAddress
    at: dt.datetime
    network: ClientNetwork | None = None
    geo: GeoPoint | None = None
    method: str = "Manual"

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        if not isinstance(self.civic, CivicAddress):
            errors.append(FieldError.wrong_type("civic", "CivicAddress", self.civic))
        if not isinstance(self.at, dt.datetime):
            errors.append(FieldError.wrong_type("at", "datetime", self.at))
        elif self.at.utcoffset() is None:
            errors.append(
                FieldError("at", "INVALID", "expected a timezone-aware datetime, got a naive one")
            )
        if self.network is not None and not isinstance(self.network, ClientNetwork):
            errors.append(FieldError.wrong_type("network", "ClientNetwork or None", self.network))
        if self.geo is not None and not isinstance(self.geo, GeoPoint):
            errors.append(FieldError.wrong_type("geo", "GeoPoint or None", self.geo))
        if not isinstance(self.method, str) or not self.method.strip():
            errors.append(FieldError("method", "INVALID", "expected a PIDF-LO method token"))
        if errors:
            raise InvalidNetworkError(errors)

    def applies_to(self, client: ClientNetwork | None) -> bool:
        """Whether this location holds for a client on ``client``'s network."""
        if self.network is None:
            return True
        return client is not None and client.network_key == self.network.network_key


@attrs.frozen(kw_only=True)
class CallLocation:
    """The location a call should carry, which source it came from, and how it is routed.

    Attributes:
        source: the [LocationSource][emergency_address.LocationSource] that won.
        location_id: the emergency location (network and static sources).
        civic: the address (user and operating-system sources; and for the others when a
            directory was given, the location's dispatchable address).
        match: the network map's match, for the network source.
        entered: the entered or suggested location, for those sources; its ``at`` says when.
        skipped: the sources of higher precedence that had nothing for this call.
        method: the PIDF-LO ``method`` to send with it.
        country: the location's country, where known.
        routing: how Microsoft routes it for Calling Plan users in that country, or ``None``
            where that practice is not documented here. A provider's practice, not a rule.
        routing_note: the practice in words, with its source.
    """

    source: LocationSource
    location_id: str | None = None
    civic: CivicAddress | None = None
    match: LocationMatch | None = None
    entered: EnteredLocation | None = None
    skipped: tuple[LocationSource, ...] = ()
    method: str = "Manual"
    country: str | None = None
    routing: Routing | None = None
    routing_note: str = ""


def call_location(
    *,
    network_map: NetworkMap | None = None,
    client: ClientNetwork | None = None,
    user: EnteredLocation | None = None,
    suggested: EnteredLocation | None = None,
    static_location_id: str | None = None,
    directory: EmergencyDirectory | None = None,
) -> CallLocation | None:
    """Pick the location an emergency call carries, in Microsoft's order of precedence.

    Args:
        network_map: the tenant's wiremap.
        client: what the client reports about its network.
        user: a location the user confirmed, edited or entered; it counts only while
            [applies_to][emergency_address.EnteredLocation.applies_to] the client's network.
        suggested: the location the operating system suggests.
        static_location_id: the administrator's static assignment (the number's location).
        directory: where to find the location's address and country, for the network and
            static sources (optional: without it ``civic`` and ``country`` stay unknown for
            them, and so does the routing).

    Returns:
        the winning location, or ``None`` when no source has one.

    Raises:
        TypeError: an argument of the wrong type.
    """
    _check("network_map", network_map, NetworkMap)
    _check("client", client, ClientNetwork)
    _check("user", user, EnteredLocation)
    _check("suggested", suggested, EnteredLocation)
    if static_location_id is not None and not isinstance(static_location_id, str):
        raise TypeError(
            f"static_location_id: expected str or None, got {type(static_location_id).__name__}"
        )
    skipped: list[LocationSource] = []
    if network_map is not None and client is not None:
        match = network_map.resolve(client)
        if match is not None:
            civic, country = _lookup(directory, match.location_id)
            return _routed(
                source=LocationSource.NETWORK,
                location_id=match.location_id,
                civic=civic,
                match=match,
                method=match.method,
                country=country,
            )
    skipped.append(LocationSource.NETWORK)
    for source, entered in (
        (LocationSource.USER, user),
        (LocationSource.OPERATING_SYSTEM, suggested),
    ):
        if entered is not None and (
            source is not LocationSource.USER or entered.applies_to(client)
        ):
            return _routed(
                source=source,
                civic=entered.civic,
                entered=entered,
                skipped=tuple(skipped),
                method=entered.method,
                country=entered.civic.country,
            )
        skipped.append(source)
    if static_location_id is not None:
        civic, country = _lookup(directory, static_location_id)
        return _routed(
            source=LocationSource.STATIC,
            location_id=static_location_id,
            civic=civic,
            skipped=tuple(skipped),
            country=country,
        )
    return None


def _check(name: str, value: object, kind: type) -> None:
    if value is not None and not isinstance(value, kind):
        raise TypeError(f"{name}: expected {kind.__name__} or None, got {type(value).__name__}")


def _lookup(
    directory: EmergencyDirectory | None, location_id: str
) -> tuple[CivicAddress | None, str | None]:
    if directory is None:
        return None, None
    try:
        owner = directory.location_owner(location_id)
    except NotFoundError:
        return None, None  # an element pointing at a location the directory lacks
    civic = owner.dispatchable(location_id)
    return civic, civic.country


def _routed(*, source: LocationSource, country: str | None, **values: object) -> CallLocation:
    routing: Routing | None = None
    note = ""
    if country == "US":
        if source is LocationSource.NETWORK:
            routing = Routing.DIRECT
            note = (
                "Microsoft routes a US Calling Plan call from a tenant-defined dynamic "
                "emergency location straight to the PSAP serving it"
            )
        else:
            routing = Routing.SCREENED
            note = (
                "Microsoft has a national call center screen a US Calling Plan call that does "
                "not come from a tenant-defined dynamic location, then transfers it to the "
                "PSAP (that of the registered address if the caller cannot update it)"
            )
    elif country == "CA":
        routing = Routing.SCREENED
        note = "Microsoft screens every Canadian Calling Plan emergency call nationally first"
    if note:
        note += f": a provider's practice, not a regulation ({_PRACTICE_SOURCE})"
    return CallLocation(
        source=source,
        country=country,
        routing=routing,
        routing_note=note,
        **values,  # type: ignore[arg-type]
    )
