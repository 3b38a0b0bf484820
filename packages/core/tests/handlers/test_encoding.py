"""The JSON encoder: every value kind handlers return, secrets kept out, HTML-safe output."""

from __future__ import annotations

import collections
import dataclasses
import datetime
import enum
import json
import uuid
from decimal import Decimal
from http import HTTPStatus
from typing import Any, TypedDict

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser, User
from django.test import override_settings
from django.utils.translation import gettext_lazy
from handlers_testapp.models import Customer, Note, Post
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from djangokit.core._encoding import (
    DjangoKitJSONEncoder,
    dumps,
    get_user_serializer,
    is_sensitive,
    json_for_html,
    model_to_dict,
    public_user,
    serialize_user,
    strict_serialization,
)

UTC = datetime.UTC
POST_UID = uuid.UUID("12345678-1234-5678-1234-567812345678")


def loads(data: Any, **kwargs: Any) -> Any:
    return json.loads(dumps(data, **kwargs))


@pytest.fixture
def user(db: None) -> User:
    return User.objects.create_user(
        "ada", "ada@example.com", "s3cret-pass", first_name="Ada", last_name="Lovelace"
    )


@pytest.fixture
def post(user: User) -> Post:
    return Post.objects.create(
        title="Hello",
        published=datetime.datetime(2024, 5, 1, 12, 30, tzinfo=UTC),
        price=Decimal("9.90"),
        uid=POST_UID,
        author=user,
        api_token="tok-123",
        webhook_secret="shh",
    )


def test_scalars_follow_iso_and_string_rules() -> None:
    data = {
        "when": datetime.datetime(2024, 5, 1, 12, 30, 15, tzinfo=UTC),
        "day": datetime.date(2024, 2, 29),
        "time": datetime.time(8, 5),
        "price": Decimal("1.10"),
        "id": POST_UID,
        "label": gettext_lazy("Hello"),
    }
    assert loads(data) == {
        "when": "2024-05-01T12:30:15Z",
        "day": "2024-02-29",
        "time": "08:05:00",
        "price": "1.10",
        "id": "12345678-1234-5678-1234-567812345678",
        "label": "Hello",
    }


class Color(enum.Enum):
    RED = "red"


def test_enums_are_their_values() -> None:
    assert loads({"color": Color.RED, "status": HTTPStatus.OK}) == {"color": "red", "status": 200}


def test_dumps_is_compact_and_keeps_unicode() -> None:
    assert dumps({"a": [1, 2], "b": "é"}) == '{"a":[1,2],"b":"é"}'


def test_nan_and_infinities_are_null_because_json_has_none() -> None:
    # As JavaScript's JSON.stringify() and pydantic's model_dump_json() do.
    values = [float("nan"), float("inf"), -float("inf"), 1.5]
    assert dumps({"x": values}) == '{"x":[null,null,null,1.5]}'


class Weight(float):
    """A float subclass, as numpy.float64 is."""


class Label(str):
    pass


class Count(int):
    pass


Point = collections.namedtuple("Point", "x y")


@pytest.mark.parametrize(
    "value",
    [
        {"a": [1, 2.5, -3], "b": None, "c": True, "d": 'é\u2028\n\x00"\\'},
        {7: "int key", 2.5: "float key", True: "bool key", None: "None key"},
        {"weight": Weight(2.5), "label": Label("x"), "count": Count(3), "point": Point(1, 2)},
        {"ordered": collections.OrderedDict(b=1, a=2), "tuple": (1, (2, 3)), "set": {4}},
        {"when": datetime.datetime(2024, 5, 1, 12, 30, 0, 123456, tzinfo=UTC)},
        {"naive": datetime.datetime(2024, 5, 1, 12, 30), "day": datetime.date(2024, 5, 1)},
        {"time": datetime.time(8, 15, 30, 250000), "span": datetime.timedelta(hours=1)},
        {"uid": POST_UID, "price": Decimal("9.90"), "status": HTTPStatus.OK},
        {"lazy": gettext_lazy("Hello"), "frozen": frozenset(), "range": range(3)},
        [2**63 - 1, -(2**63), 2**64 - 1, 2**70, -(2**70)],  # beyond 64 bits: the fallback
        {"deep": json.loads("[" * 300 + "]" * 300)},  # deeper than orjson goes: the fallback
    ],
)
def test_dumps_agrees_with_the_standard_library_encoder(value: Any) -> None:
    # The standard library's encoder with the same default(): the fallback, and what
    # DjangoKit used before orjson. The same text wherever both write a value the same way.
    expected = DjangoKitJSONEncoder(separators=(",", ":"), ensure_ascii=False).encode(value)
    assert dumps(value) == expected


