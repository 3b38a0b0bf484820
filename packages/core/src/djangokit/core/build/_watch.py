"""``watch()``: esbuild's incremental rebuilds, and ``routes.ts`` kept in step with ``routes/``.

esbuild watches the files it bundled; only Python knows that a new ``page.tsx`` is a route,
so a thread polls ``routes/`` and regenerates ``.djangokit/routes.ts``, which esbuild then
sees change. Every rebuild writes a fresh manifest; a failed one is reported and leaves the
previous bundles and manifest in place, unless ``routes.ts`` fell behind the routes under it
(a deleted route directory): then the routes are read at once and esbuild builds again.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from .._discovery import discover_routes
from .._routes import RouteError, RouteTree
from ..conventions import COMPONENT_FILES, PYTHON_FILES, UNWATCHED_DIRS, is_route_dir
from ._build import BuildResult, Job, finish
from ._entries import write_entries
from ._errors import BuildError, BuildMessage
from ._esbuild import node_command, parse_line
from ._manifest import client_manifest

__all__ = ["ROUTE_FILES", "Watcher", "watch"]

logger = logging.getLogger("djangokit.core.build")

OnRebuild = Callable[[BuildResult | BuildError], object]
OnTree = Callable[[RouteTree], object]

ROUTE_FILES = (COMPONENT_FILES - {"document.html"}) | PYTHON_FILES
"""The files whose coming and going (or, for Python, changing) changes the route tree."""


class Watcher:
    """A running ``watch()``: call :meth:`stop` (or use it as a context manager) to end it."""

    def __init__(
        self,
        job: Job,
        on_rebuild: OnRebuild | None,
        poll_interval: float,
        on_tree: OnTree | None = None,
    ) -> None:
        self._job = job
        self._on_rebuild = on_rebuild
        self._on_tree = on_tree
        self._poll_interval = poll_interval
        self._stopping = threading.Event()
        self._stderr: list[str] = []
        self._signature = _signature(job.tree.routes_dir)
        self.last: BuildResult | BuildError | None = None
        """The latest result: what the newest rebuild gave."""
        self._built: BuildResult | BuildError | None = None  # esbuild's latest, tree aside
        self._tree_broken = False
        self._follows: str | None = None  # the partial answer's manifest hash
        # Held while the routes are checked (poll thread, or the read thread after a failed
        # build) and while stdin is written; _entries_written: when routes.ts last changed.
        self._lock = threading.Lock()
        self._entries_written = float("-inf")
        write_entries(job.paths, job.tree, refresh=job.refresh is not None)
        self._process = subprocess.Popen(
            node_command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps(job.config("watch")) + "\n")
        self._process.stdin.flush()
        self._threads = [
            threading.Thread(target=self._read, name="djangokit-build-read", daemon=True),
            threading.Thread(target=self._drain, name="djangokit-build-stderr", daemon=True),
            threading.Thread(target=self._poll, name="djangokit-build-poll", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    @property
    def tree(self) -> RouteTree:
        """The route tree the current ``routes.ts`` was generated from."""
        return self._job.tree

    @property
    def running(self) -> bool:
        return not self._stopping.is_set() and self._process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """Stop esbuild and the polling; waits up to *timeout* seconds for Node to exit."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        try:
            with self._lock:  # not while _send writes
                if self._process.stdin is not None:
                    self._process.stdin.close()  # esbuild.mjs disposes its contexts and exits
            self._process.wait(timeout)
        except (OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout)
        for stream in (self._process.stdout, self._process.stderr):
            if stream is not None:
                stream.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _report(self, result: BuildResult | BuildError) -> None:
        self.last = result
        if isinstance(result, BuildError) and self._on_rebuild is None:
            logger.error("The build failed:\n%s", result)  # else the callback reports it
        if self._on_rebuild is not None:
            try:
                self._on_rebuild(result)
            except Exception:
                logger.exception("The on_rebuild callback failed")

    def _read(self) -> None:
        stream: IO[str] | None = self._process.stdout
        assert stream is not None
        for line in stream:
            answer = parse_line(line)
            if answer is None:
                continue
            if "fatal" in answer:
                self._report(BuildError([f"esbuild stopped: {answer['fatal']}"]))
                continue
            if answer.get("partial"):
                # The client built, the server bundle not yet (Fast Refresh): the manifest
                # and the hot update now, so the open page need not wait; reported with the
                # next answer, which has the server bundle too.
                try:
                    early, _written = finish(self._job, answer)
                except Exception:  # not hot-applicable, or broken: the next answer says
                    continue
                self._follows = str(early.manifest["hash"])
                continue
            if self._follows is not None:
                answer = {**answer, "follows": self._follows}
                self._follows = None
            # esbuild's own time for the rebuild, rather than since the event arrived.
            took = answer.get("ms")
            seconds = took / 1000 if isinstance(took, int) else 0.0
            job = replace(self._job, started=time.monotonic() - seconds)
            try:
                self._built, _written = finish(job, answer)
            except BuildError as exc:
                if self._routes_moved_since(job.started):
                    continue  # a stale failure: another build, on the new routes.ts, follows
                self._built = exc
            self._report(self._built)
        if not self._stopping.is_set():
            detail = "".join(self._stderr[-20:]).strip() or f"exit status {self._process.wait()}"
            self._report(BuildError([f"esbuild stopped unexpectedly: {detail}"]))

    def _drain(self) -> None:
        stream = self._process.stderr
        assert stream is not None
        for line in stream:
            self._stderr.append(line)
            del self._stderr[:-100]

    def _routes_moved_since(self, started: float) -> bool:
        """Whether ``routes.ts`` changed after a build that has just failed started.

        Deleting a route directory removes a page esbuild bundled, and esbuild notices before
        the next poll rewrites ``routes.ts``: its build fails to resolve the page, an error
        that would flash in the browser and the terminal. So the routes are checked now. If
        ``routes.ts`` changes now, esbuild sees it and builds again; if it changed while that
        build ran, esbuild may have read either version, and is asked for another build."""
        checked = time.monotonic()
        with self._lock:
            if not self._check_routes_safely():
                return False  # the build's error stands
            written = self._entries_written
            if written < started - 0.05:  # 50 ms: the answer's way through the pipe
                return False
            if written < checked:
                self._send({"rebuild": True})
        return True

    def _send(self, command: dict[str, object]) -> None:
        """One line of JSON to esbuild.mjs (after the config): a command such as rebuild."""
        try:
            assert self._process.stdin is not None
            self._process.stdin.write(json.dumps(command) + "\n")
            self._process.stdin.flush()
        except (OSError, ValueError):  # stopped meanwhile: the pipe is closed
            pass

    def _poll(self) -> None:
        while not self._stopping.wait(self._poll_interval):
            with self._lock:
                self._check_routes_safely()

    def _check_routes_safely(self) -> bool:
        """:meth:`_check_routes`, with what it raises reported as a failed build (the watcher
        goes on: the next change may fix it); whether it ran through. Under ``_lock``."""
        try:
            self._check_routes()
        except Exception as exc:
            logger.exception("Watching the routes failed")
            self._report(BuildError([f"{type(exc).__name__}: {exc}"]))
            return False
        return True

    def _check_routes(self) -> None:
        signature = _signature(self._job.tree.routes_dir)
        if signature == self._signature:
            return
        self._signature = signature
        try:
            tree = _rediscover(self._job.tree)
            client_manifest(tree)  # refuses what React Router cannot route
        except Exception as exc:  # RouteError, BuildError, a handlers.py that fails to import
            self._tree_broken = True
            if isinstance(exc, RouteError):
                exc = BuildError([str(exc)])
            elif not isinstance(exc, BuildError):  # the line that raised, not a traceback
                exc = BuildError([BuildMessage.from_exception(exc, self._job.paths.project_dir)])
            self._report(exc.relative_to(self._job.paths.project_dir))
            return
        # The new tree first: the rebuild that routes.ts starts must find it.
        self._job = replace(self._job, tree=tree)
        changed = write_entries(self._job.paths, tree, refresh=self._job.refresh is not None)
        if changed:
            self._entries_written = time.monotonic()
        if self._tree_broken and not changed and self._built is not None:
            self._report(self._built)  # fixed, and no rebuild is coming: say so
        self._tree_broken = False
        if self._on_tree is not None:
            try:
                self._on_tree(tree)
            except Exception:
                logger.exception("The on_tree callback failed")


