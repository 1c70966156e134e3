"""The GraphQL side of errors: the `Error` interface, the shared error types, and the one
mapping from domain errors to result-union members (domains register their own types)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from functools import singledispatch
from typing import Annotated, Any, ParamSpec, TypeVar, Union, cast, get_type_hints

import strawberry
from strawberry.utils.str_converters import to_camel_case

from graphql_api.graphql.limits import list_size
from graphql_api.kernel.errors import (
    DomainError,
    ErrorCode,
    IdempotencyKeyReused,
    InvalidInput,
    Issue,
    LimitExceeded,
    NotFound,
    ServiceNotBookable,
)

# A validation error has an issue per invalid field: the node budget sizes the list at this many.
ISSUES_BUDGET = 20

# The domain's plain enum, exposed as the GraphQL enum `ErrorCode`.
strawberry.enum(ErrorCode, name="ErrorCode", description="Machine-readable error codes.")


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
    issues: list[InputIssue] = strawberry.field(metadata=list_size(ISSUES_BUDGET))


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


@singledispatch
def error_type(error: DomainError) -> Error:
    """The result-union member for a domain error; each domain registers its own types."""
    raise TypeError(f"no GraphQL type for {type(error).__name__}")  # pragma: no cover


def api_path(issue: Issue) -> list[str]:
    """A domain issue path in the API's spelling: input paths start at the mutation's `input`
    argument, and names are camelCase as in the schema (list indexes stay)."""
    root = ["input"] if issue.about == "input" else []
    return [*root, *(to_camel_case(part) for part in issue.field)]


@error_type.register
def _(error: InvalidInput) -> ValidationError:
    paths = [api_path(i) for i in error.issues]
    return ValidationError(
        code=error.code,
        message="Invalid input: " + ", ".join(".".join(p) for p in paths),
        issues=[
            InputIssue(field=p, message=i.message) for p, i in zip(paths, error.issues, strict=True)
        ],
    )


@error_type.register
def _(error: NotFound) -> NotFoundError:
    return NotFoundError(code=error.code, message=error.message)


@error_type.register
def _(error: ServiceNotBookable) -> ServiceNotBookableError:
    return ServiceNotBookableError(
        code=error.code, message=error.message, service_id=strawberry.ID(error.service_id)
    )


@error_type.register
def _(error: LimitExceeded) -> LimitExceededError:
    return LimitExceededError(code=error.code, message=error.message, limit=error.limit)


@error_type.register
def _(error: IdempotencyKeyReused) -> IdempotencyKeyReusedError:
    return IdempotencyKeyReusedError(code=error.code, message=error.message)


_mutation_log = logging.getLogger("graphql_api.mutations")


def failure_result(operation: str, error: DomainError) -> Error:
    """The typed error a failed mutation returns, logged once with its code, never the input."""
    _mutation_log.info("mutation %s failed: %s", operation, error.code.value)
    return error_type(error)


P = ParamSpec("P")
R = TypeVar("R")


def typed_failures(resolver: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """A mutation resolver whose domain errors come back as the typed members of its result
    union, logged once under the field's own name: no try/except and no name typed by hand in
    each resolver. That each union lists what its service raises is a test's (test_error_unions)."""

    @functools.wraps(resolver)
    async def resolve(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await resolver(*args, **kwargs)
        except DomainError as error:
            info = next(a for a in (*args, *kwargs.values()) if isinstance(a, strawberry.Info))
            return cast(R, failure_result(info.field_name, error))

    return resolve


def error_class(error: type[DomainError]) -> type:
    """The GraphQL type the one mapping turns `error` into."""
    returned: type = get_type_hints(error_type.dispatch(error))["return"]
    return returned


def result_union(name: str, success: type, served_by: Callable[..., Any]) -> Any:
    """A mutation's result union, derived: its success type, then the typed error of each domain
    error its service method declares with @raises, in that order."""
    members = (success, *(error_class(error) for error in served_by.raises))  # type: ignore[attr-defined]
    return Annotated[Union[members], strawberry.union(name)]  # noqa: UP007 - built at run time
