"""The route view: route data for the runtime, documents for browsers, forms without JS."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

DATA = {"X-DjangoKit-Data": "1"}
JSON = {"Accept": "application/json"}


def embedded_data(content: bytes) -> Any:
    match = re.search(
        r'<script type="application/json" id="djangokit-data">(.*?)</script>', content.decode()
    )
    assert match, content
    return json.loads(match.group(1))


def test_route_data_runs_every_loader_root_to_leaf(client: Client) -> None:
    response = client.get("/blog/hello?page=2", headers=DATA)
    assert response.status_code == 200
    data = response.json()
    assert data["routes"] == {
        "layout:root": {"site": "Test site"},  # root's own get is not run for a child
        "layout:blog": {"section": "blog"},
        "layout:blog/_slug": {"slug": "hello"},
        "page:blog/_slug": {"post": {"slug": "hello", "title": "Hello, world"}},
    }
    assert data["matches"] == ["layout:root", "layout:blog", "layout:blog/_slug", "page:blog/_slug"]
    assert data["params"] == {"slug": "hello"}
    assert data["url"] == "/blog/hello?page=2"
    assert data["prefix"] == ""
    assert data["errors"] is None and data["status"] == 200
    assert data["user"]["isAuthenticated"] is False
    assert isinstance(data["csrfToken"], str) and data["csrfToken"]


def test_route_data_leaves_out_routes_without_loaders(client: Client) -> None:
    data = client.get("/docs/intro", headers=DATA).json()
    assert data["matches"] == ["layout:root", "layout:docs", "page:docs/intro"]
    assert data["routes"] == {"layout:root": {"site": "Test site"}}


def test_route_data_problem_is_data_too(client: Client) -> None:
    response = client.get("/blog/missing-post", headers=DATA)
    assert response.status_code == 200  # the request itself worked
    data = response.json()
    assert data["status"] == 404
    assert data["errors"] == {
        "page:blog/_slug": {"type": "about:blank", "title": "Not Found", "status": 404}
    }
    # Loaded up to the failing route; its own layout ran before its get failed.
    assert list(data["routes"]) == ["layout:root", "layout:blog", "layout:blog/_slug"]


def test_route_data_redirect(client: Client) -> None:
    response = client.get("/moved", headers=DATA)
    assert response.status_code == 200
    assert response.json() == {"redirect": "/blog"}


def test_mutation_through_the_runtime(client: Client) -> None:
    def submit(title: str) -> Any:
        response = client.post(
            "/blog/new", {"title": title}, content_type="application/json", headers=DATA
        )
        assert response.status_code == 200
        return response.json()

    assert submit("Hi") == {"redirect": "/blog/hello"}
    assert submit("") == {
        "action": {"errors": {"title": ["This field is required."]}},
        "status": 400,
    }


def test_mutation_problem(client: Client) -> None:
    response = client.delete("/blog/new", headers=DATA)
    assert response.status_code == 405  # no delete handler: the request itself failed


def test_document_embeds_the_route_data(client: Client) -> None:
    response = client.get("/blog/hello")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    data = embedded_data(response.content)
    assert data["routes"]["page:blog/_slug"]["post"]["slug"] == "hello"
    assert "<title>Test site</title>" in response.content.decode()


def test_one_url_varies_on_what_was_asked(client: Client) -> None:
    for response in (client.get("/blog/hello"), client.get("/blog/hello", headers=JSON)):
        assert "Accept" in response["Vary"] and "X-DjangoKit-Data" in response["Vary"]


def test_document_with_a_problem(client: Client) -> None:
    # The page's error boundary renders the problem; the status still says 404.
    response = client.get("/blog/missing-post")
    assert response.status_code == 404
    assert embedded_data(response.content)["errors"]["page:blog/_slug"]["status"] == 404


def test_document_redirect(client: Client) -> None:
    response = client.get("/moved")
    assert response.status_code == 302 and response["Location"] == "/blog"


def test_head_has_no_body(client: Client) -> None:
    response = client.head("/blog/hello", headers=JSON)
    assert response.status_code == 200 and response.content == b""


def test_native_form_post_redirects_with_303(client: Client) -> None:
    response = client.post("/blog/new", {"title": "Hi"})
    assert response.status_code == 303
    assert response["Location"] == "/blog/hello"


def test_native_form_post_rerenders_with_the_action_data(client: Client) -> None:
    response = client.post("/blog/new", {"title": ""})
    assert response.status_code == 400
    data = embedded_data(response.content)
    assert data["action"] == {"errors": {"title": ["This field is required."]}}
    assert data["routes"]["page:blog/new"] == {"form": "new"}  # the page is shown again
    assert data["status"] == 400


def test_json_post_gets_the_redirect_as_data(client: Client) -> None:
    response = client.post(
        "/blog/new", {"title": "Hi"}, content_type="application/json", headers=JSON
    )
    assert response.json() == {"redirect": "/blog/hello"}


# React Router adds `?index` to the action of a form on an index route. Django routes by
# path alone: the marker changes nothing, and stays in request.GET like any parameter.


def test_index_marker_on_a_data_request(client: Client) -> None:
    plain = client.get("/blog", headers=DATA).json()
    marked = client.get("/blog?index", headers=DATA).json()
    assert marked["matches"] == plain["matches"] == ["layout:root", "layout:blog", "page:blog"]
    assert marked["routes"] == plain["routes"]


def test_index_marker_on_a_mutation_through_the_runtime(client: Client) -> None:
    response = client.post(
        "/blog/new?index", {"title": "Hi"}, content_type="application/json", headers=DATA
    )
    assert response.json() == {"redirect": "/blog/hello"}


def test_index_marker_on_a_native_form_post(client: Client) -> None:
    assert client.post("/blog/new?index", {"title": "Hi"})["Location"] == "/blog/hello"
    response = client.post("/blog/new?index", {"title": ""})
    assert response.status_code == 400
    data = embedded_data(response.content)
    assert data["action"] == {"errors": {"title": ["This field is required."]}}
    assert data["matches"][-1] == "page:blog/new"


def test_index_marker_on_a_json_request(client: Client) -> None:
    marked = client.get("/blog?index", headers=JSON)
    assert marked.json() == client.get("/blog", headers=JSON).json()


def test_json_for_a_page_without_handlers_is_406(client: Client) -> None:
    response = client.get("/docs/intro", headers=JSON)
    assert response.status_code == 406
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("headers", [JSON, DATA, {}], ids=["json", "data", "document"])
@pytest.mark.parametrize("method", ["delete", "put", "post", "patch"])
def test_a_method_the_page_does_not_serve_is_405_before_406(
    client: Client, method: str, headers: dict[str, str]
) -> None:
    # /docs/intro has a page and no handlers: no method but GET and HEAD exists there at
    # all, whatever the client accepts.
    response = getattr(client, method)("/docs/intro", headers=headers)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 405


@pytest.mark.parametrize("headers", [JSON, DATA, {}], ids=["json", "data", "document"])
def test_options_of_a_page_lists_what_it_serves(client: Client, headers: dict[str, str]) -> None:
    response = client.options("/docs/intro", headers=headers)
    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    response = client.options("/blog/new", headers=headers)
    assert response["Allow"] == "GET, HEAD, POST, OPTIONS"


def test_api_routes_answer_json_to_browsers_too(client: Client) -> None:
    response = client.get("/about-us", headers={"Accept": "text/html"})
    assert response["Content-Type"].startswith("text/html")  # about-us has a page
    response = client.get("/items/3", headers={"Accept": "text/html"})
    assert response.json() == {"item": 3, "type": "int"}


@pytest.mark.parametrize("url", ["/blog/new", "/tasks"])
def test_csrf_is_checked(url: str) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, {"title": "x"}, content_type="application/json", headers=JSON)
    assert response.status_code == 403


@pytest.mark.parametrize("headers", [JSON, DATA], ids=["json", "route-data"])
@pytest.mark.parametrize("url", ["/blog/new", "/tasks"])
def test_csrf_failure_is_a_problem_for_json_clients(url: str, headers: dict[str, str]) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, {"title": "x"}, content_type="application/json", headers=headers)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "CSRF verification failed",
        "status": 403,
        "detail": "CSRF cookie not set.",
    }


def test_csrf_failure_is_djangos_page_for_documents() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/blog/new", {"title": "x"}, headers={"Accept": "text/html"})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert b"CSRF verification failed" in response.content
