"""`dk add model --pages` end to end (issue 12): in a fresh `dk new` project,
`dk add model Question question_text:str:200 pub_date:datetime --pages --migrate`, then
`dk build --production` and `dk serve`; every CRUD page works over plain HTTP without
JavaScript, and once in Chromium with it. A model with every field kind, and one named like
the handlers' own variables, pass `dk check` (tsc)."""

from __future__ import annotations

import html
import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

SECRET_KEY = "cli-tests-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
READY = "#djangokit-root[data-ready]"
REQUIRED = "This field is required."
EVERY_KIND = (
    "title:str:80?=Untitled",
    "body:text?",
    "votes:int=0",
    "score:float?",
    "price:decimal:8,2=0",
    "done:bool",
    "maybe:bool?",
    "due:date?=today",
    "published:datetime=now",
    "email:email?",
    "homepage:url?",
    "ref:uuid?",
    "extra:json",
    "author:fk:auth.User?",
)


@pytest.fixture(scope="module")
def crud(
    tmp_path_factory: pytest.TempPathFactory,
    new_dk_project: Callable[..., Path],
    run: Callable[..., str],
    start_dk: Callable[..., Any],
) -> Iterator[Any]:
    project = new_dk_project(tmp_path_factory.mktemp("crud"))
    added = run(
        "add",
        "model",
        "Question",
        "question_text:str:200",
        "pub_date:datetime",
        "--pages",
        "--migrate",
        cwd=project,
    )
    assert "Wrote src/mysite/routes/questions/_id/edit/+types.ts" in added, added
    run("add", "model", "Entry", *EVERY_KIND, "--pages", "--migrate", cwd=project)
    run("add", "model", "Request", "title:str", "--pages", "--migrate", cwd=project)  # request_obj
    checked = run("check", cwd=project)
    assert "types: no problems." in checked, checked
    run("build", "--production", cwd=project)
    server = start_dk(
        project, "serve", "--workers", "1", SECRET_KEY=SECRET_KEY, ALLOWED_HOSTS="127.0.0.1"
    )
    yield server
    server.stop()


