"""Server-side rendering for DjangoKit through persistent Node renderers (decision 0004).

Installed, it plugs into core's SSR seam as the ``pool``, ``url`` and ``subprocess`` backends
of ``[djangokit.ssr]``:

```toml
[djangokit.ssr]
backend = "pool"   # or "url" with url = "http://127.0.0.1:3001", or "subprocess"
workers = 4
timeout = 5.0
```
"""

from djangokit.ssr._pool import PoolRenderer
from djangokit.ssr._remote import UrlRenderer
from djangokit.ssr._server import serve, server_command
from djangokit.ssr._subprocess import SubprocessRenderer
from djangokit.ssr._version import __version__

__all__ = [
    "PoolRenderer",
    "SubprocessRenderer",
    "UrlRenderer",
    "__version__",
    "serve",
    "server_command",
]
