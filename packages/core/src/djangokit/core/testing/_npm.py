"""npm packages for tests: installed once per ``package.json`` and reused by later runs."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

from ._helpers import unavailable

__all__ = ["install_npm_packages", "npm_cache_key", "package_json"]


def package_json(**dependencies: str) -> str:
    """A private ``package.json`` text: ``package_json(react="^19", esbuild="^0.28")``."""
    return json.dumps({"private": True, "dependencies": dependencies}, indent=2) + "\n"


def npm_cache_key(name: str, text: str) -> str:
    """``<name>-<hash of text>``: one directory per ``package.json`` content."""
    return f"{name}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def install_npm_packages(text: str, directory: Path) -> Path:
    """``npm install`` the ``package.json`` *text* in *directory*, unless every dependency is
    already there; its ``node_modules``. Skips (fails under ``DJANGOKIT_REQUIRE_SERVICES=1``)
    without Node.js and npm or when the install fails."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        unavailable("these tests need Node.js and npm on PATH")
    modules = directory / "node_modules"
    manifest = json.loads(text)
    wanted = [*manifest.get("dependencies", {}), *manifest.get("devDependencies", {})]
    if wanted and all((modules / name / "package.json").is_file() for name in wanted):
        return modules
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "package.json").write_text(text)
    result = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--no-package-lock"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        unavailable(f"npm install failed in {directory}:\n{result.stderr}")
    return modules
