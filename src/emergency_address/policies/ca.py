"""Canada (CA): an emergency address when the number is assigned to a user.

Teams' Calling Plans attach the address at assignment in Canada as in the United States; calls
are screened nationally to confirm the caller's location before reaching the PSAP. The CRTC
requires VoIP service providers to have customers register their service address and be able
to update it (Telecom Decisions 2005-21 and 2010-387). Outside the United States the manual path
is a service request.

More information:

- https://crtc.gc.ca/eng/archive/2005/dt2005-21.htm
- https://learn.microsoft.com/microsoftteams/considerations-calling-plan
"""

from __future__ import annotations

from emergency_address._policy import Confidence, CountryPolicy, Source
from emergency_address._results import ManualPath

from ._common import (
    AT_ASSIGNMENT,
    BASE_REQUIRED,
    SEED,
    TEAMS_CALLING_PLANS,
    TEAMS_REQUIRED_FIELDS,
    teams_routing,
)

CRTC = Source(
    title="CRTC Telecom Decisions 2005-21 and 2010-387 (VoIP 9-1-1 service)",
    reference="https://crtc.gc.ca/eng/archive/2005/dt2005-21.htm",
    supports="the customer registers the service address and must be able to update it",
    confidence=Confidence.HIGH,
)

POLICY = CountryPolicy(
    country="CA",
    attach_at=AT_ASSIGNMENT,
    same_country=True,
    required_fields=BASE_REQUIRED | {"state"},
    manual_fallback=ManualPath.SERVICE_REQUEST,
    sources=(
        TEAMS_CALLING_PLANS,
        teams_routing(
            "Canada",
            "calls are first screened to find the caller's current location, then routed to "
            "the local PSAP",
        ),
        CRTC,
        TEAMS_REQUIRED_FIELDS,
        SEED,
    ),
    notes="Attach at assignment; province (state) required; service request as manual path.",
)
