"""Configure Django for the handler-layer tests from `handlers_testapp.settings`.

Django can be configured once per process: run this directory in its own pytest process
(the route tests configure a different project).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
TEST_APP = "handlers_testapp"


def pytest_configure(config: pytest.Config) -> None:
    # --import-mode=importlib puts no test directory on sys.path; the test app needs it.
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))

    import django
    from django.conf import settings

    if settings.configured:
        return
    from handlers_testapp import settings as test_settings

    settings.configure(
        **{name: getattr(test_settings, name) for name in dir(test_settings) if name.isupper()}
    )
    # Test modules import the test app's models at collection time.
    django.setup()


@pytest.fixture(autouse=True, scope="session")
def _handler_test_settings() -> None:
    from django.conf import settings

    if TEST_APP not in settings.INSTALLED_APPS:
        pytest.fail(
            "Django was configured by another test suite's conftest before the handler tests'; "
            "run packages/core/tests/handlers in its own pytest process."
        )
