"""Japan (JP): the carrier keeps the emergency address; an address at acquisition and port-in.

The sources conflict. Microsoft's routing table says emergency calling is not supported on
Calling Plans in Japan, but Microsoft's Japan availability page says Calling Plans there are
provided through SoftBank and that emergency address updates for those numbers go to SoftBank
directly; and Japan's Ministry of Internal Affairs and Communications obliges carriers handling
emergency calls (110, 118, 119) to send, for IP phones, the subscriber's address with the
number. Where sources about attachment conflict, the address is required (the safer rule): the
policy is modelled as carrier-managed, with an address at acquisition and port-in (medium
confidence). Latitude and longitude are optional in Japan (Microsoft's cmdlet reference).

More information:

- https://www.soumu.go.jp/menu_seisaku/ictseisaku/net_anzen/hijyo/tuho.html
- https://learn.microsoft.com/microsoftteams/emergency-calling-availability
"""

from __future__ import annotations

import attrs

from emergency_address._policy import CountryPolicy, EmergencyService, Rule, Source

from ._common import (
    ACQUISITION_OR_PORT_IN,
    LAW,
    MEDIUM,
    PROVIDER,
    SAME_COUNTRY,
    SERVICE_REQUEST,
    TEAMS_NUMBER_TYPES,
    TEAMS_WHEN,
    VALIDATED,
    provider_fields,
    teams_routing,
)

SOUMU_EMERGENCY_CALLS = Source(
    title="Ministry of Internal Affairs and Communications (総務省): 緊急通報 (emergency calls)",
    reference="https://www.soumu.go.jp/menu_seisaku/ictseisaku/net_anzen/hijyo/tuho.html",
    supports="carriers handling emergency calls (110, 118, 119) must send location information; "
    "for analogue and IP phones it is the subscriber's address, sent with the number and the "
    "subscriber's name",
    confidence=MEDIUM,
    kind=LAW,
)
TEAMS_JP_CARRIER = Source(
    title="Microsoft Teams: Availability in Japan (Calling Plans)",
    reference="https://learn.microsoft.com/microsoftteams/country-and-region-availability-for-"
    "audio-conferencing-and-calling-plans/availability-in-japan",
    supports="Calling Plans are 'only available through SoftBank'; 'To update emergency address "
    "information for user (subscriber) numbers in Japan (Provided by SoftBank) please contact "
    "SoftBank directly'",
    confidence=MEDIUM,
    kind=PROVIDER,
)

# Microsoft's general rule for countries outside North America, weighed down for Japan by its
# own routing table, which says emergency calling is not supported there.
TEAMS_WHEN_JP = attrs.evolve(TEAMS_WHEN, confidence=MEDIUM)

POLICY = CountryPolicy(
    country="JP",
    rules=(
        Rule.attach(
            ACQUISITION_OR_PORT_IN,
            SOUMU_EMERGENCY_CALLS,
            TEAMS_JP_CARRIER,
            TEAMS_WHEN_JP,
            TEAMS_NUMBER_TYPES,
        ),
        VALIDATED,
        SAME_COUNTRY,
        *provider_fields(geo=False),
        Rule.emergency_service(
            EmergencyService.CARRIER_MANAGED,
            TEAMS_JP_CARRIER,
            SOUMU_EMERGENCY_CALLS,
            teams_routing(
                "Japan",
                "'Emergency calling is not supported' (this row conflicts with the Japan "
                "availability page and the ministry's rule)",
                MEDIUM,
            ),
        ),
        SERVICE_REQUEST,
    ),
    notes="Sources conflict: Microsoft's routing table says emergency calling is not supported, "
    "but its Japan page sends emergency address updates to SoftBank, and the ministry requires "
    "carriers to pass the subscriber's address with emergency calls from IP phones. Modelled as "
    "carrier-managed: an address at acquisition and port-in, latitude and longitude optional.",
)
