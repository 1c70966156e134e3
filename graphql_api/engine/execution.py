"""Faster completion of plain-data subtrees of a GraphQL response.

graphql-core completes every field through the same generic path (resolve info, resolver call,
value completion), a few microseconds a field; a page of 20 plans has ~1,100 fields. Most of ours
are plain attributes of already-built objects. For an object whose selected fields are all such
attributes (Strawberry's basic fields: no resolver, no arguments), with no directives anywhere
below it, the completion is compiled once into nested closures and reused for every request with
the same (cached) document. Anything unusual (a null where the schema says non-null, a value a
scalar refuses) falls back to graphql-core for that object, which then reports it as usual.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from typing import Any, cast

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfoHelpers,
    InlineFragmentNode,
    SelectionSetNode,
    Undefined,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

Complete = Callable[[Any], Any]


class _Fallback(Exception):
    """This value needs graphql-core's own completion (and its error reporting)."""


_PLANS: dict[tuple[Any, ...], tuple[Sequence[Any], Complete | None]] = {}
MAX_PLANS = 2048


def _leaf(kind: GraphQLLeafType) -> Complete:
    coerce = kind.coerce_output_value

    def complete(value: Any) -> Any:
        if value is None:
            return None
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise _Fallback
        return coerced

    return complete


def _non_null(inner: Complete) -> Complete:
    def complete(value: Any) -> Any:
        if value is None:
            raise _Fallback
        return inner(value)

    return complete


def _list(inner: Complete) -> Complete:
    def complete(value: Any) -> Any:
        if value is None:
            return None
        return [inner(item) for item in value]

    return complete


def _directive_free(selections: SelectionSetNode | None, fragments: dict[str, Any]) -> bool:
    if selections is None:
        return True
    for selection in selections.selections:
        if selection.directives:
            return False
        if isinstance(selection, FragmentSpreadNode):
            details = fragments.get(selection.name.value)
            if (
                details is None
                or details.variable_signatures
                or getattr(selection, "arguments", None)
            ):
                return False
            fragment = details.definition
            if fragment.directives or not _directive_free(fragment.selection_set, fragments):
                return False
        elif isinstance(selection, FieldNode | InlineFragmentNode) and not _directive_free(
            selection.selection_set, fragments
        ):
            return False
    return True


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # graphql-core gives resolvers this executor's own bound methods, a reference cycle
        # that keeps each request's whole object graph (context, loaders, documents, result)
        # alive until a garbage collection, whose pauses then stall every request in flight.
        # Weak references let it all go when the request ends.
        executor = weakref.ref(self)

        def gather(values: Any) -> Any:
            return cast(FastExecutionContext, executor()).gather_async_work(values)

        def track(values: Any) -> None:
            cast(FastExecutionContext, executor()).track_async_work(values)

        self.async_helpers = GraphQLResolveInfoHelpers(gather=gather, track=track)

    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        plan = (
            self._plan(return_type, field_details_list) if return_type.is_type_of is None else None
        )
        if plan is not None:
            try:
                return plan(result)
            except _Fallback:
                pass
        return super().complete_object_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def _plan(self, return_type: GraphQLObjectType, field_details_list: Any) -> Complete | None:
        nodes = [details.node for details in field_details_list]
        key = (id(self.schema), return_type.name, *map(id, nodes))
        cached = _PLANS.get(key)
        # The nodes are kept with the plan: matching them by identity means a document that was
        # dropped from the parse cache can never lend its plan to a new one.
        if cached is not None and all(a is b for a, b in zip(cached[0], nodes, strict=True)):
            return cached[1]
        plan = self._compile(return_type, field_details_list)
        if len(_PLANS) >= MAX_PLANS:
            _PLANS.clear()
        _PLANS[key] = (nodes, plan)
        return plan

    def _compile(self, return_type: GraphQLObjectType, field_details_list: Any) -> Complete | None:
        fragments = self.fragments
        for details in field_details_list:
            if details.node.directives or not _directive_free(
                details.node.selection_set, fragments
            ):
                return None
        grouped, defers, _ = self.collect_subfields(return_type, field_details_list)
        if defers:
            return None
        fields: list[tuple[str, str | None, Any, Complete | None]] = []
        for key, group in grouped.items():
            node = group[0].node
            name = node.name.value
            if name == "__typename":
                fields.append((key, None, return_type.name, None))
                continue
            definition = return_type.fields.get(name)
            if definition is None or node.arguments:
                return None
            resolve = definition.resolve
            strawberry_field = definition.extensions.get("strawberry-definition")
            if resolve is None or not getattr(resolve, "_is_default", False):
                return None
            python_name = getattr(strawberry_field, "python_name", None)
            if not python_name:
                return None
            complete = self._compile_type(definition.type, group)
            if complete is None:
                return None
            fields.append((key, python_name, None, complete))

        def plan(source: Any) -> dict[str, Any]:
            data: dict[str, Any] = {}
            for key, attribute, constant, complete in fields:
                if attribute is None:
                    data[key] = constant
                else:
                    data[key] = complete(getattr(source, attribute))  # type: ignore[misc]
            return data

        return plan

    def _compile_type(self, kind: GraphQLOutputType, group: Any) -> Complete | None:
        if isinstance(kind, GraphQLNonNull):
            inner = self._compile_type(kind.of_type, group)
            return _non_null(inner) if inner is not None else None
        if isinstance(kind, GraphQLList):
            inner = self._compile_type(kind.of_type, group)
            return _list(inner) if inner is not None else None
        if isinstance(kind, GraphQLLeafType):
            return _leaf(kind)
        if isinstance(kind, GraphQLObjectType) and kind.is_type_of is None:
            sub = self._plan(kind, group)
            if sub is None:
                return None
            object_plan = sub

            def complete(value: Any) -> Any:
                return None if value is None else object_plan(value)

            return complete
        return None  # interfaces and unions: graphql-core resolves their type
