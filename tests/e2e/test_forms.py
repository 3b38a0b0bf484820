"""The forms contract (docs/forms.md) in Chromium: the example's home page posts a ModelForm
that its handler returns when invalid; useField and <FieldErrors> show the answer, with and
without JavaScript, and a JSON client gets the same errors."""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.error
import urllib.request
from typing import Any

READY = "#djangokit-root[data-ready]"
REQUIRED = "This field is required."
ECHO = "A post should say more than its author's name."


def _post(page: Any) -> Any:
    """Click Post and wait for the navigation it causes (the native post's answer)."""
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Post").click()
    return navigation.value


def test_with_javascript_errors_show_values_stay_and_a_valid_post_revalidates(
    page: Any, site: Any
) -> None:
    before = len(site.get_json("/api/posts"))
    page.goto("/")
    page.locator(READY).wait_for(state="attached")
    page.evaluate("window.__noReload = true")
    author, body = page.get_by_placeholder("Your name"), page.get_by_placeholder("What's new?")

    body.fill("typed with JavaScript")
    page.get_by_role("button", name="Post").click()
    page.locator("#author-errors").get_by_text(REQUIRED).wait_for()
    assert author.get_attribute("aria-invalid") == "true"
    assert author.get_attribute("aria-describedby") == "author-errors"
    assert body.input_value() == "typed with JavaScript"
    assert body.get_attribute("aria-invalid") is None

    author.fill("Echo")
    body.fill("echo")
    page.get_by_role("button", name="Post").click()
    page.locator("#__all__-errors.errorlist.nonfield").get_by_text(ECHO).wait_for()
    assert page.locator("#author-errors").count() == 0
    assert author.get_attribute("aria-invalid") is None

    body.fill("a valid post, with JavaScript")
    page.get_by_role("button", name="Post").click()
    page.wait_for_url(re.compile(r"/posts/\d+$"))
    page.get_by_text("a valid post, with JavaScript").wait_for()
    assert page.locator(".count").inner_text() == f"{before + 1} posts"
    page.get_by_role("link", name="Back to all posts").click()
    page.locator("article.post").first.get_by_text("a valid post, with JavaScript").wait_for()
    assert page.evaluate("window.__noReload") is True, "a post reloaded the page"


def test_without_javascript_the_page_comes_back_with_400_messages_and_values(
    no_js_page: Any, site: Any
) -> None:
    page = no_js_page
    page.goto("/")
    author, body = page.get_by_placeholder("Your name"), page.get_by_placeholder("What's new?")

    body.fill("typed without JavaScript")
    assert _post(page).status == 400
    page.locator("#author-errors").get_by_text(REQUIRED).wait_for()
    assert author.get_attribute("aria-invalid") == "true"
    assert body.input_value() == "typed without JavaScript"

    author.fill("Echo")
    body.fill("echo")
    assert _post(page).status == 400
    page.locator("#__all__-errors").get_by_text(ECHO).wait_for()
    assert author.input_value() == "Echo" and body.input_value() == "echo"

    body.fill("a valid post, without JavaScript")
    statuses: list[int] = []
    page.on("response", lambda response: statuses.append(response.status))
    assert _post(page).status == 200
    assert statuses[:2] == [303, 200], statuses
    assert re.search(r"/posts/\d+$", page.url), page.url
    page.get_by_text("a valid post, without JavaScript").wait_for()


def test_a_json_client_gets_400_and_the_errors_in_get_json_data_shape(site: Any) -> None:
    cookies = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    browser.open(site.url + "/", timeout=10).close()  # sets the CSRF cookie
    token = next(cookie.value for cookie in cookies if cookie.name == "csrftoken")
    request = urllib.request.Request(
        site.url + "/",
        data=json.dumps({"author": "", "body": "from a script"}).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            "X-CSRFToken": token,
        },
    )
    try:
        browser.open(request, timeout=10).close()
        raise AssertionError("an invalid post was accepted")
    except urllib.error.HTTPError as error:
        status, body = error.code, json.loads(error.read())
        error.close()
    assert status == 400
    assert body == {
        "errors": {"author": [{"message": REQUIRED, "code": "required"}]},
        "values": {"author": "", "body": "from a script"},
    }


def _upload(page: Any, name: str, content: bytes, *, native: bool) -> Any:
    """Pick a file, title it and post the multipart form; the native post's response."""
    page.get_by_placeholder("Title").fill(f"title of {name}")
    page.get_by_label("File").set_input_files(
        {"name": name, "mimeType": "text/plain", "buffer": content}
    )
    if not native:
        page.get_by_role("button", name="Upload").click()
        return None
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Upload").click()
    return navigation.value


def _check_upload(page: Any, site: Any, native: bool) -> None:
    tag = "native" if native else "fetch"
    answer = _upload(page, f"{tag}.png", b"not a picture", native=native)
    assert answer is None or answer.status == 400
    page.locator("#file-errors").get_by_text("File extension").wait_for()
    assert page.get_by_placeholder("Title").input_value() == f"title of {tag}.png"
    assert page.get_by_label("File").get_attribute("aria-invalid") == "true"

    _upload(page, f"{tag}.txt", f"stored by {tag}".encode(), native=native)
    link = page.locator("#stored")
    link.wait_for()
    url = link.get_attribute("href")
    assert url is not None and url.startswith(f"/media/uploads/{tag}")
    with urllib.request.urlopen(site.url + url, timeout=10) as served:  # served by DEBUG
        assert served.read() == f"stored by {tag}".encode()


def test_an_upload_with_javascript(page: Any, site: Any) -> None:
    page.goto("/uploads")
    page.locator(READY).wait_for(state="attached")
    page.evaluate("window.__noReload = true")
    _check_upload(page, site, native=False)
    assert page.evaluate("window.__noReload") is True


def test_an_upload_without_javascript(no_js_page: Any, site: Any) -> None:
    no_js_page.goto("/uploads")
    _check_upload(no_js_page, site, native=True)
