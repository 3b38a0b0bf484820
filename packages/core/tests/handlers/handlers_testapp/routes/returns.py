"""Every return form of DESIGN A3, chosen by the URL."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any, TypedDict

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from pydantic import BaseModel

from djangokit.core._problems import Problem
from handlers_testapp.models import Note


class Item(BaseModel):
    name: str
    price: Decimal


@dataclasses.dataclass
class Point:
    x: int
    when: datetime.date


class Movie(TypedDict):
    title: str
    year: int


def _redirect_with_cookie() -> HttpResponse:
    response = redirect("/elsewhere")
    response.set_cookie("flash", "saved")
    return response


FORMS: dict[str, Any] = {
    "dict": lambda: {"a": 1},
    "list": lambda: [1, "two"],
    "none": lambda: None,
    "model": lambda: Note.objects.get(),
    "queryset": lambda: Note.objects.order_by("pk"),
    "pydantic": lambda: Item(name="pen", price=Decimal("1.50")),
    "dataclass": lambda: Point(x=1, when=datetime.date(2024, 2, 29)),
    "typeddict": lambda: Movie(title="Up", year=2009),
    "tuple": lambda: (201, {"created": True}),
    "response": lambda: HttpResponse("plain", content_type="text/plain", status=418),
    "redirect": lambda: redirect("/elsewhere"),
    "redirect-cookie": _redirect_with_cookie,
    "problem": lambda: Problem(409, detail="That slug is taken.", field="slug"),
    "bad-tuple": lambda: (200, {}, {}),
    "bad-status": lambda: (1000, {}),
}


def get(request: HttpRequest, form: str) -> Any:
    return FORMS[form]()


def post(request: HttpRequest, form: str) -> Any:
    return FORMS[form]()
