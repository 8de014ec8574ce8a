"""The rule shared by the US territories that phonenumbers gives a region of their own.

Puerto Rico, Guam, the US Virgin Islands, American Samoa and the Northern Mariana Islands share
+1 with the United States, but phonenumbers gives each its own region (+1 787 is PR). They are
part of the United States as the Communications Act defines it, so the FCC's 911 rules of
47 CFR part 9 apply there: the territories follow the US policy's moment (assignment), fields
and dispatchable-location warning. An address written as a US state (``country="US",
state="PR"``) lies in the territory for every rule. Microsoft's manual validation request is
named for US addresses; whether it covers a territory's address is not stated, so the manual
path is a service request (medium confidence). The NANP countries that are not US territories
(Jamaica, the Bahamas, ...) have no source here and get no policy.
"""

from __future__ import annotations

import attrs

from emergency_address._policy import CountryPolicy, RuleKind, Source
from emergency_address._results import ManualPath

from ._common import LAW, MEDIUM, SKYPE_MANUAL_PATH
from .us import us_rules

COMMUNICATIONS_ACT_US = Source(
    title="47 U.S.C. 153 (Communications Act definitions: 'United States' includes the "
    "Territories and possessions)",
    reference="https://www.law.cornell.edu/uscode/text/47/153",
    supports='\'The term "United States" means the several States and Territories, the District '
    "of Columbia, and the possessions of the United States': the FCC's 911 rules reach them",
    confidence=MEDIUM,
    kind=LAW,
)


def territory_policy(country: str, name: str) -> CountryPolicy:
    """The US rule for one US territory."""
    rules = []
    for rule in us_rules(
        manual=ManualPath.SERVICE_REQUEST, manual_source=SKYPE_MANUAL_PATH, state=False
    ):
        if rule.kind is RuleKind.ATTACHMENT:
            rule = attrs.evolve(rule, sources=(*rule.sources, COMMUNICATIONS_ACT_US))
        rules.append(rule)
    return CountryPolicy(
        country=country,
        rules=tuple(rules),
        notes=f"{name} follows the US rule (FCC 47 CFR part 9): attach at assignment; an "
        f"address written as the US state {country} counts as {name}.",
    )
