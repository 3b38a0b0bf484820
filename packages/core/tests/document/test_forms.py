"""Django forms as the action contract (docs/forms.md): an invalid form returned, or a
ValidationError raised, answers 400 with errors and values for documents, runtime
mutations and JSON clients alike."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from .conftest import DATA, JSON, embedded_data

HANDLERS = """
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.shortcuts import redirect

from testsite.models import Task


class TaskForm(forms.ModelForm):
    pin = forms.CharField(widget=forms.PasswordInput, required=False)
    tags = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    photo = forms.FileField(required=False, validators=[FileExtensionValidator(["png"])])

    class Meta:
        model = Task
        fields = ("title", "body")

    def clean(self):
        data = super().clean()
        if data.get("title") and data.get("title") == data.get("body"):
            raise ValidationError("Say more than the title.", code="same")
        return data


def get(request):
    return {"tasks": [t.title for t in Task.objects.all()]}


def post(request):
    kind = request.data.get("kind")
    if kind == "raise-dict":
        raise ValidationError({"title": ValidationError("Taken.", code="unique")})
    if kind == "raise":
        raise ValidationError("Closed for today.", code="closed")
    form = TaskForm(request.data, request.FILES)
    if kind == "unbound":
        return TaskForm()
    if kind == "add-error" and form.is_valid():
        form.add_error("title", ValidationError("Taken.", code="unique"))
        return form
    if kind == "unsaved":
        form.is_valid()
        return form
    if not form.is_valid():
        return form
    form.save()
    return redirect("/tasks")
"""


def _tasks() -> Any:
    from testsite.models import Task  # imported once Django's apps are ready

    return Task.objects.all()


REQUIRED = {"message": "This field is required.", "code": "required"}


@pytest.fixture
def tasks(make_routes: Any, serve_tree: Any) -> None:
    serve_tree(
        make_routes(
            {
                "tasks/handlers.py": HANDLERS,
                "tasks/page.tsx": "export default function Tasks() { return null; }\n",
            }
        )
    )


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks")]

INVALID = {"title": "", "body": "typed", "pin": "1234", "tags": ["a", "b"]}
INVALID_DATA = {
    "errors": {"title": [REQUIRED]},
    "values": {"title": "", "body": "typed", "tags": ["a", "b"]},
}


def test_a_native_post_of_an_invalid_form_rerenders_the_page_with_400(client: Client) -> None:
    response = client.post("/tasks", INVALID)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    data = embedded_data(response.content)
    assert data["action"] == INVALID_DATA
    assert data["errors"] is None and data["status"] == 400
    assert data["routes"]["page:tasks"] == {"tasks": []}


def test_a_json_client_gets_400_with_the_same_body(client: Client) -> None:
    response = client.post("/tasks", INVALID, headers=JSON)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == INVALID_DATA


def test_a_json_body_gets_its_values_back_as_sent(client: Client) -> None:
    body = {"title": "", "body": "typed", "pin": "1234"}
    response = client.post("/tasks", body, content_type="application/json")
    assert response.status_code == 400
    values = {"title": "", "body": "typed"}
    assert response.json() == {"errors": {"title": [REQUIRED]}, "values": values}


def test_a_runtime_mutation_gets_the_action_with_status_400(client: Client) -> None:
    response = client.post("/tasks", INVALID, headers=DATA)
    assert response.json() == {"action": INVALID_DATA, "status": 400}


def test_non_field_errors_are_under_all(client: Client) -> None:
    response = client.post("/tasks", {"title": "same", "body": "same"}, headers=JSON)
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "__all__": [{"message": "Say more than the title.", "code": "same"}]
    }


def test_an_error_added_after_validation_is_the_same_answer(client: Client) -> None:
    response = client.post("/tasks", {"kind": "add-error", "title": "t"}, headers=JSON)
    assert response.status_code == 400
    assert response.json() == {
        "errors": {"title": [{"message": "Taken.", "code": "unique"}]},
        "values": {"title": "t"},
    }


def test_a_multipart_upload_goes_through_the_same_contract(client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    wrong = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    response = client.post("/tasks", {"title": "", "body": "b", "photo": wrong}, headers=JSON)
    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["photo"][0]["code"] == "invalid_extension"
    assert body["values"] == {"title": "", "body": "b"}  # a file input is never echoed
    good = SimpleUploadedFile("photo.png", b"\x89PNG", content_type="image/png")
    response = client.post("/tasks", {"title": "With a photo", "photo": good})
    assert response.status_code == 303


@pytest.mark.parametrize(
    ("kind", "errors"),
    [
        ("raise-dict", {"title": [{"message": "Taken.", "code": "unique"}]}),
        ("raise", {"__all__": [{"message": "Closed for today.", "code": "closed"}]}),
    ],
)
def test_a_raised_validation_error_is_the_same_answer(
    client: Client, kind: str, errors: Any
) -> None:
    submitted = {"kind": kind, "title": "x", "password": "hunter2"}
    expected = {"errors": errors, "values": {"kind": kind, "title": "x"}}
    page = client.post("/tasks", submitted)
    assert page.status_code == 400
    data = embedded_data(page.content)
    assert data["action"] == expected and data["errors"] is None
    api = client.post("/tasks", submitted, headers=JSON)
    assert api.status_code == 400 and api.json() == expected


def test_a_valid_form_is_saved_and_the_native_post_redirects_with_303(client: Client) -> None:
    response = client.post("/tasks", {"title": "Write docs", "body": "forms.md"})
    assert response.status_code == 303 and response["Location"] == "/tasks"
    assert list(_tasks().values_list("title", flat=True)) == ["Write docs"]


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("unsaved", "post() returned a valid TaskForm, which answers nothing. Save it"),
        ("unbound", "post() returned an unbound TaskForm."),
    ],
)
def test_a_valid_or_unbound_form_is_a_programming_error(kind: str, message: str) -> None:
    client = Client(raise_request_exception=False)
    response = client.post("/tasks", {"kind": kind, "title": "t"}, headers=JSON)
    assert response.status_code == 500  # logged with the message below, as any server error
    with pytest.raises(TypeError, match=re.escape(message)):
        Client().post("/tasks", {"kind": kind, "title": "t"})
    assert not _tasks().exists()
