"""Australia (AU): the carrier keeps the emergency address, in the IPND.

In Microsoft's Calling Plans the carrier partner configures and routes emergency addresses, and
emergency address updates for Australian subscriber numbers go to the carrier (Telstra). The
carrier records every public number with its customer's service address in the Integrated
Public Number Database (IPND), so every decision carries a ``CARRIER_MANAGED`` note: lodge the
address with the carrier too. The IPND holds every public number, listed or not (geographic,
mobile, 13, 1300, 1800 and the rest), so the policy covers every number type. Latitude and
longitude are optional in Australia (Microsoft's cmdlet reference).

More information:

- https://www.acma.gov.au/Industry/Telco/Numbering/IPND/integrated-public-number-database-numbering-i-acma
- https://learn.microsoft.com/microsoftteams/emergency-calling-availability
"""

from __future__ import annotations

from emergency_address._number import NumberType
from emergency_address._policy import CountryPolicy, EmergencyService, Rule, Source

from ._common import (
    ACQUISITION_OR_PORT_IN,
    HIGH,
    LAW,
    PROVIDER,
    SAME_COUNTRY,
    SERVICE_REQUEST,
    TEAMS_WHEN,
    VALIDATED,
    provider_fields,
    teams_routing,
)

ACMA_IPND = Source(
    title="ACMA: Integrated Public Number Database (IPND)",
    reference="https://www.acma.gov.au/Industry/Telco/Numbering/IPND/"
    "integrated-public-number-database-numbering-i-acma",
    supports="the IPND contains 'all listed and unlisted public telephone numbers'; carriage "
    "service providers that supply a service to an end-user of a public number must give the "
    "IPND Manager the number and its customer data, including the service address",
    confidence=HIGH,
    kind=LAW,
)
ACMA_NUMBER_TYPES = Source(
    title="ACMA: Telephone numbering (types of numbers in use in Australia)",
    reference="https://www.acma.gov.au/Home/Industry/Telco/Numbering/Managing-numbers/"
    "telephone-numbering",
    supports="public numbers include geographic (02, 03, 07, 08), mobile (04), local rate "
    "(13, 1300), freephone (1800) and premium rate (19) numbers",
    confidence=HIGH,
    kind=LAW,
)
TEAMS_AU_CARRIER = Source(
    title="Microsoft Teams: Availability in Australia (Calling Plans)",
    reference="https://learn.microsoft.com/microsoftteams/country-and-region-availability-for-"
    "audio-conferencing-and-calling-plans/availability-in-australia",
    supports="Calling Plans are 'only available through Telstra'; 'To update Emergency Address "
    "information for Australian Subscriber numbers (Provided by Telstra) please contact Telstra "
    "directly'",
    confidence=HIGH,
    kind=PROVIDER,
)

POLICY = CountryPolicy(
    country="AU",
    rules=(
        Rule.attach(
            ACQUISITION_OR_PORT_IN,
            TEAMS_WHEN,
            ACMA_IPND,
            ACMA_NUMBER_TYPES,
            number_types=frozenset(NumberType),
        ),
        VALIDATED,
        SAME_COUNTRY,
        *provider_fields(geo=False),
        Rule.emergency_service(
            EmergencyService.CARRIER_MANAGED,
            teams_routing(
                "Australia", "emergency addresses are configured and routed by the carrier partner"
            ),
            TEAMS_AU_CARRIER,
            ACMA_IPND,
        ),
        SERVICE_REQUEST,
    ),
    notes="The carrier keeps the address in the IPND: lodge it with the carrier too. Every "
    "public number is covered; latitude and longitude are optional.",
)
