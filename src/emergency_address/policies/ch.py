"""Switzerland (CH): an emergency address when the number is acquired or ported in.

Microsoft's Calling Plans ask for the address when a number is obtained or transferred in, as in
the rest of EMEA and outside North America. Routing: the address registered to the number is
kept in a national emergency database and shown to the local PSAP.

More information:

- https://learn.microsoft.com/microsoftteams/considerations-calling-plan
- https://learn.microsoft.com/microsoftteams/emergency-calling-availability
"""

from __future__ import annotations

from ._common import acquisition_policy, teams_routing

POLICY = acquisition_policy(
    "CH",
    routing=teams_routing(
        "Switzerland",
        "the address registered to the number is kept in a national emergency database "
        "and shown to the local PSAP",
    ),
)
