"""Fixtures for in-process command tests: a click runner, and a clean process environment
(commands set ``DJANGOKIT_*`` variables and ``sys.path`` for the project they run in)."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest
from click.testing import CliRunner, Result

from djangokit.cli import main


@pytest.fixture(autouse=True)
def _restore_process_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    environ, path = dict(os.environ), list(sys.path)
    for name in list(os.environ):
        if name.startswith(("DJANGO", "SECRET_KEY")):
            monkeypatch.delenv(name)
    yield
    os.environ.clear()
    os.environ.update(environ)
    sys.path[:] = path


@pytest.fixture
def dk(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """``dk(*args)``: run the command group in *tmp_path*, return click's ``Result``."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(main, list(args), prog_name="dk", catch_exceptions=False)

    return run


ChildDk = Callable[..., "subprocess.CompletedProcess[str]"]


def _child_dk(cwd: pathlib.Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "SECRET_KEY"))}
    return subprocess.run(
        [sys.executable, "-c", "from djangokit.cli import main; main()", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def child_dk() -> ChildDk:
    """``child_dk(cwd, *args)``: `dk ARGS` in a child process, for commands that set Django
    up (which a process can do once)."""
    return _child_dk
