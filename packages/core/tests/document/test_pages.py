"""A page request end to end (design A4): data, statuses, redirects, forms, 404s, caching."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from djangokit.core.decorators import CacheOptions
from djangokit.core.views import default_cache_options
from djangokit.settings import CacheSettings

from .conftest import DATA, JSON, embedded_data, set_djangokit


def test_nested_layouts_load_root_to_leaf(client: Client) -> None:
    data = embedded_data(client.get("/blog/hello").content)
    assert data["matches"] == ["layout:root", "layout:blog", "layout:blog/_slug", "page:blog/_slug"]
    assert list(data["routes"]) == data["matches"]  # every one of them has server data
    assert data["routes"]["layout:blog/_slug"] == {"slug": "hello"}
    assert data["params"] == {"slug": "hello"} and data["status"] == 200


def test_a_raised_http404_is_a_404_document_with_the_error(client: Client) -> None:
    response = client.get("/blog/missing")
    assert response.status_code == 404
    data = embedded_data(response.content)
    assert data["errors"] == {
        "page:blog/_slug": {"type": "about:blank", "title": "Not Found", "status": 404}
    }
    assert data["status"] == 404 and "notFound" not in data


def test_a_layouts_http404_is_a_404_document_and_route_data(client: Client) -> None:
    # The runtime shows any 404 in `errors` as not-found.tsx inside the root layout.
    problem = {"type": "about:blank", "title": "Not Found", "status": 404}
    response = client.get("/blog/hidden")
    assert response.status_code == 404
    data = embedded_data(response.content)
    assert data["errors"] == {"layout:blog/_slug": problem}
    assert list(data["routes"]) == ["layout:root", "layout:blog"]  # loading stopped there
    navigation = client.get("/blog/hidden", headers={"X-DjangoKit-Data": "1"})
    assert navigation.status_code == 200  # the request itself worked
    assert navigation.json()["errors"] == {"layout:blog/_slug": problem}
    assert navigation.json()["status"] == 404


def test_a_status_returned_with_data(client: Client) -> None:
    response = client.get("/gone")
    assert response.status_code == 410
    data = embedded_data(response.content)
    assert data["routes"]["page:gone"] == {"reason": "This page was removed."}
    assert data["errors"] is None and data["status"] == 410


def test_a_layout_redirect_is_a_real_redirect_for_documents(client: Client) -> None:
    response = client.get("/members")
    assert response.status_code == 302 and response["Location"] == "/login"
    assert client.get("/members", headers=DATA).json() == {"redirect": "/login"}


@pytest.mark.django_db
def test_a_signed_in_member_gets_the_page(client: Client) -> None:
    client.force_login(User.objects.create_user("ada"))
    data = embedded_data(client.get("/members").content)
    assert data["routes"]["layout:members"] == {"member": "ada"}
    assert data["user"]["username"] == "ada"


# Forms without JavaScript (A4 step 4) -------------------------------------------------------


def csrf_client() -> tuple[Client, str]:
    """A browser with Django's CSRF check on, after it loaded the form page."""
    browser = Client(enforce_csrf_checks=True)
    token = embedded_data(browser.get("/blog/new").content)["csrfToken"]
    return browser, token


def test_native_form_post_with_the_token_redirects_with_303() -> None:
    browser, token = csrf_client()
    response = browser.post("/blog/new", {"title": "Hi", "csrfmiddlewaretoken": token})
    assert response.status_code == 303 and response["Location"] == "/blog/hello"


def test_native_form_post_without_the_token_is_refused() -> None:
    browser, _token = csrf_client()
    assert browser.post("/blog/new", {"title": "Hi"}).status_code == 403


def test_native_form_validation_errors_rerender_the_page() -> None:
    browser, token = csrf_client()
    response = browser.post("/blog/new", {"title": "", "csrfmiddlewaretoken": token})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    data = embedded_data(response.content)
    assert data["action"] == {"errors": {"title": ["This field is required."]}}
    assert data["routes"]["page:blog/new"] == {"form": "new"}
    assert data["status"] == 400 and data["errors"] is None


def test_native_form_problem_rerenders_with_the_error() -> None:
    browser, token = csrf_client()
    response = browser.post("/blog/new", {"title": "taken", "csrfmiddlewaretoken": token})
    assert response.status_code == 409
    data = embedded_data(response.content)
    assert data["errors"]["page:blog/new"]["field"] == "title"
    assert "action" not in data


