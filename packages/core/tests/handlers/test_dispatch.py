"""Collecting handlers and dispatching requests: methods, HEAD, OPTIONS, 405, errors, CSRF."""

from __future__ import annotations

import datetime
import types
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils.crypto import get_random_string
from handlers_testapp.models import Note
from handlers_testapp.routes import notes

from djangokit.core._dispatch import (
    HandlerSpec,
    allowed_methods,
    call_handler,
    collect_extra_endpoints,
    collect_handlers,
    dispatch,
    get_handler_spec,
    handler,
    is_csrf_exempt,
    strip_head_body,
)
from djangokit.core._results import HandlerResult
from djangokit.core.decorators import csrf_exempt

JSON = {"Accept": "application/json"}


def module(**attrs: Any) -> types.ModuleType:
    mod = types.ModuleType("fake_handlers")
    mod.__dict__.update(attrs)
    return mod


# --- collecting ----------------------------------------------------------------------------


def test_collect_handlers_maps_methods_and_leaves_out_extras() -> None:
    assert collect_handlers(notes) == {
        "GET": notes.get,
        "POST": notes.post,
        "PUT": notes.put,
        "PATCH": notes.patch,
    }


def test_collect_extra_endpoints_groups_by_path() -> None:
    assert collect_extra_endpoints(notes) == {
        "export": {"GET": notes.export, "POST": notes.start_export}
    }


def test_handler_records_a_spec() -> None:
    assert get_handler_spec(notes.export) == HandlerSpec("GET", "export")
    assert get_handler_spec(notes.start_export) == HandlerSpec("POST", "export")
    assert get_handler_spec(notes.get) is None


def test_handler_without_path_names_a_method_handler() -> None:
    @handler("get")
    def show(request: HttpRequest) -> Any:
        return None

    assert collect_handlers(module(show=show)) == {"GET": show}
    assert collect_extra_endpoints(module(show=show)) == {}


def test_handler_checks_its_method_and_use() -> None:
    with pytest.raises(ValueError, match="one of get, post"):
        handler("fetch")

    @handler("get", path="a")
    def f(request: HttpRequest) -> None: ...

    with pytest.raises(TypeError, match="already has @handler"):
        handler("post", path="a")(f)


def test_two_handlers_for_one_method_is_an_error() -> None:
    @handler("get")
    def show(request: HttpRequest) -> None: ...

    def get(request: HttpRequest) -> None: ...

    with pytest.raises(ImproperlyConfigured, match="two GET handlers: get and show"):
        collect_handlers(module(get=get, show=show))


def test_the_same_function_under_two_names_is_fine() -> None:
    @handler("get")
    def show(request: HttpRequest) -> None: ...

    assert collect_handlers(module(get=show, show=show)) == {"GET": show}


def test_non_handlers_are_ignored() -> None:
    class get:
        pass

    mod = module(get=get, post="not callable", _put=lambda request: None, helper=len)
    assert collect_handlers(mod) == {}


def test_async_handlers_are_refused() -> None:
    async def get(request: HttpRequest) -> None: ...

    with pytest.raises(ImproperlyConfigured, match="async"):
        collect_handlers(module(get=get))


def test_allowed_methods() -> None:
    assert allowed_methods({"POST": len}) == ["POST", "OPTIONS"]
    assert allowed_methods({"delete": len, "GET": len}) == ["GET", "HEAD", "DELETE", "OPTIONS"]


def test_is_csrf_exempt() -> None:
    assert not is_csrf_exempt(notes.post)
    assert is_csrf_exempt(csrf_exempt(lambda request: None))


# --- calling -------------------------------------------------------------------------------


def test_call_handler_passes_params_and_attaches_data() -> None:
    def get(request: HttpRequest, slug: str) -> Any:
        return {"slug": slug, "q": request.data["q"]}  # type: ignore[attr-defined]

    result = call_handler(RequestFactory().get("/", {"q": "x"}), get, {"slug": "hi"})
    assert result == HandlerResult(data={"slug": "hi", "q": "x"})


def test_dispatch_returns_results_and_responses() -> None:
    rf = RequestFactory()
    handlers = {"get": lambda request: [1]}
    assert dispatch(rf.get("/"), handlers, {}) == HandlerResult(data=[1])
    not_allowed = dispatch(rf.post("/"), handlers, {})
    assert isinstance(not_allowed, HttpResponse)
    assert not_allowed.status_code == 405


