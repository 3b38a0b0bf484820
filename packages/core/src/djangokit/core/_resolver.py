"""The URL resolver of a project's routes: routing time that does not grow with the project.

Django tries URL patterns one by one, a regular expression each, so finding a route costs
more with every route added. This resolver gives the match Django's scan would give, sooner:

- a static path (``blog/new``, ``about``) is one dict lookup: the pattern Django's scan would
  pick for it is known when the URLconf loads;
- any other path is scanned, by Django's own code, only against the patterns that can match
  its first segment: those whose first segment is that literal text, and those whose first
  segment is dynamic (in their original order, so precedence is unchanged).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import URLPattern, URLResolver
from django.urls.resolvers import ResolverMatch, RoutePattern

__all__ = ["RouteResolver", "by_first_segment", "static_index"]

Patterns = Sequence[URLPattern | URLResolver]


class RouteResolver(URLResolver):
    """``path(prefix, include((patterns, namespace)))``, resolving in (nearly) constant time.

    A match is the one Django's scan gives, except that ``ResolverMatch.tried`` lists only
    the patterns that could match (just the matched one, for a static path).
    """

    def __init__(self, prefix: str, patterns: Patterns, namespace: str) -> None:
        self.prefix = prefix
        super().__init__(
            RoutePattern(prefix, is_endpoint=False),
            list(patterns),
            app_name=namespace,
            namespace=namespace,
        )
        self.static = static_index(patterns)
        groups, others = by_first_segment(patterns)
        self.by_segment = {segment: self._narrowed(group) for segment, group in groups.items()}
        self.others = self._narrowed(others)

    def _narrowed(self, patterns: list[URLPattern | URLResolver]) -> URLResolver:
        """A resolver like this one that scans only *patterns*."""
        return URLResolver(self.pattern, patterns, app_name=self.app_name, namespace=self.namespace)

    def resolve(self, path: str) -> ResolverMatch:
        path = str(path)  # may be a reverse_lazy() proxy, as in Django's resolve()
        if not self.prefix:
            new_path = path  # an empty prefix matches every path as it is
        else:
            match = self.pattern.match(path)
            if match is None or match[1] or match[2]:
                return super().resolve(path)  # Django's answer: a 404, or prefix parameters
            new_path = match[0]
        pattern = self.static.get(new_path)
        if pattern is not None:
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
        return self.by_segment.get(new_path.partition("/")[0], self.others).resolve(path)


def static_index(patterns: Patterns) -> dict[str, URLPattern]:
    """Each static pattern's literal path, if Django's scan would pick that pattern for it
    (no earlier pattern, dynamic or a catch-all, matches the same path first)."""
    index: dict[str, URLPattern] = {}
    for position, pattern in enumerate(patterns):
        literal = _literal(pattern)
        if literal is None or "<" in literal or literal in index:
            continue
        if not any(earlier.pattern.match(literal) for earlier in patterns[:position]):
            index[literal] = pattern  # type: ignore[assignment]
    return index


def by_first_segment(
    patterns: Patterns,
) -> tuple[dict[str, list[URLPattern | URLResolver]], list[URLPattern | URLResolver]]:
    """For each literal first path segment, the patterns that can match a path starting
    with it, in order; and the patterns that can match any first segment.

    A ``path()`` pattern whose first segment has no converter matches only paths whose first
    segment is that text; every other pattern goes into every group.
    """
    literal: dict[str, list[int]] = {}
    anywhere: list[int] = []
    for position, pattern in enumerate(patterns):
        route = _literal(pattern)
        first = None if route is None else route.partition("/")[0]
        if first is None or "<" in first:
            anywhere.append(position)
        else:
            literal.setdefault(first, []).append(position)
    groups = {
        first: [patterns[i] for i in sorted(positions + anywhere)]
        for first, positions in literal.items()
    }
    return groups, [patterns[i] for i in anywhere]


def _literal(pattern: URLPattern | URLResolver) -> str | None:
    """The route text of a ``path()`` endpoint, else ``None``."""
    if isinstance(pattern, URLPattern) and isinstance(pattern.pattern, RoutePattern):
        return str(pattern.pattern)
    return None
