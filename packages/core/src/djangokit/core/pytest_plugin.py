"""DjangoKit's pytest plugin (entry point ``pytest11``): installing org-djangokit-core is enough.

In a DjangoKit project (pytest's rootdir holds ``settings.toml`` and ``src/``), it points
Django at the project's settings with env ``test`` before pytest-django sets Django up, so
there is no ``DJANGO_SETTINGS_MODULE`` to write. Anywhere else it only adds the fixtures.
A ``DJANGO_SETTINGS_MODULE`` (environment, ``--ds`` or ini) always wins.

This module is imported by every pytest run where core is installed: it imports nothing
but pytest until a project or a fixture needs more.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .testing import RouteClient

__all__ = [
    "ARGS_INI",
    "EXECUTABLE_INI",
    "djangokit_browser",
    "live_page",
    "npm_install",
    "pytest_addoption",
    "pytest_collection_modifyitems",
    "pytest_configure",
    "pytest_load_initial_conftests",
    "pytest_report_header",
    "pytest_unconfigure",
    "route_client",
]

EXECUTABLE_INI = "djangokit_browser_executable"
ARGS_INI = "djangokit_browser_args"
_HEADER = pytest.StashKey[str]()
_SET_UP = pytest.StashKey[bool]()
_NO_DATABASE = "django_db needs pytest-django (pip install pytest-django; core's [testing] extra)"


def _own_settings_module(config: pytest.Config, args: list[str]) -> bool:
    # djangokit.core.settings (left in the environment by a dk command, say) is not the
    # user's own: the test env still has to be chosen.
    if not os.environ.get("DJANGO_SETTINGS_MODULE", "djangokit.").startswith("djangokit."):
        return True
    if any(arg == "--ds" or arg.startswith("--ds=") for arg in args):
        return True
    try:
        return bool(config.getini("DJANGO_SETTINGS_MODULE"))
    except ValueError:  # no pytest-django: the ini key is not registered
        return False


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(
    early_config: pytest.Config, parser: pytest.Parser, args: list[str]
) -> None:
    """Point Django at the project before pytest-django's own hook sets it up."""
    root = early_config.rootpath
    is_project = (root / "settings.toml").is_file() and (root / "src").is_dir()
    if not is_project or _own_settings_module(early_config, args):
        return
    from djangokit.settings import SettingsError

    from .testing._project import configure_project

    try:
        early_config.stash[_HEADER] = configure_project(root)
    except SettingsError as error:
        raise pytest.UsageError(str(error)) from None


def pytest_configure(config: pytest.Config) -> None:
    # Without pytest-django nothing sets Django up: do it, so route_client still works, and
    # skip the tests that need its database rather than fail them on an unknown marker.
    if _HEADER in config.stash and not config.pluginmanager.has_plugin("django"):
        import django
        from django.test.utils import setup_test_environment

        config.addinivalue_line("markers", f"django_db: {_NO_DATABASE}")
        django.setup()
        setup_test_environment()  # ALLOWED_HOSTS gets "testserver", email stays in memory
        config.stash[_SET_UP] = True


def pytest_unconfigure(config: pytest.Config) -> None:
    if config.stash.get(_SET_UP, False):
        from django.test.utils import teardown_test_environment

        teardown_test_environment()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _HEADER in config.stash and not config.pluginmanager.has_plugin("django"):
        skip = pytest.mark.skip(reason=_NO_DATABASE)
        for item in items:
            if item.get_closest_marker("django_db"):
                item.add_marker(skip)


def pytest_report_header(config: pytest.Config) -> list[str]:
    header = config.stash.get(_HEADER, None)
    if header is None:
        return []
    if not config.pluginmanager.has_plugin("django"):
        return [header, "djangokit: pytest-django is not installed: no database fixtures"]
    return [header]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        EXECUTABLE_INI,
        "Chromium for the live_page fixture (default: Playwright's own), e.g. /usr/bin/chromium",
        default="",
    )
    parser.addini(ARGS_INI, "Chromium flags for live_page, e.g. --no-sandbox", type="args")


@pytest.fixture(scope="session")
def djangokit_browser(pytestconfig: pytest.Config) -> Iterator[Any]:
    """Playwright's Chromium for the session (ini ``djangokit_browser_executable`` and
    ``djangokit_browser_args`` choose the binary and its flags); skips without Playwright."""
    from .testing._browser import launch_browser

    executable = str(pytestconfig.getini(EXECUTABLE_INI) or "") or None
    yield from launch_browser(executable, list(pytestconfig.getini(ARGS_INI) or []))


@pytest.fixture
def live_page(live_server: Any, djangokit_browser: Any) -> Iterator[Any]:
    """A Playwright page on the project, served by pytest-django's ``live_server`` on a
    free port (``page.goto("/")``), with bundles built from the current sources."""
    from .testing._browser import live_page_for

    yield from live_page_for(djangokit_browser, live_server.url)


@pytest.fixture(scope="session")
def npm_install(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[..., Path]:
    """``npm_install(package_json_text, name, lock=None)``: the ``node_modules`` of that
    package.json, installed once into pytest's cache (below *name* and the text's hash) and
    reused by later runs; with a ``package-lock.json`` text *lock*, exactly those versions
    (``npm ci``). Skips without Node.js and npm (fails under ``DJANGOKIT_REQUIRE_SERVICES=1``)."""
    from .testing._npm import install_npm_packages, npm_cache_key

    bases: dict[str, Path] = {}  # without pytest's cache (-p no:cacheprovider): per run

    def install(text: str, name: str, lock: str | None = None) -> Path:
        key = npm_cache_key(name, text, lock)
        if key not in bases:
            cache = getattr(request.config, "cache", None)
            bases[key] = cache.mkdir(key) if cache is not None else tmp_path_factory.mktemp(key)
        return install_npm_packages(text, bases[key], lock)

    return install


@pytest.fixture
def route_client() -> Iterator[RouteClient]:
    """A :class:`djangokit.core.testing.RouteClient`: Django's test client (CSRF checks on)
    speaking DjangoKit's protocol: ``api``, ``data``, ``page``, ``submit``, ``login``."""
    from .testing import RouteClient

    yield RouteClient()
