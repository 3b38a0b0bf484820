"""python_type_to_ts(): Python annotations as the TypeScript of what the JSON encoder writes."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Literal, NamedTuple, NewType, NotRequired, Optional, Required, TypedDict

import pydantic
import pytest
from django import forms
from django.http import HttpResponse, HttpResponseRedirect

from djangokit.core import Problem
from djangokit.core.typescript import TypeScriptEmitter, python_type_to_ts


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


UserId = NewType("UserId", int)


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        (str, "string"),
        (int, "number"),
        (float, "number"),
        (bool, "boolean"),
        (None, "null"),
        (type(None), "null"),
        (Any, "unknown"),
        (object, "unknown"),
        (datetime.datetime, "string"),
        (datetime.date, "string"),
        (datetime.time, "string"),
        (datetime.timedelta, "string"),
        (uuid.UUID, "string"),
        (decimal.Decimal, "string"),
        (Optional[int], "number | null"),  # noqa: UP045
        (int | str | None, "number | string | null"),
        (int | int, "number"),
        (list[str], "string[]"),
        (list[int | None], "(number | null)[]"),
        (list[Literal["a", "b"]], '("a" | "b")[]'),
        (list[dict[str, int] | None], "(Record<string, number> | null)[]"),
        (list, "unknown[]"),
        (set[int], "number[]"),
        (frozenset[str], "string[]"),
        (Sequence[float], "number[]"),
        (tuple[int, ...], "number[]"),
        (tuple[int, str], "[number, string]"),
        (dict[str, int], "Record<string, number>"),
        (dict[int, str], "Record<string, string>"),
        (Mapping[str, list[str]], "Record<string, string[]>"),
        (dict, "Record<string, unknown>"),
        (Literal["draft", "published"], '"draft" | "published"'),
        (Literal[1, 2, True, None], "1 | 2 | true | null"),
        (Literal[Color.RED], '"red"'),
        (Color, '"red" | "green"'),
        (Level, "1 | 2"),
        (UserId, "number"),
        (HttpResponse | None, "null"),
    ],
)
def test_simple_types(annotation: Any, expected: str) -> None:
    assert python_type_to_ts(annotation) == expected


def test_unknown_annotations_say_why() -> None:
    class Opaque:
        pass

    assert python_type_to_ts(Opaque).startswith("unknown /* no JSON type for ")
    assert python_type_to_ts(bytes) == "unknown /* bytes are not JSON */"
    assert python_type_to_ts(list[bytes]) == "unknown /* bytes are not JSON */[]"


def test_responses_carry_no_data() -> None:
    emitter = TypeScriptEmitter()
    assert emitter.emit_data(HttpResponse) is None
    assert emitter.emit_data(HttpResponseRedirect) is None
    assert emitter.emit_data(Problem) is None
    assert emitter.emit_data(HttpResponseRedirect | dict[str, int]) == "Record<string, number>"


class Author(TypedDict):
    name: str
    email: NotRequired[str]


class Partial(TypedDict, total=False):
    title: str
    slug: Required[str]


class Tree(TypedDict):
    label: str
    children: list[Tree]


def test_typeddict_is_an_interface() -> None:
    emitter = TypeScriptEmitter()
    assert emitter.emit(list[Author]) == "Author[]"
    assert emitter.declarations == {
        "Author": "export interface Author {\n  name: string;\n  email?: string;\n}"
    }


def test_typeddict_totality() -> None:
    emitter = TypeScriptEmitter()
    emitter.emit(Partial)
    assert emitter.declarations["Partial"] == (
        "export interface Partial {\n  title?: string;\n  slug: string;\n}"
    )


def test_recursive_types_are_declared_once() -> None:
    emitter = TypeScriptEmitter()
    assert emitter.emit(Tree) == "Tree"
    assert emitter.emit(dict[str, Tree]) == "Record<string, Tree>"
    assert emitter.declarations == {
        "Tree": "export interface Tree {\n  label: string;\n  children: Tree[];\n}"
    }


@dataclasses.dataclass
class Point:
    x: float
    y: float
    label: str | None = None
    when: datetime.date = dataclasses.field(default_factory=datetime.date.today)


def test_dataclass_is_an_interface_of_every_field() -> None:
    emitter = TypeScriptEmitter()
    assert emitter.emit(Point) == "Point"
    assert emitter.declarations["Point"] == (
        "export interface Point {\n  x: number;\n  y: number;\n  label: string | null;\n"
        "  when: string;\n}"
    )


class Tag(pydantic.BaseModel):
    name: str


class Post(pydantic.BaseModel):
    title: str = pydantic.Field(alias="postTitle")
    price: decimal.Decimal
    tags: list[Tag] = []
    secret: str = pydantic.Field(default="", exclude=True)
    color: Color = Color.RED

    @pydantic.computed_field  # type: ignore[prop-decorator]
    @property
    def tag_count(self) -> int:
        return len(self.tags)


class AliasedPost(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(serialize_by_alias=True)

    title: str = pydantic.Field(alias="postTitle")
    body: str = pydantic.Field(serialization_alias="text")


def test_pydantic_model_matches_model_dump() -> None:
    emitter = TypeScriptEmitter()
    assert emitter.emit(Post) == "Post"
    assert emitter.declarations == {
        "Post": (
            "export interface Post {\n  title: string;\n  price: string;\n  tags: Tag[];\n"
            '  color: "red" | "green";\n  tag_count: number;\n}'
        ),
        "Tag": "export interface Tag {\n  name: string;\n}",
    }
    dumped = Post(postTitle="t", price=decimal.Decimal("1.50")).model_dump(mode="json")
    assert set(dumped) == {"title", "price", "tags", "color", "tag_count"}
    assert dumped["price"] == "1.50"


def test_pydantic_aliases_when_serializing_by_alias() -> None:
    emitter = TypeScriptEmitter()
    emitter.emit(AliasedPost)
    assert emitter.declarations["AliasedPost"] == (
        "export interface AliasedPost {\n  postTitle: string;\n  text: string;\n}"
    )
    dumped = AliasedPost(postTitle="t", body="b").model_dump(mode="json")
    assert set(dumped) == {"postTitle", "text"}


class Pair(NamedTuple):
    left: int
    right: str


def test_named_tuple_is_a_json_array() -> None:
    assert python_type_to_ts(Pair) == "[number, string]"


def test_names_are_unique_and_keys_quoted() -> None:
    Weird = TypedDict("Weird", {"content-type": str, "ok": bool})
    emitter = TypeScriptEmitter(reserved=("Author",))
    assert emitter.emit(Author) == "Author_2"
    assert emitter.emit(Weird) == "Weird"
    assert emitter.declarations["Weird"] == (
        'export interface Weird {\n  "content-type": string;\n  ok: boolean;\n}'
    )


def test_a_user_model_is_its_public_profile() -> None:
    from django.contrib.auth.models import User

    assert python_type_to_ts(User) == (
        "{\n  id: unknown;\n  username: string;\n  displayName: string;\n}"
    )


class Signup(forms.Form):
    username = forms.CharField()
    password = forms.CharField(widget=forms.PasswordInput)
    topics = forms.MultipleChoiceField(choices=[("a", "A")])
    avatar = forms.ImageField(required=False)


class Plain(forms.Form):
    title = forms.CharField()


def test_a_form_is_its_answer_keyed_by_its_field_names() -> None:
    emitter = TypeScriptEmitter()
    assert emitter.emit(Signup | HttpResponseRedirect) == "Signup"
    assert emitter.declarations["Signup"] == (
        "export interface Signup {\n"
        '  errors: Partial<Record<"username" | "password" | "topics" | "avatar" | "__all__",'
        " FieldError[]>>;\n"
        '  values: Partial<Record<"username", string> & Record<"topics", string[]>>;\n'
        "}"
    )
    assert emitter.declarations["FieldError"] == (
        "export interface FieldError {\n  message: string;\n  code: string;\n}"
    )
    assert emitter.emit(Plain) == "Plain"
    assert 'values: Partial<Record<"title", string>>;' in emitter.declarations["Plain"]
    assert list(emitter.declarations) == ["Signup", "FieldError", "Plain"]  # declared once
