"""Every refusal, whatever refuses it (the edge, the token check, the router, document limits,
rate limits, the database, deadlines), names the request: each error's `extensions.requestId`
is the `X-Request-ID` the answer carries, and the body is GraphQL-shaped with a code."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.api.test_auth import rs_token
from tests.conftest import make_token
from tests.harness import Harness, settings_for_tests
from tests.live import live_server

ALICE = make_token("alice")
ME = "{ me { id } }"
CLEAR = "mutation { cartClear { __typename } }"
GRAPHQL_RESPONSE = "application/graphql-response+json"


def assert_names_the_request(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    request_id = response.headers["x-request-id"]
    body = response.json()
    assert body["errors"], body
    for error in body["errors"]:
        assert error["extensions"]["requestId"] == request_id, body
    assert body["errors"][0]["extensions"]["code"] == code, body


def send(api: Harness, method: str, path: str = "/graphql", **kwargs: Any) -> httpx.Response:
    return api.run(api.http.request(method, path, **kwargs))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


CASES: dict[str, tuple[int, str, Callable[[Harness], httpx.Response]]] = {
    "400 body not JSON": (
        400,
        "BAD_REQUEST",
        lambda api: send(
            api, "POST", content=b"{nope", headers={"Content-Type": "application/json"}
        ),
    ),
    "400 document does not parse": (
        400,
        "GRAPHQL_PARSE_FAILED",
        lambda api: send(api, "POST", json={"query": "{"}, headers={"Accept": GRAPHQL_RESPONSE}),
    ),
    "400 document over the limits": (
        400,
        "GRAPHQL_VALIDATION_FAILED",
        lambda api: send(
            api,
            "POST",
            json={"query": "{ " + "a: __typename " * 800 + "}"},
            headers={"Accept": GRAPHQL_RESPONSE},
        ),
    ),
    "401 bad token": (
        401,
        "UNAUTHENTICATED",
        lambda api: send(api, "POST", json={"query": ME}, headers=bearer("garbage")),
    ),
    "401 no token for a protected field": (
        401,
        "UNAUTHENTICATED",
        lambda api: send(api, "POST", json={"query": ME}),
    ),
    "404 unknown path": (404, "NOT_FOUND", lambda api: send(api, "GET", "/nowhere")),
    "405 method": (405, "METHOD_NOT_ALLOWED", lambda api: send(api, "PUT", json={})),
    "405 mutation over GET": (
        405,
        "METHOD_NOT_ALLOWED",
        lambda api: send(api, "GET", params={"query": CLEAR}, headers=bearer(ALICE)),
    ),
    "413 body too large": (
        413,
        "PAYLOAD_TOO_LARGE",
        lambda api: send(
            api,
            "POST",
            content=b"{" + b" " * (70 * 1024) + b"}",
            headers={"Content-Type": "application/json"},
        ),
    ),
}


@pytest.mark.parametrize("case", CASES.keys())
def test_a_refusal_names_the_request(api: Harness, case: str) -> None:
    status, code, refused = CASES[case]
    assert_names_the_request(refused(api), status, code)


def test_a_rate_limited_mutation_names_the_request() -> None:
    with Harness(settings_for_tests(rate_limit_per_second=0.01, rate_limit_burst=1)) as api:
        assert send(api, "POST", json={"query": CLEAR}, headers=bearer(ALICE)).status_code == 200
        limited = send(api, "POST", json={"query": CLEAR}, headers=bearer(ALICE))
        assert_names_the_request(limited, 429, "RATE_LIMITED")


def test_an_unreachable_key_server_names_the_request() -> None:
    settings = settings_for_tests(jwt_algorithms="RS256", jwt_jwks_url="http://127.0.0.1:9/jwks")
    with Harness(settings) as api:
        response = send(api, "POST", json={"query": ME}, headers=bearer(rs_token("alice", "k1")))
        assert_names_the_request(response, 503, "UNAVAILABLE")


def test_a_trickling_body_names_the_request() -> None:
    head = (
        b"POST /graphql HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        b"X-Request-ID: trickle-1\r\nContent-Length: 200\r\n\r\n"
    )
    with live_server(http_body_timeout_seconds=0.3) as live:
        sock = socket.create_connection(("127.0.0.1", live.port), timeout=5)
        sock.sendall(head + b'{"query"')
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        sock.close()
    head_part, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    assert head_part.startswith(b"HTTP/1.1 408 ")
    assert b"x-request-id: trickle-1" in head_part.lower()
    [error] = json.loads(body)["errors"]
    assert error["extensions"] == {"code": "REQUEST_TIMEOUT", "requestId": "trickle-1"}
