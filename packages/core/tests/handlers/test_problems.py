"""RFC 9457 problems and the exceptions that become them."""

from __future__ import annotations

import json

import pydantic
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import override_settings
from django.utils.translation import gettext_lazy

from djangokit.core._problems import Problem, ProblemError, problem_from_exception


def test_title_defaults_to_the_reason_phrase() -> None:
    assert Problem(404).to_dict() == {"type": "about:blank", "title": "Not Found", "status": 404}
    assert Problem(499).title == "Error"


def test_all_members_and_extensions() -> None:
    problem = Problem(
        409,
        "Conflict",
        "That slug is taken.",
        type="https://example.com/probs/slug",
        instance="/blog/hello",
        field="slug",
    )
    assert problem.to_dict() == {
        "type": "https://example.com/probs/slug",
        "title": "Conflict",
        "status": 409,
        "detail": "That slug is taken.",
        "instance": "/blog/hello",
        "field": "slug",
    }


def test_to_response_is_problem_json() -> None:
    response = Problem(422, detail="Nope", errors={"a": [gettext_lazy("Required")]}).to_response()
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content)["errors"] == {"a": ["Required"]}


@pytest.mark.parametrize("status", [99, 600, "404", True])
def test_status_must_be_an_http_status(status: object) -> None:
    with pytest.raises(ValueError):
        Problem(status)  # type: ignore[arg-type]


def test_equality_and_repr() -> None:
    assert Problem(400, detail="x") == Problem(400, detail="x")
    assert Problem(400, detail="x") != Problem(400, detail="y")
    assert repr(Problem(400, detail="x")) == "Problem(400, 'Bad Request', 'x')"


def test_problem_error_carries_its_problem() -> None:
    problem = Problem(402, detail="Upgrade.")
    error = ProblemError(problem)
    assert error.problem is problem
    assert str(error) == "Upgrade."
    assert problem_from_exception(error) is problem


def test_http404_and_permission_denied_hide_messages_without_debug() -> None:
    assert problem_from_exception(Http404("No Post matches")) == Problem(404)
    assert problem_from_exception(PermissionDenied("secret reason")) == Problem(403)


@override_settings(DEBUG=True)
def test_http404_message_shown_with_debug() -> None:
    problem = problem_from_exception(Http404("No Post matches"))
    assert problem == Problem(404, detail="No Post matches")


def test_django_validation_errors_become_400_with_errors() -> None:
    by_field = problem_from_exception(ValidationError({"title": ["Too short."]}))
    assert by_field is not None
    assert (by_field.status, by_field.extensions) == (400, {"errors": {"title": ["Too short."]}})
    plain = problem_from_exception(ValidationError(["One.", "Two."]))
    assert plain is not None
    assert plain.extensions == {"errors": {"__all__": ["One.", "Two."]}}


class Signup(pydantic.BaseModel):
    email: str
    age: int
    password: str


def test_pydantic_errors_are_keyed_by_location_without_input() -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        Signup.model_validate({"age": "old", "password": 12345})
    problem = problem_from_exception(info.value)
    assert problem is not None
    assert problem.status == 400
    errors = problem.extensions["errors"]
    assert set(errors) == {"email", "age", "password"}
    assert "12345" not in json.dumps(problem.to_dict())


def test_other_exceptions_are_not_problems() -> None:
    assert problem_from_exception(RuntimeError("bug")) is None
