"""`dk build [--production]`: the bundles, the manifest and (for production) collected static."""

from __future__ import annotations

import gzip
import importlib.util
import pathlib
import time

import click

from djangokit.cli._project import setup_django

__all__ = ["build_command", "serve_settings_module"]

SERVE_SETTINGS_MODULE = "djangokit.cli._serve_settings"


def serve_settings_module() -> str | None:
    """The settings module with WhiteNoise in, or ``None`` when WhiteNoise is not installed."""
    if importlib.util.find_spec("whitenoise") is None:
        return None
    return SERVE_SETTINGS_MODULE


@click.command("build", short_help="Build the bundles (and collect static files).")
@click.option(
    "--production",
    is_flag=True,
    help="Minify, then collect static files into STATIC_ROOT for `dk serve`.",
)
@click.pass_context
def build_command(ctx: click.Context, production: bool) -> None:
    """Build the front end: route manifest, browser and server bundles."""
    started = time.monotonic()
    setup_django(ctx, settings_module=serve_settings_module() if production else None)
    from djangokit.core.build import BuildError, build

    click.echo(f"Building {'for production' if production else 'for development'}...")
    try:
        result = build(production=production)
    except BuildError as error:
        raise click.ClickException(f"The build failed: {error}") from None
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    files = sorted(p for p in result.paths.client_dir.rglob("*") if _is_bundle(p))
    gzipped = sum(len(gzip.compress(p.read_bytes())) for p in files)
    click.echo(
        f"Built {len(files)} files, {gzipped / 1024:.1f} KB gzipped, "
        f"in {result.seconds or time.monotonic() - started:.2f}s "
        f"({result.paths.show(result.paths.manifest)})."
    )
    if production:
        _collectstatic()
        click.echo(f"Done in {time.monotonic() - started:.2f}s.")


def _is_bundle(path: pathlib.Path) -> bool:
    return path.is_file() and path.suffix in {".js", ".css"}


def _collectstatic() -> None:
    from django.conf import settings
    from django.core.management import call_command

    click.echo(f"Collecting static files into {settings.STATIC_ROOT}...")
    call_command("collectstatic", interactive=False, verbosity=0)
