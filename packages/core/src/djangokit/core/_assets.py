"""The script and style tags of a page, read from the build manifest (decision 0003).

The document asks for exactly the chunks of the routes a URL matches, so a page preloads
what it needs and nothing else. The manifest is parsed once and read again only when the
build rewrites it, so ``dk dev`` rebuilds show up without a restart.
"""

from __future__ import annotations

import json
import mimetypes
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from ._conf import option
from .build._project import BuildPaths, build_options

__all__ = [
    "MANIFEST_NAME",
    "AssetTags",
    "Manifest",
    "RouteAssets",
    "build_paths",
    "favicon_tag",
    "get_manifest",
    "manifest_path",
]

MANIFEST_NAME = BuildPaths(Path(), Path()).manifest.name


@dataclass(frozen=True)
class RouteAssets:
    """The chunks one router id needs: its module and what it imports, and its styles."""

    js: tuple[str, ...] = ()
    css: tuple[str, ...] = ()


@dataclass(frozen=True)
class AssetTags:
    """Ready-to-embed HTML: ``styles`` and ``preloads`` for the head, ``scripts`` for the body."""

    styles: SafeString
    preloads: SafeString
    scripts: SafeString


@dataclass(frozen=True)
class Manifest:
    """A parsed build manifest; ``entry`` is ``None`` when there is no build yet."""

    path: Path
    entry: str | None = None
    css: tuple[str, ...] = ()
    routes: Mapping[str, RouteAssets] = field(default_factory=dict)
    _tags: dict[tuple[str, ...], AssetTags] = field(default_factory=dict, compare=False)

    def tags(self, router_ids: Iterable[str]) -> AssetTags:
        """The tags for a page matching *router_ids*; cached per combination of ids."""
        key = tuple(router_ids)
        tags = self._tags.get(key)
        if tags is None:
            tags = self._tags[key] = self._make_tags(key)
        return tags

    def _make_tags(self, router_ids: tuple[str, ...]) -> AssetTags:
        if self.entry is None:
            return AssetTags(SafeString(), SafeString(), _missing_build_hint(self.path))
        js: dict[str, None] = {}  # ordered and without duplicates: shared chunks appear once
        css: dict[str, None] = dict.fromkeys(self.css)
        for router_id in router_ids:
            assets = self.routes.get(router_id)
            if assets is not None:
                js.update(dict.fromkeys(assets.js))
                css.update(dict.fromkeys(assets.css))
        js.pop(self.entry, None)
        return AssetTags(
            styles=_join('<link rel="stylesheet" href="{}">', css),
            preloads=_join('<link rel="modulepreload" href="{}">', js),
            scripts=format_html('<script type="module" src="{}"></script>', static(self.entry)),
        )


def _join(template: str, paths: Iterable[str]) -> SafeString:
    return format_html_join("\n", template, ((static(path),) for path in paths))


def _missing_build_hint(path: Path) -> SafeString:
    if not settings.DEBUG:
        return SafeString()
    text = f"DjangoKit: no build manifest at {path}; run `dk build` (or `dk dev`)."
    return format_html(
        "<!-- {} -->\n<script>console.warn({})</script>",
        text.replace("--", "- -"),
        mark_safe(json.dumps(text).replace("<", "\\u003c")),  # a JS string literal, escaped
    )


def build_paths() -> BuildPaths:
    """The running project's build files (``BuildPaths``: the manifest, the server bundle),
    from ``BASE_DIR`` and ``[djangokit.build] out_dir``."""
    options = build_options(option("build"))
    base = getattr(settings, "BASE_DIR", None) or os.getcwd()
    # Asked for with every page (and every server render): built once per value.
    key = (base, options.out_dir)
    paths = _build_paths.get(key)
    if paths is None:
        paths = BuildPaths(Path(base), Path(base) / options.out_dir)
        if len(_build_paths) > 64:  # settings that change all the time (tests): stay small
            _build_paths.clear()
        _build_paths[key] = paths
    return paths


def manifest_path() -> Path:
    """``<project dir>/<[djangokit.build] out_dir>/manifest.json``."""
    return build_paths().manifest


_build_paths: dict[tuple[Any, Path], BuildPaths] = {}


_lock = threading.Lock()
_cache: dict[Path, tuple[tuple[int, int], Manifest]] = {}


