"""The HTTP edge: bounded bodies, malformed requests, one Authorization header, no bare 500."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from starlette.types import Message

from graphql_api.graphql.auth import TokenVerifier
from graphql_api.http.edge import EdgeLimits, RequestEdge
from tests.cart_ops import add, stored_cart_docs
from tests.conftest import make_token
from tests.harness import Harness, settings_for_tests

ALICE = make_token("alice")
QUERY = b'{"query": "{ __typename }"}'


def post_raw(api: Harness, body: bytes, **headers: str) -> Any:
    return api.run(api.http.post("/graphql", content=body, headers=headers))


def assert_refused(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    request_id = response.headers["x-request-id"]
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": code, "requestId": request_id}


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", b'"x"'),
        ("application/json", b"42"),
        ("application/json", b"null"),
        ("application/json", b"[1, 2]"),
        ("application/json", b"\xff\xfe{}"),
        ("application/json", b"{not json"),
        ("application/json", b'{"query": 5}'),
        ("application/json", b'{"query": "{ cart { itemCount } }", "variables": [1]}'),
        ("application/json", b'{"query": "{ __typename }", "operationName": {}}'),
        ("application/json; charset=latin-1", QUERY),
        ("text/plain", QUERY),
        ("application/x-www-form-urlencoded", b"query=%7B__typename%7D"),
        ("multipart/form-data; boundary=x", b"--x--"),
        (None, QUERY),
    ],
)
def test_a_malformed_graphql_post_is_bad_request(
    api: Harness, content_type: str | None, body: bytes
) -> None:
    add(api, ALICE)
    before = stored_cart_docs(api)
    headers = {"Authorization": f"Bearer {ALICE}"}
    if content_type is not None:
        headers["Content-Type"] = content_type
    assert_refused(post_raw(api, body, **headers), 400, "BAD_REQUEST")
    assert stored_cart_docs(api) == before


def test_a_well_formed_post_with_a_charset_is_served(api: Harness) -> None:
    response = post_raw(api, QUERY, **{"Content-Type": "application/json; charset=utf-8"})
    assert response.json() == {"data": {"__typename": "Query"}}


def test_a_body_over_the_limit_is_413(api: Harness) -> None:
    padding = "x" * (64 * 1024)
    body = json.dumps({"query": "{ __typename }", "extensions": {"pad": padding}}).encode()
    assert_refused(
        post_raw(api, body, **{"Content-Type": "application/json"}), 413, "PAYLOAD_TOO_LARGE"
    )


def test_a_body_within_a_configured_limit_is_served() -> None:
    with Harness(settings_for_tests(http_max_body_bytes=256 * 1024)) as api:
        padding = "x" * (100 * 1024)
        body = json.dumps({"query": "{ __typename }", "extensions": {"pad": padding}}).encode()
        response = post_raw(api, body, **{"Content-Type": "application/json"})
        assert response.json() == {"data": {"__typename": "Query"}}


# At the ASGI level: how much of a body the edge reads before it refuses.


class Downstream:
    def __init__(self) -> None:
        self.called = False

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.called = True


def drive(
    headers: list[tuple[bytes, bytes]], chunks: Any, limits: EdgeLimits
) -> tuple[list[dict[str, Any]], int, bool]:
    """Send a POST through the edge alone; returns the messages sent, chunks read, app called."""
    read = 0
    sent: list[dict[str, Any]] = []
    app = Downstream()

    async def receive() -> Message:
        nonlocal read
        read += 1
        message: Message = await chunks(read)
        return message

    async def send(message: Message) -> None:
        sent.append(dict(message))

    scope = {"type": "http", "method": "POST", "path": "/graphql", "headers": headers}
    asyncio.run(RequestEdge(app, limits)(scope, receive, send))
    return sent, read, app.called


async def endless(_n: int) -> dict[str, Any]:
    return {"type": "http.request", "body": b"x" * 16_384, "more_body": True}


def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", b"10000000")]
    sent, read, called = drive(headers, endless, EdgeLimits(max_body_bytes=65_536))
    assert (sent[0]["status"], read, called) == (413, 0, False)


def test_a_chunked_body_is_refused_as_soon_as_it_passes_the_limit() -> None:
    headers = [(b"content-type", b"application/json")]
    sent, read, called = drive(headers, endless, EdgeLimits(max_body_bytes=65_536))
    assert (sent[0]["status"], read, called) == (413, 5, False)  # 5 x 16 KiB > 64 KiB


def test_a_body_that_does_not_arrive_in_time_is_408() -> None:
    async def trickle(_n: int) -> dict[str, Any]:
        await asyncio.sleep(0.05)
        return {"type": "http.request", "body": b" ", "more_body": True}

    headers = [(b"content-type", b"application/json")]
    limits = EdgeLimits(max_body_bytes=65_536, body_timeout_seconds=0.3)
    sent, read, called = drive(headers, trickle, limits)
    assert (sent[0]["status"], called) == (408, False)
    assert read < 20


# Authorization and unexpected failures.


def test_two_authorization_headers_are_refused(api: Harness) -> None:
    response = api.run(
        api.http.post(
            "/graphql",
            content=b'{"query": "{ me { id } }"}',
            headers=[
                ("Content-Type", "application/json"),
                ("Authorization", f"Bearer {ALICE}"),
                ("Authorization", "Bearer garbage"),
            ],
        )
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'


def test_an_oversized_token_is_refused(api: Harness) -> None:
    body = api.post({"query": "{ me { id } }"}, token="x" * 8193)
    assert body.status_code == 401


def test_an_unexpected_failure_outside_graphql_is_a_masked_error_with_the_request_id(
    api: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(self: TokenVerifier, token: str) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(TokenVerifier, "verify", broken)
    response = api.post({"query": "{ me { id } }"}, token=ALICE)
    assert_refused(response, 500, "INTERNAL_SERVER_ERROR")
    assert "secret" not in response.text
    assert "Traceback" not in response.text


def test_the_token_size_bound_comes_from_settings() -> None:
    with Harness(settings_for_tests(jwt_max_token_bytes=256)) as api:
        long = make_token("a" * 200)
        assert len(long) > 256
        assert api.post({"query": "{ me { id } }"}, token=long).status_code == 401
        assert api.post({"query": "{ me { id } }"}, token=ALICE).status_code == 200
