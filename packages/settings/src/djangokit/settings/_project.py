"""The project directory, its package and the environment name."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from ._errors import SettingsError

__all__ = [
    "DEV_ENVS",
    "ENV_ALIASES",
    "ENV_VAR",
    "PROJECT_ROOT_VAR",
    "check_env_file",
    "find_project_package",
    "is_plain_django",
    "project_dir_from",
    "project_envs",
    "resolve_env",
]

ENV_VAR = "DJANGOKIT_ENV"
"""The environment variable naming the environment (``development`` by default)."""
PROJECT_ROOT_VAR = "DJANGOKIT_PROJECT_ROOT"
"""The environment variable naming the project directory (the current one by default)."""
DEFAULT_ENV = "development"
DEV_ENVS = frozenset({"development", "test"})
"""Environments that need no settings file of their own, where ``DEBUG`` defaults to true and
a development key is filled in. Every other environment is a deployed one."""
ENV_ALIASES = {"dev": "development", "prod": "production"}
"""Short names accepted for ``DJANGOKIT_ENV`` / ``dk --env`` (the original DjangoKit's)."""
_ENV_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


def project_dir_from(
    project_dir: str | os.PathLike[str] | None, environ: Mapping[str, str]
) -> Path:
    """The absolute project directory: the argument, else ``$DJANGOKIT_PROJECT_ROOT``, else cwd."""
    given = project_dir if project_dir is not None else environ.get(PROJECT_ROOT_VAR) or os.getcwd()
    path = Path(given).expanduser().resolve()
    if not path.is_dir():
        raise SettingsError(
            file=str(path),
            key=None,
            expected="a project directory",
            found="no such directory",
            hint=f"Pass the project directory, or set {PROJECT_ROOT_VAR}.",
        )
    return path


def resolve_env(env: str | None, environ: Mapping[str, str]) -> tuple[str, str]:
    """The environment name and where it came from (for error messages)."""
    if env is not None:
        name, source = env, "the env argument of load()"
    elif environ.get(ENV_VAR):
        name, source = environ[ENV_VAR], f"environment variable {ENV_VAR}"
    else:
        return DEFAULT_ENV, "DjangoKit defaults"
    if not _ENV_NAME.fullmatch(name) or name == "local":
        raise SettingsError(
            file=source,
            key="djangokit.env",
            expected="a lower-case environment name such as development, test or production "
            "(not 'local', which names settings.local.toml)",
            found=repr(name),
            hint=f"Set {ENV_VAR} to one of development, test, production or your own name.",
        )
    if name in ENV_ALIASES:
        alias, name = name, ENV_ALIASES[name]
        source = f"{source} ({alias!r}, an alias of {name!r})"
    return name, source


def project_envs(project_dir: Path) -> list[str]:
    """The environments a project has: development, test and one per ``settings.<env>.toml``."""
    found = {
        path.name.removeprefix("settings.").removesuffix(".toml")
        for path in project_dir.glob("settings.*.toml")
    }
    return sorted((found - {"local", *ENV_ALIASES}) | DEV_ENVS)


def check_env_file(project_dir: Path, env: str, source: str) -> None:
    """Refuse an environment that is neither development nor test and has no settings file.

    A deployed environment must be named on purpose: a typo (``DJANGOKIT_ENV=prodution``)
    would otherwise run with no production settings and no production checks.
    """
    for alias, name in ENV_ALIASES.items():
        stray = project_dir / f"settings.{alias}.toml"
        if name == env and stray.is_file():
            raise SettingsError(
                file=str(stray),
                key="djangokit.env",
                expected=f"settings.{name}.toml ({alias!r} is an alias of {name!r})",
                found=f"settings.{alias}.toml, which is never read",
                hint=f"Rename it to settings.{name}.toml.",
            )
    if env in DEV_ENVS or (project_dir / f"settings.{env}.toml").is_file():
        return
    envs = project_envs(project_dir)
    raise SettingsError(
        file=source,
        key="djangokit.env",
        expected=f"an environment of this project: {', '.join(envs)} "
        "(dev and prod are aliases of development and production)",
        found=f"{env!r}, which has no settings.{env}.toml in {project_dir}",
        hint=f"Set {ENV_VAR} (or dk --env) to one of them, or create settings.{env}.toml "
        "to add an environment: only development and test run without their own file.",
    )


def find_project_package(project_dir: str | os.PathLike[str]) -> str:
    """The project's Python package: the single package under ``<project_dir>/src/``.

    >>> find_project_package("mysite")  # doctest: +SKIP
    'mysite'

    A project without ``src/`` (a ``django-admin startproject`` tree) gets the single
    package beside ``manage.py`` that holds a ``settings.py`` (`is_plain_django`).
    Raises `SettingsError` when there is none or more than one; set
    ``[djangokit] package`` in ``settings.toml`` to choose.
    """
    root = Path(project_dir)
    src = root / "src"
    found = _packages(src)
    if not found and not src.is_dir():
        found = [name for name in _packages(root) if (root / name / "settings.py").is_file()]
    if len(found) == 1:
        return found[0]
    raise SettingsError(
        file=str(src),
        key="djangokit.package",
        expected="exactly one Python package (a directory with __init__.py) under src/, "
        "or, without src/, one package holding settings.py (as startproject makes)",
        found=f"{len(found)}: {', '.join(found)}" if found else "none",
        hint='Set package = "yourpackage" in the [djangokit] table of settings.toml.',
    )


def is_plain_django(project_dir: Path, package: str) -> bool:
    """Whether the project is a plain Django project rather than a DjangoKit one: no
    ``src/``, and its package sits in the project directory without a ``routes/``."""
    folder = project_dir / package.replace(".", "/")
    return (
        bool(package)
        and not (project_dir / "src").is_dir()
        and (folder / "__init__.py").is_file()
        and not (folder / "routes").is_dir()
    )


def _packages(folder: Path) -> list[str]:
    return sorted(
        child.name
        for child in (folder.iterdir() if folder.is_dir() else ())
        if child.is_dir() and child.name.isidentifier() and (child / "__init__.py").is_file()
    )