def test_native_form_without_content_shows_the_page_again() -> None:
    browser, token = csrf_client()
    response = browser.post("/blog/new", {"title": "draft", "csrfmiddlewaretoken": token})
    assert response.status_code == 200  # not 204: the browser would stay on the old page
    assert embedded_data(response.content)["action"] is None


def test_data_request_mutations_with_and_without_the_token() -> None:
    browser, token = csrf_client()
    post = {"content_type": "application/json", "headers": {**DATA, "X-CSRFToken": token}}
    assert browser.post("/blog/new", {"title": "Hi"}, **post).json() == {"redirect": "/blog/hello"}
    answer = browser.post("/blog/new", {"title": ""}, **post)
    assert answer.status_code == 200
    assert answer.json() == {
        "action": {"errors": {"title": ["This field is required."]}},
        "status": 400,
    }
    refused = browser.post(
        "/blog/new", {"title": "Hi"}, content_type="application/json", headers=DATA
    )
    assert refused.status_code == 403


def test_data_request_mutation_problem_is_the_problem_itself() -> None:
    browser, token = csrf_client()
    response = browser.post(
        "/blog/new",
        {"title": "taken"},
        content_type="application/json",
        headers={**DATA, "X-CSRFToken": token},
    )
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "That title is taken."


# URLs no route matches ------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/no/such/page", "/blog/hello/extra", "/blog/"])
def test_unmatched_urls_get_the_not_found_document(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    data = embedded_data(response.content)
    assert data["notFound"] is True and data["status"] == 404 and data["errors"] is None
    assert data["matches"] == ["layout:root"]
    assert data["routes"] == {"layout:root": {"site": "Test site"}}  # the site chrome's data


@pytest.mark.parametrize("headers", [JSON, DATA])
def test_unmatched_urls_are_a_404_problem_for_json_and_data(client: Client, headers: Any) -> None:
    response = client.get("/no/such/page", headers=headers)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Not Found"


def test_unmatched_head_and_post() -> None:
    browser = Client(enforce_csrf_checks=True)
    head = browser.head("/no/such/page")
    assert head.status_code == 404 and head.content == b""
    assert browser.post("/no/such/page", {}).status_code == 404  # not a CSRF 403


def test_append_slash_still_reaches_slashed_urls(client: Client) -> None:
    response = client.get("/admin")
    assert response.status_code == 301 and response["Location"] == "/admin/"


def test_an_api_only_site_keeps_djangos_404(
    client: Client, make_routes: Any, serve_tree: Any
) -> None:
    serve_tree(make_routes({"notes/handlers.py": "def get(request):\n    return []\n"}))
    response = client.get("/nothing-here")
    assert response.status_code == 404
    assert b"djangokit-data" not in response.content
    assert client.get("/nothing-here", headers=JSON)["Content-Type"] == "application/problem+json"


# Caching -------------------------------------------------------------------------------------


def test_cache_applies_to_json_publicly(client: Client) -> None:
    response = client.get("/cached", headers=JSON)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert "Set-Cookie" not in str(response.cookies)


@pytest.mark.parametrize("headers", [{}, DATA])
def test_documents_and_route_data_are_cached_privately(client: Client, headers: Any) -> None:
    # They carry a CSRF token, from which the visitor's CSRF secret can be read back.
    response = client.get("/cached", headers=headers)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=60"
    assert "Cookie" in response["Vary"]


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, DATA, JSON])
def test_a_signed_in_users_answer_is_never_cached_publicly(client: Client, headers: Any) -> None:
    client.force_login(User.objects.create_user("ada"))
    response = client.get("/cached", headers=headers)
    assert response["Cache-Control"] == "private, max-age=60"
    assert "Cookie" in response["Vary"]


