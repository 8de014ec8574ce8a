"""Singapore (SG): an emergency address when the number is acquired or ported in.

Microsoft's Calling Plans ask for the address when a number is obtained or transferred in, as in
the rest of EMEA and outside North America. Routing: calls go to the emergency call centre by
the number dialled; the operator asks the caller for the address.

Advisory fields (Microsoft's cmdlet accepts them, but no retrievable page says this country
requires them): company_tax_id.

More information:

- https://learn.microsoft.com/microsoftteams/considerations-calling-plan
- https://learn.microsoft.com/microsoftteams/emergency-calling-availability
"""

from __future__ import annotations

from ._common import acquisition_policy, teams_routing

POLICY = acquisition_policy(
    "SG",
    routing=teams_routing(
        "Singapore",
        "calls go to the emergency call centre by the number dialled; the operator asks "
        "the caller for the address",
    ),
    extra_required=frozenset({"company_tax_id"}),
)
