"""The build manifest (decision 0003), computed from esbuild's metafile.

For each router id: the chunk of every module it lazily imports and everything those chunks
import statically, after what the entry itself imports statically, so the document can
preload the whole route at once instead of discovering it import by import. The styles are
the entry's one stylesheet.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .._routes import RouteTree
from ._errors import BuildMessage
from ._manifest import route_modules
from ._project import BuildPaths

__all__ = ["asset_manifest", "output_files", "prune", "write_manifest"]

_ROLES = {
    "page": "page",
    "layout": "layout",
    "error": "error boundary",
    "not-found": "not-found page",
}


def _abs(paths: BuildPaths, path: str) -> Path:
    return Path(os.path.normpath(paths.project_dir / path))


def output_files(paths: BuildPaths, metafile: Mapping[str, Any]) -> list[Path]:
    """Every file a metafile says the build wrote, as absolute paths."""
    return [_abs(paths, key) for key in metafile.get("outputs", {})]


def asset_manifest(
    paths: BuildPaths,
    tree: RouteTree,
    client: Mapping[str, Any],
    server: Mapping[str, Any],
    *,
    contents: bool = False,
) -> tuple[dict[str, Any], list[BuildMessage]]:
    """The manifest for the client and server *metafiles*, and the problems found in them
    (a route module without a default export). *contents*: the client files' names do not
    carry content hashes (`dk dev` with Fast Refresh), so the hash reads their bytes."""
    outputs: Mapping[str, Any] = client.get("outputs", {})

    def static(key: str) -> str:
        return _abs(paths, key).relative_to(paths.static_dir).as_posix()

    by_entry = {
        _abs(paths, meta["entryPoint"]): key
        for key, meta in outputs.items()
        if meta.get("entryPoint") and key.endswith(".js")
    }

    def closure(key: str) -> list[str]:
        seen: dict[str, None] = {}
        stack = [key]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen[current] = None
            imports = outputs.get(current, {}).get("imports", ())
            stack.extend(
                reversed(
                    [
                        i["path"]
                        for i in imports
                        if i.get("kind") == "import-statement" and not i.get("external")
                    ]
                )
            )
        return list(seen)

    entry = by_entry[paths.client_entry]
    entry_imports = closure(entry)[1:]
    problems: list[BuildMessage] = []
    routes: dict[str, dict[str, list[str]]] = {}
    for router_id, files in sorted(route_modules(tree).items()):
        js: dict[str, None] = dict.fromkeys(entry_imports)
        for file in files:
            source = tree.routes_dir / file
            key = by_entry.get(source)
            if key is None:  # not bundled: esbuild reported why
                continue
            if "default" not in outputs[key].get("exports", ()):
                problems.append(_no_default_export(paths, source))
            js.update(dict.fromkeys(closure(key)))
        # esbuild gives each entry point one stylesheet with all the CSS reachable from it,
        # through import() too (evanw/esbuild#1590, by design: CSS order matters), so the
        # entry's stylesheet is every page's and a route has none of its own.
        routes[router_id] = {"js": [static(k) for k in js], "css": []}
    entry_css = outputs[entry].get("cssBundle")
    manifest = {
        "entry": static(entry),
        "css": [static(entry_css)] if entry_css else [],
        "routes": routes,
        "server": paths.show(paths.server_bundle),
        "hash": _hash(paths, [static(k) for k in outputs], server, contents=contents),
    }
    return manifest, problems


def _no_default_export(paths: BuildPaths, source: Path) -> BuildMessage:
    role = _ROLES.get(source.stem, "route component")
    name = "".join(part.capitalize() for part in source.stem.split("-"))
    return BuildMessage(
        f"{source.name} has no default export, so DjangoKit cannot render it as a {role}. "
        f"Export its component as the default: `export default function {name}() {{ … }}`.",
        file=paths.show(source),
    )


def _hash(
    paths: BuildPaths, client_files: Iterable[str], server: Mapping[str, Any], *, contents: bool
) -> str:
    """Changes exactly when an output does: client names carry their content hashes (unless
    *contents*: then their bytes count); the server bundle's name does not, so its bytes count."""
    digest = hashlib.sha256()
    for name in sorted(client_files):
        digest.update(name.encode() + b"\n")
        if contents:
            digest.update(hashlib.sha256((paths.static_dir / name).read_bytes()).digest())
    for path in sorted(output_files(paths, server)):
        digest.update(path.name.encode() + b"\n")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def write_manifest(paths: BuildPaths, manifest: Mapping[str, Any]) -> None:
    """Replace ``manifest.json`` atomically: the document shell may be reading it."""
    paths.manifest.parent.mkdir(parents=True, exist_ok=True)
    tmp = paths.manifest.with_name(f".{paths.manifest.name}.tmp")
    tmp.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    tmp.replace(paths.manifest)


def prune(directory: Path, keep: Iterable[Path]) -> None:
    """Delete the files in *directory* that the last build did not write (older builds)."""
    if not directory.is_dir():
        return
    kept = set(keep)
    for path in sorted(directory.rglob("*"), reverse=True):
        if path.is_file() and path not in kept:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
