"""A project may keep its own settings module and URLconf: DjangoKit stays a Django app."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "microblog"

SETTINGS = """\
from pathlib import Path

from djangokit.settings import load_settings

BASE_DIR = Path(__file__).resolve().parents[2]
globals().update(load_settings(BASE_DIR))
ROOT_URLCONF = "microblog.urls"
TIME_ZONE = "Europe/Paris"  # a plain assignment after the TOML layers wins
"""

URLS = """\
from django.http import JsonResponse
from django.urls import include, path


def ping(request):
    return JsonResponse({"pong": True})


urlpatterns = [
    path("ping", ping),  # the project's own view, before DjangoKit's catch-all 404
    path("", include("djangokit.core.urls")),
]
"""

SCRIPT = """\
import json
import django

django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client

call_command("migrate", verbosity=0)
client = Client(HTTP_HOST="localhost")
ping = client.get("/ping")
api = client.get("/api/posts", HTTP_ACCEPT="application/json")
page = client.get("/")
missing = client.get("/nope", HTTP_ACCEPT="application/json")
print(json.dumps({
    "tz": settings.TIME_ZONE,
    "title": settings.DJANGOKIT.title,
    "ping": ping.json(),
    "api": [api.status_code, api.json()],
    "page": [page.status_code, page["Content-Type"], 'id="djangokit-data"' in page.text],
    "missing": missing.status_code,
}))
"""


def test_hand_written_settings_and_urls(tmp_path: Path) -> None:
    project = tmp_path / "microblog"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("node_modules", "*.sqlite3"))
    (project / "src" / "microblog" / "settings.py").write_text(SETTINGS)
    (project / "src" / "microblog" / "urls.py").write_text(URLS)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="microblog.settings", PYTHONPATH=str(project / "src"))

    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=tmp_path,  # not the project: BASE_DIR comes from the settings module
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["tz"] == "Europe/Paris"
    assert out["title"] == "Microblog"  # from the project's settings.toml
    assert out["ping"] == {"pong": True}
    assert out["api"] == [200, []]
    assert out["page"] == [200, "text/html; charset=utf-8", True]
    assert out["missing"] == 404
