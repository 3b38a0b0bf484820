"""The settings `dk dev` runs the development server with: the project's settings, with
live reload (:mod:`djangokit.cli._livereload`) first in ``MIDDLEWARE``."""

from __future__ import annotations

from djangokit.core import settings as _project

_LIVE_RELOAD = "djangokit.cli._livereload.LiveReloadMiddleware"

globals().update({k: v for k, v in vars(_project).items() if k.isupper()})

MIDDLEWARE = [_LIVE_RELOAD, *(m for m in getattr(_project, "MIDDLEWARE", []) if m != _LIVE_RELOAD)]
