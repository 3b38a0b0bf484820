"""Auth, cache and CSRF decorators: documents and JSON clients each answered in kind."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Permission, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.test import Client, RequestFactory

from djangokit.core._dispatch import call_handler
from djangokit.core._problems import Problem
from djangokit.core.decorators import (
    CacheOptions,
    apply_cache_headers,
    cache,
    csrf_exempt,
    get_cache_options,
    login_required,
    permission_required,
)

JSON = {"Accept": "application/json"}
rf = RequestFactory()


@pytest.fixture
def user(db: None) -> User:
    return User.objects.create_user("ada", password="pw")


@pytest.fixture
def editor(user: User) -> User:
    user.user_permissions.add(Permission.objects.get(codename="change_note"))
    return User.objects.get(pk=user.pk)  # fresh: permissions are cached per instance


def _request(user: Any, path: str = "/secret?x=1", **headers: str) -> HttpRequest:
    request = rf.get(path, headers=headers)
    request.user = user
    return request


def view(request: HttpRequest, slug: str = "") -> Any:
    """The undecorated handler."""
    return {"slug": slug}


# --- login_required ------------------------------------------------------------------------


def test_login_required_lets_users_through(user: User) -> None:
    assert login_required(view)(_request(user), slug="a") == {"slug": "a"}


def test_login_required_redirects_documents_to_login_with_next() -> None:
    response = login_required(view)(_request(AnonymousUser()))
    assert isinstance(response, HttpResponseRedirect)
    assert response["Location"] == "/accounts/login/?next=/secret%3Fx%3D1"


@pytest.mark.parametrize(
    ("path", "next_url"),
    [
        ("/secret?index", "/secret"),
        ("/secret?index&x=1", "/secret%3Fx%3D1"),
        ("/secret?x=1&index=", "/secret%3Fx%3D1"),
        ("/secret?index=2", "/secret%3Findex%3D2"),  # a value: the site's own parameter
    ],
)
def test_login_required_leaves_react_routers_index_marker_out_of_next(
    path: str, next_url: str
) -> None:
    response = login_required(view)(_request(AnonymousUser(), path=path))
    assert response["Location"] == f"/accounts/login/?next={next_url}"


def test_login_required_gives_json_clients_a_401_problem() -> None:
    for headers in (JSON, {"X-DjangoKit-Data": "1"}):
        problem = login_required(view)(_request(AnonymousUser(), **headers))
        assert isinstance(problem, Problem)
        assert problem.status == 401
        assert problem.extensions == {"loginUrl": "/accounts/login/?next=/secret%3Fx%3D1"}


def test_login_required_with_options() -> None:
    decorated = login_required(login_url="/signin", redirect_field_name="to")(view)
    response = decorated(_request(AnonymousUser(), path="/p"))
    assert response["Location"] == "/signin?to=/p"


def test_decorators_keep_name_and_annotations() -> None:
    def get(request: HttpRequest, id: int) -> Any: ...

    decorated = login_required(cache(5)(permission_required("a.b")(get)))
    assert decorated.__name__ == "get"
    assert decorated.__annotations__["id"] == "int"
    assert get_cache_options(decorated) == CacheOptions(5, False)


# --- permission_required -------------------------------------------------------------------

needs_change = permission_required("handlers_testapp.change_note")(view)


def test_permission_required_lets_permitted_users_through(editor: User) -> None:
    assert needs_change(_request(editor)) == {"slug": ""}
    several = permission_required(["handlers_testapp.change_note"])(view)
    assert several(_request(editor)) == {"slug": ""}


def test_permission_required_refuses_signed_in_users_with_403(user: User) -> None:
    for headers in ({}, JSON):
        with pytest.raises(PermissionDenied):
            needs_change(_request(user, **headers))


def test_permission_required_anonymous() -> None:
    document = needs_change(_request(AnonymousUser()))
    assert isinstance(document, HttpResponseRedirect)
    data = needs_change(_request(AnonymousUser(), **JSON))
    assert isinstance(data, Problem) and data.status == 401


def test_permission_required_raise_exception_for_anonymous_documents() -> None:
    strict = permission_required("x.y", raise_exception=True)(view)
    with pytest.raises(PermissionDenied):
        strict(_request(AnonymousUser()))
    problem = strict(_request(AnonymousUser(), **JSON))
    assert isinstance(problem, Problem) and problem.status == 401


def test_permission_denied_becomes_a_403_result(user: User) -> None:
    result = call_handler(_request(user, **JSON), needs_change, {})
    assert result.problem == Problem(403)


# --- through the test client ---------------------------------------------------------------


def test_guarded_route_for_json_and_documents(client: Client, user: User) -> None:
    unauthorized = client.get("/guarded", headers=JSON)
    assert unauthorized.status_code == 401
    assert unauthorized["Content-Type"] == "application/problem+json"
    assert unauthorized.json()["loginUrl"] == "/accounts/login/?next=/guarded"
    document = client.get("/guarded")
    assert (document.status_code, document["Location"]) == (302, "/accounts/login/?next=/guarded")

    client.force_login(user)
    assert client.get("/guarded", headers=JSON).json()["user"]["username"] == "ada"
    assert client.post("/guarded", headers=JSON).status_code == 403
    assert client.post("/guarded").status_code == 403
    assert client.delete("/guarded", headers=JSON).status_code == 403


def test_guarded_route_for_permitted_user(client: Client, editor: User) -> None:
    client.force_login(editor)
    assert client.post("/guarded", headers=JSON).json() == {"changed": True}


def test_raise_exception_route_for_anonymous_document(client: Client, db: None) -> None:
    assert client.delete("/guarded").status_code == 403


# --- cache ---------------------------------------------------------------------------------


def test_cache_marks_without_wrapping() -> None:
    def get(request: HttpRequest) -> None: ...

    assert cache(60)(get) is get
    assert get_cache_options(get) == CacheOptions(60, False)
    assert get_cache_options(cache(5, private=True)(get)) == (5, True)
    assert get_cache_options(view) is None


@pytest.mark.parametrize("seconds", [-1, 1.5, True, "60"])
def test_cache_needs_whole_seconds(seconds: Any) -> None:
    with pytest.raises(ValueError):
        cache(seconds)


def test_apply_cache_headers_public() -> None:
    response = apply_cache_headers(HttpResponse(), 60)
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Vary"] == "Accept, X-DjangoKit-Data"


def test_apply_cache_headers_private_varies_on_cookie() -> None:
    response = apply_cache_headers(HttpResponse(), 30, private=True)
    assert response["Cache-Control"] == "private, max-age=30"
    assert response["Vary"] == "Accept, X-DjangoKit-Data, Cookie"


def test_apply_cache_headers_leaves_errors_and_explicit_headers_alone() -> None:
    assert not apply_cache_headers(HttpResponse(status=404), 60).has_header("Cache-Control")
    explicit = HttpResponse()
    explicit["Cache-Control"] = "no-store"
    assert apply_cache_headers(explicit, 60)["Cache-Control"] == "no-store"


def test_cached_route(client: Client) -> None:
    response = client.get("/cached", headers=JSON)
    assert response["Cache-Control"] == "public, max-age=60"
    assert "Accept" in response["Vary"]
    assert client.get("/cached")["Cache-Control"] == "public, max-age=60"


# --- csrf_exempt ---------------------------------------------------------------------------


def test_csrf_exempt_uses_djangos_attribute_without_wrapping() -> None:
    def post(request: HttpRequest) -> None: ...

    assert csrf_exempt(post) is post
    assert post.csrf_exempt is True  # type: ignore[attr-defined]


def test_csrf_exempt_survives_other_decorators() -> None:
    def first(request: HttpRequest) -> None: ...

    def second(request: HttpRequest) -> None: ...

    inner = login_required(csrf_exempt(first))
    outer = csrf_exempt(login_required(second))
    assert inner.csrf_exempt is True  # type: ignore[attr-defined]
    assert outer.csrf_exempt is True  # type: ignore[attr-defined]
