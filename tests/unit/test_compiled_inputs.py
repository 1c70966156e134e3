"""The compiled input conversion builds exactly what Strawberry's own conversion builds."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
)
from hypothesis import given
from hypothesis import strategies as st
from strawberry.types.arguments import convert_argument
from strawberry.types.base import StrawberryObjectDefinition

from graphql_api.app.schema import schema
from graphql_api.engine.inputs import _BUILDERS
from graphql_api.graphql.schema import input_classes

CLASSES = {cls.__strawberry_definition__.name: cls for cls in input_classes(schema)}  # type: ignore[attr-defined]


def _values(kind: GraphQLInputType) -> st.SearchStrategy[Any]:
    """Values as graphql-core hands them to Strawberry (coerced: dates as dates, enums as
    members); a nullable one may be null."""
    nullable = not isinstance(kind, GraphQLNonNull)
    inner = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
    strategy: st.SearchStrategy[Any]
    if isinstance(inner, GraphQLList):
        strategy = st.lists(_values(inner.of_type), max_size=3)
    elif isinstance(inner, GraphQLInputObjectType):
        strategy = _objects(inner)
    elif isinstance(inner, GraphQLEnumType):
        strategy = st.sampled_from([value.value for value in inner.values.values()])
    else:
        assert isinstance(inner, GraphQLScalarType)
        strategy = {
            "Int": st.integers(-5, 5),
            "Date": st.dates(date(2026, 1, 1), date(2028, 1, 1)),
        }.get(inner.name, st.text(max_size=5))
    return st.none() | strategy if nullable else strategy


def _objects(kind: GraphQLInputObjectType) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {name: _values(field.type) for name, field in kind.fields.items() if _required(field)},
        optional={
            name: _values(field.type) for name, field in kind.fields.items() if not _required(field)
        },
    )


def _required(field: Any) -> bool:
    return isinstance(field.type, GraphQLNonNull) and field.default_value is None


@contextmanager
def strawberrys_own_conversion() -> Iterator[None]:
    definitions: list[StrawberryObjectDefinition] = [
        cls.__strawberry_definition__  # type: ignore[attr-defined]
        for cls in CLASSES.values()
    ]
    kept = [definition.from_input for definition in definitions]
    for definition in definitions:
        definition.from_input = None
    try:
        yield
    finally:
        for definition, from_input in zip(definitions, kept, strict=True):
            definition.from_input = from_input


def test_every_input_type_is_compiled() -> None:
    assert set(CLASSES.values()) <= set(_BUILDERS)


@pytest.mark.parametrize("name", sorted(CLASSES))
@given(data=st.data())
def test_each_input_type_converts_as_strawberry_converts_it(name: str, data: st.DataObject) -> None:
    kind = schema._schema.get_type(name)
    assert isinstance(kind, GraphQLInputObjectType)
    value = data.draw(_objects(kind))
    cls = CLASSES[name]
    registry = schema.schema_converter.scalar_registry
    compiled = convert_argument(value, cls, registry, schema.config)
    with strawberrys_own_conversion():
        expected = convert_argument(value, cls, registry, schema.config)
    assert compiled == expected
    assert type(compiled) is type(expected)
