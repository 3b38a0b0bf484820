"""The factories core finds through the ``djangokit.ssr_backends`` entry points.

With ``enabled`` unset ("auto"), a factory declines (returns ``None``: the client renders)
when Node is not on ``PATH`` or, for ``pool`` and ``subprocess``, when the project has no server
bundle at the first page request; ``enabled = true`` always builds the renderer, so a missing
bundle is logged with each page instead.
"""

from __future__ import annotations

import shutil

from djangokit.settings import SSRSettings

from ._pool import PoolRenderer
from ._protocol import bundle_path
from ._remote import UrlRenderer
from ._subprocess import SubprocessRenderer

__all__ = ["pool", "subprocess", "url"]


def _auto_declines(options: SSRSettings) -> bool:
    if options.enabled is not None:
        return False
    return shutil.which(options.node) is None or not bundle_path().is_file()


def pool(options: SSRSettings) -> PoolRenderer | None:
    """``backend = "pool"`` (the default)."""
    return None if _auto_declines(options) else PoolRenderer(options)


def url(options: SSRSettings) -> UrlRenderer:
    """``backend = "url"``."""
    return UrlRenderer(options)


def subprocess(options: SSRSettings) -> SubprocessRenderer | None:
    """``backend = "subprocess"``."""
    return None if _auto_declines(options) else SubprocessRenderer(options)