def test_default_errors_are_raised_as_they_are() -> None:
    with pytest.raises(TypeError, match="Object of type bytes is not JSON serializable"):
        dumps({"x": b"raw"})
    with pytest.raises(ValueError, match="Circular reference detected"):
        loop: list[Any] = []
        loop.append(loop)
        dumps(loop)


def test_model_without_serialize_is_its_concrete_fields_minus_secrets(post: Post) -> None:
    assert loads(post) == {
        "id": post.pk,
        "title": "Hello",
        "published": "2024-05-01T12:30:00Z",
        "price": "9.90",
        "uid": str(POST_UID),
        "author_id": post.author_id,
        "attachment": None,
    }


def test_model_to_dict_is_reusable_in_serialize(post: Post) -> None:
    assert set(model_to_dict(post)) == {
        "id",
        "title",
        "published",
        "price",
        "uid",
        "author_id",
        "attachment",
    }


def test_file_field_is_its_url(post: Post) -> None:
    post.attachment.name = "docs/report.pdf"
    assert loads(post)["attachment"] == "/media/docs/report.pdf"


def test_model_with_serialize_uses_it(db: None) -> None:
    note = Note.objects.create(text="hi", created=datetime.date(2024, 1, 2))
    assert loads(note) == {"text": "hi", "created": "2024-01-02", "kind": "note"}


def test_queryset_is_a_list_of_encoded_instances(db: None) -> None:
    Note.objects.create(text="a", created=datetime.date(2024, 1, 1))
    Note.objects.create(text="b", created=datetime.date(2024, 1, 2))
    assert [n["text"] for n in loads(Note.objects.order_by("text"))] == ["a", "b"]
    assert loads(Note.objects.order_by("text").values_list("text", flat=True)) == ["a", "b"]


def test_sensitive_columns_stay_on_the_server() -> None:
    customer = Customer(
        pk=1,
        name="Ada",
        ssn="078-05-1120",
        credit_card_number="4111111111111111",
        cardCvv="123",
        private_key_pem="-----BEGIN PRIVATE KEY-----",
        pin_code="0000",
        api_key="ak",
        license_key="lk",
        iban="DE89370400440532013000",
        is_pinned=True,
        keyboard_layout="dvorak",
        monkey_count=3,
    )
    assert loads(customer) == {
        "id": 1,
        "name": "Ada",
        "is_pinned": True,
        "keyboard_layout": "dvorak",
        "monkey_count": 3,
    }


@pytest.mark.parametrize(
    "name",
    [
        "password",
        "ssn",
        "credit_card_number",
        "creditCardNumber",
        "private_key_pem",
        "pin_code",
        "api_key",
        "apiKey",
        "key",
        "otp_secret",
        "card_cvv",
        "refresh_token",
        "password_salt",
    ],
)
def test_names_that_look_secret(name: str) -> None:
    assert is_sensitive(name)


@pytest.mark.parametrize(
    "name", ["title", "pinned", "is_pinned", "keyboard", "monkey", "spin_rate", "shipping"]
)
def test_names_that_only_look_alike(name: str) -> None:
    assert not is_sensitive(name)


def test_users_in_data_are_public_profiles_without_flags(user: User) -> None:
    User.objects.create_superuser("root", "root@example.com", "pw")
    text = dumps({"user": user, "users": User.objects.order_by("pk")})
    assert "password" not in text
    assert user.password not in text
    assert "ada@example.com" not in text
    data = json.loads(text)
    assert data["user"] == {"id": user.pk, "username": "ada", "displayName": "Ada Lovelace"}
    for listed in data["users"]:  # no isAuthenticated (true for every User), no staff flags
        assert set(listed) == {"id", "username", "displayName"}
    assert public_user(user) == data["user"]


def test_a_user_model_with_serialize_opts_in(user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        User,
        "serialize",
        lambda self: {"username": self.username, "isStaff": self.is_staff},
        raising=False,
    )
    assert loads(user) == {"username": "ada", "isStaff": False}


def test_the_visitors_own_data_keeps_what_use_user_needs(user: User) -> None:
    assert serialize_user(user) == {
        "isAuthenticated": True,
        "id": user.pk,
        "username": "ada",
        "displayName": "Ada Lovelace",
        "isStaff": False,
        "isSuperuser": False,
    }


def test_anonymous_user_has_the_same_keys() -> None:
    anonymous = serialize_user(AnonymousUser())
    assert anonymous == {
        "isAuthenticated": False,
        "id": None,
        "username": "",
        "displayName": "",
        "isStaff": False,
        "isSuperuser": False,
    }
    assert set(anonymous) == set(serialize_user(User(username="x")))
    assert loads(AnonymousUser()) == {"id": None, "username": "", "displayName": ""}


def test_display_name_falls_back_to_username() -> None:
    assert serialize_user(User(username="bob", pk=3))["displayName"] == "bob"


def only_username(user: Any) -> dict[str, Any]:
    return {"name": user.get_username()}


