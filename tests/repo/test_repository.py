"""Repository invariants every package relies on: one version, one namespace, tidy public APIs."""

from __future__ import annotations

import ast
import importlib.util
import json
import pathlib
import re
import shutil
import sys
import tomllib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGES = ("settings", "core", "ssr", "cli")
RUNTIME_PACKAGE_JSON = ROOT / "npm" / "runtime" / "package.json"


def _version_of(name: str, root: pathlib.Path = ROOT) -> str:
    path = root / "packages" / name / "src" / "djangokit" / name / "_version.py"
    match = re.search(r'__version__ = "([^"]+)"', path.read_text())
    assert match, f"{path} does not define __version__"
    return match.group(1)


def _pins(name: str, root: pathlib.Path = ROOT) -> dict[str, str]:
    meta = tomllib.loads((root / "packages" / name / "pyproject.toml").read_text())
    pins = {}
    for dep in meta["project"]["dependencies"]:
        if dep.startswith("org-djangokit-"):
            dist, _, version = dep.partition("==")
            assert version, f"packages/{name}: sibling {dep!r} must be pinned exactly with =="
            pins[dist] = version
    return pins


_PIP_INSTALL = re.compile(r"pip install ([^\n`]*)")


def test_no_install_instruction_takes_the_unrelated_pypi_releases() -> None:
    # PyPI's org-djangokit-core and -cli are another, older project: `pip install
    # 'org-djangokit-cli[serve]'` installs that. Until DjangoKit is published, docs and
    # messages install from a checkout (a path) or wheels, with the exact version.
    files = [
        ROOT / "README.md",
        *ROOT.glob("docs/**/*.md"),
        *ROOT.glob("packages/*/README.md"),
        *ROOT.glob("packages/*/src/**/*.py"),
        *ROOT.glob("packages/*/src/**/*.tmpl"),
    ]
    unpinned = []
    for path in files:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for match in _PIP_INSTALL.finditer(line):
                for token in match.group(1).split():
                    name = token.strip("'\"`(),;.")
                    if name.startswith("org-djangokit-") and "==" not in name:
                        unpinned.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not unpinned, "\n".join(unpinned)
    assert "(in progress)" not in (ROOT / "README.md").read_text()


def test_every_distribution_is_mit_licensed_with_the_license_file() -> None:
    license_text = (ROOT / "LICENSE").read_text()
    assert license_text.startswith("MIT License\n")
    for name in PACKAGES:
        meta = tomllib.loads((ROOT / "packages" / name / "pyproject.toml").read_text())
        assert meta["project"]["license"] == "MIT", name
        # Hatchling ships the LICENSE beside each pyproject.toml (wheel and sdist).
        assert (ROOT / "packages" / name / "LICENSE").read_text() == license_text, name
    assert json.loads(RUNTIME_PACKAGE_JSON.read_text())["license"] == "MIT"
    assert (RUNTIME_PACKAGE_JSON.parent / "LICENSE").read_text() == license_text


def test_a_new_projects_dependencies_are_this_repos_distributions() -> None:
    # A `dk new` project installs from a checkout or wheels (docs/cli.md#installing): its
    # pins must name distributions built here, at their version, with extras they have.
    from packaging.requirements import Requirement

    version = _version_of("cli")
    template = ROOT / "packages/cli/src/djangokit/cli/templates/new/pyproject.toml.tmpl"
    text = template.read_text().replace("{{ version }}", version)
    text = re.sub(r"\{\{ \w+ \}\}", "x", text)
    built = {
        meta["project"]["name"]: meta["project"].get("optional-dependencies", {})
        for meta in (
            tomllib.loads((ROOT / "packages" / name / "pyproject.toml").read_text())
            for name in PACKAGES
        )
    }
    requirements = [Requirement(dep) for dep in tomllib.loads(text)["project"]["dependencies"]]
    assert {r.name for r in requirements} == {
        "org-djangokit-core",
        "org-djangokit-ssr",
        "org-djangokit-cli",
    }
    for requirement in requirements:
        assert requirement.name in built, requirement
        assert str(requirement.specifier) == f"=={version}", requirement
        assert requirement.extras <= set(built[requirement.name]), requirement


def test_all_packages_share_one_version() -> None:
    versions = {f"org-djangokit-{name}": _version_of(name) for name in PACKAGES}
    versions["@djangokit/runtime"] = json.loads(RUNTIME_PACKAGE_JSON.read_text())["version"]
    version_ts = (RUNTIME_PACKAGE_JSON.parent / "src" / "version.ts").read_text()
    versions["@djangokit/runtime VERSION"] = re.search(r'VERSION = "([^"]+)"', version_ts).group(1)
    assert len(set(versions.values())) == 1, f"packages disagree on their version: {versions}"


def test_siblings_pin_each_other_exactly() -> None:
    version = _version_of("settings")
    for name in PACKAGES:
        for dist, pinned in _pins(name).items():
            assert pinned == version, f"packages/{name} pins {dist}=={pinned}, not {version}"


