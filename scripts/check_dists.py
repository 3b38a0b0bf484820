"""Check the built distributions in a directory: `python scripts/check_dists.py dist/`.

Fails when a wheel ships `djangokit/__init__.py` (it would break the PEP 420 namespace), when
the core wheel lacks the runtime copy or the esbuild driver, when a distribution lacks the
MIT LICENSE file or its metadata, or when versions disagree.
"""

from __future__ import annotations

import json
import pathlib
import sys
import tarfile
import zipfile

PACKAGES = ("settings", "core", "ssr", "cli")
CORE_REQUIRED = (
    "djangokit/core/runtime/index.ts",
    "djangokit/core/build/esbuild.mjs",
    "djangokit/core/build/refresh-plugin.mjs",
    "djangokit/core/build/refresh.js",
)
CLI_REQUIRED = (
    "djangokit/cli/templates/new/package.json.tmpl",
    "djangokit/cli/templates/add/page.tsx.tmpl",
    "djangokit/cli/templates/add/auth/templates/password_reset_email.txt",
    "djangokit/cli/livereload.js",
)


def check(out: pathlib.Path) -> list[str]:
    problems: list[str] = []
    versions = set()
    for name in PACKAGES:
        wheels = sorted(out.glob(f"org_djangokit_{name}-*.whl"))
        sdists = sorted(out.glob(f"org_djangokit_{name}-*.tar.gz"))
        if len(wheels) != 1 or len(sdists) != 1:
            problems.append(f"{name}: expected one wheel and one sdist, found {wheels + sdists}")
            continue
        versions.add(wheels[0].name.split("-")[1])
        files = zipfile.ZipFile(wheels[0]).namelist()
        if "djangokit/__init__.py" in files:
            problems.append(f"{wheels[0].name} ships djangokit/__init__.py")
        if f"djangokit/{name}/py.typed" not in files:
            problems.append(f"{wheels[0].name} lacks djangokit/{name}/py.typed")
        problems += _license_problems(wheels[0], sdists[0])
        if name == "cli":
            problems += [f"{wheels[0].name} lacks {f}" for f in CLI_REQUIRED if f not in files]
        if name == "core":
            problems += [f"{wheels[0].name} lacks {f}" for f in CORE_REQUIRED if f not in files]
            tests = [f for f in files if f.startswith("djangokit/core/runtime/") and ".test" in f]
            problems += [f"{wheels[0].name} ships runtime tests: {tests}"] if tests else []
    npm = sorted(out.glob("djangokit-runtime-*.tgz"))
    if len(npm) != 1:
        problems.append(f"expected one npm tarball, found {npm}")
    else:
        versions.add(npm[0].name.removeprefix("djangokit-runtime-").removesuffix(".tgz"))
        with tarfile.open(npm[0]) as tar:
            names = tar.getnames()
            package = json.load(tar.extractfile("package/package.json"))  # type: ignore[arg-type]
        if "package/LICENSE" not in names or package.get("license") != "MIT":
            problems.append(f"{npm[0].name} lacks LICENSE or its license (MIT)")
    if len(versions) > 1:
        problems.append(f"the distributions disagree on their version: {sorted(versions)}")
    return problems


def _license_problems(wheel: pathlib.Path, sdist: pathlib.Path) -> list[str]:
    problems = []
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = archive.read(metadata).decode()
    if not any(n.endswith(".dist-info/licenses/LICENSE") for n in names):
        problems.append(f"{wheel.name} lacks its LICENSE file")
    if "License-Expression: MIT" not in meta:
        problems.append(f"{wheel.name}: its metadata has no License-Expression: MIT")
    with tarfile.open(sdist) as tar:
        if not any(n.endswith("/LICENSE") and n.count("/") == 1 for n in tar.getnames()):
            problems.append(f"{sdist.name} lacks its LICENSE file")
    return problems


if __name__ == "__main__":
    found = check(pathlib.Path(sys.argv[1]))
    for problem in found:
        print(problem, file=sys.stderr)
    print("distributions ok" if not found else f"{len(found)} problem(s)")
    sys.exit(1 if found else 0)
