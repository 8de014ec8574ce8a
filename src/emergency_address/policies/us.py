"""United States (US): an emergency address when the number is assigned to a user.

The seed workflow (Microsoft, 2018) and Teams' Calling Plans attach the address at assignment.
The FCC asks interconnected VoIP providers for the customer's registered location before service
starts, with a way for the user to update it (47 CFR 9.11), and multi-line telephone systems to
convey a dispatchable location: a validated street address plus floor, room or suite (47 CFR
9.16, Kari's Law and RAY BAUM'S Act). Provider practice (at assignment) and regulation (before
service starts) can differ: an integrator who must follow the regulation's moment builds a
registry with its own US policy. The manual path is Microsoft's manual validation request.

More information:

- https://www.ecfr.gov/current/title-47/chapter-I/subchapter-A/part-9
- https://learn.microsoft.com/microsoftteams/considerations-calling-plan
"""

from __future__ import annotations

from emergency_address._policy import Confidence, CountryPolicy, Source
from emergency_address._results import ManualPath

from ._common import AT_ASSIGNMENT, BASE_REQUIRED, SEED, TEAMS_CALLING_PLANS, TEAMS_REQUIRED_FIELDS

FCC_REGISTERED_LOCATION = Source(
    title="47 CFR 9.11 (interconnected VoIP 911 service: registered location)",
    reference="https://www.ecfr.gov/current/title-47/chapter-I/subchapter-A/part-9/subpart-C/section-9.11",
    supports="the customer's registered location is obtained before service starts and the "
    "customer can update it",
    confidence=Confidence.HIGH,
)
FCC_DISPATCHABLE_LOCATION = Source(
    title="47 CFR 9.16 (multi-line telephone systems: Kari's Law and RAY BAUM'S Act); "
    "47 CFR 9.3 (definition of dispatchable location)",
    reference="https://www.ecfr.gov/current/title-47/chapter-I/subchapter-A/part-9/subpart-F/section-9.16",
    supports="a dispatchable location is a validated street address plus floor, room or suite",
    confidence=Confidence.HIGH,
)

POLICY = CountryPolicy(
    country="US",
    attach_at=AT_ASSIGNMENT,
    same_country=True,
    required_fields=BASE_REQUIRED | {"state"},
    manual_fallback=ManualPath.MANUAL_VALIDATION_REQUEST,
    sources=(
        SEED,
        TEAMS_CALLING_PLANS,
        FCC_REGISTERED_LOCATION,
        FCC_DISPATCHABLE_LOCATION,
        TEAMS_REQUIRED_FIELDS,
    ),
    notes="Attach at assignment (Microsoft); the FCC asks for the location before service "
    "starts. Manual validation request when no validator can decide.",
)
