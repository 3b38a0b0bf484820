"""Production hardens itself: a `dk new` project served by `dk serve` is HTTPS-only (behind a
TLS proxy on the same machine as docs/deploy.md describes), and `dk check --deploy` fails on
any deployment warning that is not silenced."""

from __future__ import annotations

import http.client
import json
import subprocess
from collections.abc import Callable
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest

RunDk = Callable[..., subprocess.CompletedProcess[str]]
SECRET_KEY = "cli-tests-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
# A deployment as docs/deploy.md describes it: several workers share a cache (Redis), which
# the deploy check asks for (djangokit.W002); the check does not connect to it.
PRODUCTION = {
    "SECRET_KEY": SECRET_KEY,
    "ALLOWED_HOSTS": "example.com",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}
HTTPS_OFF_WARNINGS = ("security.W004", "security.W008", "security.W012", "security.W016")


def raw_get(server: Any, path: str, **headers: str) -> tuple[int, http.client.HTTPMessage]:
    """GET without following redirects: status and headers."""
    host, port = server.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, response.headers
    finally:
        connection.close()


def csrf_cookie(headers: http.client.HTTPMessage) -> Any:
    cookies: SimpleCookie = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        cookies.load(value)
    return cookies["csrftoken"]


def test_production_redirects_to_https_and_sends_hsts(
    site: Any, start_dk: Callable[..., Any]
) -> None:
    server = start_dk(
        site.project,
        "serve",
        "--workers",
        "1",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        DJANGOKIT_HTTPS="true",  # the production default; tests/cli otherwise turn it off
    )
    try:
        status, headers = raw_get(server, "/about?x=1")
        assert status == 301
        assert headers["Location"] == server.url.replace("http://", "https://") + "/about?x=1"
        assert "Strict-Transport-Security" not in headers  # only ever sent over HTTPS

        # A TLS proxy on this machine: gunicorn trusts its X-Forwarded-Proto (from 127.0.0.1).
        status, headers = raw_get(server, "/", **{"X-Forwarded-Proto": "https"})
        assert status == 200
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        assert csrf_cookie(headers)["secure"] is True
    finally:
        server.stop()
    assert "HTTPS is on: plain-HTTP requests are redirected to https://" in server.log.read_text()


def test_https_false_serves_plain_http(site: Any) -> None:
    """`site` runs with DJANGOKIT_HTTPS=false (tests/cli/conftest.py): no redirect, no HSTS,
    cookies a plain-HTTP browser sends back."""
    status, headers = raw_get(site, "/")
    assert status == 200
    assert "Strict-Transport-Security" not in headers
    assert not csrf_cookie(headers)["secure"]
    assert "HTTPS is on" not in site.log.read_text()


def test_production_keeps_database_connections(site: Any) -> None:
    """Outside development a worker keeps its database connection between requests
    (``CONN_MAX_AGE``, docs/deploy.md), rather than opening one per request."""
    first, second = (json.loads(site.get("/api/tags/1/connections")[2]) for _ in range(2))
    assert first["tags"] == second["tags"] == 0
    assert first["opened"] == second["opened"] >= 1


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, new_dk_project: Callable[..., Path]) -> Path:
    return new_dk_project(tmp_path_factory.mktemp("deploy"))


def deploy_check(run_dk: RunDk, project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return run_dk("--env", "production", "check", "--deploy", cwd=project, **env)


def test_a_new_project_passes_the_deploy_check(run_dk: RunDk, project: Path) -> None:
    result = deploy_check(run_dk, project, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert result.stdout.strip().endswith("All checks passed.")


def test_without_a_shared_cache_the_deploy_check_warns_about_sign_in_counts(
    run_dk: RunDk, project: Path
) -> None:
    alone = {"SECRET_KEY": SECRET_KEY, "ALLOWED_HOSTS": "example.com"}
    result = deploy_check(run_dk, project, **alone)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "(djangokit.W002) Sign-in throttling counts failed sign-ins in the cache 'default'" in (
        result.stderr
    )
    assert "HINT: Set REDIS_URL" in result.stderr
    silenced = json.dumps(["security.W021", "djangokit.W002"])  # served by one process
    result = deploy_check(run_dk, project, DJANGO_SILENCED_SYSTEM_CHECKS=silenced, **alone)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deploy_check_fails_on_warnings(run_dk: RunDk, project: Path) -> None:
    result = deploy_check(run_dk, project, DJANGOKIT_HTTPS="false", **PRODUCTION)
    assert result.returncode == 1, result.stdout + result.stderr
    for warning in HTTPS_OFF_WARNINGS:
        assert warning in result.stderr
    assert "All checks passed." not in result.stdout
    assert result.stderr.strip().endswith("Error: dk check found problems (django).")


def test_silenced_warnings_do_not_fail_the_deploy_check(run_dk: RunDk, project: Path) -> None:
    silenced = json.dumps([*HTTPS_OFF_WARNINGS, "security.W021"])
    result = deploy_check(
        run_dk,
        project,
        DJANGOKIT_HTTPS="false",
        DJANGO_SILENCED_SYSTEM_CHECKS=silenced,
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("key", ["a" * 40, "a" * 60])
def test_a_weak_secret_key_is_refused(run_dk: RunDk, project: Path, key: str) -> None:
    result = deploy_check(run_dk, project, SECRET_KEY=key, ALLOWED_HOSTS="example.com")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "django.SECRET_KEY" in result.stderr
    assert "a key of only 1 distinct character" in result.stderr
    assert key not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_misspelt_setting_fails_the_deploy_check(run_dk: RunDk, project: Path) -> None:
    result = deploy_check(run_dk, project, DJANGO_SESSION_COOKIE_SECUR="false", **PRODUCTION)
    assert result.returncode == 1, result.stdout + result.stderr
    warning = (
        "Warning: environment variable DJANGO_SESSION_COOKIE_SECUR: "
        "django.SESSION_COOKIE_SECUR: SESSION_COOKIE_SECUR is not a Django setting, so Django "
        "ignores it. Did you mean SESSION_COOKIE_SECURE?"
    )
    assert result.stderr.splitlines().count(warning) == 1, result.stderr
    assert "settings: 1 warning (above)." in result.stderr
    assert result.stderr.strip().endswith("Error: dk check found problems (settings).")
