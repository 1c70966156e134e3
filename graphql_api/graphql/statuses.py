"""The HTTP status of a GraphQL answer, decided in one place, once the answer is complete, from
its errors' codes. Permissions, extensions and resolvers raise or return coded errors and never
touch the response; the HTTP side's own refusals (before any GraphQL) are http/refusals.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graphql import GraphQLError

from graphql_api.http.negotiation import wants_graphql_response
from graphql_api.infra.mongo import RETRY_AFTER_SECONDS
from graphql_api.kernel.errors import RequestError

# The first of these codes an answer holds decides its status, most pressing first: a client
# that waits (429, 503) or re-authenticates (401) learns it from the status alone.
STATUS_BY_CODE: tuple[tuple[str, int], ...] = (
    ("RATE_LIMITED", 429),
    ("BAD_REQUEST", 400),
    ("TIMEOUT", 504),
    ("UNAVAILABLE", 503),
    ("UNAUTHENTICATED", 401),
)


class RateLimited(RequestError):
    """Too many changes for now; `retry_after` seconds is when a token is back."""

    code = "RATE_LIMITED"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def answer_status(
    errors: Sequence[GraphQLError], data: Any, accept: str | None
) -> tuple[int, dict[str, str]]:
    """The status and headers for an answer with these (shaped, coded) errors."""
    codes = {(e.extensions or {}).get("code") for e in errors}
    for code, status in STATUS_BY_CODE:
        if code in codes:
            return status, _headers(code, errors)
    if data is None and all(e.path is None for e in errors) and wants_graphql_response(accept):
        # Refused before execution (parse, validation, variables): under the GraphQL response
        # media type that is a 400; plain application/json keeps 200.
        return 400, {}
    return 200, {}


def _headers(code: str, errors: Sequence[GraphQLError]) -> dict[str, str]:
    if code == "UNAUTHENTICATED":
        return {"WWW-Authenticate": "Bearer"}
    if code == "UNAVAILABLE":
        return {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if code == "RATE_LIMITED":
        waits = [
            e.original_error.retry_after
            for e in errors
            if isinstance(e.original_error, RateLimited)
        ]
        return {"Retry-After": str(max(waits, default=1))}
    return {}
