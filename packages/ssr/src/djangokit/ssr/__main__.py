"""``python -m djangokit.ssr serve [--host H --port P | --socket PATH] [--bundle PATH]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._server import serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m djangokit.ssr")
    commands = parser.add_subparsers(dest="command", required=True)
    server = commands.add_parser("serve", help="serve the server bundle over HTTP")
    server.add_argument("--host", default="127.0.0.1")
    server.add_argument("--port", type=int, default=3001)
    server.add_argument("--socket", help="listen on this Unix socket, not host:port")
    server.add_argument("--node", default="node")
    server.add_argument(
        "--bundle",
        type=Path,
        help="the server bundle (default: the project's, from [djangokit.build] out_dir)",
    )
    args = parser.parse_args(argv)
    bundle = args.bundle
    if bundle is None:
        from djangokit.core.build import BuildPaths
        from djangokit.settings import load

        loaded = load(Path.cwd())
        bundle = BuildPaths.of(loaded.project_dir, loaded.djangokit.build).server_bundle
    return serve(bundle, host=args.host, port=args.port, socket=args.socket, node=args.node)


if __name__ == "__main__":
    sys.exit(main())
