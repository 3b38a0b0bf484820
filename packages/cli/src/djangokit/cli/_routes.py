"""`dk routes`: every URL of the project, with its files and methods."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from djangokit.cli._project import setup_django

if TYPE_CHECKING:
    from djangokit.core import RouteTree

__all__ = ["route_rows", "routes_command"]

_COLUMNS = ("URL", "ROUTE", "FILES", "METHODS", "PARAMS")


@click.command("routes", short_help="List the URLs, their files and methods.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object per URL).")
@click.pass_context
def routes_command(ctx: click.Context, as_json: bool) -> None:
    """List the project's URLs: route id, files, HTTP methods and path converters."""
    setup_django(ctx)
    from djangokit.core import RouteError, get_route_tree

    try:
        tree = get_route_tree()
    except RouteError as error:
        raise click.ClickException(str(error)) from None
    rows = route_rows(tree)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    table = [
        (
            row["url"],
            row["id"],
            " ".join(row["files"]),
            ",".join(row["methods"]) or "-",
            " ".join(f"{k}:{v}" for k, v in row["params"].items()) or "-",
        )
        for row in rows
    ]
    widths = [
        max(len(str(cell)) for cell in column) for column in zip(_COLUMNS, *table, strict=True)
    ]
    for line in (_COLUMNS, *table):
        click.echo("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())


def route_rows(tree: RouteTree) -> list[dict[str, Any]]:
    """One row per URL that answers requests (routes with a page or handlers, and their
    ``@handler(path=...)`` endpoints), and one per directory whose files only wrap others
    (``layout.*``, ``error.tsx``, ``not-found.tsx``, ``document.html``; no methods), in the
    route tree's order. ``files`` lists every route file of the directory."""
    rows: list[dict[str, Any]] = []
    for route in tree.iter_routes():
        files = [
            p.relative_to(tree.routes_dir).as_posix()
            for p in (
                route.page,
                route.handlers_py,
                route.layout,
                route.layout_py,
                route.error,
                route.not_found,
                route.document,
            )
            if p is not None
        ]
        if route.routable or files:
            rows.append(
                {
                    "url": "/" + route.url_pattern,
                    "id": route.id,
                    "kind": route.kind,
                    "files": files,
                    "methods": _methods(route.methods, html=route.page is not None)
                    if route.routable
                    else [],
                    "params": dict(route.params),
                }
            )
        for endpoint in route.endpoints:
            rows.append(
                {
                    "url": "/" + endpoint.url_pattern,
                    "id": f"{route.id}:{endpoint.path}",
                    "kind": "endpoint",
                    "files": [h for h in files if h.endswith("handlers.py")],
                    "methods": list(endpoint.methods),
                    "params": dict(route.params),
                }
            )
    return rows


def _methods(methods: tuple[str, ...], *, html: bool) -> list[str]:
    shown = list(methods)
    if html and "GET" not in shown:
        shown.insert(0, "GET")  # a page answers GET even without a handler
    return shown
