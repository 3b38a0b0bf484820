"""The public API of djangokit.core and the settings module projects run on."""

from __future__ import annotations

import os
import subprocess
import sys

import djangokit.core

from .conftest import PROJECT_DIR


def test_all_is_importable() -> None:
    # Its order (ruff's RUF022) is checked for every module by tests/repo.
    names = djangokit.core.__all__
    assert len(names) == len(set(names))
    for name in names:
        assert hasattr(djangokit.core, name), name


def test_the_default_settings_module_runs_a_project() -> None:
    # No settings module and no URLconf in the project: djangokit.core.settings and .urls.
    script = (
        "import django; django.setup()\n"
        "from django.core.management import call_command; call_command('check')\n"
        "from django.test import Client\n"
        "client = Client(headers={'Host': 'localhost', 'Accept': 'application/json'})\n"
        "print(client.get('/about-us').content)\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "djangokit.core.settings",
        "DJANGOKIT_PROJECT_ROOT": str(PROJECT_DIR),
        "DJANGOKIT_ENV": "test",
    }
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT_DIR.parent,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert '{"team":["Ada","Grace"]}' in result.stdout
