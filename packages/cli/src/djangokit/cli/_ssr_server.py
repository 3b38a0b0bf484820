"""`dk ssr-server`: the project's server-side renderer as a service of its own, for
``[djangokit.ssr] backend = "url"`` (``djangokit.ssr.serve``)."""

from __future__ import annotations

import importlib.util
import os
import pathlib
import sys

import click

from djangokit.cli._project import project_root
from djangokit.cli._version import __version__
from djangokit.settings import SettingsError, load

__all__ = ["ssr_server_command"]


@click.command("ssr-server", short_help="Run the server-side renderer as its own service.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=3001, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--socket",
    "socket_path",
    type=click.Path(dir_okay=False, path_type=pathlib.Path),
    help="Listen on this Unix socket instead of host:port.",
)
@click.option(
    "--bundle",
    type=click.Path(dir_okay=False, path_type=pathlib.Path),
    help="The server bundle (default: the project's, in [djangokit.build] out_dir).",
)
@click.pass_context
def ssr_server_command(
    ctx: click.Context,
    host: str,
    port: int,
    socket_path: pathlib.Path | None,
    bundle: pathlib.Path | None,
) -> None:
    """Render the project's pages for Django over HTTP, on HOST:PORT or a Unix socket.

    Point Django at it with `[djangokit.ssr] backend = "url"` and `url =
    "http://127.0.0.1:3001"` (`"unix:PATH"` with --socket). A rebuilt bundle is used from
    the next render on, without a restart. Needs org-djangokit-ssr and Node.js.
    """
    if socket_path is not None and any(
        ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT
        for name in ("host", "port")
    ):
        raise click.UsageError("--socket listens instead of --host/--port: give one or the other.")
    if importlib.util.find_spec("djangokit.ssr") is None:
        raise click.ClickException(
            f"`dk ssr-server` needs org-djangokit-ssr: pip install "
            f"org-djangokit-ssr=={__version__} (from DjangoKit's wheels or checkout; not on "
            f"PyPI yet)."
        )
    from djangokit.core.build import BuildPaths
    from djangokit.ssr import server_command

    node = "node"
    if bundle is None:
        root = project_root(ctx)
        try:
            loaded = load(root, env=ctx.obj.get("env"))
        except SettingsError as error:
            raise click.ClickException(str(error)) from None
        paths = BuildPaths.of(root, loaded.djangokit.build)
        bundle = paths.server_bundle
        if not bundle.is_file():
            raise click.ClickException(
                f"The project is not built (no server bundle at {paths.show(bundle)}). "
                "Run `dk build` first."
            )
        node = str(getattr(loaded.djangokit.ssr, "node", None) or "node")
    elif not bundle.is_file():
        raise click.ClickException(f"No server bundle at {bundle}.")
    command = server_command(
        bundle,
        host=host,
        port=port,
        socket=str(socket_path) if socket_path is not None else None,
        node=node,
    )
    if not os.path.isabs(command[0]):
        raise click.ClickException(
            f"`dk ssr-server` needs Node.js: {node!r} is not on PATH. Install Node.js 20 or later."
        )
    sys.stdout.flush()
    sys.stderr.flush()
    # Node takes over this process, so stopping `dk ssr-server` stops the renderer.
    os.execv(command[0], command)
