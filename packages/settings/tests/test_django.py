"""The produced dict is accepted by Django: configure(), setup(), check, migrate.

Runs in a subprocess (Django's settings are process-global). djangokit.core is
another distribution and not a dependency of this one, so it is left out of
INSTALLED_APPS and a tiny URLconf of the project stands in for its URLs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("django")

SCRIPT = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[1] + "/src")
    from djangokit.settings import load_settings
    settings = load_settings(sys.argv[1], env=sys.argv[2])
    # djangokit.core is another distribution, not installed with this one.
    settings["INSTALLED_APPS"] = [a for a in settings["INSTALLED_APPS"] if a != "djangokit.core"]
    settings["ROOT_URLCONF"] = "mysite.urls"

    import django
    from django.conf import settings as django_settings
    from django.core.management import call_command

    django_settings.configure(**settings)
    django.setup()
    call_command("check", "--fail-level", "WARNING")
    if sys.argv[2] == "production":
        call_command("check", "--deploy", "--fail-level", "WARNING")
    else:
        call_command("migrate", verbosity=0)
    from django.apps import apps
    from django.core.cache import caches
    caches["default"].set("k", "v")
    print(json.dumps({
        "apps": [a.label for a in apps.get_app_configs()],
        "cache": caches["default"].get("k"),
        "kit": django_settings.DJANGOKIT.package,
        "db": str(django_settings.DATABASES["default"]["NAME"]),
    }))
    """
)


def run(project, env: str, **environ: str) -> dict:
    project.write("src/mysite/urls.py", "urlpatterns = []\n")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DJANGOKIT"))}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(project.root), env],
        capture_output=True,
        text=True,
        env={**clean, **environ},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_development_settings_work_in_django(project) -> None:
    out = run(project, "development")
    assert out["apps"][0] == "mysite"
    assert {"admin", "auth", "contenttypes", "sessions", "messages", "staticfiles"} <= set(
        out["apps"]
    )
    assert out["cache"] == "v"
    assert out["kit"] == "mysite"
    assert out["db"] == str(project.root / "db.sqlite3")
    assert (project.root / "db.sqlite3").is_file()


def test_production_settings_work_in_django(project) -> None:
    """Django's deployment checks pass (--fail-level WARNING): DjangoKit's production
    conventions (HTTPS on) leave only HSTS preload, an opt-in, to silence."""
    project.write(
        "settings.production.toml", '[django]\nSILENCED_SYSTEM_CHECKS = ["security.W021"]'
    )
    out = run(
        project,
        "production",
        SECRET_KEY="k8Jd-2mQp_9xLw4Zr7Tn1vBc6Hy3Fs0GaEi5Uo8Nq2Wm-r4Tz9Yq",
        DJANGO_ALLOWED_HOSTS="example.com",
        DATABASE_URL="sqlite:///prod.sqlite3",
    )
    assert out["db"] == str(project.root / "prod.sqlite3")
