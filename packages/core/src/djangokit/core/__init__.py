"""DjangoKit core: file-system routes, handlers and the HTML document for Django + React.

```python
from djangokit.core import Problem, Slug, handler
```
"""

from ._converters import Slug
from ._discovery import discover_routes, get_route_tree
from ._dispatch import handler
from ._patterns import URL_NAMESPACE, get_urlpatterns
from ._problems import Problem, ProblemError
from ._redirects import safe_redirect
from ._routes import ROOT_ID, Endpoint, Route, RouteError, RouteTree, Segment
from ._version import __version__

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
