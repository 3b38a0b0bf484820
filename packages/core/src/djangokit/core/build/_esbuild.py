"""esbuild, run through ``esbuild.mjs`` with the project's Node and node_modules.

Python decides every option (so they are visible and tested here); the script adds the
plugins, runs the builds and answers with esbuild's messages and metafiles as JSON.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from djangokit.settings import BuildSettings

from ._errors import BuildError, BuildMessage
from ._project import STATIC_PREFIX, BuildPaths
from ._runtime import Runtime

__all__ = ["SCRIPT", "esbuild_config", "node_command", "run_build", "script_messages"]

SCRIPT = Path(__file__).with_name("esbuild.mjs")

SERVER_TARGET = "node20"

# Files that pages and stylesheets may import: copied beside the bundles, imported as URLs.
LOADERS = {
    ext: "file"
    for ext in (
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".svg",
        ".webp",
        ".avif",
        ".ico",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".eot",
        ".mp4",
        ".webm",
    )
}

# React DOM's server build is CommonJS and requires Node built-ins; an ESM bundle has no
# `require` of its own.
SERVER_BANNER = (
    'import { createRequire as __djangokitCreateRequire } from "node:module";\n'
    "const require = __djangokitCreateRequire(import.meta.url);"
)

_UNRESOLVED = re.compile(r'^Could not resolve "((?:@[^/"]+/)?[^./"][^/"]*)[^"]*"')


def node_command() -> list[str]:
    node = shutil.which("node")
    if node is None:
        raise BuildError(
            ["Node.js is not installed, or `node` is not on PATH. Install Node.js 20 or later."]
        )
    return [node, str(SCRIPT)]


def esbuild_config(
    paths: BuildPaths,
    options: BuildSettings,
    runtime: Runtime,
    *,
    production: bool,
    public_path: str,
    mode: str = "build",
    refresh: Path | None = None,
    entries: Sequence[Path] = (),
) -> dict[str, Any]:
    """The config ``esbuild.mjs`` reads: esbuild's options for both bundles, and where the
    runtime comes from. *refresh*, in `dk dev` only: the project package's directory, whose
    modules get React Fast Refresh (decision 0008), and *entries* (its route modules) become
    entry points, so that they keep their URLs across rebuilds."""
    minify = production if options.minify is None else options.minify
    sourcemap = options.sourcemap
    if sourcemap is None:
        # As Next.js does: production static files are public, and so would their maps be
        # (the pages' sources). "hidden" keeps maps for an error tracker.
        sourcemap = not production
    hidden = sourcemap == "hidden"
    define = {"process.env.NODE_ENV": json.dumps("production" if production else "development")}
    shared: dict[str, Any] = {
        "absWorkingDir": str(paths.project_dir),
        "bundle": True,
        "format": "esm",
        "jsx": "automatic",
        "define": define,
        "loader": LOADERS,
        "assetNames": "assets/[name]-[hash]",
        "publicPath": public_path,
    }
    client = {
        **shared,
        "entryPoints": [str(paths.client_entry)],
        "platform": "browser",
        "splitting": True,
        "outdir": str(paths.client_dir),
        "entryNames": "[name]-[hash]",
        "chunkNames": "[name]-[hash]",
        "minify": minify,
        "sourcemap": "external" if hidden else sourcemap,
        "target": list(options.target),
    }
    server = {
        **shared,
        "entryPoints": [str(paths.server_entry)],
        "platform": "node",
        "outfile": str(paths.server_bundle),
        "minifySyntax": minify,  # readable stack traces from the renderer
        "sourcemap": options.sourcemap is not False,  # never served: for stack traces
        "target": [SERVER_TARGET],
        "banner": {"js": SERVER_BANNER},
    }
    if refresh is not None:
        # Route modules keep their URLs across rebuilds, so the entry that lazily imports
        # them does not change with them (the browser imports them again with a query);
        # shared chunks keep their hashes.
        # The module that hydrates is one too: a chunk's hash covers the chunks it imports.
        client["entryPoints"] = [str(paths.client_entry), str(paths.work_dir / "app.ts")]
        client["entryNames"] = "[dir]/[name]"
        client["outbase"] = str(paths.project_dir)
    src_dir = runtime.src_dir
    return {
        "mode": mode,
        "projectDir": str(paths.project_dir),
        "client": client,
        "server": server,
        "aliases": runtime.aliases(),
        "runtimeDir": None if src_dir is None else str(src_dir),
        # esbuild.mjs writes the client's .map files here instead of beside the bundles.
        "clientMapsDir": str(paths.sourcemap_dir / STATIC_PREFIX) if hidden else None,
        "refresh": None
        if refresh is None
        else {
            "sourceDir": str(refresh),
            "projectDir": str(paths.project_dir),
            "entries": [str(path) for path in entries],
        },
    }


def run_build(config: Mapping[str, Any]) -> dict[str, Any]:
    """Run one build; esbuild's ``{"client": …, "server": …}`` summaries."""
    process = subprocess.run(
        node_command(),
        input=json.dumps(config) + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    result = parse_line(process.stdout.strip().splitlines()[-1] if process.stdout.strip() else "")
    if result is None or "fatal" in result or process.returncode != 0:
        detail = (result or {}).get("fatal") or process.stderr.strip() or process.stdout.strip()
        raise BuildError([f"esbuild did not run: {detail}"])
    return result


def parse_line(line: str) -> dict[str, Any] | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def script_messages(
    side: Mapping[str, Any] | None, kind: str, paths: BuildPaths
) -> list[BuildMessage]:
    """esbuild's ``errors`` or ``warnings`` of one side, a missing npm package explained."""
    messages = []
    for raw in (side or {}).get(kind) or ():
        message = BuildMessage.from_esbuild(raw)
        match = _UNRESOLVED.match(message.text)
        if match and kind == "errors" and "built into node" not in message.text:
            package = match.group(1)
            if not (paths.node_modules / package / "package.json").is_file():
                message = replace(
                    message,
                    text=f'{match.group(0)}: the npm package "{package}" is not installed. Run '
                    f"`npm install {package}` in {paths.project_dir}.",
                )
        messages.append(message)
    return messages
