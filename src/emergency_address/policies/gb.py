"""United Kingdom (GB): an emergency address when the number is acquired or ported in.

The seed workflow (Microsoft, 2018) attaches the address when numbers are obtained from the
provider or transferred from another carrier. Ofcom's General Condition A3 asks providers to
make the caller's location available to the emergency services: for a fixed line, the full
postal address of the installation, not the billing address. Calls are screened to find the
caller's current location before reaching the local PSAP.

More information:

- https://www.ofcom.org.uk/phones-and-broadband/telecoms-general-conditions
- https://learn.microsoft.com/microsoftteams/considerations-calling-plan
"""

from __future__ import annotations

from emergency_address._policy import Confidence, Source

from ._common import acquisition_policy, teams_routing

OFCOM_A3 = Source(
    title="Ofcom General Conditions of Entitlement, Condition A3 (emergency call access)",
    reference="https://www.ofcom.org.uk/phones-and-broadband/telecoms-general-conditions",
    supports="caller location information: the full postal address of the installation, not "
    "the billing address",
    confidence=Confidence.MEDIUM,
)

POLICY = acquisition_policy(
    "GB",
    routing=teams_routing(
        "United Kingdom",
        "calls are first screened to find the caller's current location, then routed to the "
        "local PSAP",
    ),
    extra_sources=(OFCOM_A3,),
    notes="Attach when acquired or ported in; the installation's address, not the billing one.",
)
