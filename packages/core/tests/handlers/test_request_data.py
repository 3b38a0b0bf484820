"""`request.data` for every body encoding, and JSON-or-document negotiation."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.http import HttpRequest, QueryDict
from django.test import Client, RequestFactory
from django.test.client import MULTIPART_CONTENT, encode_multipart

from djangokit.core._problems import ProblemError
from djangokit.core._request_data import (
    attach_request_data,
    is_json_content_type,
    parse_request_data,
    wants_json,
)

rf = RequestFactory()


def test_get_is_the_query_string() -> None:
    data = parse_request_data(rf.get("/", {"q": ["a", "b"]}))
    assert isinstance(data, QueryDict)
    assert data.getlist("q") == ["a", "b"]


@pytest.mark.parametrize("content_type", ["application/json", "application/merge-patch+json"])
def test_json_bodies(content_type: str) -> None:
    request = rf.patch("/", json.dumps({"a": [1, None]}), content_type=content_type)
    assert parse_request_data(request) == {"a": [1, None]}


def test_json_body_of_any_json_value() -> None:
    assert parse_request_data(rf.post("/", "[1, 2]", content_type="application/json")) == [1, 2]


def test_empty_body_is_an_empty_dict() -> None:
    assert parse_request_data(rf.delete("/")) == {}
    assert parse_request_data(rf.post("/", "", content_type="application/json")) == {}


def test_malformed_json_is_a_400_problem_with_position() -> None:
    request = rf.post("/", '{"a": 1,\n "b": }', content_type="application/json")
    with pytest.raises(ProblemError) as info:
        parse_request_data(request)
    problem = info.value.problem
    assert (problem.status, problem.title) == (400, "Malformed JSON")
    assert problem.detail is not None and "line 2 column 7" in problem.detail


def test_undecodable_json_is_a_400_problem() -> None:
    request = rf.post("/", b'"\xff\xfe"', content_type="application/json")
    with pytest.raises(ProblemError) as info:
        parse_request_data(request)
    assert info.value.problem.status == 400


def test_unknown_content_type_with_a_body_is_415() -> None:
    with pytest.raises(ProblemError) as info:
        parse_request_data(rf.post("/", "hello", content_type="text/plain"))
    assert info.value.problem.status == 415


def test_urlencoded_post_is_request_post() -> None:
    request = rf.post("/", "a=1&a=2", content_type="application/x-www-form-urlencoded")
    data = parse_request_data(request)
    assert data is request.POST
    assert data.getlist("a") == ["1", "2"]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_urlencoded_bodies_for_other_methods(method: str) -> None:
    request = getattr(rf, method)("/", "a=1&b=x", content_type="application/x-www-form-urlencoded")
    data = parse_request_data(request)
    assert isinstance(data, QueryDict)
    assert data.dict() == {"a": "1", "b": "x"}


def test_multipart_put_parses_fields_and_files() -> None:
    upload = SimpleUploadedFile("a.txt", b"file body")
    body = encode_multipart("BoUnDaRy", {"title": "hi", "upload": upload})
    request = rf.put("/", body, content_type="multipart/form-data; boundary=BoUnDaRy")
    data = parse_request_data(request)
    assert data.dict() == {"title": "hi"}
    received = request.FILES["upload"]
    assert isinstance(received, UploadedFile) and received.read() == b"file body"


def test_multipart_post_is_request_post() -> None:
    request = rf.post("/", {"title": "hi"}, content_type=MULTIPART_CONTENT)
    assert parse_request_data(request) is request.POST


def test_a_forms_csrf_field_is_not_data() -> None:
    # Django's hidden field is for the CSRF check, not the handler: request.data is a copy
    # without it, and request.POST, which the middleware read, keeps it.
    request = rf.post("/", {"title": "hi", "csrfmiddlewaretoken": "t0k3n"})
    data = parse_request_data(request)
    assert data.dict() == {"title": "hi"}
    assert request.POST["csrfmiddlewaretoken"] == "t0k3n"
    assert not data._mutable  # like request.POST


@pytest.mark.parametrize("multipart", [False, True])
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_drop_the_csrf_field_too(method: str, multipart: bool) -> None:
    fields = {"title": "hi", "csrfmiddlewaretoken": "t0k3n"}
    if multipart:
        body: str | bytes = encode_multipart("BoUnDaRy", fields)
        content_type = "multipart/form-data; boundary=BoUnDaRy"
    else:
        body = "title=hi&csrfmiddlewaretoken=t0k3n"
        content_type = "application/x-www-form-urlencoded"
    request = getattr(rf, method)("/", body, content_type=content_type)
    assert parse_request_data(request).dict() == {"title": "hi"}


def test_a_json_csrfmiddlewaretoken_member_is_the_senders_data() -> None:
    body = json.dumps({"csrfmiddlewaretoken": "x"})
    request = rf.post("/", body, content_type="application/json")
    assert parse_request_data(request) == {"csrfmiddlewaretoken": "x"}


def test_react_routers_index_marker_stays_in_the_query_string() -> None:
    # `?index` (React Router's form action on an index route) never routes anything; it
    # stays in request.GET, and so in the data of a GET, like any query parameter.
    request = rf.get("/?index&q=1")
    assert parse_request_data(request).dict() == {"index": "", "q": "1"}


def test_malformed_multipart_is_a_400_problem() -> None:
    request = rf.put("/", b"--x\r\n", content_type="multipart/form-data")  # no boundary
    with pytest.raises(ProblemError) as info:
        parse_request_data(request)
    assert info.value.problem.status == 400


def test_attach_request_data_is_lazy_and_cached() -> None:
    request = rf.post("/", "{not json", content_type="application/json")
    original_class = type(request)
    attach_request_data(request)
    attach_request_data(request)  # idempotent
    assert isinstance(request, original_class)
    assert type(request).__name__ == original_class.__name__
    with pytest.raises(ProblemError):
        request.data  # type: ignore[attr-defined]  # noqa: B018 - the access is the test
    request.data = {"replaced": True}  # type: ignore[attr-defined]
    assert request.data == {"replaced": True}  # type: ignore[attr-defined]


def test_attach_request_data_parses_once() -> None:
    request = rf.post("/", '{"a": 1}', content_type="application/json")
    attach_request_data(request)
    first = request.data  # type: ignore[attr-defined]
    assert first == {"a": 1}
    assert request.data is first  # type: ignore[attr-defined]


def test_request_class_subclass_is_shared() -> None:
    one, two = rf.get("/"), rf.get("/")
    attach_request_data(one)
    attach_request_data(two)
    assert type(one) is type(two)


def test_is_json_content_type() -> None:
    assert is_json_content_type("application/json; charset=utf-8")
    assert is_json_content_type("application/problem+json")
    assert not is_json_content_type("text/html")
    assert not is_json_content_type(None)


def _request(**headers: str) -> HttpRequest:
    return rf.get("/", headers=headers)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, False),
        ({"Accept": "*/*"}, False),
        ({"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}, False),
        ({"Accept": "application/json"}, True),
        ({"Accept": "application/json, text/plain, */*"}, True),
        ({"Accept": "text/html;q=0.5, application/json"}, True),
        ({"Accept": "image/png"}, False),
        ({"X-DjangoKit-Data": "1"}, True),
        ({"X-DjangoKit-Data": "1", "Accept": "text/html"}, True),
        ({"X-DjangoKit-Data": "0"}, False),
    ],
)
def test_wants_json(headers: dict[str, str], expected: bool) -> None:
    assert wants_json(_request(**headers)) is expected


@pytest.mark.parametrize(
    ("accept", "expected"), [("", True), ("*/*", True), ("text/html, */*", False)]
)
def test_a_json_body_wants_json_unless_html_is_asked_for(accept: str, expected: bool) -> None:
    headers = {"Accept": accept} if accept else {}
    request = rf.post("/", "{}", content_type="application/json", headers=headers)
    assert wants_json(request) is expected


def test_wants_json_for_json_suffix_marker() -> None:
    request = _request(Accept="text/html")
    request.djangokit_json = True  # type: ignore[attr-defined]
    assert wants_json(request)


# --- through the test client and a real route view --------------------------------------


def test_handler_sees_query_string_on_get(client: Client) -> None:
    response = client.get("/notes", {"q": "x"}, headers={"Accept": "application/json"})
    assert response.json() == {"method": "GET", "data": {"q": ["x"]}}


def test_handler_sees_the_index_marker_as_a_query_parameter(client: Client) -> None:
    response = client.get("/notes?index&q=x", headers={"Accept": "application/json"})
    assert response.json() == {"method": "GET", "data": {"index": [""], "q": ["x"]}}


def test_handler_data_of_a_native_form_post_has_no_csrf_field(client: Client) -> None:
    fields = {"title": "t", "csrfmiddlewaretoken": "x" * 32}
    response = client.post("/notes?index", fields, headers={"Accept": "application/json"})
    assert response.json() == {"data": {"title": ["t"]}, "files": []}


def test_handler_sees_json_body(client: Client) -> None:
    response = client.put("/notes", {"a": 1}, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"data": {"a": 1}, "files": {}}


def test_handler_sees_form_post_with_files(client: Client) -> None:
    upload = SimpleUploadedFile("a.txt", b"hello")
    response = client.post(
        "/notes", {"title": "t", "upload": upload}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 201
    assert response.json() == {"data": {"title": ["t"]}, "files": ["upload"]}


def test_handler_sees_multipart_put_files(client: Client) -> None:
    upload = SimpleUploadedFile("a.txt", b"hello")
    body = encode_multipart("BoUnDaRy", {"title": "t", "upload": upload})
    response = client.put(
        "/notes",
        body,
        content_type="multipart/form-data; boundary=BoUnDaRy",
        headers={"Accept": "application/json"},
    )
    assert response.json() == {"data": {"title": ["t"]}, "files": {"upload": "hello"}}


def test_malformed_json_through_the_view_is_400_problem_json(client: Client) -> None:
    response = client.patch("/notes", "{oops", content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["title"] == "Malformed JSON"
    assert "line 1 column 2" in body["detail"]


def test_vary_on_data_keeps_what_is_there() -> None:
    from django.http import HttpResponse

    from djangokit.core._request_data import vary_on_data

    assert vary_on_data(HttpResponse())["Vary"] == "Accept, X-DjangoKit-Data"
    response = HttpResponse()
    response["Vary"] = "Cookie, accept"
    assert vary_on_data(response)["Vary"] == "Cookie, accept, X-DjangoKit-Data"
