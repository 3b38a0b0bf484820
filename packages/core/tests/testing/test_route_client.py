"""``route_client`` (the pytest plugin's fixture) against the core test project: each method
answers what the runtime, an API client or a browser without JavaScript would get."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from testsite.models import Task

from djangokit.core.testing import Action, Page, RouteClient, RouteData


def test_the_fixture_is_a_route_client_with_csrf_checks(route_client: RouteClient) -> None:
    assert isinstance(route_client, RouteClient)
    assert route_client.client.handler.enforce_csrf_checks


@pytest.mark.django_db
def test_api_answers_the_handlers_json(route_client: RouteClient) -> None:
    Task.objects.create(title="Write tests")
    result = route_client.api("/tasks")
    assert result.status == 200
    assert [task["title"] for task in result.data] == ["Write tests"]
    assert result.problem is None


@pytest.mark.django_db
def test_api_posts_json_with_the_csrf_token(route_client: RouteClient) -> None:
    result = route_client.api("/tasks", method="post", json={"title": "Ship"})
    assert result.status == 201
    assert result.data["title"] == "Ship"
    assert Task.objects.get().title == "Ship"


def test_api_problems(route_client: RouteClient) -> None:
    result = route_client.api("/blog/missing")
    assert result.status == 404
    assert result.problem is not None and result.problem["status"] == 404


def test_data_has_every_layouts_and_the_pages_data(route_client: RouteClient) -> None:
    data = route_client.data("/blog/hello")
    assert isinstance(data, RouteData)
    assert data.status == 200 and data.errors is None and data.redirect is None
    assert data.matches == ["layout:root", "layout:blog", "layout:blog/_slug", "page:blog/_slug"]
    assert data["layout:root"] == {"site": "Test site"}
    assert data["layout:blog"] == {"section": "blog"}
    assert data.page == data["page:blog/_slug"] and data.page["post"]["title"]
    assert data.user["isAuthenticated"] is False


def test_data_statuses_errors_and_redirects(route_client: RouteClient) -> None:
    missing = route_client.data("/blog/missing")
    assert missing.status == 404
    assert missing.errors is not None and missing.errors["page:blog/_slug"]["status"] == 404
    assert route_client.data("/members").redirect == "/login"


@pytest.mark.django_db
def test_login_signs_in_for_the_next_requests(route_client: RouteClient) -> None:
    user = get_user_model().objects.create_user("ann")
    route_client.login(user)
    data = route_client.data("/members")
    assert data["layout:members"] == {"member": "ann"}
    assert data.user["username"] == "ann"
    route_client.logout()
    assert route_client.data("/members").redirect == "/login"


def test_page_without_ssr_has_the_data_and_an_empty_root(
    route_client: RouteClient, no_ssr: None
) -> None:
    page = route_client.page("/blog/hello")
    assert isinstance(page, Page)
    assert page.status == 200 and page.title == "Test site"
    assert not page.rendered and page.markup == "" and page.text == ""
    assert page.routes["layout:blog"] == {"section": "blog"}
    assert page.data["url"] == "/blog/hello"


def test_page_with_a_renderer_has_its_markup(route_client: RouteClient, echo_ssr: None) -> None:
    page = route_client.page("/blog/hello")
    assert page.rendered
    assert page.markup == '<main data-leaf="page:blog/_slug">rendered 4 routes</main>'
    assert page.text == "rendered 4 routes"
    assert page.title == "Rendered page:blog/_slug"
    missing = route_client.page("/no/such/page")
    assert missing.status == 404 and missing.data["notFound"] is True


def test_submit_as_the_runtime_does(route_client: RouteClient) -> None:
    invalid = route_client.submit("/blog/new", {"title": ""})
    assert isinstance(invalid, Action)
    assert invalid.status == 400
    assert invalid.data == {"errors": {"title": ["This field is required."]}}
    saved = route_client.submit("/blog/new", {"title": "Hello"})
    assert saved.redirect == "/blog/hello" and saved.data is None
    taken = route_client.submit("/blog/new", {"title": "taken"})
    assert taken.http_status == 409
    assert taken.problem is not None and taken.problem["field"] == "title"


def test_submit_without_javascript_follows_the_303(route_client: RouteClient, no_ssr: None) -> None:
    page = route_client.submit("/blog/new", {"title": "Hello"}, js=False)
    assert page.redirects == [("/blog/hello", 303)]
    assert page.url == "/blog/hello" and page.status == 200
    assert page.data["matches"][-1] == "page:blog/_slug"


def test_submit_without_javascript_re_renders_the_page(
    route_client: RouteClient, echo_ssr: None
) -> None:
    page = route_client.submit("/blog/new", {"title": ""}, js=False)
    assert page.redirects == []
    assert page.status == 400
    assert page.data["action"] == {"errors": {"title": ["This field is required."]}}
    assert page.text == "rendered 3 routes"


def test_the_csrf_token_is_what_lets_submissions_through() -> None:
    # The same post without the token the fixture adds: Django refuses it.
    client = Client(enforce_csrf_checks=True)
    response = client.post("/blog/new", {"title": "Hello"}, headers={"X-DjangoKit-Data": "1"})
    assert response.status_code == 403
