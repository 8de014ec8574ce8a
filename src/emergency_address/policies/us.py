"""United States (US): an emergency address when the number is assigned to a user.

Microsoft's Calling Plans attach the address when the number is assigned to a user. The FCC
makes a registered location a condition of interconnected VoIP service (47 CFR 9.11) and asks
multi-line telephone systems to convey a dispatchable location: the validated street address
plus the suite, apartment or similar detail (47 CFR 9.3, 9.16). A number bound to an address's
default location while the address has more specific locations gets a warning note. The manual
path is Microsoft's manual validation request for US addresses.

More information:

- https://www.ecfr.gov/current/title-47/chapter-I/subchapter-A/part-9
- https://learn.microsoft.com/microsoftteams/considerations-calling-plan
"""

from __future__ import annotations

from emergency_address._policy import CountryPolicy, EmergencyService, Rule, Source
from emergency_address._results import ManualPath

from ._common import (
    AT_ASSIGNMENT,
    HIGH,
    LAW,
    LOW,
    MEDIUM,
    SKYPE_MANUAL_PATH,
    TEAMS_LOCATIONS,
    TEAMS_NUMBER_TYPES,
    TEAMS_VALIDATED,
    TEAMS_WHEN,
    provider_fields,
    teams_routing,
)

_ECFR = "https://www.ecfr.gov/current/title-47/chapter-I/subchapter-A/part-9"
FCC_REGISTERED_LOCATION = Source(
    title="47 CFR 9.11 (interconnected VoIP E911 service)",
    reference=_ECFR + "/subpart-C/section-9.11",
    supports="paragraph (a): interconnected VoIP providers must, 'as a condition of providing "
    "service to a consumer', provide E911 and transmit each 911 call with the caller's "
    "Registered Location; the later paragraphs were not re-read for this citation",
    confidence=MEDIUM,
    kind=LAW,
)
FCC_DISPATCHABLE_LOCATION = Source(
    title="47 CFR 9.3 (definition of dispatchable location)",
    reference=_ECFR + "/subpart-A/section-9.3",
    supports="a dispatchable location is 'the validated street address of the calling party, "
    "plus additional information such as suite, apartment or similar information necessary to "
    "adequately identify the location of the calling party'",
    confidence=HIGH,
    kind=LAW,
)
FCC_MLTS = Source(
    title="47 CFR 9.16 (multi-line telephone systems: direct 911 dialing, notification, and "
    "dispatchable location)",
    reference=_ECFR + "/subpart-F/section-9.16",
    supports="a multi-line telephone system must have the capability 'of providing the "
    "dispatchable location of the caller to the PSAP with 911 calls'",
    confidence=HIGH,
    kind=LAW,
)
FCC_STREET_ADDRESS = Source(
    title="47 CFR 9.3 (definition of dispatchable location)",
    reference=_ECFR + "/subpart-A/section-9.3",
    supports="a dispatchable location starts from 'the validated street address'; that it "
    "needs a state is inferred",
    confidence=LOW,
    kind=LAW,
)


def us_rules(*, manual: ManualPath, manual_source: Source, state: bool) -> tuple[Rule, ...]:
    """The rules of the US and of the territories that follow it (which have no state)."""
    return (
        Rule.attach(AT_ASSIGNMENT, TEAMS_WHEN, FCC_REGISTERED_LOCATION, TEAMS_NUMBER_TYPES),
        Rule.validated(TEAMS_VALIDATED, FCC_DISPATCHABLE_LOCATION),
        Rule.same_country(TEAMS_LOCATIONS),
        *provider_fields(),
        *((Rule.required("state", FCC_STREET_ADDRESS),) if state else ()),
        Rule.dispatchable_location(FCC_DISPATCHABLE_LOCATION, FCC_MLTS),
        Rule.emergency_service(
            EmergencyService.SUPPORTED,
            teams_routing(
                "United States",
                "calls from a tenant-defined dynamic location go to the PSAP serving it; others "
                "are screened by a national call centre, and go to the PSAP serving the "
                "registered address if the caller cannot update the location",
            ),
        ),
        Rule.manual(manual, manual_source),
    )


POLICY = CountryPolicy(
    country="US",
    rules=us_rules(
        manual=ManualPath.MANUAL_VALIDATION_REQUEST, manual_source=SKYPE_MANUAL_PATH, state=True
    ),
    notes="Attach at assignment (Microsoft); the FCC makes a registered location a condition of "
    "service and wants the floor, suite or room where a building has them. Manual validation "
    "request when no validator can decide.",
)
