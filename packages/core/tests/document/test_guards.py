"""`@login_required` / `@permission_required` on a page, answered in each client's terms:
a document is redirected to the login page with `?next=`, route data (a navigation, a
prefetch, a `<Form>`) carries a 401 problem whose `loginUrl` the runtime navigates to, and
a JSON client gets the problem, never an HTML redirect (docs/auth.md)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from .conftest import DATA, JSON

LOGIN = "/accounts/login?next=/account"
NAVIGATION = {**DATA, **JSON}  # what the runtime sends


@pytest.fixture(autouse=True)
def _login_url(settings: Any) -> None:
    settings.LOGIN_URL = "/accounts/login"  # what a project with routes/accounts/login gets


def test_a_document_is_redirected_to_login_with_next(client: Client) -> None:
    response = client.get("/account")
    assert (response.status_code, response["Location"]) == (302, LOGIN)


def test_route_data_carries_the_401_with_login_url(client: Client) -> None:
    response = client.get("/account", headers=NAVIGATION)
    assert response["Content-Type"] == "application/json"
    data = response.json()
    problem = data["errors"]["page:account"]
    assert (problem["status"], problem["loginUrl"]) == (401, LOGIN)
    assert data["status"] == 401 and "page:account" not in data["routes"]


def test_a_json_client_gets_a_401_problem_never_a_redirect(client: Client) -> None:
    for url in ("/account", "/account.json"):
        response = client.get(url, headers=JSON)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["loginUrl"] == f"/accounts/login?next={url}"


def test_a_guarded_form_post(client: Client) -> None:
    document = client.post("/account", {"x": "1"})
    assert (document.status_code, document["Location"]) == (303, LOGIN)  # see other: GET it
    submission = client.post("/account", {"x": "1"}, headers=NAVIGATION)
    assert submission.status_code == 401
    assert submission.json()["loginUrl"] == LOGIN


@pytest.mark.django_db
def test_a_signed_in_user_gets_the_page(client: Client) -> None:
    client.force_login(User.objects.create_user("ada"))
    data = client.get("/account", headers=NAVIGATION).json()
    assert data["routes"]["page:account"] == {"name": "ada"} and data["errors"] is None


@pytest.mark.django_db
def test_a_missing_permission_is_a_403_everywhere(client: Client) -> None:
    client.force_login(User.objects.create_user("ada"))
    assert client.get("/account/staff").status_code == 403
    problem = client.get("/account/staff", headers=NAVIGATION).json()["errors"][
        "page:account/staff"
    ]
    assert problem["status"] == 403 and "loginUrl" not in problem
    api = client.get("/account/staff", headers=JSON)
    assert api.status_code == 403 and "loginUrl" not in api.json()


def test_permission_required_sends_anonymous_visitors_to_login(client: Client) -> None:
    response = client.get("/account/staff")
    assert response["Location"] == "/accounts/login?next=/account/staff"
    data = client.get("/account/staff", headers=NAVIGATION).json()
    assert data["errors"]["page:account/staff"]["loginUrl"] == "/accounts/login?next=/account/staff"
