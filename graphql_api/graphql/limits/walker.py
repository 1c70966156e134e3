"""One walk over an operation: its depth, aliases, fragment spreads and node budget, each
fragment measured once and reused at every spread."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

from graphql_api.graphql.limits.budget import SATURATED, Limits, declared_size, refused
from graphql_api.graphql.pagination import MAX_PAGE_SIZE


@dataclass(frozen=True, slots=True)
class Measure:
    depth: int = 0
    aliases: int = 0
    spreads: int = 0
    nodes: int = 0

    def plus(self, other: Measure) -> Measure:
        return Measure(
            max(self.depth, other.depth),
            _sat(self.aliases + other.aliases),
            _sat(self.spreads + other.spreads),
            _sat(self.nodes + other.nodes),
        )


def _sat(value: int) -> int:
    return min(value, SATURATED)


class _TooManySelections(Exception):
    pass


class _TooManyPairs(Exception):
    pass


class _TooManyMerged(Exception):
    pass


# Fields merged into one selection set, fragments spread into it included, at most. Past this
# many the pairs are over any sensible limit anyway (n fields under at most ~130 distinct names,
# aliases included, make at least n^2/260 pairs), and the count stops before fragments that
# spread two others each can expand a set exponentially.
MAX_MERGED_FIELDS = 2_000


class _Walker:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        limits: Limits,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.max_selections = limits.max_selections
        self.max_pairs = limits.max_field_pairs
        self.memo: dict[str, Measure] = {}
        self.visiting: set[str] = set()
        self.visited = 0  # selections looked at: bounded by the document's size
        self.pairs = 0  # same-named field pairs validation will compare
        self.fields_memo: dict[str, list[FieldNode]] = {}
        self.fields_visiting: set[str] = set()

    def selections(self, node: SelectionSetNode | None, parent: Any) -> Measure:
        total = Measure()
        if node is None:
            return total
        self.count_pairs([node])
        for selection in node.selections:
            self.visited += 1
            if self.visited > self.max_selections:
                raise _TooManySelections  # refused whatever the rest holds: stop here
            if isinstance(selection, FieldNode):
                total = total.plus(self.field(selection, parent))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total = total.plus(self.selections(selection.selection_set, inner or parent))
            elif isinstance(selection, FragmentSpreadNode):
                spread = self.fragment(selection.name.value)
                total = total.plus(
                    Measure(spread.depth, spread.aliases, _sat(spread.spreads + 1), spread.nodes)
                )
        return total

    def count_pairs(self, sets: list[SelectionSetNode]) -> None:
        """Count the pairs validation compares: fields answering under one name in these
        selection sets (fragments spread into them included), and, as validation merges such
        fields, the same again in their sub-selections taken together."""
        groups: dict[str, list[FieldNode]] = {}
        for node in sets:
            for field in self.fields_of(node):
                groups.setdefault((field.alias or field.name).value, []).append(field)
        for fields in groups.values():
            if len(fields) < 2:
                continue
            self.pairs += len(fields) * (len(fields) - 1) // 2
            if self.pairs > self.max_pairs:
                raise _TooManyPairs  # refused whatever the rest holds: stop here
            children = [f.selection_set for f in fields if f.selection_set is not None]
            if len(children) > 1:
                self.count_pairs(children)

    def fields_of(self, node: SelectionSetNode) -> list[FieldNode]:
        """The fields of a selection set, with those of its inline fragments and of the
        fragments spread into it (each fragment once, as validation merges them)."""
        fields: list[FieldNode] = []
        spread: set[str] = set()
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                fields.append(selection)
            elif isinstance(selection, InlineFragmentNode):
                fields += self.fields_of(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in spread:
                spread.add(selection.name.value)
                fields += self.fragment_fields(selection.name.value)
            if len(fields) > MAX_MERGED_FIELDS:
                raise _TooManyMerged
        return fields

    def fragment_fields(self, name: str) -> list[FieldNode]:
        if name in self.fields_memo:
            return self.fields_memo[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.fields_visiting:
            return []  # unknown or cyclic: validation reports it
        self.fields_visiting.add(name)
        fields = self.fields_of(definition.selection_set)
        self.fields_visiting.discard(name)
        self.fields_memo[name] = fields
        return fields

    def fragment(self, name: str) -> Measure:
        if name in self.memo:
            return self.memo[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.visiting:
            return Measure()  # unknown or cyclic: validation reports it
        self.visiting.add(name)
        parent = self.schema.get_type(definition.type_condition.name.value)
        measure = self.selections(definition.selection_set, parent)
        self.visiting.discard(name)
        self.memo[name] = measure
        return measure

    def field(self, node: FieldNode, parent: Any) -> Measure:
        name = node.name.value
        alias = 1 if node.alias is not None else 0
        # Introspection (its fields, and every field of its `__` types) is not sized or nested:
        # GraphiQL's own query is deep; production turns introspection off.
        introspection = name.startswith("__") or getattr(parent, "name", "").startswith("__")
        definition = None
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            definition = parent.fields.get(name)
        child_type = get_named_type(definition.type) if definition is not None else None
        child = self.selections(node.selection_set, child_type)
        size = 1
        if definition is not None and not introspection:
            size = self.size(node, parent.name, name, definition)
        depth = 0 if introspection else child.depth + 1
        # Objects count, scalars do not (as GitHub counts nodes).
        own = 1 if node.selection_set is not None else 0
        nodes = _sat(size * (own + child.nodes))
        return Measure(depth, _sat(child.aliases + alias), child.spreads, nodes)

    def size(self, node: FieldNode, parent_name: str, name: str, definition: Any) -> int:
        first = definition.args.get("first")
        if first is not None:
            # Out of range is the resolver's BAD_USER_INPUT; here it only sizes the budget.
            return min(max(1, self.first_value(node, first.default_value)), MAX_PAGE_SIZE)
        kind = definition.type
        if isinstance(kind, GraphQLNonNull):
            kind = kind.of_type
        if isinstance(kind, GraphQLList) and node.selection_set is not None:
            return declared_size(definition)
        return 1

    def first_value(self, node: FieldNode, default: Any) -> int:
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return int(value.value)
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                if isinstance(given, int):
                    return given
        return default if isinstance(default, int) else 1


def check_document(
    schema: GraphQLSchema,
    query: str,
    document: Any,
    variables: Mapping[str, Any] | None,
    limits: Limits,
    operation_name: str | None = None,
) -> tuple[list[GraphQLError], int]:
    """Errors for every limit the operation passes (empty when within all of them), and how
    many selections the walk looked at."""
    errors: list[GraphQLError] = []

    def refuse(what: str, found: int, limit: int, key: str) -> None:
        errors.append(refused(what, found, limit, key))

    size = len(query.encode("utf-8", "surrogatepass"))
    if size > limits.max_query_bytes:
        refuse("bytes of query text", size, limits.max_query_bytes, "queryBytes")
        return errors, 0
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    if len(fragments) > limits.max_fragments:
        refuse("fragment definitions", len(fragments), limits.max_fragments, "fragments")
        return errors, 0
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    walker = _Walker(schema, fragments, variables or {}, limits)
    total = Measure()
    try:
        for operation in operations:
            root = schema.get_root_type(operation.operation)
            total = total.plus(walker.selections(operation.selection_set, root))
        # Fragments no operation uses are measured too: validation would walk them as well.
        for name in fragments:
            walker.fragment(name)
    except _TooManySelections:
        refuse("selections (counting stopped)", walker.visited, limits.max_selections, "selections")
        return errors, walker.visited
    except _TooManyPairs:
        refuse(
            "pairs of fields under one response name (counting stopped)",
            walker.pairs,
            limits.max_field_pairs,
            "fieldPairs",
        )
        return errors, walker.visited
    except _TooManyMerged:
        refuse(
            "fields merged into one selection set through fragments (counting stopped)",
            MAX_MERGED_FIELDS + 1,
            MAX_MERGED_FIELDS,
            "fieldPairs",
        )
        return errors, walker.visited
    if total.spreads > limits.max_spreads:
        refuse("fragment spreads", total.spreads, limits.max_spreads, "spreads")
    if total.depth > limits.max_depth:
        refuse("levels of nesting", total.depth, limits.max_depth, "depth")
    if total.aliases > limits.max_aliases:
        refuse("aliases", total.aliases, limits.max_aliases, "aliases")
    if total.nodes > limits.max_nodes:
        refuse("nodes (counting list sizes and `first`)", total.nodes, limits.max_nodes, "nodes")
    if walker.visited > limits.max_selections:
        refuse("selections", walker.visited, limits.max_selections, "selections")
    return errors, walker.visited


def node_cost(schema: GraphQLSchema, document: Any, variables: Mapping[str, Any]) -> int:
    """The nodes a document's operations count against the budget (lists at their declared
    sizes, `first` as given): what a client planning batches must assume."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    walker = _Walker(schema, fragments, variables, Limits())
    total = Measure()
    for operation in document.definitions:
        if isinstance(operation, OperationDefinitionNode):
            root = schema.get_root_type(operation.operation)
            total = total.plus(walker.selections(operation.selection_set, root))
    return total.nodes
