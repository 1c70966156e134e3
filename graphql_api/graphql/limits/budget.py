"""The limits and the node budget's sizes: what a document may hold, and how large each list of
the response can be."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError

SATURATED = 10**9

# Object lists without a `first` argument declare their largest size on the field, beside the
# domain constant that bounds them: `strawberry.field(metadata=list_size(MAX_LINES))`. A list
# that declares none counts as UNKNOWN_LIST_SIZE.
LIST_SIZE = "max_list_size"
UNKNOWN_LIST_SIZE = 100


def list_size(largest: int) -> dict[str, int]:
    """A list field's metadata for the node budget: it holds at most `largest` items (1 for a
    connection's edges and a feed's page, whose `first` is already counted)."""
    return {LIST_SIZE: largest}


def declared_size(definition: Any) -> int:
    """The size a field of the built schema declared with list_size, or UNKNOWN_LIST_SIZE."""
    field = (definition.extensions or {}).get("strawberry-definition")
    size = getattr(field, "metadata", None) or {}
    found = size.get(LIST_SIZE)
    return found if isinstance(found, int) else UNKNOWN_LIST_SIZE


@dataclass(frozen=True, slots=True)
class Limits:
    """Defaults as in settings; see the configuration table in docs/operations.md."""

    max_query_bytes: int = 16 * 1024
    max_fragments: int = 50
    max_spreads: int = 500
    max_depth: int = 12
    max_aliases: int = 100
    max_tokens: int = 700
    max_nodes: int = 10_000
    # Field selections written in the document (each fragment once): validation compares
    # fields that share a response name pairwise: quadratic in the number of such fields.
    max_selections: int = 500
    # Pairs of fields sharing a response name in one selection set (fragments spread into it
    # included): validation compares each such pair, so hundreds of `__typename(a: N)`
    # with different arguments add up. Documents clients write have a few.
    max_field_pairs: int = 1_000


def refused(what: str, found: int, limit: int, key: str) -> GraphQLError:
    shown = f"more than {SATURATED:,}" if found >= SATURATED else f"{found:,}"
    return GraphQLError(
        f"Query is too large: {shown} {what} (at most {limit:,})",
        extensions={"code": "GRAPHQL_VALIDATION_FAILED", "limit": key},
    )
