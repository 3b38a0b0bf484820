"""A page whose handlers fail with a server error (not a client error)."""

from django.http import HttpRequest

from djangokit.core import handler


def get(request: HttpRequest) -> dict[str, object]:
    if request.GET.get("ok"):
        return {"ok": True}
    raise RuntimeError("the page handler broke")


def post(request: HttpRequest) -> dict[str, object]:
    raise RuntimeError("the action broke")


@handler("get", path="bytes")
def raw_bytes(request: HttpRequest) -> dict[str, object]:
    return {"raw": b"bytes are not JSON"}
