"""Server errors in handlers: Django's debug page or a traceback problem in DEBUG, a bare 500
(logged with the route) in production."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.test import Client

from .conftest import DATA, JSON, embedded_data


@pytest.fixture
def browser() -> Client:
    """A client that returns 500 responses instead of re-raising the handler's exception."""
    return Client(raise_request_exception=False)


def route_logs(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "djangokit.core"]


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def debug(request: pytest.FixtureRequest, settings: Any) -> bool:
    settings.DEBUG = request.param
    return bool(request.param)


def test_debug_document_shows_djangos_technical_500(browser: Client, settings: Any) -> None:
    settings.DEBUG = True
    response = browser.get("/boom")
    assert response.status_code == 500
    html = response.content.decode()
    assert "RuntimeError" in html and "the page handler broke" in html
    assert "Traceback" in html and "djangokit-data" not in html  # Django's page, not ours


def test_the_exception_reaches_the_test_client_as_for_any_view(
    client: Client, settings: Any
) -> None:
    settings.DEBUG = True
    with pytest.raises(RuntimeError, match="the page handler broke"):
        client.get("/boom")


def test_production_document_is_the_shell_with_a_500_error(
    browser: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="djangokit.core"):
        response = browser.get("/boom")
    assert response.status_code == 500
    data = embedded_data(response.content)
    assert data["errors"] == {
        "page:boom": {"type": "about:blank", "title": "Internal Server Error", "status": 500}
    }
    assert data["routes"] == {
        "layout:root": {"site": "Test site"},
        "layout:boom": {"layout": "boom"},
    }
    assert "the page handler broke" not in response.content.decode()
    (record,) = route_logs(caplog)
    assert "page:boom" in record.getMessage() and "GET /boom" in record.getMessage()
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError


def test_json_error_problem(browser: Client, caplog: pytest.LogCaptureFixture, debug: bool) -> None:
    with caplog.at_level(logging.ERROR, logger="djangokit.core"):
        response = browser.get("/boom", headers=JSON)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == "Internal Server Error"
    if debug:
        assert problem["detail"] == "RuntimeError: the page handler broke"
        assert problem["traceback"][0] == "Traceback (most recent call last):"
        assert any("boom/handlers.py" in line for line in problem["traceback"])
        assert problem["traceback"][-1] == "RuntimeError: the page handler broke"
    else:
        assert problem == {"type": "about:blank", "title": "Internal Server Error", "status": 500}
    (record,) = route_logs(caplog)
    assert "route boom" in record.getMessage()


def test_data_request_error_is_route_data(browser: Client, debug: bool) -> None:
    response = browser.get("/boom", headers=DATA)
    assert response.status_code == 200  # the navigation itself worked: error.tsx shows it
    data = response.json()
    assert data["status"] == 500
    problem = data["errors"]["page:boom"]
    assert problem["status"] == 500
    assert ("traceback" in problem) is debug


def test_a_failing_layout_load_is_reported_under_its_id(browser: Client) -> None:
    response = browser.get("/boom?ok=1&crash=layout", headers=DATA)
    data = response.json()
    assert list(data["errors"]) == ["layout:boom"]
    assert "page:boom" not in data["routes"]  # loading stopped at the failing layout


def test_production_native_form_crash_rerenders_with_the_error(browser: Client) -> None:
    response = browser.post("/boom?ok=1", {"x": "1"})
    assert response.status_code == 500
    data = embedded_data(response.content)
    assert data["errors"]["page:boom"]["status"] == 500
    assert data["routes"]["page:boom"] == {"ok": True}  # the page itself still loaded


def test_debug_native_form_crash_shows_djangos_technical_500(
    browser: Client, settings: Any
) -> None:
    settings.DEBUG = True
    response = browser.post("/boom?ok=1", {"x": "1"})
    assert response.status_code == 500 and b"the action broke" in response.content


def test_data_request_mutation_crash_is_a_500_problem(browser: Client, debug: bool) -> None:
    response = browser.post("/boom", {"x": 1}, content_type="application/json", headers=DATA)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert ("traceback" in response.json()) is debug


def test_an_unencodable_result_is_a_server_error_too(
    browser: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="djangokit.core"):
        response = browser.get("/boom/bytes")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    (record,) = route_logs(caplog)
    assert "route boom /bytes" in record.getMessage() and record.exc_info[0] is TypeError
