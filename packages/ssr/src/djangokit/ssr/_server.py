"""The renderer as a service of its own, for ``backend = "url"``."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from ._protocol import RENDERER_SCRIPT

__all__ = ["serve", "server_command"]


def server_command(
    bundle: str | os.PathLike[str],
    *,
    host: str = "127.0.0.1",
    port: int = 3001,
    socket: str | None = None,
    node: str = "node",
) -> list[str]:
    """The command that serves *bundle* over HTTP at *host*:*port*, or on the Unix *socket*."""
    executable = shutil.which(node) or node
    command = [executable, str(RENDERER_SCRIPT), "--bundle", str(Path(bundle).resolve())]
    if socket is not None:
        return [*command, "--socket", socket]
    return [*command, "--host", host, "--port", str(port)]


def serve(
    bundle: str | os.PathLike[str],
    *,
    host: str = "127.0.0.1",
    port: int = 3001,
    socket: str | None = None,
    node: str = "node",
) -> int:
    """Serve *bundle* until interrupted (``dk ssr-server`` and ``python -m djangokit.ssr
    serve``); the renderer's exit status. A rebuilt bundle is picked up without a restart."""
    command = server_command(bundle, host=host, port=port, socket=socket, node=node)
    process = subprocess.Popen(command)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        return process.wait()
