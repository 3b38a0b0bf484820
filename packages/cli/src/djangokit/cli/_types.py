"""`dk types`: TypeScript declarations of route data, from handlers' return annotations."""

from __future__ import annotations

import pathlib

import click

from djangokit.cli._project import setup_django

__all__ = ["types_command"]


@click.command("types", short_help="Write TypeScript types of the routes' data.")
@click.option(
    "--check", is_flag=True, help="Change nothing; exit 1 if a +types.ts file is out of date."
)
@click.pass_context
def types_command(ctx: click.Context, check: bool) -> None:
    """Write `+types.ts` beside each route whose handlers.py `get`/`post` or layout.py `load`
    has a return annotation: `PageData`, `ActionData`, `LayoutData` and `Params`, for
    `useData<PageData>()` with `import type { PageData } from "./+types"`.

    Files are written only when their text changes; generated files no route needs any more
    are removed.
    """
    root = setup_django(ctx)
    from djangokit.core import RouteError, get_route_tree
    from djangokit.core.typescript import DeclarationError, sync_declarations

    try:
        changes = sync_declarations(get_route_tree(), check=check)
    except (RouteError, DeclarationError) as error:
        raise click.ClickException(str(error)) from None

    def show(path: pathlib.Path) -> str:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return str(path)

    if check:
        stale = [*changes.written, *changes.removed]
        if stale:
            for path in stale:
                click.echo(f"Out of date: {show(path)}", err=True)
            raise click.ClickException(
                f"{len(stale)} TypeScript declaration file(s) are out of date; run `dk types`."
            )
        click.echo(f"TypeScript declarations are up to date ({len(changes.unchanged)} files).")
        return
    for path in changes.written:
        click.echo(f"Wrote {show(path)}")
    for path in changes.removed:
        click.echo(f"Removed {show(path)}")
    if not changes.changed:
        click.echo(f"TypeScript declarations are up to date ({len(changes.unchanged)} files).")
