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
THROTTLED = re.compile(r"Too many failed sign-ins\. Try again in [1-3]?\d minute\(s\)\.")


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
    _limits(settings, login_failures=1, login_window=1)
    _fail("ada", 1)
    wait = login_retry_after(_request(), "ada")
    assert 1 <= wait <= 2  # this window's rest, then the next one (limit 1: all of it)
    time.sleep(wait + 0.05)
    assert login_retry_after(_request(), "ada") == 0


class _Clock:
    """Stands in for ``time`` in djangokit.core.auth, to sign in at a chosen instant."""

    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> _Clock:
    import djangokit.core.auth

    fake = _Clock(900.0 * 2_000_000)  # a window's first instant
    monkeypatch.setattr(djangokit.core.auth, "time", fake)
    return fake


def test_a_burst_across_a_windows_edge_is_counted_whole(settings: Any, clock: _Clock) -> None:
    # Fixed windows forgot the failures before the edge, so 2 * the limit got through.
    _limits(settings, login_failures=5, login_window=900)
    User.objects.create_user("ada", password=PASSWORD)
    clock.now -= 0.5
    _fail("ada", 3)
    clock.now += 1.0
    _fail("ada", 2)
    assert authenticate(_request(), username="ada", password=PASSWORD) is None
    # This window: 2 failures and the refused attempt (it counts too); the previous one's 3
    # weigh less as the sliding window leaves them, rounded up: at most 1 of them may still
    # count (5 - 1 - 3), which is so once two thirds of the window have passed.
    assert login_retry_after(_request(), "ada") == 600  # 900 * (1 - 1/3) - 0.5, rounded up
    clock.now += 599.0
    assert login_retry_after(_request(), "ada") == 1
    clock.now += 1.0
    assert login_retry_after(_request(), "ada") == 0
    user = authenticate(_request(), username="ada", password=PASSWORD)
    assert user is not None and user.get_username() == "ada"


def test_over_the_limit_in_one_window_waits_into_the_next(settings: Any, clock: _Clock) -> None:
    _limits(settings, login_failures=5, login_window=900)
    clock.now += 450.0
    _fail("ada", 5)
    # Next window, the 5 weigh 5 * its part still inside the sliding window, rounded up:
    # below 5 after a fifth of it: 450 s of this one and 180 of the next.
    assert login_retry_after(_request(), "ada") == 630
    clock.now += 629.5
    assert login_retry_after(_request(), "ada") == 1
    clock.now += 1.0
    assert login_retry_after(_request(), "ada") == 0
    _fail("ada", 1)  # one more failure counts on top of the 4 still weighed
    assert login_retry_after(_request(), "ada") > 0


def test_a_successful_sign_in_forgives_the_previous_window_too(
    settings: Any, clock: _Clock
) -> None:
    _limits(settings, login_failures=3, login_window=900)
    User.objects.create_user("ada", password=PASSWORD)
    clock.now -= 1.0
    _fail("ada", 2)
    clock.now += 2.0
    assert authenticate(_request(), username="ada", password=PASSWORD) is not None
    from django.contrib.auth import login
    from django.contrib.sessions.backends.cache import SessionStore

    request = _request()
    request.session = SessionStore()
    login(request, User.objects.get(username="ada"))
    _fail("ada", 2)
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


# System checks (djangokit.core.checks) --------------------------------------------------


def test_the_deploy_check_warns_when_each_process_counts_alone(settings: Any) -> None:
    from django.core import checks

    from djangokit.core.checks import check_login_throttle_is_shared

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    [warning] = check_login_throttle_is_shared()
    assert isinstance(warning, checks.Warning) and warning.id == "djangokit.W002"
    assert "N workers allow N times" in warning.msg and "REDIS_URL" in (warning.hint or "")
    ids = {m.id for m in checks.run_checks(include_deployment_checks=True)}
    assert "djangokit.W002" in ids
    assert "djangokit.W002" not in {m.id for m in checks.run_checks()}  # --deploy only
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "x"},
    }
    _limits(settings, cache_alias="shared")
    assert check_login_throttle_is_shared() == []
    _limits(settings, cache_alias="default", login_failures=0, login_failures_per_ip=0)
    assert check_login_throttle_is_shared() == []  # throttling off: nothing counts


def test_a_missing_or_forgetful_throttle_cache_is_reported(settings: Any) -> None:
    from django.core import checks

    from djangokit.core.checks import check_login_throttle_cache

    assert check_login_throttle_cache() == []
    _limits(settings, cache_alias="logins")
    [error] = check_login_throttle_cache()
    assert isinstance(error, checks.Error) and error.id == "djangokit.E003"
    assert "cache_alias = 'logins' is not a key of CACHES (they are: 'default')" in error.msg
    assert error.id in {m.id for m in checks.run_checks()}
    settings.CACHES = {
        **settings.CACHES,
        "logins": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    [warning] = check_login_throttle_cache()
    assert isinstance(warning, checks.Warning) and warning.id == "djangokit.W003"
    assert "no sign-in is ever refused" in warning.msg
