"""Move all five DjangoKit packages to one new version: `python scripts/bump_version.py 0.2.0`.

Rewrites each distribution's `_version.py`, the exact `==` pins between siblings, and the
npm runtime's package.json (and its lock file), so the versions can never drift apart.
"""

from __future__ import annotations

import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGES = ("settings", "core", "ssr", "cli")
# Plain X.Y.Z only: it is the one spelling that PEP 440 and npm semver share.
VERSION_RE = re.compile(r"^\d+\.\d+\.\d+$")
PIN_RE = re.compile(r'("org-djangokit-[a-z]+==)[^"]+(")')


def bump(version: str, root: pathlib.Path = ROOT) -> list[pathlib.Path]:
    """Write `version` everywhere a package version lives; return the files changed."""
    if not VERSION_RE.match(version):
        raise SystemExit(f"not a release version: {version!r} (expected X.Y.Z, e.g. 0.2.0)")
    changed: list[pathlib.Path] = []
    for name in PACKAGES:
        version_py = root / "packages" / name / "src" / "djangokit" / name / "_version.py"
        text = re.sub(
            r'__version__ = "[^"]+"', f'__version__ = "{version}"', version_py.read_text()
        )
        changed += _write(version_py, text)
        pyproject = root / "packages" / name / "pyproject.toml"
        changed += _write(pyproject, PIN_RE.sub(rf"\g<1>{version}\g<2>", pyproject.read_text()))
    runtime = root / "npm" / "runtime"
    for filename in ("package.json", "package-lock.json"):
        path = runtime / filename
        if not path.exists():
            continue
        data = json.loads(path.read_text())
        data["version"] = version
        if filename == "package-lock.json" and "" in data.get("packages", {}):
            data["packages"][""]["version"] = version
        changed += _write(path, json.dumps(data, indent=2) + "\n")
    version_ts = runtime / "src" / "version.ts"
    if version_ts.exists():
        text = re.sub(r'VERSION = "[^"]+"', f'VERSION = "{version}"', version_ts.read_text())
        changed += _write(version_ts, text)
    return changed


def _write(path: pathlib.Path, text: str) -> list[pathlib.Path]:
    if path.read_text() == text:
        return []
    path.write_text(text)
    return [path]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python scripts/bump_version.py NEW_VERSION")
    for path in bump(sys.argv[1]):
        print(f"updated {path.relative_to(ROOT)}")