def test_dependency_graph_matches_design() -> None:
    expected = {
        "settings": set(),
        "core": {"org-djangokit-settings"},
        "ssr": {"org-djangokit-core"},
        "cli": {"org-djangokit-core", "org-djangokit-settings"},
    }
    assert {name: set(_pins(name)) for name in PACKAGES} == expected


@pytest.mark.parametrize("name", PACKAGES)
def test_namespace_package_has_no_init(name: str) -> None:
    src = ROOT / "packages" / name / "src" / "djangokit"
    assert not (src / "__init__.py").exists(), (
        f"{src / '__init__.py'} breaks the PEP 420 `djangokit` namespace: delete it"
    )
    assert (src / name / "py.typed").exists(), f"packages/{name} must ship py.typed"


SOURCE_MODULES = sorted(
    path.relative_to(ROOT).as_posix()
    for name in PACKAGES
    for path in (ROOT / "packages" / name / "src").rglob("*.py")
)


def ruf022_key(name: str) -> tuple[int, list[int | str]]:
    """ruff's RUF022 (isort-style) order: CONSTANTS, then Classes, then the rest, each in
    natural order (``a2`` before ``a10``)."""
    group = 0 if name.isupper() else 1 if name[0].isupper() else 2
    return group, [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


@pytest.mark.parametrize("module", SOURCE_MODULES)
def test_all_is_in_one_order_and_defined(module: str) -> None:
    """Every module's ``__all__`` (if any) in RUF022's order, as ruff's lint keeps it, and
    naming only what the module defines or imports; a package's ``__init__`` must have one."""
    path = ROOT / module
    tree = ast.parse(path.read_text())
    exported: list[str] | None = None
    defined: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            exported = list(ast.literal_eval(node.value))
        elif isinstance(node, ast.ImportFrom | ast.Import):
            defined.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            defined.add(node.name)
        elif isinstance(node, ast.Assign):
            defined.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            defined.add(node.target.id)
    if exported is None:
        assert path.name != "__init__.py" or path.parent.name not in PACKAGES, (
            f"{module} must declare __all__"
        )
        return
    assert exported == sorted(exported, key=ruf022_key), f"{module}: __all__ not in RUF022 order"
    missing = set(exported) - defined
    assert not missing, f"{module}: __all__ names undefined {sorted(missing)}"


def test_ruff_keeps_the_all_order() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]["lint"]
    assert "RUF" in config["select"] and "RUF022" not in config.get("ignore", [])


def test_bump_moves_every_version_in_lockstep(tmp_path: pathlib.Path) -> None:
    copy = tmp_path / "repo"
    for name in PACKAGES:
        shutil.copytree(ROOT / "packages" / name / "src", copy / "packages" / name / "src")
        shutil.copy(ROOT / "packages" / name / "pyproject.toml", copy / "packages" / name)
    (copy / "npm" / "runtime").mkdir(parents=True)
    shutil.copy(RUNTIME_PACKAGE_JSON, copy / "npm" / "runtime")
    (copy / "npm" / "runtime" / "src").mkdir()
    shutil.copy(RUNTIME_PACKAGE_JSON.parent / "src" / "version.ts", copy / "npm/runtime/src")
    spec = importlib.util.spec_from_file_location("bump_version", ROOT / "scripts/bump_version.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bump_version"] = module
    spec.loader.exec_module(module)

    changed = module.bump("9.8.7", root=copy)

    assert len(changed) >= len(PACKAGES) + 1
    assert {_version_of(n, copy) for n in PACKAGES} == {"9.8.7"}
    assert all(v == "9.8.7" for n in PACKAGES for v in _pins(n, copy).values())
    runtime = json.loads((copy / "npm/runtime/package.json").read_text())
    assert runtime["version"] == "9.8.7"
    assert 'VERSION = "9.8.7"' in (copy / "npm/runtime/src/version.ts").read_text()
    with pytest.raises(SystemExit, match="not a release version"):
        module.bump("nine", root=copy)
    with pytest.raises(SystemExit, match="not a release version"):
        module.bump("1.0.0rc1", root=copy)  # npm would spell it 1.0.0-rc.1


MAX_LINES = 400
"""A source module longer than this is split by what it holds (decision 10)."""


def test_no_source_module_exceeds_400_lines() -> None:
    sources = [
        *(path for name in PACKAGES for path in (ROOT / "packages" / name / "src").rglob("*")),
        *(ROOT / "npm" / "runtime" / "src").rglob("*"),
    ]
    long = {
        path.relative_to(ROOT).as_posix(): lines
        for path in sources
        if path.suffix in {".py", ".mjs", ".js", ".ts", ".tsx"}
        and ".test." not in path.name
        and ".test-helper." not in path.name
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines (split them by what they hold): {long}"
