"""The front-end build a test run renders pages with: made on demand from the current sources.

A test that asks for a page gets it server-rendered when a renderer is configured
(``org-djangokit-ssr``) and Node is installed. The first such page of a run builds the project
(``djangokit.core.build.build``); later ones rebuild only when a source file changed since,
so a test never renders an old build's markup.
"""

from __future__ import annotations

import os
import shutil
import threading
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

__all__ = ["ensure_build", "server_rendering"]

_lock = threading.Lock()
# The sources each project was last built from, as (path, mtime, size) stamps.
_built: dict[Path, frozenset[tuple[str, int, int]]] = {}
_SKIP_DIRS = frozenset({"__pycache__", "node_modules"})


def server_rendering() -> bool:
    """Whether pages need a build to render on the server: SSR is not off, its backend is
    installed, and Node and the project's npm packages (``node_modules``) are there."""
    from django.conf import settings

    from djangokit.core._conf import option
    from djangokit.core.ssr import ENTRY_POINT_GROUP

    ssr = option("ssr")
    if ssr is None or ssr.enabled is False:
        return False
    backend = ssr.backend
    if "." not in backend and not entry_points(group=ENTRY_POINT_GROUP, name=backend):
        return False
    if shutil.which(ssr.node) is None:
        return False
    return (_project_dir(settings) / "node_modules").is_dir()


def ensure_build() -> bool:
    """Build the configured project unless its last build in this process was made from the
    sources as they are now; whether it built. Raises ``BuildError`` when the build fails."""
    from django.conf import settings

    from djangokit.core._conf import option
    from djangokit.core.build import build

    project = _project_dir(settings)
    package = str(option("package") or "")
    with _lock:
        stamps = _stamps(project, package)
        if _built.get(project) == stamps and _manifest_exists():
            return False
        build(project)
        _built[project] = stamps
    _renderer_sees_the_build()
    return True


def _renderer_sees_the_build() -> None:
    """A backend on "auto" declines while there is no server bundle, and core keeps that
    answer until the options change: say they did, now that there is one."""
    from django.conf import settings
    from django.core.signals import setting_changed

    from djangokit.core.ssr import get_renderer

    if get_renderer() is None:
        value = getattr(settings, "DJANGOKIT", None)
        setting_changed.send(sender=None, setting="DJANGOKIT", value=value, enter=False)


def _project_dir(settings: Any) -> Path:
    # As the build's own default: a hand-written settings module may have no BASE_DIR.
    return Path(getattr(settings, "BASE_DIR", None) or os.getcwd()).resolve()


def _manifest_exists() -> bool:
    from djangokit.core._assets import manifest_path

    return manifest_path().is_file()


def _stamps(project: Path, package: str) -> frozenset[tuple[str, int, int]]:
    """Every source the build reads: the package's files and the npm/TypeScript config."""
    files = [project / "package.json", project / "tsconfig.json"]
    for top, dirs, names in os.walk(project / "src" / package):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS]
        files.extend(Path(top, name) for name in names)
    stamps = set()
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        stamps.add((str(path), stat.st_mtime_ns, stat.st_size))
    return frozenset(stamps)
