"""DjangoKit core: file-system routes, handlers and the HTML document for Django + React.

```python
from djangokit.core import Problem, Slug, handler
```

The names below are imported when first used, so that importing a submodule that needs no
Django (``djangokit.core.conventions``, for the CLI) does not import Django.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ._converters import Slug
    from ._discovery import discover_routes, get_route_tree
    from ._dispatch import handler
    from ._patterns import URL_NAMESPACE, get_urlpatterns
    from ._problems import Problem, ProblemError
    from ._redirects import safe_redirect
    from ._routes import ROOT_ID, Endpoint, Route, RouteError, RouteTree, Segment

__all__ = [
    "ROOT_ID",
    "URL_NAMESPACE",
    "Endpoint",
    "Problem",
    "ProblemError",
    "Route",
    "RouteError",
    "RouteTree",
    "Segment",
    "Slug",
    "__version__",
    "discover_routes",
    "get_route_tree",
    "get_urlpatterns",
    "handler",
    "safe_redirect",
]

_LAZY = {
    "Slug": "._converters",
    "discover_routes": "._discovery",
    "get_route_tree": "._discovery",
    "handler": "._dispatch",
    "URL_NAMESPACE": "._patterns",
    "get_urlpatterns": "._patterns",
    "Problem": "._problems",
    "ProblemError": "._problems",
    "safe_redirect": "._redirects",
    "ROOT_ID": "._routes",
    "Endpoint": "._routes",
    "Route": "._routes",
    "RouteError": "._routes",
    "RouteTree": "._routes",
    "Segment": "._routes",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # once: later lookups do not come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
