"""The pytest plugin in a real pytest process: it configures a DjangoKit project (env
``test``, pytest-django's database) and stays out of every other run."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PROJECT_TEST = """
import os

import pytest
from django.conf import settings
from django.contrib.auth.models import User


def test_the_test_settings_are_loaded(route_client):
    assert os.environ["DJANGOKIT_ENV"] == "test"
    assert settings.DJANGOKIT.title == "Notes under test"
    assert settings.DJANGOKIT.build.out_dir.as_posix() == ".djangokit/test-build"
    assert route_client.data("/").page == {"hello": "world"}


@pytest.mark.django_db
def test_the_database_fixtures_work(route_client):
    User.objects.create_user("ann")
    assert route_client.data("/").page == {"hello": "world"}
    assert User.objects.count() == 1
"""


def write_project(root: Path, *, settings: str = "") -> Path:
    files = {
        "pyproject.toml": '[project]\nname = "notes"\nversion = "0"\n',
        "settings.toml": f'[djangokit]\ntitle = "Notes"\n{settings}',
        "settings.test.toml": '[djangokit]\ntitle = "Notes under test"\n',
        "src/notes/__init__.py": "",
        "src/notes/routes/handlers.py": "def get(request):\n    return {'hello': 'world'}\n",
        "src/notes/routes/page.tsx": "export default function Home() {\n  return null;\n}\n",
        "tests/test_notes.py": PROJECT_TEST,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text))
    return root


def run_pytest(cwd: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE_URL"))}
    env.update(extra)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-W", "error", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_project_is_tested_with_its_test_settings_and_a_database(tmp_path: Path) -> None:
    project = write_project(tmp_path)
    # What a shell that ran dk commands may hold: the test env wins all the same.
    default = {"DJANGO_SETTINGS_MODULE": "djangokit.core.settings", "DJANGOKIT_ENV": "development"}
    result = run_pytest(project, **default)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"djangokit: project {project.resolve()} (env 'test', package 'notes')" in result.stdout
    assert "2 passed" in result.stdout


def test_without_pytest_django_route_client_still_works(tmp_path: Path) -> None:
    project = write_project(tmp_path)
    result = run_pytest(project, "-p", "no:django", "-rs")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pytest-django is not installed" in result.stdout
    assert "1 passed, 1 skipped" in result.stdout
    assert "django_db needs pytest-django" in result.stdout


def test_bad_settings_stop_the_run_with_one_message(tmp_path: Path) -> None:
    project = write_project(tmp_path, settings="colour = 1\n")
    result = run_pytest(project)
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    assert "settings.toml" in result.stderr and "colour" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_settings_module_of_ones_own_wins(tmp_path: Path) -> None:
    project = write_project(tmp_path)
    (project / "src/own_settings.py").write_text(
        "from djangokit.settings import load_settings\n\n"
        "globals().update(load_settings(__file__.rsplit('/src/', 1)[0], env='development'))\n"
        "DJANGOKIT_MARKER = 'own'\n"
    )
    (project / "tests/test_notes.py").write_text(
        "from django.conf import settings\n\n\n"
        "def test_own():\n    assert settings.DJANGOKIT_MARKER == 'own'\n"
    )
    src = str(project / "src")
    result = run_pytest(project, DJANGO_SETTINGS_MODULE="own_settings", PYTHONPATH=src)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "djangokit: project" not in result.stdout  # the plugin left Django alone


def test_other_runs_are_left_alone(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text("[djangokit]\n")  # no src/: not a project
    (tmp_path / "test_plain.py").write_text(
        "import os\n\ndef test_plain():\n    assert 'DJANGO_SETTINGS_MODULE' not in os.environ\n"
    )
    result = run_pytest(tmp_path, "--import-mode=importlib")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "djangokit:" not in result.stdout
