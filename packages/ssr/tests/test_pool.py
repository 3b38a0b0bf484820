"""The pool backend with real Node, React and Django: markup, concurrency and faults."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from djangokit.core.ssr import EncodedData, RenderError
from djangokit.ssr import PoolRenderer
from djangokit.ssr._protocol import RENDERER_SCRIPT, render_body

from .conftest import embedded_data, node_render, root_markup

pytestmark = pytest.mark.usefixtures("built")


def _wait(condition: Any, seconds: float = 15.0) -> float:
    """Wait until *condition()* holds; the seconds it took."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < seconds, "condition not met in time"
        time.sleep(0.01)
    return time.monotonic() - start


def test_the_document_carries_the_server_markup(client: Client, use_ssr: Any, built: Path) -> None:
    renderer = use_ssr("pool", workers=2)
    assert isinstance(renderer, PoolRenderer)
    response = client.get("/?who=ada")
    assert response.status_code == 200
    markup = root_markup(response.content)
    assert "<header>Welcome to <!-- -->SSR site</header>" in markup
    assert "<td>19</td><td>row 19 for ada</td>" in markup
    assert "<title>Rows page</title>" in response.content.decode()
    # The same markup as the bundle gives for the very data the client hydrates with.
    reference = node_render(built, "/?who=ada", embedded_data(response.content))
    assert markup == reference["html"]


def test_ssr_off_sends_the_empty_shell(client: Client) -> None:
    assert root_markup(client.get("/").content) == ""


def test_many_threads_render_concurrently(client: Client, use_ssr: Any) -> None:
    renderer = use_ssr("pool", workers=4)
    data = embedded_data(client.get("/").content)
    expected = renderer.render("/", data["matches"], data, timeout=5).html

    def one(i: int) -> str:
        return str(renderer.render("/", data["matches"], data, timeout=5).html)

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(one, range(400)))
    assert results == [expected] * 400
    assert len(renderer.pids()) == 4  # persistent: no worker was replaced


def test_a_render_that_never_returns_falls_back_and_the_worker_is_replaced(
    client: Client, use_ssr: Any, caplog: pytest.LogCaptureFixture
) -> None:
    renderer = use_ssr("pool", workers=1, timeout=1.0)
    assert "row 0" in root_markup(client.get("/").content)
    (pid,) = renderer.pids()
    start = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="djangokit.core"):
        response = client.get("/loop")
    took = time.monotonic() - start
    assert response.status_code == 200  # the page still works: the client renders it
    assert root_markup(response.content) == ""
    assert 1.0 <= took < 4.0
    assert "/loop" in caplog.text and "page:loop" in caplog.text and "within 1.0 s" in caplog.text
    recovered = _wait(lambda: renderer.pids() not in ([], [pid]))
    assert "row 0" in root_markup(client.get("/").content)
    print(f"\nhung render: fallback after {took:.2f} s, new worker after {recovered:.2f} s more")


def test_a_worker_that_dies_mid_render_is_replaced(
    client: Client, use_ssr: Any, caplog: pytest.LogCaptureFixture
) -> None:
    renderer = use_ssr("pool", workers=2)
    with caplog.at_level(logging.WARNING, logger="djangokit.core"):
        response = client.get("/crash")
    assert response.status_code == 200 and root_markup(response.content) == ""
    assert "/crash" in caplog.text and "page:crash" in caplog.text
    _wait(lambda: len(renderer.pids()) == 2)
    assert "row 0" in root_markup(client.get("/").content)


def _load(stop: threading.Event, outcomes: list[str], path: str = "/") -> None:
    """Load *path* until *stop*; each page's outcome: "ok", or what was wrong with it."""
    client = Client()
    while not stop.is_set():
        response = client.get(path)
        markup = root_markup(response.content)
        if response.status_code != 200:
            outcomes.append(f"status {response.status_code}")
        elif "row 19" not in markup:
            outcomes.append("no server markup")
        else:
            outcomes.append("ok")


def test_sigkill_under_load_fails_no_page_load(use_ssr: Any) -> None:
    """Workers SIGKILLed while 8 threads load pages: every page still has its markup (a
    killed render is retried on another worker) and the pool is whole again soon after."""
    renderer = use_ssr("pool", workers=3)
    renderer.start()
    stop = threading.Event()
    outcomes: list[str] = []
    threads = [threading.Thread(target=_load, args=(stop, outcomes)) for _ in range(8)]
    for thread in threads:
        thread.start()
    recoveries = []
    try:
        for _ in range(5):
            time.sleep(0.3)
            victim = renderer.pids()[0]
            os.kill(victim, signal.SIGKILL)
            recoveries.append(
                _wait(lambda v=victim: len(renderer.pids()) == 3 and v not in renderer.pids())
            )
        time.sleep(0.3)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    failed = [o for o in outcomes if o != "ok"]
    print(
        f"\nSIGKILL x5 under load: {len(outcomes)} page loads, {len(failed)} without markup or "
        f"failed, pool whole again after {max(recoveries):.3f} s at most"
    )
    assert failed == []
    assert len(outcomes) > 100


