"""The front-end build: route manifest, entries and esbuild bundles for the browser and SSR.

```python
from djangokit.core.build import BuildError, build, watch

try:
    result = build(production=True)  # `dk build --production`
except BuildError as exc:
    print(exc)  # file:line:column: message, one per line

watcher = watch(on_rebuild=print)  # `dk dev`
watcher.stop()
```

See docs/build.md.
"""

from ._build import BuildResult, build
from ._entries import client_source, server_source, write_entries
from ._errors import BuildError, BuildMessage
from ._finder import BuildFinder
from ._manifest import NOT_FOUND_ROUTER_ID, client_manifest, route_modules, routes_source
from ._project import STATIC_PREFIX, WORK_DIR, BuildPaths, build_options
from ._refresh import REFRESH_FILE, REFRESH_PACKAGES
from ._runtime import REQUIRED_PACKAGES, Runtime, find_runtime
from ._watch import Watcher, watch

__all__ = [
    "NOT_FOUND_ROUTER_ID",
    "REFRESH_FILE",
    "REFRESH_PACKAGES",
    "REQUIRED_PACKAGES",
    "STATIC_PREFIX",
    "WORK_DIR",
    "BuildError",
    "BuildFinder",
    "BuildMessage",
    "BuildPaths",
    "BuildResult",
    "Runtime",
    "Watcher",
    "build",
    "build_options",
    "client_manifest",
    "client_source",
    "find_runtime",
    "route_modules",
    "routes_source",
    "server_source",
    "watch",
    "write_entries",
]