# --- through the test client ---------------------------------------------------------------


def test_405_lists_allowed_methods(client: Client) -> None:
    response = client.delete("/notes", headers=JSON)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST, PUT, PATCH, OPTIONS"
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "DELETE is not allowed here."


def test_405_without_get_has_no_head(client: Client) -> None:
    response = client.get("/csrf")
    assert response.status_code == 405
    assert response["Allow"] == "POST, PUT, OPTIONS"


def test_options_answers_allow(client: Client) -> None:
    response = client.options("/notes")
    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, POST, PUT, PATCH, OPTIONS"
    assert response.content == b""


def test_head_runs_get(client: Client) -> None:
    assert client.head("/notes", headers=JSON).status_code == 200
    assert client.head("/csrf").status_code == 405


def test_head_has_no_body_but_the_get_length(client: Client) -> None:
    got = client.get("/returns/list", headers=JSON)
    head = client.head("/returns/list", headers=JSON)
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == "application/json"
    assert int(head["Content-Length"]) == len(got.content) > 0


def test_head_of_a_document(client: Client) -> None:
    got = client.get("/returns/dict")
    head = client.head("/returns/dict")
    assert head.content == b""
    assert int(head["Content-Length"]) == len(got.content)


def test_extra_endpoint(client: Client) -> None:
    assert client.get("/notes/export", headers=JSON).json() == {"export": "csv"}
    started = client.post("/notes/export", headers=JSON)
    assert (started.status_code, started.json()) == (202, {"started": True})
    assert client.put("/notes/export").status_code == 405


@pytest.fixture
def note(db: None) -> Note:
    return Note.objects.create(text="hi", created=datetime.date(2024, 1, 2))


@pytest.mark.parametrize(
    ("form", "status", "body"),
    [
        ("dict", 200, {"a": 1}),
        ("list", 200, [1, "two"]),
        ("none", 200, None),
        ("model", 200, {"text": "hi", "created": "2024-01-02", "kind": "note"}),
        ("queryset", 200, [{"text": "hi", "created": "2024-01-02", "kind": "note"}]),
        ("pydantic", 200, {"name": "pen", "price": "1.50"}),
        ("dataclass", 200, {"x": 1, "when": "2024-02-29"}),
        ("typeddict", 200, {"title": "Up", "year": 2009}),
        ("tuple", 201, {"created": True}),
        ("redirect", 200, {"redirect": "/elsewhere"}),
        (
            "problem",
            409,
            {
                "type": "about:blank",
                "title": "Conflict",
                "status": 409,
                "detail": "That slug is taken.",
                "field": "slug",
            },
        ),
    ],
)
def test_each_return_form_as_json(
    client: Client, note: Note, form: str, status: int, body: Any
) -> None:
    response = client.get(f"/returns/{form}", headers=JSON)
    assert response.status_code == status
    assert response.json() == body


def test_none_from_a_mutation_is_204(client: Client) -> None:
    response = client.post("/returns/none", headers=JSON)
    assert (response.status_code, response.content) == (204, b"")


def test_http_response_is_untouched(client: Client) -> None:
    for headers in (JSON, {}):
        response = client.get("/returns/response", headers=headers)
        assert (response.status_code, response.content) == (418, b"plain")
        assert response["Content-Type"] == "text/plain"


def test_redirect_for_documents_is_303_after_a_post(client: Client) -> None:
    got = client.get("/returns/redirect")
    assert (got.status_code, got["Location"]) == (302, "/elsewhere")
    posted = client.post("/returns/redirect")
    assert (posted.status_code, posted["Location"]) == (303, "/elsewhere")


def test_redirect_as_data_keeps_cookies(client: Client) -> None:
    response = client.post("/returns/redirect-cookie", headers={"X-DjangoKit-Data": "1"})
    assert response.json() == {"redirect": "/elsewhere"}
    assert response.cookies["flash"].value == "saved"


def test_document_embeds_escaped_data(client: Client) -> None:
    response = client.get("/returns/dict")
    assert response["Content-Type"].startswith("text/html")
    assert b'<script type="application/json" id="route-data">{"a":1}</script>' in response.content


def test_bad_returns_are_server_errors(client: Client) -> None:
    with pytest.raises(TypeError):
        client.get("/returns/bad-tuple", headers=JSON)
    with pytest.raises(ValueError):
        client.get("/returns/bad-status", headers=JSON)


