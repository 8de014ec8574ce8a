"""Australia (AU): the carrier manages emergency addresses.

In Microsoft's Calling Plans the carrier partner configures and routes emergency addresses. The
carrier records the service address in the Integrated Public Number Database (IPND) when the
service is connected (ACMA), so the address is wanted when the number is acquired or ported in;
latitude and longitude are optional (DOMAIN.md section 2).

More information:

- https://www.acma.gov.au/integrated-public-number-database-ipnd
- https://learn.microsoft.com/microsoftteams/emergency-calling-availability
"""

from __future__ import annotations

from emergency_address._policy import Confidence, CountryPolicy, EmergencyService, Source
from emergency_address._results import ManualPath

from ._common import (
    ACQUISITION_OR_PORT_IN,
    BASE_REQUIRED,
    TEAMS_CALLING_PLANS,
    TEAMS_REQUIRED_FIELDS,
    teams_routing,
)

ACMA_IPND = Source(
    title="ACMA: Integrated Public Number Database (IPND)",
    reference="https://www.acma.gov.au/integrated-public-number-database-ipnd",
    supports="the carrier populates the service address when the service is connected",
    confidence=Confidence.MEDIUM,
)

POLICY = CountryPolicy(
    country="AU",
    attach_at=ACQUISITION_OR_PORT_IN,
    same_country=True,
    required_fields=BASE_REQUIRED - {"geo"},
    manual_fallback=ManualPath.SERVICE_REQUEST,
    emergency_service=EmergencyService.CARRIER_MANAGED,
    sources=(
        teams_routing(
            "Australia", "emergency addresses are configured and routed by the carrier partner"
        ),
        ACMA_IPND,
        TEAMS_CALLING_PLANS,
        TEAMS_REQUIRED_FIELDS,
    ),
    notes="The carrier keeps the address (IPND, at connection); latitude and longitude optional.",
)
