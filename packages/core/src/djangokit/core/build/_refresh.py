"""React Fast Refresh in `dk dev` (decision 0008): which rebuilds the open page can hot-apply.

esbuild.mjs names the modules whose source changed (``edited``) and the client files whose
bytes changed (``changed``); from the metafile this decides whether the browser may import
those files again and re-render in place, and writes ``.djangokit/refresh.json``, which the
live-reload stream reads when the manifest's hash changes:

```json
{"hash": "<the manifest's>", "update": {"chunks": ["/static/djangokit/src/mysite/routes/page.js"],
 "modules": ["src/mysite/routes/page.tsx"]}}
```

``"update": null`` means reload: the entry, a stylesheet or a file holding code from outside
the project package (React, the runtime) changed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ._project import BuildPaths

__all__ = ["REFRESH_FILE", "REFRESH_PACKAGES", "hot_update", "refresh_available", "write_update"]

REFRESH_FILE = "refresh.json"
"""In ``.djangokit/``: the latest rebuild's update, read by the live-reload stream."""

REFRESH_PACKAGES = ("react-refresh", "@babel/core")
"""npm packages Fast Refresh needs (`dk new` lists them); without them `dk dev` reloads."""

CLIENT_SCRIPT = Path(__file__).with_name("refresh.js")
"""The browser side, copied to ``.djangokit/refresh.js`` by the dev client entry."""


def refresh_available(paths: BuildPaths) -> bool:
    return all((paths.node_modules / name / "package.json").is_file() for name in REFRESH_PACKAGES)


def hot_update(
    paths: BuildPaths,
    source_dir: Path,
    client_meta: Mapping[str, Any],
    refresh: Mapping[str, Any],
    public_path: str,
) -> dict[str, list[str]] | None:
    """The ``update`` for one rebuild: the changed JavaScript files' URLs and the edited
    modules' ids; ``None`` when only a reload applies it."""
    outputs: Mapping[str, Any] = client_meta.get("outputs", {})
    changed = {Path(p) for p in refresh.get("changed") or ()}
    edited = [str(m) for m in refresh.get("edited") or ()]
    if not edited:
        return None
    chunks: list[str] = []
    for key, meta in outputs.items():
        path = Path(os.path.normpath(paths.project_dir / key))
        if path not in changed or key.endswith(".map"):
            continue
        if not key.endswith(".js") or _abs(paths, meta.get("entryPoint")) == paths.client_entry:
            return None  # a stylesheet, an asset or the entry (it hydrates the page)
        for source in meta.get("inputs", {}):
            where = Path(os.path.normpath(paths.project_dir / source))
            if not where.is_relative_to(source_dir) or "node_modules" in source:
                return None  # a second copy of React or the runtime would be evaluated
        chunks.append(f"{public_path}/{path.relative_to(paths.client_dir).as_posix()}")
    return {"chunks": sorted(chunks), "modules": edited} if chunks else None


def write_update(
    paths: BuildPaths,
    manifest_hash: str,
    update: dict[str, Any] | None,
    follows: str | None = None,
    *,
    partial: bool = False,
) -> None:
    """Write ``refresh.json`` (before the manifest, whose new hash tells the stream to read it).
    *partial*: the client is built, its server bundle not yet (the dev server holds requests
    for documents and data until it is). *follows*: the hash of the partial build that
    carried the same *update*; a stream that sent it then sends nothing now."""
    target = paths.work_dir / REFRESH_FILE
    tmp = target.with_name(f".{REFRESH_FILE}.tmp")
    value: dict[str, Any] = {"hash": manifest_hash, "update": update}
    if follows is not None:
        value["follows"] = follows
    if partial:
        value["partial"] = True
    tmp.write_text(json.dumps(value), encoding="utf-8")
    tmp.replace(target)


def _abs(paths: BuildPaths, key: object) -> Path | None:
    if not isinstance(key, str):
        return None
    return Path(os.path.normpath(paths.project_dir / key))
