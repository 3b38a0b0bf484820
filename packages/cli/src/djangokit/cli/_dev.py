"""`dk dev`: Django's development server, the esbuild watcher, live reload and `+types.ts`."""

from __future__ import annotations

import importlib
import os
import pathlib
import signal
import threading
from types import FrameType
from typing import TYPE_CHECKING

import click

from djangokit.cli._livereload import ERROR_FILE, revalidate
from djangokit.cli._manage import say_dk
from djangokit.cli._project import build_paths, setup_django

if TYPE_CHECKING:
    from djangokit.core import RouteTree
    from djangokit.core.build import Watcher

__all__ = ["dev_command"]

DEV_SETTINGS_MODULE = "djangokit.cli._dev_settings"
# Django's autoreloader runs the server in a child process with this set; the parent (this
# command, first time round) keeps the build watcher across the server's restarts.
_SERVER_CHILD = "RUN_MAIN"


@click.command("dev", short_help="Run the dev server with rebuilds and live reload.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--no-reload", is_flag=True, help="Do not reload or restart on Python changes.")
@click.pass_context
def dev_command(ctx: click.Context, host: str, port: int, no_reload: bool) -> None:
    """Develop: the Django server, rebuilds on every change, and live reload in the browser.

    New routes, ``document.html`` and edited handlers are swapped into the running server
    (the open page loads its data again in place); a change to models, settings or other
    code the server cannot swap restarts it. A failed build or Python error shows over the
    page until it is fixed, and `+types.ts` files follow the handlers' return annotations
    (as `dk types` writes them).
    """
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    if os.environ.get(_SERVER_CHILD) == "true":  # the autoreloader's server process
        _serve(ctx, address, host, port)
        return
    root = setup_django(ctx, settings_module=DEV_SETTINGS_MODULE)
    say_dk()  # runserver's unapplied-migrations notice: `dk migrate`, not manage.py
    from django.core.management import call_command

    stopping = threading.Event()

    def interrupted(signum: int, frame: FrameType | None) -> None:
        stopping.set()  # esbuild gets the same Ctrl-C: its exit is not a failed build
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupted)
    _sync_types(None, root)  # before the first build, which may import them
    watcher = _start_watcher(root, stopping)
    try:
        call_command("runserver", address, use_reloader=not no_reload)
    finally:
        stopping.set()
        watcher.stop()


def _serve(ctx: click.Context, address: str, host: str, port: int) -> None:
    """The server process: Django's runserver, with the project's code swapped in place
    (:mod:`djangokit.cli._hot`) and restarts only for what cannot be swapped. If the project
    cannot start, the error overlay until the next save (:mod:`djangokit.cli._dev_errors`)."""
    from djangokit.cli._dev_errors import describe_failure, serve_failure
    from djangokit.cli._hot import HotReloader, guard_autoreloader
    from djangokit.cli._project import project_root

    root = project_root(ctx)
    say_dk()  # runserver's unapplied-migrations notice: `dk migrate`, not manage.py
    try:
        setup_django(ctx, settings_module=DEV_SETTINGS_MODULE)
        from django.conf import settings

        from djangokit.core import get_route_tree

        urlconf = str(settings.ROOT_URLCONF)
        importlib.import_module(urlconf)  # a broken handler: the overlay, not a traceback
        routes_dir = get_route_tree().routes_dir
        hot = HotReloader(
            get_route_tree().package, routes_dir.parent, urlconf, on_reload=revalidate
        )
    except Exception as error:
        serve_failure(describe_failure(error, root), root, host, port)
    from django.core.management import call_command
    from django.utils.autoreload import autoreload_started, file_changed

    def watch_settings(sender: object, **kwargs: object) -> None:
        for path in root.glob("settings*.toml"):
            sender.extra_files.add(path)  # type: ignore[attr-defined]

    def swapped(sender: object, file_path: pathlib.Path, **kwargs: object) -> bool:
        return hot.owns(file_path)  # True: no restart, the reloader swaps it in

    autoreload_started.connect(watch_settings, weak=False)
    file_changed.connect(swapped, weak=False)
    guard_autoreloader(hot.lock)
    _static_no_cache()
    hot.start()
    call_command("runserver", address, use_reloader=True)


