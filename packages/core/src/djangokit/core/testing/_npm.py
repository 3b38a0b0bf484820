"""npm packages for tests: installed once per ``package.json`` and reused by later runs."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import time
from pathlib import Path

from ._helpers import unavailable

__all__ = ["install_npm_packages", "npm_cache_key", "package_json"]


def package_json(**dependencies: str) -> str:
    """A private ``package.json`` text: ``package_json(react="^19", esbuild="^0.28")``."""
    return json.dumps({"private": True, "dependencies": dependencies}, indent=2) + "\n"


#: Seconds to wait before each retry of a failed install. The registry can briefly answer
#: with metadata that names a version it does not serve yet (``ETARGET`` right after a
#: release), and networks drop; a retry asks the registry again (``--prefer-online``).
RETRY_DELAYS = (15.0, 45.0)


def npm_cache_key(name: str, text: str, lock: str | None = None) -> str:
    """``<name>-<hash>``: one directory per ``package.json`` (and lockfile) content."""
    digest = hashlib.sha256(text.encode())
    if lock is not None:
        digest.update(lock.encode())
    return f"{name}-{digest.hexdigest()[:12]}"


def install_npm_packages(text: str, directory: Path, lock: str | None = None) -> Path:
    """``npm install`` the ``package.json`` *text* in *directory*, unless every dependency is
    already there; its ``node_modules``. With a ``package-lock.json`` *lock*, ``npm ci``
    installs exactly the locked versions (what CI wants: no resolution against a registry
    that changes under it). Retries a failed install twice, then skips (fails under
    ``DJANGOKIT_REQUIRE_SERVICES=1``); skips without Node.js and npm."""
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
    if lock is None:
        command = [npm, "install", "--no-audit", "--no-fund", "--no-package-lock"]
    else:
        (directory / "package-lock.json").write_text(lock)
        command = [npm, "ci", "--no-audit", "--no-fund"]
    for attempt, delay in enumerate((*RETRY_DELAYS, None)):
        args = command if attempt == 0 else [*command, "--prefer-online"]
        result = subprocess.run(
            args, cwd=directory, capture_output=True, text=True, timeout=600, check=False
        )
        if result.returncode == 0:
            return modules
        if delay is not None:
            time.sleep(delay)
    hint = "" if lock is None else "\n(`npm ci` refuses a lockfile out of sync with package.json)"
    unavailable(f"npm {command[1]} failed in {directory}:\n{result.stderr}{hint}")
