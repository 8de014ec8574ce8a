"""Japan (JP): emergency calling is not supported on Microsoft's Calling Plans.

With no emergency calling through the service, attaching an address is meaningless rather than
required: decisions carry an ``EMERGENCY_UNSUPPORTED`` note and never block. Latitude and
longitude are optional (DOMAIN.md section 2).

More information:

- https://learn.microsoft.com/microsoftteams/emergency-calling-availability
"""

from __future__ import annotations

from emergency_address._policy import CountryPolicy, EmergencyService

from ._common import TEAMS_REQUIRED_FIELDS, teams_routing

POLICY = CountryPolicy(
    country="JP",
    attach_at=frozenset(),
    same_country=True,
    emergency_service=EmergencyService.NOT_SUPPORTED,
    sources=(
        teams_routing("Japan", "emergency calling is not supported"),
        TEAMS_REQUIRED_FIELDS,
    ),
    notes="Emergency calling is not supported (Calling Plans): nothing to attach.",
)
