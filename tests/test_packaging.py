"""pyproject.toml declares every package the code imports directly."""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(folder: Path) -> set[str]:
    """Top-level names of every module imported in ``folder``'s Python files (lazy ones too)."""
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.\-]+", requirement)[0]).lower()


def test_every_third_party_import_is_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_name(r) for r in project["dependencies"]}
    declared |= {_name(r) for extra in project["optional-dependencies"].values() for r in extra}
    distributions = importlib.metadata.packages_distributions()
    third_party = {
        name
        for name in imported_modules(ROOT / "policytext")
        if name not in sys.stdlib_module_names and name not in ("policytext", "__future__")
    }
    assert third_party, "no import found: the scan is broken"
    missing = {
        name: distributions.get(name)
        for name in third_party
        if not {_name(d) for d in distributions.get(name, [name])} & declared
    }
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


# --------------------------------------------------------------------------
# The package carries its configuration and corpus (issue 15, "Rerun")
# --------------------------------------------------------------------------


def _layout(root: Path, *, clone: bool) -> Path:
    """A package folder as in a clone (data/ beside it) or as installed (data/ inside it)."""
    package = root / ("policytext" if clone else "site-packages/policytext")
    data = root / "data" if clone else package / "data"
    (data / "raw").mkdir(parents=True)
    (data / "terms.yml").write_text("terms: []\n", encoding="utf-8")
    package.mkdir(parents=True, exist_ok=True)
    if clone:
        (root / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    return package


@pytest.mark.parametrize(
    ("clone", "environ", "expected"),
    [
        (True, {}, "data"),
        (False, {}, "site-packages/policytext/data"),
        (True, {"POLICYTEXT_DATA": "elsewhere"}, "elsewhere"),
        (False, {"POLICYTEXT_DATA": "elsewhere"}, "elsewhere"),
    ],
)
def test_data_folder_is_found_in_a_clone_and_installed(
    tmp_path: Path, clone: bool, environ: dict, expected: str
) -> None:
    from policytext import config

    package = _layout(tmp_path, clone=clone)
    environ = {k: str(tmp_path / v) for k, v in environ.items()}
    assert config.find_data_dir(package=package, environ=environ) == (tmp_path / expected).resolve()


@pytest.mark.parametrize(
    ("clone", "environ", "expected"),
    [
        (True, {}, ".cache"),
        (False, {"XDG_CACHE_HOME": "xdg"}, "xdg/policytext"),
    ],
)
def test_cache_is_never_in_site_packages(
    tmp_path: Path, clone: bool, environ: dict, expected: str
) -> None:
    from policytext import config

    package = _layout(tmp_path, clone=clone)
    environ = {k: str(tmp_path / v) for k, v in environ.items()}
    found = config.default_cache_dir(package=package, environ=environ)
    assert found == tmp_path / expected
    assert "site-packages" not in found.parts


def test_the_clone_reads_its_own_data_folder() -> None:
    from policytext import config

    assert ROOT / "data" == config.DATA_DIR or "POLICYTEXT_DATA" in os.environ


def test_binder_installs_the_pinned_requirements_and_the_package() -> None:
    requirements = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8")
    assert "-r ../requirements.txt" in requirements.splitlines()
    assert (ROOT / "requirements.txt").is_file()
    post_build = ROOT / "binder" / "postBuild"
    assert os.access(post_build, os.X_OK)
    assert re.search(r"pip install\b.* \.$", post_build.read_text(encoding="utf-8"), re.M)


def test_every_subpackage_is_installed() -> None:
    """pyproject lists its packages by name: a new subpackage must be listed, or a wheel lacks it."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    listed = set(setuptools["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "policytext").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert "policytext" in found and len(found) > 1  # the scan found the subpackages
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"


def _imports_inside_functions(path: Path, *, root: Path = ROOT) -> list[str]:
    """``file:line`` of every import of the package made inside a function of ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                names = (
                    [inner.module or ""]
                    if isinstance(inner, ast.ImportFrom)
                    else [alias.name for alias in inner.names]
                    if isinstance(inner, ast.Import)
                    else []
                )
                if any(name == "policytext" or name.startswith("policytext.") for name in names):
                    found.append(f"{path.relative_to(root)}:{inner.lineno}")
    return found


def test_the_package_imports_its_own_modules_at_the_top() -> None:
    """No hidden channels: a module's dependencies on the package are in its import block.

    The command line alone imports the pipeline where a command needs it, so that
    ``python -m policytext --help`` and ``userdict`` start without loading pandas.
    """
    package = ROOT / "policytext"
    lazy = [
        where
        for path in sorted(package.rglob("*.py"))
        if path != package / "cli.py"
        for where in _imports_inside_functions(path)
    ]
    assert lazy == []


def test_lazy_import_finder_finds_a_lazy_import(tmp_path: Path) -> None:
    """The finder above sees an import inside a function (so the test can fail)."""
    module = tmp_path / "lazy.py"
    module.write_text(
        "import policytext\n\ndef f():\n    import os\n    from policytext import pipeline\n",
        encoding="utf-8",
    )
    assert _imports_inside_functions(module, root=tmp_path) == ["lazy.py:5"]


def _public_definitions(folder: Path) -> dict[str, list[str]]:
    """Every public top-level function and class of ``folder``'s modules, by name."""
    found: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
                found.setdefault(node.name, []).append(str(path.relative_to(folder.parent)))
    return found


def test_no_two_modules_define_one_name() -> None:
    """A name means one thing: a function or class is defined once in the package."""
    defined = _public_definitions(ROOT / "policytext")
    twice = {name: set(where) for name, where in defined.items() if len(set(where)) > 1}
    assert twice == {}


def test_a_name_defined_in_two_modules_is_found(tmp_path: Path) -> None:
    package = tmp_path / "package"
    package.mkdir()
    (package / "a.py").write_text("def glossary():\n    pass\n", encoding="utf-8")
    (package / "b.py").write_text("class glossary:\n    pass\n", encoding="utf-8")
    assert _public_definitions(package) == {"glossary": ["package/a.py", "package/b.py"]}
