"""``safe_redirect``: a redirect to a URL the client supplied only when it stays on this site."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from djangokit.core import safe_redirect


@pytest.mark.parametrize(
    "url",
    ["/account", "/blog/hello?page=2#c3", "account", "http://testserver/account", "?tab=2"],
)
def test_urls_on_this_site_are_followed(url: str) -> None:
    response = safe_redirect(RequestFactory().get("/login"), url)
    assert response.status_code == 302
    assert response["Location"] == url


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "\\\\evil.example",
        "http:evil.example",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        " https://evil.example",
        "http://testserver.evil.example/",
        "",
        None,
        ["/account"],
        42,
    ],
)
def test_other_urls_go_to_the_fallback(url: Any) -> None:
    response = safe_redirect(RequestFactory().get("/login"), url, fallback="/home")
    assert response["Location"] == "/home"


def test_a_secure_request_is_not_sent_to_plain_http() -> None:
    request = RequestFactory().get("/login", secure=True)
    assert safe_redirect(request, "http://testserver/account")["Location"] == "/"
    assert safe_redirect(request, "https://testserver/account")["Location"] == (
        "https://testserver/account"
    )


def test_allowed_hosts_add_to_this_host() -> None:
    request = RequestFactory().get("/login")
    url = "https://accounts.example.com/done"
    assert safe_redirect(request, url)["Location"] == "/"
    assert safe_redirect(request, url, allowed_hosts=["accounts.example.com"])["Location"] == url
