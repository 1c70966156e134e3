"""The outermost HTTP layer: request ids, bounded bodies, malformed requests, and no bare 500.

`RequestEdge` wraps the whole app. It tags every request with an id, reads a request body itself
(at most the configured size, within the configured time, refused before the rest is read),
rejects GraphQL POSTs that are not a JSON object with 400, and turns anything that escapes the
app into a masked GraphQL error that carries the id. All its answers are GraphQL-shaped JSON.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import time
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphql_api.http.negotiation import GRAPHQL_RESPONSE, JSON, wants_graphql_response
from graphql_api.http.refusals import refusal_body
from graphql_api.infra import metrics, tracing
from graphql_api.infra.log import RequestRecord, record_var, request_id_var

log = logging.getLogger("graphql_api.kernel.errors")
access_log = logging.getLogger("graphql_api.access")

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_BODY_METHODS = {"POST", "PUT", "PATCH"}

# Where a GraphQL POST's body, once read and checked, is kept for the layers inside (request
# state), so that none of them parses it again: read and replaced only through the two
# functions below (the persisted-query layer resolves it, the direct POST executes it).
_CHECKED_POST = "graphql_request"


def checked_post(scope: Scope) -> dict[str, Any] | None:
    """The GraphQL POST body the edge read and checked, or None for any other request."""
    found = scope.get("state", {}).get(_CHECKED_POST)
    return found if isinstance(found, dict) else None


def replace_checked_post(scope: Scope, request: dict[str, Any]) -> None:
    scope.setdefault("state", {})[_CHECKED_POST] = request


@dataclass(frozen=True, slots=True)
class EdgeLimits:
    max_body_bytes: int = 64 * 1024
    body_timeout_seconds: float = 10.0
    request_timeout_seconds: float = 10.0


class Refused(Exception):
    """An answer the HTTP layer gives instead of the app's: status, code, message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class RequestEdge:
    def __init__(self, app: ASGIApp, limits: EdgeLimits, graphql_path: str = "/graphql") -> None:
        self.app = app
        self.limits = limits
        self.graphql_path = graphql_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        incoming = headers.get(b"x-request-id", b"").decode("latin-1")
        # 32 random hex digits, as uuid4().hex but without building a UUID.
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else os.urandom(16).hex()
        scope.setdefault("state", {})["request_id"] = request_id
        token = request_id_var.set(request_id)
        record = RequestRecord()
        record_token = record_var.set(record)
        started = False
        graphql = scope["path"].rstrip("/") == self.graphql_path
        media = (
            GRAPHQL_RESPONSE
            if wants_graphql_response(headers.get(b"accept", b"").decode("latin-1"))
            else JSON
        )
        held: Message | None = None
        held_body: list[bytes] = []
        began = time.perf_counter()
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal started, held, status
            if message["type"] == "http.response.start":
                started = True
                status = int(message["status"])
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
                if graphql and (
                    _is_plain_refusal(message)
                    or (media == GRAPHQL_RESPONSE and 400 <= status < 500)
                ):
                    held = message  # reshaped once its body has arrived
                    return
                if graphql and media == GRAPHQL_RESPONSE:
                    message["headers"] = _with_media_type(message["headers"], media)
            elif held is not None and message["type"] == "http.response.body":
                held_body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                await _reshape(send, held, b"".join(held_body), request_id, media)
                return
            await send(message)

        with tracing.request_span(scope["method"], scope["path"], headers) as span:
            try:
                if scope["method"] in _BODY_METHODS:
                    body = await self._read_body(scope, headers, receive)
                    receive = replay_body(body, receive)
                # A subscription's event stream lasts as long as the client listens: no deadline.
                streaming = graphql and b"text/event-stream" in headers.get(b"accept", b"")
                deadline = None if streaming else self.limits.request_timeout_seconds
                try:
                    # In this task (wait_for would start another for every request).
                    async with asyncio.timeout(deadline):
                        await self.app(scope, receive, send_with_id)
                except TimeoutError:
                    # Every cart and plan write is one atomic write: cut here, nothing is half-done.
                    raise Refused(
                        504,
                        "TIMEOUT",
                        "The request took too long; nothing was left half-done, retry",
                    ) from None
            except Refused as refused:
                record.outcome = record.outcome or refused.code
                log.info("refused request: %s (%s)", refused.code, refused.status)
                if not started:
                    body = refusal_body(refused.message, refused.code, request_id)
                    await respond(send_with_id, refused.status, body)
            except _Disconnected:
                pass
            except Exception:
                record.outcome = "INTERNAL_SERVER_ERROR"
                log.exception("unhandled error (request %s)", request_id)
                if not started:
                    body = refusal_body(
                        "Internal server error", "INTERNAL_SERVER_ERROR", request_id
                    )
                    await respond(send_with_id, 500, body)
            finally:
                seconds = time.perf_counter() - began
                outcome = record.outcome or ("OK" if status < 400 else f"HTTP_{status}")
                if graphql and status:
                    metrics.observe_request(record.operation, outcome, seconds)
                # The path only: a query string may hold GraphQL variables.
                access_log.info(
                    "%s %s %d %.1f ms %s",
                    scope["method"],
                    scope["path"],
                    status,
                    seconds * 1000,
                    outcome,
                    extra={
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status,
                        "duration_ms": round(seconds * 1000, 1),
                        "outcome": outcome,
                    },
                )
                if span is not None:
                    span.set_attribute("http.response.status_code", status)
                    span.set_attribute("graphql.outcome", outcome)
                    if record.operation:
                        span.set_attribute("graphql.operation.name", record.operation)
                record_var.reset(record_token)
                request_id_var.reset(token)

    async def _read_body(
        self, scope: Scope, headers: dict[bytes, bytes], receive: Receive
    ) -> bytes:
        limit = self.limits.max_body_bytes
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            raise _too_large(limit)
        try:
            body = await asyncio.wait_for(_read(receive, limit), self.limits.body_timeout_seconds)
        except TimeoutError:
            raise Refused(
                408, "REQUEST_TIMEOUT", "The request body did not arrive in time"
            ) from None
        if scope["path"].rstrip("/") == self.graphql_path and scope["method"] == "POST":
            request = _check_graphql_post(headers.get(b"content-type", b""), body)
            replace_checked_post(scope, request)
        return body


