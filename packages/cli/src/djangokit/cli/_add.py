"""`dk add page|layout|handler|api PATH`: new route files from templates."""

from __future__ import annotations

import keyword
import pathlib
import re

import click

from djangokit.cli._auth import auth_command
from djangokit.cli._errors import InputError
from djangokit.cli._models import model_command
from djangokit.cli._project import routes_dir
from djangokit.cli._templates import render_file
from djangokit.core.conventions import (
    DEFAULT_CONVERTERS,
    TYPES_FILE,
    is_route_dir,
    parse_segment,
)

__all__ = ["add_group", "split_route_path"]

_STATIC_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")
# What an unannotated parameter holds in a handler: the Python type of the converter its
# name picks (<int:id>, <uuid:uuid>, else text); a catch-all is always text.
_CONVERTER_TYPES = {"int": "int", "uuid": "UUID"}
# `export type PageData = …` or `export interface PageData …` in a generated +types.ts.
_PAGE_DATA = re.compile(r"^export (?:type|interface) PageData\b", re.MULTILINE)


@click.group("add", short_help="Add a page, layout, handler, API route, model or sign-in pages.")
def add_group() -> None:
    """Add route files (page, layout, handler, api), a model or sign-in pages (auth)."""


def split_route_path(path: str) -> tuple[str, ...]:
    """``"blog/_slug"`` as ``("blog", "_slug")``; ``"/"`` or ``"."`` is the routes root.

    Raises ``InputError`` naming the segment that cannot be a route directory.
    """
    parts = tuple(p for p in path.strip().strip("/").split("/") if p not in {"", "."})
    seen: set[str] = set()
    for part in parts:
        param = _param(part)
        if param is None:
            if not is_route_dir(part) or not _STATIC_SEGMENT.match(part):
                raise InputError(
                    f"{part!r} cannot be a route directory: use letters, digits, '-', '_' or "
                    f"'.', not starting with '.' or '+', and not 'components'."
                )
            continue
        if not param or param.startswith("_") or not param.isidentifier():
            raise InputError(
                f"{part!r}: a dynamic segment is _name (or __name for a catch-all) where name "
                f"is a Python identifier, e.g. _slug or __path."
            )
        if keyword.iskeyword(param) or param == "request" or param in seen:
            raise InputError(f"{part!r}: {param!r} cannot be a parameter name here.")
        seen.add(param)
    return parts


def _param(segment: str) -> str | None:
    return parse_segment(segment)[1]


def _write(
    ctx: click.Context,
    path: str,
    name: str,
    template: str,
    suffix: str = "",
    key: str = "",
    **values: str,
) -> None:
    """Render ``add/<template>`` to ``routes/PATH/<name>``.

    *key* is the data key the template returns beside the parameters (a parameter of that
    name is left out of the data).
    """
    parts = split_route_path(path)
    root, package = routes_dir(ctx)
    directory = root.joinpath(*parts)
    target = directory / name
    clashes = [directory / n for n in _SAME_ROLE.get(name, (name,)) if (directory / n).exists()]
    project_root = pathlib.Path(ctx.obj["project_root"]).resolve()
    if clashes:
        raise click.ClickException(
            f"{_show(clashes[0], project_root)} already exists; `dk add` does not overwrite "
            f"files. Edit it, or remove it first."
        )
    params = [p for p in (_param(part) for part in parts) if p]
    typed = [(p, t) for p, t in _param_types(parts) if p != key]
    words = [re.sub(r"\W", " ", part.lstrip("_")).title().replace(" ", "") for part in parts]
    url = "/" + "/".join(f"<{_param(p)}>" if _param(p) else p for p in parts)
    values = {
        "component": _identifier("".join(words) or "Home") + suffix,
        "css_class": "-".join(p.lstrip("_").lower() for p in parts) or "root",
        "file": _show(target, project_root),
        "params": "".join(f", {p}" for p in params),
        "params_dict": "".join(f', "{p}": {p}' for p, _ in typed),
        "fields": "".join(f"    {p}: {t}\n" for p, t in typed),
        "imports": "from uuid import UUID\n" if any(t == "UUID" for _, t in typed) else "",
        "title": " ".join(re.sub(r"[\W_]+", " ", p).strip().title() for p in parts) or "Home",
        "url": url,
        "package": package,
        **values,
    }
    directory.mkdir(parents=True, exist_ok=True)
    target.write_text(render_file(f"add/{template}", values), encoding="utf-8")
    click.echo(f"Created {_show(target, project_root)} ({url}).")


