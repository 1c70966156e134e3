"""The answers for requests refused before execution: a bad token, an unreachable key server,
the database away; each is a refusal body (http/refusals.py) with its HTTP status."""

from __future__ import annotations

import logging

from fastapi import Request
from fastapi.responses import Response

from graphql_api.graphql.auth import AuthenticationFailed, AuthUnavailable
from graphql_api.http.refusals import refusal_response
from graphql_api.infra.log import current_record
from graphql_api.infra.mongo import RETRY_AFTER_SECONDS

log = logging.getLogger(__name__)


def _graphql_error_response(status: int, message: str, code: str, **headers: str) -> Response:
    record = current_record()
    if record is not None:
        record.outcome = code
    return refusal_response(status, message, code, headers)


class DatabaseUnavailable(Exception):
    """The database cannot serve requests yet (not reachable, or not migrated)."""


def refusal(exc: Exception) -> Response | None:
    """The answer for a request refused before execution (token, keys, database), or None."""
    if isinstance(exc, AuthenticationFailed):
        log.info("rejected bearer token: %s", exc)
        return _graphql_error_response(
            401,
            f"Invalid bearer token: {exc}",
            "UNAUTHENTICATED",
            **{"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    if isinstance(exc, AuthUnavailable):
        return _graphql_error_response(503, str(exc), "UNAVAILABLE", **{"Retry-After": "5"})
    if isinstance(exc, DatabaseUnavailable):
        return _graphql_error_response(
            503, str(exc), "UNAVAILABLE", **{"Retry-After": str(RETRY_AFTER_SECONDS)}
        )
    return None


async def refusal_handler(_request: Request, exc: Exception) -> Response:
    answer = refusal(exc)
    if answer is None:  # pragma: no cover - registered for the refusals only
        raise exc
    return answer
