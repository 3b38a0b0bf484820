"""Start-up errors: what routes/ may not hold, and that each message names the path."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from djangokit.core import RouteError, discover_routes

from .conftest import Discover

PAGE = "export default function Page() { return null; }\n"
GET = "def get(request):\n    return {}\n"


def error(make_routes: Discover, files: dict[str, str]) -> str:
    with pytest.raises(RouteError) as info:
        make_routes(files)
    message = str(info.value)
    assert "\n" not in message  # one paragraph
    return message


def test_route_error_is_improperly_configured() -> None:
    assert issubclass(RouteError, ImproperlyConfigured)


def test_missing_routes_directory(tmp_path: Path) -> None:
    with pytest.raises(RouteError, match="no routes directory"):
        discover_routes(tmp_path / "routes", "nowhere")


@pytest.mark.parametrize("stem", ["page", "layout", "error", "not-found"])
def test_tsx_and_jsx_side_by_side(make_routes: Discover, stem: str) -> None:
    message = error(make_routes, {f"{stem}.tsx": PAGE, f"{stem}.jsx": PAGE})
    assert f"routes/{stem}.jsx" in message and f"routes/{stem}.tsx" in message


@pytest.mark.parametrize("name", ["not-found.tsx", "document.html"])
def test_root_only_files_below_the_root(make_routes: Discover, name: str) -> None:
    message = error(make_routes, {f"blog/{name}": PAGE})
    assert f"routes/blog/{name}" in message and "only read in the routes directory" in message


@pytest.mark.parametrize(
    ("first", "second", "url"),
    [
        # Same converter, different names: the same URLs.
        ("blog/_id/page.tsx", "blog/_pk/handlers.py", "/blog/<int:pk>"),
        ("blog/_a/page.tsx", "blog/_b/page.tsx", "/blog/<str:b>"),
        ("docs/__rest/page.tsx", "docs/catchall/page.tsx", "/docs/<path:path>"),
    ],
)
def test_two_routes_with_one_url(make_routes: Discover, first: str, second: str, url: str) -> None:
    files = {first: PAGE, second: PAGE}
    if second.endswith(".py"):
        files[second] = "def get(request, pk: int):\n    return {}\n"
    message = error(make_routes, files)
    assert f"same URL {url}" in message
    assert first in message and second in message


def test_extra_endpoint_colliding_with_a_directory(make_routes: Discover) -> None:
    message = error(
        make_routes,
        {
            "blog/handlers.py": """\
                from djangokit.core import handler

                @handler("get", path="feed")
                def feed(request):
                    return []
                """,
            "blog/feed/page.tsx": PAGE,
        },
    )
    assert "blog/feed/page.tsx" in message
    assert "blog/handlers.py (@handler path='feed')" in message


def test_json_variant_colliding_with_a_directory(make_routes: Discover) -> None:
    message = error(make_routes, {"feed/handlers.py": GET, "feed.json/page.tsx": PAGE})
    assert "feed/handlers.py (its .json variant)" in message
    assert "feed.json/page.tsx" in message


@pytest.mark.parametrize(
    ("directory", "problem"),
    [
        ("_", "no parameter name"),
        ("__", "no parameter name"),
        ("_1abc", "'1abc' is not a valid Python parameter name"),
        ("_a-b", "'a-b' is not a valid Python parameter name"),
        ("_class", "'class' is not a valid Python parameter name"),
        ("___x", "would start with an underscore"),
        ("_request", "'request' is the name of every handler's first parameter"),
        ("_id/_id", "a directory above it already names a parameter 'id'"),
        ("a<b", "'<' or '>'"),
    ],
)
def test_bad_directory_names(make_routes: Discover, directory: str, problem: str) -> None:
    message = error(make_routes, {f"{directory}/page.tsx": PAGE})
    assert f"routes/{directory}" in message
    assert problem in message


def test_a_top_level_root_directory(make_routes: Discover) -> None:
    message = error(make_routes, {"root/page.tsx": PAGE})
    assert "routes/root" in message and "route id 'root'" in message


def test_methods_disagreeing_on_a_type(make_routes: Discover) -> None:
    message = error(
        make_routes,
        {
            "notes/_key/handlers.py": """\
                def get(request, key: int):
                    return {}

                def post(request, key: str):
                    return {}
                """
        },
    )
    assert "get() in" in message and "post() in" in message
    assert "notes/_key/handlers.py" in message
    assert "as int" in message and "as str" in message


def test_functions_below_a_segment_must_agree_too(make_routes: Discover) -> None:
    message = error(
        make_routes,
        {
            "blog/_slug/layout.py": "def load(request, slug: str):\n    return {}\n",
            "blog/_slug/comments/handlers.py": (
                "from djangokit.core import Slug\n\ndef get(request, slug: Slug):\n    return []\n"
            ),
        },
    )
    assert "blog/_slug/layout.py" in message and "blog/_slug/comments/handlers.py" in message


@pytest.mark.parametrize(
    ("annotation", "shown"), [("float", "float"), ("int | None", "int | None")]
)
def test_unsupported_annotation(make_routes: Discover, annotation: str, shown: str) -> None:
    source = f"def get(request, n: {annotation}):\n    return {{}}\n"
    message = error(make_routes, {"_n/handlers.py": source})
    assert f"as {shown}" in message and "Use int, str, uuid.UUID or djangokit.core.Slug" in message


def test_catch_all_annotated_as_int(make_routes: Discover) -> None:
    message = error(make_routes, {"__rest/handlers.py": "def get(request, rest: int):\n    pass\n"})
    assert "catch-all" in message and "routes/__rest/handlers.py" in message


def test_handler_missing_a_url_parameter(make_routes: Discover) -> None:
    message = error(make_routes, {"blog/_slug/handlers.py": "def get(request, sulg):\n    pass\n"})
    assert "does not accept the URL parameter(s) slug" in message


def test_handler_requiring_an_unknown_argument(make_routes: Discover) -> None:
    source = "def get(request, slug, page):\n    pass\n"
    message = error(make_routes, {"blog/_slug/handlers.py": source})
    assert "requires the argument(s) page" in message and "URL parameters here: slug" in message


def test_handler_without_request(make_routes: Discover) -> None:
    message = error(make_routes, {"handlers.py": "def get(*, slug=None):\n    pass\n"})
    assert "must take the request as its first argument" in message


def test_layout_py_without_load(make_routes: Discover) -> None:
    message = error(make_routes, {"layout.py": "def loader(request):\n    return {}\n"})
    assert "routes/layout.py defines no load(request, **params)" in message


def test_handlers_py_without_handlers(make_routes: Discover) -> None:
    message = error(make_routes, {"handlers.py": "def helper():\n    pass\n"})
    assert "routes/handlers.py defines no handlers" in message


def test_bad_endpoint_path(make_routes: Discover) -> None:
    source = (
        "from djangokit.core import handler\n\n"
        '@handler("get", path="<int:n>")\ndef item(request, n):\n    pass\n'
    )
    message = error(make_routes, {"handlers.py": source})
    assert "path='<int:n>'" in message


def test_python_below_a_dotted_directory(make_routes: Discover) -> None:
    message = error(make_routes, {"v1.0/handlers.py": GET})
    assert "routes/v1.0/handlers.py cannot be imported" in message


def test_directory_shadowed_by_a_module(make_routes: Discover) -> None:
    message = error(make_routes, {"handlers.py": GET, "handlers/handlers.py": GET})
    assert "routes/handlers" in message and "same name as the module" in message


def test_import_errors_propagate_with_the_file_named(make_routes: Discover) -> None:
    with pytest.raises(ZeroDivisionError) as info:
        make_routes({"blog/handlers.py": "1 / 0\n"})
    assert any("blog/handlers.py" in note for note in info.value.__notes__)
