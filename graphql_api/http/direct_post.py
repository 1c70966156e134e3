"""GraphQL POSTs executed straight from the body the edge has already read and checked.

Strawberry's HTTP view, behind a FastAPI route, costs a route match, dependency solving, a second
JSON parse and header scans on every request: about a fifth of the CPU of a small mutation. This
layer runs an ordinary POST (a JSON object with a query, persisted queries already resolved) on
the same schema, with the same context, status codes, headers and body as the view gives. Anything
else (GET, GraphiQL, a streaming Accept, a body without a query) goes on to the view.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry import Schema
from strawberry.exceptions import MissingQueryError
from strawberry.http import process_result
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType

from graphql_api.graphql.context import Context
from graphql_api.http.edge import checked_post
from graphql_api.http.refusals import refusal_body

POST_OPERATIONS = OperationType.from_http("POST")
# Accept values that ask Strawberry for a streamed answer: those stay with its view.
_STREAMING = (b"multipart/mixed", b"text/event-stream")


def _streaming(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"accept" and any(kind in value for kind in _STREAMING):
            return True
    return False


class DirectPost:
    def __init__(
        self,
        app: ASGIApp,
        schema: Schema,
        context_for: Callable[[Request], Awaitable[Context]],
        refusal: Callable[[Exception], Response | None],
        path: str = "/graphql",
    ) -> None:
        self.app = app
        self.schema = schema
        self.context_for = context_for
        self.refusal = refusal
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        data = self._request_data(scope)
        if data is None:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            context = await self.context_for(request)
        except Exception as exc:
            refused = self.refusal(exc)
            if refused is None:
                raise
            await refused(scope, receive, send)
            return
        # The answer's head: graphql/statuses.py sets its status and headers from the errors.
        sub_response = Response()
        del sub_response.headers["content-length"]
        context.request = request
        context.response = sub_response
        try:
            result = await self.schema.execute(
                data["query"],
                variable_values=data.get("variables"),
                context_value=context,
                operation_name=data.get("operationName"),
                allowed_operation_types=POST_OPERATIONS,
                operation_extensions=data.get("extensions"),
            )
        except CannotGetOperationTypeError as error:
            await _refused(send, error.as_http_error_reason())
            return
        except InvalidOperationTypeError as error:
            await _refused(send, error.as_http_error_reason("POST"))
            return
        except MissingQueryError:
            await _refused(send, "No GraphQL query found in the request")
            return
        body = json.dumps(process_result(result), separators=(",", ":")).encode()
        headers = [
            (b"content-length", str(len(body)).encode()),
            (b"content-type", b"application/json"),
            *sub_response.headers.raw,
        ]
        status = sub_response.status_code
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _request_data(self, scope: Scope) -> dict[str, Any] | None:
        """The checked body of a POST this layer serves, or None for the view's."""
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or scope["path"].rstrip("/") != self.path
        ):
            return None
        data = checked_post(scope)
        if data is None or not isinstance(data.get("query"), str):
            return None
        if _streaming(scope):
            return None
        return data


async def _refused(send: Send, reason: str) -> None:
    """A request the schema cannot run as sent: the refusal body, as every refusal has it."""
    body = refusal_body(reason, "BAD_REQUEST")
    headers = [
        (b"content-length", str(len(body)).encode()),
        (b"content-type", b"application/json; charset=utf-8"),
    ]
    await send({"type": "http.response.start", "status": 400, "headers": headers})
    await send({"type": "http.response.body", "body": body})
