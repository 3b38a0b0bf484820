"""Each document-layer module declares a sorted `__all__` of names it really defines."""

from __future__ import annotations

import importlib

import pytest
from django.http import HttpResponse

from djangokit.core._request_data import vary_on_data

MODULES = [
    "djangokit.core._assets",
    "djangokit.core._document",
    "djangokit.core._errors",
    "djangokit.core._not_found",
    "djangokit.core._route_data",
    "djangokit.core.ssr",
    "djangokit.core.views",
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


def test_vary_on_data_keeps_what_is_there() -> None:
    assert vary_on_data(HttpResponse())["Vary"] == "Accept, X-DjangoKit-Data"
    response = HttpResponse()
    response["Vary"] = "Cookie, accept"
    assert vary_on_data(response)["Vary"] == "Cookie, accept, X-DjangoKit-Data"
