"""docs/security.md, probed over HTTP against `dk serve` (issue 17): client errors stay 4xx
without a traceback, caches stay private for sessions and pages, users in data carry no
flags, `safe_redirect` stays on the site, CSRF failures answer JSON clients in JSON. The dev
server's host check is in test_dev.py."""

from __future__ import annotations

import http.client
import json
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

SECRET_KEY = "security-tests-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
JSON = {"Accept": "application/json"}

FILES = {
    # Not csrf_exempt: the CSRF check reads a form body before the handler does.
    "src/mysite/routes/api/echo/handlers.py": (
        "def post(request):\n    return {'size': len(str(request.data))}\n"
    ),
    "src/mysite/routes/api/me/handlers.py": (
        "from djangokit.core.decorators import cache\n\n\n"
        "@cache(60)\ndef get(request):\n"
        "    return {'email': getattr(request.user, 'email', None)}\n"
    ),
    "src/mysite/routes/api/public/handlers.py": (
        "from djangokit.core.decorators import cache\n\n\n"
        "@cache(60)\ndef get(request):\n    return {'hello': 'world'}\n"
    ),
    "src/mysite/routes/cached/handlers.py": (
        "from djangokit.core.decorators import cache\n\n\n"
        "@cache(60)\ndef get(request):\n    return {'n': 1}\n"
    ),
    "src/mysite/routes/cached/page.tsx": (
        'import { useData } from "@djangokit/runtime";\n\n'
        "export default function Cached() {\n"
        "  const data = useData<{ n: number }>();\n"
        "  return <p>cached {data.n}</p>;\n}\n"
    ),
    "src/mysite/routes/go/handlers.py": (
        "from djangokit.core import safe_redirect\n\n\n"
        "def get(request):\n    return safe_redirect(request, request.GET.get('next'))\n"
    ),
    "src/mysite/routes/api/people/handlers.py": (
        "from django.contrib.auth import get_user_model\n\n\n"
        "def get(request):\n"
        "    return {'users': list(get_user_model().objects.order_by('pk'))}\n"
    ),
}

SETUP = """
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
User = get_user_model()
alice = User.objects.create_user('alice', 'alice@example.com', 'pw')
User.objects.create_superuser('root', 'root@example.com', 'pw')
session = SessionStore()
session['_auth_user_id'] = str(alice.pk)
from django.conf import settings
session['_auth_user_backend'] = settings.AUTHENTICATION_BACKENDS[0]
session['_auth_user_hash'] = alice.get_session_auth_hash()
session.create()
open('session.txt', 'w').write(session.session_key)
"""


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
    new_dk_project: Callable[..., Path],
    run: Callable[..., str],
    start_dk: Callable[..., Any],
) -> Iterator[Any]:
    project = new_dk_project(tmp_path_factory.mktemp("security"))
    for name, text in FILES.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    run("migrate", cwd=project)
    # The session's auth hash is signed with SECRET_KEY: the one `dk serve` runs with.
    run("shell", "-c", SETUP, cwd=project, SECRET_KEY=SECRET_KEY)
    run("build", "--production", cwd=project)
    server = start_dk(
        project, "serve", "--workers", "1", SECRET_KEY=SECRET_KEY, ALLOWED_HOSTS="127.0.0.1"
    )
    yield server
    server.stop()


def _request(
    server: Any, method: str, path: str, body: bytes = b"", **headers: str
) -> tuple[int, dict[str, str], bytes]:
    """One request on its own connection, whatever the body (urllib cannot send a GET body
    or a bodyless multipart post as it is)."""
    url = urllib.parse.urlsplit(server.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def _csrf(server: Any) -> dict[str, str]:
    """A CSRF cookie from the home page, and the header that goes with it."""
    _, headers, _ = server.get("/")
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    assert cookie.startswith("csrftoken=")
    return {"Cookie": cookie, "X-CSRFToken": cookie.split("=", 1)[1]}


def _log(server: Any) -> str:
    return str(server.log.read_text(errors="replace"))


# --- 1. client errors are 4xx, logged without a traceback -----------------------------------


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("application/json", b'{"a": "' + b"x" * 3_000_000 + b'"}', 413),
        ("application/json", b"[" * 100_000, 400),
        (
            "application/x-www-form-urlencoded",
            "&".join(f"f{n}=1" for n in range(1500)).encode(),
            400,
        ),
        ("multipart/form-data", b"--x\r\n\r\n", 400),
    ],
    ids=["too-large", "too-deep", "too-many-fields", "no-boundary"],
)
def test_client_errors_are_4xx_problems(
    served: Any, content_type: str, body: bytes, status: int
) -> None:
    headers = {**_csrf(served), **JSON, "Content-Type": content_type}
    before = _log(served)
    code, response_headers, answer = _request(served, "POST", "/api/echo", body, **headers)
    assert code == status, answer[:500]
    assert response_headers["Content-Type"] == "application/problem+json"
    assert json.loads(answer)["status"] == status
    assert "Traceback" not in _log(served)[len(before) :]


