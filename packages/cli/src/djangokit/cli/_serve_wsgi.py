"""The WSGI application `dk serve` runs: core's, with the server-side renderer started as
each gunicorn worker loads it, so no visitor waits for Node to start and import the bundle.
A sync worker first pins itself to a CPU (``--pin-cpus``), so its renderer starts there too.

Without SSR (not installed, off, or no build on ``auto``) it is core's application unchanged.
A renderer that cannot start now is logged and tried again with the first page.
"""

from __future__ import annotations

import os

from djangokit.cli._affinity import pin_worker
from djangokit.cli._serve import THREADS_ENV, start_renderer
from djangokit.core.wsgi import application

__all__ = ["application"]

pin_worker()
start_renderer(int(os.environ.get(THREADS_ENV) or 1))
