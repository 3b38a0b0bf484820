"""`dk check`: the routes, Django's system checks and (when installed) TypeScript's."""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess
from collections.abc import Callable

import click

from djangokit.cli._errors import hint
from djangokit.cli._project import build_paths, setup_django

__all__ = ["check_command", "tsconfig_for_check"]

TSCONFIG = "tsconfig.check.json"
_TYPES_HINT = "npm install --save-dev typescript @types/react @types/react-dom"


@click.command("check", short_help="Check the routes, Django and TypeScript types.")
@click.option(
    "--deploy",
    is_flag=True,
    help="Add Django's deployment checks; then warnings fail too (unless silenced).",
)
@click.pass_context
def check_command(ctx: click.Context, deploy: bool) -> None:
    """Check the project: routes, Django's system checks, and TypeScript types.

    With --deploy (run it with the deployed settings: `dk --env production check --deploy`)
    Django's deployment checks run too, and any warning fails the command unless listed in
    SILENCED_SYSTEM_CHECKS, as does a settings warning (a misspelt Django setting): a
    deployment warning is a real problem.

    Types are checked with `tsc --noEmit` when typescript is installed in node_modules
    (`npm install --save-dev typescript @types/react @types/react-dom`).
    """
    project_root = setup_django(ctx)
    settings_warnings: tuple[Warning, ...] = ctx.obj.get("settings_warnings", ())
    checks: list[tuple[str, Callable[[], bool]]] = [
        ("settings", lambda: _check_settings(settings_warnings, deploy)),
        ("routes", _check_routes),
        ("django", lambda: _check_django(deploy)),
        ("types", lambda: _check_types(project_root)),
    ]
    failed = [name for name, check in checks if not check()]
    if failed:
        raise click.ClickException(f"dk check found problems ({', '.join(failed)}).")
    click.echo("All checks passed.")


def _check_settings(found: tuple[Warning, ...], deploy: bool) -> bool:
    """The settings' warnings (each already shown as it loaded) fail a deploy check."""
    if not found:
        return True
    click.echo(f"settings: {len(found)} warning{'s' if len(found) > 1 else ''} (above).", err=True)
    return not deploy


def _check_routes() -> bool:
    from djangokit.core import RouteError, get_route_tree

    try:
        tree = get_route_tree()
    except RouteError as error:
        click.echo(f"routes: {error}", err=True)
        return False
    urls = sum(1 for route in tree.iter_routes() if route.routable)
    click.echo(f"routes: {urls} URLs, no problems.")
    return True


def _check_django(deploy: bool) -> bool:
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=deploy, fail_level="WARNING" if deploy else "ERROR")
    except (SystemCheckError, ImproperlyConfigured) as error:
        click.echo(f"django: {hint(str(error))}".rstrip(), err=True)
        return False
    return True


def _check_types(project_root: pathlib.Path) -> bool:
    tsc = project_root / "node_modules" / "typescript" / "bin" / "tsc"
    node = shutil.which("node")
    if not tsc.is_file() or node is None:
        why = "Node.js is not installed" if tsc.is_file() else f"to check them: {_TYPES_HINT}"
        click.echo(f"types: skipped ({why}).")
        return True
    config = tsconfig_for_check(project_root)
    result = subprocess.run(
        [node, str(tsc), "-p", str(config)],
        cwd=project_root,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        click.echo((result.stdout + result.stderr).rstrip(), err=True)
        click.echo("types: tsc found errors.", err=True)
        return False
    click.echo("types: no problems.")
    return True


def tsconfig_for_check(project_root: pathlib.Path) -> pathlib.Path:
    """Write ``.djangokit/tsconfig.check.json``: the project's tsconfig, with
    ``@djangokit/runtime`` mapped to the runtime the build uses and bare imports (``react``)
    resolved in the project's own ``node_modules``, types first."""
    from djangokit.core.build import BuildError, find_runtime

    paths = build_paths(project_root)
    mapping = {"*": ["../node_modules/@types/*", "../node_modules/*"]}
    try:
        runtime = find_runtime(paths)
    except BuildError as error:
        raise click.ClickException(str(error)) from None
    if runtime.src_dir is not None:
        src = runtime.src_dir.as_posix()
        mapping = {
            "@djangokit/runtime": [f"{src}/index.ts"],
            "@djangokit/runtime/*": [f"{src}/*"],
            **mapping,
        }
    config = {
        "extends": "../tsconfig.json",
        "compilerOptions": {"noEmit": True, "paths": mapping},
        "include": ["../src/**/*.ts", "../src/**/*.tsx"],
    }
    target = paths.work_dir / TSCONFIG
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return target
