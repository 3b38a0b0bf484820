"""Each handler- and document-layer module declares a sorted `__all__` of names it defines."""

from __future__ import annotations

import importlib

import pytest

MODULES = [
    "djangokit.core._encoding",
    "djangokit.core._problems",
    "djangokit.core._redirects",
    "djangokit.core._caching",
    "djangokit.core._request_data",
    "djangokit.core._results",
    "djangokit.core._dispatch",
    "djangokit.core.decorators",
    "djangokit.core.auth",
    "djangokit.core._assets",
    "djangokit.core._document",
    "djangokit.core._errors",
    "djangokit.core._not_found",
    "djangokit.core._route_data",
    "djangokit.core.ssr",
    "djangokit.core.views",
    "djangokit.core.testing",
    "djangokit.core.testing._browser",
    "djangokit.core.testing._build",
    "djangokit.core.testing._client",
    "djangokit.core.testing._helpers",
    "djangokit.core.testing._html",
    "djangokit.core.testing._npm",
    "djangokit.core.testing._project",
    "djangokit.core.testing._results",
    "djangokit.core.pytest_plugin",
]


def isort_key(name: str) -> tuple[int, str]:
    """Constants, then classes, then functions (ruff's RUF022 order)."""
    if name.isupper():
        return (0, name)
    return (1 if name[0].isupper() else 2, name)


@pytest.mark.parametrize("name", MODULES)
def test_all_is_sorted_and_complete(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__all__ == sorted(module.__all__, key=isort_key)
    for public in module.__all__:
        assert hasattr(module, public), f"{name}.{public}"
