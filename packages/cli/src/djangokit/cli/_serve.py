"""`dk serve`: the production server (gunicorn + WhiteNoise) for a built project."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import logging
import os
import pathlib
import sys

import click

from djangokit.cli._affinity import PIN_ENV
from djangokit.cli._build import serve_settings_module
from djangokit.cli._project import build_paths, project_root, setup_django

__all__ = ["serve_command", "start_renderer"]

logger = logging.getLogger("djangokit.cli")

WSGI_APPLICATION = "djangokit.cli._serve_wsgi:application"
"""Core's application, with the SSR renderer started as each gunicorn worker loads it."""


THREADS_ENV = "DJANGOKIT_SERVE_THREADS"
"""How many requests each gunicorn worker serves at once; its SSR pool starts as many Node
renderers (unless ``[djangokit.ssr] workers`` says otherwise)."""


@click.command(
    "serve",
    short_help="Serve in production (gunicorn + WhiteNoise).",
    context_settings={"ignore_unknown_options": True},
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(min=1),
    help="Gunicorn worker processes.",
)
@click.option(
    "--threads",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Threads per worker (more than 1: gunicorn's gthread workers).",
)
@click.option(
    "--access-log/--no-access-log",
    default=False,
    show_default=True,
    help="Log every request to standard output (gunicorn's access log; off, as gunicorn's).",
)
@click.option(
    "--pin-cpus/--no-pin-cpus",
    default=None,
    help="Pin each worker and its Node renderer to one CPU (Linux; default: with sync workers).",
)
@click.argument("gunicorn_args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def serve_command(
    ctx: click.Context,
    host: str,
    port: int,
    workers: int,
    threads: int,
    access_log: bool,
    pin_cpus: bool | None,
    gunicorn_args: tuple[str, ...],
) -> None:
    """Serve the project in production: gunicorn, static files through WhiteNoise.

    Runs with the production settings (DJANGOKIT_ENV=production unless --env or
    DJANGOKIT_ENV says otherwise). Run `dk build --production` first. Other gunicorn
    options follow `--`: `dk serve -- --timeout 60 --max-requests 10000`. Sync workers
    are pinned to a CPU each, with their Node renderer (--no-pin-cpus: not).
    """
    project_root(ctx)  # not a project: say that before anything else
    module = serve_settings_module()
    if module is None or importlib.util.find_spec("gunicorn") is None:
        raise click.ClickException(
            "`dk serve` needs gunicorn and whitenoise: pip install gunicorn whitenoise."
        )
    env = ctx.obj.get("env") or "production"
    root = setup_django(ctx, env=env, settings_module=module)
    _check_built(root)
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        WSGI_APPLICATION,
        "--bind",
        f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "--workers",
        str(workers),
    ]
    if threads > 1:
        argv += ["--worker-class", "gthread", "--threads", str(threads)]
    if access_log:
        argv += ["--access-logfile", "-"]
    if _gunicorn_version() >= (25, 1):
        argv.append("--no-control-socket")  # several servers on one machine would share it
    click.echo(f"Serving {root.name} ({env}) at http://{host}:{port}/", err=True)
    if _redirects_to_https():
        click.echo(
            "HTTPS is on: plain-HTTP requests are redirected to https://. Serve it behind a "
            "TLS proxy, or set DJANGOKIT_HTTPS=false to serve plain HTTP (docs/deploy.md).",
            err=True,
        )
    argv += [arg for arg in gunicorn_args if arg != "--"]
    os.environ[THREADS_ENV] = str(threads)
    # A sync worker and its renderer take turns on one CPU (decision 11); gthread workers
    # render several pages at once, so their renderers keep every CPU.
    os.environ[PIN_ENV] = "1" if (threads == 1 if pin_cpus is None else pin_cpus) else "0"
    sys.stdout.flush()
    sys.stderr.flush()
    # gunicorn takes over this process, so stopping `dk serve` stops the server.
    os.execv(sys.executable, argv)


def _redirects_to_https() -> bool:
    from django.conf import settings

    return bool(getattr(settings, "SECURE_SSL_REDIRECT", False))


def start_renderer(threads: int | None = None) -> bool:
    """Start the configured SSR renderer's processes (``PoolRenderer.start()``) if it has
    any; whether it did. Each gunicorn worker of `dk serve` calls this as it loads the app,
    with its number of *threads*: a worker renders at most that many pages at once, so its
    pool starts that many Node renderers unless ``[djangokit.ssr] workers`` is set."""
    from djangokit.core.ssr import get_renderer

    try:
        start = getattr(get_renderer(), "start", None)
        if not callable(start):
            return False
        if threads is None:
            start()
        else:
            start(workers=threads)
    except Exception as exc:  # the pages still work: the renderer retries with the first one
        logger.warning(
            "The SSR renderer did not start up front (%s); it starts with the first page.", exc
        )
        return False
    return True


def _gunicorn_version() -> tuple[int, ...]:
    parts = importlib.metadata.version("gunicorn").split(".")[:2]
    return tuple(int(p) if p.isdigit() else 0 for p in parts)


def _check_built(project_root: pathlib.Path) -> None:
    from django.conf import settings

    paths = build_paths(project_root)
    static_root = pathlib.Path(getattr(settings, "STATIC_ROOT", None) or "")
    if not paths.manifest.is_file():
        missing = f"no build manifest at {paths.show(paths.manifest)}"
    elif not settings.STATIC_ROOT or not (static_root / "djangokit").is_dir():
        missing = f"the bundles are not collected into STATIC_ROOT ({static_root})"
    else:
        return
    raise click.ClickException(
        f"The project is not built ({missing}). Run `dk build --production` first."
    )
