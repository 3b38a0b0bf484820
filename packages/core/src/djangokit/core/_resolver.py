"""The URL resolver of a project's routes: static URLs by one dict lookup.

Django tries URL patterns one by one, a regular expression each, so routing time grows with
the number of routes. Most routes are static (``blog/new``, ``about``), and for those the
first pattern Django's scan would pick is known when the URLconf loads. This resolver looks
such a path up in a dict and answers with the same match; every other path (dynamic
segments, catch-alls, the not-found catch-all) goes through Django's scan unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import URLPattern, URLResolver
from django.urls.resolvers import ResolverMatch, RoutePattern

__all__ = ["RouteResolver", "static_index"]


class RouteResolver(URLResolver):
    """``path(prefix, include((patterns, namespace)))``, with static paths found in O(1).

    A fast answer is the match Django's scan gives, except that ``ResolverMatch.tried``
    holds only the matched pattern rather than every pattern tried before it.
    """

    def __init__(
        self, prefix: str, patterns: Sequence[URLPattern | URLResolver], namespace: str
    ) -> None:
        super().__init__(
            RoutePattern(prefix, is_endpoint=False),
            list(patterns),
            app_name=namespace,
            namespace=namespace,
        )
        self.static = static_index(patterns)

    def resolve(self, path: str) -> ResolverMatch:
        path = str(path)  # may be a reverse_lazy() proxy, as in Django's resolve()
        match = self.pattern.match(path)
        if match is not None:
            new_path, args, kwargs = match
            pattern = self.static.get(new_path)
            if pattern is not None and not args and not kwargs and not self.default_kwargs:
                return ResolverMatch(
                    pattern.callback,
                    (),
                    dict(pattern.default_args),
                    pattern.name,
                    [self.app_name],
                    [self.namespace],
                    str(pattern.pattern),
                    [[pattern]],
                    captured_kwargs={},
                    extra_kwargs=dict(pattern.default_args),
                )
        return super().resolve(path)


def static_index(patterns: Sequence[URLPattern | URLResolver]) -> dict[str, URLPattern]:
    """Each static pattern's literal path, if Django's scan would pick that pattern for it
    (no earlier pattern, dynamic or a catch-all, matches the same path first)."""
    index: dict[str, URLPattern] = {}
    for position, pattern in enumerate(patterns):
        if not isinstance(pattern, URLPattern):
            continue
        route = pattern.pattern
        if not isinstance(route, RoutePattern) or route.converters:
            continue
        literal = str(route)
        if literal in index or any(_matches(earlier, literal) for earlier in patterns[:position]):
            continue
        index[literal] = pattern
    return index


def _matches(pattern: URLPattern | URLResolver, path: str) -> bool:
    return pattern.pattern.match(path) is not None
