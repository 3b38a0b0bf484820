"""The auth decorators on a route with a page and handlers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from djangokit.core.decorators import login_required, permission_required


@login_required
def get(request: HttpRequest) -> Any:
    return {"user": request.user}


@permission_required("handlers_testapp.change_note")
def post(request: HttpRequest) -> Any:
    return {"changed": True}


@permission_required("handlers_testapp.delete_note", raise_exception=True)
def delete(request: HttpRequest) -> Any:
    return None
