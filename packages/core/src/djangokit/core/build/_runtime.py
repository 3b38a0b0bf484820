"""Which ``@djangokit/runtime`` a build compiles, and the npm packages it needs.

In order: the project's own ``node_modules/@djangokit/runtime``; the TypeScript sources the
core wheel carries (``djangokit/core/runtime/``); in a checkout of the DjangoKit repository
(an editable install), ``npm/runtime/src``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ._errors import BuildError
from ._project import BuildPaths

__all__ = ["REQUIRED_PACKAGES", "Runtime", "check_packages", "find_runtime"]

REQUIRED_PACKAGES = ("esbuild", "react", "react-dom", "react-router-dom")
"""What a project installs from npm (``dk new`` writes them into its package.json)."""

_CORE_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Runtime:
    """Where ``@djangokit/runtime`` comes from: ``project`` (npm resolves it as usual), or
    ``core``/``checkout`` TypeScript sources in ``src_dir``, aliased by the build."""

    source: Literal["project", "core", "checkout"]
    src_dir: Path | None = None

    def aliases(self) -> dict[str, str] | None:
        """``{"@djangokit/runtime": index.ts, "@djangokit/runtime/server": server.tsx}``,
        or ``None`` when the project's node_modules has the runtime."""
        if self.src_dir is None:
            return None
        return {
            "@djangokit/runtime": str(self.src_dir / "index.ts"),
            "@djangokit/runtime/server": str(self.src_dir / "server.tsx"),
        }


def shipped_runtime_dir() -> Path:
    """The runtime sources inside the installed core package (present in wheels)."""
    return _CORE_DIR / "runtime"


def checkout_runtime_dir() -> Path:
    """``npm/runtime/src`` of the repository that core is installed from in editable mode
    (``packages/core/src/djangokit/core`` is five levels below the repository root)."""
    return _CORE_DIR.parents[4] / "npm" / "runtime" / "src"


def find_runtime(paths: BuildPaths) -> Runtime:
    if (paths.node_modules / "@djangokit" / "runtime" / "package.json").is_file():
        return Runtime("project")
    for source, directory in (
        ("core", shipped_runtime_dir()),
        ("checkout", checkout_runtime_dir()),
    ):
        if (directory / "index.ts").is_file() and (directory / "server.tsx").is_file():
            return Runtime(source, directory)  # type: ignore[arg-type]
    raise BuildError(
        [
            "This installation of org-djangokit-core carries no copy of @djangokit/runtime "
            f"(looked in {shipped_runtime_dir()} and {checkout_runtime_dir()}). Reinstall "
            f"org-djangokit-core from a wheel, or run `npm install @djangokit/runtime` in "
            f"{paths.project_dir}."
        ]
    )


def check_packages(paths: BuildPaths) -> None:
    """Refuse to build, naming the fix, when the npm packages the build needs are missing."""
    missing = [
        name
        for name in REQUIRED_PACKAGES
        if not (paths.node_modules / name / "package.json").is_file()
    ]
    if not missing:
        return
    listed = ", ".join(f'"{name}"' for name in missing)
    one = len(missing) == 1
    raise BuildError(
        [
            f"The npm package{'' if one else 's'} {listed} {'is' if one else 'are'} not "
            f"installed in {paths.node_modules}. Run `npm install {' '.join(missing)}` in "
            f"{paths.project_dir} (or `npm install` where its package.json lists "
            f"{'it' if one else 'them'})."
        ]
    )
