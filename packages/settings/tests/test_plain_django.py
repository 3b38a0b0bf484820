"""The README's example, run as written: this distribution alone in a plain Django project.

`django-admin startproject` makes the tree (no ``src/``, no ``[djangokit]`` table), its
``settings.py`` becomes the README's, and ``manage.py`` checks, migrates and answers a request
through Django's test client, in a subprocess (Django's settings are process-global).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("django")

README = Path(__file__).resolve().parents[1] / "README.md"
REQUEST = """
import json
from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
response = Client().get("/admin/login/")
print(json.dumps({
    "status": response.status_code,
    "urlconf": settings.ROOT_URLCONF,
    "apps": settings.INSTALLED_APPS,
    "time_zone": settings.TIME_ZONE,
    "title": settings.DJANGOKIT.title,
}))
"""


def readme_settings() -> str:
    [code] = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    return code


def manage(root: Path, *args: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "SECRET_KEY"))}
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=root,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_readme_example_in_a_startproject_tree(tmp_path: Path) -> None:
    root = tmp_path / "mysite"
    root.mkdir()
    subprocess.run(
        [sys.executable, "-m", "django", "startproject", "mysite", str(root)], check=True
    )
    assert not (root / "src").exists()
    (root / "mysite" / "settings.py").write_text(readme_settings(), encoding="utf-8")
    (root / "settings.toml").write_text(
        '[django]\nTIME_ZONE = "Europe/Paris"\n\n[djangokit]\ntitle = "Polls"\n', encoding="utf-8"
    )

    manage(root, "check", "--fail-level", "WARNING")
    manage(root, "migrate", "--verbosity", "0")
    out = json.loads(manage(root, "shell", "-c", REQUEST).strip().splitlines()[-1])
    assert out["status"] == 200  # startproject's own urls.py: the admin
    assert out["urlconf"] == "mysite.urls"
    assert out["apps"][0] == "mysite"
    assert "djangokit.core" not in out["apps"]  # no routes: Django's conventions, not ours
    assert (out["time_zone"], out["title"]) == ("Europe/Paris", "Polls")
    assert (root / "db.sqlite3").is_file()
