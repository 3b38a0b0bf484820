"""Methods, request.data and an extra endpoint."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, QueryDict

from djangokit.core._dispatch import handler


def _plain(data: Any) -> Any:
    if isinstance(data, QueryDict):
        return {key: data.getlist(key) for key in data}
    return data


def get(request: HttpRequest) -> Any:
    return {"method": request.method, "data": _plain(request.data)}  # type: ignore[attr-defined]


def post(request: HttpRequest) -> Any:
    files = sorted(request.FILES)
    return 201, {"data": _plain(request.data), "files": files}  # type: ignore[attr-defined]


def put(request: HttpRequest) -> Any:
    files = {
        name: upload.read().decode()
        for name, upload in request.FILES.items()
        if isinstance(upload, UploadedFile)
    }
    return {"data": _plain(request.data), "files": files}  # type: ignore[attr-defined]


def patch(request: HttpRequest) -> Any:
    return {"data": _plain(request.data)}  # type: ignore[attr-defined]


def ignores_data(request: HttpRequest) -> Any:
    return {"ignored": True}


@handler("get", path="export")
def export(request: HttpRequest) -> Any:
    return {"export": "csv"}


@handler("post", path="/export/")
def start_export(request: HttpRequest) -> Any:
    return 202, {"started": True}
