"""The default ``DJANGO_SETTINGS_MODULE`` of a DjangoKit project: no settings module to write.

Settings come from the project's TOML files and environment (see ``djangokit.settings``); the
project directory is ``$DJANGOKIT_PROJECT_ROOT`` or the current directory.
"""

from __future__ import annotations

import sys

from djangokit.settings import load

_loaded = load()

# A project run straight from a checkout (not pip-installed) still imports its package.
_src = str(_loaded.project_dir / "src")
if (_loaded.project_dir / "src" / _loaded.djangokit.package).is_dir() and _src not in sys.path:
    sys.path.insert(0, _src)

globals().update(_loaded.django)
