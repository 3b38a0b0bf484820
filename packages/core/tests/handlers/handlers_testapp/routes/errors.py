"""Exceptions a handler may raise and the problems they become."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest

from djangokit.core._problems import Problem, ProblemError
from handlers_testapp.routes.returns import Item


def get(request: HttpRequest, kind: str) -> Any:
    if kind == "404":
        raise Http404("No Post matches the given query.")
    if kind == "403":
        raise PermissionDenied("Not yours.")
    if kind == "django-dict":
        raise ValidationError({"title": ["Too short."], "slug": ["Taken."]})
    if kind == "django-list":
        raise ValidationError("Bad input.")
    if kind == "pydantic":
        Item.model_validate({"name": "pen", "price": "lots"})
    if kind == "problem":
        raise ProblemError(Problem(402, detail="Upgrade your plan."))
    raise RuntimeError("a server bug")
