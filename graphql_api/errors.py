"""Error codes, the GraphQL `Error` interface, and the exceptions that carry a code."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from graphql import GraphQLError


@strawberry.enum(description="Machine-readable error codes.")
class ErrorCode(Enum):
    INVALID_INPUT = "INVALID_INPUT"
    NOT_FOUND = "NOT_FOUND"
    SERVICE_NOT_BOOKABLE = "SERVICE_NOT_BOOKABLE"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    VERSION_CONFLICT = "VERSION_CONFLICT"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    PLAN_LOCKED = "PLAN_LOCKED"


@strawberry.interface(description="Implemented by every typed error a mutation can return.")
class Error:
    code: ErrorCode = strawberry.field(description="Machine-readable error code.")
    message: str = strawberry.field(description="Human-readable explanation.")


class CodedGraphQLError(GraphQLError):
    """A top-level GraphQL error with `extensions.code`; never masked."""

    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message, extensions={"code": self.code, **extensions})


class BadUserInput(CodedGraphQLError):
    code = "BAD_USER_INPUT"


class Unauthenticated(CodedGraphQLError):
    code = "UNAUTHENTICATED"
