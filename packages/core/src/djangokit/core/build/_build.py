"""``build()``: generate the entries, run esbuild once, write the manifest."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from djangokit.settings import BuildSettings

from .._routes import RouteTree
from ._entries import write_entries
from ._errors import BuildError, BuildMessage
from ._esbuild import esbuild_config, run_build, script_messages
from ._manifest import route_modules
from ._outputs import asset_manifest, output_files, prune, write_manifest
from ._project import STATIC_PREFIX, BuildPaths, build_options
from ._refresh import hot_update, refresh_available, write_update
from ._runtime import Runtime, check_packages, find_runtime

__all__ = ["BuildResult", "Job", "build", "finish"]


@dataclass(frozen=True)
class BuildResult:
    """A finished build: the ``manifest`` as written to ``paths.manifest``."""

    manifest: dict[str, Any]
    paths: BuildPaths
    production: bool
    warnings: tuple[BuildMessage, ...] = ()
    seconds: float = 0.0

    @property
    def manifest_path(self) -> Path:
        return self.paths.manifest

    @property
    def server_bundle(self) -> Path:
        return self.paths.server_bundle


@dataclass(frozen=True)
class Job:
    """Everything one build (or watch) needs, resolved once."""

    paths: BuildPaths
    options: BuildSettings
    tree: RouteTree
    runtime: Runtime
    production: bool
    public_path: str
    started: float = field(default_factory=time.monotonic)
    refresh: Path | None = None
    """The project package's directory when `dk dev` has React Fast Refresh (decision 0008)."""

    @classmethod
    def create(
        cls,
        project_dir: Path | str | None,
        *,
        tree: RouteTree | None,
        options: Any,
        production: bool,
        static_url: str | None,
        refresh: bool = False,
    ) -> Job:
        from django.conf import settings

        configured = settings.configured
        if project_dir is None:
            project_dir = (getattr(settings, "BASE_DIR", None) if configured else None) or "."
        if options is None and configured:
            from .._conf import option

            options = option("build")
        if tree is None:
            from .._discovery import get_route_tree

            tree = get_route_tree()
        if static_url is None:
            static_url = (settings.STATIC_URL if configured else None) or "/static/"
        resolved = build_options(options)
        paths = BuildPaths.of(Path(project_dir), resolved)
        check_packages(paths)
        return cls(
            paths=paths,
            options=resolved,
            tree=tree,
            runtime=find_runtime(paths),
            production=production,
            public_path=f"{static_url.rstrip('/')}/{STATIC_PREFIX}",
            refresh=tree.routes_dir.parent
            if refresh and not production and refresh_available(paths)
            else None,
        )

    def config(self, mode: str) -> dict[str, Any]:
        return esbuild_config(
            self.paths,
            self.options,
            self.runtime,
            production=self.production,
            public_path=self.public_path,
            mode=mode,
            refresh=self.refresh,
            entries=sorted(
                {
                    self.tree.routes_dir / f
                    for files in route_modules(self.tree).values()
                    for f in files
                }
            )
            if self.refresh is not None
            else (),
        )


def build(
    project_dir: Path | str | None = None,
    *,
    production: bool = False,
    tree: RouteTree | None = None,
    options: Any = None,
    static_url: str | None = None,
) -> BuildResult:
    """Build the project's bundles and manifest; raise :class:`BuildError` if it fails.

    ```python
    from djangokit.core.build import build

    result = build(production=True)  # the configured Django project
    result.manifest["entry"]  # "djangokit/client-5FJQ2MZA.js"
    ```

    Defaults come from Django's settings: the project directory is ``BASE_DIR``, the routes
    ``get_route_tree()``, the options ``[djangokit.build]`` (a ``BuildSettings`` or a dict)
    and the bundles' URLs start with ``STATIC_URL``. A production build is minified (unless
    ``minify = false``) with ``process.env.NODE_ENV`` set to ``"production"``. Files of
    earlier builds are deleted once this one has succeeded.
    """
    job = Job.create(
        project_dir, tree=tree, options=options, production=production, static_url=static_url
    )
    try:
        write_entries(job.paths, job.tree)
    except BuildError as exc:
        raise exc.relative_to(job.paths.project_dir) from None
    result, written = finish(job, run_build(job.config("build")))
    paths = job.paths
    maps = _hidden_maps(paths, written) if job.options.sourcemap == "hidden" else []
    prune(paths.client_dir, set(written).difference(maps))
    prune(paths.server_dir, written)
    hidden = [paths.sourcemap_dir / p.relative_to(paths.static_dir) for p in maps]
    prune(paths.sourcemap_dir, hidden)
    return replace(result, seconds=time.monotonic() - job.started)


def finish(job: Job, answer: Mapping[str, Any]) -> tuple[BuildResult, list[Path]]:
    """Write the manifest for one answer of ``esbuild.mjs`` (or raise :class:`BuildError`);
    the result, and the files the build wrote."""
    paths = job.paths
    client, server = answer.get("client"), answer.get("server")
    errors = script_messages(client, "errors", paths) + script_messages(server, "errors", paths)
    if errors:
        raise BuildError(_unique(errors))
    warnings = script_messages(client, "warnings", paths)
    warnings += script_messages(server, "warnings", paths)
    client_meta = (client or {}).get("metafile") or {}
    server_meta = (server or {}).get("metafile") or {}
    manifest, problems = asset_manifest(
        paths, job.tree, client_meta, server_meta, contents=job.refresh is not None
    )
    if problems:
        raise BuildError(problems)
    if job.refresh is not None:
        refresh = answer.get("refresh")
        update = None
        if isinstance(refresh, Mapping):
            update = hot_update(paths, job.refresh, client_meta, refresh, job.public_path)
        follows = answer.get("follows")
        if answer.get("partial") and update is None:
            # Only a reload applies it: that waits for the new server bundle (next answer).
            raise _NotHot
        follows = follows if isinstance(follows, str) else None
        write_update(paths, manifest["hash"], update, follows, partial=bool(answer.get("partial")))
    write_manifest(paths, manifest)
    result = BuildResult(
        manifest=manifest,
        paths=paths,
        production=job.production,
        warnings=tuple(_unique(warnings)),
        seconds=time.monotonic() - job.started,
    )
    return result, output_files(paths, client_meta) + output_files(paths, server_meta)


class _NotHot(Exception):
    """A partial answer (the client built, the server bundle not yet) that only a reload
    could apply: nothing is written for it."""


def _hidden_maps(paths: BuildPaths, written: list[Path]) -> list[Path]:
    """The client's maps, as the metafile names them: esbuild.mjs wrote them below
    ``sourcemap_dir`` instead (``sourcemap = "hidden"``)."""
    return [p for p in written if p.suffix == ".map" and p.is_relative_to(paths.client_dir)]


def _unique(messages: list[BuildMessage]) -> list[BuildMessage]:
    # Both bundles compile the same sources, so each source error comes twice.
    return list(dict.fromkeys(messages))
