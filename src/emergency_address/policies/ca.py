"""Canada (CA): an emergency address when the number is assigned to a user.

Microsoft's Calling Plans attach the address at assignment in Canada as in the United States;
calls are screened nationally to confirm the caller's location before reaching the PSAP. The
CRTC obliges local VoIP service providers to provide 9-1-1 service (Telecom Decision 2005-21),
obligations amended and extended by Telecom Decisions 2005-61 and 2007-44 and Telecom
Regulatory Policy 2011-426. Outside the United States the manual path is a service request.

More information:

- https://crtc.gc.ca/eng/archive/2005/dt2005-21.htm
- https://learn.microsoft.com/microsoftteams/considerations-calling-plan
"""

from __future__ import annotations

from emergency_address._policy import CountryPolicy, EmergencyService, Rule, Source

from ._common import (
    AT_ASSIGNMENT,
    LAW,
    MEDIUM,
    SAME_COUNTRY,
    SERVICE_REQUEST,
    TEAMS_COUNTRY_FIELD,
    TEAMS_NUMBER_TYPES,
    TEAMS_WHEN,
    VALIDATED,
    provider_fields,
    teams_routing,
)

CRTC_2005_21 = Source(
    title="CRTC Telecom Decision 2005-21: Emergency service obligations for local VoIP service "
    "providers",
    reference="https://crtc.gc.ca/eng/archive/2005/dt2005-21.htm",
    supports="Canadian carriers offering local VoIP service must provide 9-1-1 service and tell "
    "customers its limitations before service starts; it does not name the moment an address "
    "is attached",
    confidence=MEDIUM,
    kind=LAW,
)
CRTC_OBLIGATIONS = Source(
    title="CRTC Telecom Notice of Consultation 2011-596 (the VoIP 9-1-1 obligations)",
    reference="https://crtc.gc.ca/eng/archive/2011/2011-596.htm",
    supports="the 9-1-1 obligations of local VoIP service providers are set out in Telecom "
    "Decisions 2005-21, 2005-61 and 2007-44 and Telecom Regulatory Policy 2011-426",
    confidence=MEDIUM,
    kind=LAW,
)

POLICY = CountryPolicy(
    country="CA",
    rules=(
        Rule.attach(AT_ASSIGNMENT, TEAMS_WHEN, CRTC_2005_21, CRTC_OBLIGATIONS, TEAMS_NUMBER_TYPES),
        VALIDATED,
        SAME_COUNTRY,
        *provider_fields(),
        Rule.required("state", TEAMS_COUNTRY_FIELD),
        Rule.emergency_service(
            EmergencyService.SUPPORTED,
            teams_routing(
                "Canada",
                "calls are first screened to find the caller's current location, then routed "
                "to the local PSAP",
            ),
        ),
        SERVICE_REQUEST,
    ),
    notes="Attach at assignment; the province (state) is advisory; service request as manual path.",
)
