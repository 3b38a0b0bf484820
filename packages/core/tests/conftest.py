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
import textwrap
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from djangokit.core import RouteTree

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
    _check_database(django["DATABASES"]["default"])


# Why the database tests are skipped, when PostgreSQL was asked for and is not there.
_database_missing: str | None = None


def _check_database(database: dict[str, Any]) -> None:
    """With DATABASE_URL naming an unreachable PostgreSQL, skip the tests that need it, or
    (DJANGOKIT_REQUIRE_SERVICES=1, as in CI) stop the run: a green run must have used it."""
    if "postgresql" not in database["ENGINE"]:
        return
    where = f"{database.get('HOST') or 'localhost'}:{database.get('PORT') or 5432}"
    try:
        import psycopg
    except ImportError as exc:
        _missing_database(f"DATABASE_URL names PostgreSQL but psycopg is not installed: {exc}", exc)
        return
    try:
        psycopg.connect(
            dbname="postgres",
            user=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
            host=database.get("HOST") or None,
            port=database.get("PORT") or None,
            connect_timeout=3,
        ).close()
    except psycopg.Error as exc:
        _missing_database(f"PostgreSQL at {where} (DATABASE_URL) is unreachable: {exc}", exc)


def _missing_database(reason: str, exc: Exception) -> None:
    """Skip the database tests, or stop the run when CI requires the service."""
    global _database_missing
    if os.environ.get("DJANGOKIT_REQUIRE_SERVICES") == "1":
        message = f"{reason.strip()}\nDJANGOKIT_REQUIRE_SERVICES=1: not skipping."
        raise pytest.UsageError(message) from exc
    _database_missing = reason.strip()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if _database_missing is None:
        return
    skip = pytest.mark.skip(reason=_database_missing)
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if item.get_closest_marker("django_db") or {"db", "transactional_db"} & set(fixtures):
            item.add_marker(skip)


@pytest.fixture
def make_routes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[dict[str, str]], RouteTree]]:
    """Write ``{relative path: source}`` below a fresh package's ``routes/`` and discover it.

    Each call gets a package of its own, so modules imported by one test never leak into
    another through ``sys.modules``.
    """
    from djangokit.core import discover_routes

    packages: list[str] = []
    monkeypatch.syspath_prepend(str(tmp_path))

    def make(files: dict[str, str]) -> RouteTree:
        package = f"site_{uuid.uuid4().hex[:10]}"
        packages.append(package)
        routes = tmp_path / package / "routes"
        routes.mkdir(parents=True)
        (tmp_path / package / "__init__.py").write_text("")
        for name, text in files.items():
            path = routes / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))
        return discover_routes(routes, package)

    yield make
    for name in list(sys.modules):
        if name.split(".")[0] in packages:
            del sys.modules[name]
