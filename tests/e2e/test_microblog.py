"""What a visitor of the example microblog sees, in a real Chromium."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlparse

import pytest

# The app answers input once the root element is marked ready (hydrated or rendered).
READY = "#djangokit-root[data-ready]"


def test_home_renders_without_console_errors(page: Any) -> None:
    response = page.goto("/")
    page.locator(READY).wait_for(state="attached")
    assert response.status == 200
    page.get_by_role("heading", name="Latest posts").wait_for()
    assert page.title() == "Microblog"


def test_state_changes_after_the_app_starts(page: Any) -> None:
    page.goto("/")
    page.locator(READY).wait_for(state="attached")
    page.get_by_text("280 characters left").wait_for()
    page.get_by_placeholder("What's new?").fill("hello")
    page.get_by_text("275 characters left").wait_for()


def test_validation_errors_come_back_through_use_action_data(page: Any) -> None:
    page.goto("/")
    page.locator(READY).wait_for(state="attached")
    page.get_by_placeholder("What's new?").fill("nobody wrote this")
    page.get_by_role("button", name="Post").click()
    page.get_by_text("This field is required.").wait_for()
    assert urlparse(page.url).path == "/"
    # The typed text survives: the handler sent the values back with the errors.
    assert page.get_by_placeholder("What's new?").input_value() == "nobody wrote this"


def test_posting_navigates_on_the_client_and_revalidates(page: Any, site: Any) -> None:
    before = len(site.get_json("/api/posts"))
    page.goto("/")
    page.locator(READY).wait_for(state="attached")
    page.evaluate("window.__noReload = true")
    data_requests: list[str] = []
    page.on(
        "request",
        lambda r: data_requests.append(r.url) if r.headers.get("x-djangokit-data") else None,
    )
    page.get_by_placeholder("Your name").fill("ann")
    page.get_by_placeholder("What's new?").fill("Hello </script><b>world</b>")
    page.get_by_role("button", name="Post").click()

    page.wait_for_url(re.compile(r"/posts/\d+$"))
    page.get_by_text("Hello </script><b>world</b>").wait_for()
    assert page.title() == "ann on Microblog"
    assert page.evaluate("window.__noReload") is True, "the form post reloaded the page"
    assert data_requests, "no route data was fetched as JSON"
    assert page.locator(".count").inner_text() == f"{before + 1} posts"

    page.get_by_role("link", name="Back to all posts").click()
    page.get_by_role("heading", name="Latest posts").wait_for()
    assert page.title() == "Microblog"
    assert page.evaluate("window.__noReload") is True
    page.locator("article.post").first.get_by_text("Hello </script><b>world</b>").wait_for()


def test_dynamic_segment_loads_directly(page: Any, site: Any) -> None:
    posts = site.get_json("/api/posts")
    if not posts:
        page.goto("/")
        page.locator(READY).wait_for(state="attached")
        page.get_by_placeholder("Your name").fill("bob")
        page.get_by_placeholder("What's new?").fill("first")
        page.get_by_role("button", name="Post").click()
        page.wait_for_url(re.compile(r"/posts/\d+$"))
        posts = site.get_json("/api/posts")
    post = posts[0]
    response = page.goto(f"/posts/{post['id']}")
    assert response.status == 200
    page.get_by_text(post["body"]).wait_for()
    assert page.title() == f"{post['author']} on Microblog"


def test_not_found_page(page: Any, console: Any) -> None:
    console.allow("404")  # Chromium logs the document's 404 status
    response = page.goto("/no/such/page")
    assert response.status == 404
    page.get_by_role("heading", name="Not found").wait_for()


def test_error_boundary_shows_the_problem(page: Any, console: Any) -> None:
    console.allow("403")
    response = page.goto("/boom")
    assert response.status == 403
    page.get_by_role("heading", name="Forbidden").wait_for()
    assert page.get_by_text("unreachable").count() == 0


def test_a_handlers_http404_shows_the_not_found_page_in_the_layout(
    page: Any, console: Any, site: Any
) -> None:
    # posts/_id's get calls get_object_or_404: not-found.tsx inside the root layout (its
    # header), not the root's error.tsx in place of the layout.
    console.allow("404")  # Chromium logs the document's 404 status
    response = page.goto("/posts/999999")
    assert response.status == 404
    page.locator(READY).wait_for(state="attached")
    page.get_by_text("There is nothing here.").wait_for()
    assert page.locator("header .count").count() == 1
    assert page.get_by_role("heading", name="Not Found", exact=True).count() == 0  # error.tsx

    # The same after a client-side navigation, which asks for route data.
    page.goto("/")
    page.locator(READY).wait_for(state="attached")
    page.evaluate("window.__noReload = true")
    with page.expect_response(lambda r: r.url.endswith("/posts/999998")) as answer:
        page.evaluate(
            "history.pushState(null, '', '/posts/999998');"
            "dispatchEvent(new PopStateEvent('popstate'))"
        )
    assert answer.value.request.headers.get("x-djangokit-data") == "1"
    page.get_by_text("There is nothing here.").wait_for()
    assert page.evaluate("window.__noReload") is True
    assert page.locator("header .count").count() == 1

    # An API client gets a 404 problem.
    request = urllib.request.Request(
        site.url + "/posts/999999", headers={"Accept": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError) as failed:
        urllib.request.urlopen(request, timeout=10)
    with failed.value:
        assert failed.value.code == 404
        assert failed.value.headers["Content-Type"] == "application/problem+json"
