"""Type hints resolve on every public class, and the public surface is what __all__ says."""

from __future__ import annotations

import inspect
import re
import typing
from pathlib import Path

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


# --- what a client's type checker sees ---------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
TYPING = ROOT / "tests" / "typing"
# Pages whose code a client copies into a typed code base: it must pass mypy --strict as written.
STRICT_PAGES = ("docs/howto/validator.md", "docs/audit.md")
ERROR = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): error: .*\[(?P<code>[a-z-]+)\]$")


def _page_code(page: str) -> str:
    fence = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
    blocks = fence.findall((ROOT / page).read_text(encoding="utf-8"))
    return "\n\n".join(b for b in blocks if not b.lstrip().startswith(">>>"))


@pytest.fixture(scope="module")
def mypy_errors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[tuple[int, str]]]:
    """mypy --strict over the client files and the pages' code, in one run: errors by file."""
    pytest.importorskip("mypy")
    import subprocess
    import sys

    work = tmp_path_factory.mktemp("typing")
    files = [TYPING / "client_ok.py", TYPING / "client_bad.py"]
    for page in STRICT_PAGES:
        target = work / (Path(page).stem + "_page.py")
        target.write_text(_page_code(page), encoding="utf-8")
        files.append(target)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--show-error-codes",
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=work,
        env={**__import__("os").environ, "MYPYPATH": str(ROOT / "src")},
    )
    errors: dict[str, set[tuple[int, str]]] = {Path(f).name: set() for f in files}
    for line in done.stdout.splitlines():
        match = ERROR.match(line)
        if match:
            errors.setdefault(Path(match["path"]).name, set()).add(
                (int(match["line"]), match["code"])
            )
        elif ": error:" in line:
            pytest.fail(f"unparsed mypy output: {line}")
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return errors


def test_a_client_s_correct_code_type_checks(mypy_errors: dict[str, set[tuple[int, str]]]) -> None:
    assert mypy_errors["client_ok.py"] == set()


def test_a_client_s_mistakes_fail_type_checking(
    mypy_errors: dict[str, set[tuple[int, str]]],
) -> None:
    marker = re.compile(r"  # error: ([a-z-]+)$")
    lines = (TYPING / "client_bad.py").read_text(encoding="utf-8").splitlines()
    expected = {
        (number, match[1]) for number, line in enumerate(lines, 1) if (match := marker.search(line))
    }
    assert expected, "the file marks no error"
    assert mypy_errors["client_bad.py"] == expected


@pytest.mark.parametrize("page", STRICT_PAGES)
def test_the_pages_code_passes_mypy_strict_as_written(
    page: str, mypy_errors: dict[str, set[tuple[int, str]]]
) -> None:
    assert mypy_errors[Path(page).stem + "_page.py"] == set()


def test_the_event_literal_is_the_enum_s_values() -> None:
    from emergency_address import AttachmentEvent, AttachmentEventValue

    assert set(typing.get_args(AttachmentEventValue)) == {e.value for e in AttachmentEvent}


def test_usage_counts_are_read_only() -> None:
    from emergency_address import CivicAddress, EmergencyAddress, EmergencyDirectory

    office = EmergencyAddress(id="hq", civic=CivicAddress(country="US"))
    usage = EmergencyDirectory().add_address(office).usage("hq")
    with pytest.raises(TypeError):
        usage.locations["hq"] = (1, 1)  # type: ignore[index]
    import pickle

    assert pickle.loads(pickle.dumps(usage)).locations == usage.locations
