"""Which @djangokit/runtime a build compiles: the project's, core's copy, or the checkout's."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from djangokit.core.build import BuildError, _runtime, find_runtime

from .conftest import Project, outputs, route_data

PAGE = """
    import { useParams } from "@djangokit/runtime";

    export default function Home() {
      return <p>Home {Object.keys(useParams()).length}</p>;
    }
"""

CHECKOUT = Path(__file__).resolve().parents[4] / "npm" / "runtime" / "src"


def copy_runtime(into: Path) -> Path:
    """The runtime's sources as the wheel carries them (hatch_build.py: no tests)."""
    into.mkdir(parents=True)
    for path in CHECKOUT.iterdir():
        if path.suffix in (".ts", ".tsx") and not re.search(r"\.test(-helper)?\.", path.name):
            shutil.copy(path, into / path.name)
    return into


def test_the_order(make_project: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    project: Project = make_project({"page.tsx": PAGE})
    shipped = copy_runtime(tmp_path / "shipped")
    monkeypatch.setattr(_runtime, "shipped_runtime_dir", lambda: shipped)
    runtime = find_runtime(project.paths)
    assert (runtime.source, runtime.src_dir) == ("core", shipped)
    assert runtime.aliases() == {
        "@djangokit/runtime": str(shipped / "index.ts"),
        "@djangokit/runtime/server": str(shipped / "server.tsx"),
    }

    # Where the checkout is depends on how core is installed (test_an_editable_install_...):
    # point it at this one, so that nox's non-editable install tests the order too.
    monkeypatch.setattr(_runtime, "shipped_runtime_dir", lambda: tmp_path / "none")
    monkeypatch.setattr(_runtime, "checkout_runtime_dir", lambda: CHECKOUT)
    runtime = find_runtime(project.paths)
    assert (runtime.source, runtime.src_dir) == ("checkout", CHECKOUT)

    package = project.dir / "node_modules" / "@djangokit" / "runtime"
    package.mkdir(parents=True)
    (package / "package.json").write_text("{}")
    assert find_runtime(project.paths).source == "project"
    assert find_runtime(project.paths).aliases() is None

    shutil.rmtree(project.dir / "node_modules")
    monkeypatch.setattr(_runtime, "checkout_runtime_dir", lambda: tmp_path / "none")
    with pytest.raises(BuildError, match=r"npm install @djangokit/runtime"):
        find_runtime(project.paths)


def test_an_editable_install_finds_the_checkout() -> None:
    if Path(_runtime.__file__).resolve().parents[6] != CHECKOUT.parents[2]:
        pytest.skip("core is not installed in editable mode from this checkout")
    assert _runtime.checkout_runtime_dir() == CHECKOUT


def test_cores_copy_uses_the_projects_react(
    make_project: Any, node_modules: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Installed from a wheel, the runtime's sources sit in site-packages, with no
    # node_modules above them: React and React Router come from the project's.
    shipped = copy_runtime(tmp_path / "site-packages" / "djangokit" / "core" / "runtime")
    monkeypatch.setattr(_runtime, "shipped_runtime_dir", lambda: shipped)
    project: Project = make_project({"page.tsx": PAGE}, node_modules)
    result = project.build()
    text = "".join(outputs(project).values())
    assert "site-packages/djangokit/core/runtime/hydrate.tsx" in text
    assert len(re.findall(r"^// .*node_modules/react/cjs/react\.development\.js$", text, re.M)) == 1
    assert result.manifest["routes"]["page:root"]["js"]
    rendered = project.render("/", route_data("/", ["page:root"]))
    assert rendered["html"] == "<p>Home <!-- -->0</p>"


FAKE_RUNTIME = {
    "package.json": (
        '{"name": "@djangokit/runtime", "version": "0.0.0-fake", "type": "module",\n'
        ' "exports": {".": "./index.js", "./server": "./server.js"}}\n'
    ),
    "index.js": (
        "export function hydrate(options) { globalThis.fakeRoutes = options.routes; }\n"
        "export function useParams() { return {}; }\n"
    ),
    "server.js": (
        "export async function renderPage({ url, routes }) {\n"
        "  return { html: `fake runtime: ${url} ${routes[0].id}`, head: '', status: 200 };\n"
        "}\n"
    ),
}


def test_a_project_installed_runtime_wins(make_project: Any, node_modules: Path) -> None:
    project: Project = make_project({"page.tsx": PAGE})
    modules = project.dir / "node_modules"
    modules.mkdir()
    for package in node_modules.iterdir():
        (modules / package.name).symlink_to(package)
    project.write(FAKE_RUNTIME, base=modules / "@djangokit" / "runtime")
    assert find_runtime(project.paths).source == "project"
    project.build()
    assert "globalThis.fakeRoutes" in "".join(outputs(project).values())
    rendered = project.render("/", route_data("/", ["page:root"]))
    assert rendered["html"] == "fake runtime: / page:root"