def watch(
    project_dir: Path | str | None = None,
    *,
    on_rebuild: OnRebuild | None = None,
    production: bool = False,
    tree: RouteTree | None = None,
    options: Any = None,
    static_url: str | None = None,
    poll_interval: float = 0.5,
    refresh: bool = False,
    on_tree: OnTree | None = None,
) -> Watcher:
    """Build, then rebuild on every change until :meth:`Watcher.stop`.

    ```python
    watcher = watch(on_rebuild=lambda result: print(result))
    ...
    watcher.stop()
    ```

    *on_rebuild* is called from a background thread after every build with the
    :class:`BuildResult`, or with the :class:`BuildError` that a failed build or a broken
    route tree gave (the previous bundles stay in place); without it a failed build is
    logged (``djangokit.core.build``). *on_tree* is called from the polling thread with
    each new :attr:`Watcher.tree`: a route file came or went, or the project's Python
    modules changed and imported again (`dk dev` rewrites `+types.ts` then). Arguments as
    for ``build()``; missing npm packages or Node raise :class:`BuildError` at once.
    *refresh*: React Fast Refresh for the project's modules (decision 0008), if its npm
    packages are installed and the build is not for production.
    """
    job = Job.create(
        project_dir,
        tree=tree,
        options=options,
        production=production,
        static_url=static_url,
        refresh=refresh,
    )
    return Watcher(job, on_rebuild, poll_interval, on_tree)


