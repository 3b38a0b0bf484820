"""The WSGI application of a DjangoKit project, for gunicorn, uWSGI or mod_wsgi.

```sh
DJANGOKIT_PROJECT_ROOT=/srv/mysite DJANGOKIT_ENV=production gunicorn djangokit.core.wsgi
```

``DJANGO_SETTINGS_MODULE`` defaults to ``djangokit.core.settings`` (the project's TOML files).
"""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "djangokit.core.settings")

application = get_wsgi_application()

__all__ = ["application"]
