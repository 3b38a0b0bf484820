"""Scratch projects built with real Node and esbuild.

npm installs React, React Router and esbuild once (into the pytest cache, so later sessions
reuse them); each scratch project links that ``node_modules``. Without Node or npm the tests
skip, unless ``DJANGOKIT_REQUIRE_SERVICES=1`` (CI), where they fail.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from djangokit.core import RouteTree, discover_routes
from djangokit.core.build import BuildPaths, BuildResult, build
from djangokit.core.testing import package_json

# React, React Router and esbuild, as `dk new` asks for them.
PACKAGE_JSON = package_json(
    react="^19", **{"react-dom": "^19", "react-router-dom": "^7"}, esbuild="^0.28"
)


@pytest.fixture(scope="session")
def node_modules(npm_install: Callable[[str, str], Path]) -> Path:
    """A ``node_modules`` with :data:`PACKAGE_JSON`'s packages, installed once and cached
    (DjangoKit's ``npm_install`` fixture)."""
    return npm_install(PACKAGE_JSON, "djangokit-npm")


_names = itertools.count()


@dataclass
class Project:
    """A scratch DjangoKit project: ``src/<package>/routes/`` and a linked node_modules."""

    dir: Path
    package: str
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def routes(self) -> Path:
        return self.dir / "src" / self.package / "routes"

    @property
    def paths(self) -> BuildPaths:
        return BuildPaths(self.dir.resolve(), self.dir.resolve() / ".djangokit" / "build")

    def write(self, files: dict[str, str], base: Path | None = None) -> None:
        for name, text in files.items():
            path = (base or self.routes) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip())

    def tree(self) -> RouteTree:
        return discover_routes(self.routes, self.package)

    def build(self, **kwargs: Any) -> BuildResult:
        kwargs.setdefault("options", self.options)
        return build(self.dir, tree=self.tree(), static_url="/static/", **kwargs)

    def static(self, name: str) -> Path:
        return self.paths.static_dir / name

    def node(self, script: str) -> str:
        """Run *script* as an ES module with node in the project directory; its stdout."""
        result = subprocess.run(
            ["node", "--input-type=module", "-e", script],
            cwd=self.dir,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def render(self, url: str, data: dict[str, Any]) -> dict[str, Any]:
        """Import the server bundle with node and ``render(url, data)``."""
        bundle = self.paths.server_bundle.as_uri()
        script = (
            f"const {{ render }} = await import({json.dumps(bundle)});\n"
            f"const page = await render({json.dumps(url)}, {json.dumps(data)});\n"
            "process.stdout.write(JSON.stringify(page));\n"
        )
        rendered: dict[str, Any] = json.loads(self.node(script))
        return rendered


def route_data(url: str, matches: list[str], **extra: Any) -> dict[str, Any]:
    """The route data a document embeds (decision 0001), for the server bundle."""
    return {
        "url": url,
        "prefix": "",
        "matches": matches,
        "params": {},
        "routes": {},
        "errors": None,
        "status": 200,
        "user": {"isAuthenticated": False, "username": ""},
        "csrfToken": "token",
        **extra,
    }


@pytest.fixture(scope="module")
def make_project(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Any]:
    """``make_project(files, node_modules=...)``: a scratch project whose package is
    importable (``handlers.py`` and ``layout.py`` are imported by route discovery)."""
    added: list[str] = []

    def make(files: dict[str, str], node_modules: Path | None = None, **options: Any) -> Project:
        root = tmp_path_factory.mktemp("project")
        package = f"buildsite{next(_names)}"
        project = Project(root, package, options)
        (root / "src" / package).mkdir(parents=True)
        (root / "src" / package / "__init__.py").write_text("")
        (root / "package.json").write_text('{"private": true, "type": "module"}\n')
        project.routes.mkdir()
        project.write(files)
        if node_modules is not None:
            (root / "node_modules").symlink_to(node_modules, target_is_directory=True)
        sys.path.insert(0, str(root / "src"))
        added.append(str(root / "src"))
        return project

    yield make
    for path in added:
        sys.path.remove(path)


def outputs(project: Project) -> dict[str, str]:
    """The client bundles on disk, by their path below STATIC_URL."""
    return {
        path.relative_to(project.paths.static_dir).as_posix(): path.read_text()
        for path in sorted(project.paths.client_dir.glob("*.js"))
    }


def static_imports(text: str) -> list[str]:
    """The files an (unminified) esbuild chunk imports statically, as paths below
    STATIC_URL; dynamic ``import()`` calls are not static imports."""
    return re.findall(r'(?:\bfrom|^import)\s*"/static/(djangokit/[^"]+)"', text, re.M)
