"""The rule shared by the US territories that phonenumbers gives a region of their own.

Puerto Rico, Guam, the US Virgin Islands, American Samoa and the Northern Mariana Islands share
+1 with the United States, but phonenumbers gives each its own region (+1 787 is PR). They are
part of the United States as the Communications Act defines it, so the FCC's 911 rules of
47 CFR part 9 apply there: the territories follow the US policy's moment (assignment) and
fields. The seed names Microsoft's manual validation request for US addresses only, so a
territory's address takes the general manual path (a service request) until a source says
otherwise. The NANP countries that are not US territories (Jamaica, the Bahamas, ...) have no
source here and get no policy.
"""

from __future__ import annotations

from emergency_address._policy import Confidence, CountryPolicy, Source
from emergency_address._results import ManualPath

from ._common import AT_ASSIGNMENT, BASE_REQUIRED, TEAMS_REQUIRED_FIELDS
from .us import FCC_DISPATCHABLE_LOCATION, FCC_REGISTERED_LOCATION

COMMUNICATIONS_ACT_US = Source(
    title="47 U.S.C. 153 (Communications Act definitions: 'United States' includes the "
    "Territories and possessions)",
    reference="https://www.law.cornell.edu/uscode/text/47/153",
    supports="the FCC's rules for the United States reach its territories",
    confidence=Confidence.MEDIUM,
)


def territory_policy(country: str, name: str) -> CountryPolicy:
    """The US rule for one US territory."""
    return CountryPolicy(
        country=country,
        attach_at=AT_ASSIGNMENT,
        same_country=True,
        required_fields=BASE_REQUIRED,
        manual_fallback=ManualPath.SERVICE_REQUEST,
        sources=(
            COMMUNICATIONS_ACT_US,
            FCC_REGISTERED_LOCATION,
            FCC_DISPATCHABLE_LOCATION,
            TEAMS_REQUIRED_FIELDS,
        ),
        notes=f"{name} follows the US rule (FCC 47 CFR part 9): attach at assignment.",
    )