@pytest.mark.parametrize(
    ("kind", "status", "extra"),
    [
        ("404", 404, {}),
        ("403", 403, {}),
        ("django-dict", 400, {"errors": {"title": ["Too short."], "slug": ["Taken."]}}),
        ("django-list", 400, {"errors": {"__all__": ["Bad input."]}}),
        ("problem", 402, {"detail": "Upgrade your plan."}),
    ],
)
def test_exceptions_become_problems_for_json(
    client: Client, kind: str, status: int, extra: dict[str, Any]
) -> None:
    response = client.get(f"/errors/{kind}", headers=JSON)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert extra.items() <= body.items()


def test_pydantic_validation_error_is_400(client: Client) -> None:
    response = client.get("/errors/pydantic", headers=JSON)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["price"]


def test_exceptions_give_error_pages_for_documents(client: Client) -> None:
    assert client.get("/errors/404").status_code == 404
    assert client.get("/errors/403").status_code == 403


def test_other_exceptions_are_not_swallowed(client: Client) -> None:
    with pytest.raises(RuntimeError, match="a server bug"):
        client.get("/errors/boom", headers=JSON)


# --- CSRF ----------------------------------------------------------------------------------


@pytest.fixture
def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def _token(client: Client) -> str:
    # What a page's get_token() would have set: the cookie holds the secret, and the
    # unmasked secret is itself a valid token.
    secret = get_random_string(32)
    client.cookies["csrftoken"] = secret
    return secret


def test_post_without_token_is_refused(csrf_client: Client) -> None:
    assert csrf_client.post("/csrf", headers=JSON).status_code == 403
    assert csrf_client.post("/notes", {"a": "1"}).status_code == 403


def test_post_with_token_is_accepted(csrf_client: Client) -> None:
    token = _token(csrf_client)
    response = csrf_client.post("/csrf", headers={**JSON, "X-CSRFToken": token})
    assert (response.status_code, response.json()) == (200, {"ok": "post"})
    form = csrf_client.post("/notes", {"a": "1", "csrfmiddlewaretoken": token}, headers=JSON)
    assert form.status_code == 201
    assert form.json()["data"] == {"a": ["1"]}  # the field passed the check, not to the handler


def test_csrf_exempt_handler_is_exempt_alone(csrf_client: Client) -> None:
    response = csrf_client.put("/csrf", headers=JSON)
    assert (response.status_code, response.json()) == (200, {"ok": "put"})
    assert csrf_client.post("/csrf", headers=JSON).status_code == 403


def test_safe_methods_need_no_token(csrf_client: Client) -> None:
    assert csrf_client.get("/notes", headers=JSON).status_code == 200
    assert csrf_client.head("/notes").status_code == 200
    assert csrf_client.options("/csrf").status_code == 200


def test_no_csrf_middleware_means_no_check(csrf_client: Client, settings: Any) -> None:
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "csrf" not in m]
    assert csrf_client.post("/csrf", headers=JSON).status_code == 200


def test_handler_can_return_a_response_for_any_method() -> None:
    def post(request: HttpRequest) -> HttpResponse:
        return HttpResponse(status=202)

    request = RequestFactory().post("/")
    request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
    result = dispatch(request, {"POST": post}, {})
    assert isinstance(result, HandlerResult)
    assert result.response is not None and result.response.status_code == 202


def test_strip_head_body_keeps_the_length() -> None:
    rf = RequestFactory()
    response = strip_head_body(rf.head("/"), HttpResponse(b"12345"))
    assert (response.content, response["Content-Length"]) == (b"", "5")  # type: ignore[attr-defined]
    got = strip_head_body(rf.get("/"), HttpResponse(b"12345"))
    assert got.content == b"12345"  # type: ignore[attr-defined]


def test_head_through_the_view_function_itself() -> None:
    from handlers_testapp.urls import urlpatterns

    view = next(p.callback for p in urlpatterns if str(p.pattern) == "returns/<str:form>")
    response = view(RequestFactory().head("/returns/list", headers=JSON), form="list")
    assert response.content == b""
    assert response["Content-Length"] == str(len(b'[1,"two"]'))


def test_a_request_the_middleware_accepted_is_not_checked_again() -> None:
    request = RequestFactory().post("/")
    request.csrf_processing_done = True  # type: ignore[attr-defined]
    assert dispatch(request, {"POST": lambda request: 1}, {}) == HandlerResult(data=1)