def _static_no_cache() -> None:
    """``Cache-Control: no-cache`` on the static files runserver serves, and always the file
    itself: with Fast Refresh a route module keeps its URL across rebuilds (decision 0008).
    A browser would otherwise reuse a copy it deems fresh (Django sends only
    ``Last-Modified``), and Django's ``If-Modified-Since`` check counts whole seconds, so two
    saves in one second would leave the browser the first one's module (a 304)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler, StaticFilesHandlerMixin
    from django.http import FileResponse, HttpRequest, HttpResponse

    serve = StaticFilesHandler.serve

    def serve_no_cache(
        self: StaticFilesHandlerMixin, request: HttpRequest
    ) -> HttpResponse | FileResponse:
        request.META.pop("HTTP_IF_MODIFIED_SINCE", None)
        response = serve(self, request)
        response["Cache-Control"] = "no-cache"
        return response

    StaticFilesHandler.serve = serve_no_cache  # type: ignore[method-assign]


def _start_watcher(root: pathlib.Path, stopping: threading.Event) -> Watcher:
    from djangokit.core.build import BuildError, BuildResult, watch

    paths = build_paths(root)
    error_file = paths.work_dir / ERROR_FILE
    first = threading.Event()

    def on_rebuild(result: BuildResult | BuildError) -> None:
        if stopping.is_set():
            return
        if isinstance(result, BuildError):
            report = result.report()  # file:line:column: message, and the source line
            paths.work_dir.mkdir(parents=True, exist_ok=True)
            error_file.write_text(report, encoding="utf-8")  # the page's overlay shows it
            click.echo(f"Build failed:\n{report}", err=True)
        else:
            error_file.unlink(missing_ok=True)
            click.echo(f"Built in {result.seconds:.2f}s.", err=True)
        first.set()

    def on_tree(tree: RouteTree) -> None:
        """`+types.ts` for each new route tree: the watcher polls the project package and,
        when one of its Python modules changes, imports its modules afresh into a new tree
        (or reports the import error as a failed build). Files are written only when their
        text changes, so a write cannot start a rebuild that starts another."""
        if not stopping.is_set():
            _sync_types(tree, root)

    paths.work_dir.mkdir(parents=True, exist_ok=True)
    click.echo("Building...", err=True)
    try:
        watcher = watch(on_rebuild=on_rebuild, on_tree=on_tree, refresh=True)
    except BuildError as error:
        raise click.ClickException(f"The build failed: {error}") from None
    if not first.wait(120):
        watcher.stop()
        raise click.ClickException("The first build took over 2 minutes; stopped waiting.")
    return watcher


def _sync_types(tree: RouteTree | None, root: pathlib.Path) -> RouteTree | None:
    """`dk types` for *tree* (by default the project's): one line per file written or
    removed, or one for a failure, which must not stop `dk dev` (the next edit may fix it).
    The tree, or ``None`` if there was none to be had (the build will say why)."""
    from djangokit.core import get_route_tree
    from djangokit.core.typescript import sync_declarations

    def show(path: pathlib.Path) -> str:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return str(path)

    if tree is None:
        try:
            tree = get_route_tree()
        except Exception:  # the build fails on it too, and says why
            return None
    try:
        changes = sync_declarations(tree)
    except Exception as error:  # DeclarationError, or a handler's annotations failing
        detail = " ".join(str(error).split()) or type(error).__name__
        click.echo(f"TypeScript types not updated: {detail}", err=True)
        return tree
    for path in changes.written:
        click.echo(f"Wrote {show(path)}", err=True)
    for path in changes.removed:
        click.echo(f"Removed {show(path)}", err=True)
    return tree
