"""Slovenia (SI): an emergency address when the number is acquired or ported in.

Microsoft's Calling Plans ask for the address when a number is obtained or transferred in, as in
the rest of EMEA and outside North America. Routing: calls go to the local PSAP by number
prefix; non-geographic numbers to the national PSAP.

EU law: the European Electronic Communications Code, Art. 109, and Delegated Regulation (EU)
2023/444.

More information:

- https://learn.microsoft.com/microsoftteams/considerations-calling-plan
- https://learn.microsoft.com/microsoftteams/emergency-calling-availability
"""

from __future__ import annotations

from ._common import EU_LAW, acquisition_policy, teams_routing

POLICY = acquisition_policy(
    "SI",
    routing=teams_routing(
        "Slovenia",
        "calls go to the local PSAP by number prefix; non-geographic numbers to the national PSAP",
    ),
    law=EU_LAW,
)
