"""Server errors raised by handlers: logged with the route, detailed for clients only in DEBUG.

A handler bug must never turn a JSON answer or a client navigation into an HTML error page,
so the route view catches it and answers a 500 problem; error trackers still hear of it
through Django's ``got_request_exception`` signal, as for any view.
"""

from __future__ import annotations

import logging
import traceback

from django.conf import settings
from django.core.signals import got_request_exception
from django.http import HttpRequest

from ._problems import Problem

__all__ = ["logger", "server_error"]

logger = logging.getLogger("djangokit.core")


def server_error(request: HttpRequest, exc: BaseException, where: str) -> Problem:
    """Log *exc*, raised by the code behind *where* (``"page:blog/_slug"``), and return the
    500 problem a client sees: bare in production, with the traceback in DEBUG.

    ```python
    {"type": "about:blank", "title": "Internal Server Error", "status": 500,
     "detail": "KeyError: 'x'", "traceback": ["Traceback (most recent call last):", ...]}
    ```
    """
    logger.exception(
        "Error in %s (%s %s)",
        where,
        request.method,
        request.path,
        exc_info=exc,
        extra={"status_code": 500, "request": request, "route": where},
    )
    got_request_exception.send(sender=None, request=request)
    if not settings.DEBUG:
        return Problem(500)
    lines = "".join(traceback.format_exception(exc)).splitlines()
    return Problem(500, detail=f"{type(exc).__name__}: {exc}", traceback=lines)
