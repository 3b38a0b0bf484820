"""What a hello-world DjangoKit page costs in JavaScript, next to a bare React Router app.

Builds two apps in one temporary directory, both against the same node_modules (React 19,
React Router 7 and esbuild 0.28, npm-installed once into a cache directory):

- **bare**: ``createBrowserRouter`` with one route and a loader, ``hydrateRoot``; one
  esbuild production bundle (minified, ``NODE_ENV=production``, ESM with splitting);
- **djangokit**: a project whose ``routes/`` holds one ``page.tsx``, built by
  ``djangokit.core.build.build(production=True)``.

For each, it sums ``gzip -9`` of every JS file the hello page loads: for DjangoKit, per the
build manifest, the entry, the chunks it imports statically and the chunks of the routes the
page matches (``tree.router_ids``); for the bare app, its entry and its static imports.
Prints both figures and their ratio (the goal: within 5 % of the bare app), and with
``--analyze`` the bytes each input (npm package or runtime module) puts into those files.

    python bench/bench_bundle_size.py [--cache DIR] [--analyze] [--keep]

Needs Node and npm (network for the first install only).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("react@19", "react-dom@19", "react-router-dom@7", "esbuild@0.28")
GOAL = 1.05
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "djangokit-bench"

BARE_APP = """\
import { hydrateRoot } from "react-dom/client";
import { RouterProvider, createBrowserRouter, useLoaderData } from "react-router-dom";

function Hello() {
  const data = useLoaderData() as { name: string };
  return <h1>Hello, {data.name}!</h1>;
}

const hydrationData = JSON.parse(document.getElementById("data")!.textContent!);
const router = createBrowserRouter(
  [
    {
      id: "hello",
      path: "/",
      loader: async ({ request }) =>
        (await fetch(request.url, { headers: { Accept: "application/json" } })).json(),
      Component: Hello,
    },
  ],
  { hydrationData },
);
hydrateRoot(document.getElementById("root")!, <RouterProvider router={router} />);
"""

HELLO_PAGE = """\
export default function Page() {
  return <h1>Hello, world!</h1>;
}
"""

# Static imports of an ES module, minified or not; `import(` (dynamic) is left out.
_STATIC_IMPORT = re.compile(r"""(?:\bfrom|\bimport)\s*["'](\.{1,2}/[^"']+\.js)["']""")


def node_modules(cache: Path) -> Path:
    """The cache's node_modules, npm-installing the packages the first time."""
    modules = cache / "node_modules"
    wanted = ("react", "react-dom", "react-router-dom", "esbuild")
    if all((modules / name / "package.json").is_file() for name in wanted):
        return modules
    cache.mkdir(parents=True, exist_ok=True)
    package_json = cache / "package.json"
    if not package_json.exists():
        package_json.write_text('{"name": "djangokit-bench", "private": true}\n')
    print(f"npm install {' '.join(PACKAGES)} (into {cache}) ...", file=sys.stderr)
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", *PACKAGES], cwd=cache, check=True)
    return modules


def versions(modules: Path) -> str:
    names = ("react", "react-dom", "react-router-dom", "esbuild")
    found = [
        f"{name} {json.loads((modules / name / 'package.json').read_text())['version']}"
        for name in names
    ]
    return ", ".join(found)


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def with_static_imports(out_dir: Path, files: Iterable[Path]) -> list[Path]:
    """*files* and every file they import statically, transitively, each once."""
    seen: dict[Path, None] = {}
    stack = list(files)
    while stack:
        path = stack.pop(0).resolve()
        if path in seen:
            continue
        seen[path] = None
        text = path.read_text(encoding="utf-8")
        stack.extend((path.parent / spec).resolve() for spec in _STATIC_IMPORT.findall(text))
    return list(seen)


# The bare app ---------------------------------------------------------------------------


def build_bare(work: Path, modules: Path) -> tuple[list[Path], dict[str, Any]]:
    app = work / "bare"
    (app / "src").mkdir(parents=True)
    (app / "node_modules").symlink_to(modules, target_is_directory=True)
    (app / "package.json").write_text('{"name": "bare", "private": true, "type": "module"}\n')
    (app / "src" / "main.tsx").write_text(BARE_APP)
    meta = app / "meta.json"
    esbuild = modules / "esbuild" / "bin" / "esbuild"
    subprocess.run(
        [
            str(esbuild),
            "src/main.tsx",
            "--bundle",
            "--format=esm",
            "--splitting",
            "--minify",
            "--jsx=automatic",
            "--platform=browser",
            '--define:process.env.NODE_ENV="production"',
            "--entry-names=[name]-[hash]",
            "--outdir=out",
            f"--metafile={meta}",
            "--log-level=warning",
        ],
        cwd=app,
        check=True,
    )
    metafile = json.loads(meta.read_text())
    entries = [
        app / name for name, output in metafile["outputs"].items() if output.get("entryPoint")
    ]
    return with_static_imports(app / "out", entries), metafile


