"""The routes' resolver answers every path with the match Django's scan gives, sooner."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import URLResolver, path, re_path
from django.urls.exceptions import Resolver404
from django.urls.resolvers import ResolverMatch
from hypothesis import given, settings
from hypothesis import strategies as st

from djangokit.core import get_route_tree, get_urlpatterns
from djangokit.core._resolver import RouteResolver, by_first_segment, static_index

PATHS = [
    "",
    "index.json",
    "blog",
    "blog/new",
    "blog/hello",
    "blog/hello.json",
    "blog/hello/export",
    "about-us",
    "docs/intro",
    "docs/guide/install/linux",
    "products/7",
    "products/widget",
    "tasks",
    "tasks/3",
    "items/42",
    "no/such/page",
]


def _same(fast: ResolverMatch, scanned: ResolverMatch) -> None:
    for name in (
        "func",
        "args",
        "kwargs",
        "url_name",
        "app_names",
        "namespaces",
        "route",
        "view_name",
        "captured_kwargs",
        "extra_kwargs",
    ):
        assert getattr(fast, name) == getattr(scanned, name), name


@pytest.mark.parametrize("prefix", ["", "app/"])
def test_every_path_resolves_as_djangos_scan_does(prefix: str) -> None:
    (resolver,) = get_urlpatterns(get_route_tree(), prefix)
    assert isinstance(resolver, RouteResolver)
    for url in PATHS:
        _same(resolver.resolve(prefix + url), URLResolver.resolve(resolver, prefix + url))


def test_static_routes_are_indexed_and_dynamic_ones_scanned() -> None:
    (resolver,) = get_urlpatterns(get_route_tree())
    assert isinstance(resolver, RouteResolver)
    assert {"", "blog", "blog/new", "about-us", "tasks", "index.json"} <= set(resolver.static)
    assert not [literal for literal in resolver.static if "<" in literal]
    match = resolver.resolve("blog/new")
    assert match.tried == [[resolver.static["blog/new"]]]  # the fast answer: only the match
    assert len(resolver.resolve("blog/hello").tried) > 1  # Django's scan


def test_paths_outside_the_prefix_are_not_resolved() -> None:
    (resolver,) = get_urlpatterns(get_route_tree(), "app")
    with pytest.raises(Resolver404):
        resolver.resolve("blog/new")


def _view(name: str) -> Any:
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(name)

    view.__name__ = name
    return view


def test_a_static_path_an_earlier_pattern_matches_is_left_to_the_scan() -> None:
    first, second, third = _view("first"), _view("second"), _view("third")
    patterns = [path("<str:name>", first), path("about", second), path("other", third)]
    assert static_index([patterns[1], patterns[2]]) == {"about": patterns[1], "other": patterns[2]}
    assert static_index(patterns) == {}  # <str:name> would answer both first
    resolver = RouteResolver("", [*patterns, re_path("", third)], "ns")
    assert resolver.resolve("about").func is first
    assert resolver.resolve("about").kwargs == {"name": "about"}


def test_paths_are_scanned_only_against_patterns_that_can_match_their_first_segment() -> None:
    views = [_view(f"v{i}") for i in range(5)]
    patterns = [
        path("a/b", views[0]),
        path("<str:x>/b", views[1]),
        path("a/<int:n>", views[2]),
        path("c", views[3]),
        re_path("", views[4]),
    ]
    groups, anywhere = by_first_segment(patterns)
    assert anywhere == [patterns[1], patterns[4]]
    assert groups == {"a": [*patterns[:3], patterns[4]], "c": [patterns[1], *patterns[3:]]}
    resolver = RouteResolver("", patterns, "ns")
    assert resolver.resolve("a/7").func is views[2]
    assert resolver.resolve("z/b").func is views[1]
    assert resolver.resolve("a/z").func is views[4]


SEGMENTS = ["a", "b", "ab", "<int:{}>", "<str:{}>", "<slug:{}>"]
PATH_PARTS = ["a", "b", "ab", "1", "x-y", ""]


@settings(max_examples=200, deadline=None)
@given(
    routes=st.lists(st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=3), max_size=8),
    catch_all=st.booleans(),
    paths=st.lists(st.lists(st.sampled_from(PATH_PARTS), min_size=1, max_size=3), max_size=8),
)
def test_any_patterns_resolve_as_djangos_scan_does(
    routes: list[list[str]], catch_all: bool, paths: list[list[str]]
) -> None:
    views = [_view(f"v{i}") for i in range(len(routes) + 1)]
    patterns: list[Any] = []
    for i, segments in enumerate(routes):
        # Each converter its own parameter name, by position.
        route = "/".join(segment.format(f"p{j}") for j, segment in enumerate(segments))
        patterns.append(path(route, views[i]))
    if catch_all:
        patterns.append(re_path("", views[-1]))
    resolver = RouteResolver("", patterns, "ns")
    for parts in paths:
        url = "/".join(parts)
        try:
            scanned = URLResolver.resolve(resolver, url)
        except Resolver404:
            with pytest.raises(Resolver404):
                resolver.resolve(url)
            continue
        _same(resolver.resolve(url), scanned)
