"""What clients see of errors: coded errors pass, unexpected ones are masked and logged."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from inspect import isawaitable
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from graphql_api.graphql.statuses import answer_status
from graphql_api.infra import metrics, tracing
from graphql_api.infra.log import current_record
from graphql_api.infra.mongo import timed_out, unreachable
from graphql_api.kernel.errors import RequestError

log = logging.getLogger("graphql_api.kernel.errors")

INTERNAL_MESSAGE = "Internal server error"


def is_unexpected(error: GraphQLError) -> bool:
    """An exception escaped a resolver: not a coded GraphQL error, not a request error, not
    the database being out of reach."""
    original = error.original_error
    return (
        original is not None
        and not isinstance(original, GraphQLError | RequestError)
        and not unreachable(original)
        and not timed_out(original)
        and error.path is not None
    )


def is_unavailable(error: GraphQLError) -> bool:
    return error.original_error is not None and unreachable(error.original_error)


def is_timeout(error: GraphQLError) -> bool:
    return error.original_error is not None and timed_out(error.original_error)


def _coded(error: GraphQLError) -> GraphQLError:
    """An error a resolver raised that clients must see with its code: the database out of
    time or out of reach, or a domain request error."""
    original = error.original_error
    if is_timeout(error):
        message = "The database did not answer in time; nothing was left half-done, retry"
        extensions: dict[str, Any] = {"code": "TIMEOUT"}
    elif is_unavailable(error):
        message, extensions = (
            "The database cannot be reached; retry shortly",
            {"code": "UNAVAILABLE"},
        )
    elif isinstance(original, RequestError):
        message = original.message
        extensions = {"code": original.code, **original.extensions}
    else:
        return error
    return GraphQLError(
        message, nodes=error.nodes, path=error.path, original_error=original, extensions=extensions
    )


def _request_code(error: GraphQLError) -> str:
    if error.original_error is not None:
        return "BAD_USER_INPUT"  # a variable that failed to coerce, e.g. a malformed Date
    if error.message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    return "GRAPHQL_VALIDATION_FAILED"


_REASONS = {
    "GRAPHQL_PARSE_FAILED": "parse",
    "GRAPHQL_VALIDATION_FAILED": "validation",
    "BAD_USER_INPUT": "variables",
}


def _rejection_reason(error: GraphQLError) -> str:
    extensions = error.extensions or {}
    if "limit" in extensions:
        return str(extensions["limit"])
    if "tokens" in error.message:
        return "tokens"
    return _REASONS.get(str(extensions.get("code")), "other")


def log_errors(errors: list[GraphQLError], request_id: str | None) -> None:
    for error in errors:
        if is_unexpected(error):
            log.error(
                "unhandled error at %s (request %s)",
                ".".join(str(p) for p in error.path or []),
                request_id,
                exc_info=error.original_error,
            )
        else:
            error = _coded(error)
            log.info(
                "graphql error code=%s", (error.extensions or {}).get("code", _request_code(error))
            )


def _drop_tracebacks(error: BaseException) -> None:
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        item = pending.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        item.__traceback__ = None
        pending += [item.__cause__, item.__context__, getattr(item, "original_error", None)]


_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


class ErrorShaping(SchemaExtension):
    """Masks unexpected errors (with a request id) and gives every error `extensions.code`."""

    # Production hides "Did you mean ...?" hints, which would spell out the schema.
    hide_suggestions = False

    def on_operation(self) -> Iterator[None]:
        yield
        result: Any = self.execution_context.result
        errors = getattr(result, "errors", None)
        record = current_record()
        if record is not None:
            record.operation = self.execution_context.operation_name
        if errors:
            context = self.execution_context.context
            request_id = getattr(context, "request_id", None)
            result.errors = [self._shape(error, request_id) for error in errors]
            response = getattr(context, "response", None)
            if response is not None:
                request = getattr(context, "request", None)
                accept = request.headers.get("accept") if request is not None else None
                status, headers = answer_status(result.errors, result.data, accept)
                if status != 200:
                    response.status_code = status
                response.headers.update(headers)
            if self.hide_suggestions:
                for error in result.errors:
                    error.message = _SUGGESTION.sub("", error.message)
            first = (result.errors[0].extensions or {}).get("code")
            if record is not None:
                record.outcome = str(first)
            if getattr(result, "data", None) is None and all(e.path is None for e in errors):
                metrics.REJECTED.labels(_rejection_reason(result.errors[0])).inc()
            # Logged by now. A traceback holds the frames that raised, which hold the error: a
            # reference cycle that would keep the request's objects alive until a collection.
            for error in errors:
                _drop_tracebacks(error)
        elif record is not None:
            record.outcome = "OK"

    @staticmethod
    def _shape(error: GraphQLError, request_id: str | None) -> GraphQLError:
        if is_unexpected(error):
            return GraphQLError(
                INTERNAL_MESSAGE,
                nodes=error.nodes,
                path=error.path,
                extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
            )
        error = _coded(error)
        extensions = error.extensions or {}
        if not extensions.get("code"):
            extensions = {**extensions, "code": _request_code(error)}
        # Every error names the request, as every refusal body does (http/refusals.py).
        if request_id is not None:
            extensions = {**extensions, "requestId": request_id}
        error.extensions = extensions
        return error


def error_shaping(*, hide_suggestions: bool) -> type[ErrorShaping]:
    """The extension class for this setting (one class per schema, so caches can hit)."""
    return type("ConfiguredErrorShaping", (ErrorShaping,), {"hide_suggestions": hide_suggestions})


class FieldTracing(SchemaExtension):
    """A span per top-level field (the resolvers that reach the database). Added to the schema
    only while tracing is on: a resolve hook costs every field of every request."""

    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        if info.path.prev is not None:
            return _next(root, info, *args, **kwargs)
        parent = info.parent_type.name

        async def traced() -> Any:
            with tracing.field_span(parent, info.field_name):
                result = _next(root, info, *args, **kwargs)
                return await result if isawaitable(result) else result

        return traced()
