"""Discovery rules in throwaway projects: annotations, namespace packages, what is skipped."""

from __future__ import annotations

import uuid
from typing import Annotated

import pytest

from djangokit.core import Slug
from djangokit.core._converters import NO_ANNOTATION, annotation_of, converter_for
from djangokit.core._patterns import url_entries

from .conftest import Discover

PAGE = "export default function Page() { return null; }\n"


@pytest.mark.parametrize(
    ("annotation", "converter"),
    [
        (int, "int"),
        (str, "str"),
        (uuid.UUID, "uuid"),
        (Slug, "slug"),
        (Annotated[int, "positive"], "int"),
        (Annotated[str, "other"], "str"),  # only the "slug" marker makes a slug
        ("slug", "slug"),
        ("uuid.UUID", "uuid"),
        ("'int'", "int"),
        (NO_ANNOTATION, None),
    ],
)
def test_converter_for(annotation: object, converter: str | None) -> None:
    assert converter_for(annotation) == converter


@pytest.mark.parametrize("annotation", [float, "Decimal", list[int], int | None])
def test_converter_for_refuses(annotation: object) -> None:
    with pytest.raises(ValueError):
        converter_for(annotation)


def test_annotation_of_a_missing_parameter() -> None:
    def get(request: object) -> None: ...

    assert annotation_of(get, "slug") is NO_ANNOTATION


@pytest.mark.parametrize(
    "source",
    [
        # The bare string "slug" (ruff would call it an undefined name, so this is rare).
        'def get(request, key: "slug"):  # noqa: F821\n    pass\n',
        # A name only imported for type checkers cannot be evaluated: its text is read.
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from djangokit.core import Slug\n\n"
        "def get(request, key: Slug):\n    pass\n",
    ],
)
def test_slug_annotations_as_text(make_routes: Discover, source: str) -> None:
    tree = make_routes({"_key/handlers.py": source})
    assert tree.find("_key").url_pattern == "<slug:key>"


def test_decorated_handlers_keep_their_annotations(make_routes: Discover) -> None:
    source = (
        "from djangokit.core.decorators import login_required\n\n"
        "@login_required\ndef get(request, n: int):\n    pass\n"
    )
    assert make_routes({"_n/handlers.py": source}).find("_n").url_pattern == "<int:n>"


def test_init_files_are_optional_but_allowed(make_routes: Discover) -> None:
    tree = make_routes(
        {
            "__init__.py": "",
            "blog/__init__.py": "",
            "blog/handlers.py": "from . import shared\n\ndef get(request):\n    return shared.X\n",
            "blog/shared.py": "X = {}\n",
            "docs/handlers.py": "def get(request):\n    pass\n",
        }
    )
    assert tree.find("blog").handlers_module == f"{tree.package}.routes.blog.handlers"
    assert tree.find("docs").methods == ("GET",)


def test_an_empty_routes_directory(make_routes: Discover) -> None:
    tree = make_routes({})
    assert [r.id for r in tree.iter_routes()] == ["root"]
    assert tree.root.kind == "directory"
    assert url_entries(tree) == []


def test_what_is_not_a_route(make_routes: Discover) -> None:
    tree = make_routes(
        {
            "blog/components/page.tsx": PAGE,  # components/ at any depth
            "+draft/page.tsx": PAGE,
            ".hidden/page.tsx": PAGE,
            "_1lib/helpers.py": "X = 1\n",  # no route files: not a route, name unchecked
            "blog/page.tsx": PAGE,
            "blog/+page.tsx": PAGE,
        }
    )
    assert [r.id for r in tree.iter_routes()] == ["root", "blog"]


def test_different_converters_may_be_siblings(make_routes: Discover) -> None:
    tree = make_routes(
        {
            "p/_id/page.tsx": PAGE,
            "p/_slug/page.tsx": PAGE,
            "p/_uuid/page.tsx": PAGE,
            "p/_name/page.tsx": PAGE,
            "p/__rest/page.tsx": PAGE,
            "p/new/page.tsx": PAGE,
        }
    )
    assert [e.pattern for e in url_entries(tree)] == [
        "p/new",
        "p/<int:id>",
        "p/<uuid:uuid>",
        "p/<slug:slug>",
        "p/<str:name>",
        "p/<path:rest>",
    ]


def test_deeper_patterns_before_the_catch_all_that_would_swallow_them(
    make_routes: Discover,
) -> None:
    # Below a catch-all only an API endpoint is allowed (the client router ends there).
    edit = "def get(request, rest):\n    return {}\n"
    tree = make_routes({"d/__rest/page.tsx": PAGE, "d/__rest/edit/handlers.py": edit})
    patterns = [e.pattern for e in url_entries(tree)]
    assert patterns.index("d/<path:rest>/edit") < patterns.index("d/<path:rest>")


def test_layouts_get_only_their_own_parameters(make_routes: Discover) -> None:
    # A root layout need not accept the parameters of the pages below it.
    tree = make_routes(
        {
            "layout.py": "def load(request):\n    return {}\n",
            "_id/page.tsx": PAGE,
            "_id/layout.py": "def load(request, id):\n    return {}\n",
        }
    )
    assert tree.find("_id").layout_module == f"{tree.package}.routes._id.layout"
