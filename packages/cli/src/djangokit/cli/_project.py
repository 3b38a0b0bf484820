"""Pointing Django at a DjangoKit project: the environment every Django-using command needs."""

from __future__ import annotations

import importlib.util
import os
import pathlib
import sys
import warnings
from typing import TYPE_CHECKING

import click

from djangokit.cli._errors import hint
from djangokit.settings import LoadedSettings, SettingsError, SettingsWarning, load

if TYPE_CHECKING:
    from djangokit.core.build import BuildPaths

__all__ = [
    "DEFAULT_SETTINGS_MODULE",
    "build_paths",
    "configure",
    "load_project",
    "project_root",
    "routes_dir",
    "setup_django",
]

DEFAULT_SETTINGS_MODULE = "djangokit.core.settings"


def configure(
    ctx: click.Context, *, env: str | None = None, settings_module: str | None = None
) -> pathlib.Path:
    """Set ``DJANGOKIT_PROJECT_ROOT``/``DJANGOKIT_ENV``/``DJANGO_SETTINGS_MODULE`` for *ctx*'s
    project and check its settings load; return the project directory.

    A ``DJANGO_SETTINGS_MODULE`` the user set is kept; *settings_module* replaces only the
    default one. Settings errors become one-line ``click`` errors.
    """
    root = project_root(ctx)
    env = env or ctx.obj.get("env")
    if _own_settings_module():
        # The user's own settings module decides everything; just make the project importable.
        _add_src(root)
        return root
    ctx.obj["settings_warnings"] = load_project(root, env).warnings
    os.environ["DJANGOKIT_PROJECT_ROOT"] = str(root)
    if env:
        os.environ["DJANGOKIT_ENV"] = env
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module or DEFAULT_SETTINGS_MODULE
    _add_src(root)
    return root


def load_project(root: pathlib.Path, env: str | None) -> LoadedSettings:
    """*root*'s settings for *env*. Each `SettingsWarning` (a misspelt Django setting) is
    shown once as a ``Warning: ...`` line, also when an error follows; a `SettingsError`
    becomes a one-line ``click`` error."""
    failure: SettingsError | None = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SettingsWarning)
        try:
            loaded = load(root, env=env)
        except SettingsError as error:
            failure = error
    for warning in caught:
        if issubclass(warning.category, SettingsWarning):
            click.echo(f"Warning: {warning.message}", err=True)
        else:
            warnings.showwarning(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    # Shown: Django's own load of the same settings in this process stays quiet.
    warnings.filterwarnings("ignore", category=SettingsWarning)
    if failure is not None:
        raise click.ClickException(str(failure)) from None
    return loaded


def project_root(ctx: click.Context) -> pathlib.Path:
    """*ctx*'s project directory; an error unless it has a ``settings.toml`` (or the user
    runs their own ``DJANGO_SETTINGS_MODULE``)."""
    root = pathlib.Path(ctx.obj["project_root"]).resolve()
    if not _own_settings_module() and not (root / "settings.toml").is_file():
        raise click.ClickException(
            f"{root} is not a DjangoKit project (it has no settings.toml). Run the command "
            f"in the project directory, pass --project-root, or create one with `dk new NAME`."
        )
    return root


def _own_settings_module() -> bool:
    # djangokit.core.settings and the CLI's own variants of it are not the user's.
    module = os.environ.get("DJANGO_SETTINGS_MODULE") or "djangokit."
    return not module.startswith("djangokit.")


def setup_django(
    ctx: click.Context, *, env: str | None = None, settings_module: str | None = None
) -> pathlib.Path:
    """:func:`configure`, then ``django.setup()``; errors in the project become one line."""
    root = configure(ctx, env=env, settings_module=settings_module)
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except (SettingsError, ImproperlyConfigured) as error:
        raise click.ClickException(hint(str(error))) from None
    return root


def _add_src(project_root: pathlib.Path) -> None:
    # The project's package lives in src/ and is usually not pip-installed.
    src = str(project_root / "src")
    if (project_root / "src").is_dir() and src not in sys.path:
        sys.path.insert(0, src)


def build_paths(root: pathlib.Path) -> BuildPaths:
    """Where the configured project's build lives (``[djangokit.build] out_dir``)."""
    from djangokit.core._conf import option
    from djangokit.core.build import BuildPaths, build_options

    return BuildPaths.of(root, build_options(option("build")))


def routes_dir(ctx: click.Context) -> tuple[pathlib.Path, str]:
    """The project's ``routes/`` directory and its package name."""
    project_root = configure(ctx)
    package = load(project_root, env=ctx.obj.get("env")).djangokit.package or ""
    spec = importlib.util.find_spec(package) if package.isidentifier() else None
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        raise click.ClickException(
            f"The project's package {package!r} was not found; set [djangokit] package in "
            f"settings.toml."
        )
    return pathlib.Path(locations[0]) / "routes", package
