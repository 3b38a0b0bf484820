"""Which `dk dev` rebuilds React Fast Refresh may hot-apply (decision 0008), from the metafile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from djangokit.core.build import BuildPaths
from djangokit.core.build._refresh import hot_update

PATHS = BuildPaths(Path("/p"), Path("/p/.djangokit/build"))
SOURCE = Path("/p/src/mysite")
OUT = ".djangokit/build/static/djangokit"
PAGE = f"{OUT}/src/mysite/routes/page.js"
META: dict[str, Any] = {
    "outputs": {
        f"{OUT}/.djangokit/client.js": {
            "entryPoint": ".djangokit/client.ts",
            "inputs": {".djangokit/refresh.js": {}},
        },
        f"{OUT}/.djangokit/client.css": {"inputs": {"src/mysite/routes/layout.css": {}}},
        PAGE: {
            "entryPoint": "src/mysite/routes/page.tsx",
            "inputs": {"src/mysite/routes/page.tsx": {}, "src/mysite/routes/label.ts": {}},
        },
        f"{PAGE}.map": {"inputs": {}},
        f"{OUT}/chunk-ABC.js": {"inputs": {"node_modules/react/index.js": {}}},
    }
}


def _update(changed: list[str], edited: list[str]) -> dict[str, list[str]] | None:
    refresh = {"changed": [f"/p/{key}" for key in changed], "edited": edited}
    return hot_update(PATHS, SOURCE, META, refresh, "/static/djangokit")


def test_a_page_edit_is_hot_applied_by_importing_its_file_again() -> None:
    assert _update([PAGE, f"{PAGE}.map"], ["src/mysite/routes/page.tsx"]) == {
        "chunks": ["/static/djangokit/src/mysite/routes/page.js"],
        "modules": ["src/mysite/routes/page.tsx"],
    }


def test_the_entry_a_stylesheet_or_react_changing_means_a_reload() -> None:
    edited = ["src/mysite/routes/page.tsx"]
    assert _update([PAGE, f"{OUT}/.djangokit/client.js"], edited) is None
    assert _update([PAGE, f"{OUT}/.djangokit/client.css"], edited) is None
    assert _update([PAGE, f"{OUT}/chunk-ABC.js"], edited) is None


def test_nothing_edited_or_nothing_changed_means_a_reload() -> None:
    assert _update([PAGE], []) is None  # a regenerated routes.ts, say
    assert _update([], ["src/mysite/routes/page.tsx"]) is None
