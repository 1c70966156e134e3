"""Domain errors: what services raise. Plain Python; graphql/errors.py maps them.

Two kinds: `DomainError`s are answers about the input, returned as typed members of a mutation's
result union; `RequestError`s are about the request as a whole (bad arguments to a query, a
transient condition) and become top-level GraphQL errors with `extensions.code`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class ErrorCode(Enum):
    """Machine-readable error codes."""

    INVALID_INPUT = "INVALID_INPUT"
    NOT_FOUND = "NOT_FOUND"
    SERVICE_NOT_BOOKABLE = "SERVICE_NOT_BOOKABLE"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    VERSION_CONFLICT = "VERSION_CONFLICT"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    PLAN_LOCKED = "PLAN_LOCKED"
    CART_HAS_WARNINGS = "CART_HAS_WARNINGS"


# Request errors: top-level GraphQL errors with `extensions.code`.


class RequestError(Exception):
    """A problem with the request as a whole; `extensions` go to the client beside `code`."""

    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extensions = extensions


class BadUserInput(RequestError):
    code = "BAD_USER_INPUT"


class Unavailable(RequestError):
    """A transient condition; the client should retry the same request later."""

    code = "UNAVAILABLE"


# Domain exceptions: raised by services, returned to clients as typed union members.


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem, at a path in the domain's own snake_case names: into the request's input
    (`("items", "0", "booking_date")`) or, with `about="state"`, into stored state (`("cart",)`).
    The GraphQL layer spells it the API's way."""

    field: tuple[str, ...]
    message: str
    about: Literal["input", "state"] = "input"


class DomainError(Exception):
    code: ErrorCode

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    code = ErrorCode.INVALID_INPUT

    def __init__(self, issues: Sequence[Issue]) -> None:
        fields = ", ".join(".".join(i.field) for i in issues)
        super().__init__(f"Invalid input: {fields}")  # the API's message is built from its paths
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


def raises(*errors: type[DomainError]) -> Callable[[F], F]:
    """Declares the domain errors a service method can raise; a test holds the result union of
    the mutation it serves to exactly these."""

    def mark(method: F) -> F:
        method.raises = errors  # type: ignore[attr-defined]
        return method

    return mark


@dataclass
class IssueCollector:
    """Gathers every invalid field so a client sees all of them at once."""

    issues: list[Issue] = field(default_factory=list)

    def add(self, path: Sequence[str], message: str) -> None:
        """An issue with the request's input at `path`."""
        self.issues.append(Issue(tuple(path), message))

    def raise_if_any(self) -> None:
        if self.issues:
            raise InvalidInput(self.issues)


def error_to_doc(error: DomainError) -> dict[str, Any]:
    """A shared domain error as stored data, so an idempotent replay can return it again."""
    doc: dict[str, Any] = {"code": error.code.value, "message": error.message}
    if isinstance(error, InvalidInput):
        doc["issues"] = [
            {"path": list(i.field), "about": i.about, "message": i.message} for i in error.issues
        ]
    elif isinstance(error, ServiceNotBookable):
        doc["service_id"] = error.service_id
    elif isinstance(error, LimitExceeded):
        doc["limit"] = error.limit
    return doc


def error_from_doc(doc: dict[str, Any]) -> DomainError:
    code = ErrorCode(doc["code"])
    if code is ErrorCode.INVALID_INPUT:
        return InvalidInput([_stored_issue(i) for i in doc["issues"]])
    if code is ErrorCode.SERVICE_NOT_BOOKABLE:
        return ServiceNotBookable(doc["service_id"], doc["message"])
    if code is ErrorCode.LIMIT_EXCEEDED:
        return LimitExceeded(doc["message"], doc["limit"])
    raise ValueError(f"not a stored error code: {code.value}")


def _stored_issue(doc: dict[str, Any]) -> Issue:
    if "path" in doc:
        return Issue(tuple(doc["path"]), doc["message"], doc["about"])
    # Stored before issue paths were domain terms (until 24 h after that release, the longest a
    # keyed result is replayed): the API's spelling, `["input", "bookingDate"]` or `["cart"]`.
    field = [_snake(part) for part in doc["field"]]
    if field[:1] == ["input"]:
        return Issue(tuple(field[1:]), doc["message"])
    return Issue(tuple(field), doc["message"], "state")


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "_" + m.group(1).lower(), name)
