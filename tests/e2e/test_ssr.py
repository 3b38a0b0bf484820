"""The example, server-rendered by org-djangokit-ssr (auto: installed, Node on PATH, built),
hydrates in Chromium in place, without a console error or warning (a hydration mismatch is
one)."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from typing import Any

import pytest

pytest.importorskip("djangokit.ssr")

ROOT = re.compile(r'<div id="djangokit-root">(.*?)</div>\s*<script type="application/json"', re.S)

# Before the page's module scripts run, remember the server-rendered element: hydration keeps
# it, a client render would replace it.
REMEMBER_SERVER_MARKUP = """
document.addEventListener("readystatechange", () => {
  if (document.readyState === "interactive") {
    window.__serverRendered = document.getElementById("djangokit-root")?.firstElementChild;
  }
});
"""

# The app answers input once the root element is marked ready (hydrated or rendered).
READY = "#djangokit-root[data-ready]"


def _document(site: Any, path: str) -> str:
    with urllib.request.urlopen(site.url + path, timeout=10) as response:
        return str(response.read().decode())


@pytest.mark.parametrize("path", ["/", "/no/such/page"])
def test_documents_carry_server_markup(site: Any, path: str) -> None:
    try:
        html = _document(site, path)
    except urllib.error.HTTPError as error:  # the 404 page
        html = error.read().decode()
    match = ROOT.search(html)
    assert match is not None and match.group(1).strip(), html


def test_the_server_markup_hydrates_in_place(page: Any) -> None:
    page.add_init_script(REMEMBER_SERVER_MARKUP)
    page.goto("/")
    page.locator(READY).wait_for(state="attached")
    page.get_by_role("heading", name="Latest posts").wait_for()
    # The app runs: typing updates the counter (state), so hydration has happened.
    page.get_by_placeholder("What's new?").fill("hello")
    page.get_by_text("275 characters left").wait_for()
    kept = page.evaluate(
        "() => window.__serverRendered !== undefined && window.__serverRendered !== null"
        " && document.getElementById('djangokit-root').firstElementChild"
        " === window.__serverRendered"
    )
    assert kept, "the server-rendered element was replaced, not hydrated"


def test_a_post_page_hydrates_in_place(page: Any, site: Any) -> None:
    posts = site.get_json("/api/posts")
    if not posts:
        pytest.skip("no post to open")
    page.add_init_script(REMEMBER_SERVER_MARKUP)
    page.goto(f"/posts/{posts[0]['id']}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate(
        "() => !!window.__serverRendered"
        " && document.getElementById('djangokit-root').firstElementChild"
        " === window.__serverRendered"
    )


def test_the_form_works_without_javascript(no_js_page: Any, site: Any) -> None:
    page = no_js_page
    page.goto("/")
    # A native post without the author: the handler's 400 re-renders the page with its errors.
    page.get_by_placeholder("What's new?").fill("typed without JS")
    with page.expect_navigation():
        page.get_by_role("button", name="Post").click()
    page.get_by_text("This field is required.").wait_for()
    assert page.get_by_placeholder("What's new?").input_value() == "typed without JS"

    # A complete post: the handler's redirect answers with 303 to the new post's page.
    page.get_by_placeholder("Your name").fill("nojs")
    page.get_by_placeholder("What's new?").fill("posted by a plain HTML form")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Post").click()
    assert navigation.value.status == 200
    assert re.search(r"/posts/\d+$", page.url), page.url
    page.get_by_text("posted by a plain HTML form").wait_for()
    assert page.title() == "nojs on Microblog"
    posts = site.get_json("/api/posts")
    assert any(p["body"] == "posted by a plain HTML form" for p in posts)


def test_a_native_post_without_the_csrf_token_is_refused(site: Any) -> None:
    body = b"author=eve&body=forged"
    request = urllib.request.Request(site.url + "/", data=body, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    refused.value.close()
    assert refused.value.code == 403
    assert not any(p["body"] == "forged" for p in site.get_json("/api/posts"))
