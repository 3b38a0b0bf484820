"""HTTPS in production, through Django's own request handling (test client, in a subprocess:
Django's settings are process-global): the redirect, HSTS and Secure cookies, a proxy's
header as docs/deploy.md tells to configure it, and the plain-HTTP switch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("django")

KEY = "k" * 30 + "Zq8-xP2_vL9mN4bT7cR1"
SCRIPT = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[1] + "/src")
    from djangokit.settings import load_settings
    settings = load_settings(sys.argv[1])
    settings["INSTALLED_APPS"] = [a for a in settings["INSTALLED_APPS"] if a != "djangokit.core"]
    settings["ROOT_URLCONF"] = "mysite.urls"

    import django
    from django.conf import settings as django_settings
    django_settings.configure(**settings)
    django.setup()
    from django.test import Client

    def get(**headers):
        response = Client().get("/page?x=1", **headers)
        cookie = response.cookies.get("csrftoken")
        return {
            "status": response.status_code,
            "location": response.get("Location"),
            "hsts": response.get("Strict-Transport-Security"),
            "secure_cookie": bool(cookie and cookie["secure"]),
        }

    print(json.dumps({"plain": get(), "proxied": get(HTTP_X_FORWARDED_PROTO="https")}))
    """
)
URLS = """\
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

urlpatterns = [path("page", lambda request: HttpResponse(get_token(request)))]
"""


def served(project, production: str, **environ: str) -> dict:
    project.write("src/mysite/urls.py", URLS)
    project.write("settings.production.toml", production)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "SECRET"))}
    env = {
        **clean,
        "DJANGOKIT_ENV": "production",
        "SECRET_KEY": KEY,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        **environ,
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(project.root)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_behind_a_proxy_with_secure_proxy_ssl_header(project) -> None:
    out = served(
        project, '[django]\nSECURE_PROXY_SSL_HEADER = ["HTTP_X_FORWARDED_PROTO", "https"]\n'
    )
    assert out["plain"] == {
        "status": 301,
        "location": "https://testserver/page?x=1",
        "hsts": None,
        "secure_cookie": False,
    }
    assert out["proxied"] == {
        "status": 200,
        "location": None,
        "hsts": "max-age=31536000; includeSubDomains",
        "secure_cookie": True,
    }


def test_without_the_proxy_header_setting_every_request_is_redirected(project) -> None:
    """Why docs/deploy.md says to set it for a proxy elsewhere: Django trusts no header."""
    out = served(project, "")
    assert out["proxied"]["status"] == 301


def test_plain_http_with_https_false(project) -> None:
    out = served(project, "", DJANGOKIT_HTTPS="false")
    assert out["plain"] == {"status": 200, "location": None, "hsts": None, "secure_cookie": False}
