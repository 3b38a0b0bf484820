"""Sign-in throttling (djangokit.core.auth, decision 0009): failures counted per username and
per address from Django's own signal, the next attempt refused over a limit, right password
or not, and the login form saying so without naming any account."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.cache import caches
from django.test import RequestFactory

from djangokit.core.auth import LoginForm, client_ip, login_retry_after
from djangokit.settings import AuthSettings

pytestmark = pytest.mark.django_db
PASSWORD = "right-horse-battery"
THROTTLED = re.compile(r"Too many failed sign-ins\. Try again in 1?\d minute\(s\)\.")


@pytest.fixture(autouse=True)
def _fresh_counts() -> None:
    caches["default"].clear()


def _limits(settings: Any, **options: Any) -> None:
    settings.DJANGOKIT = django_settings.DJANGOKIT.model_copy(
        update={"auth": AuthSettings(**options)}
    )


def _request(ip: str = "10.0.0.1", **meta: str) -> Any:
    return RequestFactory().post("/accounts/login", REMOTE_ADDR=ip, **meta)


def _fail(username: str, times: int, ip: str = "10.0.0.1") -> None:
    for _ in range(times):
        assert authenticate(_request(ip), username=username, password="wrong") is None


def test_the_default_backend_is_throttled_model_backend() -> None:
    assert django_settings.AUTHENTICATION_BACKENDS == ["djangokit.core.auth.ThrottledModelBackend"]


def test_over_the_username_limit_even_the_right_password_is_refused(settings: Any) -> None:
    _limits(settings, login_failures=3)
    User.objects.create_user("ada", password=PASSWORD)
    _fail("ada", 2)
    assert login_retry_after(_request(), "ada") == 0
    _fail("ada", 1)
    assert login_retry_after(_request(), "ada") > 0
    assert login_retry_after(_request(), "ADA ") > 0  # one counter for one name
    # From another address too: the limit is the account's.
    assert authenticate(_request("10.9.9.9"), username="ada", password=PASSWORD) is None
    assert login_retry_after(_request(), "grace") == 0  # other names are not affected


def test_unknown_usernames_are_counted_like_known_ones(settings: Any) -> None:
    _limits(settings, login_failures=2)
    _fail("nobody", 2)
    assert login_retry_after(_request(), "nobody") > 0


def test_the_address_limit_covers_many_usernames(settings: Any) -> None:
    _limits(settings, login_failures=100, login_failures_per_ip=4)
    User.objects.create_user("ada", password=PASSWORD)
    for name in ("a", "b", "c", "d"):
        _fail(name, 1, ip="10.0.0.7")
    assert authenticate(_request("10.0.0.7"), username="ada", password=PASSWORD) is None
    user = authenticate(_request("10.0.0.8"), username="ada", password=PASSWORD)
    assert user is not None and user.get_username() == "ada"


def test_a_successful_sign_in_forgives_the_username(settings: Any) -> None:
    _limits(settings, login_failures=3)
    User.objects.create_user("ada", password=PASSWORD)
    _fail("ada", 2)
    form = LoginForm(_request(), data={"username": "ada", "password": PASSWORD})
    assert form.is_valid()
    from django.contrib.auth import login
    from django.contrib.sessions.backends.cache import SessionStore

    request = _request()
    request.session = SessionStore()
    login(request, form.get_user())  # one backend: no backend= argument needed
    _fail("ada", 2)
    assert login_retry_after(_request(), "ada") == 0


def test_the_window_ends(settings: Any) -> None:
    _limits(settings, login_failures=1, login_window=2)
    _fail("ada", 1)
    wait = login_retry_after(_request(), "ada")
    assert 1 <= wait <= 2
    time.sleep(wait + 0.05)
    assert login_retry_after(_request(), "ada") == 0


def test_zero_turns_a_limit_off(settings: Any) -> None:
    _limits(settings, login_failures=0, login_failures_per_ip=0)
    _fail("ada", 30)
    assert login_retry_after(_request(), "ada") == 0


def test_the_login_form_says_to_wait_and_names_no_account(settings: Any) -> None:
    _limits(settings, login_failures=2)
    User.objects.create_user("ada", password=PASSWORD)
    wrong = LoginForm(_request(), data={"username": "ada", "password": "nope"})
    assert not wrong.is_valid()
    assert wrong.errors.get_json_data()["__all__"][0]["code"] == "invalid_login"
    _fail("ada", 1)
    form = LoginForm(_request(), data={"username": "ada", "password": PASSWORD})
    assert not form.is_valid()
    [error] = form.errors.get_json_data()["__all__"]
    assert error["code"] == "throttled"
    assert THROTTLED.fullmatch(error["message"])
    _fail("zed", 2)
    unknown = LoginForm(_request(), data={"username": "zed", "password": "x"})
    assert not unknown.is_valid()
    assert unknown.errors.get_json_data()["__all__"][0]["message"] == error["message"]


def test_client_ip_reads_the_proxy_header_only_when_configured(settings: Any) -> None:
    forwarded = {"HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.5"}
    assert client_ip(_request("127.0.0.1", **forwarded)) == "127.0.0.1"
    _limits(settings, client_ip_header="X-Forwarded-For")
    # The last address is the one the proxy appended; the earlier ones are the client's word.
    assert client_ip(_request("127.0.0.1", **forwarded)) == "203.0.113.5"
    assert client_ip(_request("127.0.0.1")) == "127.0.0.1"
