"""The compiled completion of plain-data subtrees answers exactly as graphql-core does."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import strawberry

from graphql_api.app.schema import build_schema
from graphql_api.engine.execution import _PLANS, FastExecutionContext
from tests.conftest import make_token
from tests.harness import Harness

ALICE = make_token("alice")

QUERIES = [
    "query Cart { cart { id revision itemCount totalQuantity updatedAt"
    " subtotals { amount currencyCode }"
    " items { id serviceId quantity bookingDate participants specialRequests version available"
    " unitPrice { amount currencyCode } subtotal { amount currencyCode } service { id name } } } }",
    "query Plans { journeyPlans(first: 5) { edges { cursor node { id title status"
    " allowedTransitions statusHistory { from to at } totalCost { amount currencyCode }"
    " services { serviceId bookingDate quantity unitPrice { amount } subtotal { currencyCode }"
    " service { name } } } } pageInfo { hasNextPage endCursor } } }",
    "query Aliased { a: cart { n: itemCount items { __typename q: quantity } }"
    " b: cart { revision } }",
    "query Fragments { cart { ...C } } fragment C on Cart { items { ...L id } } "
    "fragment L on CartItem { quantity unitPrice { ... on Money { amount } } }",
    "query Directives($yes: Boolean!) { cart { items { quantity id @include(if: $yes) "
    "unitPrice @skip(if: $yes) { amount } } } }",
    "query Catalog { services(first: 3) { edges { node { id name category price { amount } "
    "location { country region } active maxParticipants } } } }",
]


def seed(api: Harness) -> None:
    for service, day in [
        ("6500000064656d6f00000001", "2027-03-14"),
        ("6500000064656d6f00000002", "2027-03-15"),
    ]:
        line = {"serviceId": service, "bookingDate": day, "quantity": 2}
        api.execute(
            "mutation A($i: CartItemAddInput!) { cartItemAdd(input: $i) { __typename } }",
            {"i": line},
            token=ALICE,
        )
    api.execute(
        "mutation P($i: JourneyPlanCreateInput!) { journeyPlanCreate(input: $i) { __typename } }",
        {
            "i": {
                "country": "Italy",
                "title": "Rome",
                "services": [{"serviceId": "6500000064656d6f0000000d", "quantity": 2}],
            }
        },
        token=ALICE,
    )


@pytest.mark.parametrize("query", QUERIES)
def test_both_completions_give_the_same_answer(api: Harness, query: str) -> None:
    seed(api)
    from graphql_api.graphql.auth import Traveler
    from graphql_api.graphql.context import Context

    answers = []
    # The fast paths last: switching them off restores every shared input class's conversion.
    for fast in (False, True):
        schema = build_schema(fast_paths=fast)
        for variables in ({"yes": True}, {"yes": False}):
            context = Context(
                db=api.mongo.db,
                settings=api.settings,
                traveler=Traveler(id="alice"),
                request_id="-",
            )
            result = api.run(
                schema.execute(query, variable_values=variables, context_value=context)
            )
            assert not result.errors, result.errors
            answers.append((fast, variables["yes"], result.data))
    by_variant = {(f, y): data for f, y, data in answers}
    assert _PLANS, "the compiled completion was never used"
    for yes in (True, False):
        assert by_variant[(True, yes)] == by_variant[(False, yes)]
    assert by_variant[(True, True)] != by_variant[(True, False)] or "Directives" not in query


@strawberry.type
class Broken:
    name: str  # declared non-null, but the object holds None
    count: int


@strawberry.type
class Query:
    @strawberry.field
    def broken(self) -> Broken | None:
        return Broken(name=None, count=1)  # type: ignore[arg-type]

    @strawberry.field
    def fine(self) -> list[Broken]:
        return [Broken(name="a", count=1), Broken(name="b", count=2)]


def run(schema: strawberry.Schema, query: str) -> Any:
    return asyncio.run(schema.execute(query))


def test_a_value_the_schema_forbids_falls_back_to_graphql_core_and_its_error() -> None:
    fast = strawberry.Schema(query=Query, execution_context_class=FastExecutionContext)
    plain = strawberry.Schema(query=Query)
    query = "{ broken { name count } fine { name count } }"
    fast_result, plain_result = run(fast, query), run(plain, query)
    assert (
        fast_result.data
        == plain_result.data
        == {
            "broken": None,
            "fine": [{"name": "a", "count": 1}, {"name": "b", "count": 2}],
        }
    )
    assert [e.message for e in fast_result.errors] == [e.message for e in plain_result.errors]
    assert [e.path for e in fast_result.errors] == [["broken", "name"]]
