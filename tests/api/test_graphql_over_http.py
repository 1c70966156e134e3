"""GraphQL over HTTP (the specification's current draft): media types and status codes."""

from __future__ import annotations

import json
import logging
from urllib.parse import quote

import httpx
import pytest

from graphql_api.http.negotiation import wants_graphql_response
from tests.cart_ops import stored_cart_docs
from tests.conftest import make_token
from tests.harness import Harness

ALICE = make_token("alice")
GRAPHQL = "application/graphql-response+json"


def send(
    api: Harness, method: str, url: str, accept: str | None, body: bytes | None = None
) -> httpx.Response:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {ALICE}"}
    if accept is not None:
        headers["Accept"] = accept
    return api.run(api.http.request(method, url, content=body, headers=headers))


@pytest.mark.parametrize(
    ("accept", "wanted"),
    [
        (None, False),
        ("application/json", False),
        (GRAPHQL, True),
        (f"{GRAPHQL}, application/json;q=0.9", True),
        (f"application/json, {GRAPHQL};q=0.5", False),
        (f"{GRAPHQL};q=0", False),
        ("*/*", False),
    ],
)
def test_the_media_type_follows_the_accept_header(accept: str | None, wanted: bool) -> None:
    assert wants_graphql_response(accept) is wanted


@pytest.mark.parametrize("accept", [GRAPHQL, "application/json", None])
def test_responses_carry_the_media_type_asked_for(api: Harness, accept: str | None) -> None:
    response = send(api, "POST", "/graphql", accept, b'{"query": "{ __typename }"}')
    assert response.status_code == 200
    expected = GRAPHQL if accept == GRAPHQL else "application/json"
    assert response.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize(
    ("query", "code"),
    [("{ nope }", "GRAPHQL_VALIDATION_FAILED"), ("{ ", "GRAPHQL_PARSE_FAILED")],
)
def test_documents_refused_before_execution_are_400_under_the_graphql_media_type(
    api: Harness, query: str, code: str
) -> None:
    body = json.dumps({"query": query}).encode()
    strict = send(api, "POST", "/graphql", GRAPHQL, body)
    assert strict.status_code == 400
    assert strict.json()["errors"][0]["extensions"]["code"] == code
    legacy = send(api, "POST", "/graphql", "application/json", body)
    assert legacy.status_code == 200  # what legacy JSON clients expect
    assert legacy.json()["errors"][0]["extensions"]["code"] == code


def test_a_field_error_during_execution_stays_200(api: Harness) -> None:
    body = b'{"query": "{ journeyPlans(first: 0) { edges { cursor } } }"}'
    response = send(api, "POST", "/graphql", GRAPHQL, body)
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_mutation_over_get_is_405_and_changes_nothing(api: Harness) -> None:
    before = stored_cart_docs(api)
    query = quote("mutation { cartClear { __typename } }")
    response = send(api, "GET", f"/graphql?query={query}", GRAPHQL)
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.headers["content-type"].split(";")[0] == GRAPHQL
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert error["extensions"]["requestId"] == response.headers["x-request-id"]
    assert stored_cart_docs(api) == before


def test_a_query_over_get_is_served(api: Harness) -> None:
    response = send(api, "GET", "/graphql?query=" + quote("{ __typename }"), GRAPHQL)
    assert response.json() == {"data": {"__typename": "Query"}}


def test_a_request_without_a_query_is_a_graphql_shaped_400(api: Harness) -> None:
    response = send(api, "POST", "/graphql", None, b'{"variables": {}}')
    assert response.status_code == 400
    assert response.headers["content-type"].split(";")[0] == "application/json"
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.wire  # the driver's own command log exists only on a server
def test_no_log_line_holds_query_text_or_variables(
    api: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "s3cr3t-note-from-a-traveler"
    query = "query ($c: String) { services(country: $c) { edges { cursor } } }"
    with caplog.at_level(logging.DEBUG):
        url = f"/graphql?query={quote(query)}&variables={quote(json.dumps({'c': secret}))}"
        assert send(api, "GET", url, None).status_code == 200
        api.post({"query": "{ nope }", "variables": {"c": secret}}, token=ALICE)
    # Everything the server logs (the test's own HTTP client logs its URLs: not ours).
    text = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("httpx"))
    assert "GET /graphql 200" in text  # the access line, without its query string
    assert secret not in text
    assert "services(" not in text


def test_the_server_leaves_access_logging_to_the_edge() -> None:
    from graphql_api.app.factory import create_app
    from graphql_api.app.process import server_config
    from tests.harness import settings_for_tests

    settings = settings_for_tests()
    assert server_config(settings, create_app(settings)).access_log is False


@pytest.mark.parametrize("command", ["serve", "migrate", "seed-demo", "token", "export-schema"])
def test_every_command_has_help_naming_what_it_reads(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from graphql_api.__main__ import main

    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    assert "Reads:" in text
    if command in {"migrate", "seed-demo", "serve"}:
        assert "MONGODB_URI" in text
