"""Renderers for the SSR seam's tests: Python objects implementing the renderer protocol."""

from __future__ import annotations

from typing import Any

from djangokit.core.ssr import RenderError, RenderResult


class EchoRenderer:
    """Renders what it was given, so tests can see exactly what core sent."""

    instances: list[EchoRenderer] = []

    def __init__(self, options: Any) -> None:
        self.options = options
        self.calls: list[tuple[str, list[str], dict[str, Any], float]] = []
        self.closed = False
        EchoRenderer.instances.append(self)

    def render(
        self, url: str, router_ids: list[str], data: dict[str, Any], *, timeout: float
    ) -> RenderResult:
        self.calls.append((url, router_ids, data, timeout))
        leaf = router_ids[-1] if router_ids else "none"
        return RenderResult(
            html=f'<main data-leaf="{leaf}">rendered {len(router_ids)} routes</main>',
            head=f"<title>Rendered {leaf}</title>",
        )

    def close(self) -> None:
        self.closed = True


class JsonTextRenderer(EchoRenderer):
    """Takes the route data as the document's JSON text where core can give it so."""

    def render_json(
        self, url: str, router_ids: list[str], text: str, *, timeout: float
    ) -> RenderResult:
        self.texts.append(text)
        return self.render(url, router_ids, {}, timeout=timeout)

    def __init__(self, options: Any) -> None:
        super().__init__(options)
        self.texts: list[str] = []


class FailingRenderer:
    def __init__(self, options: Any) -> None:
        pass

    def render(
        self, url: str, router_ids: list[str], data: dict[str, Any], *, timeout: float
    ) -> RenderResult:
        raise RenderError("the server bundle threw: ReferenceError: window is not defined")


class SlowRenderer(FailingRenderer):
    def render(
        self, url: str, router_ids: list[str], data: dict[str, Any], *, timeout: float
    ) -> RenderResult:
        raise TimeoutError(f"no answer within {timeout} s")


class BuggyRenderer(FailingRenderer):
    def render(
        self, url: str, router_ids: list[str], data: dict[str, Any], *, timeout: float
    ) -> RenderResult:
        raise ValueError("a bug in the backend itself")


def declining(options: Any) -> None:
    """A factory that declines (e.g. no server bundle yet): no SSR."""
    return None


def not_a_renderer(options: Any) -> object:
    return object()