def _param_types(parts: tuple[str, ...]) -> list[tuple[str, str]]:
    """Each parameter of *parts* and the Python type its value has in a handler."""
    typed = []
    for part in parts:
        param = _param(part)
        if param is not None:
            converter = DEFAULT_CONVERTERS.get(param, "str")
            catchall = parse_segment(part)[0] == "catchall"
            typed.append((param, "str" if catchall else _CONVERTER_TYPES.get(converter, "str")))
    return typed


def _identifier(name: str) -> str:
    return name if name[:1].isalpha() else f"Route{name}"


_SAME_ROLE = {"page.tsx": ("page.tsx", "page.jsx"), "layout.tsx": ("layout.tsx", "layout.jsx")}


def _show(path: pathlib.Path, root: pathlib.Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


_PATH_HELP = "PATH is below routes/: `blog/_slug` is /blog/<slug>, `/` the home page."


@add_group.command("page", epilog=_PATH_HELP)
@click.argument("path")
@click.pass_context
def add_page(ctx: click.Context, path: str) -> None:
    """Add a page: routes/PATH/page.tsx.

    Beside a handlers.py it shows the handler's data, typed `useData<PageData>()` when
    `dk types` has written the route's +types.ts.
    """
    parts = split_route_path(path)
    dynamic = any(_param(p) for p in parts)
    directory = routes_dir(ctx)[0].joinpath(*parts)
    data = (directory / "handlers.py").is_file()
    types = directory / TYPES_FILE
    typed = data and types.is_file() and bool(_PAGE_DATA.search(types.read_text("utf-8")))
    hooks = [h for h, used in (("useData", data), ("useParams", dynamic)) if used]
    imports = f'import {{ {", ".join(hooks)} }} from "@djangokit/runtime";\n' if hooks else ""
    if typed:
        imports += 'import type { PageData } from "./+types";\n'
    body = f"  const data = useData{'<PageData>' if typed else ''}();\n" if data else ""
    extra = "      <pre>{JSON.stringify(data, null, 2)}</pre>\n" if data else ""
    if dynamic:
        body += "  const params = useParams();\n"
        extra += "      <pre>{JSON.stringify(params)}</pre>\n"
    _write(
        ctx,
        path,
        "page.tsx",
        "page.tsx",
        suffix="Page",
        imports=f"{imports}\n" if imports else "",
        body=body,
        extra=extra,
    )
    if data and not typed:
        click.echo(
            "Run `dk types` to write its +types.ts, then type the data: "
            '`useData<PageData>()` with `import type { PageData } from "./+types"`.'
        )


@add_group.command("layout", epilog=_PATH_HELP)
@click.argument("path")
@click.pass_context
def add_layout(ctx: click.Context, path: str) -> None:
    """Add a layout wrapping every page at and below PATH: routes/PATH/layout.tsx."""
    _write(ctx, path, "layout.tsx", "layout.tsx", suffix="Layout")


@add_group.command("handler", epilog=_PATH_HELP)
@click.argument("path")
@click.pass_context
def add_handler(ctx: click.Context, path: str) -> None:
    """Add a page's data handler: routes/PATH/handlers.py with `get`, its return type a
    TypedDict that `dk types` turns into the page's `PageData`."""
    _write(ctx, path, "handlers.py", "handlers.py", key="message")
    _types_hint()


@add_group.command("api", epilog=_PATH_HELP)
@click.argument("path")
@click.pass_context
def add_api(ctx: click.Context, path: str) -> None:
    """Add a JSON API endpoint: routes/PATH/handlers.py with `get` and `post`, their return
    types TypedDicts that `dk types` turns into TypeScript."""
    _write(ctx, path, "handlers.py", "api.py", key="items")
    _types_hint()


def _types_hint() -> None:
    click.echo(
        f"`dk dev` writes {TYPES_FILE} beside it from its return annotations; "
        "without it, run `dk types`."
    )


add_group.add_command(model_command)
add_group.add_command(auth_command)
