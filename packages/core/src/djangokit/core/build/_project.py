"""Where a build reads and writes, and the ``[djangokit.build]`` options it runs with."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from djangokit.settings import BuildSettings

__all__ = ["STATIC_PREFIX", "WORK_DIR", "BuildPaths", "build_options"]

WORK_DIR = ".djangokit"
"""The project's directory for generated files, beside ``src/``."""

STATIC_PREFIX = "djangokit"
"""The bundles' directory below ``STATIC_URL`` (``/static/djangokit/client-X7Q2.js``)."""


def build_options(value: Any) -> BuildSettings:
    """``[djangokit.build]`` as its settings model, ``BuildSettings``: the model itself, a
    mapping of its fields (validated: a hand-written settings module, a test), or the
    defaults for ``None``."""
    if isinstance(value, BuildSettings):
        return value
    if value is None:
        return BuildSettings()
    if isinstance(value, Mapping):
        return BuildSettings.model_validate(dict(value))
    raise TypeError(f"[djangokit.build] must be BuildSettings or a mapping, not {value!r}")


@dataclass(frozen=True)
class BuildPaths:
    """The files of one project's build.

    ```
    <project>/.djangokit/routes.ts, client.ts, server.ts   generated sources
    <out_dir>/manifest.json                                 read by the document shell
    <out_dir>/static/djangokit/*.js                         served below STATIC_URL
    <out_dir>/sourcemaps/djangokit/*.js.map                 sourcemap = "hidden" (never served)
    <out_dir>/server/server.mjs                             the SSR bundle (never served)
    ```
    """

    project_dir: Path
    out_dir: Path

    @classmethod
    def of(cls, project_dir: Path, options: BuildSettings) -> BuildPaths:
        project_dir = Path(project_dir).resolve()
        return cls(project_dir, project_dir / options.out_dir)

    @property
    def work_dir(self) -> Path:
        return self.project_dir / WORK_DIR

    @property
    def routes_module(self) -> Path:
        return self.work_dir / "routes.ts"

    @property
    def client_entry(self) -> Path:
        return self.work_dir / "client.ts"

    @property
    def server_entry(self) -> Path:
        return self.work_dir / "server.ts"

    @property
    def node_modules(self) -> Path:
        return self.project_dir / "node_modules"

    @property
    def manifest(self) -> Path:
        return self.out_dir / "manifest.json"

    @property
    def static_dir(self) -> Path:
        """A static files root: ``BuildFinder`` serves it, ``collectstatic`` collects it."""
        return self.out_dir / "static"

    @property
    def client_dir(self) -> Path:
        """esbuild's ``outdir`` for the browser bundles."""
        return self.static_dir / STATIC_PREFIX

    @property
    def sourcemap_dir(self) -> Path:
        """Where ``sourcemap = "hidden"`` puts the browser bundle's maps: beside, not in,
        the static files, so that they are never collected or served."""
        return self.out_dir / "sourcemaps"

    @property
    def server_dir(self) -> Path:
        return self.out_dir / "server"

    @property
    def server_bundle(self) -> Path:
        return self.server_dir / "server.mjs"

    def show(self, path: Path) -> str:
        """*path* relative to the project directory when below it, as POSIX."""
        try:
            return path.relative_to(self.project_dir).as_posix()
        except ValueError:
            return path.as_posix()
