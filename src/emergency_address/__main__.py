"""``python -m emergency_address``: the command line (see ``emergency-address --help``)."""

from __future__ import annotations

import sys

from ._cli import main

if __name__ == "__main__":
    sys.exit(main())
