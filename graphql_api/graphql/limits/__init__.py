"""Document limits checked before validation and execution, in time linear in the document.

One walk over the operation measures its depth, aliases, fragment spreads and a node budget
(GitHub-style: every object the response can hold, each counted once per item of the lists
above it, with `first` arguments and known list bounds as sizes). Each fragment is measured
once and its measure reused at every spread, so a document whose fragments spread each other
exponentially costs no more to refuse than its own length. Counts saturate at a billion.
"""

from graphql_api.graphql.limits.budget import (
    LIST_SIZE,
    SATURATED,
    UNKNOWN_LIST_SIZE,
    Limits,
    declared_size,
    list_size,
)
from graphql_api.graphql.limits.extensions import (
    DocumentLimits,
    LexicalLimits,
    document_limits,
    lexical_refusal,
)
from graphql_api.graphql.limits.walker import (
    MAX_MERGED_FIELDS,
    Measure,
    _Walker,
    check_document,
    node_cost,
)

__all__ = [
    "LIST_SIZE",
    "MAX_MERGED_FIELDS",
    "SATURATED",
    "UNKNOWN_LIST_SIZE",
    "DocumentLimits",
    "LexicalLimits",
    "Limits",
    "Measure",
    "_Walker",
    "check_document",
    "declared_size",
    "document_limits",
    "lexical_refusal",
    "list_size",
    "node_cost",
]
