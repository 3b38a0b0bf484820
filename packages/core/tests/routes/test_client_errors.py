"""A request the server cannot read is the client's error: a 400/413 problem for JSON and
route-data clients, the error page for documents, one warning line in the log and no
traceback (issue 17, item 1)."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

DATA = {"X-DjangoKit-Data": "1"}
JSON = {"Accept": "application/json"}
MANY_FIELDS = "&".join(f"f{n}=1" for n in range(1500))  # DATA_UPLOAD_MAX_NUMBER_FIELDS: 1000
BAD_BODIES = [
    pytest.param("application/json", b'{"a": "' + b"x" * 2_700_000 + b'"}', 413, id="too-large"),
    pytest.param("application/json", b"[" * 100_000, 400, id="too-deep"),
    pytest.param("application/x-www-form-urlencoded", MANY_FIELDS, 400, id="too-many-fields"),
    pytest.param("multipart/form-data", b"--x\r\n\r\n", 400, id="no-boundary"),
]


def _warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


def _one_line_without_traceback(caplog: pytest.LogCaptureFixture) -> None:
    records = _warnings(caplog)
    assert len(records) == 1, [record.getMessage() for record in records]
    assert records[0].levelno == logging.WARNING
    assert records[0].exc_info is None
    assert "\n" not in records[0].getMessage()


@pytest.mark.parametrize(("content_type", "body", "status"), BAD_BODIES)
@pytest.mark.parametrize("headers", [JSON, DATA], ids=["json", "route-data"])
@pytest.mark.parametrize("url", ["/tasks", "/blog/new"], ids=["api", "page"])
def test_unreadable_bodies_are_4xx_problems(
    caplog: pytest.LogCaptureFixture,
    url: str,
    headers: dict[str, str],
    content_type: str,
    body: bytes | str,
    status: int,
) -> None:
    client = Client(enforce_csrf_checks=False)
    with caplog.at_level(logging.INFO):
        response = client.post(url, body, content_type=content_type, headers=headers)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content)["status"] == status
    _one_line_without_traceback(caplog)


@pytest.mark.parametrize(("content_type", "body", "status"), BAD_BODIES)
def test_unreadable_bodies_of_a_document_post_get_the_error_page(
    caplog: pytest.LogCaptureFixture, content_type: str, body: bytes | str, status: int
) -> None:
    client = Client()
    with caplog.at_level(logging.INFO):
        response = client.post(
            "/blog/new", body, content_type=content_type, headers={"Accept": "text/html"}
        )
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert f'"status":{status}'.encode() in response.content  # the problem, for error.tsx
    _one_line_without_traceback(caplog)


def test_the_csrf_check_reading_the_body_is_a_client_error_too(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "x" * 32  # with a cookie, Django reads the form's token
    with caplog.at_level(logging.INFO):
        response = client.post(
            "/tasks", MANY_FIELDS, content_type="application/x-www-form-urlencoded", headers=JSON
        )
    assert response.status_code == 400
    _one_line_without_traceback(caplog)