class Client:
    """A browser without JavaScript: cookies, native form posts, redirects not followed."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def request(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        """GET, or POST *form* with the CSRF token: status, Location, HTML."""
        data = None
        if form is not None:
            token = next(c.value for c in self.cookies if c.name == "csrftoken")
            data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **form}).encode()
        try:
            with self.opener.open(self.url + path, data=data, timeout=15) as response:
                return response.status, "", response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def value_of(page: str, name: str) -> str | None:
    """The server-rendered value of the input named *name*."""
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    value = re.search(r'value="([^"]*)"', found.group(0)) if found else None
    return html.unescape(value.group(1)) if value else None


def test_every_crud_page_works_without_javascript(crud: Any) -> None:
    client = Client(crud.url)
    status, _, page = client.request("/questions")
    assert status == 200 and "No questions yet." in page

    status, _, page = client.request("/questions/new")
    assert status == 200 and 'name="csrfmiddlewaretoken"' in page
    # Invalid: 400, the page again with the messages and the typed value.
    status, _, page = client.request("/questions/new", {"question_text": "Why so", "pub_date": ""})
    assert status == 400
    assert f'<ul id="pub_date-errors" class="errorlist"><li>{REQUIRED}</li></ul>' in page
    assert value_of(page, "question_text") == "Why so"
    # Valid: saved, 303 to its page.
    form = {"question_text": "Why so quiet", "pub_date": "2026-12-01T10:30"}
    status, location, _ = client.request("/questions/new", form)
    assert status == 303 and re.fullmatch(r"/questions/\d+", location), (status, location)
    detail = location
    status, _, page = client.request("/questions")
    assert status == 200 and re.search(f'<a href="{detail}"[^>]*>Why so quiet</a>', page)
    status, _, page = client.request(detail)
    assert status == 200 and "Why so quiet" in page and "2026-12-01T10:30" in page

    # Edit: the stored values in the inputs; an invalid post keeps what was typed.
    status, _, page = client.request(detail + "/edit")
    assert status == 200
    assert value_of(page, "question_text") == "Why so quiet"
    assert value_of(page, "pub_date") == "2026-12-01T10:30"
    too_long = {"question_text": "x" * 201, "pub_date": "2026-12-01T10:30"}
    status, _, page = client.request(detail + "/edit", too_long)
    assert status == 400 and "at most 200 characters" in page
    assert value_of(page, "question_text") == "x" * 201
    edited = {"question_text": "Why so loud", "pub_date": "2026-12-02T08:00"}
    status, location, _ = client.request(detail + "/edit", edited)
    assert (status, location) == (303, detail)
    status, _, page = client.request(detail)
    assert "Why so loud" in page and "2026-12-02T08:00" in page

    # Delete: a confirm page, then a POST.
    status, _, page = client.request(detail + "/delete")
    assert status == 200 and "Delete" in page and "Why so loud" in page
    status, location, _ = client.request(detail + "/delete", {})
    assert (status, location) == (303, "/questions")
    assert client.request(detail)[0] == 404
    assert "Why so loud" not in client.request("/questions")[2]

    # Paginated by 20, newest first.
    for n in range(21):
        form = {"question_text": f"Question number {n}", "pub_date": "2026-12-03T09:00"}
        assert client.request("/questions/new", form)[0] == 303
    page = client.request("/questions")[2]
    assert "Question number 20" in page and "Question number 0<" not in page
    assert "Page <!-- -->1<!-- --> of <!-- -->2" in page or "Page 1 of 2" in page
    assert 'href="/questions?page=2"' in page
    page = client.request("/questions?page=2")[2]
    assert "Question number 0<" in page and "Question number 1<" not in page


def test_create_and_delete_with_javascript(crud: Any, browser: Any) -> None:
    page = browser.new_page(base_url=crud.url)
    try:
        page.goto("/questions/new")
        page.locator(READY).wait_for(state="attached")
        page.evaluate("window.__noReload = true")
        text = page.locator("#id_question_text")
        text.fill("Typed with JavaScript")
        page.get_by_role("button", name="Save").click()
        page.locator("#pub_date-errors").get_by_text(REQUIRED).wait_for()
        assert text.input_value() == "Typed with JavaScript"
        assert page.locator("#id_pub_date").get_attribute("aria-invalid") == "true"

        page.locator("#id_pub_date").fill("2026-12-02T09:15")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(r"/questions/\d+$"))
        page.get_by_role("heading", name="Typed with JavaScript").wait_for()

        page.get_by_role("link", name="Delete").click()
        page.get_by_role("heading", name="Delete Typed with JavaScript?").wait_for()
        page.get_by_role("button", name="Delete").click()
        page.wait_for_url(re.compile(r"/questions$"))
        page.get_by_role("heading", name="Questions").wait_for()
        assert page.get_by_text("Typed with JavaScript").count() == 0
        assert page.evaluate("window.__noReload") is True, "a post reloaded the page"
    finally:
        page.close()


def test_the_scaffold_home_page_returns_its_invalid_note_form(crud: Any) -> None:
    """`dk new`'s own form (docs/forms.md): an invalid NoteForm answers 400, shown by
    useField/<FieldErrors> without JavaScript; a JSON client gets get_json_data()'s shape."""
    client = Client(crud.url)
    client.request("/")
    status, _, page = client.request("/", {"text": "   "})
    assert status == 400
    assert f'<ul id="text-errors" class="errorlist"><li>{REQUIRED}</li></ul>' in page
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*name="text"', page), page
    status, _, page = client.request("/", {"text": "y" * 201})
    assert status == 400 and value_of(page, "text") == "y" * 201
    assert "at most 200 characters" in page
    token = next(c.value for c in client.cookies if c.name == "csrftoken")
    request = urllib.request.Request(
        crud.url + "/",
        data=b'{"text": ""}',
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    request.add_header("X-CSRFToken", token)
    try:
        client.opener.open(request, timeout=15)
        raise AssertionError("expected 400")
    except urllib.error.HTTPError as error:
        assert error.code == 400
        assert json.loads(error.read()) == {
            "errors": {"text": [{"message": REQUIRED, "code": "required"}]},
            "values": {"text": ""},
        }
    assert client.request("/", {"text": "a note"})[:2] == (303, "/")
