"""United Kingdom (GB): an emergency address when the number is acquired or ported in.

Microsoft's Calling Plans attach the address when numbers are obtained from the provider or
transferred from another carrier. Ofcom's General Conditions ask providers to make caller
location information available to the emergency organisations; Ofcom has said the location it
means is the installation address of the caller, not the billing address. Calls are screened to
find the caller's current location before reaching the local PSAP.

More information:

- https://www.ofcom.org.uk/phones-and-broadband/telecoms-general-conditions
- https://learn.microsoft.com/microsoftteams/considerations-calling-plan
"""

from __future__ import annotations

from emergency_address._policy import Source

from ._common import LAW, MEDIUM, acquisition_policy, teams_routing

OFCOM_A3 = Source(
    title="Ofcom: enforcement programme on caller location information (General Conditions, "
    "emergency call access)",
    reference="https://www.ofcom.org.uk/about-ofcom/latest/bulletins/competition-bulletins/"
    "all-closed-cases/cw_975",
    supports="providers must make caller location information available to the emergency "
    "organisations, and 'location information supplied to emergency authorities should be the "
    "installation address of the caller rather than any other address (e.g. the billing "
    "address)'",
    confidence=MEDIUM,
    kind=LAW,
)

POLICY = acquisition_policy(
    "GB",
    routing=teams_routing(
        "United Kingdom",
        "calls are first screened to find the caller's current location, then routed to the "
        "local PSAP",
    ),
    law=(OFCOM_A3,),
    notes="Attach when acquired or ported in; the installation's address, not the billing one.",
)