# The DjangoKit app ------------------------------------------------------------------------


def build_djangokit(work: Path, modules: Path) -> tuple[list[Path], dict[str, Any], Any]:
    from djangokit.core import discover_routes
    from djangokit.core.build import _build, build

    project = work / "hello"
    routes = project / "src" / "hello" / "routes"
    routes.mkdir(parents=True)
    (project / "src" / "hello" / "__init__.py").write_text("")
    (routes / "page.tsx").write_text(HELLO_PAGE)
    (project / "node_modules").symlink_to(modules, target_is_directory=True)
    (project / "package.json").write_text(
        json.dumps(
            {
                "name": "hello",
                "private": True,
                "type": "module",
                "dependencies": {name: "*" for name in ("react", "react-dom", "react-router-dom")},
            }
        )
    )
    tree = discover_routes(routes, "hello")

    # build() keeps esbuild's metafile to itself; catch it on the way, for --analyze.
    answers: list[dict[str, Any]] = []
    run_build = _build.run_build

    def capture(config: Any) -> dict[str, Any]:
        answer = run_build(config)
        answers.append(answer)
        return answer

    _build.run_build = capture
    try:
        result = build(project, production=True, tree=tree, static_url="/static/")
    finally:
        _build.run_build = run_build
    manifest = result.manifest
    static_dir = result.paths.client_dir.parent  # files are named relative to STATIC_URL
    page = [static_dir / manifest["entry"]]
    for router_id in tree.router_ids(tree.root):
        page += [static_dir / js for js in manifest["routes"].get(router_id, {}).get("js", [])]
    metafile = (answers[-1].get("client") or {}).get("metafile") or {}
    return with_static_imports(static_dir, page), metafile, result


# Report -----------------------------------------------------------------------------------


def breakdown(metafile: dict[str, Any], files: list[Path], base: Path) -> dict[str, dict[str, int]]:
    """Per file of *files*: minified bytes per input group (an npm package, or a runtime
    module) in it."""
    loaded = {f.resolve() for f in files}
    found: dict[str, dict[str, int]] = {}
    for name, output in metafile.get("outputs", {}).items():
        if (base / name).resolve() not in loaded:
            continue
        groups: dict[str, int] = defaultdict(int)
        for source, info in output.get("inputs", {}).items():
            groups[group_of(source)] += info.get("bytesInOutput", 0)
        found[Path(name).name] = dict(sorted(groups.items(), key=lambda item: -item[1]))
    return found


def group_of(source: str) -> str:
    parts = source.split("/")
    if "node_modules" in parts:
        rest = parts[len(parts) - parts[::-1].index("node_modules") :]
        return "/".join(rest[:2]) if rest[0].startswith("@") else rest[0]
    if "runtime" in parts and "src" in parts:
        return "@djangokit/runtime: " + parts[-1]
    return source


def show(label: str, files: list[Path], base: Path) -> int:
    total = 0
    print(f"{label}:")
    for path in files:
        size = gzip_size(path)
        total += size
        print(f"  {path.relative_to(base)}  {path.stat().st_size:>8,} B  gzip -9 {size:>7,} B")
    print(f"  total gzip -9: {total:,} B ({total / 1024:.1f} KB)")
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="npm cache directory")
    parser.add_argument("--analyze", action="store_true", help="bytes per input")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    if shutil.which("node") is None or shutil.which("npm") is None:
        print("Node.js and npm are needed.", file=sys.stderr)
        return 2
    modules = node_modules(args.cache.resolve())
    work = Path(tempfile.mkdtemp(prefix="djangokit-bundle-"))
    try:
        bare_files, bare_meta = build_bare(work, modules)
        dk_files, dk_meta, result = build_djangokit(work, modules)
        print(f"packages: {versions(modules)}")
        bare = show("bare React Router app", bare_files, work / "bare" / "out")
        static_dir = result.paths.client_dir.parent
        dk = show("DjangoKit hello page", dk_files, static_dir)
        ratio = dk / bare
        verdict = "within" if ratio <= GOAL else "over"
        print(
            f"DjangoKit / bare: {ratio:.3f} ({(ratio - 1) * 100:+.1f} %, "
            f"{dk - bare:+,} B): {verdict} the {round((GOAL - 1) * 100)} % goal"
        )
        if args.analyze:
            for label, meta, files, base in (
                ("bare", bare_meta, bare_files, work / "bare"),
                ("djangokit", dk_meta, dk_files, result.paths.project_dir),
            ):
                print(f"\n{label}: minified bytes per input in the files the page loads")
                for output, groups in breakdown(meta, files, base).items():
                    print(f"  {output}")
                    for group, size in groups.items():
                        if size:
                            print(f"    {size:>8,}  {group}")
        if args.keep:
            print(f"\nkept: {work}")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
