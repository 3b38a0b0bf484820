"""The SSR seam: a configured renderer's markup in the document, and the fallback without it."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from importlib.metadata import EntryPoint
from typing import Any

import pytest
from django.test import Client
from testsite.ssr import EchoRenderer, JsonTextRenderer

from djangokit.core import ssr
from djangokit.settings import SSRSettings

from .conftest import embedded_data, set_djangokit

UseSSR = Callable[..., None]


@pytest.fixture(autouse=True)
def _fresh_renderers() -> Iterator[None]:
    EchoRenderer.instances.clear()
    yield
    EchoRenderer.instances.clear()


def test_no_backend_installed_means_no_ssr(client: Client, settings: Any) -> None:
    # The defaults: enabled unset ("auto"), backend "pool", and djangokit.ssr not installed.
    assert settings.DJANGOKIT.ssr == SSRSettings()
    assert ssr.get_renderer() is None
    html = client.get("/blog/hello").content.decode()
    assert '<div id="djangokit-root"></div>' in html


def test_the_renderers_markup_and_head_go_into_the_document(
    client: Client, use_ssr: UseSSR
) -> None:
    use_ssr("testsite.ssr.EchoRenderer", timeout=2.5)
    response = client.get("/blog/hello?x=1")
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<div id="djangokit-root"><main data-leaf="page:blog/_slug">rendered 4 routes</main>'
        in html
    )
    assert "<title>Rendered page:blog/_slug</title>" in html
    assert "<title>Test site</title>" not in html  # the page's own title wins
    (renderer,) = EchoRenderer.instances
    ((url, router_ids, data, timeout),) = renderer.calls
    assert url == "/blog/hello?x=1"
    assert router_ids == ["layout:root", "layout:blog", "layout:blog/_slug", "page:blog/_slug"]
    assert data == embedded_data(response.content)  # the very data the client hydrates with
    assert timeout == 2.5
    assert renderer.options.backend == "testsite.ssr.EchoRenderer"


def test_a_renderer_with_render_json_gets_the_embedded_text_unparsed(
    client: Client, use_ssr: UseSSR
) -> None:
    use_ssr("testsite.ssr.JsonTextRenderer")
    response = client.get("/blog/hello")
    (renderer,) = EchoRenderer.instances
    assert isinstance(renderer, JsonTextRenderer)
    (text,) = renderer.texts
    embedded = re.search(r'<script type="application/json" id="djangokit-data">(.*?)</script>',
                         response.content.decode(), re.S)  # fmt: skip
    assert embedded is not None and text == embedded.group(1)  # byte for byte, not re-encoded
    assert json.loads(text) == embedded_data(response.content)
    ((_url, _ids, data, _timeout),) = renderer.calls
    assert data == {}  # render() was not given parsed data


def test_the_renderer_is_built_once_and_closed_when_settings_change(
    client: Client, settings: Any, use_ssr: UseSSR
) -> None:
    use_ssr("testsite.ssr.EchoRenderer")
    client.get("/blog")
    client.get("/docs/intro")
    (renderer,) = EchoRenderer.instances
    assert len(renderer.calls) == 2
    set_djangokit(settings, ssr=SSRSettings(enabled=False))
    assert renderer.closed
    assert ssr.get_renderer() is None


def test_the_not_found_page_is_rendered_too(client: Client, use_ssr: UseSSR) -> None:
    use_ssr("testsite.ssr.EchoRenderer")
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert 'data-leaf="layout:root"' in response.content.decode()


@pytest.mark.parametrize(
    ("backend", "level", "message"),
    [
        ("testsite.ssr.FailingRenderer", logging.WARNING, "window is not defined"),
        ("testsite.ssr.SlowRenderer", logging.WARNING, "no answer within 5.0 s"),
        ("testsite.ssr.BuggyRenderer", logging.ERROR, "raised"),
    ],
)
@pytest.mark.parametrize(("url", "status"), [("/blog/hello", 200), ("/blog/missing", 404)])
def test_a_failing_render_sends_the_shell_without_markup(
    client: Client,
    use_ssr: UseSSR,
    caplog: pytest.LogCaptureFixture,
    backend: str,
    level: int,
    message: str,
    url: str,
    status: int,
) -> None:
    use_ssr(backend)
    with caplog.at_level(logging.WARNING, logger="djangokit.core"):
        response = client.get(url)
    assert response.status_code == status  # unchanged by the failed render
    html = response.content.decode()
    assert '<div id="djangokit-root"></div>' in html and "<title>Test site</title>" in html
    (record,) = [r for r in caplog.records if r.name == "djangokit.core"]
    assert record.levelno == level
    assert url in record.getMessage() and "page:blog/_slug" in record.getMessage()
    assert message in record.getMessage() or (record.exc_info and message == "raised")


def test_ssr_off(client: Client, settings: Any) -> None:
    set_djangokit(settings, ssr=SSRSettings(enabled=False, backend="testsite.ssr.EchoRenderer"))
    client.get("/blog")
    assert EchoRenderer.instances == []


def test_a_factory_may_decline(client: Client, use_ssr: UseSSR) -> None:
    use_ssr("testsite.ssr.declining")
    assert ssr.get_renderer() is None
    assert client.get("/blog").status_code == 200


def test_a_factory_must_return_a_renderer(use_ssr: UseSSR) -> None:
    use_ssr("testsite.ssr.not_a_renderer")
    with pytest.raises(TypeError, match="has no render"):
        ssr.get_renderer()


def test_enabled_without_a_backend_says_so(
    use_ssr: UseSSR, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As without org-djangokit-ssr (which a development environment may have installed).
    monkeypatch.setattr(ssr, "entry_points", lambda *, group, name: [])
    use_ssr("pool")
    with caplog.at_level(logging.ERROR, logger="djangokit.core"):
        assert ssr.get_renderer() is None
    assert "no backend 'pool' is installed" in caplog.text


def test_backends_are_found_by_entry_point(
    client: Client, use_ssr: UseSSR, monkeypatch: pytest.MonkeyPatch
) -> None:
    point = EntryPoint("pool", "testsite.ssr:EchoRenderer", ssr.ENTRY_POINT_GROUP)

    def entry_points(*, group: str, name: str) -> list[EntryPoint]:
        return [point] if (group, name) == (point.group, point.name) else []

    monkeypatch.setattr(ssr, "entry_points", entry_points)
    use_ssr("pool")
    assert isinstance(ssr.get_renderer(), EchoRenderer)
    assert "rendered 3 routes" in client.get("/blog").content.decode()


def test_the_protocol_is_runtime_checkable() -> None:
    assert isinstance(EchoRenderer(None), ssr.Renderer)
    assert not isinstance(object(), ssr.Renderer)
    assert ssr.RenderResult("<p>x</p>") == ("<p>x</p>", "")