def test_a_document_post_with_a_bad_body_gets_the_error_page(served: Any) -> None:
    headers = {**_csrf(served), "Accept": "text/html", "Content-Type": "multipart/form-data"}
    before = _log(served)
    code, response_headers, answer = _request(served, "POST", "/", b"--x\r\n\r\n", **headers)
    assert code == 400
    assert response_headers["Content-Type"].startswith("text/html")
    assert b"<!doctype html>" in answer.lower()
    assert "Traceback" not in _log(served)[len(before) :]


# --- 2. caches stay private for sessions and for pages --------------------------------------


def test_cached_api_answer_to_a_session_is_private(served: Any) -> None:
    session = (served.project / "session.txt").read_text()
    status, headers, body = served.get("/api/me", Cookie=f"sessionid={session}", **JSON)
    assert status == 200
    assert json.loads(body) == {"email": "alice@example.com"}
    assert "private" in headers["Cache-Control"]
    assert "public" not in headers["Cache-Control"]


def test_cached_api_answer_without_a_session_stays_public(served: Any) -> None:
    status, headers, _ = served.get("/api/public", **JSON)
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=60"


def test_cached_page_carrying_a_csrf_token_is_private(served: Any) -> None:
    status, headers, body = served.get("/cached")
    assert status == 200
    assert b'"csrfToken"' in body
    assert headers["Cache-Control"] == "private, max-age=60"
    status, headers, _ = served.get("/cached", **{"X-DjangoKit-Data": "1"})
    assert headers["Cache-Control"] == "private, max-age=60"


# --- 3. users in data carry no flags --------------------------------------------------------


def test_users_in_a_list_carry_no_session_or_staff_flags(served: Any) -> None:
    status, _, body = served.get("/api/people", **JSON)
    assert status == 200
    users = json.loads(body)["users"]
    assert [user["username"] for user in users] == ["alice", "root"]
    for user in users:
        assert set(user) == {"id", "username", "displayName"}


# --- safe_redirect ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "location"),
    [
        ("/api/public", "/api/public"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("http://127.0.0.1:1/elsewhere", "/"),  # another port is another origin
    ],
)
def test_safe_redirect_stays_on_the_site(served: Any, target: str, location: str) -> None:
    query = urllib.parse.urlencode({"next": target})
    port = served.url.rsplit(":", 1)[1]
    host = f"127.0.0.1:{port}"
    code, _, body = _request(served, "GET", f"/go?{query}", Host=host, Accept="text/html")
    assert code == 200  # an API route: the runtime (or client) follows {"redirect": url}
    assert json.loads(body) == {"redirect": location}


# --- 7. CSRF failures answer JSON clients in JSON -------------------------------------------


def test_csrf_failure_is_a_problem_for_json_clients(served: Any) -> None:
    headers = {**JSON, "Content-Type": "application/json"}
    code, response_headers, body = _request(served, "POST", "/api/echo", b"{}", **headers)
    assert code == 403
    assert response_headers["Content-Type"] == "application/problem+json"
    problem = json.loads(body)
    assert problem["status"] == 403
    assert "CSRF" in problem["title"]


def test_csrf_failure_is_a_page_for_documents(served: Any) -> None:
    headers = {"Accept": "text/html", "Content-Type": "application/x-www-form-urlencoded"}
    code, response_headers, body = _request(served, "POST", "/", b"text=hi", **headers)
    assert code == 403
    assert response_headers["Content-Type"].startswith("text/html")
    assert b"CSRF" in body
