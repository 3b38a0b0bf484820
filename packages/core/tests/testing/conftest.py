"""The route_client tests run against the realistic project in ``tests/project``, as the route
and document tests do (``tests/conftest.py`` configured Django from it)."""

from __future__ import annotations

from typing import Any

import pytest

from djangokit.settings import SSRSettings


@pytest.fixture(autouse=True)
def _project_urlconf(settings: Any) -> None:
    settings.ROOT_URLCONF = "djangokit.core.urls"


@pytest.fixture
def echo_ssr(settings: Any) -> None:
    """Pages rendered by ``testsite.ssr.EchoRenderer`` (Python: no Node, no build)."""
    ssr = SSRSettings(enabled=True, backend="testsite.ssr.EchoRenderer")
    settings.DJANGOKIT = settings.DJANGOKIT.model_copy(update={"ssr": ssr})


@pytest.fixture
def no_ssr(settings: Any) -> None:
    ssr = SSRSettings(enabled=False)
    settings.DJANGOKIT = settings.DJANGOKIT.model_copy(update={"ssr": ssr})
