"""Document limits: every hostile shape is refused before validation, at a cost linear in the
document (the analysis is counted, not timed)."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import get_introspection_query, parse

from graphql_api.app.schema import schema
from graphql_api.graphql.limits import MAX_MERGED_FIELDS, Limits, _Walker, check_document
from tests.conftest import make_token
from tests.harness import Harness, settings_for_tests

ALICE = make_token("alice")


def fragment_chain(levels: int) -> str:
    """Each fragment spreads the next twice: 2**levels spreads once expanded."""
    parts = ["query { ...F0 }"]
    for n in range(levels):
        parts.append(f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}")
    parts.append(f"fragment F{levels} on Query {{ __typename }}")
    return "\n".join(parts)


def refusal(api: Harness, query: str, variables: dict[str, Any] | None = None) -> str:
    body = api.execute(query, variables, token=ALICE)
    assert body.get("data") is None, body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED", error
    limit: str = error["extensions"]["limit"]
    return limit


def test_an_exponential_fragment_chain_is_refused_without_expanding_it(api: Harness) -> None:
    query = fragment_chain(42)  # 43 fragments, 2**42 spreads once expanded
    body = api.execute(query)  # no token needed to try it
    assert body["errors"][0]["extensions"]["limit"] == "spreads"
    errors, visited = check_document(schema._schema, query, parse(query), {}, Limits())
    assert [e.extensions["limit"] for e in errors if e.extensions] == ["spreads"]
    # Each fragment's selections are looked at once: linear in the document, not in 2**42.
    assert visited <= 2 * 44


@pytest.mark.parametrize(
    ("query", "limit"),
    [
        ("query {" + " ".join(f"a{n}: __typename" for n in range(101)) + "}", "aliases"),
        (
            "query { ...F0 }\n"
            + "\n".join(f"fragment F{n} on Query {{ __typename }}" for n in range(51)),
            "fragments",
        ),
        (
            # 20 + 20 x 30 spreads once expanded, from 50 written.
            "fragment F on Query { __typename }\nfragment G on Query {"
            + " ...F" * 30
            + " }\nquery {"
            + " ...G" * 20
            + " }",
            "spreads",
        ),
        (
            "query { journeyPlans(first: 100) { edges { node { id services { service { name }"
            " } statusHistory { at } } } } }",
            "nodes",
        ),
        # Valid and small in every other way, but validation would compare them pairwise.
        ("query {" + " __typename" * 46 + " }", "fieldPairs"),
        # The same, with different arguments, through two fragments spread into one set.
        (
            "query { ...A ...B }\nfragment A on Query {"
            + " ".join(f"__typename(a{n}: 1)" for n in range(23))
            + " }\nfragment B on Query {"
            + " ".join(f"__typename(b{n}: 1)" for n in range(23))
            + " }",
            "fieldPairs",
        ),
        # 45 pairs of carts, but validation merges their 10 x 14 sub-fields: 9,730 more.
        ("query {" + (" cart { " + "__typename " * 14 + "}") * 10 + " }", "fieldPairs"),
    ],
    ids=[
        "aliases",
        "fragments",
        "spreads",
        "nodes",
        "same-named",
        "same-named-in-fragments",
        "same-named-below-same-named",
    ],
)
def test_each_limit_is_enforced(api: Harness, query: str, limit: str) -> None:
    assert refusal(api, query) == limit


def test_selections_are_counted_and_the_count_stops_at_the_limit() -> None:
    # With pairs allowed, so that the selection count is what refuses it.
    query = "query {" + " __typename" * 501 + " }"
    limits = Limits(max_field_pairs=10**6)
    errors, visited = check_document(schema._schema, query, parse(query), {}, limits)
    assert [e.extensions["limit"] for e in errors if e.extensions] == ["selections"]
    assert visited == 501  # the walk stops at the first selection over the limit


@pytest.mark.parametrize(
    "query",
    [
        "query {" + " __typename" * 45 + " }",  # 990 pairs
        "query { cart { id } cart { revision } cart { id revision } }",  # 3 + 1 + 1
    ],
)
def test_pairs_within_the_limit_pass(query: str) -> None:
    errors, _ = check_document(schema._schema, query, parse(query), {}, Limits())
    assert errors == []


def test_depth_counts_through_fragments(api: Harness) -> None:
    nested = "query { cart { ...A } }\n" + "fragment A on Cart { items { service { location {"
    nested += " country } } } }"
    assert "errors" not in api.execute(nested, token=ALICE)
    deep = "query { journeyPlans { edges { node { ...P } } } }\n"
    deep += "fragment P on JourneyPlan { services { service { price { amount } } } }"
    assert "errors" not in api.execute(deep, token=ALICE)
    too_deep = "query { journeyPlans { edges { node { ...P } } } }\n"
    too_deep += "fragment P on JourneyPlan { services { ...S } }\n"
    too_deep += "fragment S on PlannedService { service { location { country } } }\n"
    limits = Limits(max_depth=6)
    errors, _ = check_document(schema._schema, too_deep, parse(too_deep), {}, limits)
    assert [e.extensions["limit"] for e in errors if e.extensions] == ["depth"]


def test_the_node_budget_reads_first_from_variables(api: Harness) -> None:
    query = """
    query ($n: Int!) {
      journeyPlans(first: $n) { edges { node { services { service { name } } } } }
    }
    """
    assert refusal(api, query, {"n": 100}) == "nodes"
    assert "errors" not in api.execute(query, {"n": 5}, token=ALICE)


def test_a_full_introspection_query_still_runs_in_development(api: Harness) -> None:
    body = api.execute(get_introspection_query(descriptions=True))
    assert "errors" not in body
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


def test_limits_come_from_settings() -> None:
    with Harness(settings_for_tests(graphql_max_query_bytes=2048)) as api:
        long = 'query { services(country: "' + "x" * 3000 + '") { edges { cursor } } }'
        assert refusal(api, long) == "queryBytes"
    with Harness(settings_for_tests(graphql_max_depth=2, graphql_max_aliases=1)) as api:
        assert refusal(api, "query { a: __typename b: __typename }") == "aliases"
        assert refusal(api, "query { cart { items { id } } }") == "depth"


@pytest.mark.parametrize(
    ("query", "limit"),
    [
        ("query { " + "a " * 3000 + "}", "tokens"),
        ("query { " + "{ " * 40 + "}" * 40 + " }", "depth"),
    ],
    ids=["tokens", "braces"],
)
def test_plainly_oversized_documents_are_refused_before_parsing(
    api: Harness, query: str, limit: str
) -> None:
    from graphql_api.graphql.limits import Limits, lexical_refusal

    refused = lexical_refusal(query, Limits())
    assert refused is not None
    assert (refused.extensions or {})["limit"] == limit
    assert refusal(api, query) == limit


def test_comments_do_not_count_as_tokens() -> None:
    from graphql_api.graphql.limits import Limits, lexical_refusal

    commented = "# " + "x " * 5000 + "\nquery Me { me { id } }"
    assert lexical_refusal(commented, Limits()) is None


def test_fragments_that_each_spread_two_others_are_refused_without_expanding_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # F_i and G_i each spread F_(i-1) and G_(i-1): 2^i fields merged into one set.
    fragments = ["fragment F0 on Query { __typename }", "fragment G0 on Query { a: __typename }"]
    for i in range(1, 22):
        fragments += [f"fragment {name}{i} on Query {{ ...F{i - 1} ...G{i - 1} }}" for name in "FG"]
    query = "query Q { ...F21 }\n" + "\n".join(fragments)
    merged: list[int] = []
    original = _Walker.fragment_fields

    def counted(walker: _Walker, name: str) -> list[Any]:
        fields = original(walker, name)
        merged.append(len(fields))
        return fields

    monkeypatch.setattr(_Walker, "fragment_fields", counted)
    limits = Limits(max_fragments=100, max_tokens=100_000)
    errors, _ = check_document(schema._schema, query, parse(query), {}, limits)
    assert [e.extensions["limit"] for e in errors if e.extensions] == ["fieldPairs"]
    # Merged lists stop growing at the cap: linear in the document, not 2^21 fields.
    assert sum(merged) <= 50 * MAX_MERGED_FIELDS
