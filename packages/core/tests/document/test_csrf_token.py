"""The CSRF token in route data: masked afresh for every response, for the secret that the
CSRF cookie carries, as Django's get_token() does (djangokit.core._csrf)."""

from __future__ import annotations

from collections import Counter

from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token
from django.test import Client, RequestFactory

from djangokit.core._csrf import csrf_token

from .conftest import DATA


def test_the_token_unmasks_to_the_cookies_secret_and_is_masked_afresh_each_time() -> None:
    browser = Client(enforce_csrf_checks=True)
    first = browser.get("/blog/new", headers=DATA).json()["csrfToken"]
    secret = browser.cookies["csrftoken"].value
    second = browser.get("/blog/new", headers=DATA).json()["csrfToken"]
    assert browser.cookies["csrftoken"].value == secret  # the secret stays
    assert first != second and len(first) == len(second) == 64
    assert _unmask_cipher_token(first) == _unmask_cipher_token(second) == secret
    post = {"content_type": "application/json", "headers": {**DATA, "X-CSRFToken": second}}
    assert browser.post("/blog/new", {"title": "Hi"}, **post).status_code == 200


def test_a_request_without_a_secret_gets_a_new_one() -> None:
    request = RequestFactory().get("/")
    token = csrf_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == 32 and request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert _unmask_cipher_token(token) == secret
    assert csrf_token(request) != token and request.META["CSRF_COOKIE"] == secret


def test_masks_use_every_allowed_character_evenly() -> None:
    request = RequestFactory().get("/")
    counts = Counter("".join(csrf_token(request)[:32] for _ in range(2000)))
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    expected = 2000 * 32 / len(CSRF_ALLOWED_CHARS)  # about 1032 each
    assert all(0.8 * expected < n < 1.2 * expected for n in counts.values())


def test_a_navigation_does_not_send_the_cookie_again_a_document_does() -> None:
    browser = Client(enforce_csrf_checks=True)
    first = browser.get("/blog/new", headers=DATA)
    assert "csrftoken" in first.cookies  # a new secret: the cookie goes out
    again = browser.get("/blog/new", headers=DATA)
    assert "csrftoken" not in again.cookies  # the browser has it: no Set-Cookie
    token = again.json()["csrfToken"]
    assert _unmask_cipher_token(token) == browser.cookies["csrftoken"].value
    document = browser.get("/blog/new")
    assert "csrftoken" in document.cookies  # a page load renews its expiry, as Django does
    assert document.cookies["csrftoken"].value == browser.cookies["csrftoken"].value