def get_manifest() -> Manifest:
    """The current build manifest; re-read when the file's mtime or size changes."""
    path = manifest_path()
    try:
        stat = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return _cache_get(path, (0, 0)) or _cache_put(path, (0, 0), Manifest(path))
    key = (stat.st_mtime_ns, stat.st_size)
    return _cache_get(path, key) or _cache_put(path, key, _parse(path))


def _cache_get(path: Path, key: tuple[int, int]) -> Manifest | None:
    cached = _cache.get(path)
    return cached[1] if cached is not None and cached[0] == key else None


def _cache_put(path: Path, key: tuple[int, int], manifest: Manifest) -> Manifest:
    with _lock:
        _cache[path] = (key, manifest)
    return manifest


def _parse(path: Path) -> Manifest:
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"The build manifest {path} is unreadable ({exc}).") from exc
    if not isinstance(raw, dict):
        raise ImproperlyConfigured(f"The build manifest {path} must hold a JSON object.")
    entry = raw.get("entry")
    if entry is not None and not isinstance(entry, str):
        raise ImproperlyConfigured(f'The build manifest {path}: "entry" must be a string.')
    routes = raw.get("routes") or {}
    if not isinstance(routes, dict):
        raise ImproperlyConfigured(f'The build manifest {path}: "routes" must be an object.')
    parsed: dict[str, RouteAssets] = {}
    for router_id, assets in routes.items():
        if not isinstance(assets, dict):
            raise ImproperlyConfigured(
                f'The build manifest {path}: "routes.{router_id}" must be an object.'
            )
        parsed[router_id] = RouteAssets(
            js=_paths(assets.get("js"), path, f"routes.{router_id}.js"),
            css=_paths(assets.get("css"), path, f"routes.{router_id}.css"),
        )
    return Manifest(path, entry or None, _paths(raw.get("css"), path, "css"), parsed)


def _paths(value: Any, path: Path, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ImproperlyConfigured(f'The build manifest {path}: "{key}" must be a list of paths.')
    return tuple(value)


_favicons: dict[str, SafeString] = {}


def favicon_tag() -> SafeString:
    """``<link rel="icon">`` for ``[djangokit] favicon`` (default ``favicon.svg``), or
    nothing when no static files finder finds that file: a link to a missing file would be
    a 404 on every page, as would the browser's own ``/favicon.ico`` without a link.

    Found tags are kept; a missing file is looked for again on each page with ``DEBUG`` on
    (it may be added while ``dk dev`` runs) and remembered as missing otherwise.
    """
    name = str(option("favicon", "favicon.svg") or "")
    if not name:
        return SafeString()
    tag = _favicons.get(name)
    if tag is None:
        if not _static_file_exists(name):
            if not settings.DEBUG:
                _favicons[name] = SafeString()
            return SafeString()
        try:
            url = static(name)
        except ValueError:  # a manifest storage before collectstatic: no link, not a 500
            return SafeString()
        kind = mimetypes.guess_type(name)[0]
        tag = _favicons[name] = format_html(
            '<link rel="icon" href="{}"{}>', url, format_html(' type="{}"', kind) if kind else ""
        )
    return tag


def _static_file_exists(name: str) -> bool:
    from django.apps import apps

    if apps.is_installed("django.contrib.staticfiles"):
        from django.contrib.staticfiles import finders

        if finders.find(name):
            return True
        from django.contrib.staticfiles.storage import staticfiles_storage

        try:  # collected into STATIC_ROOT, though no finder has it any more
            return bool(settings.STATIC_ROOT) and staticfiles_storage.exists(name)
        except (ImproperlyConfigured, OSError, ValueError):
            return False
    return False


@receiver(setting_changed)
def _reset(*, setting: str, **kwargs: Any) -> None:
    # Tags hold URLs made from STATIC_URL; the path depends on BASE_DIR and DJANGOKIT.
    if setting in ("STATIC_URL", "STORAGES", "BASE_DIR", "DJANGOKIT", "DEBUG"):
        with _lock:
            _cache.clear()
    if setting in _FAVICON_SETTINGS:
        _favicons.clear()


_FAVICON_SETTINGS = frozenset(
    [
        "STATIC_URL",
        "STORAGES",
        "STATICFILES_DIRS",
        "STATIC_ROOT",
        "DJANGOKIT",
        "DEBUG",
        "INSTALLED_APPS",
    ]
)
