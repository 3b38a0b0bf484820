"""Testing a DjangoKit project with pytest (docs/testing.md).

The pytest plugin (``djangokit.core.testing.plugin``, registered through the ``pytest11``
entry point) configures a project's tests and provides the ``route_client`` fixture:

```python
def test_home(route_client, db):
    data = route_client.data("/")
    assert data.status == 200 and data.page == {"notes": []}
```
"""

from ._browser import READY
from ._client import RouteClient
from ._helpers import REQUIRE_SERVICES_VAR, free_port, unavailable
from ._html import visible_text
from ._npm import package_json
from ._project import DEFAULT_TEST_OUT_DIR, TEST_ENV
from ._results import Action, ApiResult, Page, RouteData

__all__ = [
    "DEFAULT_TEST_OUT_DIR",
    "READY",
    "REQUIRE_SERVICES_VAR",
    "TEST_ENV",
    "Action",
    "ApiResult",
    "Page",
    "RouteClient",
    "RouteData",
    "free_port",
    "package_json",
    "unavailable",
    "visible_text",
]
