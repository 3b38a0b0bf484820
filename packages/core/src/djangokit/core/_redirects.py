"""``safe_redirect``: send the visitor to a URL they supplied only when it stays on this site.

``redirect(request.GET["next"])`` is an open redirect: a link to your login page can send the
visitor anywhere after signing in. Django validates such URLs with
``url_has_allowed_host_and_scheme``; this wraps it in the response a handler returns.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

__all__ = ["safe_redirect"]


def safe_redirect(
    request: HttpRequest,
    url: object,
    fallback: str = "/",
    *,
    allowed_hosts: Iterable[str] = (),
) -> HttpResponseRedirect:
    """A redirect to *url* when it is a path on this site or an absolute URL on this host (or
    one of *allowed_hosts*), with ``https`` when the request is; else to *fallback*.

    ```python
    from djangokit.core import safe_redirect

    def post(request):
        ...  # sign in
        return safe_redirect(request, request.data.get("next"), fallback="/account")
    ```

    *url* may be anything the client sent (``None``, a list): only a string can pass.
    """
    hosts = {request.get_host(), *allowed_hosts}
    if isinstance(url, str) and url_has_allowed_host_and_scheme(
        url, allowed_hosts=hosts, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(url)
    return HttpResponseRedirect(fallback)
