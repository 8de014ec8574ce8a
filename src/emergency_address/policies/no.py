"""Norway (NO): an emergency address when the number is acquired or ported in.

Microsoft's Calling Plans ask for the address when a number is obtained or transferred in, as in
the rest of EMEA and outside North America. Routing: calls go to the PSAP serving the address
registered to the number; without one, by the old geographic numbering plan.

Advisory fields (Microsoft's cmdlet accepts them, but no retrievable page says this country
requires them): company_tax_id.

More information:

- https://learn.microsoft.com/microsoftteams/considerations-calling-plan
- https://learn.microsoft.com/microsoftteams/emergency-calling-availability
"""

from __future__ import annotations

from ._common import acquisition_policy, teams_routing

POLICY = acquisition_policy(
    "NO",
    routing=teams_routing(
        "Norway",
        "calls go to the PSAP serving the address registered to the number; without one, "
        "by the old geographic numbering plan",
    ),
    extra_required=frozenset({"company_tax_id"}),
)
