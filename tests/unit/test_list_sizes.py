"""One place per fact: a list's largest size is declared on its field, beside the domain
constant that bounds it, and the node budget reads it from there."""

from __future__ import annotations


def test_every_list_of_objects_declares_its_size_beside_the_field() -> None:
    # The node budget reads the size from the field itself (graphql/limits.list_size); a list
    # that neither takes `first` nor declares one would be guessed at.
    from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, get_named_type

    from graphql_api.app.schema import schema
    from graphql_api.graphql.limits import LIST_SIZE

    undeclared = []
    for type_ in schema._schema.type_map.values():
        if not isinstance(type_, GraphQLObjectType) or type_.name.startswith("__"):
            continue
        for name, field in type_.fields.items():
            kind = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
            if not isinstance(kind, GraphQLList) or "first" in field.args:
                continue
            if not isinstance(get_named_type(kind), GraphQLObjectType | type(None)):
                continue
            definition = (field.extensions or {}).get("strawberry-definition")
            if LIST_SIZE not in (getattr(definition, "metadata", None) or {}):
                undeclared.append(f"{type_.name}.{name}")
    assert undeclared == []