@pytest.mark.parametrize(
    "options",
    [
        {"user_serializer": f"{__name__}.only_username"},
        {"user_serializer": only_username},
        type("Options", (), {"user_serializer": f"{__name__}.only_username"})(),
    ],
)
def test_user_serializer_is_configurable(user: User, options: Any) -> None:
    with override_settings(DJANGOKIT=options):
        assert get_user_serializer() is only_username
        # It describes the visitor (the route data's `user`); other users stay public.
        assert loads(user) == public_user(user)


def test_default_user_serializer_without_settings() -> None:
    assert get_user_serializer() is serialize_user
    with override_settings(DJANGOKIT={"user_serializer": None}):
        assert get_user_serializer() is serialize_user


def test_strict_mode_refuses_models_without_serialize(post: Post) -> None:
    with pytest.raises(TypeError, match=r"handlers_testapp\.Post has no serialize\(\)") as info:
        dumps([post], strict=True)
    assert "strict_serialization = false" in str(info.value)


def test_strict_mode_accepts_serialize_and_users(user: User) -> None:
    note = Note(text="x", created=datetime.date(2024, 1, 1))
    assert loads({"note": note, "user": user}, strict=True)["note"]["kind"] == "note"


def test_strict_serialization_reads_the_djangokit_setting() -> None:
    assert strict_serialization() is False
    with override_settings(DJANGOKIT={"strict_serialization": True}):
        assert strict_serialization() is True


class Item(BaseModel):
    name: str
    price: Decimal
    at: datetime.date


@dataclasses.dataclass
class Inner:
    when: datetime.date


@dataclasses.dataclass
class Outer:
    inner: Inner
    tags: set[str]
    item: Item


class Movie(TypedDict):
    title: str
    year: int


def test_pydantic_dataclass_typeddict_and_iterables() -> None:
    item = Item(name="pen", price=Decimal("1.50"), at=datetime.date(2024, 1, 1))
    outer = Outer(inner=Inner(datetime.date(2024, 3, 1)), tags={"a"}, item=item)
    data = {
        "item": item,
        "outer": outer,
        "movie": Movie(title="Up", year=2009),
        "set": frozenset({1}),
        "tuple": (1, 2),
        "generator": (n * 2 for n in range(3)),
        "keys": {"k": 1}.keys(),
    }
    assert loads(data) == {
        "item": {"name": "pen", "price": "1.50", "at": "2024-01-01"},
        "outer": {
            "inner": {"when": "2024-03-01"},
            "tags": ["a"],
            "item": {"name": "pen", "price": "1.50", "at": "2024-01-01"},
        },
        "movie": {"title": "Up", "year": 2009},
        "set": [1],
        "tuple": [1, 2],
        "generator": [0, 2, 4],
        "keys": ["k"],
    }


def test_form_errors_encode_like_a_dict_of_lists() -> None:
    class NoteForm(forms.Form):
        text = forms.CharField()
        count = forms.IntegerField()

    form = NoteForm({"count": "many"})
    assert not form.is_valid()
    assert loads({"errors": form.errors}) == {
        "errors": {"text": ["This field is required."], "count": ["Enter a whole number."]}
    }


def test_unknown_objects_and_bytes_are_still_errors() -> None:
    with pytest.raises(TypeError):
        dumps(object())
    with pytest.raises(TypeError):
        dumps(b"raw")


def test_encoder_class_is_usable_with_json_dumps() -> None:
    assert json.dumps({1}, cls=DjangoKitJSONEncoder) == "[1]"


# --- JSON inside <script type="application/json"> -------------------------------------

PAYLOADS = [
    "</script><script>alert(1)</script>",
    "<!--",
    "<!-- <script>",
    "</SCRIPT >",
    "a & b &amp; c",
    "line\u2028separator\u2029",
    "]]>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_json_for_html_cannot_close_the_script_tag(payload: str) -> None:
    data = {"value": payload, payload: [payload]}
    text = json_for_html(data)
    for char in "<>&\u2028\u2029":
        assert char not in text
    assert "</script" not in text.lower()
    assert json.loads(text) == data


def test_json_for_html_uses_unicode_escapes() -> None:
    assert json_for_html("</script>") == '"\\u003c/script\\u003e"'


def test_json_for_html_passes_strict_through(post: Post) -> None:
    with pytest.raises(TypeError):
        json_for_html(post, strict=True)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@given(json_values)
def test_json_for_html_round_trips_and_never_emits_html_specials(value: Any) -> None:
    text = json_for_html(value)
    assert json.loads(text) == value
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}


@given(st.text(alphabet=st.sampled_from("<>&/!-\u2028\u2029sScript \"'\\"), max_size=40))
def test_json_for_html_on_markup_like_text(value: str) -> None:
    text = json_for_html([value])
    assert json.loads(text) == [value]
    assert not set(text) & {"<", ">", "&"}
