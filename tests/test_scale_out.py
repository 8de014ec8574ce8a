"""The scale-out recipe (docs/howto/scale-out.md), run as written on a real Dask LocalCluster."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from emergency_address import EmergencyDirectory, audit
from emergency_address.formats.numbers import read_numbers_csv
from emergency_address.formats.teams import read_csv

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "howto" / "scale-out.md"
ADDRESSES = ROOT / "examples" / "contoso" / "addresses.csv"
NUMBERS = ROOT / "examples" / "contoso" / "numbers.csv"
BLOCK = re.compile(r"^```py\n(.*?)^```", re.DOTALL | re.MULTILINE)


def recipe() -> dict[str, object]:
    namespace: dict[str, object] = {"__name__": "scale_out_recipe"}
    blocks = BLOCK.findall(PAGE.read_text(encoding="utf-8"))
    assert len(blocks) == 4
    for number, source in enumerate(blocks, 1):
        exec(compile(source, f"{PAGE.name}:block {number}", "exec"), namespace)
    return namespace


def test_every_block_of_the_page_is_run_here() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert "```python" not in text  # blocks are ```py, run by this test rather than test_docs


def test_the_recipe_on_a_local_cluster_equals_the_single_process_audit() -> None:
    pytest.importorskip("dask", reason="the dask extra is not installed")
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    namespace = recipe()
    report = namespace["main"](ADDRESSES, NUMBERS, blocksize=20_000)  # type: ignore[operator]
    whole = audit(
        EmergencyDirectory.build(addresses=read_csv(ADDRESSES), numbers=read_numbers_csv(NUMBERS))
    )
    assert report == whole
    assert report.numbers_checked == 2_000
