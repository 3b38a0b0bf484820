"""One Django configuration for every core test suite.

Django is configured once per process, and CI runs all suites in one pytest process, so the
suites share this configuration: the realistic project's settings (``tests/project``, loaded
the way a project without a settings module gets them) plus the handler suite's test app.
``ROOT_URLCONF`` is the handler suite's; the route suite switches to the project's URLconf
with an autouse fixture.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).parent
PROJECT_DIR = TESTS_DIR / "project"
PROJECT_URLCONF = "djangokit.core.urls"

# --import-mode=importlib puts no test directory on sys.path; the test apps need it.
for _path in (PROJECT_DIR / "src", TESTS_DIR / "handlers"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    if settings.configured:
        return
    from djangokit.settings import load

    # Only DATABASE_URL passes through (the PostgreSQL session sets it); other DJANGO_* or
    # DJANGOKIT_* variables of the machine must not change what the tests see.
    environ = {k: v for k, v in os.environ.items() if k == "DATABASE_URL"}
    django = load(PROJECT_DIR, env="test", environ=environ).django
    django["INSTALLED_APPS"] = [*django["INSTALLED_APPS"], "handlers_testapp"]
    django.update(
        ROOT_URLCONF="handlers_testapp.urls",
        LOGIN_URL="/accounts/login/",
        MEDIA_URL="/media/",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    settings.configure(**django)