PERSONAL = {
    "me/handlers.py": """
        from djangokit.core.decorators import cache

        @cache(60)
        def get(request):
            return {"email": getattr(request.user, "email", None)}
    """,
    "cookie/handlers.py": """
        from django.http import JsonResponse
        from djangokit.core.decorators import cache

        @cache(60)
        def get(request):
            response = JsonResponse({"hello": "world"})
            response.set_cookie("seen", "1")
            return response
    """,
    "vary/handlers.py": """
        from django.http import JsonResponse
        from djangokit.core.decorators import cache

        @cache(60)
        def get(request):
            return JsonResponse({"theme": request.COOKIES.get("theme")}, headers={"Vary": "Cookie"})
    """,
    "public/handlers.py": """
        from djangokit.core.decorators import cache

        @cache(60)
        def get(request):
            return {"hello": "world"}
    """,
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "headers"),
    [
        ("/me", {}),  # reads request.user: the session
        ("/public", {"Cookie": "sessionid=whatever"}),  # a request with a session
        ("/public", {"Authorization": "Bearer abc"}),
        ("/cookie", {}),  # sets a cookie
        ("/vary", {}),  # varies on Cookie
    ],
)
def test_a_cached_json_answer_that_may_be_personal_is_private(
    client: Client, make_routes: Any, serve_tree: Any, url: str, headers: dict[str, str]
) -> None:
    serve_tree(make_routes(PERSONAL))
    response = client.get(url, headers={**JSON, **headers})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=60"
    assert client.get("/public", headers=JSON)["Cache-Control"] == "public, max-age=60"


def test_no_cache_headers_on_errors_or_without_cache(client: Client) -> None:
    assert not client.get("/blog/missing").has_header("Cache-Control")
    assert not client.get("/blog").has_header("Cache-Control")


# [djangokit.cache]: the default for routes without @cache --------------------------------


def use_cache(settings: Any, **options: Any) -> None:
    set_djangokit(settings, cache=CacheSettings(**options))


@pytest.mark.parametrize("url", ["/blog", "/docs/intro", "/about-us"])
@pytest.mark.parametrize("headers", [{}, DATA, JSON])
def test_the_default_cache_is_private(
    client: Client, settings: Any, url: str, headers: Any
) -> None:
    use_cache(settings, seconds=30)  # private = true by default
    response = client.get(url, headers=headers)
    if response.status_code == 406:  # /docs/intro has no handlers: no JSON
        return
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=30"
    assert "Cookie" in response["Vary"]


def test_a_public_default_for_anonymous_json(client: Client, settings: Any) -> None:
    use_cache(settings, seconds=30, private=False)
    assert client.get("/about-us", headers=JSON)["Cache-Control"] == "public, max-age=30"


@pytest.mark.parametrize("headers", [{}, DATA])
def test_a_public_default_keeps_documents_private(
    client: Client, settings: Any, headers: Any
) -> None:
    use_cache(settings, seconds=30, private=False)
    assert client.get("/blog", headers=headers)["Cache-Control"] == "private, max-age=30"


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "headers"), [("/blog", {}), ("/blog", DATA), ("/about-us", JSON)])
def test_a_public_default_is_private_for_a_signed_in_user(
    client: Client, settings: Any, url: str, headers: Any
) -> None:
    use_cache(settings, seconds=30, private=False)
    client.force_login(User.objects.create_user("ada"))
    response = client.get(url, headers=headers)
    assert response["Cache-Control"] == "private, max-age=30"
    assert "Cookie" in response["Vary"]


def test_cache_on_the_handler_wins_over_the_default(client: Client, settings: Any) -> None:
    use_cache(settings, seconds=30)
    assert client.get("/cached", headers=JSON)["Cache-Control"] == "public, max-age=60"
    assert client.get("/cached")["Cache-Control"] == "private, max-age=60"


def test_the_default_leaves_mutations_and_errors_alone(client: Client, settings: Any) -> None:
    use_cache(settings, seconds=30)
    assert not client.get("/blog/missing-post").has_header("Cache-Control")  # 404
    assert not client.post("/blog/new", {"title": "Hi"}).has_header("Cache-Control")
    response = client.post("/blog/new", {"title": ""})  # 400, re-rendered
    assert not response.has_header("Cache-Control")


def test_zero_seconds_is_no_default(client: Client, settings: Any) -> None:
    use_cache(settings, seconds=0, private=False)
    assert not client.get("/blog").has_header("Cache-Control")


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (None, None),
        ({}, None),
        ({"seconds": 0}, None),
        ({"seconds": 5}, CacheOptions(5, True)),
        ({"seconds": 5, "private": False}, CacheOptions(5, False)),
        (CacheSettings(seconds=7), CacheOptions(7, True)),
    ],
)
def test_default_cache_options_from_a_model_or_a_dict(
    settings: Any, config: Any, expected: Any
) -> None:
    settings.DJANGOKIT = {"package": "testsite", "cache": config}
    assert default_cache_options() == expected
