"""The limits as schema extensions: a lexical check and a cached parse before anything parses a
document, then the walk and graphql-core's validation, cached per request shape."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse, validate
from strawberry.extensions import SchemaExtension

from graphql_api.graphql.limits.budget import Limits, refused
from graphql_api.graphql.limits.walker import check_document

# GraphQL's tokens (comments last, so they are told apart and not counted); commas are ignored.
_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|\.\.\.|[!$&():=@\[\]{|}]|-?\d[\w.+-]*|[_A-Za-z]\w*|#[^\n]*"
)


def lexical_refusal(query: str, limits: Limits) -> GraphQLError | None:
    """Refuse before parsing what is plainly too large: too many tokens, or braces nested far
    beyond the depth limit (the parser is recursive). Linear in the text."""
    size = len(query.encode("utf-8", "surrogatepass"))
    if size > limits.max_query_bytes:
        return refused("bytes of query text", size, limits.max_query_bytes, "queryBytes")
    if len(query) <= limits.max_tokens and query.count("{") <= 2 * limits.max_depth + 1:
        return None  # a token is at least a character long: nothing to count
    tokens: list[str] = []
    for match in _TOKEN.finditer(query):
        token = match.group()
        if token[0] != "#":
            tokens.append(token)
            if len(tokens) > limits.max_tokens:
                # Stop here: the rest of the document costs nothing more to refuse.
                return refused(
                    "tokens (counting stopped)", len(tokens), limits.max_tokens, "tokens"
                )
    # Fields and inline fragments each open a brace: twice the depth, plus the operation's.
    braces = max(accumulate((1 if t == "{" else -1) for t in tokens if t in "{}"), default=0)
    if braces > 2 * limits.max_depth + 1:
        return refused("levels of nesting", braces, limits.max_depth, "depth")
    return None


@lru_cache(maxsize=512)
def _parse(query: str, max_tokens: int) -> DocumentNode:
    """Each distinct query text is parsed once (clients send the same few documents)."""
    return parse(query, max_tokens=max_tokens)


_NAME = re.compile(r"[_A-Za-z]\w*")


def _stand_in(operation_name: str | None) -> DocumentNode:
    """A document to stand where a refused one would be parsed, so the refusal takes the usual
    path (validation errors, HTTP 400), never a parse."""
    name = operation_name if operation_name and _NAME.fullmatch(operation_name) else ""
    return _parse(f"query {name} {{ __typename }}", 10)


class LexicalLimits(SchemaExtension):
    """Refuses plainly oversized documents before anything parses them, and parses the rest
    through a cache (first in the list)."""

    limits = Limits()

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query is not None and context.graphql_document is None:
            # Parsing is costly per token in pure Python: count first, with one regex.
            refusal = lexical_refusal(query, self.limits)
            if refusal is not None:
                context.graphql_document = _stand_in(context.operation_name)
                context.pre_execution_errors = [refusal]
            else:
                try:
                    context.graphql_document = _parse(query, self.limits.max_tokens)
                except GraphQLError as error:
                    # A syntax error (or the parser's own token limit): reported as the usual
                    # parse would, without parsing again.
                    context.graphql_document = _stand_in(context.operation_name)
                    context.pre_execution_errors = [error]
        yield


# What the limits and validation say about a query depends only on its text (parsed once by
# `_parse`), the operation chosen, the integer variables (`first`) and the rules: each distinct
# request shape is checked once. Keys are strings and small tuples, cheap to hash.
@lru_cache(maxsize=512)
def _checked(
    schema: GraphQLSchema,
    query: str,
    operation_name: str | None,
    numbers: tuple[tuple[str, int], ...],
    limits: Limits,
    rules: tuple[Any, ...],
) -> list[GraphQLError]:
    document = _parse(query, limits.max_tokens)
    errors, _ = check_document(schema, query, document, dict(numbers), limits, operation_name)
    if not errors and rules:
        errors = validate(schema, document, rules)
    return errors


class DocumentLimits(SchemaExtension):
    """Refuses documents over the limits before graphql-core validates them (some of its rules
    also walk fragment spreads again at every use), then validates; both cached. Last in the
    list, so that every rule other extensions add is in place."""

    limits = Limits()

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        query = context.query
        if document is not None and query is not None and context.pre_execution_errors is None:
            numbers = tuple(
                sorted((k, v) for k, v in (context.variables or {}).items() if type(v) is int)
            )
            context.pre_execution_errors = _checked(
                context.schema._schema,
                query,
                context.operation_name,
                numbers,
                self.limits,
                tuple(context.validation_rules),
            )
        yield


def document_limits(limits: Limits) -> tuple[type[LexicalLimits], type[DocumentLimits]]:
    """The extension classes for these limits: one pair per schema, so validation caches hit."""
    return (
        type("ConfiguredLexicalLimits", (LexicalLimits,), {"limits": limits}),
        type("ConfiguredDocumentLimits", (DocumentLimits,), {"limits": limits}),
    )
