"""Builds the one schema from the domains' parts of Query, Mutation and Subscription (app/domains.py
names them),
with the request limits and extensions."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import DisableIntrospection, SchemaExtension
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.execution import ExecutionContext

from graphql_api import engine
from graphql_api.engine.execution import FastExecutionContext
from graphql_api.engine.inputs import compile_inputs, restore_inputs
from graphql_api.graphql.limits import Limits, document_limits
from graphql_api.graphql.masking import FieldTracing, error_shaping, log_errors
from graphql_api.graphql.ratelimit import RateLimiter, mutation_rate_limit
from graphql_api.graphql.scalars import SCALAR_OVERRIDES
from graphql_api.graphql.transports import transport_rules
from graphql_api.infra import tracing


def composed(name: str, parts: Sequence[type]) -> type:
    """One GraphQL object type with the fields of every part, in order."""
    return strawberry.type(type(name, tuple(parts), {}))


class ApiSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        context: Any = execution_context.context if execution_context else None
        log_errors(errors, getattr(context, "request_id", None))


def build_schema(
    queries: Sequence[type],
    mutations: Sequence[type],
    subscriptions: Sequence[type] = (),
    *,
    introspection: bool = True,
    suggestions: bool = True,
    limits: Limits | None = None,
    limiter: RateLimiter | None = None,
    fast_paths: bool = True,
    trusted: Collection[str] | None = None,
) -> ApiSchema:
    """The schema with its request limits; introspection and "Did you mean" hints can be
    turned off (production does), and the fast paths into library internals (engine/).
    `trusted`: the texts a WebSocket may run in trusted-documents mode."""
    fast = engine.usable(fast_paths)
    limits = limits or Limits()
    lexical, checked = document_limits(limits)
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        error_shaping(hide_suggestions=not suggestions),
        # Before the parser, and the parser itself (each distinct text is parsed once) ...
        lexical,
        mutation_rate_limit(limiter),
        transport_rules(trusted),
    ]
    if not introspection:
        extensions.append(DisableIntrospection)
    if tracing.enabled():
        extensions.append(FieldTracing)
    # ... and after every extension that adds validation rules.
    extensions.append(checked)
    built = ApiSchema(
        query=composed("Query", queries),
        mutation=composed("Mutation", mutations),
        subscription=composed("Subscription", subscriptions) if subscriptions else None,
        extensions=extensions,
        scalar_overrides=SCALAR_OVERRIDES,
        execution_context_class=FastExecutionContext if fast else None,
    )
    converter = built.schema_converter
    if fast:
        compile_inputs(input_classes(built), converter.scalar_registry, built.config)
    else:
        restore_inputs(input_classes(built))
    return built


def input_classes(built: strawberry.Schema) -> list[type]:
    """The Python classes of the schema's input types."""
    return [
        kind.definition.origin
        for kind in built.schema_converter.type_map.values()
        if isinstance(kind.definition, StrawberryObjectDefinition) and kind.definition.is_input
    ]
