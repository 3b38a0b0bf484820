"""The project directory, its package and the environment name."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from ._errors import SettingsError

__all__ = ["ENV_VAR", "PROJECT_ROOT_VAR", "find_project_package", "project_dir_from", "resolve_env"]

ENV_VAR = "DJANGOKIT_ENV"
"""The environment variable naming the environment (``development`` by default)."""
PROJECT_ROOT_VAR = "DJANGOKIT_PROJECT_ROOT"
"""The environment variable naming the project directory (the current one by default)."""
DEFAULT_ENV = "development"
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
    return name, source


def find_project_package(project_dir: str | os.PathLike[str]) -> str:
    """The name of the single Python package under ``<project_dir>/src/``.

    >>> find_project_package("mysite")  # doctest: +SKIP
    'mysite'

    Raises `SettingsError` when there is none or more than one; set
    ``[djangokit] package`` in ``settings.toml`` to choose.
    """
    src = Path(project_dir) / "src"
    found = sorted(
        child.name
        for child in (src.iterdir() if src.is_dir() else ())
        if child.is_dir() and child.name.isidentifier() and (child / "__init__.py").is_file()
    )
    if len(found) == 1:
        return found[0]
    raise SettingsError(
        file=str(src),
        key="djangokit.package",
        expected="exactly one Python package (a directory with __init__.py) under src/",
        found=f"{len(found)}: {', '.join(found)}" if found else "none",
        hint='Set package = "yourpackage" in the [djangokit] table of settings.toml.',
    )
