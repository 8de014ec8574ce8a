"""Belgium (BE): an emergency address when the number is acquired or ported in.

Microsoft's Calling Plans ask for the address when a number is obtained or transferred in, as in
the rest of EMEA and outside North America. Routing: the address registered to the number is
kept in a national emergency database and shown to the PSAP.

The address must lie in the number's area code (Microsoft names BE, FR, DE, IE, NL and ES); the
library checks it offline against phonenumbers' place names and says so when it cannot tell.

Advisory fields (Microsoft's cmdlet accepts them, but no retrievable page says this country
requires them): company_tax_id.

EU law: the European Electronic Communications Code, Art. 109, and Delegated Regulation (EU)
2023/444.

More information:

- https://learn.microsoft.com/microsoftteams/considerations-calling-plan
- https://learn.microsoft.com/microsoftteams/emergency-calling-availability
"""

from __future__ import annotations

from ._common import EU_LAW, acquisition_policy, teams_routing

POLICY = acquisition_policy(
    "BE",
    routing=teams_routing(
        "Belgium",
        "the address registered to the number is kept in a national emergency database "
        "and shown to the PSAP",
    ),
    same_area=True,
    extra_required=frozenset({"company_tax_id"}),
    law=EU_LAW,
)
