"""Error codes, the GraphQL `Error` interface and shared error types, and domain exceptions."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
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


# Top-level GraphQL errors: authentication, request problems and retryable conditions.


class CodedGraphQLError(GraphQLError):
    """A top-level GraphQL error with `extensions.code`; never masked."""

    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message, extensions={"code": self.code, **extensions})


class BadUserInput(CodedGraphQLError):
    code = "BAD_USER_INPUT"


class Unauthenticated(CodedGraphQLError):
    code = "UNAUTHENTICATED"


class Unavailable(CodedGraphQLError):
    """A transient condition; the client should retry the same request later."""

    code = "UNAVAILABLE"


# Domain exceptions: raised by services, returned to clients as typed union members.


@dataclass(frozen=True, slots=True)
class Issue:
    field: tuple[str, ...]
    message: str


class DomainError(Exception):
    code: ErrorCode

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    code = ErrorCode.INVALID_INPUT

    def __init__(self, issues: Sequence[Issue]) -> None:
        fields = ", ".join(".".join(i.field) for i in issues)
        super().__init__(f"Invalid input: {fields}")
        self.issues = list(issues)


class NotFound(DomainError):
    code = ErrorCode.NOT_FOUND


class ServiceNotBookable(DomainError):
    code = ErrorCode.SERVICE_NOT_BOOKABLE

    def __init__(self, service_id: str, message: str) -> None:
        super().__init__(message)
        self.service_id = service_id


class LimitExceeded(DomainError):
    code = ErrorCode.LIMIT_EXCEEDED

    def __init__(self, message: str, limit: int) -> None:
        super().__init__(message)
        self.limit = limit


class VersionConflict(DomainError):
    code = ErrorCode.VERSION_CONFLICT

    def __init__(self, message: str, current: Any) -> None:
        super().__init__(message)
        self.current = current


class IdempotencyKeyReused(DomainError):
    code = ErrorCode.IDEMPOTENCY_KEY_REUSED


@dataclass
class IssueCollector:
    """Gathers every invalid field so a client sees all of them at once."""

    issues: list[Issue] = field(default_factory=list)

    def add(self, path: Sequence[str], message: str) -> None:
        self.issues.append(Issue(tuple(path), message))

    def raise_if_any(self) -> None:
        if self.issues:
            raise InvalidInput(self.issues)


# GraphQL error types shared by every domain.


@strawberry.interface(description="Implemented by every typed error a mutation can return.")
class Error:
    code: ErrorCode = strawberry.field(description="Machine-readable error code.")
    message: str = strawberry.field(description="Human-readable explanation.")


@strawberry.type(description="One invalid input field.")
class InputIssue:
    field: list[str] = strawberry.field(
        description="Path of the field, e.g. ['input', 'quantity']."
    )
    message: str


@strawberry.type(description="The input is invalid; `issues` lists every invalid field.")
class ValidationError(Error):
    issues: list[InputIssue]


@strawberry.type(description="No such object for this traveler.")
class NotFoundError(Error):
    pass


@strawberry.type(description="The service is unknown, malformed or inactive.")
class ServiceNotBookableError(Error):
    service_id: strawberry.ID


@strawberry.type(description="A limit would be exceeded; `limit` is the bound.")
class LimitExceededError(Error):
    limit: int


@strawberry.type(
    description="This idempotency key was already used with a different input or operation."
)
class IdempotencyKeyReusedError(Error):
    pass


def shared_error_type(error: DomainError) -> Error | None:
    """The GraphQL type of a domain error that is not specific to one domain."""
    if isinstance(error, InvalidInput):
        return ValidationError(
            code=error.code,
            message=error.message,
            issues=[InputIssue(field=list(i.field), message=i.message) for i in error.issues],
        )
    if isinstance(error, NotFound):
        return NotFoundError(code=error.code, message=error.message)
    if isinstance(error, ServiceNotBookable):
        return ServiceNotBookableError(
            code=error.code, message=error.message, service_id=strawberry.ID(error.service_id)
        )
    if isinstance(error, LimitExceeded):
        return LimitExceededError(code=error.code, message=error.message, limit=error.limit)
    if isinstance(error, IdempotencyKeyReused):
        return IdempotencyKeyReusedError(code=error.code, message=error.message)
    return None


_mutation_log = logging.getLogger("graphql_api.mutations")


def failure_result(operation: str, error: DomainError, specific: Error | None = None) -> Error:
    """The typed error a failed mutation returns (`specific` for domain-only types), logged once
    with its code and never with the input."""
    _mutation_log.info("mutation %s failed: %s", operation, error.code.value)
    result = specific if specific is not None else shared_error_type(error)
    if result is None:  # pragma: no cover - every domain error has a type
        raise error
    return result


def error_to_doc(error: DomainError) -> dict[str, Any]:
    """A shared domain error as stored data, so an idempotent replay can return it again."""
    doc: dict[str, Any] = {"code": error.code.value, "message": error.message}
    if isinstance(error, InvalidInput):
        doc["issues"] = [{"field": list(i.field), "message": i.message} for i in error.issues]
    elif isinstance(error, ServiceNotBookable):
        doc["service_id"] = error.service_id
    elif isinstance(error, LimitExceeded):
        doc["limit"] = error.limit
    return doc


def error_from_doc(doc: dict[str, Any]) -> DomainError:
    code = ErrorCode(doc["code"])
    if code is ErrorCode.INVALID_INPUT:
        return InvalidInput([Issue(tuple(i["field"]), i["message"]) for i in doc["issues"]])
    if code is ErrorCode.SERVICE_NOT_BOOKABLE:
        return ServiceNotBookable(doc["service_id"], doc["message"])
    if code is ErrorCode.LIMIT_EXCEEDED:
        return LimitExceeded(doc["message"], doc["limit"])
    raise ValueError(f"not a stored error code: {code.value}")
