"""Input objects built by converters compiled once per input type.

Strawberry turns a mutation's `input` into its input class by looking up, for every field of
every request, the field's GraphQL name and resolved type (docs/performance.md has its cost). The
same conversion is compiled here once per input type (through Strawberry's own `from_input`
hook) for the shapes this schema uses: scalars, enums, lists, optionals and nested inputs.
Anything else (Maybe, GlobalID, a type with its own `from_input`) keeps Strawberry's path. A test
compares both conversions on every input type.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING
from typing import Any

from strawberry.relay.types import GlobalID
from strawberry.scalars import is_scalar
from strawberry.schema.config import StrawberryConfig
from strawberry.types.base import (
    StrawberryList,
    StrawberryMaybe,
    StrawberryObjectDefinition,
    StrawberryOptional,
    has_object_definition,
)
from strawberry.types.enum import StrawberryEnumDefinition, has_enum_definition
from strawberry.types.lazy_type import LazyType
from strawberry.types.unset import UNSET

Convert = Callable[[Any], Any]
Build = Callable[[type, Mapping[str, Any]], Any]

# Per input class, for every schema built in this process (the classes are shared).
_BUILDERS: dict[type, Build] = {}


class _Unsupported(Exception):
    """A type this module leaves to Strawberry."""


def _same(value: Any) -> Any:
    return value


class _Compiler:
    def __init__(self, registry: Mapping[object, Any], config: StrawberryConfig) -> None:
        self.registry = registry
        self.config = config

    def converter(self, kind: Any) -> Convert:
        """What Strawberry's `convert_argument` does for a value of `kind`."""
        if isinstance(kind, StrawberryMaybe) or kind is GlobalID:
            raise _Unsupported
        if isinstance(kind, LazyType):
            return self.converter(kind.resolve_type())
        if isinstance(kind, StrawberryOptional):
            return self.converter(kind.of_type)  # None and UNSET pass through below as well
        if isinstance(kind, StrawberryList):
            item = self.converter(kind.of_type)
            if item is _same:
                # Copied: graphql-core hands every request the same default list.
                return lambda value: value if value is None or value is UNSET else list(value)
            return lambda value: (
                value if value is None or value is UNSET else [item(v) for v in value]
            )
        if (
            is_scalar(kind, self.registry)
            or isinstance(kind, StrawberryEnumDefinition)
            or has_enum_definition(kind)
        ):
            return _same
        if has_object_definition(kind):
            build = _BUILDERS.get(kind)
            if build is None:
                definition: StrawberryObjectDefinition = kind.__strawberry_definition__
                if not definition.is_input or definition.from_input is not None:
                    raise _Unsupported  # not an input, or one that builds itself
                build = self.builder(kind)
            return lambda value: value if value is None or value is UNSET else build(kind, value)
        raise _Unsupported

    def builder(self, cls: type) -> Build:
        if cls in _BUILDERS:
            return _BUILDERS[cls]
        definition: StrawberryObjectDefinition = cls.__strawberry_definition__  # type: ignore[attr-defined]
        plan: list[tuple[str, str, Convert]] = []
        implicit: dict[str, None] = {}

        def build(target: type, value: Mapping[str, Any]) -> Any:
            kwargs: dict[str, Any] = dict(implicit)
            for graphql_name, python_name, convert in plan:
                if graphql_name in value:
                    kwargs[python_name] = convert(value[graphql_name])
            return target(**kwargs)

        _BUILDERS[cls] = build  # before the fields: an input may contain itself
        try:
            for field in definition.fields:
                if field.default_value is MISSING and field.default_factory is MISSING:
                    # Strawberry's implicit None; graphql-core has checked required fields.
                    implicit[field.python_name] = None
                kind = field.resolve_type(type_definition=definition)
                name = self.config.name_converter.from_field(field)
                plan.append((name, field.python_name, self.converter(kind)))
        except _Unsupported:
            del _BUILDERS[cls]
            raise
        return build


def restore_inputs(types: list[type]) -> None:
    """Give the compiled classes among `types` Strawberry's own conversion back (the fast paths
    switched off: the compiled hook is on the classes, which every schema shares)."""
    for cls in types:
        if _BUILDERS.pop(cls, None) is not None:
            cls.__strawberry_definition__.from_input = None  # type: ignore[attr-defined]


def compile_inputs(
    types: list[type], registry: Mapping[object, Any], config: StrawberryConfig
) -> list[type]:
    """Give each input class a compiled `from_input`; the classes that got one."""
    compiler = _Compiler(registry, config)
    compiled = []
    for cls in types:
        definition: StrawberryObjectDefinition = cls.__strawberry_definition__  # type: ignore[attr-defined]
        if cls in _BUILDERS:
            compiled.append(cls)
            continue
        if not definition.is_input or definition.from_input is not None:
            continue
        try:
            build = compiler.builder(cls)
        except _Unsupported:
            continue
        definition.from_input = lambda target, value, _context, build=build: build(target, value)
        compiled.append(cls)
    return compiled
