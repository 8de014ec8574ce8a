"""Every Python example in README.md and docs/ runs.

Blocks fenced as ```python run in order, in one namespace per file, so a page can build on its
earlier examples. A block with ``>>>`` prompts is a doctest: its printed output is checked too.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
FENCE = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def python_blocks(page: Path) -> list[tuple[int, str]]:
    text = page.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 2, m.group(1)) for m in FENCE.finditer(text)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_examples_run(page: Path) -> None:
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    parser = doctest.DocTestParser()
    for line, source in python_blocks(page):
        name = f"{page.relative_to(ROOT)}:{line}"
        if source.lstrip().startswith(">>>"):
            test = parser.get_doctest(source, namespace, name, str(page), line)
            result = runner.run(test, clear_globs=False)
            namespace.update(test.globs)  # DocTest works on a copy; later blocks build on it
            assert result.failed == 0, f"doctest failed at {name}"
        else:
            exec(compile(source, name, "exec"), namespace)


def _runs_alone(source: str) -> bool:
    namespace: dict[str, object] = {"__name__": "docs_alone"}
    try:
        if source.lstrip().startswith(">>>"):
            test = doctest.DocTestParser().get_doctest(source, namespace, "alone", None, 0)
            runner = doctest.DocTestRunner(
                optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
            )
            runner.run(test, out=lambda _: None)
            return runner.failures == 0
        exec(compile(source, "alone", "exec"), namespace)
    except Exception:
        return False
    return True


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_page_s_first_example_runs_alone_and_the_page_says_when_others_do_not(
    page: Path,
) -> None:
    """A reader copies one block: the first always works; if a later one needs its
    predecessors, the page says so before its first example."""
    blocks = [source for _, source in python_blocks(page)]
    if not blocks:
        return
    assert _runs_alone(blocks[0]), f"the first example of {page.name} needs something before it"
    alone = [_runs_alone(source) for source in blocks[1:]]
    text = page.read_text(encoding="utf-8")
    says_so = "build on each other" in text[: text.index("```python")]
    if not all(alone):
        assert says_so, f"{page.name}: examples build on each other; say so before the first"


def test_every_page_is_checked() -> None:
    assert ROOT / "README.md" in PAGES
    assert len(PAGES) >= 2


def _modules() -> list[str]:
    import pkgutil

    import emergency_address

    return sorted(
        m.name for m in pkgutil.walk_packages(emergency_address.__path__, "emergency_address.")
    )


@pytest.mark.parametrize("module_name", _modules())
def test_docstring_examples_run(module_name: str) -> None:
    import importlib

    module = importlib.import_module(module_name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0


def test_the_field_table_in_model_md_is_the_code() -> None:
    from emergency_address._civic import CIVIC_FIELDS

    rows = {}
    for line in (ROOT / "docs" / "model.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = (cells[1].split()[0], int(cells[5]))
    expected = {name: (element, limit) for name, element, limit in CIVIC_FIELDS}
    expected["language"] = ("xml:lang", 35)
    assert rows == expected


CONSOLE = re.compile(r"^```console\n(.*?)^```", re.DOTALL | re.MULTILINE)


def console_examples(page: Path) -> list[tuple[str, str]]:
    """``$ emergency-address ...`` lines and the output shown after each (other commands, like
    installs, are shown for people and not run)."""
    examples = []
    for block in CONSOLE.findall(page.read_text(encoding="utf-8")):
        command, output = None, []
        for line in [*block.splitlines(), "$ "]:
            if line.startswith("$ "):
                if command is not None:
                    examples.append((command, "\n".join(output) + "\n"))
                command = line[2:] if line.startswith("$ emergency-address") else None
                output = []
            elif command is not None:
                output.append(line)
    return examples


CLI_EXAMPLES = [(page, *ex) for page in PAGES for ex in console_examples(page)]


@pytest.mark.parametrize(
    ("page", "command", "expected"),
    CLI_EXAMPLES,
    ids=[f"{p.name}:{c[:40]}" for p, c, _ in CLI_EXAMPLES],
)
def test_console_examples_show_what_the_command_prints(
    page: Path, command: str, expected: str
) -> None:
    import shlex
    import subprocess
    import sys

    argv = [sys.executable, "-m", "emergency_address", *shlex.split(command)[1:]]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    checker = doctest.OutputChecker()
    got = done.stdout + done.stderr
    assert checker.check_output(expected, got, doctest.ELLIPSIS), (
        f"{command}\n--- shown:\n{expected}--- got:\n{got}"
    )


def test_the_docs_show_every_command() -> None:
    shown = {command.split()[1] for _, command, _ in CLI_EXAMPLES}
    assert shown >= {"policy", "decide", "validate", "audit", "convert"}


def test_ci_runs_the_readme_s_test_command_as_written() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = next(
        line
        for line in readme.splitlines()
        if line.startswith("python3 -m venv") and "pytest" in line
    )
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_the_classifiers_name_only_the_pythons_ci_runs() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    versions = {
        c.rsplit(" :: ", 1)[1]
        for c in project["classifiers"]
        if c.startswith("Programming Language :: Python :: 3.")
    }
    assert project["requires-python"] == f">={min(versions, key=lambda v: int(v.split('.')[1]))}"
    # .ci/run reads the versions from the classifiers themselves: nothing to keep in step.
    assert "Programming Language :: Python ::" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_no_page_shows_a_doctest_marker() -> None:
    for page in PAGES:
        assert "<BLANKLINE>" not in page.read_text(encoding="utf-8"), page.name


INTERNAL = ("DOMAIN.md", "DESIGN.md", "the seed", "seed workflow")


def test_no_internal_wording_reaches_users() -> None:
    shipped = [*PAGES, ROOT / "CHANGELOG.md", *(ROOT / "src").rglob("*.py")]
    found = [
        f"{path.relative_to(ROOT)}: {word}"
        for path in shipped
        for word in INTERNAL
        if word in path.read_text(encoding="utf-8")
    ]
    assert not found


def test_the_api_page_lists_every_public_name() -> None:
    import emergency_address

    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8").splitlines()
    listed = {
        line.removeprefix("::: emergency_address.") for line in page if line.startswith(":::")
    }
    assert set(emergency_address.__all__) - {"__version__"} <= listed


# --- the API reference, as built -----------------------------------------------------------


@pytest.fixture(scope="module")
def api_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The text of the built API reference page (tags stripped), from a strict build."""
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings_handlers.python")
    import html
    import subprocess
    import sys

    site = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    pages = {p.relative_to(site): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    raw = pages[Path("api/index.html")]
    _BUILT.update(
        {str(path): html.unescape(re.sub(r"<[^>]+>", "", text)) for path, text in pages.items()}
    )
    return raw


_BUILT: dict[str, str] = {}
SPHINX_ROLE = re.compile(r":(?:py:)?(?:class|meth|func|attr|mod|exc|data|obj|const|ref):`?\S")


def test_no_sphinx_role_reaches_the_built_site(api_page: str) -> None:
    found = [
        f"{path}: {match.group(0)}"
        for path, text in _BUILT.items()
        for match in SPHINX_ROLE.finditer(text)
    ]
    assert not found, found[:10]


def _public_enums() -> list[type]:
    import enum

    import emergency_address

    return [
        obj
        for name in emergency_address.__all__
        if isinstance(obj := getattr(emergency_address, name), type) and issubclass(obj, enum.Enum)
    ]


def _member_docstrings(cls: type) -> dict[str, str | None]:
    """Each member's docstring: the string literal right after its assignment in the class."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(cls))
    body = tree.body[0].body  # type: ignore[attr-defined]
    found: dict[str, str | None] = {}
    for statement, following in zip(body, [*body[1:], None], strict=True):
        if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
            doc = None
            if isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant):
                doc = str(following.value.value)
            found[statement.targets[0].id] = doc
    return found


@pytest.mark.parametrize("cls", _public_enums(), ids=lambda c: c.__name__)
def test_every_enum_member_has_its_meaning_in_the_reference(cls: type, api_page: str) -> None:
    docs = _member_docstrings(cls)
    members = [m.name for m in cls]  # type: ignore[attr-defined]
    assert [m for m in members if not docs.get(m)] == [], "members without a docstring"
    for member in members:
        assert f'id="emergency_address.{cls.__name__}.{member}"' in api_page, member


def test_every_civic_field_is_in_the_reference_with_its_element(api_page: str) -> None:
    from emergency_address._civic import CIVIC_FIELDS

    text = _BUILT["api/index.html"]
    start = text.index("emergency_address.CivicAddress")
    section = text[start : text.index("emergency_address.GeoPoint", start)]
    for name, element, _ in (*CIVIC_FIELDS, ("language", "xml:lang", 0)):
        row = re.search(rf"\n\s*{name}\s*\n(.{{0,200}})", section, re.DOTALL)
        assert row is not None, name
        assert element in row.group(1), name


def test_the_architecture_page_names_every_module() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    package = ROOT / "src" / "emergency_address"
    modules = [p.name for p in (*package.glob("*.py"), *(package / "formats").glob("*.py"))]
    missing = [m for m in modules if m not in page and m not in ("__init__.py", "__main__.py")]
    assert not missing
