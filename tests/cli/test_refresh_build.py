"""React Fast Refresh is `dk dev`'s alone: `dk build --production` writes the same bytes
whether or not its npm packages (react-refresh, @babel/core) are installed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from djangokit.core.build import REFRESH_PACKAGES


def _outputs(project: Path) -> dict[str, bytes]:
    out = project / ".djangokit" / "build"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def _without_refresh(node_modules: Path, target: Path) -> None:
    """A node_modules linking every package of *node_modules* but Fast Refresh's."""
    target.mkdir()
    for entry in node_modules.iterdir():
        if entry.name == "@babel" or entry.name in REFRESH_PACKAGES:
            continue
        if entry.name.startswith("@"):
            (target / entry.name).mkdir()
            for package in entry.iterdir():
                (target / entry.name / package.name).symlink_to(package)
        else:
            (target / entry.name).symlink_to(entry)


def test_a_production_build_is_the_same_without_the_refresh_packages(
    tmp_path: Path, new_dk_project: Callable[..., Path], run: Callable[..., str]
) -> None:
    project = new_dk_project(tmp_path)
    node_modules = (project / "node_modules").resolve()
    assert all((node_modules / name / "package.json").is_file() for name in REFRESH_PACKAGES)
    run("build", "--production", cwd=project)
    with_refresh = _outputs(project)
    assert any(name.endswith(".js") for name in with_refresh)

    (project / "node_modules").unlink()
    _without_refresh(node_modules, project / "node_modules")
    assert not (project / "node_modules" / "react-refresh").exists()
    run("build", "--production", cwd=project)
    assert _outputs(project) == with_refresh