def test_a_hung_render_fails_no_other_page_load(client: Client, use_ssr: Any) -> None:
    renderer = use_ssr("pool", workers=2, timeout=1.0)
    renderer.start()
    stop = threading.Event()
    outcomes: list[str] = []
    threads = [threading.Thread(target=_load, args=(stop, outcomes)) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        start = time.monotonic()
        assert root_markup(client.get("/loop").content) == ""
        recovered = _wait(lambda: len(renderer.pids()) == 2) + time.monotonic() - start
        time.sleep(0.3)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    failed = [o for o in outcomes if o != "ok"]
    print(
        f"\nhung render under load: {len(outcomes)} other page loads, {len(failed)} without "
        f"markup or failed; pool whole {recovered:.2f} s after the hung request began"
    )
    assert failed == []


def test_a_rebuilt_bundle_is_picked_up_without_a_restart(
    client: Client, use_ssr: Any, pages: Path
) -> None:
    from .conftest import build_project

    renderer = use_ssr("pool", workers=2)
    renderer.start()
    assert "bundle version 1" in root_markup(client.get("/version").content)
    pids = renderer.pids()
    (pages / "version" / "page.tsx").write_text(
        'export default function Version() {\n  return <p className="version">bundle version 2'
        "</p>;\n}\n"
    )
    build_project()
    for _ in range(4):  # every worker, not just the first one
        assert "bundle version 2" in root_markup(client.get("/version").content)
    assert renderer.pids() == pids  # reloaded in place


def test_a_worker_over_its_memory_bound_is_recycled(client: Client, use_ssr: Any) -> None:
    renderer = use_ssr("pool", workers=1, max_memory_mb=150)
    assert "leaked 1" in root_markup(client.get("/leak").content)
    (pid,) = renderer.pids()
    assert "leaked 2" in root_markup(client.get("/leak").content)  # now past 150 MiB
    _wait(lambda: renderer.pids() not in ([], [pid]))
    assert "leaked 1" in root_markup(client.get("/leak").content)  # a fresh worker


@pytest.mark.parametrize("report", [False, True])
def test_a_render_reports_its_memory_only_when_asked(built: Path, report: bool) -> None:
    request = json.dumps({"url": "/", "data": embedded_data(Client().get("/").content)})
    flags = ["--report-rss"] if report else []
    result = subprocess.run(
        ["node", str(RENDERER_SCRIPT), "--bundle", str(built), "--once", *flags],
        input=request, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    answer = json.loads(result.stdout)
    assert answer["html"]
    assert ("rss" in answer) is report
    if report:
        assert answer["rss"] > 1 << 20


def test_a_pool_reads_memory_only_with_a_bound(use_ssr: Any) -> None:
    assert "--report-rss" not in use_ssr("pool", workers=1).command
    assert "--report-rss" in use_ssr("pool", workers=1, max_memory_mb=150).command


def test_workers_are_recycled_after_max_renders(client: Client, use_ssr: Any) -> None:
    renderer = use_ssr("pool", workers=1, max_renders=3)
    client.get("/")
    (first,) = renderer.pids()
    client.get("/")
    client.get("/")
    _wait(lambda: renderer.pids() not in ([], [first]))


def test_close_stops_every_worker(client: Client, use_ssr: Any) -> None:
    renderer = use_ssr("pool", workers=3)
    renderer.start()
    pids = renderer.pids()
    assert len(pids) == 3
    renderer.close()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    with pytest.raises(RenderError, match="closed"):
        renderer.render("/", [], {}, timeout=1)


def test_in_development_the_error_is_shown(
    client: Client, use_ssr: Any, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.DEBUG = True
    use_ssr("pool", workers=1, timeout=1.0)
    with caplog.at_level(logging.WARNING, logger="djangokit.ssr"):
        response = client.get("/loop")
    html = response.content.decode()
    assert response.status_code == 200 and root_markup(response.content) == ""
    assert "<script>console.error(" in html and "within 1.0 s" in html
    assert "/loop" in caplog.text and "page:loop" in caplog.text


def test_the_render_request_reuses_the_documents_json() -> None:
    text = '{"routes":{"page:x":{"t":"\\u003c/script>é"}},"csrfToken":"abc"}'
    data = EncodedData(text)
    assert data == {"routes": {"page:x": {"t": "</script>é"}}, "csrfToken": "abc"}
    body = render_body('/x?a="1"', data)
    assert text.encode() in body  # sent as embedded, not encoded again
    assert json.loads(body) == {"url": '/x?a="1"', "data": dict(data)}
    assert json.loads(render_body("/x", dict(data))) == {"url": "/x", "data": dict(data)}
    assert render_body('/x?a="1"', text) == body  # render_json(): the text itself
