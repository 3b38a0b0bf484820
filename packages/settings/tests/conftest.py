from __future__ import annotations

import textwrap
from pathlib import Path

import pytest


class Project:
    """A throwaway DjangoKit project: ``src/mysite/`` plus settings files."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "src" / "mysite").mkdir(parents=True)
        (root / "src" / "mysite" / "__init__.py").write_text("")

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


@pytest.fixture
def new_project(tmp_path: Path) -> object:
    """A factory of fresh projects, for tests that need many (hypothesis)."""
    count = 0

    def make() -> Project:
        nonlocal count
        count += 1
        return Project(tmp_path / f"project{count}")

    return make
