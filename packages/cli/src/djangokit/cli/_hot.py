"""`dk dev`'s server swaps in new Python code and routes without restarting.

A thread in the server process polls the project package. When a route file comes or goes,
``document.html`` appears or goes, or a Python module changes, it forgets the project's
modules, imports the URLconf afresh (which discovers the routes and imports the handlers
again) and clears Django's URL resolver caches; open pages then load their data again
(:func:`djangokit.cli._livereload.revalidate`). If the new code fails to import, the old
modules stay in place and the server keeps answering with them; the build watcher shows
the error over the page. Django's autoreloader still restarts the server for what cannot be
swapped in a running process (see :func:`needs_restart`): models, whose classes Django's
app registry holds, migrations, ``admin.py``, ``apps.py``, template tags, the package's
``__init__.py``, settings, and anything outside the project package.

See docs/decisions/0007-dev-reloading.md.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from djangokit.core.conventions import COMPONENT_FILES, UNWATCHED_DIRS

__all__ = ["HotReloader", "catch_up", "guard_autoreloader", "needs_restart"]

logger = logging.getLogger("djangokit.cli.dev")

_RESTART = frozenset({"models", "migrations", "admin", "apps", "templatetags", "__init__"})
"""First names below the package whose modules a running server cannot swap."""


def needs_restart(path: Path, package_dir: Path) -> bool:
    """Whether a change to *path* needs a new server process rather than a swap.

    ```python
    needs_restart(Path("src/mysite/routes/handlers.py"), Path("src/mysite"))  # False
    needs_restart(Path("src/mysite/models/__init__.py"), Path("src/mysite"))  # True
    ```
    """
    try:
        parts = path.relative_to(package_dir).parts
    except ValueError:
        return True
    return not parts or parts[0].removesuffix(".py") in _RESTART


_current: list[HotReloader] = []
"""The server process's reloader, once started."""


def catch_up() -> None:
    """Swap in what changed since the last poll before a request is answered: a page that
    reloads or revalidates right after a save (the build watcher's "fixed" event can come
    before the poll) must never get the code from before it."""
    for reloader in _current:
        try:
            reloader.poll()
        except Exception:  # the request is answered with the code in place
            logger.exception("Reloading the project's code failed")


def guard_autoreloader(lock: threading.Lock) -> None:
    """Make Django's autoreloader list the modules' files under *lock*, which a swap holds:
    it reads ``sorted(sys.modules)`` and then each module, from its own thread, and a module
    removed in between would be a ``KeyError`` that ends the server."""
    from django.utils import autoreload

    module_files = autoreload.iter_all_python_module_files

    def locked_module_files() -> set[Path]:
        with lock:
            return module_files()

    autoreload.iter_all_python_module_files = locked_module_files


class HotReloader:
    """Polls *package_dir* every *interval* seconds and swaps in what changed."""

    def __init__(
        self,
        package: str,
        package_dir: Path,
        urlconf: str,
        interval: float = 0.1,
        *,
        on_reload: Callable[[], None] = lambda: None,
    ) -> None:
        self.package = package
        self.on_reload = on_reload
        """Called after each successful swap (``dk dev``: the pages revalidate their data)."""
        self.package_dir = package_dir.resolve()
        self.urlconf = urlconf
        self.interval = interval
        self.lock = threading.Lock()
        """Held while modules are swapped."""
        self._polling = threading.Lock()
        self._signature = self._scan()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="djangokit-hot", daemon=True)

    def start(self) -> HotReloader:
        _current[:] = [self]
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def owns(self, path: Path | str) -> bool:
        """Whether this reloader handles a change to *path* (so Django's should not)."""
        path = Path(path).resolve()
        return path.is_relative_to(self.package_dir) and not needs_restart(path, self.package_dir)

    def _scan(self) -> dict[str, tuple[int, int]]:
        # mtime and size: a save seen between its truncation and its write has the same
        # mtime as the finished file on a coarse clock, but not the same size.
        found: dict[str, tuple[int, int]] = {}
        for directory, dirs, files in os.walk(self.package_dir):
            dirs[:] = [d for d in dirs if d not in UNWATCHED_DIRS and not d.startswith(".")]
            for name in files:
                if name.endswith(".py") or name in COMPONENT_FILES:
                    path = os.path.join(directory, name)
                    try:
                        stat = os.stat(path)
                        found[path] = (
                            (stat.st_mtime_ns, stat.st_size) if name.endswith(".py") else (0, 0)
                        )
                    except FileNotFoundError:
                        continue
        return found

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.poll()
            except Exception:  # keep polling: the next save may fix it
                logger.exception("Reloading the project's code failed")

    def poll(self) -> None:
        """Swap in the files changed since the last poll (from the polling thread, and from
        requests through :func:`catch_up`)."""
        with self._polling:
            signature = self._scan()
            if signature == self._signature:
                return
            changed = {
                Path(p)
                for p in signature.keys() ^ self._signature.keys()
                | {p for p in signature if self._signature.get(p, signature[p]) != signature[p]}
            }
            self._signature = signature
            if any(needs_restart(p, self.package_dir) for p in changed):
                return  # Django's autoreloader starts a new server
            self.reload()

    def _swappable(self, module: str) -> bool:
        return module.startswith(self.package + ".") and module.split(".")[1] not in _RESTART

    def reload(self) -> bool:
        """Import the project's swappable modules and the URLconf afresh; ``True`` if they
        imported, ``False`` (and the old ones kept) if not."""
        from django.urls import clear_url_caches

        from djangokit.core import get_route_tree
        from djangokit.core._encoding import _import_serializer

        with self.lock:
            swapped = [
                name
                for name in sys.modules
                if (name.startswith(self.package + ".") and name.split(".")[1] not in _RESTART)
                or name in (self.urlconf, "djangokit.core.urls")
            ]
            old = {name: sys.modules.pop(name) for name in swapped}
            importlib.invalidate_caches()
            get_route_tree.cache_clear()
            _import_serializer.cache_clear()  # [djangokit] user_serializer may be swapped
            try:
                importlib.import_module(self.urlconf)
                if "djangokit.core.urls" in old:
                    importlib.import_module("djangokit.core.urls")
            except Exception:  # a SyntaxError too: keep the old code
                for name in [n for n in sys.modules if self._swappable(n)]:
                    del sys.modules[name]
                sys.modules.update(old)
                get_route_tree.cache_clear()
                return False
            clear_url_caches()
        self.on_reload()
        return True