def _signature(routes_dir: Path) -> frozenset[tuple[str, int, int]]:
    """The route files below *routes_dir*, and every Python module of the project package
    (``routes/``'s parent) with its mtime: a handler's methods decide ``hasData`` and its
    annotations ``+types.ts``, and the modules it imports (``models/``) may change either.
    Route directories count too, so that a rediscovery which failed while a directory was
    being removed (its files first, then itself) runs again once it has gone."""
    found: set[tuple[str, int, int]] = set()
    for directory, dirs, files in os.walk(routes_dir.parent):
        dirs[:] = [d for d in dirs if d not in UNWATCHED_DIRS and not d.startswith(".")]
        routes_here = _is_below(directory, routes_dir) and not _hidden(directory, routes_dir)
        if routes_here:
            found.add((directory + os.sep, 0, 0))
        for name in files:
            if routes_here and name in ROUTE_FILES:
                path = os.path.join(directory, name)
                try:
                    stat = os.stat(path)
                except FileNotFoundError:
                    continue
                if name.endswith(".py"):  # mtime and size: see _hot's scan in the CLI
                    found.add((path, stat.st_mtime_ns, stat.st_size))
                else:
                    found.add((path, 0, 0))
            elif name.endswith(".py"):
                path = os.path.join(directory, name)
                try:
                    stat = os.stat(path)
                except FileNotFoundError:
                    continue
                found.add((path, stat.st_mtime_ns, stat.st_size))
    return frozenset(found)


def _is_below(directory: str, parent: Path) -> bool:
    return directory == str(parent) or directory.startswith(str(parent) + os.sep)


def _hidden(directory: str, routes_dir: Path) -> bool:
    """Whether *directory* (below ``routes/``) is one that holds no routes."""
    rel = os.path.relpath(directory, routes_dir)
    parts = [] if rel == "." else rel.split(os.sep)
    return not all(is_route_dir(p) for p in parts)


def _rediscover(tree: RouteTree) -> RouteTree:
    """The tree again, with the project package's modules imported afresh: a handler may
    have changed, or a module it imports (a new ``TypedDict`` in ``models/``). This runs in
    the `dk dev` process, which serves no requests, so reloading a models module there is
    safe: Django warns that the model was registered before, and takes the new class."""
    prefix = tree.package
    for name in [n for n in sys.modules if n.startswith(prefix + ".")]:
        del sys.modules[name]
    importlib.invalidate_caches()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r"Model '.*' was already registered", RuntimeWarning)
        return discover_routes(tree.routes_dir, tree.package)
