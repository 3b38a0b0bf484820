"""Content hashes, production builds, source maps and cleaning up after earlier builds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from djangokit.core.build import BuildResult

from .conftest import Project, outputs, route_data

FILES = {
    "page.tsx": """
        const mode = process.env.NODE_ENV === "production" ? "PROD-MODE" : "DEV-MODE";

        export default function Home() {
          return <p>Home in {mode}</p>;
        }
    """,
    "about/page.tsx": """
        export default function About() {
          return <p>About, first edition</p>;
        }
    """,
}


@pytest.fixture(scope="module")
def project(make_project: Any, node_modules: Path) -> Project:
    result: Project = make_project(FILES, node_modules)
    return result


def chunk(project: Project, result: BuildResult, router_id: str) -> str:
    """The file of *router_id*'s own module: the last of its chunks."""
    name: str = result.manifest["routes"][router_id]["js"][-1]
    return name


def test_names_change_with_content_only(project: Project) -> None:
    first = project.build()
    files = outputs(project)
    again = project.build()
    assert again.manifest == first.manifest  # the same sources, the same names and hash
    assert outputs(project) == files

    project.write({"about/page.tsx": FILES["about/page.tsx"].replace("first", "second")})
    changed = project.build()
    assert chunk(project, changed, "page:about") != chunk(project, first, "page:about")
    assert chunk(project, changed, "page:root") == chunk(project, first, "page:root")
    assert changed.manifest["hash"] != first.manifest["hash"]
    # The build deletes what earlier builds wrote and this one did not.
    assert not project.static(chunk(project, first, "page:about")).exists()
    listed = {name for assets in changed.manifest["routes"].values() for name in assets["js"]} | {
        changed.manifest["entry"]
    }
    written = set(outputs(project))
    assert listed <= written
    # Besides: the runtime's own lazy chunks (network.ts, meta.ts), which it imports when
    # first needed, so that no page lists (or preloads) them.
    assert {Path(name).name.split("-")[0] for name in written - listed} <= {"meta", "network"}


def test_development_builds(project: Project) -> None:
    result = project.build()
    assert result.production is False
    text = project.static(chunk(project, result, "page:root")).read_text()
    assert "DEV-MODE" in text
    assert "process.env.NODE_ENV" not in text
    assert "\n  " in text  # not minified
    react = "".join(outputs(project).values())
    assert "react-dom.development.js" in react
    # Linked source maps in development ([djangokit.build] sourcemap unset).
    page = chunk(project, result, "page:root")
    assert project.static(page + ".map").is_file()
    assert "//# sourceMappingURL=" in project.static(page).read_text()
    assert project.paths.server_bundle.with_suffix(".mjs.map").is_file()


def test_production_builds(project: Project) -> None:
    result = project.build(production=True)
    assert result.production is True
    text = project.static(chunk(project, result, "page:root")).read_text()
    assert "PROD-MODE" in text
    assert "DEV-MODE" not in text  # NODE_ENV is "production", the dead branch is gone
    assert "\n  " not in text  # minified
    everything = "".join(outputs(project).values())
    assert "react-dom.development.js" not in everything
    assert "process.env.NODE_ENV" not in everything
    # No public source maps: none among the static files, no sourceMappingURL comments.
    assert not list(project.paths.static_dir.rglob("*.map"))
    assert "sourceMappingURL" not in everything
    assert not project.paths.sourcemap_dir.exists()
    assert project.paths.server_bundle.with_suffix(".mjs.map").is_file()  # never served
    # The server bundle runs in production mode too.
    rendered = project.render("/", route_data("/", ["page:root"]))
    assert "Home in <!-- -->PROD-MODE" in rendered["html"]


def test_hidden_source_maps_are_written_outside_the_static_files(project: Project) -> None:
    result = project.build(production=True, options={"sourcemap": "hidden"})
    page = chunk(project, result, "page:root")
    assert not list(project.paths.static_dir.rglob("*.map"))
    assert "sourceMappingURL" not in "".join(outputs(project).values())
    hidden = project.paths.sourcemap_dir / page
    hidden = hidden.with_name(hidden.name + ".map")
    assert json.loads(hidden.read_text())["sources"]
    # Another build replaces them; a build without "hidden" removes them.
    project.build(production=True, options={"sourcemap": False})
    assert not list(project.paths.sourcemap_dir.rglob("*.map"))


def test_options_override_the_defaults(project: Project) -> None:
    result = project.build(production=True, options={"minify": False, "sourcemap": False})
    text = project.static(chunk(project, result, "page:root")).read_text()
    assert "PROD-MODE" in text
    assert "\n  " in text
    assert not list(project.paths.client_dir.glob("*.map"))
    assert not project.paths.server_bundle.with_suffix(".mjs.map").exists()
