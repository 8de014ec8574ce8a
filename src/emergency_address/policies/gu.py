"""Guam (GU): the US rule, an emergency address when the number is assigned.

See ``_territories`` for why the US territories follow the FCC's rules.

More information:

- https://www.ecfr.gov/current/title-47/chapter-I/subchapter-A/part-9
"""

from __future__ import annotations

from ._territories import territory_policy

POLICY = territory_policy("GU", "Guam")
