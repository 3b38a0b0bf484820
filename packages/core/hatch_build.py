"""Hatch build hook: the core wheel carries ``@djangokit/runtime``'s TypeScript sources.

The wheel gets ``npm/runtime/src`` (without tests) as ``djangokit/core/runtime/``, which the
build aliases as ``@djangokit/runtime`` (docs/build.md). The sdist carries the same files in
``npm-runtime-src/``, where a wheel built from the sdist finds them. An editable install gets
nothing: the build reads ``npm/runtime/src`` of the checkout directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SDIST_DIR = "npm-runtime-src"
WHEEL_DIR = "djangokit/core/runtime"


def shipped(path: Path) -> bool:
    """A runtime source file, not a test or a test helper."""
    return path.suffix in (".ts", ".tsx") and not any(
        marker in path.name for marker in (".test.", ".test-helper.")
    )


class RuntimeSourcesHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name == "wheel" and version == "editable":
            return
        source = self._sources()
        dest = WHEEL_DIR if self.target_name == "wheel" else SDIST_DIR
        for path in sorted(source.rglob("*")):
            if path.is_file() and shipped(path):
                relative = path.relative_to(source).as_posix()
                build_data["force_include"][str(path)] = f"{dest}/{relative}"

    def _sources(self) -> Path:
        root = Path(self.root)
        # A checkout (packages/core -> npm/runtime/src), else an unpacked sdist.
        for candidate in (root.parent.parent / "npm" / "runtime" / "src", root / SDIST_DIR):
            if (candidate / "index.ts").is_file():
                return candidate
        raise RuntimeError(
            f"org-djangokit-core ships @djangokit/runtime's sources, but neither "
            f"{root.parent.parent / 'npm/runtime/src'} nor {root / SDIST_DIR} holds them."
        )
