"""Watch mode: rebuilds on edits, new and removed route directories, errors that keep the
previous bundles, and a clean stop."""

from __future__ import annotations

import json
import queue
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from djangokit.core.build import BuildError, BuildResult, watch
from djangokit.core.build._watch import _signature

from .conftest import Project

TIMEOUT = 30.0

FILES = {
    "layout.tsx": """
        import { Outlet } from "@djangokit/runtime";

        export default function Layout() {
          return <main><Outlet /></main>;
        }
    """,
    "page.tsx": """
        export default function Home() {
          return <p>Version one</p>;
        }
    """,
    "about/page.tsx": """
        export default function About() {
          return <p>About us</p>;
        }
    """,
}


def next_result(
    results: queue.Queue[BuildResult | BuildError],
    until: Callable[[BuildResult | BuildError], bool],
) -> BuildResult | BuildError:
    """The first result that satisfies *until* (one change may give several rebuilds)."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        remaining = deadline - time.monotonic()
        assert remaining > 0, "no such rebuild"
        result = results.get(timeout=remaining)
        if until(result):
            return result


def module_text(project: Project, result: BuildResult, router_id: str) -> str:
    return project.static(result.manifest["routes"][router_id]["js"][-1]).read_text()


def test_watch(make_project: Any, node_modules: Path) -> None:
    project: Project = make_project(FILES, node_modules)
    results: queue.Queue[BuildResult | BuildError] = queue.Queue()
    watcher = watch(
        project.dir,
        tree=project.tree(),
        options={},
        static_url="/static/",
        on_rebuild=results.put,
        poll_interval=0.1,
    )
    try:
        first = next_result(results, lambda r: True)
        assert isinstance(first, BuildResult)
        assert json.loads(project.paths.manifest.read_text()) == first.manifest
        about = first.manifest["routes"]["page:about"]

        # An edit: a new chunk for that page, the other page's chunk untouched.
        project.write({"page.tsx": FILES["page.tsx"].replace("one", "two")})
        edited = next_result(
            results,
            lambda r: isinstance(r, BuildResult) and r.manifest["hash"] != first.manifest["hash"],
        )
        assert isinstance(edited, BuildResult)
        assert "Version two" in module_text(project, edited, "page:root")
        assert edited.manifest["routes"]["page:about"] == about

        # A new route directory: routes.ts is regenerated and esbuild rebuilds.
        project.write({"new/page.tsx": "export default function New() { return <p>New</p>; }\n"})
        added = next_result(
            results, lambda r: isinstance(r, BuildResult) and "page:new" in r.manifest["routes"]
        )
        assert isinstance(added, BuildResult)
        assert watcher.tree.find("new").page is not None
        assert 'children: "New"' in module_text(project, added, "page:new")

        # A syntax error: reported with its position; the previous bundles stay in place.
        manifest = project.paths.manifest.read_text()
        project.write({"about/page.tsx": "export default function About() {\n  return <p>\n"})
        error = next_result(results, lambda r: isinstance(r, BuildError))
        assert isinstance(error, BuildError)
        [message] = error.messages
        assert message.file == f"src/{project.package}/routes/about/page.tsx"
        assert message.line is not None and message.column is not None
        assert project.paths.manifest.read_text() == manifest
        for assets in added.manifest["routes"].values():
            for name in assets["js"]:
                assert project.static(name).is_file()
        assert watcher.running  # errors are not fatal

        # Fixed again; then the new directory goes away.
        project.write({"about/page.tsx": FILES["about/page.tsx"]})
        fixed = next_result(results, lambda r: isinstance(r, BuildResult))
        assert isinstance(fixed, BuildResult)
        (project.routes / "new" / "page.tsx").unlink()
        (project.routes / "new").rmdir()
        seen: list[BuildResult | BuildError] = []
        removed = next_result(
            results,
            lambda r: (
                bool(seen.append(r))
                or (isinstance(r, BuildResult) and "page:new" not in r.manifest["routes"])
            ),
        )
        # esbuild missed the page before routes.ts followed: not a failure to report.
        assert not [r for r in seen if isinstance(r, BuildError)], seen
        assert json.loads(project.paths.manifest.read_text()) == removed.manifest  # type: ignore[union-attr]
    finally:
        watcher.stop()
    assert not watcher.running
    assert watcher._process.returncode == 0
    watcher.stop()  # twice is fine


def test_a_broken_route_tree_is_reported(make_project: Any, node_modules: Path) -> None:
    project: Project = make_project(FILES, node_modules)
    results: queue.Queue[BuildResult | BuildError] = queue.Queue()
    with watch(
        project.dir,
        tree=project.tree(),
        options={},
        on_rebuild=results.put,
        poll_interval=0.1,
    ) as watcher:
        assert isinstance(next_result(results, lambda r: True), BuildResult)
        project.write({"about/page.jsx": "export default () => null;\n"})  # beside page.tsx
        error = next_result(results, lambda r: isinstance(r, BuildError))
        assert "are both in one route directory" in str(error)
        assert watcher.running
        (project.routes / "about" / "page.jsx").unlink()
        assert isinstance(next_result(results, lambda r: True), BuildResult)

        # A handlers.py with a `get`: the page now has data (routes.ts says so).
        project.write({"about/handlers.py": "def get(request):\n    return {}\n"})
        next_result(
            results,
            lambda r: (
                '"page:about",\n        path: "about",\n        hasData: true'
                in project.paths.routes_module.read_text()
            ),
        )
        assert "GET" in watcher.tree.find("about").methods
    assert not watcher.running


def test_route_directories_count_in_the_polled_signature(tmp_path: Path) -> None:
    """Removing a route directory is a change even once its files have gone: a rediscovery
    that failed half-way through the removal must run again."""
    routes = tmp_path / "site" / "routes"
    (routes / "new").mkdir(parents=True)
    before = _signature(routes)
    (routes / "new").rmdir()
    assert _signature(routes) != before