class _Disconnected(Exception):
    pass


def _too_large(limit: int) -> Refused:
    return Refused(413, "PAYLOAD_TOO_LARGE", f"The request body is larger than {limit:,} bytes")


async def _read(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Disconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def replay_body(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _bad_request(message: str) -> Refused:
    return Refused(400, "BAD_REQUEST", message)


def _check_graphql_post(content_type: bytes, body: bytes) -> dict[str, Any]:
    """A GraphQL POST is a JSON object (the GraphQL-over-HTTP specification's only body)."""
    media, _, params = content_type.decode("latin-1").partition(";")
    if media.strip().lower() != "application/json":
        raise _bad_request("Send the request as JSON with Content-Type: application/json")
    charset = re.search(r"charset=\"?([^\";\s]+)", params, re.IGNORECASE)
    if charset and charset.group(1).lower() not in {"utf-8", "utf8"}:
        raise _bad_request("The request body must be UTF-8")
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise _bad_request("The request body is not valid UTF-8") from None
    except ValueError:
        raise _bad_request("The request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise _bad_request("The request body must be a JSON object with a `query`")
    checks = {
        "query": str,
        "operationName": str,
        "variables": dict,
        "extensions": dict,
    }
    for name, kind in checks.items():
        value = data.get(name)
        if value is not None and not isinstance(value, kind):
            shape = "a string" if kind is str else "an object"
            raise _bad_request(f"`{name}` must be {shape}")
    return data


def _without_data(body: bytes) -> bytes:
    try:
        result = json.loads(body)
    except ValueError:
        return body
    if isinstance(result, dict) and "data" in result and result["data"] is None:
        del result["data"]
        return json.dumps(result).encode()
    return body


def _is_plain_refusal(message: Message) -> bool:
    status = int(message["status"])
    content_type = dict(message.get("headers", [])).get(b"content-type", b"")
    return 400 <= status < 500 and content_type.startswith(b"text/plain")


def _with_media_type(headers: list[tuple[bytes, bytes]], media: str) -> list[tuple[bytes, bytes]]:
    kept = [(name, value) for name, value in headers if name.lower() != b"content-type"]
    return [*kept, (b"content-type", f"{media}; charset=utf-8".encode())]


async def _reshape(send: Send, start: Message, content: bytes, request_id: str, media: str) -> None:
    """A refusal as the client's media type wants it: the GraphQL library's plain-text ones
    (no query, a mutation over GET, ...) as GraphQL-shaped JSON, a mutation over GET as 405
    allowed by POST only; and under the GraphQL response media type without a `data` entry,
    since nothing was executed."""
    status = int(start["status"])
    if _is_plain_refusal(start):
        code = "METHOD_NOT_ALLOWED" if status == 405 else "BAD_REQUEST"
        body = refusal_body(content.decode("utf-8", "replace"), code, request_id)
    else:
        body = content
    if media == GRAPHQL_RESPONSE:
        body = _without_data(body)
    headers = [
        (name, value)
        for name, value in start["headers"]
        if name.lower() not in {b"content-type", b"content-length"}
    ]
    headers += [
        (b"content-type", f"{media}; charset=utf-8".encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    if status == 405:
        headers.append((b"allow", b"POST"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def respond(send: Send, status: int, body: bytes) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if status in {408, 413}:
        # The rest of that body is not wanted: end the connection rather than read it.
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
