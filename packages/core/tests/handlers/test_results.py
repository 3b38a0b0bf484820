"""Normalizing return values and answering JSON clients."""

from __future__ import annotations

import json

import pytest
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import redirect

from djangokit.core._problems import Problem
from djangokit.core._results import HandlerResult, normalize_result, see_other, to_json_response


def test_plain_data_is_200() -> None:
    assert normalize_result({"a": 1}) == HandlerResult(status=200, data={"a": 1})


def test_none_is_null_for_get_and_204_for_mutations() -> None:
    assert normalize_result(None, method="GET") == HandlerResult(status=200, data=None)
    assert normalize_result(None, method="head").status == 200
    assert normalize_result(None, method="POST") == HandlerResult(status=204)
    null = to_json_response(normalize_result(None), strict=False)
    assert isinstance(null, HttpResponse) and null.content == b"null"
    empty = to_json_response(normalize_result(None, method="DELETE"), strict=False)
    assert isinstance(empty, HttpResponse)
    assert (empty.status_code, empty.content) == (204, b"")


def test_status_tuple() -> None:
    assert normalize_result((201, [1])) == HandlerResult(status=201, data=[1])


@pytest.mark.parametrize("value", [(99, {}), (600, {}), ("200", {}), (True, {})])
def test_status_tuple_checks_the_status(value: tuple[object, object]) -> None:
    with pytest.raises(ValueError, match="status"):
        normalize_result(value)


def test_other_tuples_are_refused() -> None:
    with pytest.raises(TypeError, match=r"return \(status, data\)"):
        normalize_result((200, {}, {"X-Header": "1"}))
    with pytest.raises(TypeError, match="Problem itself"):
        normalize_result((400, Problem(400)))


def test_responses_are_untouched() -> None:
    response = HttpResponse("x", status=418)
    result = normalize_result(response)
    assert result == HandlerResult(status=418, response=response)
    assert to_json_response(result, strict=False) is response
    stream = StreamingHttpResponse(iter([b"a"]))
    assert to_json_response(normalize_result(stream), strict=False) is stream


def test_redirects_record_their_url() -> None:
    result = normalize_result(redirect("/done"))
    assert (result.status, result.redirect) == (302, "/done")


def test_json_clients_get_the_redirect_as_data_with_cookies_and_headers() -> None:
    response = HttpResponseRedirect("/done")
    response.set_cookie("flash", "saved")
    response["X-Extra"] = "1"
    answer = to_json_response(normalize_result(response), strict=False)
    assert isinstance(answer, HttpResponse) and answer.status_code == 200
    assert answer["Content-Type"] == "application/json"
    assert json.loads(answer.content) == {"redirect": "/done"}
    assert answer.cookies["flash"].value == "saved"
    assert answer["X-Extra"] == "1"
    assert not answer.has_header("Location")


def test_problem_result() -> None:
    problem = Problem(409, detail="taken")
    result = normalize_result(problem)
    assert result == HandlerResult(status=409, problem=problem)
    response = to_json_response(result, strict=False)
    assert (response.status_code, response["Content-Type"]) == (409, "application/problem+json")


def test_see_other_after_a_post_only() -> None:
    assert see_other(normalize_result({"a": 1}), "POST") is None
    posted = see_other(normalize_result(redirect("/x")), "POST")
    assert posted is not None and posted.status_code == 303
    got = see_other(normalize_result(redirect("/x")), "GET")
    assert got is not None and got.status_code == 302
    permanent = see_other(normalize_result(HttpResponseRedirect("/x", status=307)), "POST")
    assert permanent is not None and permanent.status_code == 307
