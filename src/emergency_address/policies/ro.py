"""Romania (RO): an emergency address when the number is acquired or ported in.

Microsoft's Calling Plans ask for the address when a number is obtained or transferred in, as in
the rest of EMEA and outside North America. Routing: calls go to the local PSAP; calls from VoIP
numbers go to the national call centre in Bucharest, which asks the caller's location.

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
    "RO",
    routing=teams_routing(
        "Romania",
        "calls go to the local PSAP; calls from VoIP numbers go to the national call "
        "centre in Bucharest, which asks the caller's location",
    ),
    extra_required=frozenset({"company_tax_id"}),
    law=EU_LAW,
)
