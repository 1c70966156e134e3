"""The body of every refusal the HTTP side gives (edge, token, database, persisted queries, the
router): a GraphQL-shaped error with its code and the request's id, built here and nowhere else,
so a client can quote the id of whatever refused it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

from graphql_api.infra.log import request_id_var

# Codes for the statuses the routing itself answers with (no GraphQL involved).
STATUS_CODES = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


def current_request_id() -> str | None:
    """The id the edge gave this request, or None outside one."""
    request_id = request_id_var.get()
    return None if request_id == "-" else request_id


def refusal_body(message: str, code: str, request_id: str | None = None) -> bytes:
    extensions: dict[str, Any] = {"code": code}
    request_id = request_id if request_id is not None else current_request_id()
    if request_id is not None:
        extensions["requestId"] = request_id
    body = {"data": None, "errors": [{"message": message, "extensions": extensions}]}
    return json.dumps(body).encode()


def refusal_response(
    status: int, message: str, code: str, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(
        refusal_body(message, code),
        status_code=status,
        headers=dict(headers or {}),
        media_type="application/json",
    )
