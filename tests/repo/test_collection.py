"""Every test file in a ``tests/`` directory is collected by a pytest run that CI makes.

pytest skips some directories by name (its default ``norecursedirs`` holds ``build``), so
a whole suite can sit in the repository and never run. Each run of ``noxfile.PYTEST_RUNS``
that ``nox -s ci`` makes is collected here the way pytest would collect it, with the root
configuration, but without importing a test module: the repo session installs no package.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import pathlib
import subprocess
import sys
from types import ModuleType

ROOT = pathlib.Path(__file__).resolve().parents[2]

# Records the test modules pytest would collect, and collects nothing from them.
COLLECT = """
import os, sys
import pytest

class Unimported(pytest.File):
    def collect(self):
        return []

class Recorder:
    @pytest.hookimpl(tryfirst=True)
    def pytest_pycollect_makemodule(self, module_path, parent):
        with open(os.environ["DJANGOKIT_COLLECTED"], "a") as out:
            out.write(f"{module_path}\\n")
        return Unimported.from_parent(parent, path=module_path)

sys.exit(pytest.main(sys.argv[1:], plugins=[Recorder()]))
"""


@functools.cache  # nox refuses a session registered twice
def _noxfile() -> ModuleType:
    spec = importlib.util.spec_from_file_location("djangokit_noxfile", ROOT / "noxfile.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _test_files_on_disk() -> set[pathlib.Path]:
    """``test_*.py`` and ``*_test.py`` (pytest's default ``python_files``) under a ``tests``
    directory, as git knows them (no virtualenvs, no build output)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    found = set()
    for name in listed:
        path = pathlib.PurePosixPath(name)
        is_test = path.name.startswith("test_") or path.stem.endswith("_test")
        if is_test and "tests" in path.parts[:-1] and (ROOT / name).is_file():
            found.add(ROOT / name)
    return found


def collected_by(args: tuple[str, ...], tmp_path: pathlib.Path) -> set[pathlib.Path]:
    """The test files that ``pytest *args``, run from the repository root, collects."""
    record = tmp_path / "collected.txt"
    record.write_text("")
    env = {**os.environ, "DJANGOKIT_COLLECTED": str(record)}
    env.pop("PYTEST_ADDOPTS", None)
    # No conftest.py (they import the packages) and no plugin that would configure Django.
    options = ["--collect-only", "-q", "--noconftest", "-p", "no:cacheprovider", "-p", "no:django"]
    result = subprocess.run(
        [sys.executable, "-c", COLLECT, *options, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    # 5: no tests collected, which is all this run can collect.
    assert result.returncode in (0, 5), result.stdout + result.stderr
    return {pathlib.Path(line) for line in record.read_text().splitlines()}


def test_ci_runs_pytest_on_what_the_noxfile_lists() -> None:
    noxfile = _noxfile()
    ci = {name.split("(")[0] for name in noxfile.CI_SESSIONS}
    assert {name.split("(")[0] for name in noxfile.PYTEST_RUNS} <= ci


def test_every_test_file_is_collected_by_ci(tmp_path: pathlib.Path) -> None:
    on_disk = _test_files_on_disk()
    assert any(path.parts[-3:-1] == ("tests", "build") for path in on_disk)  # the case in point
    collected: set[pathlib.Path] = set()
    for args in _noxfile().PYTEST_RUNS.values():
        collected |= collected_by(args, tmp_path)
    missing = sorted(str(path.relative_to(ROOT)) for path in on_disk - collected)
    assert not missing, f"no pytest run of `nox -s ci` collects {missing}"
