"""`load` and `load_settings`: every source merged into one Django settings dict."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._checks import check_django_types, deployment_problems, misspelt_django_settings
from ._conventions import django_settings
from ._environ import environ_layer
from ._errors import SettingsError, SettingsWarning, closest
from ._models import DjangoKitSettings
from ._project import (
    check_env_file,
    find_project_package,
    is_plain_django,
    project_dir_from,
    resolve_env,
)
from ._provenance import Layers, Origin
from ._toml import toml_layer
from ._validation import validate_djangokit

__all__ = ["LoadedSettings", "load", "load_settings", "settings_files"]


@dataclass(frozen=True)
class LoadedSettings:
    """The result of `load`."""

    django: dict[str, Any]
    """The Django settings, ready for ``settings.configure(**django)``."""
    djangokit: DjangoKitSettings
    """The validated ``[djangokit]`` options (also ``django["DJANGOKIT"]``)."""
    env: str
    """The environment name, e.g. ``"development"``."""
    project_dir: Path
    """The absolute project directory (also ``django["BASE_DIR"]``)."""
    files: list[Path]
    """The TOML files that were read, in the order they were applied."""
    warnings: tuple[SettingsWarning, ...] = ()
    """Settings that loaded but look like mistakes (each also issued with `warnings.warn`)."""


def settings_files(project_dir: Path, env: str) -> list[Path]:
    """The TOML files for ``env`` in the order they apply (existing or not)."""
    names = ("settings.toml", f"settings.{env}.toml", "settings.local.toml")
    return [project_dir / name for name in names]


def load(
    project_dir: str | os.PathLike[str] | None = None,
    *,
    env: str | None = None,
    environ: Mapping[str, str] | None = None,
    **overrides: Any,
) -> LoadedSettings:
    """Read a project's settings from every source; later sources win.

    Sources: DjangoKit defaults, ``settings.toml``, ``settings.<env>.toml``,
    ``settings.local.toml``, environment variables, then ``overrides``:
    upper-case keywords are Django settings, lower-case ones ``[djangokit]``
    options, and ``djangokit={...}`` a whole ``[djangokit]`` table::

        loaded = load("~/mysite", env="test", DEBUG=False, ssr={"enabled": False})
        loaded.django["DEBUG"], loaded.djangokit.ssr.enabled  # (False, False)

    ``project_dir`` defaults to ``$DJANGOKIT_PROJECT_ROOT``, then the current
    directory; ``env`` to ``$DJANGOKIT_ENV``, then ``"development"``;
    ``environ`` to ``os.environ``. Raises `SettingsError` for any problem.
    """
    environ = os.environ if environ is None else environ
    root = project_dir_from(project_dir, environ)
    env_name, env_source = resolve_env(env, environ)
    check_env_file(root, env_name, env_source)
    layers = Layers()
    files = [path for path in settings_files(root, env_name) if path.is_file()]
    for path in files:
        toml_layer(path, environ, layers)
    environ_layer(environ, layers, project_dir=root)
    _override_layer(overrides, layers)
    layers.set(("djangokit", "env"), env_name, Origin(env_source))

    # A misspelt Django setting is only a warning (apps have settings of their own); it is
    # issued before any error, which it may explain (ALLOWED_HOST leaves ALLOWED_HOSTS empty).
    notes = tuple(misspelt_django_settings(layers))
    for note in notes:
        warnings.warn(note, stacklevel=2)

    # Every problem below is collected and reported at once, each with its file and key.
    problems: list[SettingsError] = []
    if not layers.get(("djangokit", "package")):
        try:
            package = find_project_package(root)
        except SettingsError as error:
            problems.append(error)
        else:
            layers.set(("djangokit", "package"), package, Origin(str(root / "src")))
    kit, kit_problems = validate_djangokit(layers)
    user, type_problems = check_django_types(layers)
    problems += kit_problems + type_problems
    if kit is not None:
        plain = is_plain_django(root, kit.package)
        settings = django_settings(user, kit, project_dir=root, env=env_name, plain=plain)
        problems += deployment_problems(settings, layers, env_name)
    if combined := SettingsError.of(problems):
        raise combined
    assert kit is not None
    return LoadedSettings(
        django=settings,
        djangokit=kit,
        env=env_name,
        project_dir=root,
        files=files,
        warnings=notes,
    )


def load_settings(
    project_dir: str | os.PathLike[str] | None = None,
    *,
    env: str | None = None,
    environ: Mapping[str, str] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """The Django settings dict of `load` (same arguments).

    For a hand-written ``src/mysite/settings.py``::

        from pathlib import Path
        from djangokit.settings import load_settings

        BASE_DIR = Path(__file__).resolve().parent.parent.parent
        globals().update(load_settings(BASE_DIR))
    """
    return load(project_dir, env=env, environ=environ, **overrides).django


def _override_layer(overrides: Mapping[str, Any], layers: Layers) -> None:
    for name, value in overrides.items():
        origin = Origin(f"load() keyword argument {name}")
        if name == "djangokit" and isinstance(value, Mapping):
            for key, item in value.items():
                _kit_override(str(key), item, origin, layers)
        elif name.isupper():
            layers.set(("django", name), value, origin)
        else:
            _kit_override(name, value, origin, layers)


def _kit_override(name: str, value: Any, origin: Origin, layers: Layers) -> None:
    fields = [field for field in DjangoKitSettings.model_fields if field != "env"]
    if name == "env":
        raise SettingsError(
            file=origin.label,
            key="djangokit.env",
            expected="the environment as load(env=...)",
            found="env inside djangokit={...}",
            hint="Pass env= to load(): it also picks settings.<env>.toml.",
        )
    if name not in fields:
        guess = closest(name, fields)
        raise SettingsError(
            file=origin.label,
            key=f"djangokit.{name}",
            expected="an upper-case Django setting or a [djangokit] option: " + ", ".join(fields),
            found=f"an unknown keyword {name!r}",
            hint=f"Did you mean {guess}=...?" if guess else "Check the spelling.",
        )
    layers.merge(("djangokit", name), value, origin)
