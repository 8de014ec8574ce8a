"""Type hints resolve on every public class, and the public surface is what __all__ says."""

from __future__ import annotations

import inspect
import typing

import pytest

import emergency_address
from emergency_address import exceptions, strategies

PUBLIC_CLASSES = [
    obj
    for name in emergency_address.__all__
    if inspect.isclass(obj := getattr(emergency_address, name))
]


@pytest.mark.parametrize("cls", PUBLIC_CLASSES, ids=lambda c: c.__name__)
def test_get_type_hints_works(cls: type) -> None:
    typing.get_type_hints(cls)
    for name, member in inspect.getmembers(cls, inspect.isfunction):
        if not name.startswith("_") or name == "__init__":
            typing.get_type_hints(member)


@pytest.mark.parametrize("module", [emergency_address, exceptions, strategies])
def test_all_is_sorted_and_complete(module: object) -> None:
    names = module.__all__  # type: ignore[attr-defined]
    assert list(names) == sorted(names)
    for name in names:
        assert hasattr(module, name), name


def test_the_package_is_typed() -> None:
    from importlib.resources import files

    assert files("emergency_address").joinpath("py.typed").is_file()


def test_strategies_are_not_imported_by_the_package() -> None:
    import subprocess
    import sys

    code = "import sys, emergency_address; print('emergency_address.strategies' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_importing_loads_no_country_or_number_data() -> None:
    import subprocess
    import sys

    code = (
        "import sys, emergency_address\n"
        "import pycountry\n"
        "loaded = [m for m in sys.modules if m.startswith('phonenumbers.data.region_')"
        " or m.startswith('phonenumbers.geodata.data')]\n"
        "print(len(loaded), pycountry.countries._is_loaded, pycountry.subdivisions._is_loaded)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False", "False"]


def test_every_public_name_has_a_home_and_every_home_a_public_name() -> None:
    assert set(emergency_address._WHERE) | {"__version__"} == set(emergency_address.__all__)


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        emergency_address.Nope  # type: ignore[attr-defined]  # noqa: B018


def test_dir_lists_the_public_names() -> None:
    assert set(emergency_address.__all__) <= set(dir(emergency_address))
