"""The ``subprocess`` backend: one Node process per render. Slow (Node starts and imports the
bundle every time); the measured baseline of ``bench/`` and a last resort."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

from djangokit.core.ssr import RenderError, RenderResult
from djangokit.settings import SSRSettings

from ._debug import Backend
from ._protocol import RENDERER_SCRIPT, bundle_path, render_body

__all__ = ["SubprocessRenderer"]


class SubprocessRenderer(Backend):
    """``[djangokit.ssr] backend = "subprocess"``: ``node renderer.mjs --once`` per render."""

    def __init__(self, options: SSRSettings) -> None:
        node = options.node
        self.node = shutil.which(node) or node

    def _render(
        self, url: str, router_ids: list[str], data: dict[str, Any] | str, *, timeout: float
    ) -> RenderResult:
        bundle = bundle_path()
        if not bundle.is_file():
            raise RenderError(f"no server bundle at {bundle}; run `dk build`")
        command = [self.node, str(RENDERER_SCRIPT), "--bundle", str(bundle), "--once"]
        request = render_body(url, data)
        try:
            done = subprocess.run(
                command, input=request, capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:  # run() killed the process
            raise RenderError(f"no answer within {timeout} s") from exc
        try:
            answer = json.loads(done.stdout)
        except ValueError:
            answer = {"error": done.stderr.decode(errors="replace")[-500:]}
        if done.returncode != 0 or not isinstance(answer, dict) or "html" not in answer:
            error = answer.get("error") if isinstance(answer, dict) else answer
            raise RenderError(f"the renderer failed (exit status {done.returncode}): {error}")
        return RenderResult(str(answer["html"]), str(answer.get("head") or ""))
